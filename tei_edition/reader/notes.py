"""Note bodies and what they say of themselves; the notes no call answers.

Evidence: the profile's [notes] — `bodies = "end"`: the run of blocks matching `body` at the end of the text (the
note list), perhaps under a `heading`; `bodies = "after"`: `block` bodies ("[Footnote n: …]", perhaps over several
blocks) after the paragraph that calls them, numbered again in each numbered section; `editorial`, `translator`,
`hiatus` and `duplicate_mark` in a body's text. The calls themselves are inline (tei_edition/reader/inline.py): a body
is read where its call is; a body no call answered is kept whole as an unanchored note (W111).

In every profile but `plain` (`bodies = "none"`), where the profile's own [notes] find no list, the shared
conventions (conventions.toml, "notes") are tried on their evidence: a note list at the end in any common shape
("1. ", "1) ", "[1] ", "{1} ", "(1) ", "¹ ", "* ", "† ", "↑ "/"^ " back-links), as blocks or as the lines of one
block, under a heading in any of `note_headings` or none (then numbered 1..N and answered by calls found in that
order, tei_edition/reader/calls.py); unnumbered bodies after a heading (each block, or each line of a block of
unwrapped lines), answering the calls in order when calls.py finds them; an empty notes heading last. Who wrote a
note comes from its own words (`note_editorial`, `note_translator`, `note_authorial`): else it is left unstated.
"""

from __future__ import annotations

import re

from tei_edition import codes
from tei_edition.diagnostics import warning
from tei_edition.model import Block, Node, Note
from tei_edition.reader import calls
from tei_edition.reader.blocks import line_blocks
from tei_edition.reader.context import ReadState, space
from tei_edition.reader.conventions import expand
from tei_edition.reader.inline import InlineContext, note_elements
from tei_edition.reader.profile import Profile

WINDOW = 60  # blocks looked at from the end for a note list or its heading
CONTINUED = 3  # paragraphs a body of a list found without a heading may run on over (scanning back from the end)
STRONG = ("bracket", "brace", "arrow", "arrow_only")  # body shapes that are notes whatever calls are found


class NoteShapes:
    """The shared note conventions of one profile (conventions.toml, "notes"), compiled once."""

    def __init__(self, profile: Profile):
        data = profile.conventions
        own = profile.own_conventions

        def compiled(key: str, pattern: str):
            pattern = expand(pattern, data)
            return profile.compiled(pattern, 0, f"[conventions] {key}") if key in own and not profile.trusted else re.compile(pattern)

        self.heading = compiled("note_heading", data["note_heading"])
        self.body = compiled("note_body", data["note_body"])
        marks = {}
        for key in ("note_editorial", "note_translator", "note_authorial"):
            words = "|".join(re.escape(w) for w in data[key])
            # the words last in the body (perhaps in brackets) or first in it
            marks[key] = compiled(key, rf"(?<!\w)(?:{words})[\s)\].]*$|^[\s(\[]*(?:{words})(?!\w)")
        self.editorial, self.translator, self.authorial = marks["note_editorial"], marks["note_translator"], marks["note_authorial"]
        self.unwrapped = int(data["note_unwrapped_line"])


def shapes(profile: Profile) -> NoteShapes:
    """The profile's NoteShapes, made once (kept on the profile: profiles are loaded once per file version)."""
    made = profile.__dict__.get("_note_shapes")
    if made is None:
        made = profile.__dict__["_note_shapes"] = NoteShapes(profile)
    return made


def is_notes_heading(state: ReadState, text: str) -> bool:
    heading = state.profile.notes.get("heading")
    if heading and re.fullmatch(heading, text):
        return True
    return len(text) <= 60 and shapes(state.profile).heading.fullmatch(text) is not None


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
    units: list[Unit] | None = None
    general = state.profile.notes.get("bodies") != "none"
    if notes_start == len(main) and general:
        notes_start, units = general_list(state, main)
    notes_space = 0
    notes_heading: Node | None = None
    at = notes_start - 1
    if 0 <= at and (notes_start < len(main) or general) and is_notes_heading(state, main[at].text):
        # "Notes" / "FOOTNOTES:" over the note list (or last, over none): its heading, kept with it
        b = main[at]
        notes_heading = Node("div", {"type": "notes"}, [*space(b), Node("head", {"type": "notes"}, [b.text])])
        state.count("notes-heading")
        if notes_start == len(main):
            state.convention("notes-heading-empty", b, f"{b.text!r} last in the text, no note after it")
        del main[at]
        notes_start -= 1
    if notes_start < len(main):
        # blank lines before the note list belong before the list, not inside the first note
        notes_space = max(main[notes_start].blank_before - 1, 0)
        main[notes_start].blank_before = min(main[notes_start].blank_before, 1)  # (0: on the line after the text)
        if units is None:
            read_note_bodies(state, main[notes_start:], section=0)
        else:
            if units and units[0].block.start == main[notes_start].start:
                units[0].block.blank_before = main[notes_start].blank_before
            read_general_bodies(state, units)
    return main[:notes_start], notes_heading, notes_space


