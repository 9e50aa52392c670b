"""Sections: numbered divisions and what each block of a section is — heading, navigation, separator, list, verse,
table or paragraph — with a letter's opener, closer and postscript placed where TEI allows them.

Evidence: the profile's [blocks] — `division` ("219." alone, numbered one more than the section before), `navigation`,
`separator`, `source_lines`, the flags `headings_in_capitals`, `lists`, `verse`, `tables`, `letters` — and the
[conventions] `list_label`. Which blocks of a letter are its parts is tei_edition/reader/letters.py.
"""

from __future__ import annotations

import re
from typing import cast

from tei_edition import layout
from tei_edition.model import LAYOUT_TAG, Block, Child, Node
from tei_edition.reader.blocks import heading_shape, is_caps_heading, is_spaced_heading, is_verse
from tei_edition.reader.context import ReadState, space
from tei_edition.reader.front import head_or_source_lines
from tei_edition.reader.inline import InlineContext, read_inline
from tei_edition.reader.letters import (
    closer_line,
    heading_people,
    heads_letter,
    is_letter_heading,
    letter_heading_start,
    letter_part,
    letter_roles,
    letter_starts,
    looks_like_letter,
    split_part_lines,
)
from tei_edition.reader.notes import orphan
from tei_edition.reader.verse import indent_rend, indentation, line_run_ends, prose_lines, verse_lines

TABLE_SPLIT = re.compile(r"(?<=\S)(?: {2,}|\t+)(?=\S)")
_NUMBER = re.compile(r"\d{1,6}")
SECTION_NUMBER_CHARS = 24  # ("CHAPTER XXVIII.", "Capítulo XIV")


_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


def number_value(n: str) -> int:
    """A division's number as printed, in Arabic or Roman numerals ("219", "XIV"), as a number."""
    if n.isdecimal():
        return int(n)
    values = [_ROMAN[ch] for ch in n.upper()]
    return sum(-v if k + 1 < len(values) and v < values[k + 1] else v for k, v in enumerate(values))


def divisions(state: ReadState, blocks: list[Block]) -> set[int]:
    """Blocks that open a numbered section: "219." or "XIV." alone, numbered one more than the section before
    (so that a year such as "1818." standing alone as a date line is not taken for section 1818); and, where the
    profile reads headings by shape, a section number alone: "II.", "III", "§ 4" (conventions `section_number`)."""
    division = state.block_kinds.division
    numbered = _section_number_pattern(state)
    starts: set[int] = set()
    previous = None
    poem = 0  # the last number alone over verse ("1", "2" over the sonnets they number)
    for i, b in enumerate(blocks):
        if "\n" in b.text or b.role is not None:
            continue
        m = division.match(b.text) if division else None
        if m and (previous is None or number_value(m.group("n")) == previous + 1):
            starts.add(b.start)
            previous = number_value(m.group("n"))
        elif numbered and len(b.text) <= SECTION_NUMBER_CHARS and numbered.match(b.text):
            starts.add(b.start)
            state.convention("section-number", b, "a section number alone")
        elif numbered and b.text.isdecimal() and int(b.text) == poem + 1 and _verse_follows(state, blocks, i):
            starts.add(b.start)
            poem += 1
            state.convention("poem-number", b, "a number alone over verse, one more than the last")
    return starts


def _verse_follows(state: ReadState, blocks: list[Block], i: int) -> bool:
    nxt = blocks[i + 1] if i + 1 < len(blocks) else None
    return bool(state.block_kinds.verse and nxt is not None and "\n" in nxt.text and (is_verse(nxt.text) or verse_lines(nxt.lines)))


def _section_number_pattern(state: ReadState):
    if not state.block_kinds.headings_by_shape:
        return None
    return state.profile.compiled(state.profile.conventions["section_number"], 0, "[conventions] section_number")


def section_number(state: ReadState, text: str) -> str:
    """The number of a block divisions() found: the division pattern's, or the section number's."""
    division = state.block_kinds.division
    m = division.match(text) if division else None
    if m is None:
        numbered = _section_number_pattern(state)
        m = numbered.match(text) if numbered else None
    if m is None and text.isdecimal():  # a poem's number (divisions())
        return text
    assert m is not None  # divisions() took the block for one of them
    return m.group("n")


