"""The one header reader (tei_edition/tei/read_header.py, issue 12 item 5): package, build, the HTML and the PDF
export read a header's facts there; on what convert writes and on foreign TEI."""

from __future__ import annotations

import lxml.html
import pytest
from lxml import etree

from tei_edition.build import describe
from tei_edition.export.html.header import metadata
from tei_edition.export.pdf import _metadata
from tei_edition.package import header_fields
from tei_edition.tei.load import load_tei
from tei_edition.tei.read_header import read_header
from tests.conftest import CORPUS, SHARED

HEADER = b"""<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="de"><teiHeader><fileDesc>
<titleStmt><title type="main">Ein <hi>Brief</hi><note>Eine Anmerkung.</note> an  Engels</title>
<title type="sub">London, 1869</title><author>Karl Marx</author><author/><editor>E. Ditor</editor>
<respStmt><persName>A. Person</persName><resp><note>Transkription</note></resp></respStmt></titleStmt>
<publicationStmt><distributor>D</distributor><publisher>P</publisher><authority>A</authority>
<idno type="doi">10.1/x</idno><idno type="url">https://example.org/x</idno>
<availability status="free"><licence target="https://creativecommons.org/licenses/by/4.0/">CC BY 4.0</licence></availability>
<date when="2024-01-02">2 January 2024</date></publicationStmt>
<sourceDesc><bibl type="webPage"><ref target="https://example.org/src">page</ref></bibl>
<listWit><witness xml:id="w1" n="A">Der Druck</witness></listWit></sourceDesc></fileDesc>
<profileDesc><creation><date from="1869-02-24" to="1869-02-25">24-25 Feb 1869</date></creation>
<langUsage><language ident="de">Deutsch</language><language ident="en">English</language></langUsage></profileDesc>
</teiHeader><text xml:lang="en"><body><p>x</p></body></text></TEI>"""


def test_every_fact_of_a_header():
    h = read_header(etree.ElementTree(etree.fromstring(HEADER)))
    assert h.title == "Ein Brief an Engels"  # the title's words, never its note's
    assert h.titles == [("main", "Ein Brief an Engels"), ("sub", "London, 1869")] and h.subtitle == "London, 1869"
    assert h.authors == ["Karl Marx"] and h.editors == ["E. Ditor"]
    assert h.responsibilities == [("Transkription", "A. Person")]  # a resp written as a note (DTA) is still read
    assert h.publishers == [("distributor", "D"), ("publisher", "P"), ("authority", "A")]
    assert h.identifiers == [("doi", "10.1/x"), ("url", "https://example.org/x")]
    assert (h.identifier, h.identifier_type) == ("10.1/x", "doi")
    assert (h.licence, h.licence_url) == ("CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/")
    assert (h.published, h.published_text) == ("2024-01-02", "2 January 2024")
    assert (h.created, h.created_text) == ("1869-02-24", "24-25 Feb 1869")
    assert (h.language, h.text_language, h.languages) == ("de", "en", ["de", "en"])
    assert h.source_url == "https://example.org/src"
    assert [(w.id, w.siglum, w.description) for w in h.witnesses] == [("w1", "A", "Der Druck")]


def test_the_four_readers_agree():
    tree = etree.ElementTree(etree.fromstring(HEADER))
    fields, row, page = header_fields(tree), describe(tree), metadata(tree.getroot())
    pdf = _metadata(lxml.html.fromstring("<html><head></head><body></body></html>"), tree)
    assert fields.title == row["title"] == page.title == "Ein Brief an Engels"
    assert pdf["title"] == "Ein Brief an Engels — London, 1869" and pdf["subject"] == "London, 1869"
    assert fields.creators == page.authors == pdf["authors"] == ["Karl Marx"] and row["author"] == "Karl Marx"
    assert fields.identifier == row["idno"] == page.identifiers[0][1] == "10.1/x"
    assert fields.organisation == "A" and page.publisher == "D; P; A"  # each keeps its own choice
    assert fields.licence_url == page.licence_href and fields.language == page.language == pdf["lang"] == "de"
    assert row["date"] == fields.created == "1869-02-24" and page.date == fields.published == "2024-01-02"


def test_no_header_and_a_corpus():
    assert read_header(etree.fromstring(b'<TEI xmlns="http://www.tei-c.org/ns/1.0"><text/></TEI>')).title == ""
    corpus = etree.fromstring(
        b'<teiCorpus xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt>'
        b"<title>The corpus</title></titleStmt></fileDesc></teiHeader><TEI><teiHeader><fileDesc>"
        b"<titleStmt><title>One</title></titleStmt></fileDesc></teiHeader></TEI></teiCorpus>"
    )
    assert read_header(corpus).title == "The corpus"


FOREIGN = sorted((SHARED / "samples" / "tei").glob("*.xml"))


@pytest.mark.parametrize("path", FOREIGN, ids=[p.name for p in FOREIGN])
def test_foreign_tei_is_read(path):
    tree = load_tei(path)
    h = read_header(tree)
    assert h.title and h.title == header_fields(tree).title == describe(tree)["title"] == metadata(tree.getroot()).title


def test_the_corpus_document():
    tree = load_tei(CORPUS / "000-lenin-1917-05-08-soviets" / "edition.xml")
    h = read_header(tree)
    assert h.title and h.authors and h.identifier and h.licence_url and h.witnesses
