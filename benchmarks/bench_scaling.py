"""Time that must grow with the input and no faster: HTML export and validation at 1x, 4x and 16x the same content.

- Paragraphs without xml:id inside the witness texts of corpus document 000 (the shape that was quadratic in the
  HTML export: every text appended to a long parent counted its children).
- Elements on one line: a paragraph of many <hi> (the cost per element of validate and export html).

Each row compares the time per unit at 16x with the time per unit at 1x, in the same run (goal: within 1.5).
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree
from timing import best  # (benchmarks/: run.py and a direct run put it on sys.path)

ROOT = Path(__file__).resolve().parent.parent
EDITION = ROOT / "corpus" / "000-lenin-1917-05-08-soviets" / "edition.xml"
TEI = "{http://www.tei-c.org/ns/1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
GOAL = 1.5
PARAGRAPHS = 2_000  # the 1x size; 4x and 16x follow
ELEMENTS = 20_000


def with_paragraphs(count: int) -> bytes:
    """Document 000 with `count` extra paragraphs (no xml:id, each with a hiatus and its note) spread over its two
    witness texts."""
    root = etree.fromstring(EDITION.read_bytes())
    divs = [t.find(f"{TEI}body/{TEI}div") for t in root.iter(f"{TEI}text") if t.get("source")]
    for i in range(count):
        p = etree.SubElement(divs[i % len(divs)], f"{TEI}p")
        p.text = "The revolution in the localities is going forward, and the reports of the comrades show it. " * 2
        gap = etree.SubElement(p, f"{TEI}gap", reason="hiatus")
        note = etree.SubElement(p, f"{TEI}note", type="editorial", place="bottom")
        note.text = "Hiatus in the minutes.—Ed."
        note.tail = gap.tail = " The people can work it out."
    return etree.tostring(root, encoding="utf-8")


def with_elements(count: int) -> bytes:
    """Document 000 with one paragraph holding `count` <hi> elements on one line."""
    text = EDITION.read_text("utf-8")
    marker = '<p xml:id="m.p3">'
    return text.replace(marker, marker + '<hi rend="italic">x</hi> ' * count, 1).encode("utf-8")


def export_html(data: bytes):
    from tei_edition.export.html import export_html as export
    from tei_edition.tei.load import parse_tei_bytes

    return lambda: export(parse_tei_bytes(data, "scaling.xml"), name="scaling.xml")


def validate(data: bytes):
    from tei_edition.validate.run import Options, validate_bytes

    return lambda: validate_bytes(data, "scaling.xml", Options())


def scaling_row(label: str, unit: str, make, base: int, task) -> dict:
    per_unit = {}
    for factor in (1, 4, 16):
        data = make(base * factor)
        per_unit[factor] = best(task(data), 3) / (base * factor)
    ratio = per_unit[16] / per_unit[1]
    return {
        "benchmark": f"{label}: 1×, 4×, 16× {base:,} {unit}",
        "measured": f"{per_unit[16] * 1e6:.1f} µs per {unit[:-1]} at 16× (4×: {per_unit[4] * 1e6:.1f})",
        "anchor": f"{per_unit[1] * 1e6:.1f} µs per {unit[:-1]} at 1×",
        "ratio": f"{ratio:.2f}",
        "goal": f"linear (≤ {GOAL})",
        "ok": ratio <= GOAL,
    }


def run() -> list[dict]:
    if not EDITION.exists():
        return [{"benchmark": "scaling", "measured": f"not run: {EDITION} is missing", "ok": None}]
    return [
        scaling_row("export html, paragraphs in witness texts", "paragraphs", with_paragraphs, PARAGRAPHS, export_html),
        scaling_row("export html, elements on one line", "elements", with_elements, ELEMENTS, export_html),
        scaling_row("validate, elements on one line", "elements", with_elements, ELEMENTS, validate),
    ]


if __name__ == "__main__":
    for row in run():
        print(row)
