"""Witnesses: several reports of one text in one file, each ended by its source note (MIA's Collected Works: "Printed
from the …", "Published according to …"), each a witness of the header and a text of its own.

Evidence: a one-line block (at most 500 characters) matching the profile's [blocks] `source_note` ends a witness; the
[conventions] `first_published` and `periodical` decompose the source note into bibl (title, issue, date) and
seg[@type=copyText] (encoding.md §9), and `witness_kinds` name what a witness is by a word of its source note; the
metadata's [[witness]] tables win over what the source note says.
"""

from __future__ import annotations

import re

from tei_edition import codes
from tei_edition.dates import find_dual_dates
from tei_edition.diagnostics import warning
from tei_edition.model import LAYOUT_TAG, Block, Node, Witness
from tei_edition.reader.context import ReadState, space
from tei_edition.reader.inline import InlineContext, date_node, read_inline
from tei_edition.reader.sections import read_body


def read_witnesses(state: ReadState, blocks: list[Block]) -> list[Witness]:
    source_note = state.block_kinds.source_note
    versions = version_starts(state, blocks)
    groups: list[tuple[list[Block], Block | None]] = []
    current: list[Block] = []
    more: dict[int, list[Block]] = {}  # a source note's further lines ("Printed according to the original")
    words = state.conventions.source_note_starts
    for i, b in enumerate(blocks):
        if i in versions and current:  # a version's heading opens the next text
            groups.append((current, None))
            current = []
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
    kinds = {id(blocks[i]): kind for i, kind in versions.items()}
    witnesses: list[Witness] = []
    for index, (body, note_block) in enumerate(groups):
        w = describe_witness(state, index, note_block)
        kind = kinds.get(id(body[0])) if body else None
        if kind and witnesses:
            w.kind = kind
            w.description = f"{kind.capitalize()} of text {witnesses[0].siglum}: {body[0].text.strip()}"
            state.count("version")
            state.convention("version", body[0], f"a heading naming a version ({kind}) over the text repeated")
        ctx = state.ctx(w.prefix)
        before = len(state.letter_back)
        w.body = read_body(state, body, ctx, w.prefix)
        w.letter_back = state.letter_back[before:]  # (this text's: its back, before its own source note)
        del state.letter_back[before:]
        if kind and witnesses:
            _heading_first(w.body)
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
        if w.source_note is None and len(witnesses) > 1 and any(x.source_note is not None for x in witnesses):
            message = "blocks after the last source note form a text with no source note"
            state.diagnostics.append(
                warning(codes.TEXT_WITHOUT_SOURCE_NOTE, message, state.source.span(w.source_block.start) if w.source_block else None)
            )
    return witnesses


def _note_line(b: Block, words: tuple[str, ...]) -> bool:
    """A one-line block that goes on with the source note above it ("Published in English for the first time")."""
    return b.role is None and "\n" not in b.text and len(b.text) <= 200 and b.text.startswith(words)


VERSION_HEAD_CHARS = 80
VERSION_HEAD_WORDS = 8
VERSION_SHARED = 0.3  # of the smaller text's names and numbers, the share the other text repeats
VERSION_SHARED_MIN = 3
_WORD = re.compile(r"\w+")
_NAME_OR_NUMBER = re.compile(r"\b(?:[^\W\d_][\w'’-]{3,}|\d{2,})\b")


def version_kind(state: ReadState, b: Block) -> str | None:
    """The kind of version a heading names ("Original (transkription)": transcription), or None: one line of at most
    VERSION_HEAD_WORDS words, no sentence, a word of [conventions] version_kinds."""
    text = b.text.strip()
    if b.role is not None or "\n" in text or not text or len(text) > VERSION_HEAD_CHARS or text[-1] in ".!?;,":
        return None
    if text.startswith(state.conventions.source_note_starts):
        return None  # where the text comes from ("Printed according to the original"), not a version's heading
    words = [w.casefold() for w in _WORD.findall(text)]
    if not words or len(words) > VERSION_HEAD_WORDS:
        return None
    for kind, names in state.conventions.version_kinds:
        if any(w in names for w in words):
            return kind
    return None


def version_starts(state: ReadState, blocks: list[Block]) -> dict[int, str]:
    """The blocks that open a version of the text before them: a heading naming a version, when the text it heads
    and the text before it have names and numbers in common (VERSION_SHARED of the smaller set, VERSION_SHARED_MIN
    at least). One pass over the blocks; each text's words are counted once."""
    heads = [(i, kind) for i, b in enumerate(blocks) if 0 < i < len(blocks) - 1 and (kind := version_kind(state, b))]
    if not heads:
        return {}
    bounds = [0] + [i for i, _ in heads] + [len(blocks)]
    parts = [_names(blocks[a + (1 if n else 0) : z]) for n, (a, z) in enumerate(zip(bounds, bounds[1:], strict=False))]
    found: dict[int, str] = {}
    for n, (i, kind) in enumerate(heads):
        before, after = parts[n], parts[n + 1]
        shared = len(before & after)
        if shared >= VERSION_SHARED_MIN and shared >= VERSION_SHARED * min(len(before), len(after)):
            found[i] = kind
    return found


def _names(blocks: list[Block]) -> set[str]:
    """The names (capitalised words of four letters or more) and numbers of some blocks, case-folded."""
    out: set[str] = set()
    for b in blocks:
        out.update(w.casefold() for w in _NAME_OR_NUMBER.findall(b.text) if w[0].isupper() or w[0].isdigit())
    return out


def _heading_first(body: list) -> None:
    """The version's heading, read as the first paragraph of its text, is the text's head."""
    for node in body:
        if isinstance(node, Node) and node.tag not in (LAYOUT_TAG,):
            if node.tag == "p":
                node.tag = "head"
                node.attrs.pop("xml:id", None)
            return


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
