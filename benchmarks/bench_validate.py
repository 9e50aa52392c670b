"""Benchmark of `tei-edition validate`: 1,000 synthetic 10 KB TEI documents against parsing them and one jing run."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "tests" / "fixtures" / "validate" / "doc000_shape.xml"
TEI_ALL = ROOT.parent / "shared" / "schemas" / "tei_all.rng"
COUNT = 1000
SIZE = 10_000

PARA = (
    '<p>Comrades, the <persName ref="#lenin">question</persName> of the Soviets is <hi rend="italic">one</hi> of the '
    'most important....<gap xml:id="g{n}" reason="hiatus" resp="#cw_ed"/><note xml:id="n{n}" n="{n}" type="editorial" '
    'subtype="hiatus" place="bottom" resp="#cw_ed" target="#g{n}">Hiatus in the minutes.—Ed.</note> We '
    '<pb edRef="#src_cw41"/>must say <date when="1917-05-08">8 May</date> that.</p>\n'
)


def make_documents(folder: Path) -> list[Path]:
    """COUNT valid documents of about SIZE bytes, each shaped like document 000 with more paragraphs."""
    base = TEMPLATE.read_text(encoding="utf-8")
    m = re.search(r'(<div type="speech">)(.*?)(</div>)', base, re.S)
    body, n = "", 0
    while len(base.replace(m.group(0), m.group(1) + body + m.group(3)).encode()) < SIZE:
        body += PARA.format(n=n)
        n += 1
    paths = []
    for i in range(COUNT):
        path = folder / f"doc{i:04}.xml"
        path.write_text(base.replace(m.group(0), m.group(1) + body.replace(">We ", f">We {i} ") + m.group(3)), encoding="utf-8")
        paths.append(path)
    return paths


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def run() -> list[dict]:
    sys.path.insert(0, str(ROOT))
    from lxml import etree

    from tei_edition.tei.load import safe_parser
    from tei_edition.validate import schema as sch

    rows = []
    with tempfile.TemporaryDirectory(prefix="tei-bench-") as tmp:
        paths = make_documents(Path(tmp))
        size_kb = sum(p.stat().st_size for p in paths) / len(paths) / 1000
        parser = safe_parser(collect_ids=False)
        xsd = sch._lxml_schema(str(sch.project_schema_path()))

        def parse_serialize():
            for p in paths:
                etree.tostring(etree.fromstring(p.read_bytes(), parser))

        def parse_validate():
            for p in paths:
                assert xsd.validate(etree.fromstring(p.read_bytes(), parser).getroottree())

        parse_serialize()  # warm the file cache
        anchor = min(timed(parse_serialize) for _ in range(3))
        schema = min(timed(parse_validate) for _ in range(3))
        rows.append(
            {
                "benchmark": f"validate: parse + project XSD, {COUNT} × {size_kb:.1f} KB (in process)",
                "measured": f"{schema:.2f} s",
                "anchor": f"lxml parse+serialize {anchor:.2f} s",
                "ratio": f"{schema / anchor:.2f}",
                "goal": "≤ 2.0",
                "ok": schema / anchor <= 2.0,
            }
        )

        cli = [sys.executable, "-m", "tei_edition", "validate", tmp, "-q"]
        whole = timed(lambda: subprocess.run(cli, check=True, cwd=ROOT, capture_output=True))
        jing = shutil.which("jing")
        if jing and TEI_ALL.exists():
            files = [str(p) for p in paths]
            jing_s = timed(lambda: subprocess.run([jing, str(TEI_ALL), *files], check=True, capture_output=True))
            rows.append(
                {
                    "benchmark": f"validate CLI, all layers (XSD + rules), {COUNT} files, one process + workers",
                    "measured": f"{whole:.2f} s",
                    "anchor": f"one jing run, tei_all.rng: {jing_s:.2f} s",
                    "ratio": f"{whole / jing_s:.2f}",
                    "goal": "< 1.0",
                    "ok": whole < jing_s,
                }
            )
        else:
            rows.append(
                {
                    "benchmark": f"validate CLI, all layers, {COUNT} files",
                    "measured": f"{whole:.2f} s",
                    "anchor": "jing or tei_all.rng missing",
                    "ratio": "–",
                    "goal": "< jing",
                    "ok": None,
                }
            )
    return rows


if __name__ == "__main__":
    for row in run():
        print(row)
