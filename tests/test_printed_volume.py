"""A printed book or booklet copied as text (OCR or a transcription): chapters named with their number ("CHAPTER I."),
a chapter's title under its number, a page's number and running head on one line among the text, a preface signed
with initials before the text's caption title; and the letters of such volumes ("LETTER XII.", "Reverend Sir,").
Each convention on its evidence (reader/sections.py, reader/chrome.py, reader/letters.py), each with a near miss
that must not fire."""

from __future__ import annotations

import pytest

from tests.conversion import NS, convert

PROSE = "He tells us himself that he could not remember a time when he did not earn his own living in the fields."


def _convert(text: str) -> str:
    return convert(text)[0].xml.decode()  # (every case round-trips)


def _body(xml: str) -> str:
    return xml[xml.index("<body>") : xml.index("</body>")]


@pytest.mark.parametrize("number", ["CHAPTER I.", "Chapter 4", "LETTER XII.", "Kapitel IV", "Глава 3", "Capítulo XIV", "Book II"])
def test_a_division_named_with_its_number_opens_a_section(number):
    body = _body(_convert(f"{PROSE}\n\n{number}\n\n{PROSE}\n"))
    assert f'<head type="number">{number}</head>' in body


@pytest.mark.parametrize("line", ["CHAPTER", "Chapter 1818", "Part of it", "Letter from home"])
def test_a_division_word_without_a_number_is_no_section(line):
    assert "<head" not in _body(_convert(f"{PROSE}\n\n{line}\n\n{PROSE}\n"))


def test_a_chapter_title_under_its_number_is_a_head():
    body = _body(_convert(f"{PROSE}\n\nCHAPTER II.\n\nIN THE ARMY.\n\n{PROSE}\n"))
    assert '<head type="number">CHAPTER II.</head>' in body and "<head>IN THE ARMY.</head>" in body


def test_a_sentence_under_the_number_stays_a_paragraph():
    body = _body(_convert(f"{PROSE}\n\nCHAPTER II.\n\nIn the army, he said, all went well.\n\n{PROSE}\n"))
    assert "<head>In the army" not in body


RUNNING = "THE LIFE OF WILLIAM COBBETT"


def test_a_page_number_and_running_head_on_one_line_recurring_are_page_furniture():
    text = f"{PROSE}\n\n2 {RUNNING}\n\n{PROSE}\n\n{RUNNING} 3\n\n{PROSE}\n"
    _, tree = convert(text)
    assert [pb.get("n") for pb in tree.iterfind(".//t:body//t:pb", NS)] == ["2", "3"]
    assert [fw.text for fw in tree.iterfind(".//t:body//t:fw", NS)] == [f"2 {RUNNING}", f"{RUNNING} 3"]
    assert not any(RUNNING in "".join(p.itertext()) for p in tree.iterfind(".//t:body//t:p", NS))


def test_a_number_and_head_once_is_the_texts_own():
    body = _body(_convert(f"{PROSE}\n\n2 {RUNNING}\n\n{PROSE}\n"))
    assert "<pb" not in body and "<fw" not in body


def test_a_preface_signed_with_initials_before_the_caption_title():
    text = f"{PROSE}\n\n{PROSE}\n\nG. Z.\n\nNicolai Lenin :\n\nHis Life and Work\n\n\n{PROSE}\n"
    body = _body(_convert(text))
    assert '<div type="preface">' in body and "<closer><signed>G. Z.</signed></closer>" in body
    assert "<head>Nicolai Lenin :</head>" in body and "<head>His Life and Work</head>" in body


@pytest.mark.parametrize(
    "after",
    [
        f"{PROSE}\n",  # initials then prose: no caption title
        "And so the matter ended.\n\nA short line\n",  # a sentence after the initials
    ],
)
def test_initials_not_before_a_caption_are_no_signed_part(after):
    assert '<div type="preface">' not in _convert(f"{PROSE}\n\nG. Z.\n\n{after}")