class Unit:
    """One piece of a note list: a body's first block (or lines), with how it begins; or a paragraph continuing it."""

    __slots__ = ("block", "match", "continued")

    def __init__(self, block: Block, match: re.Match | None, continued: bool = False):
        self.block, self.match, self.continued = block, match, continued


def general_list(state: ReadState, blocks: list[Block]) -> tuple[int, list[Unit] | None]:
    """The shared conventions' note list at the end: (index of its first block, its units), (len(blocks), None) when
    there is none. Under a heading, any shape; without one, a numbered run 1..N at the very end, taken when its
    shape is a note's ({n}, [n], *, ↑) or when calls 1..N are found in order in the text before it."""
    note_shapes = shapes(state.profile)
    body = note_shapes.body
    source_note = state.block_kinds.source_note
    none = (len(blocks), None)
    heading_at = None
    run_start = None
    continued = 0  # blocks since the last body found (scanning back); past CONTINUED the run is complete
    for i in range(len(blocks) - 1, max(-1, len(blocks) - 1 - WINDOW), -1):
        b = blocks[i]
        if is_notes_heading(state, b.text):
            heading_at = i
            break
        if source_note and source_note.search(b.text):
            break
        if continued <= CONTINUED:
            if body.match(b.text):
                run_start, continued = i, 0
            else:
                continued += 1
    if heading_at is not None:
        start = heading_at + 1
        if start == len(blocks):
            return none  # an empty heading: split_end_notes keeps it as the list's heading
        units = list_units(state, blocks[start:], numbered=body.match(blocks[start].text) is not None)
        count = sum(not u.continued for u in units)
        first = blocks[start]
        needs_calls = any(u.match is None or u.match.lastgroup not in STRONG for u in units if not u.continued)
        confirmed = needs_calls and calls.confirm(state, blocks[:heading_at], last_number(units) or count, first)
        if units[0].match is None and not confirmed:
            return none  # unnumbered paragraphs after "Notes" that no calls answer: not a note list
        state.convention("note-list", first, f"{count} bodies after the heading {blocks[heading_at].text!r}")
        return start, units
    if run_start is None:
        return none
    units = list_units(state, blocks[run_start:], numbered=True)
    numbers = [number(u.match) for u in units if not u.continued]
    first = blocks[run_start]
    strong = all(u.match is not None and u.match.lastgroup in STRONG for u in units if not u.continued)
    marks = [u.match.group("mark") for u in units if not u.continued and u.match is not None and u.match.group("mark")]
    if marks:
        if len(marks) < len(numbers) or not calls.confirm_marks(state, blocks[:run_start], marks, first):
            return none  # "* …" lines that no marks in the text answer: a list, not notes
    elif not strong:
        if numbers != [str(k) for k in range(1, len(numbers) + 1)]:
            return none  # a numbered list without a heading is a note list only when numbered 1..N
        if not calls.bracketed_in_order(blocks[:run_start], len(numbers)) and not calls.confirm(
            state, blocks[:run_start], len(numbers), first
        ):
            return none  # (an ordered list that ends the text)
    state.convention("note-list", first, f"{len(numbers)} bodies at the end ({first.text[:12]!r} …)")
    return run_start, units


def number(m: re.Match | None) -> str | None:
    """The number a body begins with ("1. ", "[1] ", "¹ "), None for a mark or none."""
    if m is None:
        return None
    for group in ("n", "bracket", "brace", "paren"):
        if m.group(group):
            return m.group(group)
    return m.group("sup").translate(calls.SUPERSCRIPTS) if m.group("sup") else None


def last_number(units: list[Unit]) -> int:
    numbers = [number(u.match) for u in units if not u.continued]
    return max((int(n) for n in numbers if n), default=0)


