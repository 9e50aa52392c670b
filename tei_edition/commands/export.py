"""`tei-edition export FORMAT`: one subcommand per registered exporter (tei_edition.export.EXPORTERS), loaded lazily
(pdf pulls in WeasyPrint only when asked)."""

from __future__ import annotations

import click

from tei_edition.cli import LazyGroup
from tei_edition.export import EXPORTERS, Exporter, get

# The subcommands: the registry's, each with its one-line description.
FORMATS = {e.name: (e.command, e.description) for e in EXPORTERS.values()}


def exporter_options(name: str):
    """A decorator adding the exporter's own options (from the registry) to its click command, in their order."""
    exporter: Exporter = get(name)

    def decorate(function):
        for option in reversed(exporter.options):
            kwargs = {"default": option.default, "help": option.help, "show_default": option.show_default}
            if option.choices is not None:
                kwargs["type"] = click.Choice(list(option.choices), case_sensitive=False)
            if option.metavar is not None:
                kwargs["metavar"] = option.metavar
            function = click.option(option.flag, option.name, **kwargs)(function)
        return function

    return decorate


def run(name: str, file: str, output: str, options: dict) -> None:
    """Load FILE, export it with the registered exporter NAME, print its diagnostics, write OUTPUT atomically."""
    from tei_edition import console
    from tei_edition.fileio import check_outputs, write_atomic
    from tei_edition.tei.load import load_tei

    inputs = check_outputs({"-o": output}, [file])
    tree = load_tei(file)
    data, diagnostics = get(name).export(tree, "<stdin>" if file == "-" else file, options)
    if diagnostics:
        console.print_diagnostics(diagnostics)
    write_atomic(output, data, inputs=inputs)


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
