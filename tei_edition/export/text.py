"""TEI to plain text: the `source` form rebuilds the plain-text source from the encoding; `reading` is a clean text."""

from __future__ import annotations

import re

from lxml import etree

from tei_edition import layout
from tei_edition.reader.verse import rend_indent
from tei_edition.tei import vocabulary
from tei_edition.tei.names import TEI as T
from tei_edition.tei.names import local_name as local  # None for comments and processing instructions

# The element tables, from the vocabulary (tei_edition/tei/vocabulary.py: each element's `text` rendering).
# Elements that are one block (a paragraph-like run of lines) of the plain text.
BLOCKS = vocabulary.names_where(text="block")
# One block whose lines are its children (a list, verse, a table).
LINE_BLOCKS = vocabulary.names_where(text="line-block")
# Outside the text (the header, standOff, facsimiles): never read.
SKIP = vocabulary.names_where(text="skip")
NOT_READING = vocabulary.NOT_THE_TEXT  # a website's chrome, the page's info block: out of the reading text
# Elements whose children are blocks: walked, never flattened.
CONTAINERS = vocabulary.names_where(text="container")
# Empty marks (pb, lb, gap, space, milestone, anchor …): no text of their own.
MILESTONES = vocabulary.names_where(text="milestone")


QUANTITY_BOUND = 100_000  # blank lines or spaces one <space> stands for; convert writes far fewer


def quantity(space) -> int:
    """`space/@quantity` as a count of blank lines or characters: TEI allows any number ("1.5"), foreign TEI any text;
    rounded, never negative, and at most QUANTITY_BOUND (a quantity of 10^12 must not write a terabyte of spaces)."""
    try:
        value = float(space.get("quantity", "1") or 1)
    except ValueError:
        return 1
    if value != value:  # NaN
        return 1
    return max(0, min(int(round(value)), QUANTITY_BOUND))


def text_file_facts(tree) -> dict[str, str]:
    note = tree.getroot().find(f".//{T}sourceDesc/{T}bibl/{T}note[@type='textFile']")
    return layout.text_file_facts(note.text if note is not None else None)


def renditions(tree) -> dict[str, str]:
    """Generated content declared in tagsDecl (e.g. the brackets around supplied): id -> the characters."""
    out = {}
    for r in tree.getroot().iter(T + "rendition"):
        value = layout.css_value(r.text or "")
        ident = r.get("{http://www.w3.org/XML/1998/namespace}id")
        if value is not None and ident:
            out[ident] = value
    return out


_PI = etree._ProcessingInstruction
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


def _note_layout(note) -> dict[str, str] | None:
    """The `note` instruction last in a note (tei_edition/layout.py): call, before, after, blank; None in older TEI."""
    for child in reversed(note):
        if isinstance(child, _PI) and child.target == layout.TARGET:
            keyword, _, attrs = layout.parse(child.text)
            if keyword == "note":
                return attrs
        elif isinstance(child.tag, str):
            return None
    return None


