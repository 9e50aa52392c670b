"""Deeply nested valid TEI: every exporter gives its output (no RecursionError shown as "a bug in tei-edition").

Before: the PDF of a document with 150 nested <div> failed inside WeasyPrint with RecursionError; the HTML and text
exporters failed a few hundred levels deeper; and the print HTML was re-parsed by libxml2, which silently cut
everything below level 256. Now depth is bounded (MAX_DEPTH, E630) and everything up to it is exported whole.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from lxml import etree

from tei_edition.errors import InputError
from tei_edition.export.deep import CODE_TOO_DEEP, MAX_DEPTH, tree_depth
from tei_edition.export.html import export_html
from tei_edition.export.text import export_text, source_line_map
from tests.conftest import FIXTURES, ROOT

SHAPE = FIXTURES / "validate" / "doc000_shape.xml"
FIRST_P = "<p>Over here anarchy"


def nested(kind: str, depth: int) -> bytes:
    """The valid shape document with `depth` nested <hi>, <seg> or <div> around the word "innermost"."""
    source = SHAPE.read_text(encoding="utf-8")
    if kind == "div":
        inner = "<div>" * depth + "<p>innermost</p>" + "</div>" * depth
        return source.replace("<body>", "<body>" + inner, 1).encode("utf-8")
    inner = f"<{kind}>" * depth + "innermost" + f"</{kind}>" * depth
    return source.replace(FIRST_P, "<p>" + inner + " " + FIRST_P[3:], 1).encode("utf-8")


def parse(data: bytes):
    # huge_tree: libxml2 refuses documents deeper than 256 levels without it (the loader's own bound is its business)
    return etree.ElementTree(etree.fromstring(data, etree.XMLParser(huge_tree=True, resolve_entities=False, no_network=True)))


KINDS = ["hi", "seg", "div"]


@pytest.mark.parametrize("kind", KINDS)
def test_html_of_150_deep(kind):
    html, _ = export_html(parse(nested(kind, 150)))
    assert "innermost" in html and "anarchy" in html


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("form", ["source", "reading"])
def test_text_of_150_deep(kind, form):
    text = export_text(parse(nested(kind, 150)), form).decode("utf-8")
    assert "innermost" in text and "anarchy" in text


@pytest.mark.parametrize("kind", KINDS)
def test_pdf_of_150_deep(kind, tmp_path):
    pytest.importorskip("weasyprint")
    from tei_edition.export.pdf import export_pdf

    pdf, _ = export_pdf(parse(nested(kind, 150)))
    assert pdf.startswith(b"%PDF")
    text = _pdf_text(pdf, tmp_path)
    assert "innermost" in text and "anarchy" in text


def test_pdf_of_150_nested_divs_through_the_cli(tmp_path):
    pytest.importorskip("weasyprint")
    source = tmp_path / "deep.xml"
    source.write_bytes(nested("div", 150))
    env = dict(os.environ, PYTHONPATH=str(ROOT), NO_COLOR="1")
    result = subprocess.run(
        [sys.executable, "-m", "tei_edition", "export", "pdf", str(source), "-o", str(tmp_path / "deep.pdf")],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "bug" not in result.stderr
    assert "innermost" in _pdf_text((tmp_path / "deep.pdf").read_bytes(), tmp_path)


@pytest.mark.slow  # seconds: make check leaves it to make test
@pytest.mark.parametrize("kind", ["hi", "div"])
def test_every_format_near_the_bound(kind, tmp_path):
    depth = MAX_DEPTH - 20
    tree = parse(nested(kind, depth))
    assert MAX_DEPTH - 20 < tree_depth(tree) <= MAX_DEPTH
    html, _ = export_html(tree)
    assert "innermost" in html and "Hiatus in the minutes" in html
    for form in ("source", "reading"):
        assert b"innermost" in export_text(tree, form)
    assert source_line_map(tree) is None or isinstance(source_line_map(tree), tuple)
    pytest.importorskip("weasyprint")
    from tei_edition.export.pdf import export_pdf

    pdf, _ = export_pdf(tree)
    text = _pdf_text(pdf, tmp_path)
    assert "innermost" in text and "Hiatus in the minutes" in text  # nothing cut off below the deep part


def test_deeper_than_the_bound_is_a_finding_not_a_crash():
    tree = parse(nested("hi", MAX_DEPTH + 10))
    for export in (lambda: export_html(tree), lambda: export_text(tree, "source"), lambda: export_text(tree, "reading")):
        with pytest.raises(InputError) as caught:
            export()
        assert [d.code for d in caught.value.diagnostics] == [CODE_TOO_DEEP]
        assert caught.value.diagnostics[0].hint
    assert source_line_map(tree) is None


def test_deeper_than_the_bound_through_the_cli_exits_1(tmp_path):
    # The loader may refuse the document first (its own depth bound); either way: exit 1, a finding, no traceback.
    source = tmp_path / "deep.xml"
    source.write_bytes(nested("hi", MAX_DEPTH + 10))
    env = dict(os.environ, PYTHONPATH=str(ROOT), NO_COLOR="1")
    for fmt in ("html", "text"):
        result = subprocess.run(
            [sys.executable, "-m", "tei_edition", "export", fmt, str(source), "-o", str(tmp_path / f"out.{fmt}")],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )
        assert result.returncode == 1, result.stderr
        assert "Traceback" not in result.stderr and "bug" not in result.stderr


def _pdf_text(pdf: bytes, tmp_path) -> str:
    import shutil

    if shutil.which("pdftotext") is None:
        pytest.skip("needs pdftotext (Debian package poppler-utils)")
    path = tmp_path / "x.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, timeout=60, check=True).stdout
