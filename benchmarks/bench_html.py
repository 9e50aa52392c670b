"""HTML export speed against the TEI Consortium's own Stylesheets (`html/html.xsl` run by SaxonC-HE, `saxonche`).

Per document: every TEI file of ../shared/samples/tei and the corpus, TEI bytes -> HTML string in one process, both
warm, the median of seven alternated rounds (ours, theirs, ours, ...). Batch: 200 documents (those files, copied
round-robin) in one `tei-edition export html FILE... -o DIR` call against one Python process that starts saxonche,
compiles html.xsl once and transforms the same 200 files: both wall-clock, start-up included.

The Stylesheets are read from ../shared/vendor/tei-stylesheets (TEI_STYLESHEETS overrides it); `make bench`
installs saxonche (the `bench` extra). Without either, the anchor is what any exporter must at least do, an lxml
parse+serialize of the same document, so the table still says something.
"""

from __future__ import annotations

import functools
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("TEI_EDITION_SHARED", ROOT.parent / "shared"))
STYLESHEETS = Path(os.environ.get("TEI_STYLESHEETS", SHARED / "vendor" / "tei-stylesheets"))
ROUNDS = int(os.environ.get("TEI_EDITION_BENCH_ROUNDS", "7"))
BATCH = 200
XSLT_GOAL = 10.0  # the issue: at least ten times faster than the TEI Stylesheets, per document
BATCH_GOAL = 25.0  # and 25 times for a batch in one call
LXML_GOAL = 25.0  # without them: at most 25 times an lxml parse+serialize (a full rendering, not a copy)

SAXON_BATCH = """
import sys
from saxonche import PySaxonProcessor
stylesheet, out, files = sys.argv[1], sys.argv[2], sys.argv[3:]
with PySaxonProcessor(license=False) as processor:
    executable = processor.new_xslt30_processor().compile_stylesheet(stylesheet_file=stylesheet)
    for i, file in enumerate(files):
        executable.transform_to_file(source_file=file, output_file=f"{out}/{i}.html")
"""


def documents() -> list[Path]:
    samples = sorted((SHARED / "samples" / "tei").glob("*.xml"))
    return samples + sorted((ROOT / "corpus").glob("*/edition.xml"))


def ours(data: bytes, name: str):
    from tei_edition.export.html import export_html
    from tei_edition.tei.load import parse_tei_bytes

    return lambda: export_html(parse_tei_bytes(data, name), name=name)


def lxml_copy(data: bytes):
    from lxml import etree

    from tei_edition.tei.load import safe_parser

    return lambda: etree.tostring(etree.fromstring(data, safe_parser()), encoding="unicode")


def saxon_available() -> bool:
    if not (STYLESHEETS / "html" / "html.xsl").exists():
        return False
    try:
        import saxonche  # noqa: F401
    except ImportError:
        return False
    return True


@functools.cache
def _compiled():
    """One saxonche processor and html.xsl compiled once, for every document (the processor must stay alive)."""
    from saxonche import PySaxonProcessor

    processor = PySaxonProcessor(license=False)
    return processor, processor.new_xslt30_processor().compile_stylesheet(stylesheet_file=str(STYLESHEETS / "html" / "html.xsl"))


def tei_stylesheets(path: Path):
    _, executable = _compiled()
    document = str(path)
    return lambda: executable.transform_to_string(source_file=document)


def alternated(first, second, rounds: int = ROUNDS) -> tuple[float, float]:
    """Medians of `rounds` alternated timings of two functions, both warmed up first."""
    first(), second()
    a, b = [], []
    for _ in range(rounds):
        for fn, times in ((first, a), (second, b)):
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
    return statistics.median(a), statistics.median(b)


def wall(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def batch_row(paths: list[Path]) -> dict:
    """200 documents in one CLI call against one saxonche process over the same files (best of two each)."""
    cli = [sys.executable, "-m", "tei_edition", "export", "html"]
    with tempfile.TemporaryDirectory() as tmp:
        files = []
        for i in range(BATCH):
            source = paths[i % len(paths)]
            copy = Path(tmp, "in", f"{i:03d}-{source.stem}.xml")
            copy.parent.mkdir(exist_ok=True)
            shutil.copyfile(source, copy)
            files.append(str(copy))
        (Path(tmp) / "saxon").mkdir()
        script = Path(tmp, "saxon_batch.py")
        script.write_text(SAXON_BATCH)
        theirs = [sys.executable, str(script), str(STYLESHEETS / "html" / "html.xsl"), str(Path(tmp) / "saxon"), *files]
        mine = [*cli, *files, "-o", str(Path(tmp) / "ours")]
        t_ours = min(wall(mine) for _ in range(2))
        t_theirs = min(wall(theirs) for _ in range(2))
    ratio = t_theirs / t_ours
    return dict(
        benchmark=f"export html: a batch of {BATCH} documents (the files above, round-robin) in one CLI call",
        measured=f"{t_ours:.2f} s ({t_ours / BATCH * 1000:.1f} ms per document, start-up included)",
        anchor=f"one saxonche process, html.xsl compiled once: {t_theirs:.2f} s",
        ratio=f"{ratio:.1f}× faster",
        goal=f"≥ {BATCH_GOAL:.0f}× faster",
        ok=ratio >= BATCH_GOAL,
    )


def run() -> list[dict]:
    sys.path.insert(0, str(ROOT))
    paths = [p for p in documents() if p.exists()]
    rows = []
    saxon = saxon_available()
    for path in paths:
        data = path.read_bytes()
        label = f"export html {path.parent.name + '/' if path.name == 'edition.xml' else ''}{path.name} ({len(data) // 1024} KB)"
        if saxon:
            measured, anchor = alternated(ours(data, path.name), tei_stylesheets(path))
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
            measured, anchor = alternated(ours(data, path.name), lxml_copy(data))
            ratio = measured / anchor
            rows.append(
                dict(
                    benchmark=label,
                    measured=f"{measured * 1000:.1f} ms",
                    anchor=f"lxml parse+serialize {anchor * 1000:.1f} ms (TEI Stylesheets or saxonche not available)",
                    ratio=f"{ratio:.1f}× its time",
                    goal=f"≤ {LXML_GOAL:.0f}× its time",
                    ok=ratio <= LXML_GOAL,
                )
            )
    if saxon and paths:
        rows.append(batch_row(paths))
    return rows


if __name__ == "__main__":
    for row in run():
        print(row)
