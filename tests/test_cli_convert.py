"""CLI tests for convert and export text (click's CliRunner), one tiny bad input per failure (tests/fixtures/bad/)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from click.testing import CliRunner
from lxml import etree

from tei_edition.cli import cli
from tei_edition.tei.names import TEI
from tests.conftest import CORPUS, FIXTURES, ROOT

BAD = FIXTURES / "bad"
DOC = CORPUS / "000-lenin-1917-05-08-soviets"


@pytest.fixture
def run():
    def invoke(*args, input=None):
        return CliRunner().invoke(cli, [str(a) for a in args], input=input, catch_exceptions=False)

    return invoke


def test_help_lists_commands_with_examples(run):
    result = run("--help")
    assert result.exit_code == 0
    assert "convert" in result.output and "Examples:" in result.output and "Exit codes" in result.output


def test_convert_help_has_examples(run):
    result = run("convert", "--help")
    assert result.exit_code == 0 and "tei-edition convert --check" in result.output


def test_help_imports_neither_xmlschema_nor_weasyprint():
    code = (
        "import sys\nfrom tei_edition.cli import cli\n"
        "try:\n    cli.main(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('xmlschema', 'weasyprint', 'rich') if m in sys.modules]\n"
        "print('HEAVY:' + ','.join(heavy), file=sys.stderr)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert "Commands:" in out.stdout
    assert out.stderr.strip().splitlines()[-1] == "HEAVY:"


def test_convert_to_file_and_stdout_are_the_same(run, tmp_path):
    out = tmp_path / "edition.xml"
    result = run("convert", DOC / "source.txt", "-o", out)
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == (DOC / "edition.xml").read_bytes()
    result = run("convert", DOC / "source.txt", "-q")
    assert result.stdout_bytes == out.read_bytes()


def test_convert_from_stdin_with_meta(run):
    result = run("convert", "-", "--meta", DOC / "edition.toml", "-q", input=(DOC / "source.txt").read_bytes())
    assert result.exit_code == 0
    root = etree.fromstring(result.stdout_bytes)
    assert len(root.findall(".//" + TEI + "gap")) == 8


def test_check_passes_on_the_corpus_and_fails_when_stale(run, tmp_path):
    assert run("convert", "--check", DOC / "source.txt").exit_code == 0
    (tmp_path / "source.txt").write_bytes((DOC / "source.txt").read_bytes())
    (tmp_path / "edition.toml").write_bytes((DOC / "edition.toml").read_bytes())
    (tmp_path / "edition.xml").write_bytes((DOC / "edition.xml").read_bytes().replace(b"Petrograd", b"Leningrad", 1))
    result = run("convert", "--check", tmp_path / "source.txt")
    assert result.exit_code == 1 and "differs" in result.output


def test_report_json(run, tmp_path):
    import json

    report = tmp_path / "report.json"
    assert run("convert", DOC / "source.txt", "-o", tmp_path / "e.xml", "--report", report).exit_code == 0
    data = json.loads(report.read_text())
    assert data["counts"]["gap"] == 8 and data["counts"]["note"] == 8 and data["lossless"] is True


def test_export_text_source_round_trip(run):
    result = run("export", "text", DOC / "edition.xml", "--form", "source")
    assert result.exit_code == 0 and result.stdout_bytes == (DOC / "source.txt").read_bytes()


def test_export_text_reading(run):
    result = run("export", "text", DOC / "edition.xml", "--form", "reading")
    text = result.stdout_bytes.decode()
    assert result.exit_code == 0
    assert "{1}" not in text and "DUPLICATE" not in text and "\u00a0 " not in text.replace("grain\u00a0...", "")
    assert "Over here anarchy is not...." in text and text.rstrip().endswith("8. Hiatus in the minutes.—Ed.")


# ---- bad input: a clear message with file:line:col, exit 1, no traceback, nothing written ----


@pytest.mark.parametrize(
    "name, code, where",
    [("empty.txt", "E101", ":1:1"), ("whitespace-only.txt", "E101", ":1:1"), ("not-utf8.txt", "E102", ":1:4")],
)
def test_unreadable_sources(run, tmp_path, name, code, where):
    out = tmp_path / "out.xml"
    result = run("convert", BAD / name, "-o", out)
    assert result.exit_code == 1
    assert code in result.output and f"{name}{where}" in result.output
    assert "Traceback" not in result.output
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_not_utf8_names_the_byte_and_shows_a_caret(run):
    result = run("convert", BAD / "not-utf8.txt")
    assert "byte 0xE9" in result.output and "\n  Caf\ufffd au lait.\n     ^\n" in result.output


def test_bom_and_crlf_are_accepted_and_round_trip(run, tmp_path):
    out = tmp_path / "out.xml"
    result = run("convert", BAD / "bom-crlf.txt", "-o", out)
    assert result.exit_code == 0 and "W101" in result.output
    assert not out.read_bytes().startswith(b"\xef\xbb\xbf")
    assert run("export", "text", out, "--form", "source").stdout_bytes == (BAD / "bom-crlf.txt").read_bytes()


@pytest.mark.parametrize(
    "name, code, where, kept",
    [
        ("call-without-body.txt", "W110", ":1:21", "{3}"),
        ("body-without-call.txt", "W111", ":3:1", "A body nobody calls."),
        ("same-note-twice.txt", "W113", ":5:1", "Second body with the same number."),
    ],
)
def test_note_problems_warn_and_keep_the_text(run, tmp_path, name, code, where, kept):
    out = tmp_path / "out.xml"
    result = run("convert", BAD / name, "-o", out, "--profile", "mia")
    assert result.exit_code == 0
    assert f"{name}{where}" in result.output and code in result.output
    # kept: in the source form always (a call without body is a note holding a gap, its "{3}" in the layout)
    assert kept in run("export", "text", out, "--form", "source").output
    if code != "W110":
        assert kept in "".join(etree.parse(str(out)).getroot().itertext())
    assert run("convert", BAD / name, "-o", out, "--strict", "--profile", "mia").exit_code == 1


def test_markup_characters_are_escaped(run, tmp_path):
    out = tmp_path / "out.xml"
    assert run("convert", BAD / "markup-characters.txt", "-o", out).exit_code == 0
    data = out.read_bytes()
    assert b"Tom &amp; Jerry &lt;script&gt;alert(1)&lt;/script&gt; 3 &gt; 2." in data
    assert run("export", "text", out, "--form", "source").stdout_bytes == (BAD / "markup-characters.txt").read_bytes()


def test_control_characters_are_reported_with_their_place(run, tmp_path):
    out = tmp_path / "out.xml"
    result = run("convert", BAD / "control-characters.txt", "-o", out)
    assert result.exit_code == 0
    assert result.output.count("warning W103") == 3 and "3×W103" in result.output
    assert "control-characters.txt:1:5" in result.output and "U+0007" in result.output
    assert "Bell and escape and form feed here." in "".join(etree.parse(str(out)).getroot().itertext())


def test_directory_and_missing_path(run, tmp_path):
    result = run("convert", tmp_path)
    assert result.exit_code == 1 and "is a directory" in result.output
    result = run("convert", tmp_path / "missing.txt")
    assert result.exit_code == 1 and "no such file" in result.output


def test_bad_metadata_points_at_the_toml_line(run):
    result = run("convert", BAD / "bad-meta.txt", "--meta", BAD / "bad-meta.toml")
    assert result.exit_code == 1 and "bad-meta.toml:2" in result.output and "E120" in result.output


def test_usage_errors_exit_2(run):
    assert run("convert").exit_code == 2
    assert run("convert", "x.txt", "--no-such-option").exit_code == 2
    assert run("export", "text", DOC / "edition.xml", "--form", "nonsense").exit_code == 2


def test_no_partial_file_when_output_exists(run, tmp_path):
    out = tmp_path / "out.xml"
    out.write_bytes(b"previous good content")
    assert run("convert", BAD / "empty.txt", "-o", out).exit_code == 1
    assert out.read_bytes() == b"previous good content"


@pytest.mark.slow
def test_fifty_megabytes_convert_in_bounded_memory(tmp_path):
    """A 50 MB source converts; peak memory stays within a fixed multiple of the input (measured in a child process)."""
    para = (DOC / "source.txt").read_bytes().split(b"\n\n")[6] + b"\n\n"
    big = tmp_path / "big.txt"
    with big.open("wb") as fh:
        for _ in range(50_000_000 // len(para) + 1):
            fh.write(para)
    code = (
        "import sys\nfrom tei_edition.cli import cli\n"
        f"try:\n    cli.main(['convert', {str(big)!r}, '-o', {str(tmp_path / 'big.xml')!r}, '-q', '--no-validate'])\n"
        "except SystemExit as e:\n    assert e.code in (0, None), e.code\n"
        # VmHWM (this process's peak), not ru_maxrss, which survives exec and would count the forking pytest
        "print(next(int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmHWM')) // 1024)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr[-2000:]
    peak_mb = int(out.stdout.split()[-1])
    assert (tmp_path / "big.xml").stat().st_size > 50_000_000
    assert peak_mb < 1500, f"peak memory {peak_mb} MB for a 50 MB source"
