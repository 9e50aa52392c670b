"""The document's structure: regions, front matter, witnesses split at their source notes, sections, letters, notes.

What each convention looks like comes from the profile (tei_edition/profiles/*.toml); this module decides only where
blocks go in the TEI document model (encoding.md §2), so that every block stays, in source order, somewhere.
"""

from __future__ import annotations

import functools
import re

from tei_edition import codes, layout
from tei_edition.dates import find_dual_dates, first_year
from tei_edition.diagnostics import Diagnostic, warning
from tei_edition.model import LAYOUT_TAG, LINE_BREAK, Block, Document, Node, Note, Witness
from tei_edition.reader.blocks import split_blocks
from tei_edition.reader.inline import InlineContext, date_node, note_elements, read_inline
from tei_edition.reader.profile import Profile
from tei_edition.source import SourceText

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
_MONTHS = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)"
DATELINE = re.compile(
    rf"^(?:[\[\w][\w .,’'\[\]-]{{0,40}}?,? )?(?:\d{{1,2}}(?:st|nd|rd|th)? {_MONTHS},? \d{{4}}|{_MONTHS} \d{{1,2}}(?:st|nd|rd|th)?,? \d{{4}})\.?$"
)
SALUTE = re.compile(
    r"^(?:(?:My |MY |Most |MOST |Dear|DEAR|Dearest|DEAREST|Honoured|HONOURED|Best|BEST|Sir|SIR|Madam|MADAM|Gentlemen|"
    r"GENTLEMEN|Citizen|Comrade|Friend|FRIEND)[^\n]{0,80}|[A-Z][A-Z .,'’!-]{2,80})(?:,|,--|!--|:|!|\.--|,—)$"
)
SIGNED = re.compile(r"^(?:(?:[A-Z]\.[ \u00a0]?){1,4}|[A-Z][A-Z .'’-]{2,40}\.?|[A-Z][a-z]+\.?)$")
CLOSING = re.compile(r"^[^\n]{0,60}\b(?:[Yy]ours?|[Ff]riend|[Ss]ervant|[Ff]arewell|[Aa]dieu|[Gg]reetings|[Rr]egards)\b[^\n]{0,40}$")
SENTENCE_END = re.compile(r"[.!?]\s*$")
POSTSCRIPT = re.compile(r"^(?:P\.S\.|P\. S\.|PS\.|N\.B\.|Postscript)")
LIST_LINE = re.compile(r"^(?P<label>\d{1,4}\.|[-*•]) (?P<item>\S.*)$")
LIST_BLOCK = re.compile(r"(?:(?:\d{1,4}\.|[-*•]) \S[^\n]*\n)*(?:\d{1,4}\.|[-*•]) \S[^\n]*")  # every line a LIST_LINE
TABLE_SPLIT = re.compile(r"(?<=\S)(?: {2,}|\t+)(?=\S)")


class _BlockKinds:
    """What the profile says about body blocks, looked up once (the reader asks for every block)."""

    def __init__(self, profile: Profile):
        self.navigation = profile.block_pattern("navigation")
        self.separator = profile.block_pattern("separator")
        self.source_lines = profile.block_pattern("source_lines")
        self.caps_headings = profile.flag("headings_in_capitals")
        self.lists = profile.flag("lists")
        self.verse = profile.flag("verse")
        self.tables = profile.flag("tables")


