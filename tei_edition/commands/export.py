"""`tei-edition export FORMAT`: one subcommand per registered exporter (tei_edition.export.EXPORTERS), loaded lazily
(pdf pulls in WeasyPrint only when asked)."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

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


def run_many(name: str, files: list[str], folder: str, options_for, jobs: int = 0) -> int:
    """Export each of FILES with exporter NAME into FOLDER/<stem>.<extension>, each written atomically, in order.

    `options_for(file, output)` gives a file's options. Every output is checked before any work (two inputs with one
    stem, an output that is an input: usage errors, nothing written). A file that cannot be read is reported and
    the others are still exported; the exit status is then 1. `jobs` worker processes export (workers.worker_count:
    0 is one per CPU for many files); this process prints and writes, so the result is the same for any number.
    """
    from tei_edition import console, workers
    from tei_edition.cli import report_error
    from tei_edition.errors import ExitStatus, TeiEditionError
    from tei_edition.fileio import check_outputs, write_atomic

    if "-" in files:
        raise click.UsageError("'-' (stdin) takes one input; give the files by name to export several")
    if os.path.exists(folder) and not os.path.isdir(folder):
        raise click.UsageError(f"-o {folder}: several inputs are written into a folder, and this is not one")
    outputs = batch_outputs(files, folder, get(name).extension)
    inputs = check_outputs({f"-o {folder} ({file})": out for file, out in outputs.items()}, files)
    os.makedirs(folder, exist_ok=True)
    status, written = ExitStatus.OK, 0
    tasks = [(name, file, options_for(file, out)) for file, out in outputs.items()]
    results = workers.ordered_map(export_one, tasks, workers.worker_count(jobs, len(tasks)))
    with _progress(len(files), f"export {name}") as advance:
        for out, (data, diagnostics, failure) in zip(outputs.values(), results, strict=True):
            try:
                if failure is not None:
                    raise TeiEditionError(*failure)
                if diagnostics:
                    console.print_diagnostics(diagnostics)
                write_atomic(out, data, inputs=inputs)
            except TeiEditionError as exc:
                report_error(exc)
                status = ExitStatus.FINDINGS
            else:
                written += 1
            advance()
    if console.is_terminal():
        console.print_info(f"wrote {written} of {len(files)} files to {folder}")
    return status


def export_one(task: tuple[str, str, dict]) -> tuple[bytes | None, list, tuple | None]:
    """One file of a batch, in a worker: (output bytes, diagnostics, None), or (None, [], the error's arguments)."""
    from tei_edition.errors import TeiEditionError
    from tei_edition.tei.load import load_tei

    name, file, options = task
    try:
        data, diagnostics = get(name).export(load_tei(file), file, options)
    except TeiEditionError as exc:
        return None, [], (exc.message, exc.diagnostics, exc.status)
    return data, diagnostics, None


@contextlib.contextmanager
def _progress(total: int, label: str):
    """A transient progress bar on a terminal (nothing elsewhere); yields the function that advances it."""
    from tei_edition import console

    if not console.is_terminal() or total < 2:
        yield lambda: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=console.stderr_console(), transient=True
    ) as bar:
        task = bar.add_task(label, total=total)
        yield lambda: bar.update(task, advance=1)


def is_folder_output(files: tuple[str, ...], output: str | None) -> bool:
    """Whether -o names a folder to export into: with several inputs always, with one when it is a folder (or ends
    in a slash)."""
    if len(files) > 1:
        if output in (None, "-"):
            raise click.UsageError("several inputs need -o FOLDER (each is written there as <name>.<format>)")
        return True
    return output not in (None, "-") and (os.path.isdir(output) or output.endswith(("/", os.sep)))


def batch_outputs(files: list[str], folder: str, extension: str) -> dict[str, str]:
    """{input: FOLDER/<its stem>.<extension>}; a usage error when two inputs would be written to one output."""
    outputs: dict[str, str] = {}
    taken: dict[str, str] = {}
    for file in files:
        out = os.path.join(folder, f"{Path(file).stem}.{extension}")
        if out in taken and os.path.realpath(taken[out]) != os.path.realpath(file):
            raise click.UsageError(f"{taken[out]} and {file} would both be written to {out}; export them apart")
        taken[out] = file
        outputs[file] = out
    return outputs


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
