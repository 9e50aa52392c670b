"""Many findings (issue 16): the terminal shows the first few of each code and a count; --report, JSON, -o and the CI
formats keep every one; line/column lookups and element columns are made from an index, not a scan per finding."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from lxml import etree

from tei_edition import console
from tei_edition.cli import cli
from tei_edition.diagnostics import Span, warning
from tei_edition.source import decode_source
from tei_edition.tei import load
from tei_edition.validate import schema

HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>T</title>'
    "</titleStmt><publicationStmt><p>P</p></publicationStmt><sourceDesc><p>S</p></sourceDesc></fileDesc></teiHeader><text><body>"
)
TAIL = "</body></text></TEI>\n"


def invalid_tei(bad: int, good: int = 0, sep: str = "\n") -> str:
    """A TEI document whose body holds `bad` paragraphs with an attribute the schema refuses (one E201 each)."""
    paragraphs = [f'<p bad="{i}">word {i}</p>' for i in range(bad)] + [f"<p>word {i}</p>" for i in range(good)]
    return HEAD + sep + sep.join(paragraphs) + sep + TAIL


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def noisy_source(calls: int) -> str:
    return "Some text.\n\n" + "\n\n".join(f"Paragraph {i} with {{a bad}} convention." for i in range(calls)) + "\n"


# ------------------------------------------------------------------------------------------------ convert


def test_convert_shows_the_first_few_of_a_code_and_counts_the_others(tmp_path):
    src = tmp_path / "source.txt"
    src.write_text(noisy_source(12), "utf-8")
    report = tmp_path / "report.json"
    result = run("convert", src, "--profile", "mia", "-o", tmp_path / "out.xml", "--report", report)
    assert result.exit_code == 0, result.output
    shown = [line for line in result.stderr.splitlines() if "warning W120" in line]
    assert len(shown) == console.SHOWN_PER_CODE
    assert f"… and {12 - console.SHOWN_PER_CODE} more W120 (all of them: --report FILE)" in result.stderr
    assert "warnings: 12×W120" in result.stderr  # the summary counts every one
    data = json.loads(report.read_text("utf-8"))
    assert data["warnings"]["W120"] == 12
    assert len([d for d in data["diagnostics"] if d["code"] == "W120"]) == 12
    lines = sorted(d["line"] for d in data["diagnostics"] if d["code"] == "W120")
    assert lines == [3 + 2 * i for i in range(12)]


def test_convert_with_few_findings_shows_them_all(tmp_path):
    src = tmp_path / "source.txt"
    src.write_text(noisy_source(3), "utf-8")
    result = run("convert", src, "--profile", "mia", "-o", tmp_path / "out.xml")
    assert result.exit_code == 0, result.output
    assert result.stderr.count("warning W120") == 3
    assert "more W120" not in result.stderr
    assert "  Paragraph 1 with {a bad} convention." in result.stderr  # the source line and its caret are kept
    assert "                  ^^^^^^^" in result.stderr


# ------------------------------------------------------------------------------------------------ validate


def test_validate_text_shows_the_first_few_and_json_and_o_keep_all(tmp_path):
    doc = tmp_path / "bad.xml"
    doc.write_text(invalid_tei(9), "utf-8")
    result = run("validate", doc)
    assert result.exit_code == 1
    assert result.stderr.count("error E201") == console.SHOWN_PER_CODE
    assert f"… and {9 - console.SHOWN_PER_CODE} more E201 (all of them: -o FILE, or --format json)" in result.stderr
    assert "9 error(s)" in result.stderr

    out = tmp_path / "report.json"
    assert run("validate", doc, "-f", "json", "-o", out).exit_code == 1
    findings = json.loads(out.read_text("utf-8"))["files"][0]["findings"]
    assert len([f for f in findings if f["code"] == "E201"]) == 9

    text = tmp_path / "report.txt"
    assert run("validate", doc, "-o", text).exit_code == 1
    assert text.read_text("utf-8").count("error E201") == 9


@pytest.mark.parametrize("fmt", ["github", "junit", "sarif"])
def test_ci_formats_keep_every_finding(tmp_path, fmt):
    doc = tmp_path / "bad.xml"
    doc.write_text(invalid_tei(9), "utf-8")
    out = tmp_path / f"report.{fmt}"
    assert run("validate", doc, "-f", fmt, "-o", out).exit_code == 1
    text = out.read_text("utf-8")
    if fmt == "sarif":
        assert len([r for r in json.loads(text)["runs"][0]["results"] if r["ruleId"] == "E201"]) == 9
    else:
        assert text.count("E201") >= 9


def test_print_diagnostics_limit_none_prints_every_one(capsys):
    found = [warning("W120", f"finding {i}", Span("f.txt", i + 1, 1, 1, f"line {i}")) for i in range(8)]
    console.print_diagnostics(found, limit=None)
    assert capsys.readouterr().err.count("warning W120") == 8
    console.print_diagnostics(found, limit=2, more="see the report")
    err = capsys.readouterr().err
    assert err.count("warning W120") == 2 and "… and 6 more W120 (see the report)" in err


def test_caret_of_a_finding_far_into_a_long_line_is_windowed():
    line = "x" * 100_000 + "{bad}" + "y" * 100_000
    text, caret = console.caret_lines(warning("W120", "m", Span("f", 1, 100_001, 5, line)))
    assert len(text) < 200 and "{bad}" in text
    assert caret.index("^") == text.index("{bad}") and caret.count("^") == 5


# ------------------------------------------------------------------------------------------------ the line index


def naive_line_col(text: str, offset: int) -> tuple[int, int]:
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


@pytest.mark.parametrize("text", ["one line only, no end", "a\nbb\n\nccc\n", "\n\nx\n", "é\nü z\n" * 50])
def test_line_col_matches_counting_at_every_offset(text):
    source = decode_source(text.encode(), "t.txt")
    for offset in range(len(text)):
        assert source.line_col(offset) == naive_line_col(text, offset), offset
        span = source.span(offset)
        line, _ = naive_line_col(text, offset)
        assert span.line_text == text.split("\n")[line - 1]


def test_spans_of_one_line_share_its_text():
    text = "".join(f"w{i} " for i in range(5000))
    source = decode_source(text.encode(), "t.txt")
    spans = [source.span(i) for i in range(0, len(text), 97)]
    assert all(s.line_text is spans[0].line_text for s in spans)
    assert spans[-1].column == (len(text) - 1) // 97 * 97 + 1


# ------------------------------------------------------------------------------------------------ element columns


def naive_column(elem, line_text: str) -> int:
    """What element_column computed before it had an index: the n-th `<tag` of its line."""
    import re

    nth = 0
    for other in elem.getroottree().getroot().iter(elem.tag):
        if other is elem:
            break
        nth += other.sourceline == elem.sourceline
    starts = [
        m.start() + 1
        for m in re.finditer(rf"<{re.escape(elem.prefix + ':' if elem.prefix else '')}{etree.QName(elem).localname}(?=[\s/>])", line_text)
    ]
    return starts[nth] if nth < len(starts) else 1


def test_element_columns_on_one_line_match_the_nth_start_tag():
    text = '<r xmlns:x="urn:x"><a/><b><a k="1"/></b><x:a/><a>t</a></r>\n<r2><a/></r2>'
    root = etree.fromstring(f"<top>{text}</top>")
    lines = f"<top>{text}</top>".split("\n")
    columns = schema.ElementColumns(root)
    for elem in root.iter():
        line_text = lines[elem.sourceline - 1]
        assert columns.column(elem, line_text) == naive_column(elem, line_text), elem.tag
        assert schema.element_column(elem, line_text) == naive_column(elem, line_text)


# ------------------------------------------------------------------------------------------------ a large invalid document


@pytest.fixture
def targeted(monkeypatch):
    """Counts the calls of the targeted pass (so a test knows it ran, not the whole pass)."""
    calls = []
    real = schema.detailed_findings

    def spy(*args, **kwargs):
        calls.append(args[1])
        return real(*args, **kwargs)

    monkeypatch.setattr(schema, "detailed_findings", spy)
    return calls


def test_a_large_invalid_document_is_explained_where_libxml2_found_something(monkeypatch, targeted):
    """Past DETAILED_ELEMENTS elements, xmlschema explains the parts libxml2 named: the same findings as the whole
    pass, at the same places, for a document with a few errors."""
    text = invalid_tei(0, 40).replace("<p>word 3</p>", '<p rend="x" bad="1">word 3</p>').replace("<p>word 30</p>", "<p><foo/>word 30</p>")
    tree = load.parse_untrusted(text.encode(), "big.xml")
    whole = schema.xsd_check(tree, "big.xml", source=text)
    monkeypatch.setattr(schema, "DETAILED_ELEMENTS", 20)
    parts = schema.xsd_check(tree, "big.xml", source=text)
    assert targeted == ["big.xml"]
    assert [(str(d.span), d.message) for d in parts] == [(str(d.span), d.message) for d in whole]
    assert len(parts) == 2 and "@bad is not allowed on <p>" in parts[0].message and "<foo> is not allowed" in parts[1].message


def test_past_the_bound_every_finding_is_still_reported_with_its_column(monkeypatch, targeted):
    monkeypatch.setattr(schema, "DETAILED_ELEMENTS", 10)
    text = invalid_tei(30, sep="")  # one line: 30 findings on it
    tree = load.parse_untrusted(text.encode(), "one.xml")
    found = schema.xsd_check(tree, "one.xml", source=text)
    assert len(found) == 30 and targeted == ["one.xml"]
    line = text.split("\n")[1]
    assert [d.span.column for d in found] == [line.index(f'<p bad="{i}"') + 1 for i in range(30)]
    assert all(d.span.line == 2 for d in found)
    assert "@bad is not allowed on <p>" in found[0].message  # the first ones in detail
    assert "attribute 'bad'" in found[-1].message  # the others in libxml2's words


def test_a_misplaced_element_in_a_large_body_still_finds_the_siblings_after_it(monkeypatch, targeted):
    """libxml2 checks none of a parent's children after one it may not hold; the parent's part is explained whole."""
    monkeypatch.setattr(schema, "DETAILED_ELEMENTS", 45)  # the document has 51 elements, its body 41
    text = invalid_tei(0, 40).replace("<p>word 5</p>", "<foo/>").replace("<p>word 20</p>", '<p bad="x">word 20</p>')
    tree = load.parse_untrusted(text.encode(), "big.xml")
    found = schema.xsd_check(tree, "big.xml", source=text)
    assert targeted == ["big.xml"]
    assert any("<foo> is not allowed" in d.message for d in found)
    assert any("@bad is not allowed on <p>" in d.message for d in found)
