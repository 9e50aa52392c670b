"""The command line: a thin click group whose commands are imported only when they run (fast --help)."""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import os
import sys
from typing import NoReturn

import click

from tei_edition import __version__
from tei_edition.errors import ExitStatus, TeiEditionError

# name -> "module:attribute". A command's module (and what it imports) loads only when that command runs,
# so `tei-edition --help` never imports xmlschema or WeasyPrint.
COMMANDS = {
    "convert": ("tei_edition.commands.convert:command", "Convert a plain-text source into TEI."),
    "validate": ("tei_edition.commands.validate:command", "Validate TEI files (schema, RELAX NG, project rules)."),
    "export": ("tei_edition.commands.export:command", "Export TEI as text, HTML or PDF."),
    "build": ("tei_edition.commands.build:command", "Build a whole corpus: TEI, HTML, PDF, text, index."),
    "package": ("tei_edition.commands.package:command", "Package documents as BagIt bags for archives."),
}


class LazyGroup(click.Group):
    """A group that imports a subcommand's module on first use; short help comes from a table."""

    def __init__(self, *args, lazy: dict[str, tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.lazy = lazy

    def list_commands(self, ctx):
        return sorted(set(super().list_commands(ctx)) | set(self.lazy))

    def get_command(self, ctx, name):
        if name in self.commands:
            return self.commands[name]
        if name not in self.lazy:
            return None
        module_name, attribute = self.lazy[name][0].split(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name and exc.name.startswith("tei_edition"):
                return None  # a command not built yet is simply not offered
            raise
        command = getattr(module, attribute)
        self.commands[name] = command
        return command

    def format_commands(self, ctx, formatter):
        rows = [(name, self.lazy[name][1]) for name in sorted(self.lazy) if self._exists(name)]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

    def _exists(self, name: str) -> bool:
        module_name = self.lazy[name][0].split(":")[0]
        return importlib.util.find_spec(module_name) is not None


class RootGroup(LazyGroup):
    """The top group: maps every error to a stable exit code in one place, for the console script and CliRunner alike."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        run_with_exit_codes(
            lambda: super(RootGroup, self).main(
                args=args, prog_name=prog_name or "tei-edition", complete_var=complete_var, standalone_mode=False, **extra
            )
        )


@click.group(
    cls=RootGroup,
    lazy=COMMANDS,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    epilog="""\b
Examples:
  tei-edition convert corpus/000-*/source.txt -o edition.xml
  tei-edition validate corpus/
  tei-edition export text edition.xml --form reading
\b
Exit codes: 0 ok, 1 findings or bad input, 2 usage.""",
)
@click.version_option(__version__, "-V", "--version", prog_name="tei-edition")
def cli():
    """tei-edition: plain-text sources to expert TEI P5 editions, validated and exported."""


def main(argv=None) -> None:
    """Entry point of the console script."""
    cli.main(args=argv)


def _exit_interrupted() -> NoReturn:
    """Exit 130 at once after Ctrl-C. Every `finally` has run by now (temporary files are gone); what is left is the
    interpreter's shutdown, where Python 3.11 joins the process pool's manager thread, which can wait forever for
    workers that the interrupted build has just stopped."""
    with contextlib.suppress(Exception):
        sys.stdout.flush()
    with contextlib.suppress(Exception):
        sys.stderr.flush()
    os._exit(130)


def run_with_exit_codes(run) -> None:
    """Run the CLI and map every error to a stable exit code, never a traceback."""
    try:
        rv = run()
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        _exit_interrupted()
    except click.ClickException as exc:
        exc.show()
        sys.exit(ExitStatus.USAGE if isinstance(exc, click.UsageError) else exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except TeiEditionError as exc:
        report_error(exc)
        sys.exit(int(exc.status))
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        _exit_interrupted()
    except BrokenPipeError:
        sys.exit(ExitStatus.FINDINGS)
    except Exception as exc:  # noqa: BLE001 - the last line of defence: no traceback for users
        if os.environ.get("TEI_EDITION_DEBUG"):
            raise
        click.echo(
            f"internal error: {type(exc).__name__}: {exc}\n"
            "This is a bug in tei-edition; run again with TEI_EDITION_DEBUG=1 for the traceback.",
            err=True,
        )
        sys.exit(ExitStatus.FINDINGS)
    sys.exit(int(rv or 0))


def report_error(exc: TeiEditionError) -> None:
    from tei_edition import console

    if exc.diagnostics:
        console.print_diagnostics(exc.diagnostics)
    if exc.message and not any(d.is_error for d in exc.diagnostics):
        console.print_error(exc.message)
