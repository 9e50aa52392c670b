"""The header's title (issue 12): the document's own title lines, without notes, joined with a space, never cut short;
a title the text does not give is supplied and says so."""

from __future__ import annotations

from lxml import etree

from tei_edition import TEI_NS
from tei_edition.convert import convert_bytes
from tei_edition.model import LINE_BREAK, Document, Node
from tei_edition.tei.header import SUPPLIED_TITLE, _title_from_text

NS = {"t": TEI_NS}


def _doc(front):
    return Document(front=front, date_block=None, witnesses=[], notes_section=[], trailing_newlines=0, notes_present=False, year=None)


def test_title_lines_join_with_a_space_and_leave_notes_out():
    long = "A title " + "of many words " * 10 + "that is never cut"
    front = [
        Node(
            "docTitle",
            children=[
                Node(
                    "titlePart",
                    {"type": "main"},
                    ["A file with a BOM", LINE_BREAK, "and CRLF line ends", Node("note", {"n": "1"}, ["A note's text."]), "."],
                ),
                Node("titlePart", {"type": "main"}, [long]),
                Node("titlePart", {"type": "sub"}, ["R.S.D.L.P.\u00a0(B.)", LINE_BREAK, "1917"]),
            ],
        )
    ]
    # every title line in the order printed (a page's collection heading, its date, the item's own title…)
    assert _title_from_text(_doc(front)) == "A file with a BOM and CRLF line ends. " + long + " R.S.D.L.P.\u00a0(B.) 1917"
    # a no-break space is a character of the title, kept


def test_no_title_lines_give_no_title():
    assert _title_from_text(_doc([Node("docAuthor", children=["V. I. Lenin"])])) == ""


def _header(text: bytes):
    result = convert_bytes(text, "untitled.txt", None, "mia")
    tree = etree.fromstring(result.xml)
    return tree, result


def test_a_text_without_a_title_gets_a_supplied_title_marked_as_such():
    tree, result = _header("\ufeffA file with a BOM\r\nand CRLF line ends.{1}\r\n\r\n{1} A note.\r\n".encode())
    titles = tree.xpath("//t:titleStmt/t:title", namespaces=NS)
    assert [t.text for t in titles] == [SUPPLIED_TITLE]
    assert SUPPLIED_TITLE.startswith("[") and SUPPLIED_TITLE.endswith("]")
    note = tree.xpath("//t:fileDesc/t:notesStmt/t:note[@type='title']", namespaces=NS)
    assert len(note) == 1 and "supplied" in note[0].text
    assert "BOM" not in "".join(tree.xpath("//t:teiHeader//t:title//text()", namespaces=NS))
    assert any(d.code == "W140" and "a title" in d.message for d in result.diagnostics)


def test_a_metadata_title_is_not_marked_supplied(tmp_path):
    from tei_edition.metadata import load_metadata

    toml = tmp_path / "edition.toml"
    toml.write_text('[document]\ntitle = "Given"\n', encoding="utf-8")
    tree = etree.fromstring(convert_bytes(b"Some text.\n", "t.txt", load_metadata(toml), "plain").xml)
    assert tree.xpath("//t:titleStmt/t:title/text()", namespaces=NS) == ["Given"]
    assert not tree.xpath("//t:notesStmt", namespaces=NS)


def test_a_short_first_line_that_reads_as_a_heading_is_the_supplied_title():
    result = convert_bytes(b"Glossary of Organisations\n\nLeague of Peace and Freedom. A pacifist organisation.\n", "g.txt", None, "plain")
    tree = etree.fromstring(result.xml)
    titles = tree.xpath("//t:titleStmt/t:title", namespaces=NS)
    assert [t.text for t in titles] == ["[Glossary of Organisations]"]
    assert "supplied" in tree.xpath("//t:fileDesc/t:notesStmt/t:note[@type='title']", namespaces=NS)[0].text


def test_the_first_short_lines_of_a_paragraph_are_the_supplied_title_until_a_sentence():
    text = (
        b"From Thomas Jefferson to George Washington, 10 May 1781\nTo George Washington\n"
        b"In Council May 10th. 1781.\nSir\nThe papers of the Executive are here.\n"
    )
    tree = etree.fromstring(convert_bytes(text, "j.txt", None, "plain").xml)
    assert tree.xpath("//t:titleStmt/t:title/text()", namespaces=NS) == [
        "[From Thomas Jefferson to George Washington, 10 May 1781 To George Washington]"
    ]


SPEECH_BODY = (  # (a web page copied line by line: each line a paragraph, no blank lines)
    "Delivered: 6 March, 1922\n"
    "Source: Collected Works, 2nd English Edition, Progress Publishers, Moscow, 1965, Volume 33, pages 212-226\n"
    "Comrades, permit me to depart somewhat from your usual procedure and speak today not of the subjects on the "
    "agenda of your meeting and Congress, but of my conclusions on the principal political problems.\n"
    "That is why I think in this case it will not be out of place to depart from the usual procedure and to speak "
    "not so much on trade union and Party issues as on political issues.\n"
    "Of course, comrades, you all know that Genoa remains in the forefront of the problems of our international "
    "politics, and I shall begin with it.\n"
)


def _title(text: str) -> str:
    xml = convert_bytes(text.encode(), "t.txt").xml
    tree = etree.fromstring(xml)
    return tree.findtext(".//t:titleStmt/t:title", namespaces=NS)


def test_a_title_wrapped_over_the_lines_of_a_text_whose_lines_are_its_blocks_is_one_title():
    head = "Speech Delivered To A Meeting\nOf The Communist Group At The Congress\nof Metalworkers, March 6, 1922\n"
    assert (
        _title(head + SPEECH_BODY) == "Speech Delivered To A Meeting Of The Communist Group At The Congress of Metalworkers, March 6, 1922"
    )


def test_a_line_under_the_title_that_does_not_go_on_with_it_is_not_joined():
    # ("To George Washington" heads a letter; "Newspaper Report" begins with no continuing word)
    for second in ("To George Washington and the Delegates", "Newspaper Report"):
        assert _title(f"Speech at the Stone-Laying Ceremony\n{second}\n" + SPEECH_BODY) == "Speech at the Stone-Laying Ceremony"
