"""Regions of the file around the text: a distributor's header and licence (Project Gutenberg's), kept out of the body;
a book's contents (with the title page before them) and its index.

Evidence: the profile's [gutenberg] patterns — `start` (the line ending the header; `credits`, the producers' credit
blocks just after it, are the header's too), `end_before` (the first line of the licence; `end`, the end marker, when
it is not found), `fields` ("Title: …" lines of the header, copied into the TEI header) and `ebook` (the e-book's
number). Where the note list at the end of the text begins is the notes'
concern (tei_edition/reader/notes.py), where the front matter ends the front matter's (tei_edition/reader/front.py).

A book's contents and index ([conventions] `contents_*`, `index_*`, `book_zone`, whatever the profile): the contents
are a one-line block beginning with a `contents_heads` word among the first `book_zone` blocks, with only short
headings (a title page) before it, then blocks of `contents_entry` lines with at most a few short headings between
them; they go to `front` as `div type="contents"` (`head`, `list type="toc"` for a block of entries, `p` for the
headings), after the title page (`div type="titlePage"` after a distributor's header, else the front matter as
front.py reads it). The index is a one-line block that is one of `index_heads` in the second half of the blocks,
followed by entries whose first letters are in alphabetical order (`index_order` of the pairs at least); it goes to
`back` as `div type="index"` (`head`, one `p` per entry, a closing line in capitals such as "THE END" a `trailer`).
"""

from __future__ import annotations

import re

from tei_edition.model import LINE_BREAK, Block, Child, Node
from tei_edition.reader.blocks import is_caps_heading
from tei_edition.reader.context import ReadState, space
from tei_edition.reader.inline import read_inline

SHORT_LINES, SHORT_CHARS = 4, 100  # a block of a title page, or a heading between the entries of the contents
CONTENTS_GAP = 4  # short blocks at most between two blocks of entries of the contents


def split_regions(state: ReadState, blocks: list[Block]) -> tuple[list[Block], list[Block], list[Block]]:
    """(header, text, licence): the header up to the `start` line, the licence from `end_before` (or `end`) on."""
    profile = state.profile
    g = profile.gutenberg
    if not g:
        return [], blocks, []
    start_re = profile.compiled(g["start"], re.M, "[gutenberg] start")
    end_re = profile.compiled(g.get("end_before", g["end"]), re.M, "[gutenberg] end")
    start = next((i for i, b in enumerate(blocks) if start_re.search(b.text)), None)
    if start is None:
        return [], blocks, []
    if g.get("credits"):  # the producers' credit just after the start line is the header's
        credits = profile.compiled(g["credits"], 0, "[gutenberg] credits")
        while start + 2 < len(blocks) and credits.match(blocks[start + 1].text):
            start += 1
    end = next((i for i in range(len(blocks) - 1, start, -1) if end_re.search(blocks[i].text)), None)
    if end is None:
        marker = profile.compiled(g["end"], re.M, "[gutenberg] end")
        end = next((i for i in range(start + 1, len(blocks)) if marker.search(blocks[i].text)), len(blocks))
    pre, main, post = blocks[: start + 1], blocks[start + 1 : end], blocks[end:]
    fields = profile.compiled(g.get("fields", r"(?!)"), re.M, "[gutenberg] fields")
    for b in pre:
        for m in fields.finditer(b.text):
            state.header_fields.setdefault(m.group("label").lower(), m.group("value").strip())
    if g.get("ebook"):
        ebook = profile.compiled(g["ebook"], 0, "[gutenberg] ebook").search("\n".join(b.text for b in pre))
        if ebook:
            state.header_fields["ebook"] = ebook.group(1)
    state.count("gutenberg-header", len(pre))
    state.count("gutenberg-licence", len(post))
    return pre, main, post


def region_div(kind: str, blocks: list[Block]) -> Node:
    """Header or licence of a distributor, kept as it is: paragraphs and line breaks, no conventions read."""
    div = Node("div", {"type": kind})
    for b in blocks:
        lines = b.lines  # (none is empty: a block is a run of non-empty lines)
        children: list[Child] = [LINE_BREAK] * (2 * len(lines) - 1)  # line, lb, line, lb, …, line
        children[::2] = lines
        div.children += space(b)
        div.children.append(Node("p", {}, children))
    return div


def is_short(b: Block) -> bool:
    return len(b.lines) <= SHORT_LINES and all(len(line) <= SHORT_CHARS for line in b.lines)


def is_head(b: Block) -> str | None:
    """The one line of the block, casefolded and without a final "." or ":", when it may be a region's head."""
    if "\n" in b.text or len(b.text) > 60:
        return None
    return b.text.strip().rstrip(".:").strip().casefold()


