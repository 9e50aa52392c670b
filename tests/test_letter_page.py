"""A web page holding one letter as the Marxists Internet Archive prints it: the info block with labels of its own,
the letter's parts on consecutive lines, a navigation line of one bar at the bottom (reader/infoblock.py,
reader/letters.py, reader/chrome.py). Each convention on its evidence, each with a near miss that must not fire."""

from __future__ import annotations

import pytest

from tei_edition.convert import convert_bytes
from tei_edition.reader.infoblock import resp_name


def _xml(text: str, profile: str | None = None) -> str:
    return convert_bytes(text.encode(), "page.txt", profile=profile).xml.decode()


def _body(xml: str) -> str:
    return xml[xml.index("<body>") : xml.index("</body>")]


INFO = (
    "Engels to Marx\n\n"
    "Written: 3 August 1859\nSource: Collected Works, Volume 40, p. 478;\nPublisher: Lawrence & Wishart (1983)\n"
    "First Published: Der Briefwechsel, Bd. II, Stuttgart, 1913;\n  and in a later edition, 1929\n"
    "Transcribed: by Sally Ryan for marxists.org, 2000\n\n"
    "The text of the letter begins here and goes on for a while.\n"
)


def test_info_block_takes_labels_of_its_own_and_wrapped_values():
    xml = _xml(INFO)
    assert '<div type="sourceInfo">' in xml and "Publisher: Lawrence" not in _body(xml)
    assert "<resp>transcription</resp>" in xml and "<name>Sally Ryan</name>" in xml
    assert '<biblScope unit="volume" from="40" to="40">' in xml
    assert '<creation><date when="1859-08-03">' in xml
    assert 'xml:lang="de"' not in xml  # (the info block's German title is no German passage)


@pytest.mark.parametrize(
    "text",
    [
        # one known label only, then a line of another: no info block
        "A Title\n\nSource: the people themselves.\nNote: nothing here is an info block.\n\nA paragraph follows.\n",
        # a paragraph whose first line has a label, then prose
        "A Title\n\nWritten: in haste, as he said,\nand then he went on to tell the whole story of that winter.\n\nMore.\n",
    ],
)
def test_not_an_info_block(text):
    assert '<div type="sourceInfo">' not in _xml(text)


@pytest.mark.parametrize(
    ("value", "name"),
    [
        ("and corrected by Andy Carloff 2008.", "Andy Carloff"),
        ("by Sally Ryan for marxists.org, 2000", "Sally Ryan"),
        ("Tim Delaney, Brian Baggins", "Tim Delaney, Brian Baggins"),
        ("Brian Baggins (2000)", "Brian Baggins"),
        ("Andy Blunden", "Andy Blunden"),
    ],
)
def test_who_an_info_field_names(value, name):
    assert resp_name(value) == name


LETTER = (
    "ENGELS TO MARX\nIN LONDON\n\nManchester, 3 August 1859\n7 Southgate\n\nDear Moor,\n\n"
    "I have written to Lassalle about the pamphlet, but he has not yet answered.\n\n"
    "As to the war, I think the Prussians will make fools of themselves once again.\n\nYour\nF. E.\n"
)


def test_letter_heading_before_the_opener_is_a_head():
    xml = _xml("Letters of that year\n\n" + LETTER, "general")
    assert "<head>ENGELS TO MARX<lb" in xml and "<opener><dateline>" in _body(xml)
    assert "<author>Engels</author>" in xml  # (the heading's capitals as a name is written)


def test_letter_parts_on_consecutive_lines():
    xml = _xml(LETTER, "general")
    body = _body(xml)
    assert '<titlePart type="main">ENGELS TO MARX<lb' in xml  # (the text's title: the page has no other)
    assert '<opener><dateline><placeName>Manchester</placeName>, <date when="1859-08-03">' in body
    assert "<salute>Dear Moor,</salute></opener>" in body
    assert "<closer><salute>Your</salute><?tei-edition joined?><signed>F. E.</signed></closer>" in body
    assert '<correspAction type="received">' in xml and "<placeName>London</placeName>" in xml


