"""The document's structure (MIA profile): front matter, witnesses split at their source notes, the notes section."""

from __future__ import annotations

import re

from tei_edition.dates import find_dual_dates, first_year
from tei_edition.diagnostics import Diagnostic, warning
from tei_edition.model import Block, Document, Node, Note, Witness
from tei_edition.reader.blocks import split_blocks
from tei_edition.reader.inline import InlineContext, date_node, note_elements, read_inline
from tei_edition.source import SourceText

NOTE_BODY = re.compile(r"(?:\{(\d{1,6})\}|\[(\d{1,6})\]) ")
DUPLICATE = '[DUPLICATE "*".] '
HIATUS = re.compile(r"^Hiatus in the\b")
EDITORIAL = re.compile(r"—Ed\.\s*$")
SOURCE_LINE = re.compile(r"^(?:First published\b|Published according to\b|Printed from\b)|\b(?:Printed from|Published according to) ")
FIRST_PUBLISHED = re.compile(
    r"^First published in (?P<year>\d{4}) in (?P<what>the (?:book|magazine|journal|newspaper|collection|symposium)) "
    r"(?P<title>.+?) (?P<copy>(?:Printed from|Published according to) .+)$"
)
PERIODICAL = re.compile(
    r"^(?P<journal>[A-Z][\w’'\-]*(?: [A-Z][\w’'\-]*){0,3}) (?P<issue>No\.[ \u00a0](?P<no>\d+)), (?P<date>.+?) "
    r"(?P<copy>(?:Printed from|Published according to) .+)$"
)
AUTHOR = re.compile(r"^(?:[A-Z]\.[ \u00a0]*){1,3}[A-Z][a-zà-ÿ’'\-]+$")
HEADING_END = re.compile(r"[.!?;:,]$")
ABBREVIATION_END = re.compile(r"\(\w\.\)$")


def read_document(source: SourceText, meta) -> tuple[Document, list[Diagnostic]]:
    """Read the whole source into a Document; diagnostics say what was not understood (never dropped)."""
    diagnostics: list[Diagnostic] = []
    blocks, trailing = split_blocks(source.text)
    notes_start = _notes_start(blocks)
    notes_space = 0
    if notes_start < len(blocks):
        # blank lines before the note list belong before divGen, not inside the first note
        notes_space = blocks[notes_start].blank_before - 1
        blocks[notes_start].blank_before = 1
    notes = _read_notes(blocks[notes_start:], source, diagnostics)
    text_blocks = blocks[:notes_start]
    front_blocks, body_blocks = _split_front(text_blocks)
    year = meta.year or first_year(" ".join(b.text for b in front_blocks) or source.text[:2000])
    editors = meta.editors_id
    author = meta.author_id

    def ctx(prefix: str) -> InlineContext:
        return InlineContext(source, notes, prefix, year, editors, author, diagnostics, meta.print_id)

    front_ctx = ctx("front")
    front, date_block = _read_front(front_blocks, front_ctx)
    witnesses = _read_witnesses(body_blocks, source, meta, ctx)
    for w in witnesses:
        if w.source_note is None and len(witnesses) > 1:
            diagnostics.append(warning("W130", "blocks after the last source note form a text with no source note",
                                       source.span(w.source_block.start) if w.source_block else None))
    orphans: list[Node] = []
    back_ctx = ctx("notes")
    for note in notes.values():
        if not note.used:
            diagnostics.append(warning("W111", f"note {note.n} has no call in the text; kept as an unanchored note at the end",
                                       source.span(note.block.start, note.block.start + len(note.n) + 2)))
            for node in note_elements(note, back_ctx, note.block.start):
                if node.tag == "note":
                    node.attrs["place"] = "end"
                    node.attrs["anchored"] = "false"
                    node.attrs.pop("target", None)
                    orphans.append(node)
    _check_note_order(blocks[notes_start:], notes, diagnostics, source)
    doc = Document(front, date_block, witnesses, orphans, max(trailing - 1, 0), bool(notes), year, notes_space)
    if trailing == 0:
        source.file.final_newline = False
    return doc, diagnostics


