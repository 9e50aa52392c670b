"""Split a source into blocks: runs of non-empty lines, each knowing how many blank lines came before it."""

from __future__ import annotations

import re

from tei_edition.model import Block

_BLOCK = re.compile(r"[^\n]+(?:\n[^\n]+)*")


def split_blocks(text: str) -> tuple[list[Block], int]:
    """Blocks in order, and the number of line ends after the last block (0 when the file ends without one)."""
    blocks: list[Block] = []
    append = blocks.append
    previous_end = 0
    for m in _BLOCK.finditer(text):
        start = m.start()
        # between two blocks there are only line ends (a block is every run of non-empty lines)
        newlines = start - previous_end
        # The first block counts one more, as if the file were preceded by a block: then "blank_before - 1"
        # is the number of vertical spaces to record for every block alike (leading line ends included).
        append(Block(m.group(), start, newlines - 1 if blocks else newlines + 1))
        previous_end = m.end()
    trailing = len(text) - previous_end if blocks else 0
    return blocks, trailing
