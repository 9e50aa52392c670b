"""HTML export speed: TEI bytes -> HTML edition, against the TEI Stylesheets (Saxon) or lxml parse+serialize.

The issue's anchor is the TEI Consortium's own XSLT (`html/html.xsl` run by `saxonche`). The TEI Stylesheets are
not in PyPI, npm or Debian, so they are used only when TEI_STYLESHEETS names a checkout of them and saxonche is
installed. Otherwise the anchor is what any exporter must at least do: parse the same document with lxml and
serialize it again. Both are timed in the same run, on the same document, best of several rounds.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("TEI_EDITION_SHARED", ROOT.parent / "shared"))
DOCUMENTS = [
    SHARED / "samples" / "tei" / "04_teic_stylesheets_test14_ecco_formosa.xml",  # 561 KB early-modern book
    ROOT / "corpus" / "000-lenin-1917-05-08-soviets" / "edition.xml",
]
ROUNDS = int(os.environ.get("TEI_EDITION_BENCH_ROUNDS", "7"))
XSLT_GOAL = 10.0  # the issue: at least ten times faster than the TEI Stylesheets
LXML_GOAL = 25.0  # without them: at most 25 times an lxml parse+serialize (a full rendering, not a copy)


def best_of(fn, rounds: int = ROUNDS) -> float:
    fn()  # warm up: caches, imports, compiled stylesheets
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def ours(data: bytes, name: str):
    from tei_edition.export.html import export_html
    from tei_edition.tei.load import parse_tei_bytes

    return lambda: export_html(parse_tei_bytes(data, name), name=name)


def lxml_copy(data: bytes):
    from lxml import etree

    from tei_edition.tei.load import safe_parser

    return lambda: etree.tostring(etree.fromstring(data, safe_parser()), encoding="unicode")


def tei_stylesheets(path: Path):
    """The TEI Stylesheets' html.xsl compiled once with saxonche, or None when either is missing."""
    folder = os.environ.get("TEI_STYLESHEETS")
    if not folder or not (Path(folder) / "html" / "html.xsl").exists():
        return None
    try:
        from saxonche import PySaxonProcessor
    except ImportError:
        return None
    processor = PySaxonProcessor(license=False)
    executable = processor.new_xslt30_processor().compile_stylesheet(stylesheet_file=str(Path(folder) / "html" / "html.xsl"))
    document = str(path)
    return lambda: executable.transform_to_string(source_file=document)


def run() -> list[dict]:
    sys.path.insert(0, str(ROOT))
    rows = []
    for path in DOCUMENTS:
        if not path.exists():
            continue
        data = path.read_bytes()
        label = f"export html {path.name} ({len(data) // 1024} KB)"
        measured = best_of(ours(data, path.name))
        xslt = tei_stylesheets(path)
        if xslt is not None:
            anchor = best_of(xslt, max(3, ROUNDS // 2))
            ratio = anchor / measured
            rows.append(
                dict(
                    benchmark=label,
                    measured=f"{measured * 1000:.1f} ms",
                    anchor=f"TEI Stylesheets html.xsl (saxonche) {anchor * 1000:.1f} ms",
                    ratio=f"{ratio:.1f}× faster",
                    goal=f"≥ {XSLT_GOAL:.0f}× faster",
                    ok=ratio >= XSLT_GOAL,
                )
            )
        else:
            anchor = best_of(lxml_copy(data))
            ratio = measured / anchor
            rows.append(
                dict(
                    benchmark=label,
                    measured=f"{measured * 1000:.1f} ms",
                    anchor=f"lxml parse+serialize {anchor * 1000:.1f} ms (TEI Stylesheets not available)",
                    ratio=f"{ratio:.1f}× its time",
                    goal=f"≤ {LXML_GOAL:.0f}× its time",
                    ok=ratio <= LXML_GOAL,
                )
            )
    return rows


if __name__ == "__main__":
    for row in run():
        print(row)