def _notes_start(blocks: list[Block]) -> int:
    """Index of the first block of the trailing notes section (len(blocks) when there is none)."""
    start = len(blocks)
    for i in range(len(blocks) - 1, -1, -1):
        b = blocks[i]
        if NOTE_BODY.match(b.text):
            start = i
        elif SOURCE_LINE.search(b.text) or i < start - 50:
            break
    # continuation blocks directly after the last body block are text, not notes
    return start


def _read_notes(blocks: list[Block], source: SourceText, diagnostics: list[Diagnostic]) -> dict[str, Note]:
    notes: dict[str, Note] = {}
    current: Note | None = None
    for b in blocks:
        m = NOTE_BODY.match(b.text)
        if not m:
            if current is not None:
                current.more.append((b, [b.text]))  # a note continued over several paragraphs
            continue
        n = m.group(1) or m.group(2)
        body = b.text[m.end():]
        duplicate = body.startswith(DUPLICATE)
        if duplicate:
            body = body[len(DUPLICATE):]
        note = Note(n, b, [body], [], duplicate, bool(EDITORIAL.search(body)), bool(HIATUS.match(body)),
                    bracket="{}" if m.group(1) else "[]")
        if n in notes:
            diagnostics.append(warning("W113", f"note number {n} is used twice; the second body is kept as an unanchored note",
                                       source.span(b.start, b.start + m.end())))
            n = f"{n}-{b.start}"
            note.n = n
        notes[n] = note
        current = note
    return notes


def _check_note_order(blocks: list[Block], notes: dict[str, Note], diagnostics, source: SourceText) -> None:
    """The source form rebuilds the note list in call order; say so when the source had another order."""
    # Order in which bodies stand in the source vs. order of their calls is compared by the writer's projection;
    # here we only flag numeric disorder of the bodies, which is what would be rebuilt differently.
    numbers = [n for n in notes if n.isdigit()]
    if numbers != sorted(numbers, key=int):
        diagnostics.append(warning("W114", "note bodies are not in numerical order; the note list is rebuilt in call order"))


def _is_heading(b: Block) -> bool:
    """Short lines that do not end a sentence ("(B.)" of a party name does not)."""
    return len(b.lines) <= 3 and all(
        len(line) <= 150 and (not HEADING_END.search(line.rstrip()) or ABBREVIATION_END.search(line.rstrip())) for line in b.lines
    )


def _split_front(blocks: list[Block]) -> tuple[list[Block], list[Block]]:
    """Leading heading-like blocks (at most eight) are front matter; the rest is the body."""
    i = 0
    while i < min(len(blocks) - 1, 8) and _is_heading(blocks[i]) and not SOURCE_LINE.search(blocks[i].text):
        i += 1
    return blocks[:i], blocks[i:]


def _read_front(blocks: list[Block], ctx: InlineContext) -> tuple[list[Node], Node | None]:
    """Author, conference title, date line (docTitle); a bare dual date becomes the shared docDate (encoding.md §9)."""
    front: list[Node] = []
    date_block: Node | None = None
    doc_title: Node | None = None
    for index, b in enumerate(blocks):
        space = _space(b)
        dual = find_dual_dates(b.text, ctx.year)
        if index == 0 and AUTHOR.match(b.text):
            front += space + [Node("docAuthor", {}, [Node("persName", _ref(ctx.author), read_inline(b.text, b.start, ctx), b.start)], b.start)]
        elif dual and dual[0].start == 0 and dual[0].end == len(b.text) and not dual[0].has_year and date_block is None:
            d = dual[0]
            node = date_node(b.text, d, b.start, ctx, tag="docDate")
            if "from" in node.attrs:  # docDate carries only @when (TEI 4.3.0): a range goes on an inner date
                node = Node("docDate", {}, [date_node(b.text, d, b.start, ctx)], b.start)
            date_block = Node("group-date", {}, space + [node])
        elif date_block is None and (doc_title is None or (front[-1] is doc_title and (dual or first_year(b.text))
                                                            and len(doc_title.children) < 3)):
            part = Node("titlePart", {"type": "main" if doc_title is None else "sub"}, read_inline(b.text, b.start, ctx), b.start)
            if doc_title is None:  # docTitle starts with a titlePart: blank lines before it stay outside
                doc_title = Node("docTitle", {}, [part])
                front += space + [doc_title]
            else:
                doc_title.extend(space + [part])
        else:
            front += space + [Node("head", {}, read_inline(b.text, b.start, ctx), b.start)]
    return front, date_block


