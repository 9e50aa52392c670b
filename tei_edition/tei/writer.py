"""The reader's Document to deterministic TEI bytes (encoding.md §2): the header built with lxml, the text emitted."""

from __future__ import annotations

from lxml import etree

from tei_edition import TEI_NS, layout
from tei_edition.diagnostics import Diagnostic
from tei_edition.metadata import Metadata
from tei_edition.model import Document, Layout, Node, Witness
from tei_edition.source import TextFile
from tei_edition.tei import vocabulary
from tei_edition.tei.build import T, X, indent
from tei_edition.tei.emit import Emitter, Quiet
from tei_edition.tei.header import build_header, build_standoff, document_language

XML_MODEL = (
    'href="https://www.tei-c.org/release/xml/tei/custom/schema/relaxng/tei_all.rng" type="application/xml" '
    'schematypens="http://relaxng.org/ns/structure/1.0"'
)
DIV_TYPE = {"minutes": "speech", "newspaperReport": "report"}


def write_tei(doc: Document, meta: Metadata, file: TextFile, source_name: str) -> tuple[bytes, dict[str, int], list[Diagnostic]]:
    """The TEI document as bytes, the number of each element in its text (for the report), and the header's findings.

    The header (small, built from metadata) is an lxml tree; the text (the bulk) is written from the reader's nodes
    by `Emitter`, which writes the same bytes lxml would (tests/test_emit.py), several times faster.
    """
    text = _text(doc, meta)
    emitter = Emitter()
    emitter.node(text, level=1)
    header, diagnostics = build_header(doc, meta, file, source_name, emitter.features)
    tei = etree.Element(T + "TEI", nsmap={None: TEI_NS})
    tei.set(X + "lang", document_language(doc, meta))
    tei.append(header)
    standoff = build_standoff(meta)
    if standoff is not None:
        tei.append(standoff)
    etree.SubElement(tei, T + "text")  # a placeholder for the emitted text, the last child of TEI
    indent(tei)
    etree.cleanup_namespaces(tei, top_nsmap={None: TEI_NS})
    tree = etree.ElementTree(tei)
    tei.addprevious(etree.ProcessingInstruction("xml-model", XML_MODEL))
    head, placeholder, tail = serialize(tree).rpartition(b"<text/>")
    assert placeholder, "the text placeholder is missing from the serialized header"
    return emitter.encoded(head, tail), emitter.counts, diagnostics


def _text(doc: Document, meta: Metadata) -> Node:
    """The whole `text` element as reader nodes (encoding.md §2): front, one body or a group of witness texts, back."""
    text = Node("text", {"xml:id": "edition"})
    event = meta.section("event")
    if doc.front:
        front = Node("front")
        text.children.append(front)
        for node in doc.front:
            if node.tag == "docTitle" and event.get("id"):
                _mark_event(node, event)
            # a website's chrome and the page's info block: kept, not the edited text (the header's features)
            front.append(Quiet.of(node) if node.attrs.get("type") in vocabulary.NOT_THE_TEXT else node)
    if len(doc.witnesses) > 1:
        group = Node("group")
        text.children.append(group)
        if doc.date_block is not None:
            group.extend(doc.date_block.children)
        for w in doc.witnesses:
            group.append(_witness_text(w))
        back = Node("back")
    else:
        w = doc.witnesses[0] if doc.witnesses else Witness([], None, None, "text")
        body_nodes = (list(doc.date_block.children) if doc.date_block is not None else []) + w.body
        div = _div(body_nodes, w.kind)
        if w.source_note is not None:  # its witness is listed (for the source note's bibl): say whose text this is
            div.attrs["source"] = "#" + w.ident
        text.children.append(Node("body", {}, [div]))
        back = _witness_back(w)
    # e.g. Project Gutenberg's licence: kept, out of the body; Quiet: the header describes the edited text, not this
    back.extend(Quiet.of(n) for n in doc.back)
    notes_parent = back
    if doc.notes_heading is not None:  # the note list's own heading: a division holding it and the list
        # (its head and space are not the edited text either: Quiet)
        notes_parent = Node(
            doc.notes_heading.tag,
            dict(doc.notes_heading.attrs),
            [Quiet.of(c) if isinstance(c, Node) and not isinstance(c, Layout) else c for c in doc.notes_heading.children],
        )
        back.append(notes_parent)
    # the layout of the plain text (tei_edition/layout.py): processing instructions, not elements of the edition
    if doc.notes_space:
        notes_parent.append(layout.blank(doc.notes_space))
    notes_parent.extend(doc.notes_section)  # unanchored notes stand just before the place of the note list
    if doc.end_notes:
        notes_parent.append(layout.notes_list(doc.end_notes))
    back.extend(Quiet.of(n) for n in doc.back_end)  # a website's chrome after the note list: not the edited text
    if doc.trailing_newlines:
        back.append(layout.blank(doc.trailing_newlines))
    if any(isinstance(c, Node) for c in back.children):
        text.children.append(back)
    return text


def _mark_event(doc_title: Node, event: dict) -> None:
    """The conference line names the event of the standOff list (encoding.md §9: name[@type=event])."""
    for part in doc_title.children:
        if isinstance(part, Node) and part.attrs.get("type") == "main" and _same_words(part.text(), event.get("name", "")):
            part.children = [Node("name", {"type": "event", "ref": "#" + event["id"]}, part.children)]


def _same_words(a: str, b: str) -> bool:
    """Equal but for the kind of space (the metadata may write a plain space where the text has U+00A0)."""
    return a.replace("\u00a0", " ").split() == b.replace("\u00a0", " ").split()


def _div(nodes: list, kind: str) -> Node:
    div = Node("div", {"type": DIV_TYPE.get(kind, "text")})
    div.extend(nodes)
    return div


def _witness_back(w: Witness) -> Node:
    """The text's back: the source note after its letter (as in the source, before the next), then its own note."""
    back = Node("back", {}, [Quiet.of(n) for n in w.letter_back])
    if w.source_note is not None:
        back.children += layout.blank_before(w.source_block.blank_before if w.source_block else 1)
        back.append(Node("div", {"type": "sourceNote", "resp": "#" + w.editors}, [w.source_note, *w.source_more]))
    return back


def _witness_text(w: Witness) -> Node:
    ident = w.ident.removeprefix("wit_")
    text = Node("text", {"xml:id": f"text_{ident}", "n": w.siglum, "type": w.kind, "source": "#" + w.ident})
    text.append(Node("body", {}, [_div(w.body, w.kind)]))
    back = _witness_back(w)
    if back.children:
        text.append(back)
    return text


def serialize(tree: etree._ElementTree) -> bytes:
    """UTF-8 without BOM, no pretty-printing of mixed content, U+00A0 written as &#xA0; so it stays visible (§8, §11)."""
    data = etree.tostring(tree, encoding="UTF-8", xml_declaration=True)
    data = data.replace(b"<?xml version='1.0' encoding='UTF-8'?>", b'<?xml version="1.0" encoding="UTF-8"?>', 1)
    data = data.replace(b"?><TEI", b"?>\n<TEI", 1)
    return data.replace("\u00a0".encode(), b"&#xA0;") + b"\n"
