"""Split a source into blocks: runs of non-empty lines, each knowing how many blank lines came before it."""

from __future__ import annotations

import re

from tei_edition.model import Block

_BLOCK = re.compile(r"[^\n]+(?:\n[^\n]+)*")


def split_blocks(text: str) -> tuple[list[Block], int]:
    """Blocks in order, and the number of line ends after the last block (0 when the file ends without one)."""
    blocks: list[Block] = []
    previous_end = 0
    for m in _BLOCK.finditer(text):
        gap = text[previous_end: m.start()]
        newlines = gap.count("\n")
        # The first block counts one more, as if the file were preceded by a block: then "blank_before - 1"
        # is the number of vertical spaces to record for every block alike (leading line ends included).
        blank = newlines + 1 if not blocks else newlines - 1
        blocks.append(Block(m.group(), m.start(), blank))
        previous_end = m.end()
    trailing = len(text) - previous_end if blocks else 0
    return blocks, trailing
