"""`tei-edition export pdf`: a printed edition (A4 or letter) with footnotes, from any TEI file."""

from __future__ import annotations

import sys

import click

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
@click.option(
    "--paper",
    type=click.Choice(["a4", "letter"], case_sensitive=False),
    default="a4",
    show_default=True,
    help="Paper size.",
)
@click.option(
    "--tagged/--untagged",
    default=True,
    show_default=True,
    help="Tagged PDF (PDF/UA-1) for screen readers and reflow; --untagged is faster.",
)
def command(file: str, output: str | None, paper: str, tagged: bool) -> int:
    """Export FILE (TEI) as a PDF: title block, running heads, notes at the foot of the page."""
    if output is None:
        if sys.stdout.isatty():
            raise click.UsageError("give -o OUT.pdf (or pipe the output): a PDF is not written to a terminal")
        output = "-"

    from tei_edition import console
    from tei_edition.export.pdf import export_pdf
    from tei_edition.fileio import check_outputs, write_atomic
    from tei_edition.tei.load import load_tei

    inputs = check_outputs({"-o": output}, [file])
    tree = load_tei(file)
    name = "<stdin>" if file == "-" else file
    pdf, diagnostics = export_pdf(tree, paper=paper.lower(), name=name, tagged=tagged)
    if diagnostics:
        console.print_diagnostics(diagnostics)
    write_atomic(output, pdf, inputs=inputs)
    if output != "-" and console.is_terminal():
        console.print_info(f"wrote {output}")
    return ExitStatus.OK
