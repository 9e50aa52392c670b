"""Printed volumes of letters run a letter's parts into its paragraphs: the salutation into the first line ("DEAR
HENLEY,--I hope …", "SIR,—I have …"), the closing words into the last line ("… when you see it.--Ever yours,"); they
label each letter's heading ("LETTER XII. TO MRS. DUNLOP") and put the editors' date line in brackets. The parts
are cut inside the line (layout's `run-in`: the source form joins them again). Made-up texts in those shapes, each
convention with a near miss that must not fire."""

from __future__ import annotations

import pytest

from tei_edition.export.text import source_line_map
from tests.conversion import NS, convert


def _text(tree, path: str) -> list[str]:
    return ["".join(e.itertext()) for e in tree.findall(path, NS)]


LETTER = (
    "TO W. E. HENLEY\n\n"
    "Monastier, September 1878.\n\n"
    "{salute}I hope to leave this place within the week, and after\n"
    "that my address will be the post office at Alais.\n\n"
    "The book goes slowly, but it goes; and I think it will please you when\n"
    "you see it.{closing}\n\n"
    "R. L. S.\n"
)


@pytest.mark.parametrize("salute", ["DEAR HENLEY,--", "Dear Henley,—", "MY DEAR HENLEY, ", "Sir,--", "Lieber Freund!—"])
def test_a_salutation_run_into_the_first_line_is_the_openers(salute):
    result, tree = convert(LETTER.format(salute=salute, closing="--Ever yours,"))
    assert _text(tree, ".//t:opener/t:salute") == [salute.rstrip(" ")]
    first = tree.find(".//t:body//t:p", NS)
    assert "".join(first.itertext()).startswith("I hope to leave")
    assert b"<?tei-edition run-in" in result.xml


@pytest.mark.parametrize(
    "line",
    [
        "My dear friend, I write to tell you that the book is done at last.",  # (a sentence: no capitals, no dash)
        "Dear me,--what a day it has been, and what a night before it too.",  # (no capital after the dash)
        "MY DEAR,--",  # (the salutation alone on its line: a salute of its own, not run in)
    ],
)
def test_a_line_that_only_begins_like_a_salutation_is_not_cut(line):
    result, tree = convert(LETTER.format(salute="", closing="").replace("I hope to leave", line + "\nI hope to leave", 1))
    assert b"<?tei-edition run-in" not in result.xml.split(b"</opener>")[0]
    assert not [s for s in _text(tree, ".//t:opener/t:salute") if s != "MY DEAR,--"]


@pytest.mark.parametrize("closing, kept", [("--Ever yours,", "you see it.--"), (" I remain, Sir, yours sincerely,", "you see it.")])
def test_closing_words_run_into_the_last_line_are_the_closers(closing, kept):
    _, tree = convert(LETTER.format(salute="DEAR HENLEY,--", closing=closing))
    assert _text(tree, ".//t:closer/t:salute") == [closing.strip(" -")]
    assert _text(tree, ".//t:closer/t:signed") == ["R. L. S."]
    assert _text(tree, ".//t:body//t:p")[-1].endswith(kept)


def test_closing_words_without_a_signature_after_them_stay_in_the_paragraph():
    text = LETTER.format(salute="DEAR HENLEY,--", closing="--Ever yours,").replace("\n\nR. L. S.\n", "\n")
    _, tree = convert(text)
    assert tree.find(".//t:closer", NS) is None
    assert _text(tree, ".//t:body//t:p")[-1].endswith("you see it.--Ever yours,")


SERIES = (
    "LETTER XII. TO MRS. DUNLOP\n\n"
    "[ELLISLAND, JUNE 1789.]\n\n"
    "MADAM,--Will you take the effusions, the miserable effusions, of low\n"
    "spirits, just as they flow from their bitter spring?\n\n"
    "I am, Madam, with the highest respect, your obliged humble servant,\n\n"
    "ROBERT BURNS.\n\n"
    "LETTER XIII. TO MR. ROBERT AIKEN\n\n"
    "Ellisland, 4th July 1789.\n\n"
    "SIR,--I have just received your letter and hasten to reply to it, for I\n"
    "would not have you think me careless of your kindness in this matter.\n\n"
    "Yours sincerely,\n\n"
    "ROBERT BURNS.\n"
)