class Reader:
    """One conversion's state: the source, profile, metadata, shared inline state and diagnostics."""

    def __init__(self, source: SourceText, meta, profile: Profile):
        self.source = source
        self.meta = meta
        self.profile = profile
        self.diagnostics: list[Diagnostic] = []
        self.notes: dict[tuple[int, str], Note] = {}  # the first body of each number
        self.repeats: dict[tuple[int, str], list[Note]] = {}  # later bodies with the same number (concatenated books)
        self.note_order: list[Note] = []  # every body, in source order
        self.renditions: dict[str, tuple[str, str]] = {}
        self.found: dict[str, int] = {}
        self.year: int | None = None
        self.header_fields: dict[str, str] = {}
        self.used_ids: set[str] = set()
        self.block_kinds = _BlockKinds(profile)
        self._ids: tuple | None = None

    def ctx(self, prefix: str, section: int = 0) -> InlineContext:
        """A context for one witness or section (its own id prefix and counters; notes and found shared)."""
        ids = self._ids
        if ids is None:  # what the metadata says, looked up once (a book of letters has a context per letter)
            meta = self.meta
            translator = next((r["id"] for r in meta.responsibilities if r.get("id") == "translator"), None)
            ids = self._ids = (meta.editors_id, meta.author_id, meta.print_id, translator)
        ctx = InlineContext(self.source, self.notes, prefix, self.year, ids[0], ids[1], self.diagnostics, ids[2], self.profile,
                            self.renditions, self.found, section, ids[3])
        ctx.repeats = self.repeats
        return ctx

    def count(self, name: str, n: int = 1) -> None:
        self.found[name] = self.found.get(name, 0) + n

    # ------------------------------------------------------------------ the whole document

    def read(self) -> Document:
        blocks, trailing = split_blocks(self.source.text)
        pre, main, post = self._gutenberg_regions(blocks)
        notes_start = self._end_notes_start(main)
        notes_space = 0
        notes_heading: Node | None = None
        heading = self.profile.notes.get("heading")
        if heading and 0 < notes_start < len(main) and re.fullmatch(heading, main[notes_start - 1].text):
            # "Notes" / "FOOTNOTES:" over the note list: its heading, kept with it
            b = main[notes_start - 1]
            notes_heading = Node("div", {"type": "notes"}, [*_space(b), Node("head", {"type": "notes"}, [b.text])])
            self.count("notes-heading")
            del main[notes_start - 1]
            notes_start -= 1
        if notes_start < len(main):
            # blank lines before the note list belong before the list, not inside the first note
            notes_space = main[notes_start].blank_before - 1
            main[notes_start].blank_before = 1
            self._read_note_bodies(main[notes_start:], section=0)
        text_blocks = main[:notes_start]
        self.division_starts = self._divisions(text_blocks)
        if self.profile.notes.get("bodies") == "after":
            text_blocks = self._collect_footnote_blocks(text_blocks)
        front_blocks, body_blocks = self._split_front(text_blocks) if self.profile.flag("front") else ([], text_blocks)
        self.year = self.meta.year or first_year(" ".join(b.text for b in front_blocks) or self.source.text[:2000])
        front, date_block = self._read_front(front_blocks, self.ctx("front"))
        if pre:
            front = [self._region_div("pgHeader", pre, self.ctx("pg"))] + front
        witnesses = self._read_witnesses(body_blocks)
        back_ctx = self.ctx("notes")
        orphans = self._orphan_notes(back_ctx)
        back = [self._region_div("pgLicence", post, self.ctx("pgl"))] if post else []
        if trailing == 0:
            self.source.file.final_newline = False
        doc = Document(front, date_block, witnesses, orphans, max(trailing - 1, 0),
                       any(n.form != "footnoteBlock" for n in self.notes.values()), self.year, notes_space)
        doc.back = back
        doc.end_notes = [n for n in self.note_order if n.run is None]
        doc.notes_heading = notes_heading
        doc.renditions = self.renditions
        doc.header_fields = self.header_fields
        doc.found = self.found
        doc.profile = self.profile.name
        return doc

    # ------------------------------------------------------------------ regions

    def _gutenberg_regions(self, blocks: list[Block]) -> tuple[list[Block], list[Block], list[Block]]:
        """Project Gutenberg's header (to START) and licence (from "End of …") are kept out of the body."""
        g = self.profile.gutenberg
        if not g:
            return [], blocks, []
        start_re = self.profile.compiled(g["start"], re.M, "[gutenberg] start")
        end_re = self.profile.compiled(g.get("end_before", g["end"]), re.M, "[gutenberg] end")
        start = next((i for i, b in enumerate(blocks) if start_re.search(b.text)), None)
        if start is None:
            return [], blocks, []
        end = next((i for i in range(len(blocks) - 1, start, -1) if end_re.search(blocks[i].text)), None)
        if end is None:
            end = next((i for i in range(start + 1, len(blocks)) if self.profile.compiled(g["end"], re.M, "[gutenberg] end").search(blocks[i].text)), len(blocks))
        pre, main, post = blocks[: start + 1], blocks[start + 1: end], blocks[end:]
        fields = self.profile.compiled(g.get("fields", r"(?!)"), re.M, "[gutenberg] fields")
        for b in pre:
            for m in fields.finditer(b.text):
                self.header_fields.setdefault(m.group("label").lower(), m.group("value").strip())
        ebook = re.search(r"\[E(?:Book|text) #(\d+)\]", "\n".join(b.text for b in pre))
        if ebook:
            self.header_fields["ebook"] = ebook.group(1)
        self.count("gutenberg-header", len(pre))
        self.count("gutenberg-licence", len(post))
        return pre, main, post

    def _region_div(self, kind: str, blocks: list[Block], ctx: InlineContext) -> Node:
        """Header or licence of a distributor, kept as it is: paragraphs and line breaks, no conventions read."""
        div = Node("div", {"type": kind})
        for b in blocks:
            lines = b.lines  # (none is empty: a block is a run of non-empty lines)
            children = [LINE_BREAK] * (2 * len(lines) - 1)  # line, lb, line, lb, …, line
            children[::2] = lines
            div.children += _space(b)
            div.children.append(Node("p", {}, children))
        return div

    # ------------------------------------------------------------------ notes

    def _divisions(self, blocks: list[Block]) -> set[int]:
        """Blocks that open a numbered section: "219." alone, numbered one more than the section before
        (so that a year such as "1818." standing alone as a date line is not taken for section 1818)."""
        division = self.profile.block_pattern("division")
        starts: set[int] = set()
        previous = None
        for b in blocks:
            m = division.match(b.text) if division and "\n" not in b.text else None
            if m and (previous is None or int(m.group("n")) == previous + 1):
                starts.add(b.start)
                previous = int(m.group("n"))
        return starts

    def _end_notes_start(self, blocks: list[Block]) -> int:
        """Index of the first block of a trailing note list (len(blocks) when the profile has none)."""
        if self.profile.notes.get("bodies") != "end" or not self.profile.notes.get("body"):
            return len(blocks)
        body = self.profile.compiled(self.profile.notes["body"], 0, "[notes] body")
        source_note = self.profile.block_pattern("source_note")
        start = len(blocks)
        for i in range(len(blocks) - 1, -1, -1):
            b = blocks[i]
            if body.match(b.text):
                start = i
            elif (source_note and source_note.search(b.text)) or i < start - 50:
                break
        return start

    def _read_note_bodies(self, blocks: list[Block], section: int) -> None:
        body = self.profile.compiled(self.profile.notes["body"], 0, "[notes] body")
        current: Note | None = None
        stars = 0
        for b in blocks:
            m = body.match(b.text)
            if not m:
                if current is not None:
                    current.more.append(b)  # a note continued over several paragraphs
                continue
            groups = m.groupdict()
            form = "plain"
            if groups.get("star"):  # "* text": unnumbered bodies answer the "*" calls in order
                stars += 1
                n, bracket = str(stars), "*"
            elif groups.get("arrow"):  # MediaWiki's "↑ text" (or "1. ↑ text"): the back-reference of the n-th call
                stars += 1
                n, bracket = groups.get("n") or str(stars), "[]"
                form = "arrowNumbered" if groups.get("n") else "arrow"
            else:
                n = groups.get("brace") or groups.get("bracket") or groups.get("n")
                bracket = "{}" if groups.get("brace") else "[]"
            if n is None:
                continue  # the profile's body pattern has no number group: not a note body we can pair with a call
            note = Note(n, b, [], bracket=bracket, section=section, form=form)
            note.body_prefix = b.text[:m.end()]
            self._add_note(note, b.text[m.end():], m.end())
            current = self._last_note

    def _add_note(self, note: Note, text: str, text_offset: int) -> None:
        """Flags from the body's text (duplicate mark, —Ed., hiatus); the body is read inline later, in its witness."""
        mark = self.profile.notes.get("duplicate_mark")
        if mark and text.startswith(mark):
            note.duplicate = True
            text, text_offset = text[len(mark):], text_offset + len(mark)
        editorial, translator, hiatus = (self.profile.note_pattern(k) for k in ("editorial", "translator", "hiatus"))
        note.editorial = bool(editorial and editorial.search(text))
        note.translator = bool(translator and translator.search(text))
        note.hiatus = bool(hiatus and hiatus.search(text))
        note.body_text, note.body_offset = text, note.block.start + text_offset
        key = (note.section, note.n)
        if key in self.notes:  # (two books in one file): the body answers the next call of its number after the first
            again = self.repeats.setdefault(key, [])
            again.append(note)
            note.again = len(again) + 1
            self.diagnostics.append(warning(codes.NOTE_NUMBER_TWICE, f"note number {note.n} is used again; this body answers the next call of that number",
                                            self.source.span(note.block.start, note.block.start + text_offset)))
        else:
            self.notes[key] = note
        self.note_order.append(note)
        self._last_note = note
        self.count("note-body")

    def _collect_footnote_blocks(self, blocks: list[Block]) -> list[Block]:
        """[Footnote n: …] blocks (possibly over several blocks) become notes; a marker keeps their place."""
        pattern = self.profile.compiled(self.profile.notes["block"], re.S, "[notes] block")
        start_re = self.profile.compiled(self.profile.notes["block"].split("(?P<body>")[0], 0, "[notes] block")
        first_char = _literal_first(start_re.pattern)  # ("[" for "^\\[Footnote …": most blocks are not tried at all)
        out: list[Block] = []
        section = 0
        i = 0
        while i < len(blocks):
            b = blocks[i]
            if b.start in self.division_starts:
                section += 1
            if (first_char is None or b.text.startswith(first_char)) and start_re.match(b.text):
                run_end = i
                while not pattern.match(blocks[run_end].text) and run_end + 1 < len(blocks) and not blocks[run_end].text.endswith("]"):
                    run_end += 1
                m = pattern.match(b.text) if run_end == i else None
                note = None
                if run_end == i and m:
                    note = Note(m.group("n"), b, [], bracket="[]", section=section, form="footnoteBlock")
                    note.body_prefix, note.body_suffix = b.text[:m.start("body")], b.text[m.end("body"):]
                    self._add_note(note, m.group("body"), m.start("body"))
                elif run_end > i and blocks[run_end].text.endswith("]"):
                    first = start_re.match(b.text)
                    n = re.search(r"\d+", first.group()).group()
                    note = Note(n, b, [], bracket="[]", section=section, form="footnoteBlock")
                    note.body_prefix, note.body_suffix = b.text[:first.end()], "]"
                    self._add_note(note, b.text[first.end():], first.end())
                    for extra in blocks[i + 1: run_end + 1]:
                        note.more.append(extra)
                    note.closing_bracket = True
                if note is not None:
                    previous = out[-1] if out else None
                    if previous is not None and previous.role == "notes-marker":
                        previous.notes.append(note)  # one marker for a run of bodies; later ones keep their blank lines
                        note.run = id(previous)
                    else:
                        marker = Block("", b.start, b.blank_before)
                        marker.role = "notes-marker"
                        marker.notes = [note]
                        note.run = id(marker)
                        note.space_outside = True  # the marker carries the blank lines before the run
                        out.append(marker)
                    i = run_end + 1
                    continue
            out.append(b)
            i += 1
        return out

    def _orphan_notes(self, ctx: InlineContext) -> list[Node]:
        orphans: list[Node] = []
        for note in self.note_order:
            if not note.used:
                orphans += self._orphan(note, ctx)
        return orphans

    def _orphan(self, note: Note, ctx: InlineContext) -> list[Node]:
        """A note body no call answers: kept whole as an unanchored note (W111), never dropped."""
        note.used = True
        self.diagnostics.append(warning(codes.NOTE_WITHOUT_CALL, f"note {note.n} has no call in the text; kept as an unanchored note",
                                        self.source.span(note.block.start, note.body_offset)))
        section, ctx.section = ctx.section, note.section
        nodes = [n for n in note_elements(note, ctx) if n.tag == "note"]
        ctx.section = section
        for node in nodes:
            node.attrs["place"] = "end"
            node.attrs["anchored"] = "false"
            node.attrs.pop("target", None)
            if node.attrs.get("subtype") == "hiatus":  # a hiatus note with no call has no gap to explain
                del node.attrs["subtype"]
        return nodes

    # ------------------------------------------------------------------ front matter

    def _split_front(self, blocks: list[Block]) -> tuple[list[Block], list[Block]]:
        """Leading heading-like blocks (at most eight) are front matter; the rest is the body."""
        source_note = self.profile.block_pattern("source_note")
        i = 0
        lines_re = self.profile.block_pattern("source_lines")
        while i < min(len(blocks) - 1, 8) and blocks[i].role is None and (
                (lines_re and all(lines_re.match(line) for line in blocks[i].lines))
                or (_is_heading(blocks[i]) and not (source_note and source_note.search(blocks[i].text))
                    and not self._is_letter_start(blocks[i]))):
            i += 1
        return blocks[:i], blocks[i:]

    def _is_letter_start(self, b: Block) -> bool:
        return self.profile.flag("letters") and (_is_dateline(b.text) or _is_salute(b.text))

    def _read_front(self, blocks: list[Block], ctx: InlineContext) -> tuple[list[Node], Node | None]:
        """Author, conference title, date line (docTitle); a bare dual date becomes the shared docDate (encoding.md §9)."""
        front: list[Node] = []
        date_block: Node | None = None
        date_at = 0
        doc_title: Node | None = None
        for index, b in enumerate(blocks):
            space = list(_space(b))
            dual = find_dual_dates(b.text, ctx.year)
            if index == 0 and AUTHOR.match(b.text):
                author = Node("persName", {"ref": "#" + ctx.author} if ctx.author else {}, read_inline(b.text, b.start, ctx))
                front += space + [Node("docAuthor", {}, [author])]
                self.count("docAuthor")
            elif dual and dual[0].start == 0 and dual[0].end == len(b.text) and not dual[0].has_year and date_block is None:
                d = dual[0]
                node = date_node(b.text, d, tag="docDate")
                if "from" in node.attrs:  # docDate carries only @when (TEI 4.3.0): a range goes on an inner date
                    node = Node("docDate", {}, [date_node(b.text, d)])
                date_block = Node("group-date", {}, space + [node])
                date_at = len(front)
                self.count("docDate")
            elif date_block is None and (doc_title is None or (front[-1] is doc_title and (dual or first_year(b.text))
                                                                and len(doc_title.children) < 3)):
                part = Node("titlePart", {"type": "main" if doc_title is None else "sub"}, read_inline(b.text, b.start, ctx))
                self.count("titlePart")
                if doc_title is None:  # docTitle starts with a titlePart: blank lines before it stay outside
                    doc_title = Node("docTitle", {}, [part])
                    front += space + [doc_title]
                else:
                    doc_title.extend(space + [part])
            else:
                front += space + [self._head_or_source_lines(b, ctx, "head")]
        if date_block is not None and date_at < len(front):
            # the date line is not the last of the front matter: it stays in the front, in its place
            front[date_at:date_at] = date_block.children
            date_block = None
        return front, date_block

    def _head_or_source_lines(self, b: Block, ctx: InlineContext, tag: str) -> Node:
        """A block of "Source: …" lines becomes bibls (kept as text, copied to the header); else a heading."""
        lines_re = self.profile.block_pattern("source_lines")
        if lines_re and all(lines_re.match(line) for line in b.lines):
            p = Node("p", {}, [])
            offset = b.start
            for i, line in enumerate(b.lines):
                m = lines_re.match(line)
                label = m.group("label")
                self.header_fields.setdefault(label.lower(), m.group("value").strip())
                if i:
                    p.append(LINE_BREAK)
                bibl_type = re.sub(r"\W+(\w)", lambda x: x.group(1).upper(), label.lower()).replace("/", "")
                p.append(Node("bibl", {"type": bibl_type}, read_inline(line, offset, ctx, notes=False)))
                offset += len(line) + 1
            self.count("source-line", len(b.lines))
            return p
        self.count("head")
        return Node(tag, {}, read_inline(b.text, b.start, ctx))

    # ------------------------------------------------------------------ witnesses, sections, letters

    def _read_witnesses(self, blocks: list[Block]) -> list[Witness]:
        source_note = self.profile.block_pattern("source_note")
        groups: list[tuple[list[Block], Block | None]] = []
        current: list[Block] = []
        for b in blocks:
            if source_note and len(b.text) <= 500 and b.role is None and "\n" not in b.text and source_note.search(b.text):
                groups.append((current, b))
                current = []
            else:
                current.append(b)
        if current or not groups:
            groups.append((current, None))
        if groups and not groups[-1][0] and groups[-1][1] is None:
            groups.pop()
        witnesses: list[Witness] = []
        for index, (body, note_block) in enumerate(groups):
            w = self._describe_witness(index, note_block)
            ctx = self.ctx(w.prefix)
            w.body = self._read_body(body, ctx, w.prefix)
            if note_block is not None:
                w.source_note = self._source_note(note_block, w, ctx)
                w.source_block = note_block
                self.count("source-note")
            elif body:
                w.source_block = body[0]
            witnesses.append(w)
        for w in witnesses:
            if w.source_note is None and len(witnesses) > 1:
                self.diagnostics.append(warning(codes.TEXT_WITHOUT_SOURCE_NOTE, "blocks after the last source note form a text with no source note",
                                                self.source.span(w.source_block.start) if w.source_block else None))
        return witnesses

    def _read_body(self, blocks: list[Block], ctx: InlineContext, prefix: str) -> list[Node]:
        """Blocks before the first numbered section, then one div per section (a letter when it looks like one)."""
        division = self.profile.block_pattern("division")
        sections: list[tuple[Block | None, list[Block]]] = [(None, [])]
        division_starts = self.division_starts
        for b in blocks:
            if b.start in division_starts and b.role is None:
                sections.append((b, []))
            else:
                sections[-1][1].append(b)
        whole_is_letter = len(sections) == 1 and self.profile.flag("letters") and self._looks_like_letter(sections[0][1])
        out = self._read_section(sections[0][1], ctx, letter=whole_is_letter)
        for index, (number_block, section_blocks) in enumerate(sections[1:], 1):
            n = division.match(number_block.text).group("n")
            section_prefix = f"{prefix}{_safe(n)}" if _safe(n) else f"{prefix}s{index}"
            if "prefix:" + section_prefix in self.used_ids:
                section_prefix = f"{prefix}s{index}"
            self.used_ids.add("prefix:" + section_prefix)
            sctx = self.ctx(section_prefix, section=index)
            sctx.counters = {}
            kind = "letter" if self.profile.flag("letters") and self._looks_like_letter(section_blocks) else "section"
            div = Node("div", {"type": kind, "n": n}, [])
            div.children += _space(number_block)  # (nodes only: nothing to merge, as Node.extend would)
            head = Node("head", {"type": "number"}, read_inline(number_block.text, number_block.start, sctx))
            div.append(head)
            div.children += self._read_section(section_blocks, sctx, letter=kind == "letter", in_div=True)
            out.append(div)
            self.count("section")
        return out

    def _looks_like_letter(self, blocks: list[Block]) -> bool:
        real = [b for b in blocks if b.role is None]
        return any(_is_salute(b.text) or _is_dateline(b.text) for b in real[:4]) or any(
            _is_signed(b.text) for b in real[-4:])

    def _read_section(self, blocks: list[Block], ctx: InlineContext, *, letter: bool, in_div: bool = False) -> list[Node]:
        """The blocks of one section, in order: headings, opener, paragraphs (lists, verse, tables), closer, postscript."""
        roles = self._letter_roles(blocks) if letter else [None] * len(blocks)
        out: list[Node] = []
        opener: Node | None = None
        closer: Node | None = None
        postscript: Node | None = None
        allow_head = in_div
        for b, role in zip(blocks, roles):
            space = _space(b)
            if b.role == "notes-marker":
                # where the source printed these note bodies: the source form puts them back here; a body whose
                # call did not come before it stands here as an unanchored note
                container = postscript.children if postscript is not None else out
                container.extend(space)
                for note in b.notes:
                    if not note.used:
                        container.extend(self._orphan(note, ctx))
                container.append(layout.notes_list(b.notes))
                continue
            if role in ("dateline", "salute", "opener-extra") and (opener is not None or not any(
                    n.tag not in ("head", LAYOUT_TAG, "note") for n in out)) and closer is None:
                # an opener only where TEI allows one: before the first paragraph of its division
                if opener is None:
                    opener = Node("opener", {}, [])
                    out.extend(space)
                    out.append(opener)
                else:
                    opener.extend(space)
                opener.append(self._letter_part("seg" if role == "opener-extra" else role, b, ctx))
                allow_head = False
                continue
            if role in ("closing", "signed", "closer-extra"):
                if closer is None:
                    closer = Node("closer", {}, [])
                    out.extend(space)
                    out.append(closer)
                else:
                    closer.extend(space)
                closer.append(self._letter_part({"closing": "salute", "signed": "signed", "closer-extra": "seg"}[role], b, ctx))
                continue
            if role == "postscript" or postscript is not None:
                if postscript is None:
                    postscript = Node("postscript", {}, [])
                    out.extend(space)
                    out.append(postscript)
                    self.count("postscript")
                else:
                    postscript.extend(space)
                postscript.append(self._paragraph(b, ctx))
                continue
            node = self._block(b, ctx, allow_head and opener is None)
            if node.tag != "head":
                allow_head = False
            out.extend(space)
            out.append(node)
        return out

    def _letter_roles(self, blocks: list[Block]) -> list[str | None]:
        """Roles of a letter's parts: dateline/salute at the start, closing/signed at the end, then a postscript."""
        roles: list[str | None] = [None] * len(blocks)
        real = [i for i, b in enumerate(blocks) if b.role is None]
        # opener: among the first blocks (after headings), a dateline and/or a salute
        for i in real[:4]:
            text = blocks[i].text
            if len(text) > 120:
                break
            if _is_dateline(text):
                roles[i] = "dateline"
            elif _is_salute(text):
                roles[i] = "salute"
                break
        opener_parts = [i for i in real[:4] if roles[i] in ("dateline", "salute")]  # (only these can have a role yet)
        if len(opener_parts) > 1:  # a short line between two opener parts ("85 florins enclosed.") stays in the opener
            for i in real:
                if opener_parts[0] < i < opener_parts[-1] and roles[i] is None:
                    roles[i] = "opener-extra"
        opening = opener_parts[0] if opener_parts else None
        # closer: the last signature, the closing words before it; what follows is a postscript or short lines
        signed = next((i for i in reversed(real[-5:]) if _is_signed(blocks[i].text) and roles[i] is None and i != real[0]), None)
        if signed is None:
            return roles
        roles[signed] = "signed"
        k = real.index(signed) - 1
        while k >= 0 and roles[real[k]] is None and len(blocks[real[k]].text) <= 80 and not SENTENCE_END.search(blocks[real[k]].text) and (
                CLOSING.match(blocks[real[k]].text) or blocks[real[k]].text.rstrip().endswith(",")) and k >= real.index(signed) - 2:
            roles[real[k]] = "closing"
            k -= 1
        after = real[real.index(signed) + 1:]
        if after:
            if POSTSCRIPT.match(blocks[after[0]].text):
                roles[after[0]] = "postscript"
            elif all(len(blocks[i].text) <= 60 for i in after) and len(after) <= 2:
                for i in after:
                    roles[i] = "closer-extra"
            else:
                roles[signed] = None
                for i in real:
                    if roles[i] == "closing":
                        roles[i] = None
        caps = self.profile.flag("headings_in_capitals")
        middle = any(roles[i] is None and not (caps and (opening is None or i < opening) and _is_caps_heading(blocks[i]))
                     for i in real)
        if not middle:  # TEI puts a closer only after the body of a division: with none, the parts stay paragraphs
            for i in real:
                if roles[i] in ("closing", "signed", "closer-extra", "postscript"):
                    roles[i] = None
        return roles

    def _letter_part(self, tag: str, b: Block, ctx: InlineContext) -> Node:
        self.count(tag)
        return Node(tag, {}, read_inline(b.text, b.start, ctx))

    def _paragraph(self, b: Block, ctx: InlineContext) -> Node:
        found = self.found
        found["p"] = found.get("p", 0) + 1
        return Node("p", {"xml:id": ctx.next_id("p")}, read_inline(b.text, b.start, ctx))

    def _block(self, b: Block, ctx: InlineContext, allow_head: bool) -> Node:
        """One body block: navigation, separator, heading, list, verse, table, or a paragraph."""
        text = b.text
        kinds = self.block_kinds
        if len(text) <= 400:  # navigation, separators and source lines are short: long paragraphs skip the tests
            navigation = kinds.navigation
            if navigation and all(navigation.match(line) for line in b.lines):
                self.count("navigation", len(b.lines))
                return Node("ab", {"type": "navigation"}, read_inline(text, b.start, ctx, notes=False, dates=False))
            if kinds.separator and kinds.separator.match(text):
                self.count("separator")
                return Node("ab", {"type": "separator"}, [text])
            lines_re = kinds.source_lines
            if lines_re and all(lines_re.match(line) for line in b.lines):
                return self._head_or_source_lines(b, ctx, "p")
            if allow_head and kinds.caps_headings and _is_caps_heading(b):
                self.count("head")
                return Node("head", {}, read_inline(text, b.start, ctx))
        if "\n" in text:  # lists, verse and tables have several lines
            if kinds.lists and LIST_BLOCK.fullmatch(text):
                return self._list(b, ctx)
            if kinds.verse and _is_verse(text):
                return self._verse(b, ctx)
            if kinds.tables:
                table = self._table(b, ctx)
                if table is not None:
                    return table
        return self._paragraph(b, ctx)

    def _list(self, b: Block, ctx: InlineContext) -> Node:
        ordered = b.lines[0][0].isdigit()
        lst = Node("list", {"type": "ordered" if ordered else "bulleted"}, [])
        offset = b.start
        for line in b.lines:
            m = LIST_LINE.match(line)
            lst.append(Node("label", {}, [m.group("label")]))
            lst.append(Node("item", {}, read_inline(m.group("item"), offset + m.start("item"), ctx)))
            offset += len(line) + 1
        self.count("list")
        self.count("item", len(b.lines))
        return lst

    def _verse(self, b: Block, ctx: InlineContext) -> Node:
        lg = Node("lg", {}, [])
        offset = b.start
        for line in b.lines:
            indent = len(line) - len(line.lstrip(" "))
            line_node = Node("l", {}, [])
            if indent:
                line_node.append(Node("space", {"dim": "horizontal", "unit": "chars", "quantity": str(indent)}))
            line_node.extend(read_inline(line[indent:], offset + indent, ctx))
            lg.append(line_node)
            offset += len(line) + 1
        self.count("lg")
        self.count("l", len(b.lines))
        return lg

    def _table(self, b: Block, ctx: InlineContext) -> Node | None:
        """Columns aligned with two or more spaces (or tabs), the same number (≥ 2) on every line."""
        lines = b.lines
        first = lines[0]
        if len(first) > 120 or ("  " not in first and "\t" not in first) or not all("  " in line or "\t" in line for line in lines):
            return None  # cheap tests first: a column needs two spaces or a tab on every line
        rows = []
        for line in lines:
            cuts = [m.end() for m in TABLE_SPLIT.finditer(line)]
            if not cuts:
                return None
            rows.append([line[s:e] for s, e in zip([0] + cuts, cuts + [len(line)])])
        if len({len(r) for r in rows}) != 1 or any(not c.strip() for r in rows for c in r):
            return None
        table = Node("table", {}, [])
        offset = b.start
        for cells in rows:
            row = Node("row", {}, [])
            for cell in cells:
                # a cell keeps the spaces that aligned the next column, so the line comes back as it was
                row.append(Node("cell", {}, read_inline(cell, offset, ctx, notes=False)))
                offset += len(cell)
            table.append(row)
            offset += 1
        self.count("table")
        return table

    # ------------------------------------------------------------------ witnesses' descriptions and source notes

    def _describe_witness(self, index: int, block: Block | None) -> Witness:
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
        given = self.meta.witness(index)
        if given:
            base = given.get("id", "wit_" + base).removeprefix("wit_")
            siglum = given.get("siglum", siglum)
            kind = given.get("type", kind)
        used = self.used_ids
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
        w.editors = self.meta.editors_id
        return w

    def _source_note(self, b: Block, w: Witness, ctx: InlineContext) -> Node:
        """The CW source note, decomposed into bibl + seg[@type=copyText] where its shape is known (encoding.md §9)."""
        text = b.text
        p = Node("p", {}, [])
        m = FIRST_PUBLISHED.match(text)
        pm = PERIODICAL.match(text)
        if m:
            bibl = Node("bibl", {"corresp": "#" + w.ident}, [])
            bibl.append("First published in ")
            bibl.append(Node("date", {"calendar": "#gregorian", "when": m.group("year")}, [m.group("year")]))
            bibl.append(f" in {m.group('what')} ")
            title_attrs = {"level": "m"}
            if w.title_lang:
                title_attrs["xml:lang"] = w.title_lang
            bibl.append(Node("title", title_attrs, read_inline(m.group("title"), b.start + m.start("title"), ctx, notes=False, dates=False)))
            p.append(bibl)
            p.append(" ")
            p.append(_copy_text(m.group("copy"), None))
        elif pm:
            bibl = Node("bibl", {"corresp": "#" + w.ident}, [])
            bibl.append(Node("title", {"level": "j"}, [pm.group("journal")]))
            bibl.append(" ")
            bibl.append(Node("biblScope", {"unit": "issue", "from": pm.group("no"), "to": pm.group("no")}, [pm.group("issue")]))
            bibl.append(", ")
            date_text = pm.group("date")
            date_offset = b.start + pm.start("date")
            dual = find_dual_dates(date_text, ctx.year)
            if dual and dual[0].start == 0 and dual[0].end == len(date_text):
                bibl.append(date_node(date_text, dual[0]))
            else:
                bibl.extend(read_inline(date_text, date_offset, ctx, notes=False))
            p.append(bibl)
            p.append(" ")
            p.append(_copy_text(pm.group("copy"), pm.group("journal")))
        else:
            p.extend(read_inline(text, b.start, ctx))
        return p


