"""Sections: numbered divisions and what each block of a section is — heading, navigation, separator, list, verse,
table or paragraph — with a letter's opener, closer and postscript placed where TEI allows them.

Evidence: the profile's [blocks] — `division` ("219." alone, numbered one more than the section before), `navigation`,
`separator`, `source_lines`, the flags `headings_in_capitals`, `lists`, `verse`, `tables`, `letters` — and the
[conventions] `list_label`. Which blocks of a letter are its parts is tei_edition/reader/letters.py.
"""

from __future__ import annotations

import re

from tei_edition import layout
from tei_edition.model import LAYOUT_TAG, Block, Node
from tei_edition.reader.blocks import is_caps_heading, is_verse
from tei_edition.reader.context import ReadState, space
from tei_edition.reader.front import head_or_source_lines
from tei_edition.reader.inline import InlineContext, read_inline
from tei_edition.reader.letters import closer_line, letter_part, letter_roles, looks_like_letter
from tei_edition.reader.notes import orphan

TABLE_SPLIT = re.compile(r"(?<=\S)(?: {2,}|\t+)(?=\S)")
_NUMBER = re.compile(r"\d{1,6}")


def divisions(state: ReadState, blocks: list[Block]) -> set[int]:
    """Blocks that open a numbered section: "219." alone, numbered one more than the section before
    (so that a year such as "1818." standing alone as a date line is not taken for section 1818)."""
    division = state.block_kinds.division
    starts: set[int] = set()
    previous = None
    for b in blocks:
        m = division.match(b.text) if division and "\n" not in b.text else None
        if m and (previous is None or int(m.group("n")) == previous + 1):
            starts.add(b.start)
            previous = int(m.group("n"))
    return starts


def read_body(state: ReadState, blocks: list[Block], ctx: InlineContext, prefix: str) -> list[Node]:
    """Blocks before the first numbered section, then one div per section (a letter when it looks like one)."""
    division = state.block_kinds.division
    letters = state.block_kinds.letters
    sections: list[tuple[Block | None, list[Block]]] = [(None, [])]
    division_starts = state.division_starts
    for b in blocks:
        if b.start in division_starts and b.role is None:
            sections.append((b, []))
        else:
            sections[-1][1].append(b)
    whole_is_letter = len(sections) == 1 and letters and looks_like_letter(state, sections[0][1])
    out = read_section(state, sections[0][1], ctx, letter=whole_is_letter)
    for index, (number_block, section_blocks) in enumerate(sections[1:], 1):
        # a section after the first starts at a block divisions() found with the division pattern
        assert number_block is not None and division is not None
        number = division.match(number_block.text)
        assert number is not None
        n = number.group("n")
        section_prefix = f"{prefix}{_safe(n)}" if _safe(n) else f"{prefix}s{index}"
        if "prefix:" + section_prefix in state.used_ids:
            section_prefix = f"{prefix}s{index}"
        state.used_ids.add("prefix:" + section_prefix)
        sctx = state.ctx(section_prefix, section=index)
        sctx.counters = {}
        kind = "letter" if letters and looks_like_letter(state, section_blocks) else "section"
        div = Node("div", {"type": kind, "n": n}, [])
        div.children += space(number_block)  # (nodes only: nothing to merge, as Node.extend would)
        head = Node("head", {"type": "number"}, read_inline(number_block.text, number_block.start, sctx))
        div.append(head)
        div.children += read_section(state, section_blocks, sctx, letter=kind == "letter", in_div=True)
        out.append(div)
        state.count("section")
    return out


