"""Front matter: the heading-like blocks before the body — the author's line, the title and its parts, a date line
shared by the document, source and publication lines, a bracketed source note.

Evidence: `front = true` in [blocks]; at most eight leading blocks that are headings by shape (the [conventions]
`heading_end`, `heading_end_exception`), `source_lines` or a bracketed source note, and neither a source note nor a
letter's first part; the first one matching [conventions] `author` is the docAuthor; a bare dual date
(tei_edition/dates.py) is the docDate.

What the front says of the document is gathered for the header as TitleFacts (see `title_facts`): its own title (the
item's, where the page is one item of a series), the series lines over it, its author, translators and editors, and
its source notes.
"""

from __future__ import annotations

import dataclasses
import re

from tei_edition.dates import find_dual_dates, first_year
from tei_edition.model import LINE_BREAK, Block, Node
from tei_edition.reader.blocks import is_spaced_heading
from tei_edition.reader.context import ReadState, space
from tei_edition.reader.inline import InlineContext, date_node, read_inline
from tei_edition.reader.letters import begins_series, is_letter_start, name_case


def split_front(state: ReadState, blocks: list[Block], *, first: bool = True) -> tuple[list[Block], list[Block]]:
    """Leading heading-like blocks (at most eight) are front matter; the rest is the body. Not `first`: the blocks
    after other front matter (a title and a metadata table), where a source note may stand first."""
    kinds = state.block_kinds
    if not kinds.front:
        return [], blocks
    source_note = kinds.source_note
    lines_re = kinds.source_lines
    is_heading = state.conventions.is_heading
    i = 0
    while (
        i < min(len(blocks) - 1, 8)
        and not begins_series(state, blocks, i)
        and not (i and _first_of_entries(state, blocks, i))
        and blocks[i].role is None
        and blocks[i].start not in state.division_starts  # (a numbered section begins the body)
        and (
            (lines_re and all(lines_re.match(line) for line in blocks[i].lines))
            or is_bracketed_source_note(state, blocks[i])
            or (
                (i > 0 or not first)
                and is_leading_source_note(state, blocks[i], follows=i > 0 and is_leading_source_note(state, blocks[i - 1]))
            )
            or (
                is_heading(blocks[i]) and not (source_note and source_note.search(blocks[i].text)) and not is_letter_start(state, blocks[i])
            )
        )
    ):
        i += 1
    return blocks[:i], blocks[i:]


def _first_of_entries(state: ReadState, blocks: list[Block], i: int) -> bool:
    """blocks[i] is the first of the body's spaced headings (a glossary's first term: "Bebel, August (1840-1913)"),
    another further down heading its paragraph the same way (sections.spaced_headings asks for two)."""
    conventions = state.conventions
    return (
        state.block_kinds.headings_by_shape
        and is_spaced_heading(conventions, blocks, i)
        and any(is_spaced_heading(conventions, blocks, j) for j in range(i + 2, len(blocks)))
    )


TITLE_LINES = 3  # a title wrapped over at most this many lines


def _join_title_lines(state: ReadState, blocks: list[Block]) -> list[Block]:
    """A title wrapped over lines in a text whose lines are its blocks ("Speech Delivered To A Meeting" / "Of The
    Communist Group At The All-Russia Congress" / "Of Metalworkers, March 6, 1922"): the first block and the lines
    after it, each following on a single line end, beginning in lower case or with one of `title_continuation_words`,
    after a line that ends no sentence, are one block (the source form keeps the line ends)."""
    conventions = state.conventions
    k = 1
    while (
        k < min(len(blocks), TITLE_LINES)
        and blocks[k].blank_before == 0
        and blocks[k].run_in is None
        and blocks[k].role is None
        and blocks[k - 1].role is None
        and "\n" not in blocks[k - 1].text + blocks[k].text
        and not conventions.sentence_end.search(blocks[k - 1].text)
        and conventions.is_heading(blocks[k - 1])
        and conventions.is_heading(blocks[k])
        and (blocks[k].text[:1].islower() or blocks[k].text.split(" ", 1)[0] in conventions.title_continuation_words)
        and not is_letter_start(state, blocks[k])
    ):
        k += 1
    if k == 1:
        return blocks
    state.convention("front-title-lines", blocks[0], f"a title wrapped over {k} lines, each after a single line end")
    first = blocks[0]
    return [Block("\n".join(b.text for b in blocks[:k]), first.start, first.blank_before, run_in=first.run_in), *blocks[k:]]