def read_body(state: ReadState, blocks: list[Block], ctx: InlineContext, prefix: str) -> list[Node]:
    """Blocks before the first numbered section, then one div per section (a letter when it looks like one)."""
    letters = state.block_kinds.letters
    sections: list[tuple[Block | None, list[Block]]] = [(None, [])]
    division_starts = state.division_starts
    for b in blocks:
        if b.start in division_starts and b.role is None:
            sections.append((b, []))
        else:
            sections[-1][1].append(b)
    sections = [(head, split_part_lines(state, split_list_leads(state, section_blocks))) for head, section_blocks in sections]
    if len(sections) == 1 and letters:
        starts = letter_starts(state, sections[0][1])
        if starts:
            return _letter_series(state, sections[0][1], starts, ctx)
    whole_is_letter = len(sections) == 1 and letters and looks_like_letter(state, sections[0][1])
    signed = None if whole_is_letter else _signed_break(state, sections[0][1])
    if signed is not None:
        out = _signed_parts(state, sections[0][1], *signed, ctx)
    else:
        # before the first numbered section: a book's title lines in capitals are headings; the end of a letter
        # begun on an earlier page (a volume's pages from the middle) is read as one
        ending = not whole_is_letter and len(sections) > 1 and letters and _ends_letter(state, sections[0][1])
        out = read_section(state, sections[0][1], ctx, letter=whole_is_letter or ending, headed=len(sections) > 1)
        if ending:  # (TEI puts a closer after a division's divisions: the letter's end is a division, its final part)
            out = [Node("div", {"type": "letter", "part": "F"}, list[Child](out))]
            state.convention("letter-end", sections[0][1][0], "a letter's end, its signature, before the first numbered section")
    for index, (number_block, section_blocks) in enumerate(sections[1:], 1):
        # a section after the first starts at a block divisions() found
        assert number_block is not None
        n = section_number(state, number_block.text)
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
        if kind == "section" and _section_title(section_blocks):  # "CHAPTER I." over "EARLY YEARS."
            title = section_blocks[0]
            div.children += space(title)
            div.append(Node("head", {}, read_inline(title.text, title.start, sctx)))
            state.count("head")
            state.convention("section-title", title, "a short title line under the section's number, before its text")
            section_blocks = section_blocks[1:]
        div.children += read_section(state, section_blocks, sctx, letter=kind == "letter", in_div=True)
        out.append(div)
        state.count("section")
    return out


def _ends_letter(state: ReadState, blocks: list[Block]) -> bool:
    """The blocks end as a letter does (a signature), with no opener of their own."""
    roles = letter_roles(state, blocks)
    return any(r in ("signed", "closer-line") for r in roles) and not any(r in ("dateline", "salute", "address") for r in roles)


_INITIALS = re.compile(r"(?:[A-ZÀ-ÖØ-ÞА-ЯЁ]\.[ \u00a0]?){1,3}")
CAPTION_BLOCKS = 3  # heading blocks at most between the signed part and the text they head
CAPTION_CHARS = 60
SIGNED_PROSE_CHARS = 80  # the blocks before the initials and after the headings are prose at least this long


def _signed_break(state: ReadState, blocks: list[Block]) -> tuple[int, int] | None:
    """A part signed with initials before a text with its own caption title (a booklet's preface signed "G. Z.",
    then "Nicolai Lenin: His Life and Work" over the speech): (index of the initials, number of heading blocks after
    them), or None. Evidence: the initials alone on a line after a paragraph, then one to CAPTION_BLOCKS short
    blocks that end no sentence, then a paragraph."""
    for k in range(1, len(blocks) - 2):
        b = blocks[k]
        if b.role is not None or "\n" in b.text or not _INITIALS.fullmatch(b.text.strip()):
            continue
        if blocks[k - 1].role is not None or len(blocks[k - 1].text) < SIGNED_PROSE_CHARS:
            continue
        h = 0
        while h < CAPTION_BLOCKS and k + 1 + h < len(blocks) - 1 and _caption(blocks[k + 1 + h]):
            h += 1
        after = blocks[k + 1 + h]
        if h and after.role is None and len(after.text) >= SIGNED_PROSE_CHARS:
            state.convention("signed-part", b, f"initials after a paragraph, then {h} heading block(s) over the text")
            return k, h
    return None


