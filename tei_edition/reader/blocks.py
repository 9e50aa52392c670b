"""Split a source into blocks: runs of non-empty lines, each knowing how many blank lines came before it; and the
shapes of a block that need no profile (verse indentation, a heading in capitals).
"""

from __future__ import annotations

import functools

from tei_edition.model import Block

# A text without one blank line whose longest line is at least this long is not hard-wrapped (no one wraps lines so
# long): its lines are its paragraphs, one block each (a Founders Online or mirror copy that lost its blank lines).
UNWRAPPED_LINE_CHARS = 160


def split_blocks(text: str) -> tuple[list[Block], int]:
    """Blocks in order, and the number of line ends after the last block (0 when the file ends without one)."""
    blocks: list[Block] = []
    append = blocks.append
    previous_end = 0
    pos = 0
    # A block is every run of non-empty lines: the text split at "\n\n"; a piece may begin with one "\n" (three line
    # ends in a row), the last one may end with one, a piece may be empty (more blank lines); none holds "\n\n".
    # (Faster than a regex over the text.)
    for piece in text.split("\n\n"):
        start = pos
        pos += len(piece) + 2
        if piece.startswith("\n"):
            piece = piece[1:]
            start += 1
        if piece.endswith("\n"):  # the end of the text
            piece = piece[:-1]
        if not piece:
            continue
        # between two blocks there are only line ends
        newlines = start - previous_end
        # The first block counts one more, as if the file were preceded by a block: then "blank_before - 1"
        # is the number of vertical spaces to record for every block alike (leading line ends included).
        append(Block(piece, start, newlines - 1 if blocks else newlines + 1))
        previous_end = start + len(piece)
    trailing = len(text) - previous_end if blocks else 0
    if len(blocks) == 1 and lines_are_paragraphs(blocks[0].text):
        blocks = line_blocks(blocks[0])
    return blocks, trailing


def lines_are_paragraphs(text: str) -> bool:
    """Three lines or more, none of them blank or spaces only, and one at least UNWRAPPED_LINE_CHARS long."""
    if text.count("\n") < 2:
        return False
    lines = text.split("\n")
    return max(map(len, lines)) >= UNWRAPPED_LINE_CHARS and all(line.strip() for line in lines)


def line_blocks(block: Block) -> list[Block]:
    """One block per line; each after the first follows a single line end (blank_before 0: layout's `joined`)."""
    out = []
    start = block.start
    for i, line in enumerate(block.text.split("\n")):
        out.append(Block(line, start, block.blank_before if i == 0 else 0))
        start += len(line) + 1
    return out


def is_verse(text: str) -> bool:
    """Every line indented by two spaces or more (counted, not split)."""
    return text.startswith("  ") and text.count("\n  ") == text.count("\n")


def is_caps_heading(b: Block) -> bool:
    """A heading in capitals; a few lower-case letters are allowed ("HOeFEN": umlauts spelt out as in Gutenberg texts)."""
    text = b.text
    # the cheap tests first (most blocks are long paragraphs); a letter's first blocks are asked about twice
    return len(text) <= 200 and text.count("\n") <= 2 and _caps(text)


@functools.lru_cache(maxsize=256)
def _caps(text: str) -> bool:
    letters = "".join(filter(str.isalpha, text))
    upper = sum(map(str.isupper, letters))
    return len(letters) >= 2 and upper >= 0.9 * len(letters)
