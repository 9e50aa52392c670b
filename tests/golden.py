"""Golden pairs: tests/fixtures/golden/<case>.txt (+ optional <case>.toml) ↔ <case>.xml and <case>.warnings."""

from __future__ import annotations

from pathlib import Path

from tei_edition.convert import convert_bytes
from tei_edition.metadata import load_metadata

GOLDEN = Path(__file__).resolve().parent / "fixtures" / "golden"


def cases() -> list[Path]:
    return sorted(GOLDEN.glob("*.txt"))


def profile_of(case: Path) -> str:
    """A case names its profile by its prefix ("gutenberg-…", "plain-…"); the numbered cases are MIA conventions."""
    for name in ("gutenberg", "plain", "wikisource", "detect"):
        if case.stem.startswith(name + "-"):
            return None if name == "detect" else name
    return "mia"


def render(case: Path) -> tuple[bytes, bytes]:
    """What conversion gives now: the TEI and the warnings, one per line as CODE line:col message."""
    toml = case.with_suffix(".toml")
    meta = load_metadata(toml if toml.exists() else None)
    result = convert_bytes(case.read_bytes(), case.name, meta, profile_of(case))
    lines = []
    for d in result.diagnostics:
        where = f"{d.span.line}:{d.span.column}" if d.span else "-"
        lines.append(f"{d.code} {where} {d.message}")
    return result.xml, ("\n".join(lines) + "\n" if lines else "").encode()
