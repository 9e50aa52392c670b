"""The only module that talks to the terminal: diagnostics with file:line:col and a caret, progress, tables.

Text of a source, a file name or a message is never written to the terminal as it is: ESC and the other C0/C1
control characters are shown visibly (escape.terminal_text: ESC → ␛), so a source cannot retitle a terminal
(``ESC ]0;…``), colour or erase lines (``ESC [31m``, ``ESC [2K``) or start a line of its own in a CI log. Everything
printed through stderr_console() passes a render hook that does the same to every piece of text rich renders (rich's
own colour codes are not text and stay). Text goes to rich as ``Text(...)``, never as a markup string, so a
``[bold]`` in a source is printed as it is.
"""

from __future__ import annotations

import functools
import re
import sys
from collections.abc import Iterable

from tei_edition.diagnostics import Diagnostic, Severity
from tei_edition.escape import terminal_text, visible_char

WINDOW = 60  # characters shown on either side of a finding in a long line
_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
# What the render hook makes visible: control characters but tab and line feed (rich's own line ends).
_CONTROL_BUT_LINES = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@functools.cache
def stderr_console():
    from rich.console import Console

    # rich honours NO_COLOR and only colours a terminal; highlight=False keeps paths and numbers plain.
    console = Console(stderr=True, highlight=False, soft_wrap=True)
    console.push_render_hook(_visible_controls_hook())
    return console


def _visible_controls(text: str) -> str:
    return _CONTROL_BUT_LINES.sub(lambda m: visible_char(m.group()), text)


def _visible_controls_hook():
    """A rich render hook: every text segment rendered has its control characters made visible."""
    from rich.console import RenderHook

    class VisibleControls(RenderHook):
        def process_renderables(self, renderables):
            return [_Sanitised(r) for r in renderables]

    return VisibleControls()


class _Sanitised:
    def __init__(self, inner):
        self.inner = inner

    def __rich_console__(self, console, options):
        from rich.segment import Segment

        for segment in console.render(self.inner, options):
            if segment.control or not _CONTROL_BUT_LINES.search(segment.text):
                yield segment  # rich's own cursor and screen controls (progress bars) are not text
            else:
                yield Segment(_visible_controls(segment.text), segment.style)


def caret_lines(diagnostic: Diagnostic) -> list[str]:
    """The source line and a caret under the span, as plain strings (tabs kept so the caret lines up).

    Control characters in the line are shown visibly (ESC as ␛, a C1 control as ``\\x9b``); the caret moves by the
    width of what is shown, so it stays under the place it points to. A long line is cut to the part around the
    place before anything else is done with it: the cost is the window's, never the line's."""
    span = diagnostic.span
    if span is None or span.line_text is None:
        return []
    line = span.line_text
    end = len(line)
    while end and line[end - 1] in "\r\n":
        end -= 1
    column = max(span.column - 1, 0)
    width = max(1, min(span.length, max(end - column, 1)))
    if end > WINDOW * 2:  # a long line (a paragraph, a line of XML): show the part around the place
        start = max(0, column - WINDOW)
        stop = min(end, column + width + WINDOW)
        text = ("…" if start else "") + line[start:stop] + ("…" if stop < end else "")
        column = column - start + (1 if start else 0)
        width = min(width, len(text) - column)
    else:
        text = line[:end]
    if terminal_text(text) == text:  # the common case: every character shown as it is
        prefix = "".join("\t" if ch == "\t" else " " for ch in text[:column])
        return [f"  {text}", f"  {prefix}{'^' * max(1, len(text[column : column + width]))}"]
    shown = [ch if ch == "\t" else terminal_text(ch) for ch in text]
    prefix = "".join("\t" if ch == "\t" else " " * len(s) for ch, s in zip(text[:column], shown, strict=False))
    marked = max(1, sum(len(s) for s in shown[column : column + width]))
    return [f"  {''.join(shown)}", f"  {prefix}{'^' * marked}"]


SHOWN_PER_CODE = 5  # on the terminal: the first few findings of each code, then one line with the count of the others


def print_diagnostics(diagnostics: Iterable[Diagnostic], *, limit: int | None = SHOWN_PER_CODE, more: str = "") -> None:
    """Findings on stderr, each with file:line:col, its source line, a caret and its hint.

    The first `limit` of each code are shown (None: all), then one line per code saying how many more there are and
    where they all are (`more`, e.g. "see --report"): a source with thousands of warnings prints a screen, not a
    log. Everything shown goes to rich as one text, printed once: the cost is that of the lines shown, and a finding
    not shown costs a count."""
    from rich.text import Text

    shown: dict[str, int] = {}
    hidden: dict[str, int] = {}  # code -> findings not shown, in the order their codes first overflowed
    out = Text()
    for d in diagnostics:
        seen = shown.get(d.code, 0)
        if limit is not None and seen >= limit:
            hidden[d.code] = hidden.get(d.code, 0) + 1
            continue
        shown[d.code] = seen + 1
        if d.span is not None:
            out.append(f"{terminal_text(str(d.span))}: ", style="bold")
        out.append(f"{d.severity.value} {terminal_text(d.code)}", style=_STYLE[d.severity])
        out.append(f": {terminal_text(d.message, multiline=True)}\n")
        for line in caret_lines(d):
            out.append(line + "\n")
        if d.hint:
            out.append(f"  hint: {terminal_text(d.hint, multiline=True)}\n", style="dim")
    where = f" ({more})" if more else ""
    for code, n in hidden.items():
        out.append(f"… and {n} more {terminal_text(code)}{where}\n", style="dim")
    if out:
        stderr_console().print(out, end="")


def print_error(message: str) -> None:
    from rich.text import Text

    stderr_console().print(Text("error: ", style="bold red") + Text(terminal_text(message, multiline=True)))


def print_info(message: str) -> None:
    from rich.text import Text

    # The tool's own lines (a summary may have two): line ends kept as they are, controls made visible.
    stderr_console().print(Text(terminal_text(message, multiline=True, indent="")))


def is_terminal() -> bool:
    return sys.stderr.isatty()
