"""A synthetic corpus shaped like corpus/000 (notes, hiatus gaps, two witnesses with source lines, dual dates), for benchmarks and tests.

Usage: python benchmarks/synthetic.py OUT_DIR [COUNT] [--seed N]
Each document folder gets source.txt (4-20 kB, like the Marxists Internet Archive pages) and edition.toml.
The output is deterministic for a seed, so runs are comparable.
"""

from __future__ import annotations

import datetime
import random
import sys
from pathlib import Path

WORDS = (
    "the revolution proletariat peasants workers soviets localities centre provinces bourgeoisie power production "
    "struggle experience masses majority conference resolution comrades organisation control grain famine army "
    "government land committee delegates question congress party movement struggle municipal practical tasks "
    "dictatorship class struggle petty-bourgeois democratic socialist capital factory deputies assembly interests "
    "is are was has have will must can not only also that which what when where while because therefore however "
    "of in on to from by for with against without under over into through among between and or but nor yet so "
    "a an this these those its their our we they it all every each many more most greater fewer less"
).split()
MONTHS = ["JANUARY", "FEBRUARY", "MARCH", "APRIL", "MAY", "JUNE", "JULY", "AUGUST", "SEPTEMBER", "OCTOBER", "NOVEMBER", "DECEMBER"]
HIATUS_NOTE = "Hiatus in the minutes.—Ed."
DUPLICATE = '[DUPLICATE "*".] '


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 24))]
    text = " ".join(words)
    if rng.random() < 0.15:
        text += ", " + " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 8)))
    return text[0].upper() + text[1:] + "."


def paragraph(rng: random.Random, calls: list[int] | None) -> str:
    """A paragraph; some sentences end in a hiatus (points and a note call, like 'not....{1}') when calls is a list."""
    out = []
    for _ in range(rng.randint(3, 9)):
        s = sentence(rng)
        if calls is not None and rng.random() < 0.12:
            calls.append(len(calls) + 1)
            s = s[:-1] + f"....{{{calls[-1]}}}"
        out.append(s)
    return " ".join(out)


def dual(julian: datetime.date) -> tuple[datetime.date, str]:
    """The Gregorian date (13 days later in the 20th century) and the source's dual heading, Julian first."""
    gregorian = julian + datetime.timedelta(days=13)
    text = f"{MONTHS[julian.month - 1]} {julian.day} ({MONTHS[gregorian.month - 1]} {gregorian.day})"
    return gregorian, text


def document(index: int, rng: random.Random) -> tuple[str, str, str]:
    """(slug, source.txt, edition.toml) of one synthetic document."""
    julian = datetime.date(1917, 3, 1) + datetime.timedelta(days=rng.randint(0, 200))
    gregorian, heading = dual(julian)
    report = julian + datetime.timedelta(days=2)
    report_greg, _ = dual(report)
    slug = f"{index:04d}-synthetic-{gregorian.isoformat()}"
    calls: list[int] = []
    size = rng.randint(4000, 20000)
    paras = []
    while sum(len(p) for p in paras) < size:
        paras.append(paragraph(rng, calls))
    if not calls:
        calls.append(1)
        paras[-1] = paras[-1][:-1] + "....{1}"
    lines = [
        "V. I. Lenin",
        "",
        "The Synthetic All-Russia Conference of the R.S.D.L.P. (B.)",
        "",
        f"{MONTHS[julian.month - 1]} {julian.day}–{julian.day + 5 if julian.day < 24 else julian.day} "
        f"({MONTHS[gregorian.month - 1]} {gregorian.day}), 1917",
        "",
        "",
        "",
        heading,
        "",
        "",
    ]
    for p in paras:
        lines += [p, ""]
    lines += [
        "First published in 1934 in the book Synthetic conference minutes. Printed from a typewritten copy of the minutes",
        "",
        paragraph(rng, None),  # the newspaper report: no hiatuses
        "",
        f"Pravda No. {rng.randint(10, 200)}, {MONTHS[report_greg.month - 1].capitalize()} {report_greg.day} "
        f"({MONTHS[report.month - 1].capitalize()} {report.day}), 1917 Printed from the Pravda text",
        "",
        "",
    ]
    for n in calls:
        lines += [f"{{{n}}} {DUPLICATE if n > 1 and rng.random() < 0.5 else ''}{HIATUS_NOTE}", ""]
    lines.append("")
    source = "\n".join(lines)
    toml = f"""[document]
id = "synthetic-{index:04d}"
title = "Synthetic speech {index}, {gregorian.isoformat()}"
language = "en"
year = 1917
date = "{gregorian.isoformat()}"
date_julian = "{julian.isoformat()}"
place = "Petrograd"
place_id = "petrograd"

[author]
id = "lenin"
name = "V. I. Lenin"
full_name = "Vladimir Ilyich Lenin"

[notes]
editors = "cw_ed"

[[responsibility]]
id = "cw_ed"
resp = "editorial notes and hiatus marks"
name = "Editors of the Collected Works"
kind = "org"

[[responsibility]]
id = "encoder"
resp = "TEI encoding"
name = "tei-edition project"
kind = "org"

[publication]
authority = "tei-edition project"
idno = "tei-edition:synthetic-{index:04d}"
date = "2026"
status = "free"
licence_url = "https://creativecommons.org/publicdomain/zero/1.0/"
licence = "Synthetic text for benchmarks: CC0."

[source]
web_url = "https://example.org/synthetic/{index:04d}.htm"
web_title = "Synthetic speech {index}"
web_publisher = "Synthetic Archive"
web_date = "2004"

[[witness]]
id = "wit_minutes"
siglum = "M"
type = "minutes"
description = "The conference minutes (typewritten copy); the minutes have hiatuses."

[[witness]]
id = "wit_pravda"
siglum = "P"
type = "newspaperReport"
description = "A report of the speech in the third person, in Pravda."
journal = "Pravda"
date = "{report_greg.isoformat()}"
date_julian = "{report.isoformat()}"
"""
    return slug, source, toml


def generate(out_dir: str | Path, count: int, seed: int = 1917) -> list[Path]:
    """Write `count` document folders into out_dir (kept if already identical) and return them."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    folders = []
    for i in range(count):
        slug, source, toml = document(i, rng)
        folder = out / slug
        folder.mkdir(exist_ok=True)
        for name, text in (("source.txt", source), ("edition.toml", toml)):
            path = folder / name
            data = text.encode("utf-8")
            if not path.is_file() or path.read_bytes() != data:
                path.write_bytes(data)
        folders.append(folder)
    return folders


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("--seed")]
    seed = next((int(a.split("=", 1)[1]) for a in argv if a.startswith("--seed=")), 1917)
    if not args:
        print(__doc__, file=sys.stderr)
        return 2
    folders = generate(args[0], int(args[1]) if len(args) > 1 else 10, seed)
    print(f"{len(folders)} documents in {args[0]}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
