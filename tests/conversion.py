"""The conversion the reader's tests share: a text converted, its source form checked byte for byte."""

from __future__ import annotations

from lxml import etree

from tei_edition.convert import Conversion, convert_bytes
from tei_edition.export.text import export_source

T = "{http://www.tei-c.org/ns/1.0}"
NS = {"t": T[1:-1]}


def convert(text: str, profile: str | None = None) -> tuple[Conversion, etree._ElementTree]:
    """The conversion of `text` and its TEI as a tree; fails unless the source form rebuilds `text` byte for byte."""
    result = convert_bytes(text.encode(), "t.txt", profile=profile)
    tree = etree.ElementTree(etree.fromstring(result.xml))
    assert export_source(tree) == text.encode()  # the source form rebuilds byte for byte
    return result, tree