def _caption(b: Block) -> bool:
    text = b.text.strip()
    return (
        b.role is None
        and bool(text)
        and text[0].isupper()
        and len(b.lines) <= 2
        and all(len(line) <= CAPTION_CHARS for line in b.lines)
        and text[-1] not in ".!?,;"
    )


def _signed_parts(state: ReadState, blocks: list[Block], k: int, h: int, ctx: InlineContext) -> list[Node]:
    """The part before the initials as a div type="preface" closed by them (closer/signed), the text after its
    heading blocks as a div headed by them."""
    first = Node("div", {"type": "preface"}, list[Child](read_section(state, blocks[:k], ctx, letter=False, in_div=True)))
    first.children += space(blocks[k])
    first.append(Node("closer", {}, [letter_part(state, "signed", blocks[k], ctx)]))
    second = Node("div", {"type": "section"}, [])
    for b in blocks[k + 1 : k + 1 + h]:
        second.children += space(b)
        second.append(Node("head", {}, read_inline(b.text, b.start, ctx)))
        state.count("head")
    second.children += read_section(state, blocks[k + 1 + h :], ctx, letter=False, in_div=True)
    state.count("section")
    return [first, second]


SECTION_TITLE_CHARS = 80
SECTION_TITLE_WORDS = 10


def _section_title(blocks: list[Block]) -> bool:
    """The section's first block is its title: one short line in capitals, or of capitalised words with no
    punctuation but a last full stop ("The Early Years."), before a longer block (the text)."""
    if len(blocks) < 2 or blocks[0].role is not None or blocks[1].role is not None:
        return False
    text = blocks[0].text.strip()
    if not text or "\n" in text or len(text) > SECTION_TITLE_CHARS or len(blocks[1].text) <= len(text):
        return False
    words = text.rstrip(".").split()
    if len(words) > SECTION_TITLE_WORDS or any(ch in text.rstrip(".") for ch in ".,;:!?"):
        return False
    return is_caps_heading(blocks[0]) or sum(w[:1].isupper() for w in words) * 2 > len(words)


def split_list_leads(state: ReadState, blocks: list[Block]) -> list[Block]:
    """A block whose first line leads into a list printed under it ("The following agenda was adopted:" over
    "(1) …" … "(12) …"): the lead-in and the list become two blocks, the list joined on the next line."""
    if not state.block_kinds.lists:
        return blocks
    out: list[Block] = []
    list_block = state.conventions.list_block
    for b in blocks:
        lines = b.lines
        if (
            len(lines) >= 3
            and len(lines[0]) <= 200
            and lines[0].rstrip().endswith(":")
            and list_block.fullmatch(b.text[len(lines[0]) + 1 :])
        ):
            rest = len(lines[0]) + 1
            out += [Block(lines[0], b.start, b.blank_before, run_in=b.run_in), Block(b.text[rest:], b.start + rest, 0)]
            state.convention("list-lead-in", b, f"a line leading into a list of {len(lines) - 1} items: {lines[0][:40]!r}")
        else:
            out.append(b)
    return out


def _letter_series(state: ReadState, blocks: list[Block], starts: list[int], ctx: InlineContext) -> list[Node]:
    """Several letters on one page (letters.letter_starts): a div type="letter" each, with its xml:id (the header's
    correspDesc of each points to it), its heading as head, its own opener and closer."""
    out: list[Node] = []
    bounds = [0, *starts, len(blocks)]
    for a, z in zip(bounds, bounds[1:], strict=False):
        part = blocks[a:z]
        if not part:
            continue
        div = Node("div", {"type": "letter", "xml:id": ctx.next_id("letter")}, [])
        heading = letter_heading_start(state, part[0]) and (a in starts or heads_letter(state, part, 0))
        if heading:
            out.extend(space(part[0]))
            state.count("head")
            div.append(Node("head", {}, read_inline(part[0].text, part[0].start, ctx)))
            part = part[1:]
        part = split_part_lines(state, part)  # (each letter's own first and last blocks)
        if not looks_like_letter(state, part):
            div.attrs["type"] = "section"
        div.children += read_section(state, part, ctx, letter=div.attrs["type"] == "letter", in_div=True)
        state.letter_divs.append((div, *heading_people(state, blocks[a].text if heading else None)))
        out.append(div)
    return out


