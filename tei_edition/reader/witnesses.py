"""Witnesses: several reports of one text in one file, each ended by its source note (MIA's Collected Works: "Printed
from the …", "Published according to …"), each a witness of the header and a text of its own.

Evidence: a one-line block (at most 500 characters) matching the profile's [blocks] `source_note` ends a witness; the
[conventions] `first_published` and `periodical` decompose the source note into bibl (title, issue, date) and
seg[@type=copyText] (encoding.md §9), and `witness_kinds` name what a witness is by a word of its source note; the
metadata's [[witness]] tables win over what the source note says.
"""

from __future__ import annotations

from tei_edition import codes
from tei_edition.dates import find_dual_dates
from tei_edition.diagnostics import warning
from tei_edition.model import Block, Node, Witness
from tei_edition.reader.context import ReadState, space
from tei_edition.reader.inline import InlineContext, date_node, read_inline
from tei_edition.reader.sections import read_body


def read_witnesses(state: ReadState, blocks: list[Block]) -> list[Witness]:
    source_note = state.block_kinds.source_note
    groups: list[tuple[list[Block], Block | None]] = []
    current: list[Block] = []
    more: dict[int, list[Block]] = {}  # a source note's further lines ("Printed according to the original")
    words = state.conventions.source_note_words + ("Printed according to",)
    for b in blocks:
        if source_note and len(b.text) <= 500 and b.role is None and "\n" not in b.text and source_note.search(b.text):
            groups.append((current, b))
            current = []
        elif groups and not current and groups[-1][1] is not None and _note_line(b, words):
            more.setdefault(groups[-1][1].start, []).append(b)
        else:
            current.append(b)
    if current or not groups:
        groups.append((current, None))
    if groups and not groups[-1][0] and groups[-1][1] is None:
        groups.pop()
    witnesses: list[Witness] = []
    for index, (body, note_block) in enumerate(groups):
        w = describe_witness(state, index, note_block)
        ctx = state.ctx(w.prefix)
        w.body = read_body(state, body, ctx, w.prefix)
        if note_block is not None:
            w.source_note = source_note_node(state, note_block, w, ctx)
            w.source_block = note_block
            state.count("source-note")
            for b in more.get(note_block.start, []):
                w.source_more += [*space(b), Node("p", {}, read_inline(b.text, b.start, ctx, notes=False))]
                state.convention("source-note-lines", b, "a further line of the source note before it")
        elif body:
            w.source_block = body[0]
        witnesses.append(w)
    for w in witnesses:
        if w.source_note is None and len(witnesses) > 1:
            message = "blocks after the last source note form a text with no source note"
            state.diagnostics.append(
                warning(codes.TEXT_WITHOUT_SOURCE_NOTE, message, state.source.span(w.source_block.start) if w.source_block else None)
            )
    return witnesses


def _note_line(b: Block, words: tuple[str, ...]) -> bool:
    """A one-line block that goes on with the source note above it ("Published in English for the first time")."""
    return b.role is None and "\n" not in b.text and len(b.text) <= 200 and b.text.startswith(words)


def describe_witness(state: ReadState, index: int, block: Block | None) -> Witness:
    text = block.text if block else ""
    journal = None
    m = state.conventions.periodical.match(text)
    if m:
        kind, journal = "newspaperReport", m.group("journal")
        base, siglum = journal.lower().replace(" ", "_"), journal[0].upper()
    else:
        kind, base, siglum = "text", chr(ord("a") + index % 26), chr(ord("A") + index % 26)
        for word, type_, ident, sig in state.conventions.witness_kinds:
            if word in text:
                kind, base, siglum = type_, ident, sig
                break
    given = state.meta.witness(index)
    if given:
        base = given.get("id", "wit_" + base).removeprefix("wit_")
        siglum = given.get("siglum", siglum)
        kind = given.get("type", kind)
    used = state.used_ids
    while base in used:
        base += "_" + str(index + 1)
    used.add(base)
    prefix = siglum.lower()
    while "prefix:" + prefix in used:
        prefix += str(index + 1)
    used.add("prefix:" + prefix)
    w = Witness([], None, block, kind, journal, siglum, "wit_" + base, prefix)
    w.description = (given or {}).get("description", "")
    w.title_lang = (given or {}).get("title_lang")
    w.editors = state.meta.editors_id
    return w


def source_note_node(state: ReadState, b: Block, w: Witness, ctx: InlineContext) -> Node:
    """The source note, decomposed into bibl + seg[@type=copyText] where its shape is known (encoding.md §9): the text
    between the groups of the pattern stays as it stands in the source."""
    text = b.text
    p = Node("p", {}, [])
    conventions = state.conventions
    m = conventions.first_published.match(text)
    pm = conventions.periodical.match(text)
    if m:
        bibl = Node("bibl", {"corresp": "#" + w.ident}, [])
        bibl.append(text[: m.start("year")])  # "First published in "
        bibl.append(Node("date", {"calendar": "#gregorian", "when": m.group("year")}, [m.group("year")]))
        bibl.append(text[m.end("year") : m.start("title")])  # " in the book "
        title_attrs = {"level": "m"}
        if w.title_lang:
            title_attrs["xml:lang"] = w.title_lang
        bibl.append(Node("title", title_attrs, read_inline(m.group("title"), b.start + m.start("title"), ctx, notes=False, dates=False)))
        p.append(bibl)
        p.append(text[m.end("title") : m.start("copy")])
        p.append(_copy_text(m.group("copy"), None))
        p.append(text[m.end("copy") :])
    elif pm:
        bibl = Node("bibl", {"corresp": "#" + w.ident}, [])
        p.append(text[: pm.start("journal")])
        bibl.append(Node("title", {"level": "j"}, [pm.group("journal")]))
        bibl.append(text[pm.end("journal") : pm.start("issue")])
        bibl.append(Node("biblScope", {"unit": "issue", "from": pm.group("no"), "to": pm.group("no")}, [pm.group("issue")]))
        bibl.append(text[pm.end("issue") : pm.start("date")])
        date_text = pm.group("date")
        date_offset = b.start + pm.start("date")
        dual = find_dual_dates(date_text, ctx.year)
        if dual and dual[0].start == 0 and dual[0].end == len(date_text):
            bibl.append(date_node(date_text, dual[0]))
        else:
            bibl.extend(read_inline(date_text, date_offset, ctx, notes=False))
        p.append(bibl)
        p.append(text[pm.end("date") : pm.start("copy")])
        p.append(_copy_text(pm.group("copy"), pm.group("journal")))
        p.append(text[pm.end("copy") :])
    else:
        p.extend(read_inline(text, b.start, ctx))
    return p


def _copy_text(text: str, journal: str | None) -> Node:
    seg = Node("seg", {"type": "copyText"})
    if journal and f" {journal} " in f" {text} ":
        before, _, after = text.partition(journal)
        seg.extend([before, Node("title", {"level": "j"}, [journal]), after])
    else:
        seg.append(text)
    return seg
