"""Chrome: a website's navigation and furniture at the top or the bottom of a page ("< backward | Contents |
forward >", "Works Index | Volume 24 | …", "Lenin > 1918 >", "Skip to main content", "From Wikisource", "Retrieved
from …"), kept in the TEI out of the text proper and out of every reading (text, HTML, PDF).

Evidence ([conventions] `chrome_*`, tei_edition/profiles/conventions.toml), whatever the profile: among the first
and the last `chrome_zone` blocks, the runs of blocks at the very top and the very bottom whose every line is chrome —
a navigation line (items of at most `chrome_item_chars` between `chrome_separators`, two separators or more, or the
line between "<" and ">", at most `chrome_line_chars` long), a line that is one of `chrome_phrases` (any case) or
begins with one of `chrome_prefixes`. One "|" in a line is not enough; a block among the text is never chrome.

Line by line at the top: a block whose first lines are chrome and whose last lines are page furniture (below) is
split there; a one-line block above the chrome (the page's title: "Page:Foo.djvu/54") stays front matter.

Page furniture of the printed page (`furniture_*`): at the top of the text, a page number alone on its line
(`furniture_page_number`) with a running head in capitals next to it ("522" / "Ф. ЭНГЕЛЬС", "HEAD" / "523"), the
first lines of the text's first block or a block of their own; or the lines after the chrome of a block ("52" or
"52" / "KARL MARX: THE MAN AND HIS WORK" after "This page has been proofread…").

Among the text (an OCR'd volume, every page beginning with its number and running head): a block beginning with a
page number and a running head is that furniture when the same head begins another block too (recurring_furniture;
a head once is the text's own heading).

Where it goes (TEI P5): the chrome is not page furniture of the printed source and not part of the work. At the top
it stands in `front` as one `ab` per block (`type="navigation"` for navigation lines, else `type="chrome"`: front
takes paragraph-like units before any division); at the bottom, after the notes, in `back` as `div type="chrome"`
holding those `ab`s. Both are written Quiet (the header's features leave them out). Page furniture is `fw`
(`type="pageNum"`, `type="header"`, `place="top"`) after `pb n="…"` (the page it says begins), before the first
block of the text (in front or body). Where one block was split, a `<?tei-edition joined?>` between the parts says
they stood on adjacent lines (tei_edition/layout.py): the source is rebuilt byte for byte.
"""

from __future__ import annotations

import dataclasses
import re

from tei_edition import layout
from tei_edition.model import Block, Node
from tei_edition.reader.context import ReadState, space
from tei_edition.reader.inline import read_inline

LEAD_CHARS = 120  # the longest page title above a page's chrome


@dataclasses.dataclass
class PageParts:
    """The page around the text: its title above the chrome, the chrome at the top (nodes), the printed page's
    furniture at the top of the text (nodes), the text's blocks, the chrome blocks at the bottom."""

    lead: list[Block]
    top: list[Node]
    furniture: list[Node]
    text: list[Block]
    bottom: list[Block]


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
    items = [i.strip().strip("<>").strip() for i in items]
    words = [i for i in items if i]
    if count < 1 or (count == 1 and not (len(words) == 2 and any(_names_site_part(c.chrome_words, i) for i in words))):
        return None  # one separator only between two items one of which names a part of the site ("… | Marx-Engels Archive")
    if len(words) < 2 or any(len(i) > c.chrome_item_chars for i in words):
        return None
    if any(i.endswith((".", "!", "?", ",", ";")) and " " in i and not i[-2:-1].isupper() for i in words):
        return None  # a sentence between the bars, not an item of a menu
    return "navigation"


def _names_site_part(words: frozenset[str], item: str) -> bool:
    return any(w in words for w in item.split())


def chrome_block(state: ReadState, b: Block) -> str | None:
    """The block's kind when every line of it is chrome: "navigation" when every line is a navigation line."""
    if len(b.text) > 2000:
        return None
    kinds = {chrome_line(state, line) for line in b.lines}
    if None in kinds:
        return None
    return "navigation" if kinds == {"navigation"} else "chrome"


def page_number(state: ReadState, line: str) -> str | None:
    """The number of a page-number line ("52", "[52]", "— 52 —"), else None."""
    m = state.conventions.furniture_page_number.match(line.strip())
    return m.group("n") if m else None


