"""Shared fixtures: the project paths, ../shared (skipped with a clear reason when absent), compiled schemas."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
CORPUS = ROOT / "corpus"
SHARED = Path(os.environ.get("TEI_EDITION_SHARED", ROOT.parent / "shared"))
os.environ["TEI_EDITION_CHECK_CODES"] = "1"  # a diagnostic code missing from tei_edition/codes.py raises (also in subprocesses)
TEI_ALL = SHARED / "schemas" / "tei_all.rng"
ARTIFACTS = ROOT / "tests" / "artifacts"


def need_shared(*parts: str) -> Path:
    """The path under ../shared, or skip the test saying exactly what is missing."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"needs {path} (the project's ../shared folder; set TEI_EDITION_SHARED to point elsewhere)")
    return path


@pytest.fixture(scope="session")
def tei_all():
    """The official TEI P5 tei_all RELAX NG schema, compiled once per test session (about 5 s)."""
    from lxml import etree

    path = need_shared("schemas", "tei_all.rng")
    return etree.RelaxNG(etree.parse(str(path)))


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


def corpus_documents() -> list[Path]:
    return sorted(p for p in CORPUS.iterdir() if (p / "source.txt").exists())


def pytest_collection_modifyitems(config, items):
    """Tests whose id names a PDF are marked `pdf`; those that compile the official tei_all or run jing (seconds each)
    are marked `rng`: `make check` leaves both out, `make test` runs everything."""
    for item in items:
        nodeid = item.nodeid.lower()
        if "pdf" in nodeid:
            item.add_marker(pytest.mark.pdf)
        if "tei_all" in getattr(item, "fixturenames", ()) or "tei_all" in nodeid or "jing" in nodeid:
            item.add_marker(pytest.mark.rng)
