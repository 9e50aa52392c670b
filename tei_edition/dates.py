"""Julian/Gregorian arithmetic and the parsing of dual dates such as "APRIL 25 (MAY 8)" or "May 10 (April 27), 1917"."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

MONTHS = {
    m: i + 1
    for i, m in enumerate(
        ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"]
    )
}
MONTH_NAME = "(?:" + "|".join(m.capitalize() for m in MONTHS) + ")"
# A day or a day range; the space between month and day may be U+00A0 (kept as printed).
_PART = rf"(?P<{{n}}month>{MONTH_NAME})[ \u00a0](?P<{{n}}d1>\d{{{{1,2}}}})(?:[–-](?P<{{n}}d2>\d{{{{1,2}}}}))?"
DUAL_DATE = re.compile(
    _PART.format(n="a") + r"[ \n]\(" + _PART.format(n="b") + r"\)(?P<year>,[ \u00a0](?P<y>\d{4}))?",
    re.IGNORECASE,
)


def julian_to_gregorian(year: int, month: int, day: int) -> dt.date:
    """Julian calendar date (proleptic, any month length up to 29 Feb) to Gregorian."""
    # Julian day number of a Julian calendar date, then to Gregorian via the ordinal.
    a = (14 - month) // 12
    y = year + 4800 - a
    m = month + 12 * a - 3
    jdn = day + (153 * m + 2) // 5 + 365 * y + y // 4 - 32083
    return dt.date.fromordinal(jdn - 1721425)


@dataclasses.dataclass(frozen=True)
class DatePart:
    """One member of a dual date: its text span (relative to the match) and its calendar."""

    start: int
    end: int
    calendar: str  # "julian" or "gregorian"
    gregorian: tuple[str, str | None]  # ISO Gregorian when (or from, to)
    custom: tuple[str, str | None] | None  # ISO Julian, for the Julian member


@dataclasses.dataclass(frozen=True)
class DualDate:
    start: int
    end: int  # end of the dual expression, including ", 1917" when present
    parts: tuple[DatePart, DatePart]
    gregorian: tuple[str, str | None]  # normalised value of the whole expression
    has_year: bool


def _dates(month: str, d1: str, d2: str | None, year: int) -> list[dt.date] | None:
    try:
        first = dt.date(year, MONTHS[month.lower()], int(d1))
        return [first] + ([dt.date(year, first.month, int(d2))] if d2 else [])
    except ValueError:
        return None


def _shift(dates: list[dt.date]) -> list[dt.date] | None:
    try:
        return [julian_to_gregorian(d.year, d.month, d.day) for d in dates]
    except (ValueError, OverflowError):
        return None


# (the second member may begin the next line of the block: "APRIL 24–29\n(MAY 7–12), 1917")
DUAL_DATE_HEAD = re.compile(rf"(?i:{MONTH_NAME})[ \u00a0]\d{{1,2}}(?:[–-]\d{{1,2}})?[ \n]$")


def find_dual_dates(text: str, year: int | None) -> list[DualDate]:
    """Dual dates in text. Which member is Julian is decided by the calendar offset, never by the order.

    The year comes from the expression itself (", 1917") or from the caller (the document's year); without a
    year there is nothing to compute and nothing is returned.
    """
    found = []
    for m in DUAL_DATE.finditer(text):
        y = int(m.group("y")) if m.group("y") else year
        if y is None:
            continue
        a = _dates(m.group("amonth"), m.group("ad1"), m.group("ad2"), y)
        b = _dates(m.group("bmonth"), m.group("bd1"), m.group("bd2"), y)
        if not a or not b or len(a) != len(b):
            continue
        julian_first = _shift(a) == b
        julian_second = _shift(b) == a
        if not (julian_first or julian_second):
            continue
        jul, greg = (a, b) if julian_first else (b, a)
        iso_g = (greg[0].isoformat(), greg[1].isoformat() if len(greg) > 1 else None)
        iso_j = (jul[0].isoformat(), jul[1].isoformat() if len(jul) > 1 else None)
        spans = [
            (m.start("amonth"), m.end("ad2") if m.group("ad2") else m.end("ad1")),
            (m.start("bmonth"), m.end("bd2") if m.group("bd2") else m.end("bd1")),
        ]
        cal = ["julian", "gregorian"] if julian_first else ["gregorian", "julian"]
        first, second = (
            DatePart(s - m.start(), e - m.start(), c, iso_g, iso_j if c == "julian" else None) for (s, e), c in zip(spans, cal, strict=True)
        )
        parts = (first, second)
        found.append(DualDate(m.start(), m.end(), parts, iso_g, bool(m.group("year"))))
    return found


YEAR = re.compile(r"\b(1[5-9]\d\d|20\d\d)\b")


def first_year(text: str) -> int | None:
    m = YEAR.search(text)
    return int(m.group()) if m else None
