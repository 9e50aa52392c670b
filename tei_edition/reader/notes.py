"""Note bodies and what they say of themselves; the notes no call answers.

Evidence: the profile's [notes] — `bodies = "end"`: the run of blocks matching `body` at the end of the text (the
note list), perhaps under a `heading`; `bodies = "after"`: `block` bodies ("[Footnote n: …]", perhaps over several
blocks) after the paragraph that calls them, numbered again in each numbered section; `editorial`, `translator`,
`hiatus` and `duplicate_mark` in a body's text. The calls themselves are inline (tei_edition/reader/inline.py): a body
is read where its call is; a body no call answered is kept whole as an unanchored note (W111).
"""

from __future__ import annotations

import re

from tei_edition import codes
from tei_edition.diagnostics import warning
from tei_edition.model import Block, Node, Note
from tei_edition.reader.context import ReadState, space
from tei_edition.reader.inline import InlineContext, note_elements


def end_notes_start(state: ReadState, blocks: list[Block]) -> int:
    """Index of the first block of a trailing note list (len(blocks) when the profile has none)."""
    profile = state.profile
    if profile.notes.get("bodies") != "end" or not profile.notes.get("body"):
        return len(blocks)
    body = profile.compiled(profile.notes["body"], 0, "[notes] body")
    source_note = state.block_kinds.source_note
    start = len(blocks)
    for i in range(len(blocks) - 1, -1, -1):
        b = blocks[i]
        if body.match(b.text):
            start = i
        elif (source_note and source_note.search(b.text)) or i < start - 50:
            break
    return start


def split_end_notes(state: ReadState, main: list[Block]) -> tuple[list[Block], Node | None, int]:
    """The text's blocks without the note list at the end (its bodies read into state.notes), the list's heading
    (div[@type=notes]/head) and the blank lines before the list beyond one."""
    notes_start = end_notes_start(state, main)
    notes_space = 0
    notes_heading: Node | None = None
    heading = state.profile.notes.get("heading")
    if heading and 0 < notes_start < len(main) and re.fullmatch(heading, main[notes_start - 1].text):
        # "Notes" / "FOOTNOTES:" over the note list: its heading, kept with it
        b = main[notes_start - 1]
        notes_heading = Node("div", {"type": "notes"}, [*space(b), Node("head", {"type": "notes"}, [b.text])])
        state.count("notes-heading")
        del main[notes_start - 1]
        notes_start -= 1
    if notes_start < len(main):
        # blank lines before the note list belong before the list, not inside the first note
        notes_space = main[notes_start].blank_before - 1
        main[notes_start].blank_before = 1
        read_note_bodies(state, main[notes_start:], section=0)
    return main[:notes_start], notes_heading, notes_space


def read_note_bodies(state: ReadState, blocks: list[Block], section: int) -> None:
    body = state.profile.compiled(state.profile.notes["body"], 0, "[notes] body")
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
        note.body_prefix = b.text[: m.end()]
        add_note(state, note, b.text[m.end() :], m.end())
        current = state.last_note


def add_note(state: ReadState, note: Note, text: str, text_offset: int) -> None:
    """Flags from the body's text (duplicate mark, —Ed., hiatus); the body is read inline later, in its witness."""
    profile = state.profile
    mark = profile.notes.get("duplicate_mark")
    if mark and text.startswith(mark):
        note.duplicate = True
        text, text_offset = text[len(mark) :], text_offset + len(mark)
    editorial, translator, hiatus = (profile.note_pattern(k) for k in ("editorial", "translator", "hiatus"))
    note.editorial = bool(editorial and editorial.search(text))
    note.translator = bool(translator and translator.search(text))
    note.hiatus = bool(hiatus and hiatus.search(text))
    note.body_text, note.body_offset = text, note.block.start + text_offset
    key = (note.section, note.n)
    if key in state.notes:  # (two books in one file): the body answers the next call of its number after the first
        again = state.repeats.setdefault(key, [])
        again.append(note)
        note.again = len(again) + 1
        message = f"note number {note.n} is used again; this body answers the next call of that number"
        state.diagnostics.append(
            warning(codes.NOTE_NUMBER_TWICE, message, state.source.span(note.block.start, note.block.start + text_offset))
        )
    else:
        state.notes[key] = note
    state.note_order.append(note)
    state.last_note = note
    state.count("note-body")


