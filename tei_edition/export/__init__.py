"""The export registry: format name -> exporter function, imported only when asked for (pdf pulls in WeasyPrint)."""

from __future__ import annotations

import importlib

# name -> "module:function"; each exporter takes a TEI tree and returns (output, diagnostics).
EXPORTERS = {
    "html": "tei_edition.export.html:export_html",
    "pdf": "tei_edition.export.pdf:export_pdf",
}


def exporter(name: str):
    """The export function registered under a format name (KeyError for an unknown one)."""
    module, function = EXPORTERS[name].split(":")
    return getattr(importlib.import_module(module), function)