def read_section(state: ReadState, blocks: list[Block], ctx: InlineContext, *, letter: bool, in_div: bool = False) -> list[Node]:
    """The blocks of one section, in order: headings, opener, paragraphs (lists, verse, tables), closer, postscript."""
    roles = letter_roles(state, blocks) if letter else [None] * len(blocks)
    out: list[Node] = []
    opener: Node | None = None
    closer: Node | None = None
    postscript: Node | None = None
    source_note: Node | None = None
    allow_head = in_div
    for b, role in zip(blocks, roles, strict=True):
        spaces = space(b)
        if b.role == "notes-marker":
            # where the source printed these note bodies: the source form puts them back here; a body whose
            # call did not come before it stands here as an unanchored note
            if source_note is not None:
                container = source_note.children
            elif postscript is not None:
                container = postscript.children
            elif closer is not None and out and out[-1] is closer:  # (the closer's parts after it stay in order)
                container = closer.children
            else:
                container = out
            container.extend(spaces)
            assert b.notes is not None  # a notes marker is made with its notes (reader/notes.py)
            for note in b.notes:
                if not note.used:
                    container.extend(orphan(state, note, ctx))
            container.append(layout.notes_list(b.notes))
            continue
        if role == "source-note" or source_note is not None:
            # the edition's source note and what follows it: back/div[@type=sourceNote] after a whole text, a div
            # after the letter's own in a numbered section
            if source_note is None:
                source_note = Node("div", {"type": "sourceNote"}, [])
                state.count("source-note")
                if in_div:
                    out = [Node("div", {"type": "letter"}, out), *spaces, source_note]
                    spaces = ()
                else:
                    state.letter_back.append(source_note)
            source_note.extend(spaces)
            source_note.append(paragraph(state, b, ctx))
            continue
        if (
            role in ("dateline", "salute", "opener-extra", "address")
            and (opener is not None or not any(n.tag not in ("head", LAYOUT_TAG, "note") for n in out))
            and closer is None
        ):
            # an opener only where TEI allows one: before the first paragraph of its division
            if opener is None:
                opener = Node("opener", {}, [])
                out.extend(spaces)
                out.append(opener)
            else:
                opener.extend(spaces)
            opener.append(letter_part(state, "seg" if role == "opener-extra" else role, b, ctx))
            allow_head = False
            continue
        if role in ("closing", "signed", "closer-extra", "closer-line") and postscript is None:
            if closer is None:
                closer = Node("closer", {}, [])
                out.extend(spaces)
                out.append(closer)
            else:
                closer.extend(spaces)
            if role == "closer-line":
                closer.append(closer_line(state, b, ctx))
            else:
                closer.append(letter_part(state, {"closing": "salute", "signed": "signed", "closer-extra": "seg"}[role], b, ctx))
            continue
        if role == "postscript" or postscript is not None:
            if role == "postscript":  # each "P.S." opens a postscript of its own
                postscript = Node("postscript", {}, [])
                out.extend(spaces)
                out.append(postscript)
                state.count("postscript")
            else:
                assert postscript is not None
                postscript.extend(spaces)
            postscript.append(paragraph(state, b, ctx))
            continue
        node = block(state, b, ctx, allow_head and opener is None)
        if node.tag != "head":
            allow_head = False
        out.extend(spaces)
        out.append(node)
    return out


def paragraph(state: ReadState, b: Block, ctx: InlineContext) -> Node:
    found = state.found
    found["p"] = found.get("p", 0) + 1
    return Node("p", {"xml:id": ctx.next_id("p")}, read_inline(b.text, b.start, ctx))


def block(state: ReadState, b: Block, ctx: InlineContext, allow_head: bool) -> Node:
    """One body block: navigation, separator, heading, list, verse, table, or a paragraph."""
    text = b.text
    kinds = state.block_kinds
    if len(text) <= 400:  # navigation, separators and source lines are short: long paragraphs skip the tests
        navigation = kinds.navigation
        if navigation and all(navigation.match(line) for line in b.lines):
            state.count("navigation", len(b.lines))
            return Node("ab", {"type": "navigation"}, read_inline(text, b.start, ctx, notes=False, dates=False))
        if kinds.separator and kinds.separator.match(text):
            state.count("separator")
            return Node("ab", {"type": "separator"}, [text])
        lines_re = kinds.source_lines
        if lines_re and all(lines_re.match(line) for line in b.lines):
            return head_or_source_lines(state, b, ctx, "p")
        if allow_head and kinds.caps_headings and is_caps_heading(b):
            state.count("head")
            return Node("head", {}, read_inline(text, b.start, ctx))
    if "\n" in text:  # lists, verse and tables have several lines
        if kinds.lists and state.conventions.list_block.fullmatch(text):
            return _list(state, b, ctx)
        if kinds.verse and is_verse(text):
            return _verse(state, b, ctx)
        if kinds.tables:
            table = _table(state, b, ctx)
            if table is not None:
                return table
    return paragraph(state, b, ctx)


def _list(state: ReadState, b: Block, ctx: InlineContext) -> Node:
    ordered = b.lines[0][0].isdigit()
    lst = Node("list", {"type": "ordered" if ordered else "bulleted"}, [])
    offset = b.start
    list_line = state.conventions.list_line
    for line in b.lines:
        m = list_line.match(line)
        lst.append(Node("label", {}, [m.group("label")]))
        lst.append(Node("item", {}, read_inline(m.group("item"), offset + m.start("item"), ctx)))
        offset += len(line) + 1
    state.count("list")
    state.count("item", len(b.lines))
    return lst


def _verse(state: ReadState, b: Block, ctx: InlineContext) -> Node:
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
    state.count("lg")
    state.count("l", len(b.lines))
    return lg


def _table(state: ReadState, b: Block, ctx: InlineContext) -> Node | None:
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
        rows.append([line[s:e] for s, e in zip([0] + cuts, cuts + [len(line)], strict=True)])
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
    state.count("table")
    return table


def _safe(n: str) -> str:
    return n if _NUMBER.fullmatch(n) else ""
