"""The exporters: one contract and one registry, the only place that lists the export formats.

An exporter is an `Exporter`: a name, a one-line description (the `export --help` line), the options it takes, the
media type and file extension of what it writes, and a function `(tree, name, options) -> (bytes, diagnostics)`.
`EXPORTERS` maps each format name to its exporter; `tei-edition export FORMAT` (commands/export.py), `build`
(build.FORMATS, build.OUTPUTS) and the library all read it. Nothing heavy is imported here: an exporter's module is
imported when it runs (pdf pulls in WeasyPrint), its command's module when the command is used.
"""

from __future__ import annotations

import dataclasses
import importlib
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from tei_edition.errors import TeiEditionError

if TYPE_CHECKING:
    from tei_edition.diagnostics import Diagnostic

__all__ = ["EXPORTERS", "Exporter", "Option", "exporter", "get"]


@dataclasses.dataclass(frozen=True)
class Option:
    """An option an exporter takes: its keyword, default, and how the CLI spells and explains it."""

    name: str  # the key in the options mapping (and the click parameter name)
    default: Any
    flag: str  # the CLI spelling, e.g. "--paper" or "--tagged/--untagged"
    help: str | None = None
    choices: tuple[str, ...] | None = None  # the values it accepts (None: any string)
    metavar: str | None = None
    show_default: bool = True

    def check(self, value: Any, exporter: str) -> None:
        if self.choices is not None and value not in self.choices:
            raise TeiEditionError(f"{exporter} export: unknown {self.name} {value!r}; choose one of {', '.join(self.choices)}")


ExportFunction = Callable[[Any, str, Mapping[str, Any]], "tuple[bytes, list[Diagnostic]]"]


@dataclasses.dataclass(frozen=True)
class Exporter:
    """One export format. `export(tree, name, options)` -> (bytes, diagnostics), with the defaults filled in."""

    name: str
    description: str  # one line, shown by `tei-edition export --help`
    options: tuple[Option, ...]
    media_type: str
    extension: str  # without the dot
    function: str  # "module:function" taking (tree, name, options) and returning (bytes, list of diagnostics)
    command: str  # "module:attribute" of its `tei-edition export NAME` click command
    library: str  # "module:function": the format's own Python API (export_html, export_pdf, export_text)

    def option(self, name: str) -> Option:
        return next(o for o in self.options if o.name == name)

    def resolve(self, options: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Every option of this exporter: the defaults, overridden by `options` (ValueError for one it does not take)."""
        given = dict(options or {})
        unknown = set(given) - {o.name for o in self.options}
        if unknown:
            raise ValueError(f"the {self.name} exporter takes no option {', '.join(sorted(unknown))}")
        resolved = {o.name: given.get(o.name, o.default) for o in self.options}
        for o in self.options:
            o.check(resolved[o.name], self.name)
        return resolved

    def pick(self, settings: Mapping[str, Any]) -> dict[str, Any]:
        """The settings this exporter takes, from a mapping that may hold others' (build passes one for all)."""
        return {k: v for k, v in settings.items() if any(o.name == k for o in self.options)}

    def export(self, tree, name: str = "<input>", options: Mapping[str, Any] | None = None) -> tuple[bytes, list[Diagnostic]]:
        data, diagnostics = _load(self.function)(tree, name, self.resolve(options))
        return data, list(diagnostics)


def _load(target: str):
    module, attribute = target.split(":")
    return getattr(importlib.import_module(module), attribute)


# ---- the contract's functions: each format's own API called one way ------------------------------------------


def _html(tree, name: str, options: Mapping[str, Any]) -> tuple[bytes, list[Diagnostic]]:
    from tei_edition.export.html import export_html

    html, diagnostics = export_html(tree, tei_href=options["tei_href"], name=name)
    return html.encode("utf-8"), diagnostics


def _pdf(tree, name: str, options: Mapping[str, Any]) -> tuple[bytes, list[Diagnostic]]:
    from tei_edition.export.pdf import export_pdf

    return export_pdf(tree, paper=options["paper"], name=name, tagged=options["tagged"])


def _text(tree, name: str, options: Mapping[str, Any]) -> tuple[bytes, list[Diagnostic]]:
    from tei_edition.export.text import export_text

    return export_text(tree, options["form"]), []


# The registry, in the order a build makes the formats (build.FORMATS is "tei" and then these).
EXPORTERS: dict[str, Exporter] = {
    e.name: e
    for e in (
        Exporter(
            name="html",
            description="A self-contained HTML reading edition.",
            options=(
                Option(
                    "tei_href",
                    None,
                    "--tei-href",
                    metavar="URL",
                    show_default=False,
                    help="Link to the TEI file shown in the page (default: the input, relative to the output).",
                ),
            ),
            media_type="text/html",
            extension="html",
            function="tei_edition.export:_html",
            command="tei_edition.commands.export_html:command",
            library="tei_edition.export.html:export_html",
        ),
        Exporter(
            name="pdf",
            description="A printed edition (PDF) with footnotes.",
            options=(
                Option("paper", "a4", "--paper", choices=("a4", "letter"), help="Paper size."),
                Option(
                    "tagged", True, "--tagged/--untagged", help="Tagged PDF (PDF/UA-1) for screen readers and reflow; --untagged is faster."
                ),
            ),
            media_type="application/pdf",
            extension="pdf",
            function="tei_edition.export:_pdf",
            command="tei_edition.commands.export_pdf:command",
            library="tei_edition.export.pdf:export_pdf",
        ),
        Exporter(
            name="text",
            description="Plain text: the source back, or a reading text.",
            options=(Option("form", "reading", "--form", choices=("source", "reading")),),
            media_type="text/plain; charset=utf-8",
            extension="txt",
            function="tei_edition.export:_text",
            command="tei_edition.commands.export_text:command",
            library="tei_edition.export.text:export_text",
        ),
    )
}


def get(name: str) -> Exporter:
    """The exporter registered under a format name (KeyError for an unknown one)."""
    return EXPORTERS[name]


def exporter(name: str):
    """The format's own library function (export_html, export_pdf, export_text), imported on first use."""
    return _load(EXPORTERS[name].library)