def is_leading_source_note(state: ReadState, b: Block, *, follows: bool = False) -> bool:
    """A source note under the title, before any text ("First published in Der Briefwechsel …, Bd. 2, Stuttgart,
    1913" over the letter): where the page's text comes from, front matter (not a witness's note closing an empty
    text). One line that begins with one of `source_note_words`, with a year; after such a line (`follows`), one
    that begins so and names a volume ("Published in English for the first time in … Collected Works, Volume 40")."""
    source_note = state.block_kinds.source_note
    text = b.text
    if not source_note or "\n" in text or len(text) > 500:
        return False
    if text.startswith(state.conventions.copy_text_words):  # "Printed according to the original": its copy-text
        return True
    if not text.startswith(state.conventions.source_note_words):
        return False
    if follows and state.conventions.info_volume.search(text):
        return True
    return bool(source_note.search(text) and first_year(text))


def read_front(
    state: ReadState, blocks: list[Block], ctx: InlineContext, *, first: bool = True
) -> tuple[list[Node], Node | None, TitleFacts]:
    """Author, conference title, date line (docTitle); a bare dual date becomes the shared docDate (encoding.md §9).
    Also what the front says of the title and the people, for the header. Not `first`: front matter after a title
    and a metadata table (source notes and headings only)."""
    front: list[Node] = []
    entries: list[tuple[str, Block, Node]] = []  # (kind, block, node) of each block, for title_facts
    date_block: Node | None = None
    date_nodes: list[Node] = []  # date_block's children (blank lines, the docDate), as nodes
    date_at = 0
    doc_title: Node | None = None if first else Node("docTitle", {}, [])  # (not first: the title is read already)
    author_re = state.conventions.author
    if first:
        blocks = _join_title_lines(state, blocks)
    for index, b in enumerate(blocks, 0 if first else 1):
        spaces = list(space(b))
        dual = find_dual_dates(b.text, ctx.year)
        if index == 0 and (author_re.match(b.text) or (len(blocks) > 1 and _names_author(state, b))):
            author = Node("persName", {"ref": "#" + ctx.author} if ctx.author else {}, read_inline(b.text, b.start, ctx))
            front += spaces + [Node("docAuthor", {}, [author])]
            entries.append(("author", b, author))
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
        elif doc_title is not None and index == len(blocks) - 1 and (whole := _whole_date(state, b, ctx)) is not None:
            # the front's last line only a date, after the title ("7. November 1918"): the docDate, not a title
            front += spaces + [Node("docDate", {"when": whole.attrs["when"]}, list(whole.children))]
            entries.append(("date", b, front[-1]))
            state.count("docDate")
            state.convention("front-date-line", b, f"a line that is only a date after the title: {b.text!r}")
        elif is_bracketed_source_note(state, b) or (
            index > 0 and is_leading_source_note(state, b, follows=bool(entries) and entries[-1][0] == "source-note")
        ):
            node = source_note_node(b, ctx)
            front += spaces + [node]
            entries.append(("source-note", b, node))
            state.count("source-note")
        elif date_block is None and (
            doc_title is None or (front[-1] is doc_title and (dual or first_year(b.text)) and len(doc_title.children) < 3)
        ):
            part = Node("titlePart", {"type": "main" if doc_title is None else "sub"}, read_inline(b.text, b.start, ctx))
            entries.append(("title", b, part))
            state.count("titlePart")
            if doc_title is None:  # docTitle starts with a titlePart: blank lines before it stay outside
                doc_title = Node("docTitle", {}, [part])
                front += spaces + [doc_title]
            else:
                doc_title.extend(spaces + [part])
        else:
            node = head_or_source_lines(state, b, ctx, "head")
            entries.append(("head" if node.tag == "head" else "source-lines", b, node))
            front += spaces + [node]
    if date_block is not None and date_at < len(front):
        # the date line is not the last of the front matter: it stays in the front, in its place
        front[date_at:date_at] = date_nodes
        date_block = None
    return front, date_block, title_facts(state, entries)


