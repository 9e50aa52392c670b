"""Letters by shape (reader/letters.py): each convention fires on its evidence and not on a near miss."""

from __future__ import annotations

from lxml import etree

from tei_edition.convert import convert_bytes
from tei_edition.export.text import export_text
from tei_edition.tei.names import TEI as T


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


def _letters(text: str) -> tuple[list, list]:
    result = convert_bytes(text.encode(), "l.txt", profile="general")
    root = etree.fromstring(result.xml)
    assert export_text(etree.ElementTree(root), "source") == text.encode()
    divs = [d for d in root.iter(T + "div") if d.get("type") == "letter"]
    corresp = root.findall(f".//{T}profileDesc/{T}correspDesc")
    return [
        (
            "".join(d.find(T + "head").itertext()) if d.find(T + "head") is not None else None,
            d.find(f"{T}opener/{T}salute").text,
            "".join(d.find(f"{T}closer/{T}signed").itertext()),
        )
        for d in divs
    ], [(c.get("corresp"), [p.text for p in c.iter(T + "persName")]) for c in corresp]


def _page(first: str, second: str, salute2: str = "Lieber Engels,") -> str:
    return (
        f"{first}\n\nLondon, 3 March 1869\n\nDear Fred,\n\nI send you the papers today, and the rest of them tomorrow.\n\n"
        f"Yours,\n\nK. M.\n\n{second}\n\nLondon, 5 March 1869\n\n{salute2}\n\nDie Papiere sind heute angekommen, "
        "und ich schicke sie morgen weiter.\n\nDein\n\nK. M.\n"
    )


def test_several_letters_each_under_its_heading_get_a_div_opener_closer_and_correspdesc():
    divs, corresp = _letters(_page("MARX TO ENGELS", "Marx an Engels"))
    # (the first heading is its letter's: a heading of its kind heads the next letter too)
    assert divs == [("MARX TO ENGELS", "Dear Fred,", "K. M."), ("Marx an Engels", "Lieber Engels,", "K. M.")]
    assert corresp == [("#a.letter1", ["Marx", "Engels"]), ("#a.letter2", ["Marx", "Engels"])]  # (capitals as names are written)


def test_a_numbered_heading_naming_the_addressee_and_a_to_heading_begin_letters():
    divs, corresp = _letters(_page("120. Э. ГЕРВЕГ", "121. To George Washington", "Sir,"))
    assert [d[0] for d in divs] == ["120. Э. ГЕРВЕГ", "121. To George Washington"] and corresp[1] == (
        "#a.letter2",
        ["K. M.", "George Washington"],
    )  # (the page's writer wrote each)


def test_a_letter_without_heading_begins_at_a_date_line_after_the_signature():
    text = _page("MARX TO ENGELS", "").replace("\n\n\n\n", "\n\n")
    divs, _ = _letters(text)
    assert [d[1] for d in divs] == ["Dear Fred,", "Lieber Engels,"]


def test_near_misses_one_letter_stays_one():
    # a heading-like line inside a letter with no opener after it, and a paragraph after the signature
    text = (
        "MARX TO ENGELS\n\nLondon, 3 March 1869\n\nDear Fred,\n\nI send you the papers today.\n\nTo The Editor\n\n"
        "The editor of the paper will print it next week, as he promised.\n\nYours,\n\nK. M.\n\n"
        "Dear readers will note that the letter was printed in the paper of 5 March.\n"
    )
    divs, corresp = _letters(text)
    assert divs == [] and len(corresp) == 1 and corresp[0][0] is None
