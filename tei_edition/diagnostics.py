"""Diagnostic: what every stage reports (instead of printing), with a stable code and a source span."""

from __future__ import annotations

import dataclasses
import enum
import os

from tei_edition.codes import REGISTRY


class Severity(str, enum.Enum):  # noqa: UP042 (StrEnum would change str() of a member, which reports may use)
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclasses.dataclass(frozen=True)
class Span:
    """A place in a file: 1-based line and column (column counts characters), and the length in characters."""

    path: str
    line: int
    column: int
    length: int = 1
    line_text: str | None = None  # the whole source line, for a caret display

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


@dataclasses.dataclass(frozen=True)
class Diagnostic:
    severity: Severity
    code: str  # stable, e.g. "E101", "W111" (registered in tei_edition/codes.py): tests assert codes, not wording
    message: str
    span: Span | None = None
    hint: str | None = None

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def to_dict(self) -> dict:
        d: dict[str, object] = {"severity": self.severity.value, "code": self.code, "message": self.message}
        if self.span is not None:
            d.update(file=self.span.path, line=self.span.line, column=self.span.column)
        if self.hint:
            d["hint"] = self.hint
        return d

    def __str__(self) -> str:
        where = f"{self.span}: " if self.span else ""
        return f"{where}{self.severity.value} {self.code}: {self.message}"


# Set by tests/conftest.py: a code that is not in tei_edition/codes.py, or used with another severity, raises. Users
# never see that: without the variable the diagnostic is made as asked. (Read only when the lookup fails.)
CHECK_CODES = "TEI_EDITION_CHECK_CODES"


class UnregisteredCode(AssertionError):
    """A diagnostic with a code the registry does not have, or with another severity than the registry's (a bug)."""


def _make(severity: Severity, code: str, message: str, span: Span | None, hint: str | None) -> Diagnostic:
    entry = REGISTRY.get(code)
    if entry is None or entry.severity != severity.value:
        if os.environ.get(CHECK_CODES) == "1":
            raise UnregisteredCode(
                f"{code} is not registered in tei_edition/codes.py"
                if entry is None
                else f"{code} is registered as {entry.severity}, but {severity.value}() was called with it"
            )
    elif hint is None:
        hint = entry.hint
    return Diagnostic(severity, code, message, span, hint)


def error(code: str, message: str, span: Span | None = None, hint: str | None = None) -> Diagnostic:
    return _make(Severity.ERROR, code, message, span, hint)


def warning(code: str, message: str, span: Span | None = None, hint: str | None = None) -> Diagnostic:
    return _make(Severity.WARNING, code, message, span, hint)


def info(code: str, message: str, span: Span | None = None, hint: str | None = None) -> Diagnostic:
    return _make(Severity.INFO, code, message, span, hint)
