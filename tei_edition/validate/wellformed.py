"""Layer 1: reading a document through the one loader (tei_edition.tei.load), its refusals turned into findings."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

from lxml import etree

from tei_edition.diagnostics import Diagnostic, Span, error
from tei_edition.tei import load
from tei_edition.tei.load import (  # noqa: F401 - the layer's codes, named where the validator's users look for them
    CODE_DTD_REFUSED,
    CODE_ENCODING,
    CODE_NOT_WELL_FORMED,
    CODE_TOO_DEEP,
    CODE_TOO_LARGE,
    CODE_UNREADABLE,
)

DEFAULT_MAX_BYTES = load.MAX_BYTES  # above this a document is refused unread: bounded time and memory
SIZE_HINT = "raise the limit with --max-size if the document is trusted"


@dataclasses.dataclass
class Loaded:
    """A document read for validation: its tree (None when refused), its text for line display, the bytes accepted."""

    name: str
    tree: etree._ElementTree | None
    source: str | None
    diagnostics: list[Diagnostic]
    unreadable: bool = False  # the file could not be read at all (exit status 2)
    data: bytes | None = None  # exactly the bytes the loader accepted (what jing is given), None when refused


def read_document(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Loaded:
    """Read and parse one file ("-" is stdin); every failure becomes a finding, never an exception."""
    name = "<stdin>" if path == "-" else path
    try:
        data = load.read_untrusted(path, max_bytes, hint=SIZE_HINT)
    except load.LoadError as exc:
        return Loaded(name, None, None, [exc.diagnostic], exc.unreadable)
    return parse_document(data, name, max_bytes)


def parse_document(data: bytes, name: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Loaded:
    """Parse bytes with the one loader: a DOCTYPE, ill-formed XML or too deep a tree is a finding."""
    try:
        tree = load.parse_untrusted(data, name, max_bytes=max_bytes, size_hint=SIZE_HINT)
    except load.LoadError as exc:
        return Loaded(name, None, None if exc.diagnostic.code == CODE_TOO_LARGE else load.decoded(data), [exc.diagnostic])
    return Loaded(name, tree, load.decoded(data), [], data=data)


def expand_paths(paths: list[str]) -> tuple[list[str], list[Diagnostic]]:
    """Files as given, folders as every `*.xml` below them (sorted), `-` as stdin; missing paths become findings."""
    files: list[str] = []
    problems: list[Diagnostic] = []
    for path in paths:
        if path == "-":
            files.append("-")
            continue
        p = Path(path)
        if p.is_dir():
            found = sorted(str(f) for f in p.rglob("*.xml") if f.is_file())
            if not found:
                problems.append(error(CODE_UNREADABLE, "folder has no *.xml files", Span(path, 1, 1)))
            files.extend(found)
        elif p.exists() or os.path.lexists(p):
            files.append(path)
        else:
            problems.append(error(CODE_UNREADABLE, "no such file or folder", Span(path, 1, 1)))
    return files, problems
