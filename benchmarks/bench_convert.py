"""Convert throughput: `convert` (read, write TEI, serialize) against lxml parsing and serializing the TEI it wrote.

Sources are shaped like corpus document 000 (its minutes paragraphs repeated, note calls renumbered so every call has
its own hiatus note), at 1, 10 and 50 MB, to show that time grows linearly with size. Validation is measured apart.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "corpus" / "000-lenin-1917-05-08-soviets" / "source.txt"


def synthetic_source(size: int) -> bytes:
    """Paragraphs of document 000 repeated to `size` bytes, each call renumbered, with its note list at the end."""
    text = DOC.read_text("utf-8")
    body = text.split("\n\n\n{1}")[0].split("(MAY\u00a08)\n\n\n")[1].split("\n\nFirst published")[0]
    paragraphs = body.split("\n\n")
    out, notes, n = [], [], 0
    total = 0
    while total < size:
        for p in paragraphs:
            def renumber(_m):
                nonlocal n
                n += 1
                notes.append(f"{{{n}}} Hiatus in the minutes.—Ed.")
                return f"{{{n}}}"
            p = re.sub(r"\{\d+\}", renumber, p)
            out.append(p)
            total += len(p.encode()) + 2
    return ("\n\n".join(out) + "\n\n\n" + "\n\n".join(notes) + "\n").encode("utf-8")


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def run() -> list[dict]:
    from tei_edition.convert import convert_bytes
    from tei_edition.validate.schema import validate_fast

    rows = []
    per_mb = {}
    for size, repeat in ((1_000_000, 3), (10_000_000, 1), (50_000_000, 1)):
        data = synthetic_source(size)
        mb = len(data) / 1e6
        result = convert_bytes(data, "bench.txt", profile="mia")
        t_convert = best(lambda: convert_bytes(data, "bench.txt", profile="mia"), repeat)
        t_lxml = best(lambda: etree.tostring(etree.fromstring(result.xml, etree.XMLParser(huge_tree=True))), repeat)
        tree = etree.ElementTree(etree.fromstring(result.xml, etree.XMLParser(huge_tree=True)))
        t_valid = best(lambda: validate_fast(tree), repeat)
        per_mb[size] = t_convert / mb
        ratio = t_convert / t_lxml
        rows.append({
            "benchmark": f"convert {mb:.0f} MB (document-000-shaped)",
            "measured": f"{t_convert:.2f} s = {mb / t_convert:.1f} MB/s",
            "anchor": f"lxml parse+serialize of its TEI {t_lxml:.2f} s",
            "ratio": f"{ratio:.1f}×",
            "goal": "≤ 5× (25 MB/s)",
            "ok": ratio <= 5,
        })
        rows.append({
            "benchmark": f"validate {mb:.0f} MB against the project XSD (libxml2)",
            "measured": f"{t_valid:.2f} s",
            "anchor": f"lxml parse+serialize {t_lxml:.2f} s",
            "ratio": f"{t_valid / t_lxml:.1f}×",
            "goal": "cheap next to conversion",
            "ok": t_valid < t_convert,
        })
    linear = per_mb[50_000_000] / per_mb[1_000_000]
    rows.append({
        "benchmark": "convert scaling 1 → 50 MB (time per MB)",
        "measured": f"{per_mb[50_000_000] * 1000:.0f} ms/MB at 50 MB",
        "anchor": f"{per_mb[1_000_000] * 1000:.0f} ms/MB at 1 MB",
        "ratio": f"{linear:.2f}",
        "goal": "linear (≤ 1.5)",
        "ok": linear <= 1.5,
    })
    return rows


if __name__ == "__main__":
    for row in run():
        print(row)
