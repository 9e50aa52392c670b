"""Regions of the file around the text: a distributor's header and licence (Project Gutenberg's), kept out of the body.

Evidence: the profile's [gutenberg] patterns — `start` (the line ending the header), `end_before` (the first line of
the licence; `end`, the end marker, when it is not found), `fields` ("Title: …" lines of the header, copied into the
TEI header) and `ebook` (the e-book's number). Where the note list at the end of the text begins is the notes'
concern (tei_edition/reader/notes.py), where the front matter ends the front matter's (tei_edition/reader/front.py).
"""

from __future__ import annotations

import re

from tei_edition.model import LINE_BREAK, Block, Child, Node
from tei_edition.reader.context import ReadState, space


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
