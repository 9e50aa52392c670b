"""A wiki copy of an archive's letter (its lines its blocks, no blank lines): the wiki's menu tables and template
lines are chrome however many lines they take; a metadata table ("| Author(s) | … |") is the page's info block; the
source lines and headings after it are front matter; "Printed according to the original" names no version. Made-up
text of the shape (not a sample's wording)."""

from __future__ import annotations

from tests.conversion import NS, convert

PAGE = (
    "\n".join(
        [
            "| Category | Template | Form |",
            "|---|---|---|",
            "| Text | Text | Text |",
            "| Author | Author | Author |",
            "| Collection | Collection | Collection |",
            "| Keywords | Keywords | Keywords |",
            "| Subpage | Subpage | Subpage |",
            "| Template | Form |",
            "|---|---|",
            "| BrowseTexts | BrowseTexts |",
            "Template:GalleryAuthorsPreviewSmall",
            "Special pages :",
            "Letter to Karl Marx, May 5, 1865",
            "| Author(s) | Friedrich Engels |",
            "|---|---|",
            "| Written | 5 May 1865 |",
            "Printed according to the original",
            "Published in English for the first time in Marx-Engels Collected Works, Volume 42",
            "ENGELS TO MARX",
            "IN LONDON",
            "Manchester, 5 May 1865",
            "Dear Moor,",
            "The parcel with the books has come today and I thank you for it; the rest I shall send on to Liebknecht as soon"
            " as the money from the firm is paid out at the end of the month, which cannot be long now.",
            "The old man is here again and there is no end of business with him; I shall write more fully on Sunday.",
            "Your",
            "F. E.",
            'Retrieved from "https://wiki.example.org/index.php?title=Letter&oldid=1"',
        ]
    )
    + "\n"
)


def test_the_wiki_menu_is_chrome_however_many_lines():
    _, tree = convert(PAGE)
    chrome = tree.xpath("//t:front/t:ab[@type='navigation' or @type='chrome']", namespaces=NS)
    assert len(chrome) == 12
    assert tree.findtext(".//t:titleStmt/t:title", namespaces=NS) == "Letter to Karl Marx, May 5, 1865"


def test_the_metadata_table_is_the_info_block():
    _, tree = convert(PAGE)
    assert tree.findtext(".//t:titleStmt/t:author", namespaces=NS) == "Friedrich Engels"
    assert tree.find(".//t:profileDesc/t:creation/t:date", NS).get("when") == "1865-05-05"
    assert len(tree.xpath("//t:front/t:ab[@type='sourceInfo']", namespaces=NS)) == 3
    assert not tree.xpath("//t:body//t:p[starts-with(., '|')]", namespaces=NS)


def test_the_source_lines_after_the_table_are_front_matter_and_name_no_version():
    _, tree = convert(PAGE)
    assert not tree.xpath("//t:group", namespaces=NS)
    notes = ["".join(b.itertext()) for b in tree.xpath("//t:front//t:bibl[@type='sourceNote']", namespaces=NS)]
    assert notes == [
        "Printed according to the original",
        "Published in English for the first time in Marx-Engels Collected Works, Volume 42",
    ]
    assert tree.findtext(".//t:opener/t:salute", namespaces=NS) == "Dear Moor,"
    assert ["".join(s.itertext()) for s in tree.xpath("//t:closer/t:signed", namespaces=NS)] == ["F. E."]


def test_a_table_of_other_labels_is_no_info_block():
    _, tree = convert(
        "Report\n\n| Item | Cost |\n|---|---|\n| Paper | 3 |\n| Ink | 2 |\n\nThe costs were paid by the branch in full, as the treasurer said.\n"
    )
    assert not tree.xpath("//*[@type='sourceInfo']", namespaces=NS)
