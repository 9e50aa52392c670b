"""One size bound for every input: a stream with no end (/dev/zero, an endless pipe) and a TEI too large to load again."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tei_edition import convert as convert_module
from tei_edition.convert import convert_bytes
from tei_edition.errors import InputError
from tei_edition.fileio import read_bytes
from tests.conftest import ROOT


def test_convert_of_an_endless_stream_stops_at_the_bound(tmp_path):
    # Before: `convert /dev/zero` read until memory ran out (14.7 GB seen). Now: E003 after the bound, nothing written.
    out = tmp_path / "out.xml"
    result = subprocess.run(
        [sys.executable, "-m", "tei_edition", "convert", "/dev/zero", "-o", str(out)],
        capture_output=True,
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == 1, result.stderr[-500:]
    assert b"E003" in result.stderr and b"internal error" not in result.stderr
    assert not out.exists()


def test_stdin_is_bounded_too(monkeypatch):
    import io

    class Stdin:
        buffer = io.BytesIO(b"x" * 2000)

    monkeypatch.setattr(sys, "stdin", Stdin)
    with pytest.raises(InputError) as caught:
        read_bytes("-", limit=1000)
    assert caught.value.diagnostics[0].code == "E003"


def test_convert_refuses_to_write_tei_no_command_could_read(monkeypatch):
    monkeypatch.setattr(convert_module, "MAX_INPUT_BYTES", 2000)
    with pytest.raises(InputError) as caught:
        convert_bytes(b"A paragraph.\n\n" * 200, "big.txt")
    assert caught.value.diagnostics[0].code == "E003"


@pytest.mark.parametrize("value, expected", [("1.5", 2), ("2", 2), ("-3", 0), ("x", 1), ("nan", 1), ("1e12", 100_000)])
def test_space_quantity_of_foreign_tei(value, expected):
    # Before: int("1.5") raised ValueError inside `export text` and the source-line map of validate.
    from lxml import etree

    from tei_edition.export.text import quantity

    assert quantity(etree.fromstring(f'<space quantity="{value}"/>')) == expected


def test_export_text_of_a_fractional_space(tmp_path):
    doc = tmp_path / "odd.xml"
    doc.write_text(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader/><text><body><p>a</p>'
        '<space dim="vertical" quantity="1.5"/><p>b<space unit="chars" quantity="2.5"/>c</p></body></text></TEI>',
        "utf-8",
    )
    for form in ("source", "reading"):
        result = subprocess.run(
            [sys.executable, "-m", "tei_edition", "export", "text", str(doc), "--form", form], capture_output=True, cwd=ROOT, timeout=60
        )
        assert result.returncode == 0, result.stderr[-800:]
        assert b"a" in result.stdout and b"internal error" not in result.stderr