def is_bracketed_source_note(state: ReadState, b: Block) -> bool:
    """A whole block in square brackets that tells where the text comes from ("[Written … First published …]",
    "[Abgefasst … Nach Sämtliche Werke, Band 22, … S. 276]"): a year, and a volume or pages or a `source_note_words`
    word at its start."""
    text = b.text
    if not (text.startswith("[") and text.endswith("]") and len(text) <= 1000 and text.count("[") == 1 and first_year(text)):
        return False
    c = state.conventions
    inner = text[1:-1]
    return inner.startswith(c.source_note_words) or bool(c.info_volume.search(inner) or c.info_pages.search(inner))


def source_note_node(b: Block, ctx: InlineContext) -> Node:
    """The source note, kept in the front as a paragraph holding its bibl (brackets, where printed, stay as they
    are)."""
    if not b.text.startswith("["):
        return Node("p", {}, [Node("bibl", {"type": "sourceNote"}, read_inline(b.text, b.start, ctx, notes=False))])
    inner = read_inline(b.text[1:-1], b.start + 1, ctx, notes=False)
    return Node("p", {}, ["[", Node("bibl", {"type": "sourceNote"}, inner), "]"])


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


@dataclasses.dataclass
class TitleFacts:
    """What the text says of its title and its people, for the header (tei_edition/tei/header.py)."""

    title: str = ""  # the document's own title, as printed (the item's, where the page is one item of a series)
    series: list[str] = dataclasses.field(default_factory=list)  # the collection, series or event lines over it
    sections: list[str] = dataclasses.field(default_factory=list)  # section labels over the item ("Section Seventeen")
    author: str = ""  # the writer, as the text names them
    author_evidence: str = ""  # the convention that named them
    translators: list[str] = dataclasses.field(default_factory=list)
    editors: list[str] = dataclasses.field(default_factory=list)
    # bracketed source notes: their text and (start, end, unit, from, to) of each volume or pages in it
    source_notes: list[tuple[str, list[tuple[int, int, str, str, str]]]] = dataclasses.field(default_factory=list)
    series_block: Block | None = None  # the block of the first series line
    writer_if_letter: tuple[str, Block] | None = None  # "Marx to Engels" without a from-word: the writer, if a letter
    addressee: str = ""  # whom a letter heading names as addressee ("… to George Washington")
    byline_author: str = ""  # whom a byline in the title names ("by Karl Marx and Friedrich Engels")
    addressee_if_letter: str = ""  # a numbered heading's name ("120. Э. ГЕРВЕГ"): the addressee if the text is a letter
    addressee_place: str = ""  # where the addressee was, on the line after the heading ("В ЦЮРИХ")
    is_letter: bool = False  # the text was read as a letter (a date line, salutation or signature)


_NOT_WORDS = frozenset({"note", "space", "milestone", "anchor", "pb", "gap"})
_SPACES = re.compile(r"[ \t\r\n]+")


def node_lines(node: Node) -> list[str]:
    """The words of each line of a node: note calls and notes left out (what the inline reader made a note),
    runs of white space one space."""
    lines: list[list[str]] = [[]]
    _line_words(node, lines)
    return [t for t in (_SPACES.sub(" ", "".join(line)).strip(" ") for line in lines) if t]


def _line_words(node: Node, lines: list[list[str]]) -> None:
    # (a module-level function, not a closure: a recursive closure is a reference cycle)
    for c in node.children:
        if isinstance(c, str):
            lines[-1].append(c)
        elif c.tag == "lb":
            lines.append([])
        elif c.tag not in _NOT_WORDS:
            _line_words(c, lines)


