"""Exception types and the exit codes every command maps them to, in one place."""

from __future__ import annotations

import enum


class ExitStatus(enum.IntEnum):
    OK = 0
    FINDINGS = 1  # findings, invalid or unreadable input
    USAGE = 2  # wrong options or arguments (click's own code)


class TeiEditionError(Exception):
    """An error a user can act on: carries diagnostics, never shown as a traceback."""

    def __init__(self, message: str, diagnostics=None, status: ExitStatus = ExitStatus.FINDINGS):
        super().__init__(message)
        self.message = message
        self.diagnostics = list(diagnostics or [])
        self.status = status


class InputError(TeiEditionError):
    """The input cannot be read or converted (missing file, not UTF-8, empty, ...)."""


class ValidationFailed(TeiEditionError):
    """A document is not valid; the diagnostics say where and why."""