@pytest.mark.parametrize(
    "text",
    [
        # an indented verse whose first line ends in a comma: no closing words over a signature
        "Before.\n\nA long paragraph of prose that ends the way prose does, with a full stop.\n\n"
        "  Freude, schoener Goetterfunken,\n    Tochter aus Elysium,\n",
        # prose lines at the end: no closer
        "Dear Sir,\n\nThe first paragraph of the letter says something.\n\n"
        "I remain, as you know, at your service,\nand will write again.\n",
    ],
)
def test_lines_that_are_no_letter_parts(text):
    assert "<closer>" not in _body(_xml(text, "general"))


def test_navigation_of_one_bar_naming_a_part_of_the_site():
    xml = _xml(LETTER + "\nMarx-Engels Correspondence 1859 | Marx-Engels Archive\n", "general")
    assert '<ab type="navigation">Marx-Engels Correspondence 1859 | Marx-Engels Archive</ab>' in xml
    assert "Archive" not in _body(xml)


def test_one_bar_without_a_part_of_the_site_is_no_navigation():
    # a web edition's closer line ("Most truly yours | C. Darwin") at the end of the page stays the letter's
    xml = _xml("My dear Hooker\n\nI send the box today, with the seeds.\n\nMost truly yours | C. Darwin\n", "general")
    assert '<ab type="navigation">' not in xml and "<signed>" in _body(xml)


FOUNDERS = (
    "From George Washington to John Hancock, 25 September 1776\n\n"
    "Colonel Morris’s, on the Heights of Harlem Septr 25th 1776.\n\nSir\n\n"
    "From the hours allotted to Sleep, I will borrow a few Moments to write to Congress.[1] I shall be brief.\n\n"
    "It is in vain to expect that any part of this Army will again engage in the Service.\n\n"
    "I have the Honor to be with the greatest respect Sir Yr Most Obedt Hble Servt\n\nGo: Washington\n\n"
    "LS, in Robert Hanson Harrison’s writing, DNA:PCC, item 152.\n\n"
    "1. Hancock read this letter to Congress on 27 September.\n"
)


def test_an_eighteenth_century_letter_with_blank_lines():
    xml = _xml(FOUNDERS)
    body = _body(xml)
    assert '<titlePart type="main">From George Washington to John Hancock' in xml  # a heading, not a date line
    assert '<date when="1776-09-25">Septr 25th 1776</date>' in body  # an abbreviation of the time
    assert "<salute>I have the Honor to be" in body and "<signed>Go: Washington</signed>" in body
    assert '<div type="sourceNote">\n        <p xml:id="a.p3">LS, in Robert' in xml
    assert '<note xml:id="a.n1" n="1" place="bottom" anchored="true">Hancock read' in body  # a list no heading names


def test_a_numbered_list_at_the_end_without_calls_stays_a_list():
    xml = _xml("Some text without calls.\n\nMore text of the letter.\n\n1. The first point.\n\n2. The second point.\n")
    assert "<note" not in xml[xml.index("<text") :] and '<list type="ordered">' in xml


RUSSIAN = (
    "К. Маркс и Ф. Энгельс. Сочинения. Том 27\n\n120. Э. ГЕРВЕГ[1]\n\nВ ЦЮРИХ\n\n"
    "Париж, 26 (14) октября 1849 г.\n\nMon cher Herwegh,\n\n"
    "Je vous écris à la hâte, car le courrier part dans une heure. Je n'ai pas encore reçu votre lettre.\n\n"
    "Votre tout dévoué\nF. Engels\n\n"
    "Впервые опубликовано в книге: «Briefe», Stuttgart, 1921\n\nПечатается по рукописи\n\nПеревод с французского\n\n"
    "Примечания\n\n1. Письмо написано по-французски.\n"
)


