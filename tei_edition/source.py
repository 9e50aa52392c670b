"""SourceText: a decoded plain-text source that maps character offsets back to 1-based line and column."""

from __future__ import annotations

import bisect
import dataclasses
import itertools
import re

from tei_edition import codes
from tei_edition.diagnostics import Diagnostic, Span, error, warning
from tei_edition.errors import InputError

# Characters XML 1.0 cannot hold (C0 controls but tab/LF/CR, surrogates, U+FFFE/U+FFFF).
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclasses.dataclass
class TextFile:
    """Facts about the file's bytes that the TEI records so the source can be rebuilt exactly."""

    bom: bool = False
    line_end: str = "LF"  # "LF" or "CRLF"
    final_newline: bool = True


@dataclasses.dataclass
class SourceText:
    path: str
    text: str  # with line ends normalised to "\n", BOM removed, XML-illegal characters removed
    file: TextFile
    diagnostics: list[Diagnostic]
    _line_starts: list[int] | None = dataclasses.field(default=None, repr=False)
    _scanned: int = dataclasses.field(default=0, repr=False)
    # The text of each line a span was asked for, made once: the spans of one line share it (a one-line source with
    # thousands of findings holds its line once, not once per finding).
    _line_texts: dict[int, str] = dataclasses.field(default_factory=dict, repr=False)

    @property
    def _starts(self) -> list[int]:
        """Offsets where lines start: made once lookups have counted through as much as the whole text."""
        if self._line_starts is None:
            # 0, then one past each line end: the running sum of the line lengths plus one (all in C)
            self._line_starts = list(itertools.accumulate(map((1).__add__, map(len, self.text.split("\n"))), initial=0))[:-1]
        return self._line_starts

    def line_col(self, offset: int) -> tuple[int, int]:
        if self._line_starts is None and self._scanned + offset <= len(self.text):
            # a few lookups: counting line ends is cheaper than the table, until they have read the text once
            self._scanned += offset
            return self.text.count("\n", 0, offset) + 1, offset - (self.text.rfind("\n", 0, offset) + 1) + 1
        starts = self._starts
        index = bisect.bisect_right(starts, offset) - 1
        return index + 1, offset - starts[index] + 1

    def span(self, start: int, end: int | None = None) -> Span:
        line, column = self.line_col(start)
        length = max(1, (end if end is not None else start + 1) - start)
        text = self._line_texts.get(line)
        if text is None:
            line_start = start - column + 1
            if self._line_starts is not None:  # the table says where the line ends: no search along a long line
                line_end = self._line_starts[line] - 1 if line < len(self._line_starts) else len(self.text)
            else:
                line_end = self.text.find("\n", line_start)
                line_end = len(self.text) if line_end < 0 else line_end
            text = self._line_texts[line] = self.text[line_start:line_end]
        return Span(self.path, line, column, length, text)


def decode_source(data: bytes, path: str) -> SourceText:
    """Decode UTF-8 (BOM and CRLF accepted and recorded); refuse empty or non-UTF-8 input with the byte's place."""
    if not data.strip(b" \t\r\n\xef\xbb\xbf"):
        what = "is empty" if not data else "holds only white space"
        raise InputError(f"{path}: {what}", [error(codes.SOURCE_EMPTY, f"the source {what}; nothing to convert", Span(path, 1, 1))])
    bom = data.startswith(b"\xef\xbb\xbf")
    if bom:
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8", [_decode_error(data, exc, path)]) from None
    diagnostics: list[Diagnostic] = []
    if bom:
        diagnostics.append(
            warning(codes.BOM, "UTF-8 byte-order mark accepted (recorded in the header; the TEI is written without one)", Span(path, 1, 1))
        )
    line_end = "LF"
    replaced = "\n".join(text.split("\r\n")) if "\r" in text else text  # (split and join: faster than replace)
    crlf = len(text) - len(replaced)
    if crlf:
        line_end = "CRLF"
        lf = text.count("\n")
        if crlf != lf:
            # name the first line whose end will not come back as it was (a bare LF among CRLFs)
            at = next(i for i, ch in enumerate(text) if ch == "\n" and (i == 0 or text[i - 1] != "\r"))
            line = text.count("\n", 0, at) + 1
            line_start = text.rfind("\n", 0, at) + 1
            span = Span(path, line, at - line_start + 1, 1, text[line_start:at].rstrip("\r"))
            diagnostics.append(
                warning(
                    codes.MIXED_LINE_ENDS,
                    f"mixed line ends: {crlf} CRLF and {lf - crlf} LF; all are read as line ends and "
                    "rebuilt as CRLF (the first LF alone is here)",
                    span,
                )
            )
        text = replaced
    source = SourceText(path, text, TextFile(bom, line_end, text.endswith("\n")), diagnostics)
    if _may_hold_illegal(data, text):
        _report_illegal(source)
    return source


def _decode_error(data: bytes, exc: UnicodeDecodeError, path: str) -> Diagnostic:
    before = data[: exc.start]
    line = before.count(b"\n") + 1
    line_start = before.rfind(b"\n") + 1
    column = len(data[line_start : exc.start].decode("utf-8", "replace")) + 1
    line_end = data.find(b"\n", exc.start)
    line_text = data[line_start : None if line_end < 0 else line_end].decode("utf-8", "replace")
    byte = data[exc.start]
    return error(
        codes.NOT_UTF8,
        f"not UTF-8: byte 0x{byte:02X} at byte offset {exc.start} cannot be decoded ({exc.reason})",
        Span(path, line, column, 1, line_text),
        hint="save the file as UTF-8 (e.g. `iconv -f WINDOWS-1252 -t UTF-8`)",
    )


_C0_BYTES = bytes(c for c in range(32) if c not in (9, 10, 13))


def _may_hold_illegal(data: bytes, text: str) -> bool:
    """Quick tests (C-speed passes, unlike the regex) before looking for illegal characters one by one: C0 controls
    in the bytes; U+FFFE/U+FFFF in the text (found at once in a text of one-byte characters, which cannot hold them)."""
    return len(data.translate(None, _C0_BYTES)) != len(data) or "\ufffe" in text or "\uffff" in text


def _report_illegal(source: SourceText) -> None:
    """XML cannot hold C0 control characters: remove them, and name each one with its place (never silently)."""
    found = list(XML_ILLEGAL.finditer(source.text))
    if not found:
        return
    for m in found[:50]:
        source.diagnostics.append(
            warning(
                codes.CONTROL_CHARACTER,
                f"control character U+{ord(m.group()):04X} cannot be stored in XML and was removed",
                source.span(m.start()),
            )
        )
    if len(found) > 50:
        source.diagnostics.append(warning(codes.CONTROL_CHARACTER, f"{len(found) - 50} more control characters removed"))
    source.text = XML_ILLEGAL.sub("", source.text)
    source._line_starts = None
    source._line_texts.clear()
