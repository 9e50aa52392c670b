"""The exporters' one contract and one registry (issue 12, item 8): the CLI, build and the library all read it."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys

import pytest
from click.testing import CliRunner

from tei_edition import build
from tei_edition.cli import cli
from tei_edition.errors import TeiEditionError
from tei_edition.export import EXPORTERS, Exporter, exporter, get
from tests.conftest import CORPUS, ROOT

REAL = CORPUS / "000-lenin-1917-05-08-soviets"


def _have_weasyprint() -> bool:
    try:
        from tei_edition.export.pdf import load_weasyprint

        load_weasyprint()
    except TeiEditionError:
        return False
    return True


@pytest.fixture(scope="module")
def tree():
    from tei_edition.tei.load import load_tei

    return load_tei(REAL / "edition.xml")


def test_the_registry_lists_text_html_pdf_each_fully_described():
    assert set(EXPORTERS) == {"text", "html", "pdf"}
    for name, e in EXPORTERS.items():
        assert isinstance(e, Exporter) and e.name == name and get(name) is e
        assert e.description and "\n" not in e.description
        assert re.fullmatch(r"[a-z]+/[a-z+.-]+(; charset=utf-8)?", e.media_type) and re.fullmatch(r"[a-z]+", e.extension)
        for target in (e.function, e.command, e.library):
            assert importlib.util.find_spec(target.split(":")[0]) is not None, target
    assert {n: [o.name for o in e.options] for n, e in EXPORTERS.items()} == {
        "html": ["tei_href"],
        "pdf": ["paper", "tagged"],
        "text": ["form"],
    }
    assert (EXPORTERS["pdf"].media_type, EXPORTERS["text"].extension) == ("application/pdf", "txt")


@pytest.mark.parametrize("name", ["html", "text"])
def test_each_exporter_gives_bytes_and_a_list_of_diagnostics(name, tree):
    data, diagnostics = get(name).export(tree, "edition.xml")
    assert isinstance(data, bytes) and data and isinstance(diagnostics, list)


def test_the_contract_gives_what_the_format_s_own_function_gives(tree):
    html, _ = exporter("html")(tree, tei_href="x.xml", name="edition.xml")
    assert get("html").export(tree, "edition.xml", {"tei_href": "x.xml"})[0] == html.encode("utf-8")
    assert get("text").export(tree, options={"form": "source"})[0] == (REAL / "source.txt").read_bytes()
    assert get("text").export(tree)[0] == exporter("text")(tree, "reading")  # the default form: reading


def test_pdf_exporter_contract(tree):
    if not _have_weasyprint():
        pytest.skip("needs WeasyPrint and pango (see docs/pdf.md)")
    data, diagnostics = get("pdf").export(tree, "edition.xml", {"paper": "letter", "tagged": False})
    assert data.startswith(b"%PDF-") and isinstance(diagnostics, list)


def test_options_are_checked_against_the_exporter():
    with pytest.raises(ValueError, match="takes no option paper"):
        get("html").resolve({"paper": "a4"})
    with pytest.raises(TeiEditionError, match="choose one of source, reading"):
        get("text").resolve({"form": "poem"})
    assert get("pdf").resolve({"paper": "letter"}) == {"paper": "letter", "tagged": True}
    assert get("pdf").pick({"paper": "a4", "form": "reading", "tei_href": "x"}) == {"paper": "a4"}


def test_export_help_lists_exactly_the_registry_s_formats_and_their_options():
    result = CliRunner().invoke(cli, ["export", "--help"])
    assert result.exit_code == 0
    commands = result.output.split("Commands:")[1].split("Examples:")[0]
    rows = [line.split(None, 1) for line in commands.strip().splitlines()]
    assert {name: text for name, text in rows} == {n: e.description for n, e in EXPORTERS.items()}
    for name, e in EXPORTERS.items():
        result = CliRunner().invoke(cli, ["export", name, "--help"])
        assert result.exit_code == 0
        for option in e.options:
            for flag in option.flag.split("/"):
                assert re.search(rf"(^|\s){flag}\b", result.output, re.M), (name, flag)


def test_the_registry_and_export_help_import_no_exporter():
    code = (
        "import sys\nfrom tei_edition.cli import cli\nimport tei_edition.export, tei_edition.build\n"
        "try:\n    cli.main(['export', '--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('xmlschema', 'weasyprint', 'tei_edition.export.html', 'tei_edition.export.pdf',"
        " 'tei_edition.export.text') if m in sys.modules]\n"
        "print('HEAVY:' + ','.join(heavy), file=sys.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert done.stderr.strip().splitlines()[-1] == "HEAVY:"


def test_cli_export_text_goes_through_the_registry(tmp_path):
    out = tmp_path / "source.txt"
    result = CliRunner().invoke(cli, ["export", "text", str(REAL / "edition.xml"), "--form", "source", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == (REAL / "source.txt").read_bytes()


def test_build_tables_come_from_the_registry():
    assert build.FORMATS == ("tei", *EXPORTERS)
    assert build.OUTPUTS == {"tei": "edition.xml", "html": "edition.html", "pdf": "edition.pdf", "text": "edition.txt"}


def test_build_writes_one_file_per_registered_format_it_is_asked_for(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / REAL.name).mkdir()
    for name in ("source.txt", "edition.toml"):
        (corpus / REAL.name / name).write_bytes((REAL / name).read_bytes())
    for formats in (("tei", "text"), ("tei", "html", "text")):
        out = tmp_path / ("out-" + "-".join(formats))
        result = build.run_build(corpus, out, build.Options(formats=formats), jobs=1)
        assert [o.status for o in result.outcomes] == ["built"]
        written = {p.name for p in (out / REAL.name).iterdir() if not p.name.startswith(".")}
        assert written == {build.OUTPUTS[f] for f in formats} | {build.REPORT}


def test_foreign_numbers_that_are_digits_but_no_decimals_export_without_a_crash():
    # ("²" is str.isdigit() but no int(): a note's @n and a cell's @cols in TEI from elsewhere)
    from tei_edition.export.html import export_html
    from tei_edition.export.text import export_text
    from tei_edition.tei.load import parse_tei_bytes

    data = (
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>t</title></titleStmt>'
        "<publicationStmt><p>p</p></publicationStmt><sourceDesc><p>s</p></sourceDesc></fileDesc></teiHeader>"
        '<text><body><p>a<note n="²">b</note></p><table><row><cell cols="²">c</cell></row></table>'
        '<divGen type="notes"/></body></text></TEI>'
    ).encode()
    tree = parse_tei_bytes(data, "t.xml")
    assert b"b" in export_text(tree, "source")
    html, _ = export_html(tree, name="t.xml")
    assert "colspan" not in (html if isinstance(html, str) else html.decode())
