"""`tei-edition export text`: the plain-text source rebuilt from TEI, or a clean reading text."""

from __future__ import annotations

import click


@click.command(
    epilog="""\b
Examples:
  tei-edition export text edition.xml --form source > source.txt
  tei-edition export text edition.xml --form reading -o reading.txt
\b
--form source rebuilds the plain text from the encoding (byte for byte for TEI that
convert wrote); --form reading gives a clean text: no note numbers, notes at the end.""",
)
@click.argument("tei_file", type=click.Path(allow_dash=True))
@click.option("--form", type=click.Choice(["source", "reading"]), default="reading", show_default=True)
@click.option("-o", "--output", type=click.Path(allow_dash=True), default="-", help="Output file ('-': stdout).")
def command(tei_file, form, output):
    """Export TEI_FILE ('-' for stdin) as plain text."""
    from tei_edition.export.text import export_text
    from tei_edition.fileio import check_outputs, write_atomic
    from tei_edition.tei.load import load_tei

    inputs = check_outputs({"-o": output}, [tei_file])
    write_atomic(output, export_text(load_tei(tei_file), form), inputs=inputs)
    return 0