def test_a_letter_of_a_russian_edition():
    xml = _xml(RUSSIAN)
    assert "<seriesStmt>\n        <title>К. Маркс и Ф. Энгельс. Сочинения. Том 27</title>" in xml  # (a volume line)
    assert '<title type="main">120. Э. ГЕРВЕГ</title>' in xml and "<author>F. Engels</author>" in xml
    assert '<correspAction type="received">\n          <persName>Э. Гервег</persName>\n          <placeName>Цюрих</placeName>' in xml
    assert "<head>В ЦЮРИХ</head>" in xml and "<dateline><placeName>Париж</placeName>" in xml  # (not a date line's place)
    assert '<div type="sourceNote">' in xml and "Печатается по рукописи" not in _body(xml)
    assert "с французского</name>" not in xml  # "Перевод с французского" names a language, not a translator
    # the edition is Russian (its headings, notes and source notes), the letter French
    assert '<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="ru">' in xml and '<p xml:id="a.p1" xml:lang="fr">' in xml


def test_a_numbered_heading_is_no_addressee_unless_the_text_is_a_letter():
    xml = _xml("120. Э. ГЕРВЕГ\n\nВ ЦЮРИХ\n\nСтатья о поэте и его стихах, написанная для журнала в том году.\n")
    assert '<correspAction type="received">' not in xml


GERMAN = (
    "W. I. Lenin\n\nRede auf der Kundgebung zur Enthüllung eines Denkmals\n\n7. November 1918\n\n"
    "Geschrieben: 7. November 1918\nErstveröffentlicht: Prawda Nr. 242, 8. November 1918\n"
    "Quelle: W. I. Lenin, Werke, Band 28, S. 159-160, Dietz Verlag, Berlin 1970\n"
    "Transkription/HTML-Markierung: Einde O’Callaghan für das Marxists’ Internet Archive\n\n"
    "Genossen! Wir enthüllen heute ein Denkmal für die Führer der Weltarbeiterrevolution.(Beifall.)\n\n"
    "Zurück zum Inhaltsverzeichnis | Lenin-Archiv\n"
)


def test_the_archive_page_in_german():
    xml = _xml(GERMAN)
    assert '<div type="sourceInfo">' in xml and "<name>Einde O’Callaghan</name>" in xml
    assert '<biblScope unit="volume" from="28" to="28">Band 28</biblScope>' in xml
    assert '<creation><date when="1918-11-07">' in xml
    assert '<title type="main">Rede auf der Kundgebung zur Enthüllung eines Denkmals</title>' in xml
    assert '<docDate when="1918-11-07">7. November 1918</docDate>' in xml  # the date line, not a title part
    assert '<stage type="beifall">(Beifall.)</stage>' in xml
    assert '<ab type="navigation">Zurück zum Inhaltsverzeichnis | Lenin-Archiv</ab>' in xml


def test_a_date_line_among_titles_stays_a_title_part():
    # the event's dates between its name and the document's title ("… Congress" / "MARCH 6-8, 1918" / title)
    xml = _xml("Seventh Congress of the Party\n\nMARCH 6-8, 1918\n\nResolution on War and Peace\n\nThe text begins here.\n")
    assert "<docDate" not in xml


WIKI = (
    "Jump to navigation Jump to search\nThe Communist Manifesto (1888)\n"
    "by Karl Marx and Friedrich Engels, translated by Samuel Moore\n\n"
    "The Communists do not form a separate party.[1]\n\nThey have no interests apart from the proletariat.[2]\n\n"
    "↑ That is, all written history.\n↑ By bourgeoisie is meant the class of modern capitalists.\n"
)


