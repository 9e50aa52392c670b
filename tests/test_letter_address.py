"""The writer's street address beside a letter's date line (MECW prints "London, 21 November 1853 28 Dean Street,
Soho", or the address on a line of its own), and copies that lost their blank lines with paragraphs too short to
pass for unwrapped lines by length alone (reader/letters.py, reader/blocks.py). Made-up texts in the sources' shapes;
each convention with a near miss that must not fire."""

from __future__ import annotations

import pytest

from tei_edition.convert import convert_bytes
from tei_edition.export.text import export_source
from tei_edition.reader.blocks import lines_are_paragraphs
from tei_edition.tei.load import parse_tei_bytes

BODY = (
    "Dear Engels,\n\n"
    "Herewith a postal order for Lupus, which I have received for him from Cluss in response to my request.\n\n"
    "Do write; it is a month since you answered any of my letters with more than half a dozen lines.\n\n"
    "Your\n\nK. M.\n"
)


def _xml(text: str) -> str:
    conversion = convert_bytes(text.encode(), "letter.txt")
    assert export_source(parse_tei_bytes(conversion.xml, "letter.xml")) == text.encode()  # the round trip holds
    return conversion.xml.decode()


def _opener(xml: str) -> str:
    return xml[xml.index("<opener>") : xml.index("</opener>")]


@pytest.mark.parametrize(
    "line, separator",
    [("London, 21 November 1853 28 Dean Street, Soho", " "), ("[London,] 2 September 1854, 28 Dean Street, Soho", ", ")],
)
def test_an_address_after_the_date_on_the_date_line_is_the_writers_address_in_the_dateline(line, separator):
    opener = _opener(_xml(f"MARX TO ENGELS\n\nIN MANCHESTER\n\n{line}\n\n{BODY}"))
    assert opener.startswith("<opener><dateline>") and "<placeName>London</placeName>" in opener
    assert f"</date>{separator}<address><addrLine>28 Dean Street, Soho</addrLine></address></dateline>" in opener
    assert "<salute>Dear Engels,</salute>" in opener


def test_a_number_after_the_year_that_is_no_street_address_is_not_one():
    xml = _xml(f"MARX TO ENGELS\n\nLondon, 21 November 1853 28 pages enclosed, as promised\n\n{BODY}")
    assert "<address>" not in xml


def test_an_address_line_beside_the_date_line_is_an_address_of_the_opener():
    text = "ENGELS TO MARX\nIN LONDON\nManchester, 3 August 1859\n7 Southgate\n" + BODY.replace("\n\n", "\n")
    opener = _opener(_xml(text))
    assert "</dateline><?tei-edition joined?><address><addrLine>7 Southgate</addrLine></address>" in opener


def test_a_numbered_line_without_a_date_line_beside_it_is_no_address():
    xml = _xml("ENGELS TO MARX\n\n7 Southgate Street\n\nHerewith the beginning of the article about your book, at last.\n")
    assert "<address>" not in xml


LINES = [
    "ENGELS TO MARX",
    "IN LONDON",
    "Herewith the beginning of the article about your book. Take a good look at it and, if you do not like it, tear it up.",
    "As soon as I have done with this thing, I shall set to work on 'Infantry', which will demand a good deal of time.",
    "Lupus has had another adventure.",
    "Your",
    "F. E.",
]


def test_lines_that_fill_no_width_and_pass_the_widest_wrap_are_paragraphs():
    assert lines_are_paragraphs("\n".join(LINES))
    xml = _xml("\n".join(LINES) + "\n")
    assert xml.count("<p ") == 3 and "<signed>F. E.</signed>" in xml


def test_a_text_hard_wrapped_wide_stays_one_paragraph():
    words = ("the revolution in the localities is going forward and the reports of the comrades show it " * 12).split()
    lines, line = [], ""
    for word in words:  # wrapped at 110 characters: every line but the last fills the width
        if len(line) + len(word) + 1 > 110:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    assert max(map(len, lines)) > 100 and not lines_are_paragraphs("\n".join(lines))
    assert not lines_are_paragraphs("\n".join(LINES[:2] + ["a short line"]))  # nothing wider than a wrap: wrapped
