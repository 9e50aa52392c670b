"""Julian/Gregorian arithmetic and dual dates: which member is Julian comes from the offset, never from the order."""

from __future__ import annotations

import datetime as dt

import pytest

from tei_edition.dates import find_dual_dates, julian_to_gregorian


@pytest.mark.parametrize(
    "julian, gregorian",
    [
        ((1917, 4, 25), (1917, 5, 8)),  # 13 days in the 20th century
        ((1900, 3, 1), (1900, 3, 14)),  # 13 from Julian 1900-03-01 …
        ((1900, 2, 28), (1900, 3, 12)),  # … 12 the day before (Julian 1900 is a leap year, Gregorian is not)
        ((1869, 2, 12), (1869, 2, 24)),  # 12 days in the 19th century
        ((1620, 10, 30), (1620, 11, 9)),  # the Guidelines' own example (10 days)
        ((1918, 1, 31), (1918, 2, 13)),  # the last Julian day in Russia
    ],
)
def test_julian_to_gregorian(julian, gregorian):
    assert julian_to_gregorian(*julian) == dt.date(*gregorian)


def test_julian_first():
    (d,) = find_dual_dates("APRIL 25 (MAY 8), 1917", None)
    assert [p.calendar for p in d.parts] == ["julian", "gregorian"]
    assert d.gregorian == ("1917-05-08", None) and d.parts[0].custom == ("1917-04-25", None)
    assert d.has_year and (d.start, d.end) == (0, 22)


def test_gregorian_first_is_recognised_by_the_offset():
    (d,) = find_dual_dates("May\u00a010 (April\u00a027), 1917", None)
    assert [p.calendar for p in d.parts] == ["gregorian", "julian"]
    assert d.parts[1].custom == ("1917-04-27", None) and d.gregorian == ("1917-05-10", None)


def test_range_and_year_from_the_document():
    (d,) = find_dual_dates("APRIL 24–29 (MAY 7–12)", 1917)
    assert d.gregorian == ("1917-05-07", "1917-05-12") and d.parts[0].custom == ("1917-04-24", "1917-04-29")
    assert not d.has_year


@pytest.mark.parametrize(
    "text",
    [
        "April 25 (May 9), 1917",  # 14 days: no calendar pair
        "April 25 (May 8), 1817",  # 13 days is wrong in 1817 (12 then)
        "April 31 (May 13), 1917",  # no such day
        "April 25 (May 8)",  # no year anywhere
    ],
)
def test_not_a_dual_date(text):
    assert find_dual_dates(text, None) == []


def test_twelve_days_in_the_nineteenth_century():
    (d,) = find_dual_dates("February 12 (February 24), 1869", None)
    assert d.gregorian == ("1869-02-24", None) and d.parts[0].calendar == "julian"