def test_a_wiki_copy_whose_first_block_begins_with_chrome():
    xml = _xml(WIKI)
    assert '<ab type="chrome">Jump to navigation Jump to search</ab>' in xml
    assert '<title type="main">The Communist Manifesto (1888)</title>' in xml
    assert "<author>Karl Marx and Friedrich Engels</author>" in xml and "<name>Samuel Moore</name>" in xml
    assert 'n="2" place="bottom" anchored="true" rend="brackets arrow">By bourgeoisie' in xml  # one body a line


def test_a_byline_does_not_outvote_the_page_author():
    # an author line names the page's author; a byline in the title names a quoted work's
    xml = _xml("F. Engels\n\nThe Song of the Apprentices\nby Georg Weerth (1846)\n\nThe text about the song begins here.\n")
    assert "<author>F. Engels</author>" in xml


def test_a_list_under_its_lead_in_line():
    text = "Minutes\n\nThe following agenda was adopted:\n(1) The current situation;\n(2) The agrarian question;\n(3) Miscellaneous.\n\nAdopted.\n"
    body = _body(_xml(text))
    assert '<p xml:id="a.p1">The following agenda was adopted:</p>' in body
    assert '<list type="ordered"><label>(1)</label><item>The current situation;</item>' in body


def test_a_lead_in_over_prose_lines_stays_one_paragraph():
    text = "Minutes\n\nHe said the following:\nthe war must end, and the land must go\nto those who work it, at once.\n\nAdopted.\n"
    assert "<list" not in _body(_xml(text))


SONNETS = (
    "Karl Marx\n\nSonnets to Jenny\n\n1\n\n"
    "Take all, take all these pages once again,\n\u00a0\u00a0To you, Beloved, I bring them all anew,\n"
    "\u00a0\u00a0Where, by the lyre's deep notes and ringing true,\nThe soul steals on in grief and joy and pain.\n\n"
    "2\n\nFor me, no Fame on earth is fit to stand,\n\u00a0\u00a0Though she may wish to ring\n"
    "\u00a0\u00a0Across far lands, and sing\nWith soul-caressing hand.\n"
)


def test_sonnets_indented_with_no_break_spaces_under_their_numbers():
    from lxml import etree

    from tei_edition.export.text import export_text

    result = convert_bytes(SONNETS.encode(), "s.txt")
    xml = result.xml.decode()
    assert "<author>Karl Marx</author>" in xml and '<title type="main">Sonnets to Jenny</title>' in xml
    assert '<l rend="indent(2) nbsp">To you, Beloved' in xml and "\u00a0" not in xml[xml.index("<body>") :]
    assert '<div type="section" n="1">\n          <head type="number">1</head>' in xml
    assert '<div type="section" n="2">' in xml
    tree = etree.fromstring(result.xml).getroottree()
    assert export_text(tree, "source") == SONNETS.encode()  # (the no-break spaces back where they stood)


def test_a_title_is_no_name_line():
    xml = _xml("The Civil War in France\n\nAddress of the General Council\n\nThe text begins here.\n")
    assert "<docAuthor>" not in xml


ITALIAN = (
    "Friedrich Engels a Carlo Cafiero\n\nLondra, 1-3 luglio 1871\n\nCaro Cafiero,\n\n"
    "Ho ricevuto la vostra lettera del 12 giugno e vi ringrazio delle notizie che mi date. […] Il movimento cresce.\n\n"
    "Salute e fratellanza\nVostro\nF. Engels\n"
)


def test_an_italian_letter():
    xml = _xml(ITALIAN)
    assert "<author>Friedrich Engels</author>" in xml and "<persName>Carlo Cafiero</persName>" in xml  # "X a Y"
    assert '<opener><dateline><placeName>Londra</placeName>, <date from="1871-07-01" to="1871-07-03">' in xml
    assert "<salute>Caro Cafiero,</salute></opener>" in xml
    assert "<salute>Vostro</salute><?tei-edition joined?><signed>F. Engels</signed></closer>" in xml  # closing words
    assert '<gap reason="omitted"' in xml and 'xml:lang="it"' in xml


