"""The header from the text itself (issue "New documents, 1"): the document's own title (the item's, under a series
or event heading), its writer (author line, catalogue line, series line, letter heading, collection of letters,
signature), translators apart from the author, series lines in seriesStmt, a bracketed source note in sourceDesc.
Each convention fires on its evidence and not on a near miss."""

from __future__ import annotations

from lxml import etree

from tei_edition import TEI_NS
from tei_edition.convert import convert_bytes

NS = {"t": TEI_NS}


def _convert(text: str, profile: str = "general"):
    result = convert_bytes(text.encode(), "t.txt", None, profile)
    return etree.fromstring(result.xml), {c["convention"] for c in result.conventions}


def _one(tree, path: str) -> list[str]:
    return ["".join(e.itertext()) for e in tree.xpath(path, namespaces=NS)]


def _title(tree) -> str:
    return _one(tree, "//t:titleStmt/t:title")[0]


def _author(tree) -> list[str]:
    return _one(tree, "//t:titleStmt/t:author")


def _body_ps(tree) -> list[str]:
    return _one(tree, "//t:body//t:p")


def test_a_series_line_ending_in_a_year_is_not_the_title():
    tree, fired = _convert("Writings of Jane Roe 1901\n\nOn The Land Question\n\nThe land belongs to those who work it.\n")
    assert _title(tree) == "On The Land Question"
    assert _one(tree, "//t:seriesStmt/t:title") == ["Writings of Jane Roe 1901"]
    assert _author(tree) == ["Jane Roe"]
    assert {"front-series-line", "front-series-author"} <= fired


def test_a_title_ending_in_a_full_date_is_no_series_line():
    tree, fired = _convert(
        "Speech at the Laying of the Stone of a Monument. May 1, 1920\n\nNewspaper Report\n\nThe speaker said a few words.\n"
    )
    assert _title(tree).startswith("Speech at the Laying")
    assert not tree.xpath("//t:seriesStmt", namespaces=NS) and "front-series-line" not in fired


def test_the_item_under_an_event_heading_and_section_labels_is_the_title():
    text = "A. B. Author\n\nThird Congress of the Union\n\nJUNE 2-5, 1919\n\nSection Four\n\n4\n\nResolution On Schools\n\nThe Congress holds so.\n"
    tree, fired = _convert(text)
    assert _title(tree) == "Resolution On Schools"
    assert _one(tree, "//t:seriesStmt/t:title") == ["Third Congress of the Union JUNE 2-5, 1919"]
    assert _one(tree, "//t:seriesStmt/t:biblScope") == ["Section Four 4"]
    assert "Section Four" not in _body_ps(tree) and "4" not in _body_ps(tree)
    assert {"front-event-lines", "front-item-title"} <= fired


def test_an_event_heading_without_an_item_keeps_its_lines_as_the_title():
    tree, fired = _convert("Third Congress of the Union\n\nJUNE 2-5, 1919\n\nThe Congress opened at noon.\n")
    assert _title(tree) == "Third Congress of the Union JUNE 2-5, 1919"
    assert "front-event-lines" not in fired


def test_a_catalogue_line_gives_author_and_title():
    tree, fired = _convert("Karl Roe 19180218 Entwurf eines Aufrufs\n\nKarl Roe: Entwurf eines Aufrufs\n\nArbeiter! Es ist Zeit.\n")
    assert _title(tree) == "Entwurf eines Aufrufs" and _author(tree) == ["Karl Roe"]
    assert "front-catalogue-line" in fired


def test_a_name_colon_title_alone_is_no_catalogue_line():
    # "Karl Marx: His Life and Work" names the subject, not the writer: without a second line giving the same title
    tree, fired = _convert("Karl Marx: His Life and Work\n\nThe man was born in Trier.\n")
    assert _author(tree) == [] and "front-catalogue-line" not in fired
    assert _title(tree) == "Karl Marx: His Life and Work"


def test_a_bracketed_source_note_goes_to_the_header_and_stays_in_the_front():
    text = "Ein Aufruf\n\n[Geschrieben im Mai 1905. Nach Werke, Band 3, Berlin 1970, S. 12-14]\n\nArbeiter! Es ist Zeit.\n"
    tree, fired = _convert(text)
    bibl = tree.xpath("//t:sourceDesc/t:bibl[@type='sourceNote']", namespaces=NS)
    assert len(bibl) == 1
    scopes = {(s.get("unit"), s.get("from"), s.get("to")) for s in bibl[0].xpath("t:biblScope", namespaces=NS)}
    assert scopes == {("volume", "3", "3"), ("page", "12", "14")}
    assert _one(tree, "//t:front//t:bibl[@type='sourceNote']") and not any(p.startswith("[") for p in _body_ps(tree))
    assert "front-source-note" in fired


