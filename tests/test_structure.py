"""The reader's block tests written for speed say what their plain forms say (tei_edition/reader/conventions.py,
blocks.py, sections.py).

Lists, verse, datelines and salutes are tried on every block of a letter; their fast forms (one regex over the block,
counts of line ends, a look at the last characters before the regex) must accept exactly the same blocks.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tei_edition.reader.blocks import is_verse as _is_verse
from tei_edition.reader.conventions import Conventions
from tei_edition.reader.profile import load_profile

CONVENTIONS = load_profile("gutenberg").structure
DATELINE, SALUTE, LIST_BLOCK, LIST_LINE = CONVENTIONS.dateline, CONVENTIONS.salute, CONVENTIONS.list_block, CONVENTIONS.list_line

LINE = st.one_of(
    st.sampled_from(
        [
            "1. First",
            "12. a b",
            "- item",
            "* star",
            "• bullet",
            "1.  two spaces",
            "1.",
            "a. no",
            "  indented",
            "   deeper",
            "Dear Sir,",
            "My dear friend!--",
            "SIR,--",
            "Vienna, May 3, 1819.",
            "3rd June 1820",
            "Baden, July 1824.",
            "Yours,",
            "",
            "12345. too long",
        ]
    ),
    st.text(st.sampled_from("1.-*• aZ,!:—\t"), min_size=1, max_size=12),
)
BLOCK = st.lists(LINE.filter(bool), min_size=1, max_size=5).map("\n".join)


@settings(max_examples=500, deadline=None, derandomize=True)
@given(BLOCK)
def test_fast_block_tests_agree_with_their_plain_forms(text):
    lines = text.split("\n")
    assert bool(LIST_BLOCK.fullmatch(text)) == all(LIST_LINE.match(line) for line in lines)
    assert _is_verse(text) == all(line.startswith("  ") for line in lines)
    fresh = Conventions(load_profile("gutenberg"))  # (answers not kept from an earlier example)
    assert fresh.is_dateline(text) == bool(DATELINE.match(text))
    assert fresh.is_salute(text) == bool(SALUTE.match(text))


def test_examples_are_what_they_look_like():
    assert LIST_BLOCK.fullmatch("1. Bread\n2. Peace\n- Land")
    assert not LIST_BLOCK.fullmatch("1. Bread\nand peace")
    assert CONVENTIONS.is_dateline("Vienna, May 3, 1819.") and CONVENTIONS.is_salute("My dear friend!--")
    assert CONVENTIONS.is_salute("SIR,--") and not CONVENTIONS.is_dateline("I came to Vienna in May 1819 and stayed.")


@settings(max_examples=500, deadline=None, derandomize=True)
@given(st.text(st.sampled_from("ab \n"), max_size=40))
def test_blocks_are_the_runs_of_non_empty_lines(text):
    import re

    from tei_edition.reader.blocks import split_blocks

    blocks, trailing = split_blocks(text)
    runs = list(re.finditer(r"[^\n]+(?:\n[^\n]+)*", text))
    assert [(b.text, b.start) for b in blocks] == [(m.group(), m.start()) for m in runs]
    ends = [0] + [m.end() for m in runs]
    assert [b.blank_before for b in blocks] == [(m.start() - ends[i]) + (1 if i == 0 else -1) for i, m in enumerate(runs)]
    assert trailing == (len(text) - runs[-1].end() if runs else 0)


def test_literal_first_character_of_a_pattern():
    from tei_edition.reader.notes import literal_first as _literal_first

    assert _literal_first(r"^\[Footnote (?P<n>\d{1,6}): ") == "["
    assert _literal_first(r"Note \d+") == "N"
    assert _literal_first(r"^\[?Footnote") is None  # optional bracket
    assert _literal_first(r"A|B") is None and _literal_first(r"A*x") is None
    assert _literal_first(r"(?:\[|\{)\d") is None and _literal_first(r"\d+\.") is None and _literal_first("") is None