def title_facts(state: ReadState, entries: list[tuple[str, Block, Node]]) -> TitleFacts:
    """The title, series, author and responsibilities the front gives (each convention named in the report)."""
    c = state.conventions
    facts = TitleFacts()
    parts = [(b, node_lines(n)) for kind, b, n in entries if kind == "title"]
    heads = [(b, node_lines(n)) for kind, b, n in entries if kind == "head"]
    # bylines ("by Georg Weerth (1846)") name who wrote what the title names: not the title, not the page's author
    bylines = [line for _, lines in parts for line in lines if line.startswith(c.byline_words)]
    if bylines:
        _byline(state, facts, bylines[0])
    else:
        _byline_apart(state, facts, heads)
    # (a byline, or a line naming the translator or editor, is not the title)
    parts = [
        (b, [line for line in lines if not line.startswith(c.byline_words) and not _responsibility(state, line)]) for b, lines in parts
    ]
    titles = [(b, " ".join(lines)) for b, lines in parts if lines]
    items = [(b, " ".join(lines)) for b, lines in heads if lines and not c.section_label.match(" ".join(lines))]
    number_only = bool(titles) and re.fullmatch(r"\d{1,4}\.?", titles[0][1]) is not None and (len(titles) > 1 or bool(items))
    if number_only:  # the item's number in its volume ("41" over "ENGELS TO JOHANN PHILIPP BECKER"): not its title
        titles = titles[1:]
    rest = _series(state, facts, titles, bool(items))
    if number_only and not rest and not facts.series:
        facts.title = items[0][1]
        state.convention("front-numbered-item", items[0][0], f"a number over the item's heading: {items[0][1]!r}")
    elif rest:
        facts.title = " ".join(t for _, t in rest)
    elif facts.series:  # the page is one item of the series: its heading is its title
        facts.sections = [" ".join(lines) for b, lines in heads if lines and c.section_label.match(" ".join(lines))]
        if items:
            facts.title = items[0][1]
            state.convention("front-item-title", items[0][0], f"the item's heading under the series line(s): {items[0][1]!r}")
        else:
            facts.title = " ".join(facts.series)
    for kind, b, n in entries:
        if kind == "author" and not facts.author:
            facts.author, facts.author_evidence = n.text(), "author line"  # (as printed, as the header always had it)
        elif kind == "source-note":
            bracketed = b.text.startswith("[")
            text = b.text[1:-1] if bracketed else b.text
            facts.source_notes.append((text, _scopes(state, text)))
            evidence = "a bracketed note with a year and a source" if bracketed else "a source note under the title"
            state.convention("front-source-note", b, evidence)
    _catalogue(state, facts, titles + [(b, " ".join(lines)) for b, lines in heads if lines])
    title_lines = [(b, line) for b, lines in parts for line in lines]  # (a letter's heading is one line of a block)
    if not facts.author:
        _author_from_titles(state, facts, title_lines + items[:1])
    if not facts.author and parts and len(parts[0][1]) > 1 and c.author_name.match(parts[0][1][0]):
        # ("Frederick Engels" over "Letter to August Bebel" in one block: the writer, then the title)
        facts.author, facts.author_evidence = parts[0][1][0], "author line"
        state.convention("front-author-first-line", parts[0][0], "a full name alone on the title's first line")
    _addressee_place(state, facts, title_lines + items)
    return facts


_BY_OTHERS = re.compile(r",?\s+(?=(?:translated|edited|übersetzt|herausgegeben|traduit|édité)\s)", re.IGNORECASE)


def _byline(state: ReadState, facts: TitleFacts, line: str) -> None:
    """A byline among the title's lines ("by Karl Marx and Friedrich Engels, translated by Samuel Moore"): its
    writers, the author only when nothing else names one (a byline may name a quoted poem's poet); the translator or
    editor it names after them."""
    rest = line.split(" ", 1)[1] if " " in line else ""
    writers, *others = _BY_OTHERS.split(rest)
    facts.byline_author = re.sub(r"\s*\(\d{4}\)$", "", writers.strip(" ,.;"))
    for other in others:
        m = state.conventions.responsibility.match(other[:1].upper() + other[1:])
        if m:
            (facts.translators if m.group("translator") else facts.editors).append(m.group("name").strip())


