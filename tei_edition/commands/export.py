"""`tei-edition export FORMAT`: a group whose formats load lazily (pdf pulls in WeasyPrint only when asked)."""

from __future__ import annotations

import click

from tei_edition.cli import LazyGroup

FORMATS = {
    "text": ("tei_edition.commands.export_text:command", "Plain text: the source back, or a reading text."),
    "html": ("tei_edition.commands.export_html:command", "A self-contained HTML reading edition."),
    "pdf": ("tei_edition.commands.export_pdf:command", "A printed edition (PDF) with footnotes."),
}


@click.group(
    cls=LazyGroup,
    lazy=FORMATS,
    epilog="""\b
Examples:
  tei-edition export text edition.xml --form source
  tei-edition export html edition.xml -o edition.html
  tei-edition export pdf edition.xml -o edition.pdf""",
)
def command():
    """Export a TEI file (ours or anyone's) as text, HTML or PDF."""