def collect_footnote_blocks(state: ReadState, blocks: list[Block]) -> list[Block]:
    """[Footnote n: …] blocks (possibly over several blocks) become notes; a marker keeps their place."""
    profile = state.profile
    pattern = profile.compiled(profile.notes["block"], re.S, "[notes] block")
    start_re = profile.compiled(profile.notes["block"].split("(?P<body>")[0], 0, "[notes] block")
    first_char = literal_first(start_re.pattern)  # ("[" for "^\\[Footnote …": most blocks are not tried at all)
    division_starts = state.division_starts
    out: list[Block] = []
    section = 0
    i = 0
    while i < len(blocks):
        b = blocks[i]
        if b.start in division_starts:
            section += 1
        if (first_char is None or b.text.startswith(first_char)) and start_re.match(b.text):
            run_end = i
            while not pattern.match(blocks[run_end].text) and run_end + 1 < len(blocks) and not blocks[run_end].text.endswith("]"):
                run_end += 1
            m = pattern.match(b.text) if run_end == i else None
            note = None
            if run_end == i and m:
                note = Note(m.group("n"), b, [], bracket="[]", section=section, form="footnoteBlock")
                note.body_prefix, note.body_suffix = b.text[: m.start("body")], b.text[m.end("body") :]
                add_note(state, note, m.group("body"), m.start("body"))
            elif run_end > i and blocks[run_end].text.endswith("]"):
                first = start_re.match(b.text)
                number = re.search(r"\d+", first.group())
                assert number is not None  # a [Footnote n: …] start holds its number (one without failed here before too)
                n = number.group()
                note = Note(n, b, [], bracket="[]", section=section, form="footnoteBlock")
                note.body_prefix, note.body_suffix = b.text[: first.end()], "]"
                add_note(state, note, b.text[first.end() :], first.end())
                for extra in blocks[i + 1 : run_end + 1]:
                    note.more.append(extra)
                note.closing_bracket = True
            if note is not None:
                previous = out[-1] if out else None
                if previous is not None and previous.role == "notes-marker":
                    assert previous.notes is not None  # a marker is made with its notes (below)
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


def orphan_notes(state: ReadState, ctx: InlineContext) -> list[Node]:
    """Every body no call answered, in source order, as unanchored notes."""
    orphans: list[Node] = []
    for note in state.note_order:
        if not note.used:
            orphans += orphan(state, note, ctx)
    return orphans


def orphan(state: ReadState, note: Note, ctx: InlineContext) -> list[Node]:
    """A note body no call answers: kept whole as an unanchored note (W111), never dropped."""
    note.used = True
    state.diagnostics.append(
        warning(
            codes.NOTE_WITHOUT_CALL,
            f"note {note.n} has no call in the text; kept as an unanchored note",
            state.source.span(note.block.start, note.body_offset),
        )
    )
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


def literal_first(pattern: str) -> str | None:
    """The character every match of `pattern` (tried with re.match) begins with, when the pattern says so plainly:
    an optional "^", then an escaped punctuation mark or a letter, digit or space that no quantifier follows."""
    body = pattern[1:] if pattern.startswith("^") else pattern
    if len(body) >= 2 and body[0] == "\\" and not body[1].isalnum() and body[2:3] not in ("?", "*", "{", "+", "|"):
        return body[1]
    if body[:1].isalnum() or body[:1] == " ":
        return body[0] if body[1:2] not in ("?", "*", "{", "+", "|") else None
    return None
