"""Front matter: the heading-like blocks before the body — the author's line, the title and its parts, a date line
shared by the document, source and publication lines.

Evidence: `front = true` in [blocks]; at most eight leading blocks that are headings by shape (the [conventions]
`heading_end`, `heading_end_exception`) or `source_lines`, and neither a source note nor a letter's first part; the
first one matching [conventions] `author` is the docAuthor; a bare dual date (tei_edition/dates.py) is the docDate.
"""

from __future__ import annotations

import re

from tei_edition.dates import find_dual_dates, first_year
from tei_edition.model import LINE_BREAK, Block, Node
from tei_edition.reader.context import ReadState, space
from tei_edition.reader.inline import InlineContext, date_node, read_inline
from tei_edition.reader.letters import is_letter_start


def split_front(state: ReadState, blocks: list[Block]) -> tuple[list[Block], list[Block]]:
    """Leading heading-like blocks (at most eight) are front matter; the rest is the body."""
    kinds = state.block_kinds
    if not kinds.front:
        return [], blocks
    source_note = kinds.source_note
    lines_re = kinds.source_lines
    is_heading = state.conventions.is_heading
    i = 0
    while (
        i < min(len(blocks) - 1, 8)
        and blocks[i].role is None
        and (
            (lines_re and all(lines_re.match(line) for line in blocks[i].lines))
            or (
                is_heading(blocks[i]) and not (source_note and source_note.search(blocks[i].text)) and not is_letter_start(state, blocks[i])
            )
        )
    ):
        i += 1
    return blocks[:i], blocks[i:]


def read_front(state: ReadState, blocks: list[Block], ctx: InlineContext) -> tuple[list[Node], Node | None]:
    """Author, conference title, date line (docTitle); a bare dual date becomes the shared docDate (encoding.md §9)."""
    front: list[Node] = []
    date_block: Node | None = None
    date_nodes: list[Node] = []  # date_block's children (blank lines, the docDate), as nodes
    date_at = 0
    doc_title: Node | None = None
    author_re = state.conventions.author
    for index, b in enumerate(blocks):
        spaces = list(space(b))
        dual = find_dual_dates(b.text, ctx.year)
        if index == 0 and author_re.match(b.text):
            author = Node("persName", {"ref": "#" + ctx.author} if ctx.author else {}, read_inline(b.text, b.start, ctx))
            front += spaces + [Node("docAuthor", {}, [author])]
            state.count("docAuthor")
        elif dual and dual[0].start == 0 and dual[0].end == len(b.text) and not dual[0].has_year and date_block is None:
            d = dual[0]
            node = date_node(b.text, d, tag="docDate")
            if "from" in node.attrs:  # docDate carries only @when (TEI 4.3.0): a range goes on an inner date
                node = Node("docDate", {}, [date_node(b.text, d)])
            date_nodes = spaces + [node]
            date_block = Node("group-date", {}, [*date_nodes])
            date_at = len(front)
            state.count("docDate")
        elif date_block is None and (
            doc_title is None or (front[-1] is doc_title and (dual or first_year(b.text)) and len(doc_title.children) < 3)
        ):
            part = Node("titlePart", {"type": "main" if doc_title is None else "sub"}, read_inline(b.text, b.start, ctx))
            state.count("titlePart")
            if doc_title is None:  # docTitle starts with a titlePart: blank lines before it stay outside
                doc_title = Node("docTitle", {}, [part])
                front += spaces + [doc_title]
            else:
                doc_title.extend(spaces + [part])
        else:
            front += spaces + [head_or_source_lines(state, b, ctx, "head")]
    if date_block is not None and date_at < len(front):
        # the date line is not the last of the front matter: it stays in the front, in its place
        front[date_at:date_at] = date_nodes
        date_block = None
    return front, date_block


def head_or_source_lines(state: ReadState, b: Block, ctx: InlineContext, tag: str) -> Node:
    """A block of "Source: …" lines becomes bibls (kept as text, copied to the header); else a heading."""
    lines_re = state.block_kinds.source_lines
    if lines_re and all(lines_re.match(line) for line in b.lines):
        p = Node("p", {}, [])
        offset = b.start
        for i, line in enumerate(b.lines):
            m = lines_re.match(line)
            assert m is not None  # every line matched (the test above)
            label = m.group("label")
            state.header_fields.setdefault(label.lower(), m.group("value").strip())
            if i:
                p.append(LINE_BREAK)
            bibl_type = re.sub(r"\W+(\w)", lambda x: x.group(1).upper(), label.lower()).replace("/", "")
            p.append(Node("bibl", {"type": bibl_type}, read_inline(line, offset, ctx, notes=False)))
            offset += len(line) + 1
        state.count("source-line", len(b.lines))
        return p
    state.count("head")
    return Node(tag, {}, read_inline(b.text, b.start, ctx))