BYLINE_NAME_CHARS = 60


def _byline_apart(state: ReadState, facts: TitleFacts, heads: list[tuple[Block, list[str]]]) -> None:
    """A title page's byline word alone ("BY") over the name on the next block ("EDWARD SMITH"): the writer."""
    words = {w.strip() for w in state.conventions.byline_words}
    for (_, lines), (name_block, name_lines) in zip(heads, heads[1:], strict=False):
        if len(lines) != 1 or lines[0].strip(" .:") not in words or len(name_lines) != 1:
            continue
        name = name_lines[0].strip(" ,.")
        if name and len(name) <= BYLINE_NAME_CHARS and not any(ch.isdigit() for ch in name) and name[0].isupper():
            facts.byline_author = name_case(state, name)
            state.convention("front-byline-apart", name_block, f"a byline word alone over the name: {name!r}")
        return


def _names_author(state: ReadState, b: Block) -> bool:
    """A first line that is a person's full name only ("Karl Marx"), not a title."""
    return "\n" not in b.text and len(b.text) <= 40 and state.conventions.author_name.match(b.text) is not None


def _whole_date(state: ReadState, b: Block, ctx) -> Node | None:
    """The date a block is, when it is one date and nothing else."""
    text = b.text
    digit = next((k for k, ch in enumerate(text) if ch.isdigit()), None)
    if len(text) > 40 or "\n" in text or digit is None:
        return None
    found = state.conventions.dating.match_at(text, digit, 0, None, False)
    if found is None or found.start != 0 or found.end != len(text):
        return None  # (read only when it is a date: reading the block would take its note calls)
    nodes = read_inline(text, b.start, ctx)
    if len(nodes) == 1 and isinstance(nodes[0], Node) and nodes[0].tag == "date" and "when" in nodes[0].attrs:
        return nodes[0]
    return None


def _addressee_place(state: ReadState, facts: TitleFacts, lines: list[tuple[Block, str]]) -> None:
    """A numbered heading naming the addressee alone ("120. Э. ГЕРВЕГ": the addressee, if the text is a letter), and
    the line after a letter's heading that says where the addressee was ("В ЦЮРИХ", "IN LONDON")."""
    c = state.conventions
    for k, (_b, text) in enumerate(lines):
        m = c.numbered_addressee.match(text)
        if m and not facts.addressee:
            facts.addressee_if_letter = name_case(state, m.group("addressee"))
        if (m or c.letter_heading.match(text)) and k + 1 < len(lines):
            place = lines[k + 1][1]
            word, _, where = place.partition(" ")
            # ("IN LONDON", "In Manchester": the word in any case, the place capitalised)
            if word.upper() in c.addressee_place_words and len(place.split()) <= 4 and where[:1].isupper():
                facts.addressee_place = name_case(state, where)
            return


def _series(state: ReadState, facts: TitleFacts, titles: list[tuple[Block, str]], item_follows: bool) -> list[tuple[Block, str]]:
    """Take the series lines off the title parts and return the rest: a collection line ending in a bare year ("Works
    of Frederick Engels 1883") or in a volume ("Сочинения. Том 27", "Collected Works, Volume 38"), or an event's name and its dates ("… Congress …", "MARCH 6-8, 1918"), when the
    document's own title follows (a later title part or a heading)."""
    c = state.conventions
    if not titles:
        return titles
    first_block, first = titles[0]
    m = c.series_year.match(first)
    if m and m.group("series").endswith(c.months):
        m = None
    m = m or c.series_volume.match(first)
    if m and (len(titles) > 1 or item_follows):
        facts.series.append(first)
        facts.series_block = first_block
        state.convention("front-series-line", first_block, f"a collection line ending in a year or volume, a title after it: {first!r}")
        return titles[1:]
    if len(titles) > 1 and _is_date_only(state, titles[1][1]) and (len(titles) > 2 or item_follows):
        facts.series.append(f"{first} {titles[1][1]}")
        facts.series_block = first_block
        state.convention("front-event-lines", first_block, f"a heading and its dates, a title after them: {first!r}")
        return titles[2:]
    return titles


