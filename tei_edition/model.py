"""The reader's output: TEI-shaped nodes (plain Python, no lxml) that remember where they came from."""

from __future__ import annotations

import dataclasses
from typing import Any, Union, cast

Child = Union["Node", str]
# What a Layout holds as children instead: strings, and notes (tei_edition/layout.py notes_list), written as their
# xml:id. Node.children is typed for elements, so a Layout's children are cast to this where they are made and read.
LayoutPart = Union[str, "Note"]


@dataclasses.dataclass(slots=True)
class Node:
    """An element to be: TEI local name, attributes, children (strings and nodes)."""

    tag: str
    attrs: dict[str, str] = dataclasses.field(default_factory=dict)
    children: list[Child] = dataclasses.field(default_factory=list)

    def append(self, child: Child) -> None:
        if isinstance(child, str):
            if not child:
                return
            if self.children and isinstance(self.children[-1], str):
                self.children[-1] += child
                return
        self.children.append(child)

    def extend(self, children) -> None:
        for c in children:
            self.append(c)

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def iter(self):
        yield self
        for c in self.children:
            if isinstance(c, Node):
                yield from c.iter()


class Layout(Node):
    """A processing instruction <?tei-edition …?>: what only the plain-text file has (blank lines, where note bodies
    stood, the characters around a note body), kept out of the edition's elements (tei_edition/layout.py). Its data is
    its children joined by spaces: strings, and notes (written as their xml:id, known once the whole text is read)."""

    __slots__ = ()

    def data(self) -> str:
        parts: list[str] = []
        for c in cast("list[LayoutPart]", self.children):  # strings and notes (see LayoutPart), never elements
            if isinstance(c, str):
                parts.append(c)
            else:
                assert c.ident is not None  # ids are given to every note before the edition is written
                parts.append(c.ident)
        return " ".join(parts)

    def text(self) -> str:
        return ""


LAYOUT_TAG = "?tei-edition"  # Layout.tag: no element has it


# A line end of the plain-text file (att.edition: the break belongs to that edition): one node shared by every place
# (a hard-wrapped text has one per line); it is never changed.
LINE_BREAK = Node("lb", {"edRef": "#src_txt"})


@dataclasses.dataclass(slots=True)
class Block:
    """A run of non-blank source lines, with the number of blank lines before it."""

    text: str  # the lines joined with "\n"
    start: int  # offset of the first character in the source text
    blank_before: int  # blank lines between the previous block (or the start of file) and this one
    role: str | None = None  # "notes-marker": where a run of [Footnote …] blocks stood (they became notes); "furniture"
    notes: list[Note] | None = None  # the notes of that run
    nodes: list[Node] | None = None  # role "furniture": the printed page's furniture it is (pb, fw), read already
    # the block goes on the line of the block before it, after these characters (a salutation run into a paragraph)
    run_in: str | None = None
    _lines: list[str] | None = dataclasses.field(default=None, repr=False, compare=False)

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    @property
    def lines(self) -> list[str]:
        """The block's lines (made once: several tests look at them)."""
        if self._lines is None:
            self._lines = self.text.split("\n")
        return self._lines


@dataclasses.dataclass
class Note:
    """A note body read from the notes section: its number, text nodes, and flags found in its text."""

    n: str
    block: Block
    more: list[Block]  # continuation paragraphs (a note over several blocks)
    duplicate: bool = False  # carried MIA's [DUPLICATE "*".] mark
    editorial: bool = False  # ends in "—Ed."
    translator: bool = False  # ends in "—Trans." (a translator's note)
    hiatus: bool = False  # "Hiatus in the minutes"
    authorial: bool = False  # says it is the author's ("Author's note", "Anm. d. Verf.")
    used: bool = False
    bracket: str = "{}"  # the call style: "{}", "[]", "*", "()", "sup", "glued"; "any": a list body any call answers
    section: int = 0  # numbered section whose calls it answers (note numbers restart per section)
    form: str = "plain"  # how the body was written: "plain" ({n} text) or "footnoteBlock" ([Footnote n: text])
    body_text: str = ""  # the body after its number (and a duplicate mark)
    body_offset: int = 0
    closing_bracket: bool = False  # a [Footnote …] body over several blocks: its "]" ends the last one
    call: str | None = None  # the call as the text wrote it ("{3}"), once a call has used this note
    body_prefix: str | None = None  # what the body began with before its text ("{3} ")
    run: int | None = None  # id() of the marker block of the run of [Footnote …] blocks this body belongs to
    space_outside: bool = False  # the run's marker carries the blank lines before this body
    body_suffix: str = ""  # what the body ended with after its text ("]" of a [Footnote …] block)
    again: int = 0  # 2, 3, …: the second, third body with this number in its section (concatenated books)
    ident: str | None = None  # its xml:id, once written


@dataclasses.dataclass
class Witness:
    """One report of the text: body blocks, its source note, and what the source note says of it."""

    body: list[Node]
    source_note: Node | None
    source_block: Block | None
    kind: str  # "minutes", "newspaperReport", "text"
    journal: str | None = None
    siglum: str = "A"
    ident: str = "wit_a"
    prefix: str = "a"
    description: str = ""
    title_lang: str | None = None
    editors: str = "editors"  # id of the respStmt for the editors who wrote the source note  # language of the first-publication title in its source note
    source_more: list[Node] = dataclasses.field(default_factory=list)  # the source note's further lines, as printed
    # the edition's source note after a letter that is this whole text (before the witness's own note, in order)
    letter_back: list[Node] = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class Document:
    front: list[Node]  # docAuthor, docTitle parts, heads: in order
    date_block: Node | None  # the shared docDate
    witnesses: list[Witness]
    notes_section: list[Node]  # orphan notes (bodies with no call) of the note list at the end
    trailing_newlines: int  # extra line ends after the last block (beyond one)
    notes_present: bool
    year: int | None
    notes_space: int = 0  # blank lines beyond one before the note list
    end_notes: list = dataclasses.field(default_factory=list)  # the bodies of the note list at the end, in source order
    back: list[Node] = dataclasses.field(default_factory=list)  # e.g. Project Gutenberg's licence, kept out of the body
    notes_heading: Node | None = None  # div[@type=notes] with the heading over the note list ("Notes", "FOOTNOTES:")
    renditions: dict[str, tuple[str, str]] = dataclasses.field(default_factory=dict)  # delimiters used by hi/supplied
    header_fields: dict[str, str] = dataclasses.field(default_factory=dict)  # what the text says of itself (PG header, Source: lines)
    language: str | None = None  # the main language (tei_edition/reader/languages.py), None before it is decided
    languages: list[str] = dataclasses.field(default_factory=list)  # every language found, the main one first
    found: dict[str, int] = dataclasses.field(default_factory=dict)  # constructs recognised, by rule
    profile: str = "mia"
    letters: list = dataclasses.field(default_factory=list)  # several letters on one page: (div, writer, addressee)
    back_end: list[Node] = dataclasses.field(default_factory=list)  # after the note list: a website's chrome at the bottom
    title: Any = None  # what the text says of its title and people (tei_edition/reader/front.TitleFacts), or None
    info: Any = None  # what the page's info block says (tei_edition/reader/infoblock.InfoSummary), or None
    conventions: list[dict] = dataclasses.field(default_factory=list)  # conventions that fired: name, evidence, line
