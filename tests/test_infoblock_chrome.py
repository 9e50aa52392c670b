"""The page's info block and a website's chrome (tei_edition/reader/infoblock.py, chrome.py): recognised by shape,
whatever the profile, kept out of the body and the reading text, read into the header; negative cases stay text."""

from __future__ import annotations

import json

import pytest

from tei_edition.export.text import export_reading
from tests.conversion import NS, convert


def body_ps(tree) -> list[str]:
    return ["".join(p.itertext()) for p in tree.iterfind(".//t:body//t:p", NS)]


INFO = (
    "V. I. Lenin\n\nTo the Workers\n\n"
    "Written: May 3, 1919; First Published: 1942\n"
    "Source: Collected Works, Volume 41, pages 431-433\n"
    "Translated: A. Translator\n"
    "Transcription\\Markup: B. Transcriber\n"
    "Public Domain: Marxists Internet Archive (2003).\n\n"
    "Comrades, the text.\n"
)


@pytest.mark.parametrize("profile", ["mia", "plain", "wikisource"])
def test_info_block_at_the_top_goes_to_front_and_header(profile):
    result, tree = convert(INFO, profile)
    assert [p[:8] for p in body_ps(tree)] == ["Comrades"]
    assert tree.find(".//t:front/t:div[@type='sourceInfo']", NS) is not None
    resp = {r.findtext("t:resp", namespaces=NS): r.findtext("t:name", namespaces=NS) for r in tree.iterfind(".//t:respStmt", NS)}
    assert resp["translation"] == "A. Translator" and resp["transcription and markup"] == "B. Transcriber"
    scopes = {b.get("unit"): (b.get("from"), b.get("to")) for b in tree.iterfind(".//t:sourceDesc/t:bibl/t:biblScope", NS)}
    assert scopes == {"volume": ("41", "41"), "page": ("431", "433")}
    assert tree.find(".//t:creation/t:date", NS).get("when") == "1919-05-03"
    assert "publicdomain" in tree.find(".//t:availability/t:licence", NS).get("target")
    assert "Translated" not in export_reading(tree).decode()
    fired = [c for c in result.report()["conventions"] if c["convention"] == "info-block"]
    assert fired and fired[0]["line"] == 5 and "6 field(s)" in fired[0]["evidence"]


def test_info_block_at_the_bottom_goes_to_back():
    _, tree = convert("A Title\n\nThe text.\n\nSource: MECW, Volume 43, p. 221;\nOnline Version: 2000\n")
    assert body_ps(tree) == ["The text."]
    assert tree.find(".//t:back/t:div[@type='sourceInfo']", NS) is not None


@pytest.mark.parametrize(
    "text",
    [
        # a paragraph of the text that begins "Source:" (no digit, running text) is text
        "A Title\n\nSource: the workers themselves, who told us how they were treated.\n\nMore text.\n",
        # one weak field alone is not an info block
        "A Title\n\nThe text.\n\nTranslated: somebody\n",
        # a field in the middle of the text, far from top and bottom
        "A Title\n\n"
        + "".join(f"Paragraph {i} of the text, long enough to be one.\n\n" for i in range(12))
        + "Source: MECW, Volume 43, p. 221; Written: 1869\n\n"
        + "".join(f"Paragraph {i} again, the text going on.\n\n" for i in range(12)),
    ],
)
def test_not_an_info_block(text):
    result, tree = convert(text, "plain")
    assert tree.find(".//t:div[@type='sourceInfo']", NS) is None
    assert not [c for c in result.report()["conventions"] if c["convention"] == "info-block"]


CHROME = (
    "Skip to main content\n\nFrom Wikisource\nJump to navigation Jump to search\n\nMIA > Archive > Lenin > Works\n\n"
    "The Title\n\nA paragraph of the text.\n\n[1] A note.\n\n"
    "< backward   forward >\nWorks Index   |   Volume 44 | Collected Works   |   L.I.A. Index\n\n"
    'Retrieved from "https://example.org/x"\n'
)


def test_chrome_top_and_bottom_out_of_reading_text_and_html():
    from tei_edition.export.html import export_html

    result, tree = convert(CHROME, "mia")
    assert body_ps(tree) == ["A paragraph of the text."]
    assert len(tree.findall(".//t:front/t:ab[@type]", NS)) == 3
    assert tree.find(".//t:back/t:div[@type='chrome']", NS) is not None
    note = tree.find(".//t:note[@n='1']", NS)
    assert "".join(note.itertext()).strip() == "A note."  # the navigation is not made into the note's content
    reading = export_reading(tree).decode()
    html, _ = export_html(tree)
    for chrome in ("Skip to main content", "Jump to navigation", "MIA > Archive", "backward", "Works Index", "Retrieved from"):
        assert chrome not in reading
        assert chrome.replace(">", "&gt;") not in html
    assert {c["convention"] for c in result.report()["conventions"]} == {"chrome"}
    json.dumps(result.report())


@pytest.mark.parametrize(
    "line",
    [
        "A paragraph with one bar | in it, which is text.",
        "If a > b, then b < a, as everybody knows.",
        "Wages | Prices: the first | the second, a long sentence of the text that goes on and on and on beyond items.",
    ],
)
def test_not_chrome(line):
    _, tree = convert(f"{line}\n\nThe text.\n\n{line}\n", "plain")
    assert tree.find(".//t:ab[@type='navigation']", NS) is None and tree.find(".//t:div[@type='chrome']", NS) is None


JOINED_INFO = (
    "\n".join(
        [
            "Written: Written March 2 (15), 1917",
            "Published:",
            "First published in 1930 in Lenin Miscellany XIII.",
            "Sent from Zurich to Geneva.",
            "Source:",
            "Lenin",
            "Collected Works,",
            "Volume 43,",
            "pages 611-612.",
            "Translated: A. Translator",
            "Transcription\\Markup:",
            "B. Marker",
            "Dear Comrade,",
            "The parcel of pamphlets has come and we thank you; the rest will go to the comrades in Geneva by the next post,"
            " with the money for the printer.",
            "Delivery of the newspapers from the provinces is terribly irregular, and we have no sets ourselves, only odd"
            " numbers; send us what you can spare of them, and the resolutions as soon as they are printed.",
            "We send greetings to all the comrades. It is such a busy day today that we cannot write a longer letter, and"
            " so we shall write again on Monday about the conference and the rest.",
        ]
    )
    + "\n"
)


def test_an_info_block_whose_values_go_on_over_the_next_lines():
    """A mirror's text without blank lines: each line a block, a field's value on the lines after its label."""
    _, tree = convert(JOINED_INFO)
    assert tree.findtext(".//t:opener/t:salute", namespaces=NS) == "Dear Comrade,"
    assert not tree.xpath("//t:body//t:p[starts-with(., 'Source') or starts-with(., 'Lenin')]", namespaces=NS)
    scopes = tree.xpath("//t:sourceDesc/t:bibl[@type='printedEdition']/t:biblScope/@from", namespaces=NS)
    assert scopes == ["43", "611"]
    assert tree.xpath("//t:respStmt[t:resp='transcription and markup']/t:name/text()", namespaces=NS) == ["B. Marker"]
    assert tree.find(".//t:creation/t:date", NS).get("when") == "1917-03-15"
