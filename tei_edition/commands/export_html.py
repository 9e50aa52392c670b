"""`tei-edition export html`: one self-contained HTML reading edition from any TEI file."""

from __future__ import annotations

import os
from pathlib import Path

import click

from tei_edition.commands.export import exporter_options, is_folder_output, run, run_many
from tei_edition.errors import ExitStatus


def default_tei_href(file: str, output: str) -> str | None:
    """The TEI file as a link relative to where the HTML is written (so the pair can be moved together)."""
    if file == "-":
        return None
    base = Path(output).parent if output != "-" else Path(".")
    return Path(os.path.relpath(Path(file).resolve(), base.resolve())).as_posix()


@click.command(
    epilog="""\b
Examples:
  tei-edition export html edition.xml -o edition.html
  tei-edition export html edition.xml > edition.html
  tei-edition export html corpus/*/edition.xml -o site/
  cat edition.xml | tei-edition export html - -o - --tei-href https://example.org/edition.xml
\b
The page needs no network and no JavaScript: styles and a small optional script are inside it.
Several files (or -o naming a folder) write FOLDER/<name>.html for each, in one call (on every
CPU for many files; --jobs sets how many processes).
Unknown TEI elements are rendered as their text and reported (W411). Nothing is written when the
input cannot be read. Exit codes: 0 ok, 1 bad input, 2 usage.""",
)
@click.argument("files", metavar="FILE...", nargs=-1, required=True, type=click.Path(dir_okay=False, allow_dash=True))
@click.option(
    "-o",
    "--output",
    type=click.Path(allow_dash=True),
    default="-",
    show_default=True,
    help="HTML file to write ('-' for stdout), or the folder for several files.",
)
@click.option(
    "-j", "--jobs", type=click.IntRange(min=0), default=0, help="Worker processes for several files (0: one per CPU for many files)."
)
@exporter_options("html")
def command(files: tuple[str, ...], output: str, jobs: int, tei_href: str | None) -> int:
    """Export FILE (TEI) as a self-contained HTML edition: witnesses side by side, notes, apparatus."""
    if is_folder_output(files, output):
        if tei_href and len(files) > 1:
            raise click.UsageError("--tei-href names one TEI file; leave it out when exporting several")
        return run_many("html", list(files), output, lambda file, out: {"tei_href": tei_href or default_tei_href(file, out)}, jobs)
    run("html", files[0], output, {"tei_href": tei_href or default_tei_href(files[0], output)})
    return ExitStatus.OK
