"""Run every benchmarks/bench_*.py and print one Markdown table (the one the README shows).

Each bench module has `run() -> list[dict]`; a row has: benchmark, measured, anchor, ratio, goal, ok.
Usage: python benchmarks/run.py [bench_build bench_pdf ...]   (no names: every benchmark; `make bench` runs this)
"""

from __future__ import annotations

import importlib.util
import os
import platform
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def load(path: Path):
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main(argv: list[str]) -> int:
    only = set(argv)
    sys.path.insert(0, str(HERE.parent))
    sys.path.insert(0, str(HERE))  # (the benchmarks' own helpers: timing.py)
    rows = []
    started = time.perf_counter()
    for path in sorted(HERE.glob("bench_*.py")):
        if only and path.stem not in only:
            continue
        start = time.perf_counter()
        print(f"running {path.name} ...", file=sys.stderr, flush=True)
        try:
            rows += load(path).run()
        except Exception as exc:  # noqa: BLE001 - one broken benchmark must not hide the others' table
            rows.append({"benchmark": f"{path.stem}: did not run", "measured": f"{type(exc).__name__}: {exc}"[:200], "ok": False})
        print(f"  {time.perf_counter() - start:.1f} s", file=sys.stderr, flush=True)
    print(
        f"all benchmarks: {time.perf_counter() - started:.0f} s on {os.cpu_count()} core(s), Python {platform.python_version()}",
        file=sys.stderr,
    )
    print("| benchmark | measured | anchor (same run) | ratio | goal | met |")
    print("|---|---|---|---|---|---|")
    for r in rows:
        met = {True: "yes", False: "no", None: "–"}[r.get("ok")]
        print(f"| {r['benchmark']} | {r['measured']} | {r.get('anchor', '–')} | {r.get('ratio', '–')} | {r.get('goal', '–')} | {met} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
