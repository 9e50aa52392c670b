"""CI reports of hostile names and messages: no raw control character reaches a log, JUnit stays well-formed XML."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from lxml import etree

from tests.conftest import ROOT

NAME = "bad\x1b]0;owned\x07\x1b[31mred.xml"


@pytest.fixture
def hostile_file(tmp_path):
    path = tmp_path / NAME
    path.write_text('<TEI xmlns="http://www.tei-c.org/ns/1.0"><nonsense/></TEI>', "utf-8")
    return path


def validate(path, fmt):
    return subprocess.run(
        [sys.executable, "-m", "tei_edition", "validate", str(path), "-f", fmt],
        capture_output=True,
        cwd=ROOT,
        timeout=120,
        env={**os.environ, "NO_COLOR": "1"},
    )


@pytest.mark.parametrize("fmt", ["text", "github", "junit", "sarif", "json"])
def test_no_control_character_reaches_the_log(hostile_file, fmt):
    # Before: the GitHub and JUnit reports carried ESC as it was (a retitled terminal, a hidden log line, broken XML).
    result = validate(hostile_file, fmt)
    assert result.returncode == 1
    assert b"internal error" not in result.stderr
    assert b"\x1b" not in result.stdout and b"\x07" not in result.stdout
    assert b"\x1b" not in result.stderr and b"\x07" not in result.stderr
    if fmt == "junit":
        etree.fromstring(result.stdout)  # well-formed
    if fmt in ("sarif", "json"):
        json.loads(result.stdout)  # JSON escapes control characters itself (\u001b), which is safe


def test_build_log_and_table_show_a_hostile_folder_name_as_text(tmp_path):
    # Before: the summary table read the folder name as rich markup ("[bold red]…[/]" vanished or restyled the line)
    # and the log lines carried its escape sequences raw.
    folder = tmp_path / "corpus" / "x[bold red]styled\x1b]0;owned\x07"
    folder.mkdir(parents=True)
    (folder / "source.txt").write_bytes(b"")  # empty: the build of this document fails, so it is listed
    (folder / "edition.toml").write_text("", "utf-8")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "tei_edition",
            "build",
            str(tmp_path / "corpus"),
            "-o",
            str(tmp_path / "out"),
            "--formats",
            "text",
            "-j",
            "1",
        ],
        capture_output=True,
        cwd=ROOT,
        timeout=120,
        env={**os.environ, "NO_COLOR": "1", "COLUMNS": "200"},
    )
    assert result.returncode == 1
    assert b"internal error" not in result.stderr
    assert b"\x1b" not in result.stderr and b"\x07" not in result.stderr
    assert b"x[bold red]styled" in result.stderr  # shown as written, in the log line and the table