def read_document(source: SourceText, meta, profile: Profile) -> tuple[Document, list[Diagnostic]]:
    """Read the whole source into a Document; diagnostics say what was not understood (never dropped)."""
    reader = Reader(source, meta, profile)
    doc = reader.read()
    return doc, reader.diagnostics


def _is_heading(b: Block) -> bool:
    """Short lines that do not end a sentence ("(B.)" of a party name does not)."""
    return len(b.lines) <= 3 and all(
        len(line) <= 150 and (not HEADING_END.search(line.rstrip()) or ABBREVIATION_END.search(line.rstrip())) for line in b.lines
    )


def _is_verse(text: str) -> bool:
    """Every line indented by two spaces or more (counted, not split)."""
    return text.startswith("  ") and text.count("\n  ") == text.count("\n")


# A letter's first and last blocks are tested twice (does the section look like a letter? which parts are
# which?): the answers for recent texts are kept.
@functools.lru_cache(maxsize=256)
def _is_dateline(text: str) -> bool:
    """DATELINE, tried only where it can match: it ends in a four-digit year (and perhaps a full stop)."""
    return len(text) <= 120 and text.rstrip(".")[-4:].isdigit() and bool(DATELINE.match(text))


@functools.lru_cache(maxsize=256)
def _is_salute(text: str) -> bool:
    """SALUTE, tried only where it can match: under 100 characters, ending in , : ! - or —."""
    return len(text) <= 120 and text[-1:] in (",", ":", "!", "-", "—") and bool(SALUTE.match(text))