class _SourceProjection:
    """Walks the TEI in document order and lays the blocks out as the source had them (schemas/README.md): the
    layout comes from the tei-edition processing instructions (tei_edition/layout.py); TEI that `convert` wrote
    before them (space[@dim='vertical'], divGen, milestone[@unit='notes']) is read too."""

    def __init__(self, rendition: dict[str, str]):
        self.items: list[tuple[str, object]] = []  # ("block", str) | ("space", blank lines beyond one or JOINED) | ("run-in", sep)
        self.origins: dict[int, etree._Element] = {}  # index of a block item -> the element it was made from
        self.notes: list[etree._Element] = []  # called (or unanchored) notes whose bodies are not placed yet
        self.rendition = rendition

    def walk(self, elem) -> None:
        for child in elem:
            if isinstance(child, _PI):
                if child.target == layout.TARGET:
                    self.instruction(child)
                continue
            name = local(child)
            if not name or name in SKIP:
                continue
            if name == "space" and child.get("dim") == "vertical":
                self.items.append(("space", quantity(child)))
            elif (name == "divGen" and child.get("type") == "notes") or (name == "milestone" and child.get("unit") == "notes"):
                self.place_notes()
            elif name == "note":
                self.notes.append(child)  # an unanchored note: a body of the next note list
            elif name in {"pb", "lb", "milestone", "anchor", "gap"}:
                continue
            elif name == "lg" and any(local(c) == "lg" for c in child):
                self.walk(child)  # a poem: its stanzas are the blocks
            elif name in LINE_BLOCKS:
                self.origins[len(self.items)] = child
                self.items.append(("block", self.lines(child)))
            elif name in CONTAINERS or name.startswith("div"):
                self.walk(child)
            elif name in BLOCKS:
                text = self.inline(child)
                self.origins[len(self.items)] = child
                self.items.append(("block", text))
            else:
                self.walk(child)

    def instruction(self, pi) -> None:
        keyword, words, attrs = layout.parse(pi.text)
        space = layout.spacing(keyword, words, QUANTITY_BOUND)
        if space is not None:
            self.items.append(("space", space))
        elif keyword == "run-in":
            self.items.append(("run-in", attrs.get("sep", "")))
        elif keyword == "notes":
            self.place_notes(words)

    def lines(self, elem) -> str:
        name = local(elem)
        if name == "list":
            out: list[str] = []
            label, gap = None, "\n"
            for child in elem:
                if isinstance(child, _PI):  # items that were blocks of their own: the blank lines between them
                    keyword, words, _ = layout.parse(child.text)
                    space = layout.spacing(keyword, words, QUANTITY_BOUND) if child.target == layout.TARGET else None
                    if space is not None:
                        gap = "\n" if space == layout.JOINED else "\n" * (space + 2)
                elif local(child) == "label":
                    label = self.inline(child)
                elif local(child) == "item":
                    out.append((gap if out else "") + (label + " " if label is not None else "") + self.inline(child))
                    label, gap = None, "\n"
            return "".join(out)
        if name == "lg":  # a verse line's indentation: its @rend ("indent(2)"), or a space (older TEI)
            return "\n".join(rend_indent(c.get("rend")) + self.inline(c) for c in elem if local(c) == "l")
        return "\n".join("".join(self.inline(c) for c in row if local(c) == "cell") for row in elem if local(row) == "row")

    def place_notes(self, idents: list[str] | None = None) -> None:
        """The bodies of a note list: the notes it names, in its order (`notes` instruction); for older TEI, the
        notes called since the last note list, in numerical order."""
        if idents is None:
            notes = sorted(self.notes, key=lambda n: (0, int(n.get("n"))) if (n.get("n") or "").isdecimal() else (1, 0))
            self.notes = []
        else:
            pending = {n.get(XML_ID): n for n in self.notes}
            notes = [pending.pop(i) for i in idents if i in pending]
            placed = set(map(id, notes))
            self.notes = [n for n in self.notes if id(n) not in placed]
        for note in notes:
            self.note_block(note)

    def note_block(self, note) -> None:
        affixes = _note_layout(note)
        if affixes is not None:
            prefix, suffix = layout.note_prefix(affixes, bool(note.get("sameAs"))), affixes.get("after", "")
            if "blank" in affixes:
                self.items.append(("space", layout.blank_count([affixes["blank"]], QUANTITY_BOUND)))
            elif affixes.get("joined") == "yes":
                self.items.append(("space", layout.JOINED))
        else:
            rend = (note.get("rend") or "").split()
            prefix, suffix = layout.legacy_affixes(note.get("n", ""), rend, self.call(note), bool(note.get("sameAs")))
        paragraphs = [c for c in note if local(c) == "p"]
        if not paragraphs:
            for child in note:  # blank lines before the body: the instructions (or spaces) before its text
                if (note.text or "").strip():
                    break
                if self.is_blank(child):
                    self.items.append(("space", self.blank_of(child)))
                if not isinstance(child, _PI) or (child.tail or "").strip():
                    break
            text = prefix + self.inline(note) + suffix
            self.origins[len(self.items)] = note
            self.items.append(("block", text))
            return
        blocks = []
        for child in note:
            if self.is_blank(child):
                self.items.append(("space", self.blank_of(child)))
            elif local(child) == "p":
                text = self.inline(child)
                blocks.append(len(self.items))
                self.origins[len(self.items)] = child
                self.items.append(("block", text))
        first, last = blocks[0], blocks[-1]
        first_text = self.items[first][1]
        assert isinstance(first_text, str)  # `blocks` holds the indices of ("block", text) items
        self.items[first] = ("block", prefix + first_text)
        last_text = self.items[last][1]  # (after the line above: the first block may be the last)
        assert isinstance(last_text, str)
        self.items[last] = ("block", last_text + suffix)

    @staticmethod
    def is_blank(child) -> bool:
        if isinstance(child, _PI):
            return child.target == layout.TARGET and layout.parse(child.text)[0] in ("blank", "joined")
        return local(child) == "space" and child.get("dim") == "vertical"

    @staticmethod
    def blank_of(child) -> int:
        if isinstance(child, _PI):
            keyword, words, _ = layout.parse(child.text)
            return layout.JOINED if keyword == "joined" else layout.blank_count(words, QUANTITY_BOUND)
        return quantity(child)

    @staticmethod
    def call(note) -> str:
        affixes = _note_layout(note)
        if affixes is not None and "call" in affixes:
            return affixes["call"]
        return layout.legacy_call(note.get("n", ""), (note.get("rend") or "").split())

    def inline(self, elem) -> str:
        out = [elem.text or ""]
        for child in elem:
            name = local(child)  # ("" for a processing instruction: only its tail is text)
            if name == "note":
                if child.get("place") == "inline":
                    out.append(self.inline(child))  # an editorial remark printed in the text, e.g. "[?]"
                else:
                    out.append(self.call(child))
                    if (_note_layout(child) or {}).get("body") != "lost":  # (a lost body: no block to place)
                        self.notes.append(child)
            elif name == "pb":
                if child.get("rendition"):  # a page marker of the plain text ("[p. 12]", "|12|"): its delimiters and @n
                    before, after = _delimiters(self.rendition, child)
                    out.append(before + child.get("n", "") + after)
                else:  # MIA's page anchor
                    out.append("\u00a0 ")
            elif name == "lb":
                out.append("\n")
            elif name in {"gap", "space", "anchor", "milestone"} or not name:
                if name == "space" and child.get("dim") != "vertical" and child.get("unit") == "chars":
                    out.append(" " * quantity(child))
            else:
                before, after = _delimiters(self.rendition, child)
                out.append(before + self.inline(child) + after)
            out.append(child.tail or "")
        return "".join(out)

    def text(self, final_newline: bool) -> str:
        out: list[str] = []
        pending = 0
        seen_block = False
        run_in: str | None = None  # the next block goes on the line of the one before, after these characters
        for kind, value in self.items:
            if kind == "space":
                assert isinstance(value, int)  # ("space", blank lines beyond one, or layout.JOINED)
                pending += value
                continue
            assert isinstance(value, str)  # ("block", text) or ("run-in", sep)
            if kind == "run-in":
                run_in = value
                continue
            if run_in is not None and seen_block:
                out.append(run_in)
            else:
                if seen_block:  # one blank line between two blocks, none when the block is joined to the one before
                    out.append("\n" if pending < 0 else "\n\n")
                out.append("\n" * max(pending, 0))
            out.append(value)
            pending, run_in = 0, None
            seen_block = True
        if seen_block and final_newline:
            out.append("\n")
        out.append("\n" * max(pending, 0))
        return "".join(out)

    def block_lines(self) -> dict[int, int]:
        """The 1-based line of the source where each block item starts (as text() lays them out)."""
        lines: dict[int, int] = {}
        line, pending, seen_block, run_in = 1, 0, False, False
        for index, (kind, value) in enumerate(self.items):
            if kind == "space":
                assert isinstance(value, int)  # ("space", blank lines beyond one, or layout.JOINED)
                pending += value
                continue
            assert isinstance(value, str)  # ("block", text) or ("run-in", sep)
            if kind == "run-in":
                run_in = True
                continue
            if not (run_in and seen_block):
                line += (1 if pending < 0 else 2 + pending) if seen_block else max(pending, 0)
            lines[index] = line
            line += value.count("\n")
            pending, seen_block, run_in = 0, True, False
        return lines