def running_head(state: ReadState, line: str) -> bool:
    """A short line in capitals (a few lower-case letters allowed, as OCR makes them), not chrome."""
    s = line.strip()
    if len(s) > state.conventions.furniture_head_chars or chrome_line(state, s):
        return False
    letters = [ch for ch in s if ch.isalpha()]
    return len(letters) >= 3 and sum(ch.isupper() for ch in letters) >= 0.9 * len(letters)


def furniture_pair(state: ReadState, lines: list[str]) -> bool:
    """The two lines are a page number and a running head, in either order."""
    a, b = lines
    return bool(page_number(state, a) and running_head(state, b)) or bool(running_head(state, a) and page_number(state, b))


def leading_furniture(state: ReadState, b: Block) -> int:
    """How many of the block's first lines are the top of a printed page: 2 (a number and a head), or 0."""
    return 2 if len(b.lines) >= 2 and furniture_pair(state, b.lines[:2]) else 0


def trailing_furniture(state: ReadState, b: Block) -> int:
    """How many of the block's last lines are furniture after chrome lines only: 1 (a page number), 2 (a number and
    a head) or 0."""
    lines = b.lines
    for n in (2, 1):
        if len(lines) > n and all(chrome_line(state, line) for line in lines[:-n]):
            tail = lines[-n:]
            if (furniture_pair(state, tail) if n == 2 else page_number(state, tail[0])) and not chrome_line(state, tail[0]):
                return n
    return 0


def split_chrome(state: ReadState, blocks: list[Block]) -> PageParts:
    """The page's title, chrome and furniture at the top, the text, and the chrome blocks at the very bottom."""
    zone = state.conventions.chrome_zone
    lead = 0
    if len(blocks) > 2 and is_lead(state, blocks[0]) and (chrome_block(state, blocks[1]) or trailing_furniture(state, blocks[1])):
        lead = 1
    top = top_run(state, blocks, lead)
    if lead and all(chrome_block(state, b) for b in blocks[top:]):  # chrome all round one line: that line is the text
        lead, top = 0, top_run(state, blocks, 0)
    top_nodes = chrome_nodes(state, blocks[lead:top], "top")
    furniture: list[Node] = []
    rest = blocks[top:]
    if len(rest) > 1 and top < zone and trailing_furniture(state, rest[0]):
        chrome_part, furniture = furniture_after_chrome(state, rest[0])
        top_nodes += chrome_nodes(state, [chrome_part], "top") + [layout.blank(layout.JOINED)]  # furniture: the next line
        rest = rest[1:]
    elif len(rest) > 1 and top < zone and 0 < (n := leading_chrome(state, rest[0])) < len(rest[0].lines):
        # the block's first lines are chrome ("Jump to navigation Jump to search"), the rest is the text's
        b = rest[0]
        top_nodes += chrome_nodes(state, [piece(b, 0, n, b.blank_before)], "top")
        rest = [piece(b, n, None, 0)] + rest[1:]  # (on the next line: joined)
    elif rest and leading_furniture(state, rest[0]):
        furniture, remainder = furniture_before_text(state, rest[0])
        rest = ([remainder] if remainder else []) + rest[1:]
    elif (
        len(rest) > 2
        and rest[1].blank_before == 0
        and leading_furniture(state, _two_lines(rest[0], rest[1]))
        and not _letter_heading(state, rest[1].text)  # ("41" over "ENGELS TO JOHANN PHILIPP BECKER": a letter's number)
    ):
        # a text whose lines are its blocks (reader/blocks.py): the page's top is its first two lines
        furniture, _ = furniture_before_text(state, _two_lines(rest[0], rest[1]))
        rest = rest[2:]
    bottom = len(rest)
    while bottom > max(1, len(rest) - zone) and chrome_block(state, rest[bottom - 1]):
        bottom -= 1
    tail = rest[bottom:]
    for b in tail:
        state.count("chrome")
        state.convention("chrome", b, f"bottom: {chrome_block(state, b)} line(s)")
    return PageParts(blocks[:lead], top_nodes, furniture, rest[:bottom], tail)


