"""Conversion as a library call: bytes of a plain-text source (+ metadata) to TEI bytes, a report and diagnostics."""

from __future__ import annotations

import collections
import dataclasses
import functools
import gc

from lxml import etree

from tei_edition import codes
from tei_edition.diagnostics import Diagnostic, Span, error
from tei_edition.errors import InputError
from tei_edition.fileio import CODE_TOO_LARGE, MAX_INPUT_BYTES
from tei_edition.metadata import Metadata
from tei_edition.reader import read_document
from tei_edition.reader.profile import detect_profile, load_profile, with_passages
from tei_edition.source import decode_source
from tei_edition.tei.writer import write_tei

# Warnings that mean the source cannot be rebuilt byte for byte from the TEI (the loss is named, never silent): only
# what XML cannot hold. Everything else of the layout is kept (tei_edition/layout.py).
LOSSY = {codes.MIXED_LINE_ENDS, codes.CONTROL_CHARACTER}


@dataclasses.dataclass
class Conversion:
    xml: bytes
    diagnostics: list[Diagnostic]
    counts: dict[str, int]

    @functools.cached_property
    def tree(self):
        """The TEI as an lxml tree, parsed from `xml` when first asked for (validation and exports need it)."""
        from tei_edition.tei.load import safe_parser

        return etree.ElementTree(etree.fromstring(self.xml, safe_parser(huge_tree=True)))

    @property
    def lossless(self) -> bool:
        return not any(d.code in LOSSY for d in self.diagnostics)

    profile: str = "mia"
    profile_choice: str = "given"  # "given" or "detected"
    scores: dict = dataclasses.field(default_factory=dict)  # detection score of each shipped profile
    found: dict = dataclasses.field(default_factory=dict)  # constructs recognised, by rule name
    conventions: list = dataclasses.field(default_factory=list)  # conventions that fired, with evidence and line

    def report(self) -> dict:
        by_code = collections.Counter(d.code for d in self.diagnostics if d.severity.value == "warning")
        return {
            "profile": self.profile,
            "profile_choice": self.profile_choice,
            "profile_scores": self.scores,
            "recognised": self.found,
            "conventions": self.conventions,
            "counts": self.counts,
            "warnings": dict(sorted(by_code.items())),
            "lossless": self.lossless,
            "diagnostics": [d.to_dict() for d in self.diagnostics],
        }


COUNTED = [
    "div",
    "p",
    "head",
    "note",
    "gap",
    "pb",
    "lb",
    "date",
    "stage",
    "text",
    "docAuthor",
    "titlePart",
    "docDate",
    "bibl",
    "opener",
    "dateline",
    "salute",
    "closer",
    "signed",
    "postscript",
    "supplied",
    "hi",
    "list",
    "item",
    "lg",
    "l",
    "table",
    "row",
    "ab",
    "milestone",
    "space",
]


def convert_bytes(data: bytes, name: str, meta: Metadata | None = None, profile: str | None = None) -> Conversion:
    """Convert; raises InputError for input that cannot be read at all (empty, not UTF-8).

    The profile is the one named (a shipped name or a TOML path), else the metadata's [document] profile, else
    the one detected from the text (the choice and the scores are in the report).
    """
    # The reader makes millions of small objects and no reference cycles: the cyclic garbage collector's full
    # passes would make a 50 MB conversion grow worse than linearly, so it pauses while we convert.
    paused = gc.isenabled()
    gc.disable()
    try:
        return _convert(data, name, meta, profile)
    finally:
        if paused:
            gc.enable()


def _convert(data: bytes, name: str, meta: Metadata | None, profile: str | None) -> Conversion:
    meta = meta or Metadata()
    source = decode_source(data, name)
    chosen = profile or meta.get("document", "profile")
    scores: dict[str, int] = {}
    if chosen:
        prof = load_profile(chosen)
        how = "given"
    else:
        prof, scores = detect_profile(source.text)
        how = "detected"
    prof = with_passages(prof, meta.data.get("passage", []) if isinstance(meta.data.get("passage"), list) else [])
    doc, diagnostics = read_document(source, meta, prof)
    display_name = name.rsplit("/", 1)[-1] if name != "-" else "stdin"
    xml, counted, header_diagnostics = write_tei(doc, meta, source.file, display_name)
    if len(xml) > MAX_INPUT_BYTES:  # what convert writes must load in every other command (one bound for all)
        message = f"the TEI would be {len(xml):,} bytes, more than the {MAX_INPUT_BYTES:,} every command reads; nothing was written"
        raise InputError(
            f"{name}: {message}", [error(CODE_TOO_LARGE, message, Span(name, 1, 1), "split the source into several documents")]
        )
    counts = {k: counted[k] for k in COUNTED if counted.get(k)}
    result = Conversion(xml, source.diagnostics + diagnostics + header_diagnostics, counts)
    result.profile, result.profile_choice, result.scores, result.found = prof.name, how, scores, dict(sorted(doc.found.items()))
    result.conventions = doc.conventions
    return result
