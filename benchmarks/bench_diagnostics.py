"""Noisy inputs (issue 16): warnings and findings cost what the work costs, not a rendering per line.

Every row runs the command line itself, as a user runs it (a process of its own, stderr to a file), or, for the time
per element, the command's code in a process of its own per size (click's CliRunner, after a small document):

- convert of an 8 MB source (document 000's paragraphs, as bench_convert makes them) with 7,500 unrecognised
  conventions, each a W120 warning with its place, against the same source with the same number of characters in
  their place that warn of nothing;
- validate of a one-line TEI document with 20,000 schema errors (E201), each with its line and column, in the text
  format (the terminal: the first few and a count) and in JSON (every one);
- validate of an invalid document of 10,000 and of 100,000 elements (one error in every 1,000): the time per element
  should not grow with the size (the detailed xmlschema pass had cost 0.25 ms per element of the whole document).
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from timing import best  # (benchmarks/: run.py and a direct run put it on sys.path)

ROOT = Path(__file__).resolve().parent.parent
WARNINGS = 7_500
FINDINGS = 20_000
HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt>'
    "<title>T</title></titleStmt><publicationStmt><p>P</p></publicationStmt><sourceDesc><p>S</p></sourceDesc></fileDesc>"
    "</teiHeader><text><body>"
)
TAIL = "</body></text></TEI>\n"


def noisy_sources(size: int, marks: int) -> tuple[bytes, bytes]:
    """(with warnings, without): `marks` paragraphs end in '{a bad}' (W120), or in as many characters of plain text."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench_convert import synthetic_source

    paragraphs = synthetic_source(size).decode("utf-8").split("\n\n")
    body = [i for i, p in enumerate(paragraphs) if not re.match(r"\{\d+\}", p) and p.strip()]  # not the note list
    chosen = set(body[:: max(1, len(body) // marks)][:marks])

    def made(mark: str) -> bytes:
        return "\n\n".join(p + mark if i in chosen else p for i, p in enumerate(paragraphs)).encode("utf-8")

    return made(" {a bad}"), made(" an aside")


def invalid_tei(elements: int, bad_every: int, sep: str) -> bytes:
    """A body of `elements` paragraphs; every `bad_every`-th has an attribute the schema refuses (one E201)."""
    paragraphs = (f'<p bad="{i}">word {i}</p>' if i % bad_every == 0 else f"<p>word {i}</p>" for i in range(elements))
    return (HEAD + sep + sep.join(paragraphs) + sep + TAIL).encode("utf-8")


def command(*args: str, status: int) -> float:
    """Seconds of `tei-edition ARGS` in a process of its own, as a user runs it (stderr to a file: no terminal)."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "tei_edition", *args], stdout=subprocess.DEVNULL, stderr=err, cwd=ROOT, check=False)
        seconds = time.perf_counter() - start
        err.seek(0)
        assert proc.returncode == status, err.read()[-500:]
    return seconds


def run() -> list[dict]:
    sys.path.insert(0, str(ROOT))
    rows = []
    with tempfile.TemporaryDirectory(prefix="tei-bench-diag-") as tmp:
        d = Path(tmp)
        rows.append(convert_row(d))
        rows += findings_rows(d)
        rows.append(per_element_row(d))
    return rows


def convert_row(d: Path) -> dict:
    noisy, quiet = noisy_sources(8_000_000, WARNINGS)
    (d / "noisy.txt").write_bytes(noisy)
    (d / "quiet.txt").write_bytes(quiet)
    times: dict[str, list[float]] = {"noisy": [], "quiet": []}
    for _ in range(3):  # interleaved: a slower moment of the machine falls on both
        for name in times:
            times[name].append(command("convert", str(d / f"{name}.txt"), "--profile", "mia", "-o", str(d / f"{name}.xml"), status=0))
    result = subprocess.run(
        [sys.executable, "-m", "tei_edition", "convert", str(d / "noisy.txt"), "--profile", "mia", "-o", str(d / "noisy.xml")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    assert f"{WARNINGS}×W120" in result.stderr, result.stderr[-300:]
    t_noisy, t_quiet = min(times["noisy"]), min(times["quiet"])
    ratio = t_noisy / t_quiet
    return {
        "benchmark": f"convert {len(noisy) / 1e6:.1f} MB with {WARNINGS:,} warnings (the CLI, warnings to stderr)",
        "measured": f"{t_noisy:.2f} s ({result.stderr.count(chr(10))} lines on stderr)",
        "anchor": f"the same source without warnings {t_quiet:.2f} s",
        "ratio": f"{ratio:.2f}×",
        "goal": "≤ 1.5×",
        "ok": ratio <= 1.5,
    }


def findings_rows(d: Path) -> list[dict]:
    from lxml import etree

    from tei_edition.validate import schema as sch

    doc = d / "one-line.xml"
    doc.write_bytes(invalid_tei(FINDINGS, 1, ""))
    xsd = sch._lxml_schema(str(sch.project_schema_path()))
    tree = etree.parse(str(doc))
    t_libxml2 = best(lambda: xsd.validate(tree), 2)
    rows = []
    for label, args in (("text, to stderr", []), ("--format json, every one", ["-f", "json", "-o", str(d / "report.json")])):
        seconds = min(command("validate", str(doc), *args, status=1) for _ in range(2))
        rows.append(
            {
                "benchmark": f"validate a one-line document with {FINDINGS:,} schema errors (the CLI, {label})",
                "measured": f"{seconds:.2f} s",
                "anchor": f"libxml2's own check of it {t_libxml2:.2f} s",
                "ratio": f"{seconds / t_libxml2:.1f}×",
                "goal": "< 5 s",
                "ok": seconds < 5,
            }
        )
    return rows


PER_ELEMENT = """
import sys, time
from click.testing import CliRunner
from tei_edition.cli import cli
doc, small, report = sys.argv[1:]
def validate(path):
    result = CliRunner().invoke(cli, ["validate", path, "-f", "json", "-o", report], catch_exceptions=False)
    assert result.exit_code == 1, result.output[-500:]
validate(small)  # imports and the compiled schema: once per process, not per element
times = []
for _ in range(3):
    start = time.perf_counter()
    validate(doc)
    times.append(time.perf_counter() - start)
print(min(times))
"""


def per_element_row(d: Path) -> dict:
    """Each size in a process of its own (after one small document: imports and schema), so that neither the start-up
    nor the heap one size leaves behind is counted against the other."""
    small = d / "small.xml"
    small.write_bytes(invalid_tei(10, 1, "\n"))
    per_element = {}
    for elements in (10_000, 100_000):
        doc = d / f"invalid-{elements}.xml"
        doc.write_bytes(invalid_tei(elements, 1000, "\n"))
        out = subprocess.run(
            [sys.executable, "-c", PER_ELEMENT, str(doc), str(small), str(d / "report.json")],
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=True,
        )
        per_element[elements] = float(out.stdout.split()[-1]) / elements
    ratio = per_element[100_000] / per_element[10_000]
    return {
        "benchmark": "validate an invalid document (an error per 1,000 elements; the CLI's code, -f json): time per element, 10k → 100k",
        "measured": f"{per_element[100_000] * 1e6:.1f} µs/element at 100k",
        "anchor": f"{per_element[10_000] * 1e6:.1f} µs/element at 10k",
        "ratio": f"{ratio:.2f}",
        "goal": "linear (≤ 1.5)",
        "ok": ratio <= 1.5,
    }


if __name__ == "__main__":
    for row in run():
        print(row)
