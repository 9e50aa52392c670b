"""Word lists of a TEI `text` and of an HTML edition, to prove that the HTML export loses no word."""

from __future__ import annotations

import collections
import re

from tei_edition.export.deep import parse_html
from tei_edition.tei import vocabulary
from tei_edition.tei.names import TEI, local_name

# A word: letters and digits, with the combining marks that follow them (DTA texts write "zusam̃en" with U+0303).
WORD = re.compile(r"(?:\w|[\u0300-\u036f\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f])+")

# From the vocabulary (each element's `words`). TEI elements that may sit inside a word ("N<hi>o</hi>",
# "Fa<lb break='no'/>ther"), so their edges are no word boundary. Every other element starts and ends a word: blocks,
# notes (moved to the notes section), the parts of `choice` and `app` (shown side by side or in the apparatus), and
# milestones that mean a line or page break.
TEI_INLINE = vocabulary.names_where(words="inline")
# Line and page breaks: a word boundary unless @break="no" (or a hyphenInWord type).
LINE_BREAKS = vocabulary.names_where(words="line")

# Children of these TEI elements are shown apart (corr and sic side by side; lemma inline, readings in the apparatus).
TEI_APART_PARENTS = vocabulary.names_where(apart=True)

# HTML elements that do not end a word.
HTML_INLINE = frozenset("a abbr b bdi bdo cite code data del dfn em i ins kbd mark q s samp small span strong sub sup time u var".split())

# Labels the exporter adds next to words (note calls, paragraph numbers, page numbers): not text of the source.
GENERATED_CLASSES = frozenset({"pnum", "noteref", "appref", "pb-label", "gap-mark", "note-label", "backlink", "sameas"})


def _breaks_word(el, name: str | None) -> bool:
    if name in LINE_BREAKS:
        return el.get("break") != "no" and "hyphenInWord" not in (el.get("type") or "")
    parent = el.getparent()
    if parent is not None and local_name(parent) in TEI_APART_PARENTS:
        return True
    return name not in TEI_INLINE


def tei_text_chunks(el, out: list[str]) -> None:
    """The text of a TEI element with a space wherever a word ends at an element edge."""
    name = local_name(el)
    boundary = name is not None and _breaks_word(el, name)
    if boundary:
        out.append(" ")
    if name is not None and el.text:
        out.append(el.text)
    for child in el:
        tei_text_chunks(child, out)
        if child.tail:
            out.append(child.tail)
    if boundary:
        out.append(" ")


def tei_words(tree) -> collections.Counter:
    """The words of every outermost TEI `text` of a document (the header is not part of the text)."""
    root = tree.getroot() if hasattr(tree, "getroot") else tree
    out: list[str] = []
    for text in root.iter(TEI + "text", "text"):
        if any(local_name(a) == "text" for a in text.iterancestors()):
            continue
        tei_text_chunks(text, out)
    return collections.Counter(WORD.findall("".join(out)))


def _html_chunks(el, out: list[str]) -> None:
    tag = el.tag if isinstance(el.tag, str) else None
    classes = set((el.get("class") or "").split()) if tag else set()
    if tag is None or tag in ("script", "style") or classes & GENERATED_CLASSES:
        return
    boundary = tag not in HTML_INLINE
    if boundary:
        out.append(" ")
    if el.text:
        out.append(el.text)
    for child in el:
        _html_chunks(child, out)
        if child.tail:
            out.append(child.tail)
    if boundary:
        out.append(" ")


def html_words(html: str) -> collections.Counter:
    """The words of an HTML document's body, without the labels the exporter generates."""
    doc = parse_html(html)  # however deep (lxml's default HTML parser cuts a document off below 256 levels)
    out: list[str] = []
    _html_chunks(doc.body, out)
    return collections.Counter(WORD.findall("".join(out)))


def missing_words(tree, html: str) -> collections.Counter:
    """Words of the TEI text that the HTML lacks (counted with multiplicity); empty when nothing was lost."""
    return tei_words(tree) - html_words(html)
