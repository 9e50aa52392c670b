"""Benchmarks of `tei-edition build`: scaling 10 → 1,000 documents, --jobs 2 over --jobs 1, no-op rebuild, peak memory, start-up.

Each row is measured against an anchor in the same run (see benchmarks/run.py). The corpus is synthetic
(benchmarks/synthetic.py: 4-20 kB sources shaped like corpus/000). Builds write TEI, HTML and text; PDF is left
out here (bench_pdf.py measures it: at about a second a document it would make the 1,000-document build take
a quarter of an hour). Sizes are kept so that this file runs in about a minute and a half on two cores.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SIZES = (10, 100, 1000)
FORMATS = "tei,html,text"

# Runs one build in a fresh process and reports its own time (imports excluded) and peak memory.
BUILD_SCRIPT = """
import json, resource, sys, time
from tei_edition.build import Options, run_build
corpus, out, jobs = sys.argv[1], sys.argv[2], int(sys.argv[3])
# Warm up first (imports, schema compile) so the time per document is not the fixed cost spread over few documents.
import tei_edition.convert, tei_edition.export.html, tei_edition.export.text
from tei_edition.validate.schema import validate_fast
from tei_edition.tei.load import parse_tei_bytes
validate_fast(parse_tei_bytes(b'<TEI xmlns="http://www.tei-c.org/ns/1.0"/>'))
start = time.perf_counter()
result = run_build(corpus, out, Options(formats=tuple(sys.argv[4].split(","))), jobs=jobs)
seconds = time.perf_counter() - start
own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"seconds": seconds, "maxrss_kb": max(own, children), "built": result.count("built"),
                  "failed": len(result.failed)}))
"""


def _env() -> dict:
    return dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))


def build(corpus: Path, out: Path, jobs: int) -> dict:
    run = subprocess.run(
        [sys.executable, "-c", BUILD_SCRIPT, str(corpus), str(out), str(jobs), FORMATS],
        capture_output=True,
        text=True,
        env=_env(),
        check=True,
    )
    result = json.loads(run.stdout.strip().splitlines()[-1])
    if result["failed"]:
        raise RuntimeError(f"{result['failed']} synthetic documents failed to build: {run.stderr[-2000:]}")
    return result


def best_time(argv: list[str], repeat: int = 7) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=_env(), check=True)
        times.append(time.perf_counter() - start)
    return min(times)


def _corpus(root: Path, count: int) -> Path:
    sys.path.insert(0, str(HERE))
    import synthetic

    folder = root / f"corpus-{count}"
    synthetic.generate(folder, count)
    return folder


def _hash_inputs(corpus: Path) -> float:
    import hashlib

    start = time.perf_counter()
    for folder in sorted(corpus.iterdir()):
        for name in ("source.txt", "edition.toml"):
            hashlib.sha256((folder / name).read_bytes()).digest()
    return time.perf_counter() - start


def row(benchmark, measured, anchor, ratio, goal, ok) -> dict:
    return {"benchmark": benchmark, "measured": measured, "anchor": anchor, "ratio": ratio, "goal": goal, "ok": ok}


def run() -> list[dict]:
    rows = []
    with tempfile.TemporaryDirectory(prefix="tei-edition-bench-") as tmp:
        root = Path(tmp)
        corpora = {n: _corpus(root, n) for n in SIZES}
        kb = {n: sum((f / "source.txt").stat().st_size for f in corpora[n].iterdir()) / 1024 for n in SIZES}

        # Scaling, one process (--jobs 1): time per document must not grow with the corpus.
        seq = {n: build(corpora[n], root / f"out-{n}-j1", 1) for n in SIZES}
        per_doc = {n: seq[n]["seconds"] / n * 1000 for n in SIZES}
        ratio = per_doc[1000] / per_doc[10]
        rows.append(
            row(
                "build 1,000 docs, TEI+HTML+text, --jobs 1 (per document)",
                f"{per_doc[1000]:.1f} ms/doc ({seq[1000]['seconds']:.1f} s, {kb[1000] / 1024:.1f} MB of source)",
                f"10 docs: {per_doc[10]:.1f} ms/doc",
                f"{ratio:.2f}",
                "≤ 1.3 (linear)",
                ratio <= 1.3,
            )
        )
        rows.append(
            row(
                "build 100 docs vs 10 (per document)",
                f"{per_doc[100]:.1f} ms/doc",
                f"{per_doc[10]:.1f} ms/doc",
                f"{per_doc[100] / per_doc[10]:.2f}",
                "≤ 1.3 (linear)",
                per_doc[100] / per_doc[10] <= 1.3,
            )
        )

        # Parallel speed-up on the same 1,000 documents (two cores here, shared with whatever else runs).
        par = build(corpora[1000], root / "out-1000-j2", 2)
        speedup = seq[1000]["seconds"] / par["seconds"]
        rows.append(
            row(
                "build 1,000 docs --jobs 2",
                f"{par['seconds']:.1f} s",
                f"--jobs 1: {seq[1000]['seconds']:.1f} s",
                f"{speedup:.2f}× faster",
                "≥ 1.5× on 2 cores",
                speedup >= 1.5,
            )
        )

        # No-op rebuild, end to end through the CLI (start-up included), against reading and hashing the inputs.
        tei = [sys.executable, "-m", "tei_edition"]
        noop = best_time(tei + ["build", str(corpora[1000]), "-o", str(root / "out-1000-j1"), "--formats", FORMATS], repeat=3)
        startup_anchor = best_time([sys.executable, "-c", "import lxml.etree, click"])
        hashing = min(_hash_inputs(corpora[1000]) for _ in range(3))
        anchor = startup_anchor + hashing
        rows.append(
            row(
                "no-op rebuild of 1,000 unchanged docs (CLI)",
                f"{noop * 1000:.0f} ms",
                f"start-up + read and hash the inputs: {anchor * 1000:.0f} ms",
                f"{noop / anchor:.2f}",
                "≤ 4",
                noop / anchor <= 4,
            )
        )

        # Peak memory: a build holds one document at a time, so 1,000 documents cost what 10 do.
        mem = {n: seq[n]["maxrss_kb"] / 1024 for n in SIZES}
        rows.append(
            row(
                "peak memory, build of 1,000 docs (--jobs 1)",
                f"{mem[1000]:.0f} MB",
                f"10 docs: {mem[10]:.0f} MB",
                f"{mem[1000] / mem[10]:.2f}",
                "≤ 1.5 (flat)",
                mem[1000] / mem[10] <= 1.5,
            )
        )
        worker = par["maxrss_kb"] / 1024
        rows.append(
            row(
                "peak memory of a process, --jobs 2 build",
                f"{worker:.0f} MB",
                f"--jobs 1: {mem[1000]:.0f} MB",
                f"{worker / mem[1000]:.2f}",
                "≤ 1.5",
                worker / mem[1000] <= 1.5,
            )
        )

        # Start-up: heavy libraries (xmlschema, WeasyPrint, rich) are imported only by the commands that need them.
        help_time = best_time(tei + ["--help"])
        rows.append(
            row(
                "start-up: tei-edition --help",
                f"{help_time * 1000:.0f} ms",
                f"python -c 'import lxml.etree, click': {startup_anchor * 1000:.0f} ms",
                f"{help_time / startup_anchor:.2f}",
                "≤ 1.5",
                help_time / startup_anchor <= 1.5,
            )
        )
    return rows


if __name__ == "__main__":
    for r in run():
        print(r)
