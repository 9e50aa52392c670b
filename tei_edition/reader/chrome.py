"""Chrome: a website's navigation and furniture at the top or the bottom of a page ("< backward | Contents |
forward >", "Works Index | Volume 24 | …", "Lenin > 1918 >", "Skip to main content", "From Wikisource", "Retrieved
from …"), kept in the TEI out of the text proper and out of every reading (text, HTML, PDF).

Evidence ([conventions] `chrome_*`, tei_edition/profiles/conventions.toml), whatever the profile: among the first
and the last `chrome_zone` blocks, the runs of blocks at the very top and the very bottom whose every line is chrome —
a navigation line (items of at most `chrome_item_chars` between `chrome_separators`, two separators or more, or the
line between "<" and ">", at most `chrome_line_chars` long), a line that is one of `chrome_phrases` (any case) or
begins with one of `chrome_prefixes`. One "|" in a line is not enough; a block among the text is never chrome.

Where it goes (TEI P5): the chrome is not page furniture of the printed source (`fw` is that: running heads,
catchwords, signatures, of a page of the witness) and not part of the work. At the top it stands in `front` as one
`ab` per block (`type="navigation"` for navigation lines, else `type="chrome"`: front takes paragraph-like units
before any division); at the bottom, after the notes, in `back` as `div type="chrome"` holding those `ab`s. Both are
written Quiet (the header's features leave them out) and rebuild the source byte for byte.
"""

from __future__ import annotations

from tei_edition.model import Block, Node
from tei_edition.reader.context import ReadState, space
from tei_edition.reader.inline import read_inline


def chrome_line(state: ReadState, line: str) -> str | None:
    """ "navigation" or "chrome" when the line is chrome by its shape or words, else None."""
    c = state.conventions
    s = line.strip()
    if not s:
        return None
    folded = s.casefold()
    if folded in c.chrome_phrases or folded.startswith(c.chrome_prefixes):
        return "chrome"
    if len(s) > c.chrome_line_chars:
        return None
    if s.startswith("<") and s.endswith(">") and len(s.split()) <= 8:
        return "navigation"
    items = [s]
    count = 0
    for sep in c.chrome_separators:
        parts = []
        for item in items:
            pieces = item.split(sep)
            count += len(pieces) - 1
            parts += pieces
        items = parts
    if count < 2:
        return None
    items = [i.strip().strip("<>").strip() for i in items]
    words = [i for i in items if i]
    if len(words) < 2 or any(len(i) > c.chrome_item_chars for i in words):
        return None
    if any(i.endswith((".", "!", "?", ",", ";")) and " " in i and not i[-2:-1].isupper() for i in words):
        return None  # a sentence between the bars, not an item of a menu
    return "navigation"


def chrome_block(state: ReadState, b: Block) -> str | None:
    """The block's kind when every line of it is chrome: "navigation" when every line is a navigation line."""
    if len(b.text) > 2000:
        return None
    kinds = {chrome_line(state, line) for line in b.lines}
    if None in kinds:
        return None
    return "navigation" if kinds == {"navigation"} else "chrome"


def split_chrome(state: ReadState, blocks: list[Block]) -> tuple[list[Block], list[Block], list[Block]]:
    """(top, text, bottom): the chrome blocks at the very top and the very bottom, and the blocks between."""
    zone = state.conventions.chrome_zone
    top = 0
    while top < min(zone, len(blocks) - 1) and chrome_block(state, blocks[top]):
        top += 1
    bottom = len(blocks)
    while bottom > max(top + 1, len(blocks) - zone) and chrome_block(state, blocks[bottom - 1]):
        bottom -= 1
    head, text, tail = blocks[:top], blocks[top:bottom], blocks[bottom:]
    for where, run in (("top", head), ("bottom", tail)):
        for b in run:
            state.count("chrome")
            state.convention("chrome", b, f"{where}: {chrome_block(state, b)} line(s)")
    return head, text, tail


def chrome_nodes(state: ReadState, blocks: list[Block]) -> list[Node]:
    """One ab per block, with the blank lines before it (layout), its lines as read inline without notes or dates."""
    ctx = state.ctx("chrome")
    out: list[Node] = []
    for b in blocks:
        out += space(b)
        kind = chrome_block(state, b) or "chrome"
        out.append(Node("ab", {"type": kind}, read_inline(b.text, b.start, ctx, notes=False, dates=False)))
    return out
