"""`tei-edition build`: a whole corpus (TEI, HTML, PDF, text, index) in one command, incremental and parallel."""

from __future__ import annotations

import os
import signal
from typing import Any, Literal

import click

from tei_edition.build import FORMATS, Reporter
from tei_edition.errors import ExitStatus
from tei_edition.escape import terminal_text
from tei_edition.export import EXPORTERS

PAPER = next(o for o in EXPORTERS["pdf"].options if o.name == "paper")  # the PDF exporter's own option, one definition
MAX_TABLE_ROWS = 40  # a summary table longer than this would hide the failures: show them first, then count the rest


def _formats(ctx, param, value: str) -> tuple[str, ...]:
    from tei_edition.build import FORMATS

    wanted = tuple(f.strip() for f in value.split(",") if f.strip())
    unknown = [f for f in wanted if f not in FORMATS]
    if unknown or not wanted:
        raise click.BadParameter(f"{', '.join(unknown) or 'nothing'}: choose from {', '.join(FORMATS)} (comma-separated)")
    return tuple(f for f in FORMATS if f in wanted)


@click.command(
    epilog="""\b
Examples:
  tei-edition build corpus -o build
  tei-edition build corpus -o build --jobs 1 --formats tei,html,text
  tei-edition build corpus/000-lenin-1917-05-08-soviets -o build --force
\b
Each document folder holds source.txt and edition.toml (converted), or a hand-edited
edition.xml taken as it is when edition.toml says  [build] source = "edition.xml".
Outputs: OUT/<folder>/edition.{xml,html,pdf,txt}, validation.json, and OUT/index.html.
A document whose inputs, options and tool version are unchanged is not rebuilt; every
file is written atomically, so an interrupted build is repaired by the next one.
Exit status 1 when any document failed or is not valid (its findings are shown).""",
)
@click.argument("corpus", default="corpus", type=click.Path(file_okay=False))
@click.option("-o", "--output", "out_dir", default="build", show_default=True, type=click.Path(file_okay=False), help="Output folder.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, help="Documents built at once (default: the number of cores).")
@click.option("--formats", default=",".join(FORMATS), show_default=True, callback=_formats, help="Formats to write.")
@click.option("--paper", type=click.Choice(PAPER.choices or ()), default=PAPER.default, show_default=True, help="PDF paper size.")
@click.option("--force", is_flag=True, help="Rebuild every document, up to date or not.")
@click.option("-q", "--quiet", is_flag=True, help="Only findings and the last line.")
def command(corpus, out_dir, jobs, formats, paper, force, quiet):
    """Build every document of CORPUS (default: corpus) into OUT (default: build)."""
    from tei_edition import console
    from tei_edition.build import Options, run_build, summary_line

    jobs = jobs or os.cpu_count() or 1
    # A kill (SIGTERM) stops the build like Ctrl-C: workers are stopped and no temporary file is left behind.
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        reporter: Reporter = ProgressReporter(quiet) if console.is_terminal() else LogReporter(quiet)
        result = run_build(corpus, out_dir, Options(formats, paper, force), jobs=jobs, reporter=reporter)
    finally:
        signal.signal(signal.SIGTERM, previous)
    for outcome in result.failed:
        console.print_diagnostics([d for d in outcome.diagnostics if d.is_error])
    if not quiet and (result.count("built") or result.failed):
        print_summary(result)
    if console.is_terminal():
        console.print_info(summary_line(result))
    else:  # plain: a no-op rebuild in a script or CI does not pay for importing rich (about 40 ms)
        click.echo(summary_line(result), err=True)
    return ExitStatus.FINDINGS if result.failed else ExitStatus.OK


def _interrupt(signum, frame):
    raise KeyboardInterrupt


class LogReporter(Reporter):
    """Plain lines, one per document built, for logs and CI (no terminal)."""

    def __init__(self, quiet: bool):
        self.quiet = quiet
        self.total = 0
        self.n = 0

    def start(self, to_build: int, up_to_date: int) -> None:
        self.total = to_build
        if not self.quiet and to_build:
            click.echo(f"building {to_build} document(s); {up_to_date} up to date", err=True)

    def done(self, outcome) -> None:
        self.n += 1
        if self.quiet and outcome.ok:
            return
        errors = sum(1 for d in outcome.diagnostics if d.is_error)
        what = outcome.status if outcome.ok else f"{outcome.status.upper()} ({errors} error(s))"
        click.echo(f"[{self.n}/{self.total}] {terminal_text(outcome.slug)}: {what} in {outcome.seconds:.2f} s", err=True)

    def finish(self) -> None:
        pass


class ProgressReporter(Reporter):
    """A rich progress bar on a terminal; failures are printed above it as they happen."""

    def __init__(self, quiet: bool):
        self.quiet = quiet
        self.progress: Any = None  # a rich Progress once started (rich is imported only then)
        self.task: Any = None

    def start(self, to_build: int, up_to_date: int) -> None:
        if not to_build:
            return
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
        from rich.text import Text

        from tei_edition.console import stderr_console

        self.progress = Progress(
            TextColumn("building"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            TextColumn("{task.fields[last]}", markup=False),
            console=stderr_console(),
            transient=True,
        )
        self.progress.start()
        self.task = self.progress.add_task("build", total=to_build, last=Text(""))

    def done(self, outcome) -> None:
        from rich.text import Text

        if self.progress is None:
            return
        if not outcome.ok:
            self.progress.console.print(Text(outcome.status, style="bold red") + Text(" " + terminal_text(outcome.slug)))
        self.progress.update(self.task, advance=1, last=Text(terminal_text(outcome.slug)))  # a folder name is not markup

    def finish(self) -> None:
        if self.progress is not None:
            self.progress.stop()


def print_summary(result) -> None:
    """A table of the documents built or failed in this run (failures first), then totals."""
    from rich.table import Table
    from rich.text import Text

    from tei_edition.console import stderr_console

    rows = sorted((o for o in result.outcomes if o.status != "up to date"), key=lambda o: (o.ok, o.slug))
    table = Table(title="tei-edition build", title_justify="left")
    columns: tuple[tuple[str, Literal["left", "right"]], ...] = (
        ("document", "left"),
        ("status", "left"),
        ("formats", "left"),
        ("warnings", "right"),
        ("errors", "right"),
        ("seconds", "right"),
    )
    for name, justify in columns:
        table.add_column(name, justify=justify, overflow="fold")
    for o in rows[:MAX_TABLE_ROWS]:
        warnings = sum(1 for d in o.diagnostics if d.severity.value == "warning")
        errors = sum(1 for d in o.diagnostics if d.is_error)
        formats = ", ".join(k for k in (o.entry.get("outputs") or {}) if k != "report")
        style = None if o.ok else "bold red"
        table.add_row(Text(terminal_text(o.slug)), o.status, formats or "–", str(warnings), str(errors), f"{o.seconds:.2f}", style=style)
    if len(rows) > MAX_TABLE_ROWS:
        table.add_row(f"… and {len(rows) - MAX_TABLE_ROWS} more", "", "", "", "", "")
    stderr_console().print(table)
