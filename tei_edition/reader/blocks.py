"""Split a source into blocks: runs of non-empty lines, each knowing how many blank lines came before it; and the
shapes of a block that need no profile (verse indentation, a heading in capitals).
"""

from __future__ import annotations

import functools
import re

from tei_edition.model import Block

# A text without one blank line whose longest line is at least this long is not hard-wrapped (no one wraps lines so
# long): its lines are its paragraphs, one block each (a Founders Online or mirror copy that lost its blank lines).
UNWRAPPED_LINE_CHARS = 160
# Nor is one whose longest line is wider than anyone wraps prose (72 to 80 characters, rarely 100) while its lines
# do not fill a width: a hard-wrapped text's lines mostly end within WRAP_SLACK characters of its longest.
WRAP_WIDTH_MAX = 100
WRAP_SLACK = 20


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
    elif any(b.text.count("\n") >= WRAPPED_MIN_LINES - 1 for b in blocks):
        blocks = [piece for b in blocks for piece in wrapped_paragraphs(b)]
    return blocks, trailing


def lines_are_paragraphs(text: str) -> bool:
    """Three lines or more, none of them blank or spaces only, and either one at least UNWRAPPED_LINE_CHARS long or
    one wider than WRAP_WIDTH_MAX in lines that fill no width (fewer than half end near the longest)."""
    if text.count("\n") < 2:
        return False
    lines = text.split("\n")
    if not all(line.strip() for line in lines):
        return False
    longest = max(map(len, lines))
    if longest >= UNWRAPPED_LINE_CHARS:
        return True
    if longest <= WRAP_WIDTH_MAX:
        return False
    filled = sum(len(line) >= longest - WRAP_SLACK for line in lines)
    return filled * 2 < len(lines)


def line_blocks(block: Block, starts=None) -> list[Block]:
    """The block cut before the lines `starts` (indices, the first 0; None: every line), each piece a block of its
    own with its offset in the source; each after the first follows a single line end (blank_before 0: layout's
    `joined`)."""
    lines = block.text.split("\n")
    cuts = list(range(len(lines)) if starts is None else starts) + [len(lines)]
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)
    return [
        Block(
            "\n".join(lines[cuts[k] : cuts[k + 1]]),
            block.start + offsets[cuts[k]],
            block.blank_before if k == 0 else 0,
            run_in=block.run_in if k == 0 else None,
        )
        for k in range(len(cuts) - 1)
    ]


# Paragraphs from the layout of a hard-wrapped block without blank lines between its paragraphs (a letter or a page
# copied without them): a block of WRAPPED_MIN_LINES lines or more, wrapped at a common width of WRAPPED_MIN_WIDTH
# or more (most long lines' ends could not have taken the next line's first word), is split after a line that ends a
# paragraph — a line that ends a sentence (or a short line standing alone before a paragraph: a dateline, a
# salutation) and is short (the next word would have fitted, and it is shorter than SHORT_SHARE of the width), or
# that ends a sentence before an indented line (paragraphs by their first line's indentation). The parts follow each
# other after a single line end (blank_before 0: layout's `joined`), so the source's line ends stay.
WRAPPED_MIN_LINES = 6
WRAPPED_MIN_WIDTH = 45
WRAPPED_SHARE = 0.5  # of the line ends at least, those a wrapper forced
SHORT_SHARE = 0.85
ALONE_SHARE = 0.6  # a line without a sentence end shorter than this share of the width, before a full line
ALONE_MAX_LINES = 6  # short lines alone before the first long line of the block, or after its last
_SENTENCE_END = re.compile(r"[.!?…:][\"'”’»)\]]*$")
_OPENING = "\"'“‘„«»‹(¡¿[—–-_*"
_LABEL = re.compile(r"\s*(?:\d{1,3}[.)]|[a-zA-Z][.)]|[-*•–]|\(\w{1,4}\))\s")


