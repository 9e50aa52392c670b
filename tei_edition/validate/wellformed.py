"""Layer 1: reading a document safely (no entity expansion, no DTD, no network, bounded size) into an lxml tree."""

from __future__ import annotations

import dataclasses
import os
import re
import sys
from pathlib import Path

from lxml import etree

from tei_edition.diagnostics import Diagnostic, Span, error
from tei_edition.tei.load import safe_parser

CODE_NOT_WELL_FORMED = "E001"
CODE_DTD_REFUSED = "E002"
CODE_TOO_LARGE = "E003"
CODE_UNREADABLE = "E004"

DEFAULT_MAX_BYTES = 64 * 1024 * 1024  # above this a document is refused unread: bounded time and memory
# A DOCTYPE with an internal subset that declares entities: refused before parsing (billion laughs, XXE).
_ENTITY_DECL = re.compile(rb"<!ENTITY", re.I)
_DOCTYPE = re.compile(rb"<!DOCTYPE", re.I)


@dataclasses.dataclass
class Loaded:
    """A document read for validation: its tree (None when refused) and its text for line display."""

    name: str
    tree: etree._ElementTree | None
    source: str | None
    diagnostics: list[Diagnostic]
    unreadable: bool = False  # the file could not be read at all (exit status 2)


def _parser() -> etree.XMLParser:
    # collect_ids=False: libxml2 would otherwise stop at a duplicate xml:id as if the XML were ill-formed;
    # a duplicate id is a project-rule finding (E301), reported with both places.
    return safe_parser(collect_ids=False)


def read_document(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Loaded:
    """Read and parse one file ("-" is stdin); every failure becomes a finding, never an exception."""
    name = "<stdin>" if path == "-" else path
    try:
        if path == "-":
            data = sys.stdin.buffer.read(max_bytes + 1)
        else:
            p = Path(path)
            size = p.stat().st_size
            if size > max_bytes:
                return Loaded(name, None, None, [_too_large(name, size, max_bytes)])
            with p.open("rb") as fh:
                data = fh.read(max_bytes + 1)
    except FileNotFoundError:
        return Loaded(name, None, None, [error(CODE_UNREADABLE, "no such file", Span(name, 1, 1))], True)
    except IsADirectoryError:
        return Loaded(name, None, None, [error(CODE_UNREADABLE, "is a directory, not a file", Span(name, 1, 1))], True)
    except PermissionError:
        return Loaded(name, None, None, [error(CODE_UNREADABLE, "permission denied", Span(name, 1, 1))], True)
    except OSError as exc:
        return Loaded(name, None, None, [error(CODE_UNREADABLE, f"cannot read ({exc.strerror})", Span(name, 1, 1))], True)
    if len(data) > max_bytes:
        return Loaded(name, None, None, [_too_large(name, len(data), max_bytes)])
    return parse_document(data, name)


def _too_large(name: str, size: int, limit: int) -> Diagnostic:
    return error(
        CODE_TOO_LARGE,
        f"the document is {size:,} bytes, more than the limit of {limit:,}; it was not read",
        Span(name, 1, 1),
        hint="raise the limit with --max-size if the document is trusted",
    )


def parse_document(data: bytes, name: str) -> Loaded:
    """Parse bytes with the safe parser; DTDs that declare entities are refused before parsing."""
    text = data.decode("utf-8", "replace")
    head = data[: 1 << 20]
    doctype = _DOCTYPE.search(head)
    if doctype and _ENTITY_DECL.search(data, doctype.start()):
        line = data.count(b"\n", 0, doctype.start()) + 1
        span = Span(name, line, 1, 9, _line(text, line))
        return Loaded(name, None, text, [error(
            CODE_DTD_REFUSED,
            "the document declares entities in a DOCTYPE; they are refused, not expanded (billion laughs, external entities)",
            span,
            hint="TEI needs no DTD: remove the DOCTYPE and write characters (or &#x...; references) instead of entities",
        )])
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        line, column = exc.position if exc.position else (exc.lineno or 1, 1)
        line = line or 1
        if "network entity" in (exc.msg or "") or "failed to load" in (exc.msg or ""):
            return Loaded(name, None, text, [error(
                CODE_DTD_REFUSED,
                f"the document refers to an external DTD or entity, which is never loaded ({_syntax_message(exc)})",
                Span(name, line, max(column, 1), 1, _line(text, line)),
                hint="TEI needs no DTD: remove the DOCTYPE line",
            )])
        return Loaded(name, None, text, [error(
            CODE_NOT_WELL_FORMED, f"not well-formed XML: {_syntax_message(exc)}", Span(name, line, max(column, 1), 1, _line(text, line))
        )])
    except ValueError as exc:  # e.g. an encoding declaration lxml cannot honour
        return Loaded(name, None, text, [error(CODE_NOT_WELL_FORMED, f"not well-formed XML: {exc}", Span(name, 1, 1))])
    if root is None:
        return Loaded(name, None, text, [error(CODE_NOT_WELL_FORMED, "not well-formed XML: no root element", Span(name, 1, 1))])
    return Loaded(name, root.getroottree(), text, [])


def _syntax_message(exc: etree.XMLSyntaxError) -> str:
    message = exc.msg or str(exc)
    return re.sub(r", line \d+, column \d+$", "", message)


def _line(text: str, line: int) -> str | None:
    lines = text.splitlines()
    return lines[line - 1] if 0 < line <= len(lines) else None


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
