"""SourceText: line and column of an offset, counted for the first lookups and from a table after, the same either way."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tei_edition.source import SourceText, TextFile


def expected(text: str, offset: int) -> tuple[int, int]:
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.text(st.sampled_from("ab\n é"), max_size=60), st.lists(st.integers(0, 60), min_size=1, max_size=40))
def test_line_and_column_by_counting_and_by_table_agree(text, offsets):
    source = SourceText("s.txt", text, TextFile(), [])
    for offset in offsets:
        offset = min(offset, len(text))
        assert source.line_col(offset) == expected(text, offset)


def test_the_table_is_made_once_lookups_have_read_the_text():
    text = "one\ntwo\n" * 1000
    source = SourceText("s.txt", text, TextFile(), [])
    source.line_col(10)
    assert source._line_starts is None  # a lookup near the start: counted
    for _ in range(3):
        source.line_col(len(text) - 1)
    assert source._line_starts is not None  # lookups far in: the table
    assert source._line_starts[:3] == [0, 4, 8] and len(source._line_starts) == 2001
    assert source.line_col(len(text) - 1) == (2000, 4)
    span = source.span(4, 7)
    assert (span.line, span.column, span.length, span.line_text) == (2, 1, 3, "two")