def source_line_map(tree) -> tuple[str, dict[int, int]] | None:
    """For TEI that `convert` wrote: the source file's name and, for each XML line that starts a block, the line of
    the plain-text source the block came from (rebuilt from the encoding, as the source form is). None otherwise
    (and for a document deeper than the exporters' MAX_DEPTH: findings then keep their XML lines)."""
    from tei_edition.export.deep import MAX_DEPTH, run_deep, tree_depth

    depth = tree_depth(tree)
    if depth > MAX_DEPTH:
        return None
    return run_deep(_source_line_map, depth, tree)


def _source_line_map(tree) -> tuple[str, dict[int, int]] | None:
    root = tree.getroot()
    note = root.find(f".//{T}sourceDesc/{T}bibl/{T}note[@type='textFile']")
    text_elem = root.find(T + "text")
    if note is None or text_elem is None:
        return None
    title = note.getparent().find(T + "title")
    name = (title.text or "source").strip() if title is not None else "source"
    projection = _SourceProjection(renditions(tree))
    projection.walk(text_elem)
    projection.place_notes()
    lines = projection.block_lines()
    by_xml_line: dict[int, int] = {}
    for index, elem in projection.origins.items():
        if elem.sourceline and index in lines:
            by_xml_line.setdefault(elem.sourceline, lines[index])
    return name, by_xml_line


