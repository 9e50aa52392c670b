"""Chrome line by line and printed page furniture (tei_edition/reader/chrome.py), and what the reading text leaves out
(tei_edition/tei/vocabulary.py NOT_THE_TEXT): each convention fires on its evidence, not on a near miss, and the
source is rebuilt byte for byte."""

from __future__ import annotations

import pytest
from lxml import etree

from tei_edition.convert import convert_bytes
from tei_edition.export.text import export_reading
from tests.conversion import NS, T, convert


def body_ps(tree) -> list[str]:
    return ["".join(p.itertext()) for p in tree.iterfind(".//t:body//t:p", NS)]


def fired(result, name: str) -> list[dict]:
    return [c for c in result.report()["conventions"] if c["convention"] == name]


def fws(tree) -> list[tuple[str, str]]:
    return [(fw.get("type"), fw.text) for fw in tree.iterfind(".//t:fw", NS)]


PARA = "The text of the page, a paragraph long enough to be running text of the printed book.\n"


def test_chrome_lines_then_page_furniture_are_split():
    text = "Page:A Book.djvu/14\n\nFrom Wikisource\nJump to navigation Jump to search\n52\nA RUNNING HEAD\n\n" + PARA
    result, tree = convert(text)
    assert body_ps(tree) == [PARA.strip()]
    assert fws(tree) == [("pageNum", "52"), ("header", "A RUNNING HEAD")]
    assert [pb.get("n") for pb in tree.iterfind(".//t:pb", NS)] == ["52"]
    chrome = tree.find(".//t:front/t:ab[@type='chrome']", NS)
    assert "".join(chrome.itertext()) == "From WikisourceJump to navigation Jump to search"
    reading = export_reading(tree).decode()
    assert "Wikisource" not in reading and "RUNNING HEAD" not in reading and "52" not in reading
    assert fired(result, "page-furniture") and fired(result, "chrome")


def test_page_number_alone_after_chrome_lines():
    _, tree = convert("From Wikisource\nThis page has been proofread.\n7\n\n" + PARA + "\n" + PARA)
    assert fws(tree) == [("pageNum", "7")]
    assert len(body_ps(tree)) == 2


@pytest.mark.parametrize("top", ["522\nФ. ЭНГЕЛЬС\n", "THE LETTERS OF THE YEAR\n523\n", "[14]\nCHAPTER THE FIRST\n"])
def test_page_top_at_the_start_of_the_text(top):
    result, tree = convert(top + "the text goes on from the page before.\nAnd its second line.\n\n" + PARA, "general")
    assert sorted(t for t, _ in fws(tree)) == ["header", "pageNum"]
    assert len(tree.findall(".//t:pb", NS)) == 1
    assert body_ps(tree)[0].startswith("the text goes on")
    assert fired(result, "page-furniture")[0]["line"] == 1


@pytest.mark.parametrize(
    "text",
    [
        # a number alone at the top, no running head: a section number, not furniture
        "1\nThe first section begins at once on the next line.\n\n" + PARA,
        # a number and a line in lower case: text
        "1918\nwas the year of the treaty, and the text says so.\n\n" + PARA,
        # a running head and a number in the middle of the text: not at the top
        PARA + "\n" + PARA + "\nA HEAD\n12\nthe text\n",
        # a heading in capitals alone: no page number next to it
        "A TITLE IN CAPITALS\nand a line of text under it.\n\n" + PARA,
    ],
)
def test_not_page_furniture(text):
    result, tree = convert(text, "general")
    assert not fws(tree) and not fired(result, "page-furniture")


def test_one_line_between_chrome_is_the_text():
    """A one-line text with chrome before and after is the text, not the page's title."""
    _, tree = convert("The text of the page.\n\n< backward | Contents | forward >\n\nWorks Index | Volume 24 | Index\n")
    assert body_ps(tree) == ["The text of the page."]


def test_chrome_after_the_page_title_stays_in_order():
    result, tree = convert("The Page Title\n\nLenin > 1918 > Works\n\n" + PARA)
    front = tree.find(".//t:front", NS)
    assert [c.tag.removeprefix(T) for c in front] == ["docTitle", "ab"]
    assert body_ps(tree) == [PARA.strip()]


GUTENBERG = (
    "The Project Gutenberg EBook of Letters, by A. Writer\n\nTitle: Letters\n\n"
    "*** START OF THIS PROJECT GUTENBERG EBOOK LETTERS ***\n\nThe only paragraph of the book.\n\n"
    "*** END OF THIS PROJECT GUTENBERG EBOOK LETTERS ***\n\nThe licence text, in full.\n"
)


def test_reading_text_leaves_out_a_distributors_header_and_licence():
    _, tree = convert(GUTENBERG, "gutenberg")
    reading = export_reading(tree).decode()
    assert reading.strip() == "The only paragraph of the book."


