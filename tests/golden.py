"""Golden pairs: tests/fixtures/golden/<case>.txt (+ optional <case>.toml) ↔ <case>.xml, <case>.header.xml, <case>.warnings.

<case>.xml holds the whole TEI document (what the round-trip and schema tests read); <case>.header.xml holds its
teiHeader alone, byte for byte as it stands in <case>.xml. The golden test compares the header and the text
separately and says which of them differs, so a wrong header cannot hide in the diff of a large golden: a header
regression shows as a changed `.header.xml` in `git diff --stat`.
"""

from __future__ import annotations

from pathlib import Path

from tei_edition.convert import convert_bytes
from tei_edition.metadata import load_metadata

GOLDEN = Path(__file__).resolve().parent / "fixtures" / "golden"


def cases() -> list[Path]:
    return sorted(GOLDEN.glob("*.txt"))


def profile_of(case: Path) -> str | None:
    """A case names its profile by its prefix ("gutenberg-…", "plain-…"); the numbered cases are MIA conventions."""
    for name in ("gutenberg", "plain", "wikisource", "detect"):
        if case.stem.startswith(name + "-"):
            return None if name == "detect" else name
    return "mia"


def header_path(case: Path) -> Path:
    return case.with_name(case.stem + ".header.xml")


def split(xml: bytes) -> tuple[bytes, bytes]:
    """The document's teiHeader (its whole lines, as serialized) and the rest of the document without it."""
    start = xml.find(b"<teiHeader")
    end = xml.find(b"</teiHeader>")
    if start < 0 or end < 0:
        return b"", xml
    start = xml.rfind(b"\n", 0, start) + 1
    end = xml.find(b"\n", end)
    end = len(xml) if end < 0 else end + 1
    return xml[start:end], xml[:start] + xml[end:]


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


def golden_files(case: Path) -> list[tuple[Path, bytes]]:
    """Every golden file of a case with what conversion gives for it now."""
    xml, warnings = render(case)
    header, _ = split(xml)
    return [(case.with_suffix(".xml"), xml), (header_path(case), header), (case.with_suffix(".warnings"), warnings)]
