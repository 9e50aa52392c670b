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
        capture_output=True, cwd=ROOT, timeout=120,
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