BOOK_TOP = "A BOOK OF LETTERS\n\nBY A. WRITER\n\n"
ENTRIES = "1. To a Friend\n2. To the Same\n3. To a Publisher\n\n"
BODY = "The first letter begins here, with a paragraph long enough to be running text of the book.\n\nMore text.\n"


def test_contents_after_a_title_page_go_to_front():
    result, tree = convert(BOOK_TOP + "CONTENTS OF THE VOLUME.\n\nPART ONE.\n\n" + ENTRIES + BODY, "general")
    div = tree.find(".//t:front/t:div[@type='contents']", NS)
    assert div is not None and div.findtext("t:head", namespaces=NS) == "CONTENTS OF THE VOLUME."
    assert [i.text for i in div.iterfind(".//t:list[@type='toc']/t:item", NS)] == ["To a Friend", "To the Same", "To a Publisher"]
    assert not any(p.startswith(("CONTENTS", "PART ONE", "BY A.")) for p in body_ps(tree))
    assert fired(result, "contents")


def test_contents_after_a_distributors_header():
    text = GUTENBERG.replace("The only paragraph of the book.", BOOK_TOP + "Contents\n\n" + ENTRIES + BODY.strip())
    _, tree = convert(text, "gutenberg")
    front = [c.get("type") for c in tree.find(".//t:front", NS)]
    assert front == ["pgHeader", "titlePage", "contents"]
    assert body_ps(tree)[0].startswith("The first letter")


@pytest.mark.parametrize(
    "text",
    [
        # the word as the head of a paragraph, with no entries after it
        BOOK_TOP + "Contents\n\n" + BODY,
        # a long paragraph before the head: not a title page
        BODY + "\nCONTENTS\n\n" + ENTRIES + BODY,
        # a sentence beginning with the word
        BOOK_TOP + "Contents of this kind were found in every house we searched, and listed.\n\n" + ENTRIES + BODY,
    ],
)
def test_not_contents(text):
    result, tree = convert(text, "general")
    assert tree.find(".//t:div[@type='contents']", NS) is None and not fired(result, "contents")


PARAS = "".join(f"Paragraph {i} of the book, long enough to be running text of the book.\n\n" for i in range(6))


def test_index_at_the_end_goes_to_back():
    result, tree = convert(PARAS + 'INDEX.\n\nAbbot, 12.\n\nBaker, John, 14.\n\n"Cobbler, The," 31.\n\nZurich, 44.\n\nTHE END\n', "general")
    div = tree.find(".//t:back/t:div[@type='index']", NS)
    assert div.findtext("t:head", namespaces=NS) == "INDEX." and div.findtext("t:trailer", namespaces=NS) == "THE END"
    assert len(body_ps(tree)) == 6
    assert fired(result, "index")


def test_not_an_index_when_the_entries_are_not_in_order():
    result, tree = convert(PARAS + "Index\n\nZurich, 44.\n\nBaker, 14.\n\nYork, 2.\n\nAbbot, 12.\n", "general")
    assert tree.find(".//t:div[@type='index']", NS) is None and not fired(result, "index")


def test_producers_credit_after_the_start_line_is_the_header():
    text = GUTENBERG.replace("LETTERS ***\n\nThe only", "LETTERS ***\n\nProduced by A. Volunteer.\n\nThe only", 1)
    result, tree = convert(text, "gutenberg")
    header = "".join(tree.find(".//t:front/t:div[@type='pgHeader']", NS).itertext())
    assert "Produced by" in header and body_ps(tree) == ["The only paragraph of the book."]
    # a credit further on, after the text has begun, is text
    later = GUTENBERG.replace("The only paragraph of the book.", "The first paragraph.\n\nProduced by the author himself.", 1)
    _, tree = convert(later, "gutenberg")
    assert body_ps(tree) == ["The first paragraph.", "Produced by the author himself."]


def test_a_chrome_line_naming_the_document_gives_the_header_its_title():

    from tei_edition.tei.names import TEI as T

    text = 'Skip to main content\n\nFull text of "The Life of a Printer : his letters."\n\nSee other formats\n\nThe first paragraph of the book, long enough to be text.\n\nThe second.\n'
    result = convert_bytes(text.encode(), "a.txt")
    root = etree.fromstring(result.xml)
    assert root.find(f".//{T}titleStmt/{T}title").text == "The Life of a Printer : his letters."
    assert any(c["convention"] == "page-title" for c in result.report()["conventions"])
    near = convert_bytes(b"Full text of the report follows below, as printed.\n\nThe text.\n", "b.txt")
    assert b"page-title" not in str(near.report()["conventions"]).encode()