def list_units(state: ReadState, blocks: list[Block], numbered: bool) -> list[Unit]:
    """The bodies of a note list: a block beginning as a body starts one, and so does a line of it beginning with the
    next number (or the same mark); other lines and blocks continue it. Unnumbered: each block is a body, or each
    line of a block whose lines are longer than a hard-wrapped paragraph's (one body a line)."""
    note_shapes = shapes(state.profile)
    body = note_shapes.body
    units: list[Unit] = []
    for b in blocks:
        m = body.match(b.text)
        if not numbered:
            lines = b.lines
            if len(lines) > 1 and max(map(len, lines)) > note_shapes.unwrapped:
                units += [Unit(piece, None) for piece in line_blocks(b)]
                state.convention("note-bodies-lines", b, f"{len(lines)} unwrapped lines, one body each")
            else:
                units.append(Unit(b, None))
            continue
        if m is None:
            units.append(Unit(b, None, continued=bool(units)))
            continue
        starts = [0]
        previous = m
        for k, line in enumerate(b.lines[1:], 1):
            lm = body.match(line)
            if lm is not None and follows(previous, lm):
                starts.append(k)
                previous = lm
        pieces = line_blocks(b, starts) if len(starts) > 1 else [b]
        if len(pieces) > 1:
            state.convention("note-bodies-lines", b, f"{len(pieces)} bodies, one a line, in one block")
        units += [Unit(piece, body.match(piece.text)) for piece in pieces]
    return units


def follows(previous: re.Match, m: re.Match) -> bool:
    """A line beginning as `m` is the next body after one beginning as `previous` (not a wrapped line that happens
    to begin with a number: "1917. The …")."""
    n_before, n_now = number(previous), number(m)
    if n_before is not None and n_now is not None:
        return int(n_now) == int(n_before) + 1
    return n_before is None and n_now is None and previous.lastgroup == m.lastgroup


def read_general_bodies(state: ReadState, units: list[Unit]) -> None:
    """The bodies of the shared conventions' note list: numbered by their mark, or 1, 2, … in order when they have
    none (bodies without a number answer any call of their number: "[1]", "1", "¹")."""
    current: Note | None = None
    unnumbered = stars = 0
    for u in units:
        b, m = u.block, u.match
        if u.continued:
            if current is not None:
                current.more.append(b)
            continue
        form, prefix = "plain", ""
        if m is None:
            unnumbered += 1
            n, bracket = str(unnumbered), "any"
            form = "unnumbered"
        else:
            prefix = m.group()
            groups = m.groupdict()
            if groups.get("mark"):
                stars += 1
                n, bracket = str(stars), "*"
            elif groups.get("arrow_only"):
                stars += 1
                n, bracket, form = str(stars), "any", "arrow"
            else:
                n = number(m) or ""
                bracket = "{}" if groups.get("brace") else "[]" if groups.get("bracket") else "any"
                if groups.get("arrow"):
                    form = "arrowNumbered"
        note = Note(n, b, [], bracket=bracket, section=0, form=form)
        note.body_prefix = prefix
        add_note(state, note, b.text[len(prefix) :], len(prefix))
        current = state.last_note


def read_note_bodies(state: ReadState, blocks: list[Block], section: int) -> None:
    body = state.profile.compiled(state.profile.notes["body"], 0, "[notes] body")
    current: Note | None = None
    stars = 0
    for b in _bodies_by_line(state, body, blocks):
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


def _bodies_by_line(state: ReadState, body: re.Pattern, blocks: list[Block]) -> list[Block]:
    """The blocks, each cut where a line begins the next body ("↑ …" under "↑ …", "2. …" under "1. …"): bodies
    copied one a line, without blank lines between them."""
    out: list[Block] = []
    for b in blocks:
        m = body.match(b.text)
        if m is None or "\n" not in b.text:
            out.append(b)
            continue
        starts, previous = [0], m
        for k, line in enumerate(b.lines[1:], 1):
            lm = body.match(line)
            if lm is not None and _next_body(previous, lm):
                starts.append(k)
                previous = lm
        if len(starts) > 1:
            state.convention("note-bodies-lines", b, f"{len(starts)} bodies, one a line, in one block")
            out += line_blocks(b, starts)
        else:
            out.append(b)
    return out


def _next_body(previous: re.Match, m: re.Match) -> bool:
    """`follows` for a profile's own body pattern (whichever number groups it has)."""

    def n(match: re.Match) -> str | None:
        groups = match.groupdict()
        return groups.get("n") or groups.get("bracket") or groups.get("brace")

    before, now = n(previous), n(m)
    if before is not None and now is not None:
        return before.isdecimal() and now.isdecimal() and int(now) == int(before) + 1
    return before is None and now is None and previous.lastgroup == m.lastgroup


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
    if profile.notes.get("bodies") != "none":  # the shared marks of who wrote a note (conventions.toml)
        marks = shapes(profile)
        whole = "\n".join([text, *(b.text for b in note.more)])
        note.translator = note.translator or marks.translator.search(whole) is not None
        note.editorial = note.editorial or (not note.translator and marks.editorial.search(whole) is not None)
        note.authorial = not (note.editorial or note.translator) and marks.authorial.search(whole) is not None
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
