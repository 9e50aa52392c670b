"""Diagnostic: what every stage reports (instead of printing), with a stable code and a source span."""

from __future__ import annotations

import dataclasses
import enum


class Severity(str, enum.Enum):
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
    code: str  # stable, e.g. "E101", "W201": tests assert codes, not wording
    message: str
    span: Span | None = None
    hint: str | None = None

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def to_dict(self) -> dict:
        d = {"severity": self.severity.value, "code": self.code, "message": self.message}
        if self.span is not None:
            d.update(file=self.span.path, line=self.span.line, column=self.span.column)
        if self.hint:
            d["hint"] = self.hint
        return d

    def __str__(self) -> str:
        where = f"{self.span}: " if self.span else ""
        return f"{where}{self.severity.value} {self.code}: {self.message}"


def error(code: str, message: str, span: Span | None = None, hint: str | None = None) -> Diagnostic:
    return Diagnostic(Severity.ERROR, code, message, span, hint)


def warning(code: str, message: str, span: Span | None = None, hint: str | None = None) -> Diagnostic:
    return Diagnostic(Severity.WARNING, code, message, span, hint)


def info(code: str, message: str, span: Span | None = None, hint: str | None = None) -> Diagnostic:
    return Diagnostic(Severity.INFO, code, message, span, hint)
