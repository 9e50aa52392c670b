"""`tei-edition export text`: the plain-text source rebuilt from TEI, or a clean reading text."""

from __future__ import annotations

import click

from tei_edition.commands.export import exporter_options, run


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
@exporter_options("text")
@click.option("-o", "--output", type=click.Path(allow_dash=True), default="-", help="Output file ('-': stdout).")
def command(tei_file, form, output):
    """Export TEI_FILE ('-' for stdin) as plain text."""
    run("text", tei_file, output, {"form": form})
    return 0
