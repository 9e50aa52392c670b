"""`tei-edition export pdf`: a printed edition (A4 or letter) with footnotes, from any TEI file."""

from __future__ import annotations

import sys

import click

from tei_edition.commands.export import exporter_options, run
from tei_edition.errors import ExitStatus


@click.command(
    epilog="""\b
Examples:
  tei-edition export pdf edition.xml -o edition.pdf
  tei-edition export pdf edition.xml --paper letter -o edition-letter.pdf
  tei-edition export pdf edition.xml | lpr
\b
Without -o the PDF goes to standard output, but only when that is a pipe or a file:
a PDF is never written to a terminal. Nothing is written when the export fails.""",
)
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), help="PDF to write ('-' for stdout).")
@exporter_options("pdf")
def command(file: str, output: str | None, paper: str, tagged: bool) -> int:
    """Export FILE (TEI) as a PDF: title block, running heads, notes at the foot of the page."""
    if output is None:
        if sys.stdout.isatty():
            raise click.UsageError("give -o OUT.pdf (or pipe the output): a PDF is not written to a terminal")
        output = "-"

    from tei_edition import console

    run("pdf", file, output, {"paper": paper.lower(), "tagged": tagged})
    if output != "-" and console.is_terminal():
        console.print_info(f"wrote {output}")
    return ExitStatus.OK