def test_a_bracketed_remark_without_a_source_is_no_source_note():
    tree, fired = _convert("Ein Aufruf\n\n[Hier fehlt eine Seite]\n\nArbeiter! Es ist Zeit.\n")
    assert not tree.xpath("//t:sourceDesc/t:bibl[@type='sourceNote']", namespaces=NS) and "front-source-note" not in fired


def test_a_letter_heading_names_the_writer_of_a_letter_only():
    letter = "Roe To Doe\n\nLondon, 3 March 1869\n\nDear Fred,\n\nThe report came today and is clear.\n\nYours,\n\nK. R.\n"
    tree, fired = _convert(letter)
    assert _author(tree) == ["Roe"] and "letter-heading-writer" in fired
    # the same shape over a text that is no letter: "Speech To The Congress" names no writer
    tree, fired = _convert("Speech To The Congress\n\nComrades, the hour has come to act.\n")
    assert _author(tree) == [] and "letter-heading-writer" not in fired


def test_a_from_heading_names_the_writer_without_more_evidence():
    tree, _ = _convert(
        "From Jane Roe to John Doe and the Delegates in Congress, 10 May 1781\n\nTo John Doe and the Delegates\n\nThe papers have been lost, we regret it.\n"
    )
    assert _author(tree) == ["Jane Roe"] and _title(tree).startswith("From Jane Roe to John Doe")


def test_the_translator_of_letters_of_a_writer_is_no_author():
    text = "Letters of Jane Roe\n\nTRANSLATED BY\nJOHN DOE.\n\nThe first letter was written in spring.\n"
    tree, fired = _convert(text)
    assert _author(tree) == ["Jane Roe"]
    assert _one(tree, "//t:titleStmt/t:respStmt[t:resp='translation']/t:name") == ["JOHN DOE"]
    assert {"letters-of-writer", "front-responsibility"} <= fired


def test_a_distributors_author_who_is_the_translator_is_no_author():
    head = "The Project Gutenberg EBook of Jane Roe's Letters\n\nTitle: Jane Roe's Letters\n\nAuthor: John Doe\n\n"
    text = head + "*** START OF THIS PROJECT GUTENBERG EBOOK JANE ROE'S LETTERS ***\n\nTRANSLATED BY\nJOHN DOE.\n\nA letter.\n"
    tree, _ = _convert(text, "gutenberg")
    assert _author(tree) == ["Jane Roe"]


def test_a_byline_is_neither_title_nor_author():
    tree, _ = _convert("Writings of Jane Roe 1883\n\n“A Song”\nby John Doe (1846)\n\nThe song was found among her papers.\n")
    assert _title(tree) == "“A Song”" and _author(tree) == ["Jane Roe"]


def test_a_line_naming_the_translator_under_the_title_is_no_part_of_the_title():
    text = (
        "Letter to Joseph Weydemeyer, 5 March 1852\nby Karl Marx\ntranslated by the Marx-Engels Institute\n\n"
        "London, 5 March 1852\n\nDear Weywy,\n\nI am afraid that a misunderstanding has occurred with the letters.\n\n"
        "Your\nK. Marx\n"
    )
    tree, _ = _convert(text, "wikisource")
    assert _title(tree) == "Letter to Joseph Weydemeyer, 5 March 1852"
    resp = tree.findall(".//t:titleStmt/t:respStmt", NS)
    assert any(r.findtext("t:name", namespaces=NS) == "the Marx-Engels Institute" for r in resp)


def test_every_label_of_an_archives_source_lines_keeps_its_line_out_of_the_body():
    text = (
        "Minutes of the General Council Meeting of November 22, 1864\nSource: MECW, Volume 20;\n"
        "First published: in Russian, 1961.\nTranscribed: by Andy Blunden.\n"
        "The Council met at 18, Greek Street, Soho, on Tuesday, November 22nd, 1864, Mr. Odger in the chair, "
        "and the minutes of the previous meeting were read and confirmed after a long discussion.\n"
        "Dr. Marx said the letter from the Paris correspondents was of great importance and moved that it be answered.\n"
    )
    tree, _ = _convert(text, "mia")
    body = ["".join(p.itertext()) for p in tree.findall(".//t:body//t:p", NS)]
    assert body and not any(p.startswith("Transcribed:") for p in body)