def test_a_page_of_labelled_letters_is_a_div_for_each_with_its_heading_and_addressee():
    result, tree = convert(SERIES)
    letters = tree.findall(".//t:body//t:div[@type='letter']", NS)
    assert [_text(div, "t:head") for div in letters] == [["LETTER XII. TO MRS. DUNLOP"], ["LETTER XIII. TO MR. ROBERT AIKEN"]]
    assert tree.find(".//t:front", NS) is None  # (the first heading is its letter's, not the page's title)
    assert _text(tree, ".//t:titleStmt/t:title") == ["[LETTER XII. TO MRS. DUNLOP]"]  # (supplied from it)
    received = _text(tree, ".//t:correspDesc/t:correspAction[@type='received']/t:persName")
    assert received == ["Mrs. Dunlop", "Mr. Robert Aiken"]
    sent = _text(tree, ".//t:correspDesc/t:correspAction[@type='sent']/t:persName")
    assert len(sent) == 2 and sent[0] == sent[1]  # (the page's writer wrote both)


def test_a_single_labelled_letter_keeps_its_heading_as_the_pages_title():
    _, tree = convert(SERIES.split("LETTER XIII.")[0])
    assert _text(tree, ".//t:front//t:titlePart") == ["LETTER XII. TO MRS. DUNLOP"]


def test_the_editors_date_line_in_brackets_is_supplied_with_its_place_and_date():
    _, tree = convert(SERIES)
    supplied = tree.find(".//t:opener/t:dateline/t:supplied", NS)
    assert supplied is not None and supplied.get("reason") == "editorial"
    assert _text(supplied, "t:placeName") == ["ELLISLAND"]
    assert supplied.find("t:date", NS).get("when") == "1789-06"
    assert tree.find(".//t:dateline//t:note", NS) is None  # (no editors' remark: a date line)


def test_the_source_lines_of_blocks_after_a_run_in_part_are_the_sources():
    _, tree = convert(SERIES)
    _, lines = source_line_map(tree)
    text_lines = SERIES.split("\n")
    paragraphs = tree.findall(".//t:body//t:p", NS)
    assert len(paragraphs) == 2
    for element in paragraphs:  # (each on an XML line of its own, on the line of the salutation run into it)
        words = "".join(element.itertext())[:12]
        assert words in text_lines[lines[element.sourceline] - 1], (words, lines[element.sourceline])


PG_HEADER = (
    "The Project Gutenberg EBook of The Letters, by A Writer\n\n"
    "Title: The Letters, Volume 1\n\nAuthor: A Writer\n\nLanguage: English\n\n"
    "*** START OF THIS PROJECT GUTENBERG EBOOK THE LETTERS ***\n\n\n\n"
)
PG_FOOTER = "\n\n\n*** END OF THIS PROJECT GUTENBERG EBOOK THE LETTERS ***\n"
VOLUME = (
    "THE LETTERS OF A WRITER\n\nVOLUME I.\n\n\n\n"
    "I.\n\nTO SAMUEL TAYLOR COLERIDGE.\n\nMay 27th, 1796.\n\n"
    "DEAR COLERIDGE,--Make yourself perfectly easy about May. I paid his bill\nwhen I sent your clothes.\n\n"
    "C. LAMB.\n\n\n\n"
    "II.\n\nTO THE SAME.\n\nJune 10th, 1796.\n\n"
    "MY DEAR FRIEND,--I am in such violent pain with the headache that I am\nfit for nothing but writing to you.\n\n"
    "Yours ever,\n\nC. L."
)


@pytest.mark.parametrize("profile", [None, "gutenberg", "general"])
def test_a_volume_of_letters_numbered_in_roman_numerals_is_a_div_for_each(profile):
    text = PG_HEADER + VOLUME + PG_FOOTER if profile != "general" else VOLUME + "\n"
    _, tree = convert(text, profile)
    letters = tree.findall(".//t:body//t:div[@type='letter']", NS)
    assert [div.get("n") for div in letters] == ["I", "II"]
    assert [_text(div, "t:head")[1] for div in letters] == ["TO SAMUEL TAYLOR COLERIDGE.", "TO THE SAME."]
    assert _text(tree, ".//t:opener/t:salute") == ["DEAR COLERIDGE,--", "MY DEAR FRIEND,--"]
    assert [_text(div, "t:opener/t:dateline") for div in letters] == [["May 27th, 1796."], ["June 10th, 1796."]]
    if profile != "general":  # (no front in a Gutenberg text: the title lines before the first letter are heads)
        assert _text(tree, ".//t:body/t:div/t:head") == ["THE LETTERS OF A WRITER", "VOLUME I."]