def leading_chrome(state: ReadState, b: Block) -> int:
    """How many of the block's first lines are chrome lines (a phrase or a prefix of the site's, not navigation)."""
    n = 0
    for line in b.lines:
        if chrome_line(state, line) != "chrome":
            break
        n += 1
    return n


def _letter_heading(state: ReadState, text: str) -> bool:
    c = state.conventions
    return bool(c.letter_heading.match(text)) or text.partition(" ")[0] in c.letter_to_words


def _two_lines(a: Block, b: Block) -> Block:
    """Two one-line blocks on adjacent lines as the block they would be (for the furniture at the top)."""
    if "\n" in a.text or "\n" in b.text or b.start != a.end + 1:
        return Block("", a.start, a.blank_before)
    return Block(a.text + "\n" + b.text, a.start, a.blank_before)


def recurring_furniture(state: ReadState, blocks: list[Block]) -> list[Block]:
    """The printed page's top among the text (an OCR'd volume: every page begins with its number and running head):
    a block beginning with a page number and a running head (either order) is that furniture when the same head
    begins another block of the text too (a head once is a heading of the text); the furniture becomes a block of
    role "furniture" holding its nodes (pb, fw), the rest of the block follows on the next line."""
    limit = state.conventions.furniture_head_chars + 1
    candidates = [i for i, b in enumerate(blocks) if b.role is None and _short_top(state, b.text, limit) and leading_furniture(state, b)]
    lines = {i: n for i, b in enumerate(blocks) if b.role is None and (n := _furniture_line(state, b.text, limit))}
    if len(candidates) + len(lines) < 2:
        return blocks
    heads: dict[str, int] = {}
    keys = {}
    for i in candidates:
        first, second = blocks[i].lines[:2]
        keys[i] = _key(second if page_number(state, first) else first)
    for i, (_, head) in lines.items():
        keys[i] = _key(head)
    for key in keys.values():
        heads[key] = heads.get(key, 0) + 1
    out: list[Block] = []
    chosen = {i for i in keys if heads[keys[i]] >= 2}
    for i, b in enumerate(blocks):
        if i not in chosen:
            out.append(b)
            continue
        if i in lines:  # "2 THE LIFE OF WILLIAM COBBETT": the page's number and head on one line
            nodes = [Node("pb", {"n": lines[i][0]}), Node("fw", {"type": "header", "place": "top"}, [b.text])]
            state.count("page-furniture")
            state.convention("page-furniture", b, "among the text, a page number and its running head on one line, the head recurring")
            out.append(Block(b.text, b.start, b.blank_before, role="furniture", nodes=nodes))
            continue
        nodes = furniture_nodes(state, piece(b, 0, 2, 1), "among the text, its running head recurring")
        rest = piece(b, 2, None, 1) if len(b.lines) > 2 else None
        if rest is not None:
            nodes.append(layout.blank(layout.JOINED))
        out.append(Block("\n".join(b.lines[:2]), b.start, b.blank_before, role="furniture", nodes=nodes))
        if rest is not None:
            out.append(rest)
    return out


_NUMBER_AND_HEAD = re.compile(r"^(?:(?P<a>\d{1,4})[ \t]+(?P<head>\S.*?)|(?P<head2>\S.*?)[ \t]+(?P<b>\d{1,4}))[ \t]*$")


def _furniture_line(state: ReadState, text: str, limit: int) -> tuple[str, str] | None:
    """(number, head) of a one-line block holding a page number and a running head, in either order, else None."""
    if "\n" in text or len(text) > limit + 6 or not text[:1].isdigit() and not text.rstrip()[-1:].isdigit():
        return None
    m = _NUMBER_AND_HEAD.match(text)
    if m is None:
        return None
    number, head = (m.group("a"), m.group("head")) if m.group("a") else (m.group("b"), m.group("head2"))
    return (number, head) if running_head(state, head) else None


def _key(head: str) -> str:
    return "".join(ch for ch in head.casefold() if ch.isalpha())


def _short_top(state: ReadState, text: str, limit: int) -> bool:
    """The block's first two lines are short and one is a page number (the cheap test before leading_furniture)."""
    first = text.find("\n")
    if first < 0 or first > limit:
        return False
    second = text.find("\n", first + 1)
    second = second if second >= 0 else len(text)
    if second - first - 1 > limit:
        return False
    return bool(page_number(state, text[:first]) or page_number(state, text[first + 1 : second]))


