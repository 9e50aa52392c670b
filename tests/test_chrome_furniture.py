"""Chrome line by line and printed page furniture (tei_edition/reader/chrome.py), and what the reading text leaves out
(tei_edition/tei/vocabulary.py NOT_THE_TEXT): each convention fires on its evidence, not on a near miss, and the
source is rebuilt byte for byte."""

from __future__ import annotations

import pytest
from lxml import etree

from tei_edition.convert import convert_bytes
from tei_edition.export.text import export_reading, export_source

T = "{http://www.tei-c.org/ns/1.0}"
NS = {"t": T[1:-1]}


def convert(text: str, profile: str | None = None):
    result = convert_bytes(text.encode(), "t.txt", profile=profile)
    tree = etree.ElementTree(etree.fromstring(result.xml))
    assert export_source(tree) == text.encode()  # the source form rebuilds byte for byte
    return result, tree


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