def wrapped_paragraphs(b: Block) -> list[Block]:
    """The block split where its layout says a paragraph ends (see WRAPPED_MIN_LINES); the block itself when it is
    not wrapped prose (verse, an address, a list, a table are never split)."""
    lines = b.lines
    n = len(lines)
    if n < WRAPPED_MIN_LINES or is_verse(b.text):
        return [b]
    lengths = [len(line.rstrip()) for line in lines]
    width = sorted(lengths)[(9 * n) // 10 - 1]  # a high percentile: the wrapping width, one long line aside
    if width < WRAPPED_MIN_WIDTH:
        return [b]
    # (the cheap test first: most blocks are one paragraph, every line but the last full, none indented after the first)
    short = SHORT_SHARE * width
    indented = "\n " in b.text or "\n\t" in b.text
    if not indented and all(length >= short for length in lengths[:-1]):
        if lengths[-1] >= short or not (_starts_sentence(lines[-1]) and _sentence_end(lines[-2])):
            return [b]
    if sum(bool(_LABEL.match(line)) for line in lines) >= 2:
        return [b]
    firsts = [len(line.split(None, 1)[0]) if line.strip() else 0 for line in lines]
    indents = [len(line) - len(line.lstrip(" \t")) for line in lines]
    flush = sum(i == 0 for i in indents) * 2 >= n  # half the lines begin at the margin: an indent is a paragraph's
    full = [lengths[i] + 1 + firsts[i + 1] > width for i in range(n - 1)]
    # wrapped: most long lines (the short ones are a paragraph's last, a dateline, a closing) end where a wrapper
    # had to break, three at least
    long_ends = [full[i] for i in range(n - 1) if lengths[i] >= ALONE_SHARE * width]
    if sum(long_ends) < max(3, WRAPPED_SHARE * len(long_ends)) or _columns(lines):
        return [b]
    ends = {i for i in range(n - 1) if _paragraph_end(lines, lengths, indents, full, width, flush, i)}
    ends.update(_lines_alone(lines, lengths, width))
    if ends:  # never inside brackets ("[Music: …" over several lines: an editorial remark)
        depth = 0
        for i, line in enumerate(lines[:-1]):
            depth += line.count("[") - line.count("]") + line.count("(") - line.count(")")
            if depth > 0:
                ends.discard(i)
    if not ends:
        return [b]
    out = []
    first = 0
    start = b.start
    for end in [*sorted(ends), n - 1]:
        text = "\n".join(lines[first : end + 1])
        out.append(Block(text, start, b.blank_before if first == 0 else 0))
        start += len(text) + 1
        first = end + 1
    return out


def _lines_alone(lines: list[str], lengths: list[int], width: int) -> list[int]:
    """Breaks around the short lines before the block's first long line (a dateline, an address, a salutation) and
    after its last long one, or its last full one (SHORT_SHARE of the width), when that ends a sentence (a closing, a signature): at most ALONE_MAX_LINES at either end, each
    beginning with a capital or a digit, each a block of its own."""
    n = len(lines)
    long = [i for i in range(n) if lengths[i] >= ALONE_SHARE * width]
    if not long:
        return []
    breaks: list[int] = []
    first = long[0]
    last = max(i for i in range(n) if lengths[i] >= SHORT_SHARE * width)
    # (after a salutation, "Caro amico," "Lieber Freund!", the letter may go on in lower case)
    opens = _starts_sentence(lines[first]) or lines[first - 1].rstrip().endswith((",", "!", ":"))
    if 0 < first <= ALONE_MAX_LINES and opens and all(map(_starts_sentence, lines[1:first])) and all(map(_line_end, lines[:first])):
        breaks += range(first)
    for end in (long[-1], last):  # after the last long line, else after the last full one
        if 0 < n - 1 - end <= ALONE_MAX_LINES and _sentence_end(lines[end]) and all(map(_starts_sentence, lines[end + 1 :])):
            breaks += range(end, n - 1)
            break
    return breaks


def _starts_sentence(line: str) -> bool:
    start = line.lstrip(" \t" + _OPENING)[:1]
    return start.isupper() or start.isdigit()


def _line_end(line: str) -> bool:
    """A short line that may stand alone: it ends in punctuation that is not an initial's or a title's ("K.",
    "Mr."), in a number or in a capitalised word ("London, 5 May 1850", "Dear Sir"), never in a word in lower case
    or a hyphen (the sentence goes on)."""
    line = line.rstrip()
    last = line.rsplit(None, 1)[-1] if line else ""
    if not last or last[-1] in "-—–" or _initial(last):
        return False
    return last[-1] in ".,;:!?" or last[-1].isdigit() or last[0].isupper()


def _initial(word: str) -> bool:
    return len(word) <= 3 and word[0].isupper() and word[:-1].isalpha() and word[-1] == "."


def _sentence_end(line: str) -> bool:
    """The line ends a sentence (an initial or a title before a name does not: "K.", "Mr.", "St.")."""
    line = line.rstrip()
    if not _SENTENCE_END.search(line):
        return False
    return not _initial(line.rsplit(None, 1)[-1])


def _columns(lines: list[str]) -> bool:
    """A table's lines: most have a run of two spaces or more between words."""
    return sum("  " in line.strip() for line in lines) * 2 >= len(lines)


def _paragraph_end(lines: list[str], lengths: list[int], indents: list[int], full: list[bool], width: int, flush: bool, i: int) -> bool:
    line = lines[i].rstrip()
    if not line or not _starts_sentence(lines[i + 1]):
        return False
    sentence = _sentence_end(line)
    if flush and indents[i + 1] > indents[i] and indents[i + 1] >= 2 and (sentence or not full[i]):
        return True  # an indented first line
    short = not full[i] and lengths[i] < SHORT_SHARE * width
    if sentence:
        return short
    # a line alone (a dateline, a salutation, a heading) before a full line of a paragraph
    return short and lengths[i] < ALONE_SHARE * width and i + 1 < len(full) and full[i + 1] and _line_end(line)


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


_LINE_PUNCTUATION = re.compile(r"[.!?;:,]$", re.MULTILINE)


def heading_shape(conventions, b: Block) -> bool:
    """A heading by its shape: at most 120 characters on one or two lines, capitalised, no line ending in
    punctuation, a heading by the conventions' `is_heading`."""
    text = b.text
    return (
        b.role is None
        and len(text) <= 120
        and text.count("\n") <= 1
        and text[:1].isupper()
        and not _LINE_PUNCTUATION.search(text)
        and conventions.is_heading(b)
    )


def is_spaced_heading(conventions, blocks: list[Block], i: int) -> bool:
    """blocks[i] heads the paragraph after it by its spacing: a heading by shape with more blank lines before it
    than the paragraph after it has (a glossary's term, an article's subheading)."""
    if i + 1 >= len(blocks):
        return False
    b, nxt = blocks[i], blocks[i + 1]
    return (
        b.blank_before >= 2
        and nxt.blank_before < b.blank_before
        and heading_shape(conventions, b)
        and not (len(nxt.text) <= 120 and conventions.is_heading(nxt))
    )