def top_run(state: ReadState, blocks: list[Block], first: int) -> int:
    """The end of the run of chrome blocks from `first`, within the zone, leaving one block at least. A block on the
    line after the one before it (a text whose lines are its blocks) is counted with that block, not against the
    zone: a page's menu of many lines is one run."""
    top = first
    zone = state.conventions.chrome_zone
    while top < len(blocks) - 1 and (top < zone or blocks[top].blank_before == 0) and chrome_block(state, blocks[top]):
        top += 1
    return top


def is_lead(state: ReadState, b: Block) -> bool:
    """One short line that is not chrome: the page's title above its chrome."""
    return len(b.lines) == 1 and len(b.text) <= LEAD_CHARS and not chrome_line(state, b.text)


def piece(b: Block, first: int, last: int | None, blank_before: int) -> Block:
    """The block's lines first..last (a part of a block split line by line), with its offset in the source."""
    lines = b.lines
    start = b.start + sum(len(line) + 1 for line in lines[:first])
    return Block("\n".join(lines[first:last]), start, blank_before)


def furniture_after_chrome(state: ReadState, b: Block) -> tuple[Block, list[Node]]:
    """A block of chrome lines ending in page furniture: its chrome part, and the furniture (on the next line)."""
    n = trailing_furniture(state, b)
    chrome_part = piece(b, 0, -n, b.blank_before)
    return chrome_part, furniture_nodes(state, piece(b, len(b.lines) - n, None, 1), "after chrome")


def furniture_before_text(state: ReadState, b: Block) -> tuple[list[Node], Block | None]:
    """A block beginning with page furniture: the furniture (with the blank lines before the block), and the rest of
    the block (None when nothing is left), on the next line."""
    n = leading_furniture(state, b)
    nodes: list[Node] = [*space(b), *furniture_nodes(state, piece(b, 0, n, 1), "top of the text")]
    if n == len(b.lines):
        return nodes, None
    return nodes + [layout.blank(layout.JOINED)], piece(b, n, None, 1)


def furniture_nodes(state: ReadState, b: Block, where: str) -> list[Node]:
    """pb n="…" for the page the number says begins, then one fw per line, a line end between them."""
    numbers = [page_number(state, line) for line in b.lines]
    out: list[Node] = [Node("pb", {"n": n}) for n in numbers if n][:1]
    for i, (line, n) in enumerate(zip(b.lines, numbers, strict=True)):
        if i:
            out.append(layout.blank(layout.JOINED))
        out.append(Node("fw", {"type": "pageNum" if n else "header", "place": "top"}, [line]))
    state.count("page-furniture", len(b.lines))
    kinds = ", ".join("page number" if n else "running head" for n in numbers)
    state.convention("page-furniture", b, f"{where}: {kinds}")
    return out


def chrome_nodes(state: ReadState, blocks: list[Block], where: str | None = None) -> list[Node]:
    """One ab per block, with the blank lines before it (layout), its lines as read inline without notes or dates;
    `where` ("top", "bottom"): the convention is recorded for the report."""
    ctx = state.ctx("chrome")
    out: list[Node] = []
    for b in blocks:
        out += space(b)
        kind = chrome_block(state, b) or "chrome"
        if where:
            state.count("chrome")
            state.convention("chrome", b, f"{where}: {kind} line(s)")
        out.append(Node("ab", {"type": kind}, read_inline(b.text, b.start, ctx, notes=False, dates=False)))
        page_title(state, b)
    return out


def page_title(state: ReadState, b: Block) -> None:
    """A chrome line that names the document ("Full text of "Nikolai Lenin : his life and work."": archive.org,
    `chrome_titles`) gives the header its title, unless the text or the metadata says one."""
    for line in b.lines:
        for pattern in state.conventions.chrome_titles:
            m = pattern.match(line.strip())
            if m and m.group("title").strip() and "title" not in state.header_fields:
                state.header_fields["title"] = m.group("title").strip()
                state.convention("page-title", b, f"the page names its document: {m.group('title').strip()!r}")
                return
