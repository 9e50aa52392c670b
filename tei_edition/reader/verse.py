"""Verse by its shape, whatever the profile: lines broken on purpose, not where a wrapped paragraph would break.

A run of lines is verse when it has at least VERSE_MIN_LINES lines (two next to other stanzas), every line is short,
begins with a capital letter (after opening quotes or brackets) and has some words, most of a line's words are not
capitalised (that would be a list of titles), no bracket opens on one line and closes on another (an editorial
remark), few lines end in a number (index and contents entries do), some line
before the last ends without a sentence end (one sentence a line is a list of sentences), and the lines do not fill
a common width as a wrapped paragraph's lines do. Capitals ("CHAPTER II") are headings, never verse.

An indented block (every line indented) is verse unless its lines read as prose (lower-case line starts, or lines
filled to a width): then it is a block quote. The indentation of a verse line is its @rend ("indent(2)").
"""

from __future__ import annotations

import re

VERSE_MIN_LINES = 3  # a block of two short lines is an address or a two-line heading, unless next to stanzas
VERSE_LINE_CHARS = 80  # no verse line is longer
VERSE_MEAN_WORDS = 3.5  # an address or a list of names has fewer words a line
WRAP_MIN_WIDTH = 50  # a paragraph is not wrapped narrower than this
_OPENING = " \t\"'“‘„«»‹(¡¿[—–-_*"
_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*$")
_ENDS_IN_NUMBER = re.compile(r"\d[\d\s,–-]*\.?$")
_INDENT = re.compile(r"indent\((\d{1,4})\)")


def _capital(line: str) -> bool:
    first = line.lstrip(_OPENING)[:1]
    return first.isupper()


def _lower(line: str) -> bool:
    first = line.lstrip(_OPENING)[:1]
    return first.islower()


def _filled(lines: list[str]) -> bool:
    """The lines break where a wrapped paragraph's would: at a width of WRAP_MIN_WIDTH or more, the next line's first
    word would not have fitted on most lines."""
    width = max(map(len, lines))
    if width < WRAP_MIN_WIDTH or len(lines) < 2:
        return False
    forced = sum(len(line) + 1 + len(nxt.split(None, 1)[0]) > width for line, nxt in zip(lines, lines[1:], strict=False) if nxt.strip())
    return forced >= 0.75 * (len(lines) - 1)


def verse_lines(lines: list[str], min_lines: int = VERSE_MIN_LINES) -> bool:
    """Whether these lines (indentation ignored) have the shape of verse (the module's docstring)."""
    if len(lines) < min_lines:
        return False
    stripped = [line.strip() for line in lines]
    if any(not s or len(s) > VERSE_LINE_CHARS or not _capital(s) for s in stripped):
        return False
    words = [s.split() for s in stripped]
    if sum(map(len, words)) < VERSE_MEAN_WORDS * len(lines):
        return False
    later = [w for ws in words for w in ws[1:] if w[:1].isalpha()]
    if later and sum(w[0].isupper() for w in later) >= 0.5 * len(later):
        return False  # titles, names, capitals
    if sum(bool(_ENDS_IN_NUMBER.search(s)) for s in stripped) * 2 >= len(lines):
        return False  # index or contents entries end in page numbers
    if all(_SENTENCE_END.search(s) for s in stripped[:-1]):
        return False
    if any(s.count("[") != s.count("]") for s in stripped):
        return False  # a bracket over several lines ("[Music: …\n…]"): an editorial remark, read inline
    return not _filled(stripped)


def prose_lines(lines: list[str]) -> bool:
    """Lines of a wrapped paragraph: a third of the lines after the first begin in lower case, or they fill a width."""
    stripped = [line.strip() for line in lines]
    later = stripped[1:]
    return bool(later) and (sum(map(_lower, later)) * 3 >= len(later) or _filled(stripped))


NBSP = "\u00a0"


def indentation(line: str) -> str:
    """The line's indentation: its leading spaces, or its leading no-break spaces (a web copy's indent); never a mix."""
    spaces = len(line) - len(line.lstrip(" "))
    if spaces:
        return line[:spaces]
    return line[: len(line) - len(line.lstrip(NBSP))]


def indent_rend(indent: str) -> str:
    """@rend of a verse line so indented: "indent(2)", "indent(2) nbsp" when no-break spaces made it."""
    return f"indent({len(indent)})" + (" nbsp" if indent.startswith(NBSP) else "")


def rend_indent(rend: str | None) -> str:
    """The indentation an l's @rend records ("" when none), as the characters that made it."""
    m = _INDENT.search(rend or "")
    if not m:
        return ""
    return (NBSP if " nbsp" in (rend or "") else " ") * int(m.group(1))


def line_run_ends(lines: list[str]) -> list[tuple[int, int]]:
    """In a sequence of lines each standing alone (a text whose lines are its paragraphs): the runs [i, j) of verse
    lines among prose, each checked whole by verse_lines."""
    runs = []
    i = 0
    n = len(lines)
    while i < n:
        if not _candidate(lines[i]):
            i += 1
            continue
        j = i
        while j < n and _candidate(lines[j]):
            j += 1
        if verse_lines(lines[i:j]):
            runs.append((i, j))
        i = j
    return runs


def _candidate(line: str) -> bool:
    s = line.strip()
    return bool(s) and "\n" not in s and len(s) <= VERSE_LINE_CHARS and _capital(s)
