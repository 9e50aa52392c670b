"""Letters: which blocks of a section are its opener (date line, salutation), closer (closing words, signature) and
postscript, and whether a section is a letter at all.

Evidence: `letters = true` in [blocks]; the [conventions] `dateline` (with `months`), `salute` (with `salute_words`,
`salute_ends`), `closing` (with `closing_words`), `sentence_end`, `signed` and `postscript`; and the block's place: an
opener among the first four blocks, a signature among the last five. TEI allows a closer only after the body of a
division: a section with nothing between opener and closer keeps its parts as paragraphs. The nodes are made where
the section is read (tei_edition/reader/sections.py).
"""

from __future__ import annotations

from tei_edition.model import Block, Node
from tei_edition.reader.blocks import is_caps_heading
from tei_edition.reader.context import ReadState
from tei_edition.reader.inline import InlineContext, read_inline


def is_letter_start(state: ReadState, b: Block) -> bool:
    conventions = state.conventions
    return state.block_kinds.letters and (conventions.is_dateline(b.text) or conventions.is_salute(b.text))


def looks_like_letter(state: ReadState, blocks: list[Block]) -> bool:
    conventions = state.conventions
    is_dateline, is_salute, is_signed = conventions.is_dateline, conventions.is_salute, conventions.is_signed
    real = [b for b in blocks if b.role is None]
    return any(is_salute(b.text) or is_dateline(b.text) for b in real[:4]) or any(is_signed(b.text) for b in real[-4:])


def letter_roles(state: ReadState, blocks: list[Block]) -> list[str | None]:
    """Roles of a letter's parts: dateline/salute at the start, closing/signed at the end, then a postscript."""
    conventions = state.conventions
    roles: list[str | None] = [None] * len(blocks)
    real = [i for i, b in enumerate(blocks) if b.role is None]
    # opener: among the first blocks (after headings), a dateline and/or a salute
    for i in real[:4]:
        text = blocks[i].text
        if len(text) > 120:
            break
        if conventions.is_dateline(text):
            roles[i] = "dateline"
        elif conventions.is_salute(text):
            roles[i] = "salute"
            break
    opener_parts = [i for i in real[:4] if roles[i] in ("dateline", "salute")]  # (only these can have a role yet)
    if len(opener_parts) > 1:  # a short line between two opener parts ("85 florins enclosed.") stays in the opener
        for i in real:
            if opener_parts[0] < i < opener_parts[-1] and roles[i] is None:
                roles[i] = "opener-extra"
    opening = opener_parts[0] if opener_parts else None
    # closer: the last signature, the closing words before it; what follows is a postscript or short lines
    is_signed = conventions.is_signed
    signed = next((i for i in reversed(real[-5:]) if is_signed(blocks[i].text) and roles[i] is None and i != real[0]), None)
    if signed is None:
        return roles
    roles[signed] = "signed"
    closing, sentence_end = conventions.closing, conventions.sentence_end
    k = real.index(signed) - 1
    while (
        k >= 0
        and roles[real[k]] is None
        and len(blocks[real[k]].text) <= 80
        and not sentence_end.search(blocks[real[k]].text)
        and (closing.match(blocks[real[k]].text) or blocks[real[k]].text.rstrip().endswith(","))
        and k >= real.index(signed) - 2
    ):
        roles[real[k]] = "closing"
        k -= 1
    after = real[real.index(signed) + 1 :]
    if after:
        if blocks[after[0]].text.startswith(conventions.postscript):
            roles[after[0]] = "postscript"
        elif all(len(blocks[i].text) <= 60 for i in after) and len(after) <= 2:
            for i in after:
                roles[i] = "closer-extra"
        else:
            roles[signed] = None
            for i in real:
                if roles[i] == "closing":
                    roles[i] = None
    caps = state.block_kinds.caps_headings
    middle = any(roles[i] is None and not (caps and (opening is None or i < opening) and is_caps_heading(blocks[i])) for i in real)
    if not middle:  # TEI puts a closer only after the body of a division: with none, the parts stay paragraphs
        for i in real:
            if roles[i] in ("closing", "signed", "closer-extra", "postscript"):
                roles[i] = None
    return roles


def letter_part(state: ReadState, tag: str, b: Block, ctx: InlineContext) -> Node:
    state.count(tag)
    return Node(tag, {}, read_inline(b.text, b.start, ctx))
