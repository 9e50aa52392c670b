"""Small helpers to build TEI elements with lxml (the header), and the rule of which elements may be indented."""

from __future__ import annotations

from lxml import etree

from tei_edition.tei import vocabulary
from tei_edition.tei.names import TEI as T
from tei_edition.tei.names import XML as X
from tei_edition.tei.names import local_name


def qname(name: str) -> str:
    if name.startswith("xml:"):
        return X + name[4:]
    return name


def el(tag: str, attrs: dict | None = None, *children, text: str | None = None) -> etree._Element:
    """A TEI element; children may be elements or strings (appended as mixed content, never reformatted)."""
    e = etree.Element(T + tag)
    for k, v in (attrs or {}).items():
        if v is not None:
            e.set(qname(k), str(v))
    if text:
        e.text = text
    for c in children:
        add(e, c)
    return e


def sub(parent: etree._Element, tag: str, attrs: dict | None = None, *children, text: str | None = None) -> etree._Element:
    e = el(tag, attrs, *children, text=text)
    parent.append(e)
    return e


def add(parent: etree._Element, child) -> None:
    """Append a string (to text or the last child's tail) or an element."""
    if child is None:
        return
    if isinstance(child, str):
        if not child:
            return
        # the last child, found from the end: len() on an lxml element counts every child (quadratic here)
        last = next(parent.iterchildren(reversed=True), None)
        if last is not None:
            last.tail = (last.tail or "") + child
        else:
            parent.text = (parent.text or "") + child
        return
    parent.append(child)


# Elements whose content is only elements and inside which the serializer indents (vocabulary: indent). Everything
# else is mixed content (p, note, head, bibl, date, witness, licence, ...) or a line block (list, lg, table: one line
# each) and is written exactly as built (encoding.md §11).
ELEMENT_ONLY = vocabulary.names_where(indent=True)


def indent(elem: etree._Element, level: int = 0) -> None:
    """Indent element-only containers with two spaces; never touch mixed content."""
    if local_name(elem) not in ELEMENT_ONLY or not len(elem):
        return
    if (elem.text and elem.text.strip()) or any(c.tail and c.tail.strip() for c in elem):
        return  # actually mixed: leave it alone
    pad = "\n" + "  " * (level + 1)
    elem.text = pad
    for child in elem:
        indent(child, level + 1)
        child.tail = pad
    elem[-1].tail = "\n" + "  " * level