def read_section(
    state: ReadState, blocks: list[Block], ctx: InlineContext, *, letter: bool, in_div: bool = False, headed: bool = False
) -> list[Node]:
    """The blocks of one section, in order: headings, opener, paragraphs (lists, verse, tables), closer, postscript.
    `in_div` (a section of its own) or `headed` (what stands before a text's numbered sections): headings may open it."""
    roles = letter_roles(state, blocks) if letter else [None] * len(blocks)
    if not letter:
        heads = spaced_headings(state, blocks)
        if heads:
            return _entries(state, blocks, heads, ctx, in_div)
    plan = block_groups(state, blocks, roles)
    out: list[Node] = []
    opener: Node | None = None
    closer: Node | None = None
    postscript: Node | None = None
    source_note: Node | None = None
    # a letter's headings stand before its opener ("ENGELS TO MARX / IN LONDON", "To George Washington")
    first_part = next((k for k, r in enumerate(roles) if r in ("dateline", "salute", "address")), 0)
    allow_head = in_div or headed or first_part > 0
    skip_to = 0
    for index, (b, role) in enumerate(zip(blocks, roles, strict=True)):
        if index < skip_to:
            continue  # a block of the group made before
        spaces = space(b)
        group = plan.get(index)
        if group is not None and closer is None and postscript is None:
            kind, end = group
            out.extend(spaces)
            out.append(_group(state, kind, blocks[index:end], ctx))
            allow_head = False
            skip_to = end
            continue
        if b.role == "furniture":  # the printed page's top among the text (reader/chrome.py): pb and fw
            assert b.nodes is not None
            out.extend(spaces)
            out.extend(b.nodes)
            continue
        if b.role == "notes-marker":
            # where the source printed these note bodies: the source form puts them back here; a body whose
            # call did not come before it stands here as an unanchored note
            if source_note is not None:
                container = source_note.children
            elif postscript is not None:
                container = postscript.children
            elif closer is not None and out and out[-1] is closer:  # (the closer's parts after it stay in order)
                container = closer.children
            elif opener is not None and out and out[-1] is opener:  # (so do the opener's)
                container = opener.children
            else:
                container = cast("list[Child]", out)  # (the same list: what is added here stands in `out`)
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
                    out = [Node("div", {"type": "letter"}, list[Child](out)), *spaces, source_note]
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
        if role in ("dateline", "salute", "opener-extra", "address") and closer is not None and postscript is None:
            # an opener's part found after the signature ("Aa" / "Februar": a short page) closes the letter
            closer.extend(spaces)
            closer.append(letter_part(state, "seg" if role == "opener-extra" else role, b, ctx))
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
        if allow_head and index < first_part and opener is None and is_letter_heading(state, b):
            state.count("head")
            out.extend(spaces)
            out.append(Node("head", {}, read_inline(b.text, b.start, ctx)))
            continue
        node = block(state, b, ctx, allow_head and opener is None)
        if node.tag != "head":
            allow_head = False
        out.extend(spaces)
        out.append(node)
    return poems(out)


def spaced_headings(state: ReadState, blocks: list[Block]) -> list[tuple[int, str]]:
    """Headings by shape inside a section (a glossary's terms, an article's subheadings): short blocks of one or two
    lines, no line ending in punctuation, before a paragraph; each either spaced (more blank lines before it than
    before the paragraph that follows; two at least in a section: one alone is an address or a stray line) or
    titled (three words or more, most capitalised, before a paragraph of HEADED_PARAGRAPH_CHARS or more that ends a
    sentence)."""
    if not state.block_kinds.headings_by_shape:
        return []
    spaced, titled = [], []
    conventions = state.conventions
    for i, b in enumerate(blocks[:-1]):
        nxt = blocks[i + 1]
        if is_spaced_heading(conventions, blocks, i):
            spaced.append(i)
        elif (
            len(nxt.text) >= HEADED_PARAGRAPH_CHARS  # (the cheap tests first: most blocks are paragraphs)
            and _titled(b.text)
            and _SENTENCE_END.search(nxt.text)
            and heading_shape(conventions, b)
            and not (len(nxt.text) <= 120 and conventions.is_heading(nxt))
        ):
            titled.append(i)
    found = [(i, "entry") for i in spaced] if len(spaced) >= 2 else []
    return sorted(found + [(i, "section") for i in titled])


