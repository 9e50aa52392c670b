"""The only module that talks to the terminal: diagnostics with file:line:col and a caret, progress, tables."""

from __future__ import annotations

import functools
import sys
from typing import Iterable

from tei_edition.diagnostics import Diagnostic, Severity

WINDOW = 60  # characters shown on either side of a finding in a long line
_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


@functools.lru_cache(maxsize=None)
def stderr_console():
    from rich.console import Console

    # rich honours NO_COLOR and only colours a terminal; highlight=False keeps paths and numbers plain.
    return Console(stderr=True, highlight=False, soft_wrap=True)


def caret_lines(diagnostic: Diagnostic) -> list[str]:
    """The source line and a caret under the span, as plain strings (tabs kept so the caret lines up)."""
    span = diagnostic.span
    if span is None or span.line_text is None:
        return []
    text = span.line_text.rstrip("\r\n")
    column = max(span.column - 1, 0)
    width = max(1, min(span.length, max(len(text) - column, 1)))
    if len(text) > WINDOW * 2:  # a long line (a paragraph, a line of XML): show the part around the place
        start = max(0, column - WINDOW)
        end = min(len(text), column + width + WINDOW)
        text = ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")
        column = column - start + (1 if start else 0)
        width = min(width, len(text) - column)
    prefix = "".join(ch if ch == "\t" else " " for ch in text[:column])
    return [f"  {text}", f"  {prefix}{'^' * width}"]


def print_diagnostics(diagnostics: Iterable[Diagnostic]) -> None:
    from rich.text import Text

    console = stderr_console()
    for d in diagnostics:
        head = Text()
        if d.span is not None:
            head.append(f"{d.span}: ", style="bold")
        head.append(f"{d.severity.value} {d.code}", style=_STYLE[d.severity])
        head.append(f": {d.message}")
        console.print(head)
        for line in caret_lines(d):
            console.print(Text(line))
        if d.hint:
            console.print(Text(f"  hint: {d.hint}", style="dim"))


def print_error(message: str) -> None:
    from rich.text import Text

    stderr_console().print(Text("error: ", style="bold red") + Text(message))


def print_info(message: str) -> None:
    from rich.text import Text

    stderr_console().print(Text(message))


def is_terminal() -> bool:
    return sys.stderr.isatty()
