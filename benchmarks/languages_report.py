"""What language detection says of each sample text: the main language and every passage given another.

Converts each `*.txt` of a folder (by default the shared development set, ../shared/samples/texts beside the project,
as `make score` reads it; or the folders named) with the profile detected and no metadata, as the structure scorer
does, and prints one Markdown table: per document its main language (`text/@xml:lang`, else `TEI/@xml:lang`), then a
row per element (`p`, `div`, `foreign`, `hi` …) whose `@xml:lang` differs from the language around it, with its first
words. docs/languages.md holds its output. Usage: python benchmarks/languages_report.py [DIR ...]
(`make languages` runs it on the shared texts).
"""

from __future__ import annotations

import sys
from pathlib import Path

from lxml import etree

HERE = Path(__file__).resolve().parent
SHARED_TEXTS = HERE.parent / ".." / "shared" / "samples" / "texts"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
TEI = "{http://www.tei-c.org/ns/1.0}"
WORDS = 8


def text_of(e) -> str:
    """The element's text, a line or page break as a space, notes left out."""
    parts = [e.text or ""]
    for child in e:
        name = etree.QName(child).localname if isinstance(child.tag, str) else ""
        parts.append(" " if name in ("lb", "pb", "cb") else "" if name == "note" else text_of(child))
        parts.append(child.tail or "")
    return "".join(parts)


def passages(root) -> tuple[str, list[tuple[str, str, str]]]:
    """The main language and (element, language, first words) of each element in another language than its parent's."""
    text = root.find(TEI + "text")
    main = (text.get(XML_LANG) if text is not None else None) or root.get(XML_LANG) or "?"
    found = []
    for e in text.iter() if text is not None else []:
        if not isinstance(e.tag, str) or XML_LANG not in e.attrib or e is text:
            continue
        parent = e.getparent()
        around = next((a.get(XML_LANG) for a in [parent, *parent.iterancestors()] if a.get(XML_LANG)), main)
        if e.get(XML_LANG) == around:
            continue
        words = " ".join(text_of(e).split()[:WORDS])
        found.append((etree.QName(e).localname, e.get(XML_LANG), words))
    return main, found


def report(folders: list[Path]) -> str:
    sys.path.insert(0, str(HERE.parent))
    from tei_edition.convert import convert_bytes

    rows = ["| document | main | element | language | first words |", "|---|---|---|---|---|"]
    for path in sorted(p for folder in folders for p in folder.glob("*.txt")):
        result = convert_bytes(path.read_bytes(), path.name, None, None)
        main, found = passages(etree.fromstring(result.xml))
        rows.append(f"| {path.stem} | {main} | | | |" if found else f"| {path.stem} | {main} | — | | |")
        rows += [f"| | | {tag} | {lang} | {words.replace('|', '/')} |" for tag, lang, words in found]
    return "\n".join(rows) + "\n"


def main(argv: list[str]) -> int:
    folders = [Path(a) for a in argv] or [SHARED_TEXTS]
    missing = [f for f in folders if not f.is_dir()]
    if missing:
        print(f"languages_report: no folder {missing[0]} (the shared development set is ../shared/samples/texts)", file=sys.stderr)
        return 2
    sys.stdout.write(report(folders))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
