"""The state one conversion's reading passes from module to module (regions → notes → front → witnesses → sections →
letters): the source, profile, metadata, the note bodies found, shared inline state and the diagnostics.

Nothing is kept between conversions: each read_document makes its own ReadState and hands it on explicitly.
"""

from __future__ import annotations

from tei_edition import layout
from tei_edition.dates import first_year
from tei_edition.diagnostics import Diagnostic
from tei_edition.model import Block, Node, Note
from tei_edition.reader.dating import julian_first
from tei_edition.reader.inline import InlineContext
from tei_edition.reader.profile import Profile
from tei_edition.source import SourceText


class BlockKinds:
    """What the profile says about body blocks, looked up once (the reader asks for every block)."""

    def __init__(self, profile: Profile):
        self.navigation = profile.block_pattern("navigation")
        self.separator = profile.block_pattern("separator")
        self.source_lines = profile.block_pattern("source_lines")
        self.source_note = profile.block_pattern("source_note")
        self.division = profile.block_pattern("division")
        self.caps_headings = profile.flag("headings_in_capitals")
        self.lists = profile.flag("lists")
        self.verse = profile.flag("verse")
        self.tables = profile.flag("tables")
        self.letters = profile.flag("letters")
        self.front = profile.flag("front")
        self.headings_by_shape = profile.flag("headings_by_shape")


class ReadState:
    """One conversion's state: the source, profile, metadata, shared inline state and diagnostics."""

    def __init__(self, source: SourceText, meta, profile: Profile):
        self.source = source
        self.meta = meta
        self.profile = profile
        self.conventions = profile.structure  # the [conventions], compiled (tei_edition/reader/conventions.py)
        self.diagnostics: list[Diagnostic] = []
        self.notes: dict[tuple[int, str], Note] = {}  # the first body of each number
        self.repeats: dict[tuple[int, str], list[Note]] = {}  # later bodies with the same number (concatenated books)
        self.note_order: list[Note] = []  # every body, in source order
        self.last_note: Note | None = None
        self.renditions: dict[str, tuple[str, str]] = {}
        self.found: dict[str, int] = {}
        self.year: int | None = None
        self.header_fields: dict[str, str] = {}
        self.info: list = []  # the info block's fields, in source order (tei_edition/reader/infoblock.py)
        self.fired: list[dict] = []  # conventions that fired: {"convention", "evidence", "line"} (the report)
        self.used_ids: set[str] = set()
        self.block_kinds = BlockKinds(profile)
        self.division_starts: set[int] = set()  # source offsets of the blocks opening a numbered section
        self.calls: dict[int, tuple[str, str, str]] = {}  # note calls a note list confirmed (reader/calls.py)
        self._call_offsets: list[int] | None = None
        self.letter_openers: set[int] = set()  # source offsets of a letter's opener parts at the top (letters.py)
        self.letter_back: list[Node] = []  # the edition's source note after a letter that is the whole text (back)
        self.letter_fired: set[str] = set()  # the letter conventions already named in the report
        # several letters on one page (sections.py): each letter's div, and the writer and addressee the heading that
        # began it names (None: the first letter, whose heading is the front's, or one begun by its opener alone)
        self.letter_divs: list[tuple[Node, str | None, str | None]] = []
        self.letter_roles_cache: tuple | None = None  # the last section's letter roles (reader/letters.py)
        self._ids: tuple | None = None
        self._julian: bool | None = None

    def ctx(self, prefix: str, section: int = 0) -> InlineContext:
        """A context for one witness or section (its own id prefix and counters; notes and found shared)."""
        ids = self._ids
        if ids is None:  # what the metadata says, looked up once (a book of letters has a context per letter)
            meta = self.meta
            translator = next((r["id"] for r in meta.responsibilities if r.get("id") == "translator"), None)
            ids = self._ids = (meta.editors_id, meta.author_id, meta.print_id, translator)
        ctx = InlineContext(
            self.source,
            self.notes,
            prefix,
            self.year,
            ids[0],
            ids[1],
            self.diagnostics,
            ids[2],
            self.profile,
            self.renditions,
            self.found,
            section,
            ids[3],
        )
        ctx.repeats = self.repeats
        ctx.julian = self.julian
        if self.calls:
            if self._call_offsets is None:  # (every call is confirmed before the first context is made)
                self._call_offsets = sorted(self.calls)
            ctx.calls, ctx.call_offsets = self.calls, self._call_offsets
        return ctx

    @property
    def julian(self) -> bool:
        """Whether the document's single dates before 1918 are Julian: the metadata says so ([document] calendar =
        "julian", or a date_julian), or the text's own dual dates put the Julian member first (reader/dating.py)."""
        if self._julian is None:
            calendar = self.meta.get("document", "calendar")
            if calendar is not None:
                self._julian = str(calendar).lower() == "julian"
            elif self.meta.get("document", "date_julian"):
                self._julian = True
            else:
                year = self.year or first_year(self.source.text[:65536])  # (asked before the front gave the year)
                self._julian = julian_first(self.conventions.dating, self.source.text, year)
        return self._julian

    def convention(self, name: str, b: Block, evidence: str) -> None:
        """Say in the report that a convention fired on block `b`, from what evidence (its line in the source)."""
        self.fired.append({"convention": name, "evidence": evidence, "line": self.source.line_col(b.start)[0]})  # (its line table: linear)

    def count(self, name: str, n: int = 1) -> None:
        self.found[name] = self.found.get(name, 0) + n


def space(b: Block) -> tuple[Node, ...]:
    """Blank lines beyond the usual one before a block: layout of the plain text, a processing instruction
    (tei_edition/layout.py, schemas/README.md); or that the block goes on the line of the block before it."""
    if b.run_in is not None:
        return (layout.run_in(b.run_in),)
    return layout.blank_before(b.blank_before)