_DATE_WORD = re.compile(r"[\w.]+")


def _is_date_only(state: ReadState, text: str) -> bool:
    """A line that is only a date or a range of dates ("MARCH 6-8, 1918", "APRIL 24–29, 1917"): a year, and every
    other word a number or a month."""
    if not first_year(text):
        return False
    months = {m.casefold().rstrip(".") for m in state.conventions.months}
    return all(w.isdigit() or w.casefold().rstrip(".") in months for w in _DATE_WORD.findall(text))


def _catalogue(state: ReadState, facts: TitleFacts, lines: list[tuple[Block, str]]) -> None:
    """A catalogue line "Name YYYYMMDD Title" (a compact date), or "Name: Title" where another line gives the same
    title, gives the author and the title."""
    pattern = state.conventions.catalogue_line
    found = [(b, m) for b, text in lines if (m := pattern.match(text))]
    titles = [m.group("title") for _, m in found] + [text for _, text in lines]
    for b, m in found:
        if m.group("date") or titles.count(m.group("title")) > 1:
            facts.title = m.group("title")
            if not facts.author:
                facts.author, facts.author_evidence = m.group("name"), "catalogue line"
            state.convention("front-catalogue-line", b, f"author and title at the top: {m.group('name')!r}, {m.group('title')!r}")
            return


def _author_from_titles(state: ReadState, facts: TitleFacts, titles: list[tuple[Block, str]]) -> None:
    """The writer named by a series ("Works of Frederick Engels 1883"), a letter's heading ("From X to Y"; "X to Y"
    only if the text is a letter) or a collection of letters ("Beethoven's Letters")."""
    c = state.conventions
    for text in facts.series:
        m = c.series_author.match(text)
        if m:
            facts.author, facts.author_evidence = m.group("name"), "series line"
            state.convention("front-series-author", facts.series_block or titles[0][0], f"the series names its author: {text!r}")
            return
    for b, text in titles:
        m = c.letter_heading.match(text)
        if m and not facts.addressee:
            facts.addressee = name_case(state, m.group("addressee").strip())
        if m and m.group("writer") in c.letter_words:  # ("Brev till August Palm": the signature names the writer)
            m = None
        if m and m.group("from_word"):
            facts.author, facts.author_evidence = name_case(state, m.group("writer")), "letter heading"
            state.convention("letter-heading-writer", b, f"the heading names writer and addressee: {m.group('writer')!r}")
            return
        if m and not facts.writer_if_letter:
            facts.writer_if_letter = (name_case(state, m.group("writer")), b)
        m = c.letters_of.match(text)
        if m:
            facts.author, facts.author_evidence = m.group("of") or m.group("own"), "letters of"
            state.convention("letters-of-writer", b, f"a collection of one writer's letters: {text!r}")
            return


def _scopes(state: ReadState, text: str) -> list[tuple[int, int, str, str, str]]:
    """The volume and the pages a source text names, as (start, end, unit, from, to), in order, never overlapping."""
    c = state.conventions
    scopes = []
    for unit, pattern in (("volume", c.info_volume), ("page", c.info_pages)):
        m = pattern.search(text)
        if m:
            first = m.group("n") if unit == "volume" else m.group("from")
            scopes.append((m.start(), m.end(), unit, first, first if unit == "volume" else (m.group("to") or first)))
    scopes.sort()
    return scopes[:1] if len(scopes) == 2 and scopes[0][1] > scopes[1][0] else scopes


