"""Benchmark: PDF export speed (ms per page, pages per second) beside the HTML export, for the corpus and the largest sample.

Run alone with `python benchmarks/run.py bench_pdf` (or `make bench`). WeasyPrint is imported before timing (its import,
about 350 ms, is paid once per process, not per page). The PDF time includes the HTML export it starts from.
render_pdf keeps one WeasyPrint FontConfiguration per process, so the runs after the first do not build it again
(about 15 ms a document); a single `tei-edition export pdf` pays that once, as the first run here does.
"""

from __future__ import annotations

import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
GOAL_MS_PER_PAGE = 50.0


def targets() -> list[tuple[str, Path]]:
    found = []
    corpus = ROOT / "corpus" / "000-lenin-1917-05-08-soviets" / "edition.xml"
    if corpus.exists():
        found.append(("corpus 000", corpus))
    samples = sorted((SHARED / "samples" / "tei").glob("*.xml"), key=lambda p: p.stat().st_size)
    if samples:
        largest = samples[-1]
        found.append((f"{largest.name[:2]} ({largest.stat().st_size // 1024} KB TEI)", largest))
    return found


def _best(function, repeat: int):
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best, result


def run() -> list[dict]:
    try:
        from tei_edition.export.html import export_html
    except ImportError:
        return [_not_run("the HTML export (tei_edition/export/html.py) is missing")]
    from tei_edition.errors import TeiEditionError
    from tei_edition.export import pdf
    from tei_edition.tei.load import load_tei

    try:
        pdf.load_weasyprint()
    except TeiEditionError as exc:
        return [_not_run(exc.message)]

    rows = []
    for label, path in targets():
        tree = load_tei(path)
        size = path.stat().st_size
        repeat = 3 if size < 100_000 else 1
        html_s, (html, _) = _best(lambda: export_html(tree, name=path.name), repeat)
        for tagged in (True, False) if size >= 100_000 else (True,):

            def whole():
                text, _ = export_html(tree, name=path.name)
                document = pdf.prepare_print_html(text, tei=tree, name=path.name)
                return pdf.render_pdf(document.html, tagged=tagged, name=path.name)

            pdf_s, (_, pages, _) = _best(whole, repeat)
            ms_page = 1000 * pdf_s / pages
            rows.append(
                {
                    "benchmark": f"export pdf{'' if tagged else ' --untagged'}: {label}, {pages} pages",
                    "measured": f"{ms_page:.0f} ms/page ({pages / pdf_s:.1f} pages/s, {pdf_s:.2f} s)",
                    "anchor": f"export html {1000 * html_s:.0f} ms",
                    "ratio": f"{pdf_s / html_s:.0f}× html",
                    "goal": f"< {GOAL_MS_PER_PAGE:.0f} ms/page",
                    "ok": ms_page < GOAL_MS_PER_PAGE,
                }
            )
    return rows or [_not_run("no input: neither corpus 000 edition.xml nor ../shared/samples/tei")]


def _not_run(why: str) -> dict:
    return {
        "benchmark": "export pdf",
        "measured": f"not run: {why}",
        "anchor": "–",
        "ratio": "–",
        "goal": f"< {GOAL_MS_PER_PAGE:.0f} ms/page",
        "ok": None,
    }


if __name__ == "__main__":
    import sys

    sys.path.insert(0, str(ROOT))
    for row in run():
        print(row)
