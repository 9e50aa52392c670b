"""correspDesc (TEI 2.4.6) from what a letter's page says: the heading's writer and addressee, the dateline's place
and date; nothing for a text that is no letter."""

from __future__ import annotations

from lxml import etree

from tei_edition.convert import convert_bytes
from tei_edition.tei.names import TEI as T


def corresp(text: str):
    root = etree.fromstring(convert_bytes(text.encode(), "c.txt").xml)
    return root.find(f".//{T}profileDesc/{T}correspDesc")


def test_a_letter_has_its_sender_place_date_and_addressee():
    cd = corresp("Marx To Engels\nIn Manchester\n\n[London,] 24 February 1869\n\nDear Fred,\n\nThe report is clear.\n\nK. M.\n")
    assert cd is not None
    sent, received = cd.findall(T + "correspAction")
    assert sent.get("type") == "sent" and received.get("type") == "received"
    assert sent.findtext(T + "persName") == "Marx" and received.findtext(T + "persName") == "Engels"
    assert sent.find(T + "date").get("when") == "1869-02-24" and received.findtext(T + "placeName") == "Manchester"


def test_a_letter_with_a_placed_dateline():
    cd = corresp("Vienna, July 9, 1817.\n\nMy dear friend,\n\nI send you the songs today.\n\nYours ever,\n\nBEETHOVEN.\n")
    (sent,) = cd.findall(T + "correspAction")
    assert sent.findtext(T + "placeName") == "Vienna" and sent.find(T + "date").get("when") == "1817-07-09"


def test_no_correspdesc_for_a_text_that_is_no_letter():
    assert corresp("Speech To The Congress\n\nComrades, the hour has come to act, and we shall act.\n") is None