def test_a_title_with_a_is_no_letter_heading_without_a_letter():
    xml = _xml("Lettera a un amico\n\nUn testo qualunque, senza data e senza firma, che parla di libri e di viaggi.\n")
    assert "<correspDesc>" not in xml


MECW = (
    "41\nENGELS TO JOHANN PHILIPP BECKER\nIN GENEVA\nManchester, 1 April 1867\nDear Old Man,\n"
    "Many thanks for your letter and for the sheets of the Vorbote, which arrived safely. I am glad that the old "
    "Association still goes on in Switzerland, in spite of all the difficulties of the last few months.\n"
    "Yours,\nF. Engels\nFirst published in Die Neue Zeit, Bd. 1, No. 2, Stuttgart, 1906\n"
    "Printed according to the original\nPublished in English for the first time\n"
)


def test_a_mecw_letter_copied_line_by_line():
    xml = _xml(MECW)
    assert '<title type="main">ENGELS TO JOHANN PHILIPP BECKER</title>' in xml  # (its number is no title)
    assert "<group>" not in xml  # the source note's further lines are no second witness
    assert "<p>Printed according to the original</p>" in xml[xml.index('<div type="sourceNote"') :]
    assert "<signed>F. Engels</signed>" in xml and "<persName>Johann Philipp Becker</persName>" in xml


def test_a_text_after_a_source_note_is_still_a_witness():
    text = (
        "Report one of the speech, with its own words and its own order of things said.\n\n"
        "Printed from the minutes\n\nReport two of the speech, as the newspaper gave it the next day.\n\n"
        "Published according to the newspaper text\n"
    )
    assert xml_count(_xml(text), "<text ") == 3  # (the outer text and two in the group)


def xml_count(xml: str, what: str) -> int:
    return xml.count(what)


@pytest.mark.parametrize(
    ("heading", "addressee"),
    [
        ("Brev till August Palm", "August Palm"),
        ("Letter to Friedrich Sorge", "Friedrich Sorge"),
        ("Brief an Wilhelm Bracke", "Wilhelm Bracke"),
    ],
)
def test_the_word_letter_before_the_addressee_names_no_writer(heading, addressee):
    text = f"{heading}\n\nStockholm den 3 maj 1889\n\nKäre vän!\n\nJag har fått ditt brev och tackar dig för det, arbetarna är vid gott mod.\n\nDin tillgivne\nHjalmar Branting\n"
    xml = _xml(text)
    assert (
        "<author>Hjalmar Branting</author>" in xml and f'<correspAction type="received">\n          <persName>{addressee}</persName>' in xml
    )
    assert "<dateline><placeName>Stockholm</placeName> den <date" in xml


def test_a_writer_before_the_addressee_is_still_the_writer():
    text = "Engels to Friedrich Sorge\n\nLondon, 3 May 1889\n\nDear Sorge,\n\nI have your letter and thank you for it; all is well here.\n\nYours,\nF. Engels\n"
    assert "<author>Engels</author>" in _xml(text)


def test_the_writers_name_over_the_letters_title_in_one_block_is_the_writer():
    text = "Frederick Engels\nLetter to August Bebel\n\nLondon, 20 June 1883\n\nDear Bebel,\n\nYour letter of the 14th reached me yesterday, and I answer it at once.\n\nYours,\n\nF. E.\n"
    xml = _xml(text)
    assert "<author>Frederick Engels</author>" in xml  # (not "Frederick Engels Letter": a heading is one line)
    assert '<correspAction type="received">\n          <persName>August Bebel</persName>' in xml


def test_a_title_of_two_lines_whose_first_is_no_name_names_no_writer():
    text = "The Civil War\nin France\n\nLondon, 30 May 1871\n\nWorking men of Paris, the Commune is dead, and its memory will live.\n"
    assert "<author>The Civil War</author>" not in _xml(text)
