"""Dates in the text, normalised (tei_edition/reader/dating.py): single dates, ranges and every dual-date form these
sources print, in the languages of conventions.toml; the Julian member by the offset of its century; single dates
Julian only where the metadata or the document's own dual dates say so."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from tei_edition.convert import convert_bytes
from tei_edition.dates import julian_to_gregorian
from tei_edition.export.text import export_text
from tei_edition.metadata import load_metadata
from tei_edition.reader.profile import load_profile
from tei_edition.tei.names import TEI as T
from tei_edition.validate.rules import Context, check_dates, julian_offset

DATING = load_profile("general").structure.dating


def found(text: str, julian: bool = False, year: int | None = None):
    """The date whose digits come first in `text`, as (its text, its attributes or member calendars)."""
    at = next(i for i, c in enumerate(text) if c.isdigit() and (i == 0 or not text[i - 1].isalnum()))
    return DATING.match_at(text, at, 0, year, julian)


@pytest.mark.parametrize(
    "text, first, last",
    [
        ("24 February 1869", "1869-02-24", None),
        ("July 7, 1918", "1918-07-07", None),
        ("7 June, 1883", "1883-06-07", None),
        ("May 10th. 1781", "1781-05-10", None),
        ("October 5th, 1864", "1864-10-05", None),
        ("Feb. 23, 1817", "1817-02-23", None),
        ("13 декабря 1844 г.", "1844-12-13", None),
        ("15. Dezember 1917", "1917-12-15", None),
        ("1er mars 1871", "1871-03-01", None),
        ("12 maggio 1890", "1890-05-12", None),
        ("3 de mayo", None, None),  # no year: not normalised
        ("den 4 augusti 1885", "1885-08-04", None),
        ("MARCH 6-8, 1918", "1918-03-06", "1918-03-08"),
        ("APRIL 24–29, 1917", "1917-04-24", "1917-04-29"),
    ],
)
def test_single_dates_and_ranges(text, first, last):
    d = found(text)
    if first is None:
        assert d is None
        return
    assert d.first.isoformat() == first and (d.last.isoformat() if d.last else None) == last
    assert text[d.start : d.end].startswith(text.split()[0] if text[0].isdigit() or text[0].isupper() else text.split()[1])


@pytest.mark.parametrize(
    "text, gregorian, julian, calendars",
    [
        ("May 8 (21), 1917", "1917-05-21", "1917-05-08", ["julian", "gregorian"]),  # day only in the brackets
        ("26 (14) октября 1849 г.", "1849-10-26", "1849-10-14", ["gregorian", "julian"]),  # 12 days in the 1800s
        ("1st (12th) March, 1765", "1765-03-12", "1765-03-01", ["julian", "gregorian"]),  # 11 days in the 1700s
        ("15. (2.) Dezember 1917", "1917-12-15", "1917-12-02", ["gregorian", "julian"]),
        ("April 27 (May 10), 1917", "1917-05-10", "1917-04-27", ["julian", "gregorian"]),
        ("26 октября (8 ноября) 1917", "1917-11-08", "1917-10-26", ["julian", "gregorian"]),  # members with months
        ("1 (11) July 1699", "1699-07-11", "1699-07-01", ["julian", "gregorian"]),  # 10 days before 1700
        ("January 31 (12), 1900", "1900-02-12", "1900-01-31", ["julian", "gregorian"]),  # a bare day of the next month
    ],
)
def test_dual_dates_in_every_form(text, gregorian, julian, calendars):
    d = found(text)
    assert d.gregorian == (gregorian, None)
    assert [p.calendar for p in d.parts] == calendars
    (custom,) = [p.custom for p in d.parts if p.custom]
    assert custom == (julian, None)


def test_a_dual_range_keeps_its_gregorian_range():
    d = found("APRIL 24–29 (MAY 7–12)", year=1917)
    assert d.gregorian == ("1917-05-07", "1917-05-12") and d.parts[0].custom == ("1917-04-24", "1917-04-29")


@pytest.mark.parametrize("text", ["2d, 3d, & 4th vols.", "at 5°.20′", "No. 42, 1917", "page 12 of 1869", "Volume 43, p. 221"])
def test_not_dates(text):
    at = next(i for i, c in enumerate(text) if c.isdigit())
    assert DATING.match_at(text, at, 0, 1917, False) is None


def tree(text: str, toml: str | None = None, tmp_path=None):
    meta = None
    if toml is not None:
        path = tmp_path / "edition.toml"
        path.write_text(toml, encoding="utf-8")
        meta = load_metadata(path)
    result = convert_bytes(text.encode(), "d.txt", meta)
    root = etree.fromstring(result.xml)
    assert export_text(etree.ElementTree(root), "source") == text.encode()
    return root, result


def dates(root) -> list[dict]:
    return [dict(d.attrib) | {"text": "".join(d.itertext())} for d in root.find(T + "text").iter(T + "date")]


def test_single_dates_are_gregorian_without_evidence_of_the_old_style():
    root, result = tree("London, 24 February 1869\n\nA letter written on July 7, 1918.\n")
    assert [(d["text"], d.get("when"), d.get("calendar")) for d in dates(root)] == [
        ("24 February 1869", "1869-02-24", None),
        ("July 7, 1918", "1918-07-07", None),
    ]
    assert result.found["date"] == 2


def test_a_document_whose_dual_dates_put_the_julian_first_dates_its_single_dates_in_the_old_style():
    root, _ = tree("APRIL 24–29, 1917\n\nSpeech of April 25 (May 8), 1917.\n\nAfter the reform: March 6, 1918.\n")
    first, *_, last = dates(root)
    assert first["from"] == "1917-05-07" and first["from-custom"] == "1917-04-24" and first["calendar"] == "#julian"
    assert last["when"] == "1918-03-06" and "calendar" not in last  # after the reform: Gregorian
    assert root.find(f".//{T}calendarDesc") is not None


def test_gregorian_first_dual_dates_leave_single_dates_gregorian():
    root, _ = tree("Vertrag vom 15. (2.) Dezember 1917.\n\nAm 18. Februar 1917.\n")
    assert dates(root)[-1]["when"] == "1917-02-18" and "calendar" not in dates(root)[-1]


def test_the_metadata_says_the_calendar(tmp_path):
    root, _ = tree("Moscow, 3 March 1917\n\nText.\n", '[document]\ncalendar = "julian"\n', tmp_path)
    (d,) = dates(root)
    assert d["when"] == "1917-03-16" and d["when-custom"] == "1917-03-03"


def test_a_users_profile_adds_a_language(tmp_path):
    profile = tmp_path / "nl.toml"
    profile.write_text(
        '[profile]\nname = "nl"\n[conventions.month_names]\nnl = ["januari", "februari", "maart", "april", "mei", "juni", '
        '"juli", "augustus", "september", "oktober", "november", "december"]\n[[inline]]\nname = "date"\npattern = "date"\n'
        'action = "date"\n',
        encoding="utf-8",
    )
    result = convert_bytes(b"Amsterdam, 3 maart 1890 and 24 February 1869\n", "nl.txt", None, str(profile))
    assert [d["when"] for d in dates(etree.fromstring(result.xml))] == ["1890-03-03", "1869-02-24"]


JULIAN_DAYS = st.dates(min_value=dt.date(1583, 1, 1), max_value=dt.date(1917, 12, 31))
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]


@settings(max_examples=200, deadline=None)
@given(JULIAN_DAYS, st.booleans())
def test_every_dual_date_written_is_the_centurys_offset_apart(julian, julian_first):
    """Whatever the date, the @when of a dual date is its Julian member's Gregorian day, the offset of its century
    (10, 11, 12 or 13 days) from @when-custom: the validator's julian_offset agrees."""
    try:
        gregorian = julian_to_gregorian(julian.year, julian.month, julian.day)
    except ValueError:
        return
    if gregorian.month != julian.month or gregorian.year != julian.year:
        return  # a bare day would cross the month: written with both months below
    a, b = (julian, gregorian) if julian_first else (gregorian, julian)
    text = f"On {MONTHS[a.month - 1]} {a.day} ({b.day}), {a.year}, it was done.\n"
    root, _ = tree(text)
    (outer, *members) = dates(root)
    (member,) = [m for m in members if "when-custom" in m]
    assert outer["when"] == gregorian.isoformat() and member["when-custom"] == julian.isoformat()
    offset = (gregorian - julian).days
    assert offset == julian_offset(julian.year, julian.month, julian.day)
    if not (julian.year % 100 == 0 and julian.month <= 2):  # the offset grows on the Julian 29 February of 1700, 1800, 1900
        assert offset == {15: 10, 16: 10, 17: 11, 18: 12, 19: 13}[julian.year // 100]


@pytest.mark.parametrize(
    "text, attrs",
    [
        ("London, end of 1877-beginning of 1878", {"notBefore": "1877-09-01", "notAfter": "1878-04-30"}),  # thirds of a year
        ("Manchester, about 20 August 1859", {"when": "1859-08-20"}),
        ("Not before 12 May 1870", {"notBefore": "1870-05-12"}),
        ("after 10 October 1858", {"notBefore": "1858-10-10"}),
        ("early June 1851", {"notBefore": "1851-06-01", "notAfter": "1851-06-10"}),  # thirds of a month
        ("late February 1870", {"notBefore": "1870-02-21", "notAfter": "1870-02-28"}),  # the last third to the end
        ("mid-July 1870", {"notBefore": "1870-07-11", "notAfter": "1870-07-20"}),
        ("c. 1865", {"when": "1865"}),
        ("late May-early June 1851", {"notBefore": "1851-05-21", "notAfter": "1851-06-10"}),  # the year from the end
        ("Ende 1877–Anfang 1878", {"notBefore": "1877-09-01", "notAfter": "1878-04-30"}),
        ("nach dem 10. Oktober 1858", {"notBefore": "1858-10-10"}),
        ("конец 1877 — начало 1878 г.", {"notBefore": "1877-09-01", "notAfter": "1878-04-30"}),
        ("около 20 августа 1859 г.", {"when": "1859-08-20"}),
        ("fin 1877-début 1878", {"notBefore": "1877-09-01", "notAfter": "1878-04-30"}),
        ("vers le 20 août 1859", {"when": "1859-08-20"}),
        ("3 March 1869", {"when": "1869-03-03"}),  # in brackets: the editor's, of medium certainty
        ("London, 1869", {"when": "1869"}),  # a year alone only after its place
    ],
)
def test_conjectured_dates_in_brackets(text, attrs):
    found = DATING.conjecture(text, bracketed=True)
    assert found is not None and found[2] == attrs | {"cert": "medium"}


@pytest.mark.parametrize(
    "text", ["Written in 1869", "about 20 pages", "after the 10th", "early and late", "London,", "end of the year", "1869", "to 1870"]
)
def test_not_conjectured_dates(text):
    assert DATING.conjecture(text, bracketed=True) is None


def test_a_date_without_qualifier_words_is_conjectured_only_in_brackets():
    assert DATING.conjecture("3 March 1869", bracketed=False) is None
    assert DATING.conjecture("about 3 March 1869", bracketed=False)[2] == {"when": "1869-03-03", "cert": "medium"}
    assert DATING.conjecture("end of 1877", bracketed=False)[2] == {"notBefore": "1877-09-01", "notAfter": "1877-12-31"}


def test_a_julian_documents_conjectured_days_get_their_gregorian_values():
    (_, _, attrs) = DATING.conjecture("начало июня 1851", bracketed=True, julian=True)
    assert attrs["notBefore"] == "1851-06-13" and attrs["notBefore-custom"] == "1851-06-01" and attrs["datingMethod"] == "#julian"
    assert (dt.date.fromisoformat(attrs["notBefore"]) - dt.date(1851, 6, 1)).days == julian_offset(1851, 6, 1)


def test_a_bracketed_date_line_is_place_and_conjectured_date():
    root, _ = tree("[London, end of 1877-beginning of 1878]\n\nDear Laura,\n\nThe weather is bad.\n\nYours,\n\nF. Engels\n")
    dateline = root.find(f".//{T}opener/{T}dateline")
    supplied = dateline.find(T + "supplied")
    assert supplied.find(T + "placeName").text == "London"
    assert dict(supplied.find(T + "date").attrib) == {"notBefore": "1877-09-01", "notAfter": "1878-04-30", "cert": "medium"}
    sent = root.find(f".//{T}correspDesc/{T}correspAction")
    assert sent.find(T + "placeName").text == "London" and sent.find(T + "date").get("notBefore") == "1877-09-01"


def test_a_bracket_only_round_the_place_leaves_the_date_certain():
    root, _ = tree("[London,] 3 March 1869\n\nDear Fred,\n\nI send the papers.\n\nYours,\n\nK. M.\n")
    dateline = root.find(f".//{T}opener/{T}dateline")
    assert dateline.find(f"{T}supplied/{T}placeName").text == "London"
    assert dict(dateline.find(T + "date").attrib) == {"when": "1869-03-03"}


def test_near_miss_a_bracketed_remark_and_a_vague_date_in_a_paragraph_stay_as_they_were():
    root, _ = tree("He came about 1865, after 10 October 1858 [sic] and [about twenty pages].\n")
    assert all("cert" not in d for d in dates(root)) and root.find(f".//{T}supplied/{T}date") is None


@pytest.mark.parametrize(
    "text, gregorian, julian",
    [
        ("APRIL 24–29\n(MAY 7–12), 1917", ("1917-05-07", "1917-05-12"), ("1917-04-24", "1917-04-29")),
        ("May 8\n(21), 1917", ("1917-05-21", None), ("1917-05-08", None)),
        ("24–29 апреля\n(7–12 мая) 1917 г.", ("1917-05-07", "1917-05-12"), ("1917-04-24", "1917-04-29")),
        ("26\n(14) октября 1849 г.", ("1849-10-26", None), ("1849-10-14", None)),
    ],
)
def test_a_dual_date_over_a_line_break(text, gregorian, julian):
    d = found(text, year=1917)
    assert d.gregorian == gregorian and [p.custom for p in d.parts if p.custom] == [julian]


@pytest.mark.parametrize("text", ["May 3\n(May 7–12), 1917", "April 24 and,\n(May 7 was a Monday)"])
def test_near_miss_two_lines_that_are_no_dual_date(text):
    d = found(text, year=1917)
    assert d is None or not hasattr(d, "parts")


def test_a_heading_whose_dual_range_runs_over_a_line_break_is_one_date_with_an_lb_and_valid_offsets():
    text = "CONFERENCE OF THE PARTY\nAPRIL 24–29\n(MAY 7–12), 1917\n\nThe conference met in Petrograd.\n"
    root, _ = tree(text)
    (outer,) = [d for d in root.find(T + "text").iter(T + "date") if d.getparent().tag != T + "date"]
    assert (outer.get("from"), outer.get("to")) == ("1917-05-07", "1917-05-12")
    julian, gregorian = outer.findall(T + "date")
    assert (julian.get("from-custom"), julian.get("to-custom"), julian.get("datingMethod")) == ("1917-04-24", "1917-04-29", "#julian")
    assert gregorian.text == "MAY 7–12" and outer.find(T + "lb") is not None
    assert list(check_dates(Context(etree.ElementTree(root), "d.xml", None))) == []
