"""Plain text to a Document of TEI-shaped nodes: blocks, then inline conventions, then the document's structure."""

from tei_edition.reader.structure import read_document

__all__ = ["read_document"]
