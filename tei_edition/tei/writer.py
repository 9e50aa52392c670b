"""The reader's Document to a TEI tree (encoding.md §2), and the tree to deterministic bytes."""

from __future__ import annotations

from lxml import etree

from tei_edition import TEI_NS
from tei_edition.diagnostics import Diagnostic
from tei_edition.metadata import Metadata
from tei_edition.model import Document, Node, Witness
from tei_edition.source import TextFile
from tei_edition.tei.build import T, X, add, el, from_node, indent, sub
from tei_edition.tei.header import build_header, build_standoff, document_language

XML_MODEL = (
    'href="https://www.tei-c.org/release/xml/tei/custom/schema/relaxng/tei_all.rng" type="application/xml" '
    'schematypens="http://relaxng.org/ns/structure/1.0"'
)
DIV_TYPE = {"minutes": "speech", "newspaperReport": "report"}


def write_tei(doc: Document, meta: Metadata, file: TextFile, source_name: str) -> tuple[etree._ElementTree, list[Diagnostic]]:
    header, diagnostics = build_header(doc, meta, file, source_name, _features(doc))
    tei = etree.Element(T + "TEI", nsmap={None: TEI_NS})
    tei.set(X + "lang", document_language(doc, meta))
    tei.append(header)
    standoff = build_standoff(meta)
    if standoff is not None:
        tei.append(standoff)
    text = sub(tei, "text", {"xml:id": "edition"})
    event = meta.section("event")
    if doc.front:
        front = sub(text, "front")
        for node in doc.front:
            if node.tag == "docTitle" and event.get("id"):
                _mark_event(node, event)
            add(front, node)
    if len(doc.witnesses) > 1:
        group = sub(text, "group")
        if doc.date_block is not None:
            for c in doc.date_block.children:
                add(group, c)
        for w in doc.witnesses:
            _witness_text(group, w)
        back = el("back")
    else:
        w = doc.witnesses[0] if doc.witnesses else Witness([], None, None, "text")
        if doc.date_block is not None:
            w.body = list(doc.date_block.children) + w.body
        body = sub(text, "body")
        div = _div(body, w)
        if w.source_note is not None:  # its witness is listed (for the source note's bibl): say whose text this is
            div.set("source", "#" + w.ident)
        back = _witness_back(w)
    for div in doc.back:  # e.g. Project Gutenberg's licence: kept, out of the body
        add(back, div)
    notes_parent = back
    if doc.notes_heading is not None:  # the note list's own heading: a division holding it and the list
        add(back, doc.notes_heading)
        notes_parent = back[-1]
    if doc.notes_space:
        sub(notes_parent, "space", {"dim": "vertical", "unit": "lines", "quantity": str(doc.notes_space)})
    for note in doc.notes_section:  # unanchored notes stand just before the place of the note list
        add(notes_parent, note)
    if doc.notes_present:
        sub(notes_parent, "divGen", {"type": "notes"})
    if doc.trailing_newlines:
        sub(back, "space", {"dim": "vertical", "unit": "lines", "quantity": str(doc.trailing_newlines)})
    if len(back):
        text.append(back)
    indent(tei)
    etree.cleanup_namespaces(tei, top_nsmap={None: TEI_NS})
    tree = etree.ElementTree(tei)
    tei.addprevious(etree.ProcessingInstruction("xml-model", XML_MODEL))
    return tree, diagnostics


def _mark_event(doc_title: Node, event: dict) -> None:
    """The conference line names the event of the standOff list (encoding.md §9: name[@type=event])."""
    for part in doc_title.children:
        if isinstance(part, Node) and part.attrs.get("type") == "main" and _same_words(part.text(), event.get("name", "")):
            part.children = [Node("name", {"type": "event", "ref": "#" + event["id"]}, part.children)]


def _same_words(a: str, b: str) -> bool:
    """Equal but for the kind of space (the metadata may write a plain space where the text has U+00A0)."""
    return a.replace("\u00a0", " ").split() == b.replace("\u00a0", " ").split()


def _div(parent: etree._Element, w: Witness) -> etree._Element:
    """Built in place under its parent: moving a large subtree with xml:ids between documents is slow in libxml2."""
    div = sub(parent, "div", {"type": DIV_TYPE.get(w.kind, "text")})
    for node in w.body:
        add(div, node)
    return div


def _witness_back(w: Witness) -> etree._Element:
    back = el("back")
    if w.source_note is not None:
        blank = w.source_block.blank_before if w.source_block else 1
        if blank > 1:
            sub(back, "space", {"dim": "vertical", "unit": "lines", "quantity": str(blank - 1)})
        div = sub(back, "div", {"type": "sourceNote", "resp": "#" + _editors(w)})
        div.append(from_node(w.source_note))
    return back


def _editors(w: Witness) -> str:
    return w.editors


def _witness_text(group: etree._Element, w: Witness) -> etree._Element:
    ident = w.ident.removeprefix("wit_")
    text = sub(group, "text", {"xml:id": f"text_{ident}", "n": w.siglum, "type": w.kind, "source": "#" + w.ident})
    body = sub(text, "body")
    _div(body, w)
    back = _witness_back(w)
    if len(back):
        text.append(back)
    return text


def _features(doc: Document) -> set[str]:
    """What the document has, for the header to describe: element names, dual dates, duplicates, hiatuses."""
    features: set[str] = set()
    for n in _all_nodes(doc):
        features.add("hiatus" if n.attrs.get("reason") == "hiatus" else n.tag)  # hiatus gaps have a rule of their own
        if n.attrs.get("calendar"):
            features.add("dates")
        if n.attrs.get("sameAs"):
            features.add("sameAs")
    return features


def _all_nodes(doc: Document):
    for n in doc.front:
        yield from n.iter()
    if doc.date_block:
        yield from doc.date_block.iter()
    for w in doc.witnesses:
        for n in w.body:
            yield from n.iter()
        if w.source_note:
            yield from w.source_note.iter()
    for n in doc.notes_section:
        yield from n.iter()


def serialize(tree: etree._ElementTree) -> bytes:
    """UTF-8 without BOM, no pretty-printing of mixed content, U+00A0 written as &#xA0; so it stays visible (§8, §11)."""
    data = etree.tostring(tree, encoding="UTF-8", xml_declaration=True)
    data = data.replace(b"<?xml version='1.0' encoding='UTF-8'?>", b'<?xml version="1.0" encoding="UTF-8"?>', 1)
    data = data.replace(b"?><TEI", b"?>\n<TEI", 1)
    return data.replace("\u00a0".encode(), b"&#xA0;") + b"\n"