LETTER = (
    "LETTER XII.\n\nTo the Rev. Mr. Whitefield\n\nBethesda, 1st (12th) March, 1765\n\n{salute}\n\n"
    "I received your kind letter of the twentieth of last month, and I thank you heartily for it.\n\n"
    "I am, Reverend Sir,\nYour most obedient servant,\nJames Habersham\n"
)


@pytest.mark.parametrize("salute", ["Reverend Sir,", "Worthy Friend,", "Geehrter Herr Genosse!"])
def test_a_salutation_by_the_person_addressed(salute):
    body = _body(_convert(LETTER.format(salute=salute)))
    assert f"<salute>{salute}</salute>" in body.split("<closer>")[0]
    assert '<date calendar="#julian" when="1765-03-12" when-custom="1765-03-01"' in body


@pytest.mark.parametrize("line", ["and to the Sir,", "We thank you, dear Sir, for everything you did."])
def test_a_line_with_sir_that_is_no_salutation(line):
    assert f"<salute>{line}</salute>" not in _convert(LETTER.format(salute=line))


def test_a_sentence_wrapped_over_short_lines_is_no_letter_parts():
    text = (
        "LETTER II.\n\nIn 1784 he enlisted, thinking he was joining the marines,\nand found himself in a regiment\n"
        "Scotia.\n\nThere he rose quickly to be sergeant-major, and stayed for seven years.\n"
    )
    body = _body(_convert(text))
    assert "marines,<lb" in body


def test_a_title_page_byline_word_alone_over_the_name_names_the_author():
    text = (
        "THE\nLIFE OF\nWILLIAM COBBETT\n\nBY\n\nEDWARD SMITH\n\nLONDON\n1878\n\n\n\nCONTENTS\n\n"
        "CHAPTER I. EARLY YEARS . . . . . . 1\nCHAPTER II. IN THE ARMY . . . . . . 17\n\n\n\n"
        f"CHAPTER I.\n\n{PROSE}\n"
    )
    xml = _convert(text)
    assert "<author>Edward Smith</author>" in xml


def test_by_over_a_sentence_names_no_author():
    text = f"THE LIFE\n\nBY\n\nwhich he meant the whole of it, 1878\n\n{PROSE}\n"
    assert "<author>" not in _convert(text)


VOLUME_PAGES = (  # a volume's pages from the middle: the end of a letter begun on an earlier page, then a letter
    "to you by the next post. I have been ill for a fortnight and could not write, and the doctor forbids all\n"
    "work for another week at least.\n\nYours,\n\nK. M.\n\n\n"
    "XIV\n\nMARX TO ENGELS\n\nLondon, 3 March 1869\n\nDear Fred,\n\n"
    "The enclosed from Paris will amuse you. The fellows there have at last understood what it means.\n\n"
    "Yours,\n\nK. M.\n"
)


def test_the_end_of_a_letter_begun_on_an_earlier_page_is_its_final_part(tei_all):
    from tei_edition.validate.schema import schema_diagnostics, validate_fast

    _, tree = convert(VOLUME_PAGES)
    first = tree.find(".//t:body/t:div/t:div", NS)
    assert first.get("type") == "letter" and first.get("part") == "F"
    assert ["".join(s.itertext()) for s in first.findall("t:closer/*", NS)] == ["Yours,", "K. M."]
    assert tree.find(".//t:div[@n='XIV']/t:opener", NS) is not None
    assert validate_fast(tree), schema_diagnostics(tree, "t.xml")
    assert tei_all.validate(tree), tei_all.error_log


def test_text_before_the_first_section_without_a_signature_is_no_letters_end():
    _, tree = convert(VOLUME_PAGES.replace("Yours,\n\nK. M.\n\n\nXIV", "And so it went on.\n\n\nXIV", 1))
    assert tree.find(".//t:div[@part]", NS) is None
