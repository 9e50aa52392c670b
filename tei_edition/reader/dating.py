"""Dates in the text, normalised (TEI P5 3.6.4 and 13.4): single dates, ranges and dual (Julian/Gregorian) dates in
the forms these sources print, in every language whose month names the profile's [conventions] `month_names` lists.

The forms (D: a day with its ordinal mark, "7", "7th", "1er", "15."; M: a month name or its abbreviation; Y: a year,
perhaps with "г."):

    D M Y, D–D M Y, M D, Y, M D–D, Y, M Y      "24 February 1869", "7 June, 1883", "13 декабря 1844 г.",
                                                "MARCH 6-8, 1918", "October 5th, 1864", "May 10th. 1781"
    D (D) M Y, D M (D M) Y                       "26 (14) октября 1849 г.", "1st (12th) March, 1765", "15. (2.) Dezember 1917"
    M D (D), Y, M D (M D), Y, M D–D (M D–D)      "May 8 (21), 1917", "April 27 (May 10), 1917", "APRIL 24–29 (MAY 7–12)"

A dual date's second member may begin the next line of its block ("APRIL 24–29\n(MAY 7–12), 1917": one date,
the line end an lb inside it). A dual date's Julian member is the one that the calendar offset of its century turns into the other (10 days before
1700, 11 in the 1700s, 12 in the 1800s, 13 from 1900 to 1918), never its place. A single date is Gregorian unless
the document is in the Old Style: the metadata says so (`[document] calendar = "julian"`), or the document's own dual
dates put the Julian member first (the convention of Russian editions: "April 25 (May 8)"); then a single date
before the Gregorian reform of 1918 (Julian 1 February 1918) is Julian, written with its Gregorian @when and its
Julian @when-custom. The encoding of a dual date is the one of encoding.md §7 (tei_edition/reader/inline.py,
date_node): an outer date with the Gregorian value around a date per calendar.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re

from tei_edition.dates import DatePart, DualDate, julian_to_gregorian

# The last day of the Julian calendar in Russia: 31 January 1918 (O.S.) was followed by 14 February 1918 (N.S.).
JULIAN_UNTIL = dt.date(1918, 1, 31)
# Dual dates looked for in the text's first characters to learn its convention (a bound on the cost for big texts).
CONVENTION_WINDOW = 262_144
_SPACE = r"[ \u00a0]"
# before a dual date's bracket: a space, none, or the block's line end ("APRIL 24–29\n(MAY 7–12), 1917")
_BEFORE_BRACKET = r"(?:[ \u00a0]|\n)?"
_ORDINAL = r"(?:(?i:st|nd|rd|th|er|e)|\.)?"  # ("7th", "28TH" of a date line in capitals, "1er", "15.")
_WORD_BEFORE = re.compile(r"([^\W\d_]+\.?),?[ \u00a0]+$")
_WORD_AFTER = re.compile(
    r"\d{1,4}(?:(?i:st|nd|rd|th|er|e)|\.)?(?:[–-]\d{1,2}\S{0,3})?[ \u00a0\n]*(?:\([^()\n]{0,24}\)[ \u00a0]*)?([^\W\d_]+\.?)"
)


@dataclasses.dataclass(frozen=True, slots=True)
class SingleDate:
    """A date, or a range of days, in one calendar; start/end are offsets in the text it was found in."""

    start: int
    end: int
    first: dt.date
    last: dt.date | None  # the range's last day, None for one day
    month_only: bool = False  # "May, 1883": a month of a year (@when="1883-05")


class Dating:
    """The date patterns of one profile's month names (and its words qualifying a conjectured date), compiled once
    (Profile.structure.dating)."""

    def __init__(self, month_names: dict[str, list[str]], qualifiers: dict[str, dict[str, list[str]]] | None = None):
        self.months: dict[str, int] = {}
        for names in month_names.values():
            for number, forms in enumerate(names[:12], start=1):
                for form in str(forms).split("|"):
                    if form.strip():
                        self.months.setdefault(form.strip().casefold(), number)
        alternatives = "|".join(re.escape(m) for m in sorted(self.months, key=len, reverse=True)) or "(?!)"
        month = rf"(?i:{alternatives})(?!\w)"

        def day(name: str) -> str:  # group `name`: the number; `name`+"o": with its ordinal mark (a member's text)
            return rf"(?<![\d.])(?P<{name}o>(?P<{name}>\d{{1,2}})(?!\d){_ORDINAL})"

        def days(name: str) -> str:
            return rf"{day(name)}(?:[–-]{day(name + 'x')})?"

        def year(form: str) -> str:
            return rf"(?P<{form}y>\d{{4}})(?!\d)(?:{_SPACE}?(?:г\.|года))?"

        day_first = (
            rf"{days('Aa')}(?:{_BEFORE_BRACKET}\({days('Ab')}\))?{_SPACE}+(?P<Am>{month})"
            rf"(?:{_BEFORE_BRACKET}\({days('Ac')}{_SPACE}+(?P<An>{month})\))?,?{_SPACE}+{year('A')}"
        )
        month_first = (
            rf"(?<!\w)(?P<Bm>{month}){_SPACE}+{days('Ba')}"
            rf"(?:{_BEFORE_BRACKET}\((?:(?P<Bn>{month}){_SPACE}+)?{days('Bb')}\))?(?:[.,]?{_SPACE}+{year('B')})?"
        )
        month_year = rf"(?<!\w)(?P<Cm>{month}),?{_SPACE}+{year('C')}"
        self.pattern = re.compile(rf"{day_first}|{month_first}|{month_year}")
        self._conjecture_patterns(month, qualifiers or {})

    def _conjecture_patterns(self, month: str, qualifiers: dict[str, dict[str, list[str]]]) -> None:
        """One term of a conjectured date ("end of 1877", "about 20 August 1859", "Not before 12 May 1870", "early
        June 1851", "c. 1865"): perhaps a qualifier and an article, then a day, month and year, a month and year, or
        a year (the year may be left to the range's other term); and the marks between a range's two terms."""
        words: dict[str, list[str]] = {kind: [] for kind in QUALIFIER_KINDS}
        articles: list[str] = []
        ranges: list[str] = []
        for table in qualifiers.values():
            for kind in QUALIFIER_KINDS:
                words[kind] += [str(w) for w in table.get(kind, [])]
            articles += [str(w) for w in table.get("articles", [])]
            ranges += [str(w) for w in table.get("range", [])]
        self.bound_words = {
            kind: tuple(sorted({w.casefold() for w in words[kind]}, key=len, reverse=True)) for kind in ("not_before", "not_after", "about")
        }

        def alternation(forms: list[str]) -> str:
            return "|".join(re.escape(f) for f in sorted(set(forms), key=len, reverse=True)) or "(?!)"

        qualifier = "|".join(rf"(?P<q_{kind}>{alternation(forms)})" for kind, forms in words.items())
        # a qualifier ends in a space, or in a hyphen glued to what follows ("mid-June")
        lead = rf"(?:(?i:{qualifier})(?:(?<=-)|{_SPACE}+))?(?:(?i:{alternation(articles)}){_SPACE}+)?"
        day = rf"(?P<{{n}}>\d{{{{1,2}}}})(?!\d){_ORDINAL}"
        year = r"(?P<{n}>\d{{4}})(?!\d)"
        point = (
            rf"{day.format(n='d')}{_SPACE}+(?P<dm>{month})(?:,?{_SPACE}+{year.format(n='dy')})?"
            rf"|(?P<m>{month}){_SPACE}+{day.format(n='md')}(?:,?{_SPACE}+{year.format(n='my')})?"
            rf"|(?P<om>{month})(?:,?{_SPACE}+{year.format(n='oy')})?"
            rf"|{year.format(n='y')}"
        )
        self.conjecture_term = re.compile(rf"{lead}(?:{point})(?:{_SPACE}?(?:г\.?|года))?")
        self.conjecture_range = re.compile(rf"{_SPACE}*[–—-]{_SPACE}*|{_SPACE}+(?i:{alternation(ranges)}){_SPACE}+")

    def month(self, name: str | None) -> int | None:
        return self.months.get(name.casefold()) if name else None

    def near_month(self, text: str, at: int) -> bool:
        """A month name stands just before the number at `at` or just after it (and its bracket): the cheap test
        that spares the full pattern most numbers of a text (page numbers, years alone, counts)."""
        months = self.months
        before = _WORD_BEFORE.search(text, max(0, at - 16), at)
        if before is not None and before.group(1).casefold() in months:
            return True
        after = _WORD_AFTER.match(text, at, at + 40)
        return after is not None and after.group(1).casefold() in months

    def bound_before(self, text: str) -> str | None:
        """The kind of bound ("not_before", "not_after", "about") whose words end `text` ("Written not earlier than"),
        or None."""
        tail = text.rstrip(" \u00a0").casefold()
        for kind, words in self.bound_words.items():
            if any(tail.endswith(w) and (len(tail) == len(w) or not tail[-len(w) - 1].isalnum()) for w in words):
                return kind
        return None

    def match_at(self, text: str, at: int, since: int, year: int | None, julian: bool) -> SingleDate | DualDate | None:
        """The date whose digits begin at `at` (looked for from `since`, at most 40 characters back), or None."""
        if not self.near_month(text, at):
            return None
        for m in self.pattern.finditer(text, max(since, at - 40), min(len(text), at + 120)):
            if m.start() > at:
                return None
            if m.end() > at:
                return self.read(m, year, julian)
        return None

    def read(self, m: re.Match, year: int | None, julian: bool) -> SingleDate | DualDate | None:
        g = m.groupdict()
        form = "A" if g["Am"] else "B" if g["Bm"] else "C"
        y = int(g[form + "y"]) if g[form + "y"] else year
        month = self.month(g[form + "m"])
        if y is None or month is None:
            return None
        if form == "C":
            try:
                first = dt.date(y, month, 1)
            except ValueError:
                return None
            return SingleDate(m.start(), m.end(), first, None, month_only=True)
        a = _days(y, month, g[form + "a"], g[form + "ax"])
        if a is None:
            return None
        other = g["Ab"] or g["Ac"] if form == "A" else g["Bb"]
        if other is None:
            if not g[form + "y"]:
                return None  # "April 25" alone: not a date this reader normalises
            return _single(m, a, julian)
        second_month = self.month(g["An"] if form == "A" else g["Bn"])
        return _dual(m, form, y, a, second_month or month, second_month is None)

    def conjecture(self, text: str, *, bracketed: bool, julian: bool = False) -> tuple[int, int, dict[str, str]] | None:
        """A conjectured or qualified date filling `text` to its end (a full stop after it aside), from its start or
        after a place and comma ("London, end of 1877-beginning of 1878"): (start, end, its attributes), or None.
        Without an editor's bracket (`bracketed`), only a date some qualifier words make vague is one."""
        full = len(text.rstrip(" \u00a0"))
        ends = [full] + ([full - 1] if text[full - 1 : full] == "." else [])  # ("1878 г." keeps its full stop)
        starts = [0] + [i + 2 for i in range(full - 2) if text[i] == "," and text[i + 1] in " \u00a0"]
        for start in starts:
            for end in ends:
                attrs = self._conjectured(text[start:end], bracketed, julian, placed=start > 0)
                if attrs is not None:
                    return start, end, attrs
        return None

    def _conjectured(self, text: str, bracketed: bool, julian: bool, *, placed: bool) -> dict[str, str] | None:
        whole = self._term(text)
        if whole is not None:
            terms = [whole]
        else:
            terms = []
            for sep in self.conjecture_range.finditer(text):
                left, right = self._term(text[: sep.start()]), self._term(text[sep.end() :])
                if left is not None and right is not None:
                    terms = [left, right]
                    break
            if not terms:
                return None
        if len(terms) == 2 and terms[0].year is None:
            terms[0] = dataclasses.replace(terms[0], year=terms[1].year)
        if any(t.year is None for t in terms) or not (bracketed or any(t.qualifier for t in terms)):
            return None
        if len(terms) == 1 and terms[0].qualifier is None and terms[0].month is None and not placed:
            return None  # a year alone in brackets ("[1869]", a reference's year) is no date line's date
        try:
            spans = [t.span() for t in terms]
        except ValueError:  # a day the month has not, a part of a single day ("early 3 June")
            return None
        attrs: dict[str, str] = {}
        if len(terms) == 1:
            (term,), ((low, high),) = terms, spans
            if term.qualifier in (None, "about"):
                attrs["when"] = term.iso()
            elif term.qualifier == "not_before":
                attrs["notBefore"] = term.iso()
            elif term.qualifier == "not_after":
                attrs["notAfter"] = term.iso()
            else:
                attrs.update({"notBefore": low.isoformat(), "notAfter": high.isoformat()})
        else:
            if terms[0].qualifier == "not_after" or terms[1].qualifier == "not_before":
                return None
            low, high = spans[0][0], spans[1][1]
            if low > high:
                return None
            attrs.update({"notBefore": low.isoformat(), "notAfter": high.isoformat()})
        if bracketed or any(t.qualifier == "about" for t in terms):
            attrs["cert"] = "medium"
        if julian:
            _julian_values(attrs)
        return attrs

    def _term(self, text: str) -> _Term | None:
        m = self.conjecture_term.fullmatch(text)
        if m is None:
            return None
        g = {k: v for k, v in m.groupdict().items() if v is not None}
        qualifier = next((k[2:] for k in g if k.startswith("q_")), None)
        year_text = g.get("dy") or g.get("my") or g.get("oy") or g.get("y")
        month = self.month(g.get("dm") or g.get("m") or g.get("om"))
        day = g.get("d") or g.get("md")
        return _Term(qualifier, int(year_text) if year_text else None, month, int(day) if day else None)


# The words before a conjectured date, by what they make of it (conventions date_qualifiers): a third of its period
# (a year's four months, a month's ten days: the last third to its end), a half, a date about it, a bound.
QUALIFIER_KINDS = ("early", "middle", "late", "first_half", "second_half", "about", "not_before", "not_after")
_PARTS = {"early": (0, 3), "middle": (1, 3), "late": (2, 3), "first_half": (0, 2), "second_half": (1, 2)}


@dataclasses.dataclass(frozen=True, slots=True)
class _Term:
    """One term of a conjectured date: its qualifier (a QUALIFIER_KINDS entry or None), year, month, day."""

    qualifier: str | None
    year: int | None
    month: int | None
    day: int | None

    def iso(self) -> str:
        assert self.year is not None
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return dt.date(self.year, self.month, self.day).isoformat()

    def span(self) -> tuple[dt.date, dt.date]:
        """The first and last day the term allows (ValueError: no such day, or a part of one day)."""
        assert self.year is not None
        if self.month is None:
            low, high = dt.date(self.year, 1, 1), dt.date(self.year, 12, 31)
        elif self.day is None:
            low = dt.date(self.year, self.month, 1)
            high = dt.date(self.year + self.month // 12, self.month % 12 + 1, 1) - dt.timedelta(days=1)
        else:
            low = high = dt.date(self.year, self.month, self.day)
        part = _PARTS.get(self.qualifier or "")
        if part is None:
            return low, high
        if self.day is not None:
            raise ValueError("a part of one day")
        index, parts = part
        if self.month is None:  # a year: months
            months = 12 // parts
            first = dt.date(self.year, index * months + 1, 1)
            last_month = (index + 1) * months
            last = dt.date(self.year + last_month // 12, last_month % 12 + 1, 1) - dt.timedelta(days=1)
            return first, last
        days = 30 // parts  # a month: days, the last part to the month's end
        first = low + dt.timedelta(days=index * days)
        return first, high if index == parts - 1 else low + dt.timedelta(days=(index + 1) * days - 1)


def _julian_values(attrs: dict[str, str]) -> None:
    """A Julian document's conjectured days: their Gregorian values, the Julian as -custom (encoding.md §7)."""
    changed = False
    for key in ("when", "notBefore", "notAfter"):
        value = attrs.get(key, "")
        if len(value) == 10:
            d = dt.date.fromisoformat(value)
            if is_old_style(d):
                attrs[key], attrs[key + "-custom"] = to_gregorian(d).isoformat(), value
                changed = True
    if changed:
        attrs["calendar"] = "#julian"
        attrs["datingMethod"] = "#julian"


def _days(year: int, month: int, d1: str, d2: str | None) -> list[dt.date] | None:
    try:
        first = dt.date(year, month, int(d1))
        return [first] + ([dt.date(year, month, int(d2))] if d2 else [])
    except ValueError:
        return None


def _single(m: re.Match, days: list[dt.date], julian: bool) -> SingleDate:
    return SingleDate(m.start(), m.end(), days[0], days[1] if len(days) > 1 else None)


def to_gregorian(d: dt.date) -> dt.date:
    return julian_to_gregorian(d.year, d.month, d.day)


def is_old_style(d: dt.date) -> bool:
    return d <= JULIAN_UNTIL


def _dual(m: re.Match, form: str, year: int, a: list[dt.date], month: int, day_only: bool) -> DualDate | None:
    """The two members of a dual date; which is Julian by the calendar offset (a bare "(21)" may be in the next or
    the previous month: "January 31 (12)" is 12 February)."""
    g = m.groupdict()
    b_key = ("Ab" if g["Ab"] else "Ac") if form == "A" else "Bb"
    months = [month, month % 12 + 1, (month - 2) % 12 + 1] if day_only else [month]
    for candidate in months:
        b = _days(year, candidate, g[b_key], g[b_key + "x"])
        if b is None or len(b) != len(a):
            continue
        if [to_gregorian(d) for d in a] == b:
            julian, gregorian, julian_first = a, b, True
        elif [to_gregorian(d) for d in b] == a:
            julian, gregorian, julian_first = b, a, False
        else:
            continue
        iso_g = (gregorian[0].isoformat(), gregorian[-1].isoformat() if len(gregorian) > 1 else None)
        iso_j = (julian[0].isoformat(), julian[-1].isoformat() if len(julian) > 1 else None)
        start = m.start()
        a_last = form + ("axo" if g[form + "ax"] else "ao")
        a_span = (m.start("Aa") if form == "A" else m.start("Bm"), m.end(a_last))
        b_from = m.start("Bn") if form == "B" and g["Bn"] else m.start(b_key)
        b_span = (b_from, m.end(b_key + ("xo" if g[b_key + "x"] else "o")))
        if form == "A" and g["Ac"]:  # "26 октября (8 ноября) 1917": the members with their months
            a_span = (m.start("Aa"), m.end("Am"))
            b_span = (m.start("Ac"), m.end("An"))
        calendars = ("julian", "gregorian") if julian_first else ("gregorian", "julian")
        parts = tuple(
            DatePart(s - start, e - start, c, iso_g, iso_j if c == "julian" else None)
            for (s, e), c in zip((a_span, b_span), calendars, strict=True)
        )
        return DualDate(start, m.end(), (parts[0], parts[1]), iso_g, bool(g[form + "y"]))
    return None


def value_attrs(d: SingleDate, julian: bool) -> dict[str, str]:
    """@when (or @from/@to) of a single date; a Julian one's Gregorian value, its own as @when-custom."""
    if d.month_only:
        return {"when": d.first.isoformat()[:7]}
    days = [d.first] + ([d.last] if d.last else [])
    if julian and is_old_style(days[-1]):
        gregorian = [to_gregorian(x) for x in days]
        attrs = {"calendar": "#julian"}
        if d.last:
            attrs.update({"from": gregorian[0].isoformat(), "to": gregorian[1].isoformat()})
            attrs.update({"from-custom": days[0].isoformat(), "to-custom": days[1].isoformat()})
        else:
            attrs.update({"when": gregorian[0].isoformat(), "when-custom": days[0].isoformat()})
        attrs["datingMethod"] = "#julian"
        return attrs
    if d.last:
        return {"from": d.first.isoformat(), "to": d.last.isoformat()}
    return {"when": d.first.isoformat()}


def julian_first(dating: Dating, text: str, year: int | None) -> bool:
    """Whether the text's own dual dates put the Julian member first (looked for around each "(" of its first
    CONVENTION_WINDOW characters); the first dual date found decides."""
    head = text[:CONVENTION_WINDOW]
    at = head.find("(")
    while at >= 0:
        if not any(c.isdigit() for c in head[max(0, at - 6) : at + 12]):  # (a dual date has digits by its bracket)
            at = head.find("(", at + 1)
            continue
        for m in dating.pattern.finditer(head, max(0, at - 40), min(len(head), at + 40)):
            if m.start() <= at < m.end():
                found = dating.read(m, year, False)
                if isinstance(found, DualDate):
                    return found.parts[0].calendar == "julian"
        at = head.find("(", at + 1)
    return False


Qualifiers = tuple[tuple[str, tuple[tuple[str, tuple[str, ...]], ...]], ...]


@functools.lru_cache(maxsize=16)
def dating_for(month_names: tuple[tuple[str, tuple[str, ...]], ...], qualifiers: Qualifiers = ()) -> Dating:
    """One Dating per set of month names and qualifier words (a profile's conventions), compiled once per process."""
    return Dating(
        {lang: list(names) for lang, names in month_names},
        {lang: {kind: list(words) for kind, words in table} for lang, table in qualifiers},
    )
