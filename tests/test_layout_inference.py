"""What the layout of a plain text says where its own marks do not (tei_edition/reader/blocks.py and the modules that
use layout as evidence): paragraphs of a hard-wrapped text without blank lines. Each rule fires on its evidence and
not on a near miss, and the source is rebuilt byte for byte."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from tei_edition.convert import convert_bytes
from tei_edition.export.text import export_reading, export_source
from tei_edition.model import Block
from tei_edition.reader.blocks import split_blocks, wrapped_paragraphs
from tests.conversion import NS, convert


def body_ps(tree) -> list[str]:
    return [" ".join("".join(p.itertext()).split()) for p in tree.iterfind(".//t:body//t:p", NS)]


# ------------------------------------------------------------------ paragraphs from the layout

LETTER_IT = (
    "Firenze, 12 marzo 1872\n"
    "Caro amico,\n"
    "ho ricevuto la vostra lettera del 3 corrente e vi rispondo subito, perché la\n"
    "posta parte stasera e non voglio che restiate senza notizie della riunione che\n"
    "si è tenuta domenica scorsa nella sala della società operaia.\n"
    "I compagni hanno deciso di pubblicare il manifesto in mille copie. La spesa\n"
    "sarà divisa fra le sezioni, secondo il numero dei soci di ciascuna, e il conto\n"
    "vi sarà mandato appena la tipografia avrà finito il lavoro.\n"
    "Salutatemi tutti gli amici di Londra.\n"
    "Vostro\n"
    "C. Cafiero\n"
)


def test_hard_wrapped_letter_without_blank_lines_has_paragraphs():
    _, tree = convert(LETTER_IT)
    ps = body_ps(tree)
    assert ps[0].startswith("ho ricevuto") and ps[0].endswith("società operaia.")
    assert ps[1].startswith("I compagni") and ps[1].endswith("finito il lavoro.")
    # the short lines at either end stand alone, and the letter's reader takes them (salutation, closing, signature)
    assert ps[2] == "Salutatemi tutti gli amici di Londra." and len(ps) == 3
    xml = etree.tostring(tree, encoding="unicode")
    assert "<salute>Caro amico,</salute></opener>" in xml and "<signed>C. Cafiero</signed></closer>" in xml
    # the parts follow each other on the next line: layout's `joined`, never a blank line of its own
    assert "<?tei-edition joined?>" in etree.tostring(tree, encoding="unicode")


def test_indented_first_lines_begin_paragraphs():
    text = (
        "  The council met at eight o'clock in the evening, the chairman reading the\n"
        "minutes of the previous sitting, which were confirmed without a discussion.\n"
        "  The correspondence was read next. The delegates from the north reported\n"
        "that the strike had ended and that the men had gone back on the old terms,\n"
        "  though with the promise of an inquiry into the wages of the spinners, and\n"
        "the council thanked them. A member proposed that the address be printed.\n"
    )
    _, tree = convert(text)
    ps = body_ps(tree)
    # the third indented line continues a sentence ("terms,"): no paragraph begins there
    assert len(ps) == 2 and ps[1].startswith("The correspondence") and "though with the promise" in ps[1]


def test_never_inside_a_sentence():
    # short lines, capitals after them, but every line end is inside a sentence (or after an initial)
    text = (
        "The letter was written by Mr.\n"
        "Smith to the committee of the society in London, which had asked him for it,\n"
        "and it was read to the members by K.\n"
        "Marx at the sitting of the council, where it was discussed at some length\n"
        "and then sent to the printer, who set it in the usual type for the paper\n"
        "of the following week, with the minutes and the list of the new members.\n"
    )
    _, tree = convert(text)
    assert len(body_ps(tree)) == 1


def test_verse_address_list_are_not_split():
    verse = "Over the hills and far away\nThe morning wind is calling,\nAlong the road the carters sway,\nThe yellow leaves are falling.\nWe sing of bread, we sing of wine,\nWe sing of home and mother,\n"
    address = "Mr. Frederick Engels,\n6 Thorncliffe Grove,\nOxford Road,\nManchester.\nEngland.\nBy the evening post.\n"
    items = (
        "1. The committee shall meet once a week, on Tuesday, at eight o'clock in the\n"
        "   evening, in the rooms of the society.\n"
        "2. Every member shall pay his dues to the treasurer at the first meeting.\n"
        "3. The secretary shall keep the minutes.\n"
        "4. No member shall speak more than twice on one question.\n"
        "5. The treasurer shall report every quarter.\n"
    )
    for text in (verse, address, items):
        assert [b.text for b in split_blocks(text)[0]] == [text.rstrip("\n")]


def test_table_and_bracket_are_not_split():
    table = "".join(f"Line {i} of the account for the month   {i * 7} florins   paid in full.\n" for i in range(8))
    bracket = (
        "[Music: treble clef, key of F major, 3/4 time, with the words of the canon,\n"
        "sung by the four voices one after another, each entering after one bar.\n"
        "Short line.\n"
        "The last voice ends on the tonic, and the first begins again at the sign\n"
        "of the repeat, as long as the singers like, until the leader gives the sign.\n"
        "The end.]\n"
    )
    for text in (table, bracket):
        assert len(split_blocks(text)[0]) == 1


def test_blocks_with_blank_lines_keep_their_paragraphs():
    # an ordinary wrapped text with blank lines: nothing to infer, each block stays whole
    para = "The text of the page goes on for a while, long enough to be running text of a book,\nand ends here.\n"
    blocks, _ = split_blocks(para + "\n" + para)
    assert len(blocks) == 2


LINE = st.builds(
    lambda words, end: " ".join(words) + end,
    st.lists(
        st.sampled_from(["the", "Council", "met", "and", "K.", "Mr.", "workers", "(Applause.)", "[Music", "]", "I"]),
        min_size=1,
        max_size=16,
    ),
    st.sampled_from(["", ".", ",", ":", "!", " ", "-"]),
)


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(st.lists(st.tuples(st.sampled_from(["", "  ", "\t"]), LINE), min_size=1, max_size=14))
def test_any_split_keeps_the_text(lines):
    text = "\n".join(indent + line for indent, line in lines)
    block = Block(text, 5, 1)
    parts = wrapped_paragraphs(block)
    assert "\n".join(p.text for p in parts) == text
    assert [p.start for p in parts] == [5 + text.find(p.text, p.start - 5) for p in parts]
    assert all(p.blank_before == 0 for p in parts[1:])


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(st.lists(st.tuples(st.sampled_from(["", "  "]), LINE), min_size=6, max_size=12))
def test_any_split_round_trips(lines):
    text = "\n".join(indent + line for indent, line in lines) + "\n"
    result = convert_bytes(text.encode(), "t.txt")
    tree = etree.ElementTree(etree.fromstring(result.xml))
    assert export_source(tree) == text.encode()
    assert export_reading(tree)


# ------------------------------------------------------------------ the printed page's furniture


def test_page_top_of_a_text_whose_lines_are_its_paragraphs():
    # the whole text one block of long lines (reader/blocks.py line_blocks): its first two lines are the page's top
    long = "The paragraph of the printed page goes on for a long while, " * 3
    text = "317\nLETTERS FROM LONDON\n" + long + "\n" + long + "\nThe last line.\n"
    _, tree = convert(text)
    assert [pb.get("n") for pb in tree.iterfind(".//t:pb", NS)] == ["317"]
    assert [fw.get("type") for fw in tree.iterfind(".//t:fw", NS)] == ["pageNum", "header"]
    assert "LETTERS FROM LONDON" not in export_reading(tree).decode()


def test_no_page_top_when_the_lines_are_not_a_number_and_a_head():
    long = "The paragraph of the printed page goes on for a long while, " * 3
    _, tree = convert("1917\nthe year of the revolution, as the text says.\n" + long + "\n" + long + "\n")
    assert tree.find(".//t:fw", NS) is None


# ------------------------------------------------------------------ figures and music where the text has a placeholder


def test_placeholders_are_figures_and_music():
    text = (
        "[Illustration]\n\n[Illustration: THE HOUSE AT BONN\nwhere he was born]\n\n"
        "The canon goes [Music: F E D] and then\n[Abbildung 3] shows the rest; [Music: Treble clef.\nWhere? where?] ends it.\n"
    )
    _, tree = convert(text)
    figures = tree.findall(".//t:figure", NS)
    assert len(figures) == 3
    assert "".join(figures[1].find("t:head", NS).itertext()) == "THE HOUSE AT BONNwhere he was born"  # (an lb between)
    music = tree.findall(".//t:notatedMusic", NS)
    assert [m[0].tag.split("}")[1] for m in music] == ["desc", "label"]  # (a label holds line ends, a desc does not)
    reading = export_reading(tree).decode()
    assert "[Illustration" not in reading and "[Music" not in reading and "F E D" in reading


def test_brackets_that_are_no_placeholders():
    # an editor's insertion beginning with the same word, a word inside a sentence: supplied, never a figure
    _, tree = convert("The worthy Sir George Smart [Music Director] and the [Map of the town] he drew; music [here].\n")
    assert tree.find(".//t:figure", NS) is None and tree.find(".//t:notatedMusic", NS) is None
    assert len(tree.findall(".//t:supplied", NS)) == 3


# ------------------------------------------------------------------ an OCR'd printed volume: hyphens and page marks


def test_a_word_broken_at_a_line_end_is_one_word_in_the_reading_text():
    text = "the widest circles of the revolu- \ntionary workers and the Ge-\nschichte of the well-\nknown and well-known men.\n"
    _, tree = convert(text)
    pcs = tree.findall(".//t:pc", NS)
    assert [pc.get("force") for pc in pcs] == ["weak", "weak"]  # not "well-/known": the text writes "well-known"
    assert all(pc.getnext().get("break") == "no" for pc in pcs)
    reading = export_reading(tree).decode()
    assert "revolutionary workers" in reading and "Geschichte" in reading and "well- known and" in reading


@pytest.mark.parametrize(
    "text",
    [
        "the years 1917-\n1918 of the war\n",  # digits
        "the great Anti-\nDühring of Engels\n",  # a capital after the line end
        "the line ends with a dash --\nand goes on\n",  # a dash, no letter before it
        "a hyphen - \nalone between spaces\n",
    ],
)
def test_hyphens_that_stay(text):
    _, tree = convert(text)
    assert tree.find(".//t:pc", NS) is None
    assert tree.find(".//t:lb[@break='no']", NS) is None


def test_page_marks_are_page_breaks():
    text = "The first page goes on |1| to the second, and [p. 12] the next [Page 13] and [S. 14] end.\n"
    _, tree = convert(text)
    assert [pb.get("n") for pb in tree.iterfind(".//t:pb", NS)] == ["1", "12", "13", "14"]
    reading = export_reading(tree).decode()
    assert "|1|" not in reading and "[p. 12]" not in reading and "Page" not in reading


def test_bars_and_brackets_that_are_no_page_marks():
    _, tree = convert("A cell | 12 | of the table, the year [1917] and |a| and ||3|| and [page twelve].\n", "general")
    assert tree.find(".//t:pb", NS) is None


# ------------------------------------------------------------------ several versions of one text on one page

SPEECH = (
    "Comrade Lenin said that the Soviets of Petrograd and Moscow had taken power on 25 October, and that the\n"
    "Congress would meet in Smolny to hear the report of the Military Revolutionary Committee.\n"
)


def test_a_text_and_its_translation_are_a_group():
    german = (
        "Genosse Lenin sagte, die Sowjets von Petrograd und Moscow hätten am 25 October die Macht ergriffen, und\n"
        "der Kongress werde in Smolny den Bericht des Military Revolutionary Committee hören.\n"
    )
    _, tree = convert(SPEECH + "\nGerman translation\n\n" + german)
    texts = tree.findall(".//t:group/t:text", NS)
    assert [t.get("type") for t in texts] == ["text", "translation"]
    assert "".join(texts[1].find(".//t:head", NS).itertext()) == "German translation"
    assert "Translation of text A" in "".join(tree.find(".//t:witness[@n='B']", NS).itertext())


def test_a_version_heading_over_other_content_is_no_version():
    other = (
        "The difficulty of rendering the style of these speeches into another language has often been discussed;\n"
        "the editors have chosen a literal rendering, which keeps the roughness of the prose.\n"
    )
    _, tree = convert(SPEECH + "\nTranslation\n\n" + other)
    assert tree.find(".//t:group", NS) is None
    # nor a sentence that names a version, however much the texts share
    _, tree = convert(SPEECH + "\nThis is the translation of the report.\n\n" + SPEECH)
    assert tree.find(".//t:group", NS) is None


def test_a_running_head_that_recurs_among_the_text_is_page_furniture():
    para = "the text of the page goes on from the page before, as an OCR of the book has it.\n"
    text = "The first paragraph.\n\n12\nTHE LIFE OF LENIN\n" + para + "\nTHE LIFE OF LENIN\n13\n" + para
    _, tree = convert(text)
    assert [pb.get("n") for pb in tree.iterfind(".//t:body//t:pb", NS)] == ["12", "13"]
    assert len(tree.findall(".//t:body//t:fw", NS)) == 4
    assert "LIFE OF LENIN" not in export_reading(tree).decode()


def test_a_head_and_number_once_among_the_text_stay_text():
    para = "the text of the page goes on from the page before, as an OCR of the book has it.\n"
    _, tree = convert("The first paragraph.\n\n12\nTHE LIFE OF LENIN\n" + para + "\nANOTHER HEAD\n13\n" + para)
    assert tree.find(".//t:body//t:fw", NS) is None
