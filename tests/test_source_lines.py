"""Findings on TEI that convert wrote name the plain-text source line; long lines are shown around the place."""

from __future__ import annotations

from tei_edition.console import caret_lines
from tei_edition.diagnostics import Span, error
from tei_edition.validate.run import Options, validate_bytes
from tests.conftest import CORPUS

DOC = CORPUS / "000-lenin-1917-05-08-soviets"


def test_a_finding_names_the_source_line_it_came_from():
    xml = (DOC / "edition.xml").read_bytes().replace(b'target="#m.gap4"', b'target="#nowhere"')
    result = validate_bytes(xml, "edition.xml", Options())
    dangling = [d for d in result.diagnostics if d.code == "E302"]
    assert len(dangling) == 1
    source = (DOC / "source.txt").read_text("utf-8").splitlines()
    line = int(dangling[0].hint.rsplit(" ", 1)[1])
    assert "from source.txt line" in dangling[0].hint and "Marx’s words are being confirmed....{4}" in source[line - 1]


def test_foreign_tei_has_no_source_line():
    from tests.conftest import need_shared

    data = need_shared("samples", "tei", "07_dta_soldatenbriefe_letter-161.xml").read_bytes()
    result = validate_bytes(data, "letter.xml", Options())
    assert result.diagnostics and not any("from source.txt" in (d.hint or "") for d in result.diagnostics)


def test_a_long_line_is_shown_around_the_place():
    text = "a" * 500 + "<gap/>" + "b" * 500
    lines = caret_lines(error("E305", "x", Span("f.xml", 1, 501, 4, text)))
    assert lines[0].startswith("  …") and lines[0].endswith("…") and len(lines[0]) < 140
    assert lines[0][lines[1].index("^")] == "<" and lines[1].count("^") == 4
