"""Letters by shape (reader/letters.py): each convention fires on its evidence and not on a near miss."""

from __future__ import annotations

from tei_edition.convert import convert_bytes


def _body(text: str, profile: str = "general") -> str:
    xml = convert_bytes(text.encode(), "l.txt", profile=profile).xml.decode()
    return xml[xml.index("<body>") : xml.index("</body>")]


LETTER = "Down Bromley Kent\n\nFriday Evening\n\nMy dear Hooker\n\nI send the box today.\n\nMost truly yours | C. Darwin\n\nPS. | Remember the Flora.\n"


def test_place_and_day_lines_bare_salute_closer_line_and_postscript():
    body = _body(LETTER)
    assert "<dateline><placeName>Down Bromley Kent</placeName></dateline><dateline>Friday Evening</dateline>" in body
    assert "<salute>My dear Hooker</salute>" in body
    assert '<signed><seg type="salute">Most truly yours</seg> | C. Darwin</signed>' in body
    assert "<postscript><p" in body and "Remember the Flora." in body


def test_near_misses_stay_paragraphs():
    # a heading-like line before a paragraph is no salutation; a line after a sentence is no signature
    body = _body("My Life\n\nI was born in a small town, long ago.\n\nThe town had no name at all.\n")
    assert "<salute>" not in body and "<opener>" not in body and "<closer>" not in body


def test_signature_after_closing_words_and_source_note_in_back():
    text = (
        "Sir\n\nI have the honour to write to you today.\n\nIch bin Ihr ergebener\n\nDer alte Freund\n\nFC (Vi); at head of text: a note.\n"
    )
    xml = convert_bytes(text.encode(), "l.txt", profile="general").xml.decode()
    assert "<signed>Der alte Freund</signed>" in xml
    assert '<div type="sourceNote">' in xml[xml.index("</body>") :]


def test_office_signature_and_addressee_line():
    body = _body(
        "I. Lenin\n\nNatsarenus, Commissar Extraordinary\n\nYou are charged with these duties.\n\nChairman, Council of People’s Commissars\n",
        "plain",
    ).replace("plain", "")
    body = _body(
        "Written: July 7, 1918\nSource: Collected Works, Volume 44, pages 114.\n\nNatsarenus, Commissar Extraordinary\n\nYou are charged with these duties.\n\nChairman, Council of People’s Commissars\n",
        "mia",
    )
    assert "<address><addrLine>Natsarenus, Commissar Extraordinary</addrLine></address>" in body
    assert "<signed>Chairman, Council of People’s Commissars</signed>" in body


def test_unmarked_postscript_after_signature_but_not_after_a_continued_one():
    body = _body("Dear Sir,\n\nI write to you.\n\nYour friend,\n\nBEETHOVEN.\n\nMy kindest regards to your excellent husband.\n")
    assert "<postscript><p" in body
    body = _body("Dear Sir,\n\nI write to you.\n\nYour obedient\n\nBEETHOVEN,\n\nSole guardian of my nephew Carl.\n")
    assert "<postscript>" not in body and "<seg>Sole guardian of my nephew Carl.</seg>" in body