def is_entry_block(state: ReadState, b: Block) -> bool:
    entry = state.conventions.contents_entry
    return all(entry.match(line.strip()) for line in b.lines)


def split_contents(state: ReadState, blocks: list[Block]) -> tuple[list[Block], list[Block], list[Block]]:
    """(title page, contents, text): the contents with the short blocks before them, or ([], [], blocks)."""
    c = state.conventions
    for h, b in enumerate(blocks[: c.book_zone]):
        if not (is_short(b) and (is_caps_heading(b) or c.is_heading(b))):  # a title page: headings, lines in capitals
            return [], [], blocks
        head = is_head(b)
        if head and head.startswith(c.contents_heads):
            end = contents_end(state, blocks, h + 1)
            if end > h + 1:
                state.count("contents", end - h)
                state.convention("contents", b, f"{end - h - 1} block(s) of entries and headings after the head")
                return blocks[:h], blocks[h:end], blocks[end:]
    return [], [], blocks


def contents_end(state: ReadState, blocks: list[Block], first: int) -> int:
    """One past the last block of entries after `first`, short headings allowed between them (`first`: none)."""
    end, gap = first, 0
    for i in range(first, len(blocks)):
        b = blocks[i]
        if is_entry_block(state, b):
            end, gap = i + 1, 0
        elif is_short(b) and gap < CONTENTS_GAP:
            gap += 1
        else:
            break
    return end


def contents_div(state: ReadState, blocks: list[Block]) -> Node:
    """div type="contents": the head, a list type="toc" per block of entries, a p per heading between them."""
    ctx = state.ctx("front")
    div = Node("div", {"type": "contents"})
    for i, b in enumerate(blocks):
        div.children += space(b)
        if i == 0:
            div.append(Node("head", {}, read_inline(b.text, b.start, ctx, notes=False, dates=False)))
        elif is_entry_block(state, b):
            div.append(toc_list(state, b))
        else:
            div.append(Node("p", {}, read_inline(b.text, b.start, ctx, notes=False, dates=False)))
    return div


def toc_list(state: ReadState, b: Block) -> Node:
    """list type="toc": an item per line, after its label when every line has one ("216." of "216. To Steiner")."""
    ctx = state.ctx("front")
    matches = [state.conventions.list_line.match(line) for line in b.lines]
    labelled = all(matches)
    items: list[Child] = []
    offset = b.start
    for line, m in zip(b.lines, matches, strict=True):
        if labelled and m:
            items.append(Node("label", {}, [m.group("label")]))
            item_at = m.start("item")
            items.append(Node("item", {}, read_inline(line[item_at:], offset + item_at, ctx, notes=False, dates=False)))
        else:
            items.append(Node("item", {}, read_inline(line, offset, ctx, notes=False, dates=False)))
        offset += len(line) + 1
    return Node("list", {"type": "toc"}, items)


def split_index(state: ReadState, blocks: list[Block]) -> tuple[list[Block], list[Block]]:
    """(text, index): the index at the end of the text, its head first, or (blocks, [])."""
    c = state.conventions
    for h in range(len(blocks) - 4, len(blocks) // 2 - 1, -1):  # the last head in the second half
        b = blocks[h]
        if is_head(b) in c.index_heads and alphabetical(blocks[h + 1 :], c.index_order):
            state.count("index", len(blocks) - h)
            state.convention("index", b, f"{len(blocks) - h - 1} entries in alphabetical order after the head")
            return blocks[:h], blocks[h:]
    return blocks, []


def initial(b: Block) -> str:
    return next((ch.casefold() for ch in b.text if ch.isalpha()), "")


def alphabetical(entries: list[Block], share: float) -> bool:
    """Three entries or more, the first letters of at least `share` of the neighbouring pairs in order."""
    letters = [initial(b) for b in entries if not is_caps_heading(b)]
    pairs = list(zip(letters, letters[1:], strict=False))
    return len(letters) >= 3 and sum(a <= b for a, b in pairs) >= share * len(pairs)


def index_div(state: ReadState, blocks: list[Block]) -> Node:
    """div type="index": its head, one p per entry, a closing line in capitals after the entries a trailer."""
    ctx = state.ctx("back")
    div = Node("div", {"type": "index"})
    last = len(blocks)
    while last > 2 and "\n" not in blocks[last - 1].text and is_caps_heading(blocks[last - 1]):
        last -= 1
    for i, b in enumerate(blocks):
        div.children += space(b)
        tag = "head" if i == 0 else "trailer" if i >= last else "p"
        div.append(Node(tag, {}, read_inline(b.text, b.start, ctx, notes=False, dates=False)))
    return div