@functools.lru_cache(maxsize=256)
def _is_signed(text: str) -> bool:
    return bool(SIGNED.match(text))


def _is_caps_heading(b: Block) -> bool:
    """A heading in capitals; a few lower-case letters are allowed ("HOeFEN": umlauts spelt out as in Gutenberg texts)."""
    text = b.text
    # the cheap tests first (most blocks are long paragraphs); a letter's first blocks are asked about twice
    return len(text) <= 200 and text.count("\n") <= 2 and _caps(text)


@functools.lru_cache(maxsize=256)
def _caps(text: str) -> bool:
    letters = "".join(filter(str.isalpha, text))
    upper = sum(map(str.isupper, letters))
    return len(letters) >= 2 and upper >= 0.9 * len(letters)


def _literal_first(pattern: str) -> str | None:
    """The character every match of `pattern` (tried with re.match) begins with, when the pattern says so plainly:
    an optional "^", then an escaped punctuation mark or a letter, digit or space that no quantifier follows."""
    body = pattern[1:] if pattern.startswith("^") else pattern
    if len(body) >= 2 and body[0] == "\\" and not body[1].isalnum() and body[2:3] not in ("?", "*", "{", "+", "|"):
        return body[1]
    if body[:1].isalnum() or body[:1] == " ":
        return body[0] if body[1:2] not in ("?", "*", "{", "+", "|") else None
    return None


_NUMBER = re.compile(r"\d{1,6}")


def _safe(n: str) -> str:
    return n if _NUMBER.fullmatch(n) else ""


def _space(b: Block) -> tuple[Node, ...]:
    """Blank lines beyond the usual one before a block: layout of the plain text, a processing instruction
    (tei_edition/layout.py, schemas/README.md)."""
    return layout.blank_before(b.blank_before)


def _copy_text(text: str, journal: str | None) -> Node:
    seg = Node("seg", {"type": "copyText"})
    if journal and f" {journal} " in f" {text} ":
        before, _, after = text.partition(journal)
        seg.extend([before, Node("title", {"level": "j"}, [journal]), after])
    else:
        seg.append(text)
    return seg