def export_source(tree) -> bytes:
    """The plain-text source rebuilt from the encoding alone (byte for byte for documents the converter wrote)."""
    facts = text_file_facts(tree)
    text_elem = tree.getroot().find(T + "text")
    projection = _SourceProjection(renditions(tree))
    if text_elem is not None:
        projection.walk(text_elem)
        projection.place_notes()
    return layout.file_bytes(projection.text(facts.get("finalNewline") != "no"), facts)


def _delimiters(rendition: dict[str, str], elem) -> tuple[str, str]:
    """What the source wrote before and after the element (its @rendition's -before and -after)."""
    before = after = ""
    for ref in (elem.get("rendition") or "").split():
        ident = ref.lstrip("#")
        if ident.endswith("-before"):
            before += rendition.get(ident, "")
        elif ident.endswith("-after"):
            after += rendition.get(ident, "")
    return before, after


_WS = re.compile(r"[ \t\r\n]+")


class _ReadingProjection:
    """A clean reading text: no note calls, no page breaks, hard line breaks joined; notes listed at the end."""

    def __init__(self, witnesses: dict[str, str]):
        self.blocks: list[str] = []
        self.notes: list[str] = []
        self.witnesses = witnesses

    def walk(self, elem) -> None:
        for child in elem:
            name = local(child)
            if not name or name in SKIP or name in {"divGen", "space", "pb", "lb", "gap", "fw", "milestone", "anchor"}:
                continue
            if name in ("ab", "div") and child.get("type") in NOT_READING:
                continue
            if name == "text" and child.get("source"):
                label = child.get("n") or ""
                desc = self.witnesses.get(child.get("source", "").lstrip("#"), "")
                self.blocks.append(f"[{label}] {desc}".strip())
            if name == "note":
                self.notes.append(self.inline(child))
            elif name in BLOCKS and not (name in CONTAINERS and len(child) and not (child.text or "").strip()):
                s = self.inline(child).strip()
                if s:
                    self.blocks.append(s)
            else:
                self.walk(child)

    def inline(self, elem) -> str:
        out = [elem.text or ""]
        for child in elem:
            name = local(child)
            if name == "note":
                self.notes.append(_WS.sub(" ", self.inline(child)).strip())
            elif name == "lb":
                if child.get("break") == "no":  # a word goes on over the line end: no space (nor the spaces before)
                    while out and not out[-1].strip(" \t"):
                        out.pop()
                    if out:
                        out[-1] = out[-1].rstrip(" \t")
                else:
                    out.append(" ")
            elif name == "pc" and child.get("force") == "weak":
                pass  # a hyphen printed only because the line ends: not the word's
            elif name == "p":
                out.append(" " + self.inline(child))
            elif name and name not in {"pb", "gap", "space", "anchor", "milestone", "fw"}:
                out.append(self.inline(child))
            out.append(child.tail or "")
        return _WS.sub(" ", "".join(out))


def export_reading(tree) -> bytes:
    root = tree.getroot()
    witnesses = {
        w.get("{http://www.w3.org/XML/1998/namespace}id"): _WS.sub(" ", "".join(w.itertext())).strip() for w in root.iter(T + "witness")
    }
    projection = _ReadingProjection(witnesses)
    text_elem = root.find(T + "text")
    if text_elem is not None:
        projection.walk(text_elem)
    out = "\n\n".join(projection.blocks)
    if projection.notes:
        out += "\n\nNotes\n\n" + "\n".join(f"{i}. {n}" for i, n in enumerate(projection.notes, 1))
    return (out + "\n").encode("utf-8")


def export_text(tree, form: str = "source") -> bytes:
    """The source form or the reading form; a deep document is walked with room to recurse, one deeper than
    MAX_DEPTH is refused (E630)."""
    from tei_edition.export.deep import check_depth, run_deep

    depth = check_depth(tree)
    return run_deep(export_source if form == "source" else export_reading, depth, tree)