def take_missing(facts: TitleFacts, other: TitleFacts) -> None:
    """What `other` (a title page's facts) says of the title and the writer where `facts` says nothing."""
    if not facts.title:
        facts.title = other.title
    if not facts.author:
        facts.author, facts.author_evidence = other.author, other.author_evidence
    if not facts.byline_author:
        facts.byline_author = other.byline_author
    facts.translators += [t for t in other.translators if t not in facts.translators]
    facts.editors += [e for e in other.editors if e not in facts.editors]


def people(state: ReadState, facts: TitleFacts, blocks: list[Block]) -> None:
    """Translators and editors named in the first blocks ("TRANSLATED BY LADY WALLACE."): respStmt, never author."""
    for b in blocks:
        if len(b.text) > 120:
            continue
        # the whole block ("TRANSLATED BY\nLADY WALLACE."), else each of its lines (under the title: "translated by …")
        for text in [b.text] if "\n" not in b.text else [b.text, *b.lines]:
            m = _responsibility(state, text)
            if m:
                name = _SPACES.sub(" ", m.group("name")).strip()
                (facts.translators if m.group("translator") else facts.editors).append(name)
                state.convention("front-responsibility", b, f"{'translator' if m.group('translator') else 'editor'} named: {name!r}")
                break


def _responsibility(state: ReadState, text: str):
    """`responsibility` on a line, its first letter in either case ("translated by …" under a wiki's title)."""
    return state.conventions.responsibility.match(text[:1].upper() + text[1:])


def finish_facts(state: ReadState, facts: TitleFacts, witnesses: list) -> None:
    """What only the whole text tells: the heading "X to Y" names the writer when the text is a letter (a date line,
    salutation or signature was read); a collection title ("Beethoven's Letters" in a distributor's header); else the
    signature names the writer. A name the text says translated or edited the text is never the author."""
    found = state.found
    is_letter = any(found.get(k) for k in ("dateline", "salute", "signed"))
    facts.is_letter = is_letter
    if is_letter and not facts.addressee and facts.addressee_if_letter:
        facts.addressee = facts.addressee_if_letter
    if not facts.author and facts.writer_if_letter and is_letter:
        writer, b = facts.writer_if_letter
        facts.author, facts.author_evidence = writer, "letter heading"
        state.convention("letter-heading-writer", b, f"the heading of a letter names its writer: {writer!r}")
    if not facts.author and state.letter_divs and state.letter_divs[0][1]:  # (the first of several letters' heading)
        facts.author, facts.author_evidence = state.letter_divs[0][1], "letter heading"
    said_title = state.header_fields.get("title", "")
    if not facts.author and said_title:
        m = state.conventions.letters_of.match(said_title)
        if m:
            facts.author, facts.author_evidence = m.group("of") or m.group("own"), "letters of"
    said = state.header_fields.get("author", "")
    if not facts.author and said and said.casefold() not in {n.casefold() for n in facts.translators + facts.editors}:
        facts.author, facts.author_evidence = said, "distributor's header"
    if not facts.author and facts.byline_author and not is_letter:
        facts.author, facts.author_evidence = facts.byline_author, "byline"
    if not facts.author and is_letter:
        signed = next((n for w in witnesses for n in _walk(w.body) if n.tag == "signed"), None)
        name = _signature_name(signed) if signed is not None else ""
        if name:
            facts.author, facts.author_evidence = name, "signature"


def _walk(nodes):
    for n in nodes:
        if isinstance(n, Node):
            yield n
            yield from _walk(n.children)


def _signature_name(signed: Node) -> str:
    """The name in a signature: its last line, after closing words ("Most truly yours | C. Darwin")."""
    lines = node_lines(signed)
    last = re.split(r"\s[|/]\s|,\s", lines[-1])[-1] if lines else ""
    name = last.strip(" .,")
    return name + "." if _INITIAL_END.search(name) and last.rstrip(" ,").endswith(".") else name  # ("K. M." keeps its full stop)


_INITIAL_END = re.compile(r"(?:^|[\s.])[^\W\d_]$")  # a name ending in an initial ("K. M", "R. L. S")