HEADED_PARAGRAPH_CHARS = 100
_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*$")


def _titled(text: str) -> bool:
    words = [w for w in text.split() if w[:1].isalpha()]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) * 2 >= len(words)


def _entries(state: ReadState, blocks: list[Block], heads: list[tuple[int, str]], ctx: InlineContext, in_div: bool) -> list[Node]:
    """The blocks before the first heading, then a div per heading (type "entry" or "section"): its head and the
    blocks up to the next."""
    out = read_section(state, blocks[: heads[0][0]], ctx, letter=False, in_div=in_div)
    for (h, kind), end in zip(heads, [i for i, _ in heads[1:]] + [len(blocks)], strict=True):
        b = blocks[h]
        state.convention("heading-shape", b, "a short line, no end punctuation, more blank lines before it or in title case")
        state.count("head")
        div = Node("div", {"type": kind}, [Node("head", {}, read_inline(b.text, b.start, ctx))])
        div.children += read_section(state, blocks[h + 1 : end], ctx, letter=False)
        out.extend(space(b))
        out.append(div)
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
            return _quote(state, b, ctx) if prose_lines(b.lines) else _verse(state, b, ctx)
        if kinds.tables:
            table = _table(state, b, ctx)
            if table is not None:
                return table
    return paragraph(state, b, ctx)


def _list(state: ReadState, b: Block, ctx: InlineContext) -> Node:
    ordered = b.lines[0][:1] not in "-*•"
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
    """A stanza: one l per line, its indentation as @rend ("indent(2)"; the source form puts the spaces back)."""
    lg = Node("lg", {"type": "stanza"}, [])
    offset = b.start
    for line in b.lines:
        indent = indentation(line)
        line_node = Node("l", {"rend": indent_rend(indent)} if indent else {}, [])
        line_node.extend(read_inline(line[len(indent) :], offset + len(indent), ctx))
        lg.append(line_node)
        offset += len(line) + 1
    state.count("lg")
    state.count("l", len(b.lines))
    return lg


def _quote(state: ReadState, b: Block, ctx: InlineContext) -> Node:
    """An indented block of prose: a block quote, its lines as they are (indentation included)."""
    state.convention("block-quote", b, "every line indented, the lines wrapped prose")
    state.count("quote")
    return Node("quote", {}, read_inline(b.text, b.start, ctx))


def poems(nodes: list[Node]) -> list[Node]:
    """Stanzas that follow each other (only blank lines between) inside one lg type="poem"."""
    out: list[Node] = []
    run: list[Node] = []  # stanzas, and the layout between them

    def flush() -> None:
        stanzas = [n for n in run if n.tag == "lg"]
        trailing: list[Node] = []
        while run and run[-1].tag == LAYOUT_TAG:
            trailing.insert(0, run.pop())
        if len(stanzas) >= 2:
            out.append(Node("lg", {"type": "poem"}, list(run)))
        else:
            out.extend(run)
        out.extend(trailing)
        run.clear()

    for node in nodes:
        if node.tag == "lg" and node.attrs.get("type") == "stanza":
            run.append(node)
        elif node.tag == LAYOUT_TAG and run:
            run.append(node)
        else:
            flush()
            out.append(node)
    flush()
    return out


def block_groups(state: ReadState, blocks: list[Block], roles: list) -> dict[int, tuple[str, int]]:
    """Blocks read together, by shape: index of the first → (kind, index after the last). Kinds: "stanza" (a block of
    verse lines), "verse-lines" (verse among the lines of a text whose lines are its paragraphs), "list" (list items
    that are blocks of their own)."""
    kinds = state.block_kinds
    plan: dict[int, tuple[str, int]] = {}
    # (a block run into the line of the one before it is read alone: a group's blocks are whole lines)
    free = [role is None and b.role is None and b.run_in is None for b, role in zip(blocks, roles, strict=True)]
    if kinds.verse:
        _plan_stanzas(state, blocks, free, plan)
        _plan_verse_lines(state, blocks, free, plan)
    if kinds.lists:
        _plan_item_blocks(state, blocks, free, plan)
    return plan