def test_numbers_out_of_sequence_open_no_division():
    text = PG_HEADER + VOLUME.replace("II.\n\nTO THE SAME", "IV.\n\nTO THE SAME") + PG_FOOTER
    _, tree = convert(text)
    assert [div.get("n") for div in tree.findall(".//t:body//t:div[@n]", NS)] == ["I"]


def test_roman_numbers_have_their_value():
    from tei_edition.reader.sections import number_value

    assert [number_value(n) for n in ("I", "IV", "IX", "XIV", "XL", "XC", "CCXVI", "219")] == [1, 4, 9, 14, 40, 90, 216, 219]


CAPS = (
    "TO HIS PARENTS\n\n"
    "{dateline}\n\n"
    "MY DEAR PEOPLE,--I keep better, and am to-day downstairs for the\nfirst time. Will you pray send us some?\n\n"
    "The Henleys are gone, and two plays practically done. I hope they\nmay produce some of the ready.{closing}\n\n"
    "R. L. S.\n"
)


def test_a_date_line_in_capitals_with_its_place_in_parts_and_an_ordinal_day():
    _, tree = convert(CAPS.format(dateline="WENSLEYDALE, BOURNEMOUTH, SUNDAY, 28TH SEPTEMBER 1884.", closing=""))
    dateline = tree.find(".//t:opener/t:dateline", NS)
    assert _text(dateline, "t:placeName") == ["WENSLEYDALE, BOURNEMOUTH"]  # (not the weekday)
    assert dateline.find("t:date", NS).get("when") == "1884-09-28"


def test_the_writers_street_address_before_the_date_is_an_address_of_the_dateline():
    _, tree = convert(CAPS.format(dateline="608 BUSH STREET, SAN FRANCISCO [DECEMBER 26, 1879].", closing=""))
    dateline = tree.find(".//t:opener/t:dateline", NS)
    assert _text(dateline, "t:address/t:addrLine") == ["608 BUSH STREET, SAN FRANCISCO"]
    assert dateline.find("t:supplied/t:date", NS).get("when") == "1879-12-26"


@pytest.mark.parametrize(
    "closing, words",
    [("--I am, ever affectionate son,", "I am, ever affectionate son,"), ("--Your\nsincere friend,", "Your sincere friend,")],
)
def test_closing_words_run_in_after_the_last_sentence_even_over_a_line_end(closing, words):
    _, tree = convert(CAPS.format(dateline="Bournemouth, 28 September 1884.", closing=closing))
    assert ["".join(s.split()) for s in _text(tree, ".//t:closer/t:salute")] == ["".join(words.split())]  # (lb: no text)
    assert _text(tree, ".//t:body//t:p")[-1].endswith("some of the ready.--")


def test_a_paragraph_ending_in_a_comma_after_its_sentences_is_no_closing():
    text = CAPS.format(dateline="Bournemouth, 28 September 1884.", closing=" And so on, and\nso forth, and the rest of it,")
    _, tree = convert(text)
    assert _text(tree, ".//t:closer/t:salute") == []
    assert _text(tree, ".//t:body//t:p")[-1].endswith("the rest of it,")


@pytest.mark.parametrize(
    "text",
    [
        LETTER.format(salute="DEAR HENLEY,--", closing="--Ever yours,"),
        SERIES,
        PG_HEADER + VOLUME + PG_FOOTER,
        CAPS.format(dateline="608 BUSH STREET, SAN FRANCISCO [DECEMBER 26, 1879].", closing="--Your\nsincere friend,"),
        CAPS.format(dateline="WENSLEYDALE, BOURNEMOUTH, SUNDAY, 28TH SEPTEMBER 1884.", closing=" I remain, yours truly,"),
    ],
)
def test_the_encodings_are_valid_against_the_project_schema_and_tei_all(text, tei_all):
    from tei_edition.validate.schema import schema_diagnostics, validate_fast

    _, tree = convert(text)
    assert validate_fast(tree), schema_diagnostics(tree, "t.xml")
    assert tei_all.validate(tree), tei_all.error_log
