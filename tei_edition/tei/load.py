"""Loading TEI (ours or anyone's) with a safe parser: no entity expansion, no DTD, no network."""

from __future__ import annotations

import os

from lxml import etree

from tei_edition import TEI_NS
from tei_edition.diagnostics import Span, error
from tei_edition.errors import InputError
from tei_edition.fileio import read_bytes

TEI = "{%s}" % TEI_NS


def safe_parser(**extra) -> etree.XMLParser:
    """A parser that never expands entities, loads DTDs or touches the network (billion laughs, XXE)."""
    options = dict(
        resolve_entities=False,
        load_dtd=False,
        no_network=True,
        dtd_validation=False,
        huge_tree=False,
        remove_blank_text=False,
        collect_ids=False,  # a duplicate xml:id is a finding of the project rules (E301), not a parse error
    )
    options.update(extra)
    return etree.XMLParser(**options)


def parse_tei_bytes(data: bytes, name: str = "<stdin>") -> etree._ElementTree:
    """Parse bytes into a tree; a well-formedness error becomes an InputError with file:line:col."""
    try:
        tree = etree.ElementTree(etree.fromstring(data, safe_parser(), base_url=None))
    except etree.XMLSyntaxError as exc:
        line, column = (exc.position if exc.position else (exc.lineno or 1, 1))
        lines = data.decode("utf-8", "replace").splitlines()
        text = lines[line - 1] if 0 < line <= len(lines) else None
        span = Span(name, line or 1, column or 1, 1, text)
        raise InputError(f"{name}: not well-formed XML", [error("E001", f"not well-formed XML: {exc.msg}", span)]) from None
    if tree.docinfo.internalDTD is not None or _has_entity_decls(data):
        span = Span(name, 1, 1)
        raise InputError(
            f"{name}: DTD with entity declarations refused",
            [error("E002", "the document declares a DTD or entities; they are refused, not expanded", span)],
        )
    return tree


def _has_entity_decls(data: bytes) -> bool:
    head = data[:65536]
    return b"<!ENTITY" in head


def load_tei(path: str | os.PathLike) -> etree._ElementTree:
    """Load a TEI file ("-" is stdin) safely; raises InputError for unreadable or ill-formed input."""
    data = read_bytes(path)
    return parse_tei_bytes(data, str(path))