def _plan_stanzas(state: ReadState, blocks: list[Block], free: list[bool], plan: dict) -> None:
    stanza = [
        ok and "\n" in b.text and not is_verse(b.text) and not is_caps_heading(b) and verse_lines(b.lines)
        for b, ok in zip(blocks, free, strict=True)
    ]
    for i, b in enumerate(blocks):
        if stanza[i]:
            plan[i] = ("stanza", i + 1)
            state.convention("verse-shape", b, "short lines beginning with capitals, broken before the width")
        elif (
            free[i]
            and b.text.count("\n") == 1
            and ((i and stanza[i - 1]) or (i + 1 < len(blocks) and stanza[i + 1]))
            and verse_lines(b.lines, 2)
        ):
            plan[i] = ("stanza", i + 1)
            state.convention("verse-shape", b, "two verse lines beside stanzas")


def _plan_verse_lines(state: ReadState, blocks: list[Block], free: list[bool], plan: dict) -> None:
    """Runs of one-line blocks joined by single line ends (layout's `joined`): verse runs among them."""
    i, n = 0, len(blocks)
    while i < n:
        j = i + 1
        while j < n and blocks[j].blank_before == 0 and "\n" not in blocks[j].text and free[j]:
            j += 1
        if j - i >= 3 and free[i] and "\n" not in blocks[i].text:
            for a, z in line_run_ends([b.text for b in blocks[i:j]]):
                plan[i + a] = ("verse-lines", i + z)
                state.convention("verse-shape", blocks[i + a], f"{z - a} short lines beginning with capitals among prose lines")
        i = j


_LABEL_CORE = re.compile(r"[().\s]")


def _label_value(label: str) -> int | str:
    core = _LABEL_CORE.sub("", label)
    if core.isdecimal():
        return int(core)
    if len(core) == 1 and core.isalpha():
        return ord(core.lower()) - ord("a") + 1
    return core  # a bullet


def _follows(label: str, previous: str) -> bool:
    now, before = _label_value(label), _label_value(previous)
    if isinstance(now, int) and isinstance(before, int):
        return now == before + 1 and _LABEL_CORE.sub("", label).isdecimal() == _LABEL_CORE.sub("", previous).isdecimal()
    return now == before


def _plan_item_blocks(state: ReadState, blocks: list[Block], free: list[bool], plan: dict) -> None:
    """Blocks beginning with list labels in sequence ("1.", "2.", "3."; "(a)", "(b)"; "-", "-"): one list."""
    list_line = state.conventions.list_line
    labels = [(m.group("label") if ok and (m := list_line.match(b.lines[0])) else None) for b, ok in zip(blocks, free, strict=True)]
    i, n = 0, len(blocks)
    while i < n:
        if labels[i] is None or i in plan:
            i += 1
            continue
        j = i + 1
        while j < n and labels[j] is not None and j not in plan and _follows(labels[j], labels[j - 1]):  # type: ignore[arg-type]
            j += 1
        if j - i >= 2:
            plan[i] = ("list", j)
            state.convention("list-blocks", blocks[i], f"{j - i} blocks beginning with labels in sequence")
        i = j


def _group(state: ReadState, kind: str, blocks: list[Block], ctx: InlineContext) -> Node:
    if kind == "stanza":
        return _verse(state, blocks[0], ctx)
    if kind == "verse-lines":  # lines joined by single line ends: one block of the source's lines
        return _verse(state, Block("\n".join(b.text for b in blocks), blocks[0].start, blocks[0].blank_before), ctx)
    return _item_list(state, blocks, ctx)


def _item_list(state: ReadState, blocks: list[Block], ctx: InlineContext) -> Node:
    """A list whose items are blocks: label, item (its lines), and between items the blank lines of the source."""
    list_line = state.conventions.list_line
    first = list_line.match(blocks[0].lines[0])
    assert first is not None  # planned only so (_plan_item_blocks)
    lst = Node("list", {"type": "ordered" if first.group("label")[:1] not in "-*•" else "bulleted"}, [])
    for index, b in enumerate(blocks):
        m = list_line.match(b.lines[0])
        assert m is not None
        if index:
            # a new block: the blank lines before it (one at least; `blank 0` is the usual one), or a single line end
            if b.blank_before:
                lst.append(layout.blank(b.blank_before - 1))
        lst.append(Node("label", {}, [m.group("label")]))
        lst.append(Node("item", {}, read_inline(b.text[m.start("item") :], b.start + m.start("item"), ctx)))
    state.count("list")
    state.count("item", len(blocks))
    return lst


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