def _ref(ident: str | None) -> dict[str, str]:
    return {"ref": "#" + ident} if ident else {}


def _space(b: Block) -> list[Node]:
    """Blank lines beyond the usual one before a block, kept as TEI vertical space (schemas/README.md)."""
    extra = b.blank_before - 1
    return [Node("space", {"dim": "vertical", "unit": "lines", "quantity": str(extra)})] if extra > 0 else []


def _read_witnesses(blocks: list[Block], source: SourceText, meta, make_ctx) -> list[Witness]:
    groups: list[tuple[list[Block], Block | None]] = []
    current: list[Block] = []
    for b in blocks:
        if SOURCE_LINE.search(b.text) and len(b.lines) == 1:
            groups.append((current, b))
            current = []
        else:
            current.append(b)
    if current or not groups:
        groups.append((current, None))
    if groups and not groups[-1][0] and groups[-1][1] is None:
        groups.pop()
    witnesses: list[Witness] = []
    used: set[str] = set()
    for index, (body, note_block) in enumerate(groups):
        w = _describe_witness(index, note_block, meta, used)
        ctx = make_ctx(w.prefix)
        w.body = []
        for b in body:
            w.body += _space(b)
            w.body.append(Node("p", {"xml:id": ctx.next_id("p")}, read_inline(b.text, b.start, ctx), b.start))
        if note_block is not None:
            w.source_note = _source_note(note_block, w, ctx)
            w.source_block = note_block
        elif body:
            w.source_block = body[0]
        witnesses.append(w)
    return witnesses


def _describe_witness(index: int, block: Block | None, meta, used: set[str]) -> Witness:
    text = block.text if block else ""
    journal = None
    m = PERIODICAL.match(text)
    if m:
        kind, journal = "newspaperReport", m.group("journal")
        base, siglum = journal.lower().replace(" ", "_"), journal[0].upper()
    elif "minutes" in text:
        kind, base, siglum = "minutes", "minutes", "M"
    else:
        kind, base, siglum = "text", chr(ord("a") + index % 26), chr(ord("A") + index % 26)
    given = meta.witness(index)
    if given:
        base = given.get("id", "wit_" + base).removeprefix("wit_")
        siglum = given.get("siglum", siglum)
        kind = given.get("type", kind)
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
    w.editors = meta.editors_id
    return w


def _source_note(b: Block, w: Witness, ctx: InlineContext) -> Node:
    """The CW source note, decomposed into bibl + seg[@type=copyText] where its shape is known (encoding.md §9)."""
    text = b.text
    p = Node("p", {}, [], b.start)
    m = FIRST_PUBLISHED.match(text)
    pm = PERIODICAL.match(text)
    if m:
        bibl = Node("bibl", {"corresp": "#" + w.ident}, [], b.start)
        bibl.append("First published in ")
        bibl.append(Node("date", {"calendar": "#gregorian", "when": m.group("year")}, [m.group("year")]))
        bibl.append(f" in {m.group('what')} ")
        title_attrs = {"level": "m"}
        if w.title_lang:
            title_attrs["xml:lang"] = w.title_lang
        bibl.append(Node("title", title_attrs, [m.group("title")]))
        p.append(bibl)
        p.append(" ")
        p.append(_copy_text(m.group("copy"), None))
    elif pm:
        bibl = Node("bibl", {"corresp": "#" + w.ident}, [], b.start)
        bibl.append(Node("title", {"level": "j"}, [pm.group("journal")]))
        bibl.append(" ")
        bibl.append(Node("biblScope", {"unit": "issue", "from": pm.group("no"), "to": pm.group("no")}, [pm.group("issue")]))
        bibl.append(", ")
        date_text = pm.group("date")
        date_offset = b.start + pm.start("date")
        dual = find_dual_dates(date_text, ctx.year)
        if dual and dual[0].start == 0 and dual[0].end == len(date_text):
            bibl.append(date_node(date_text, dual[0], date_offset, ctx))
        else:
            bibl.extend(read_inline(date_text, date_offset, ctx))
        p.append(bibl)
        p.append(" ")
        p.append(_copy_text(pm.group("copy"), pm.group("journal")))
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

