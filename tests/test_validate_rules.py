"""Project rules (tei_edition/validate/rules.py): one tiny bad document per rule, and good ones that pass."""

from __future__ import annotations

import pytest
from lxml import etree

from tei_edition.validate.rules import julian_offset, julian_to_gregorian, rule_diagnostics
from tests.conftest import FIXTURES

HEADER = """<teiHeader><fileDesc>
<titleStmt><title>T</title></titleStmt>
<publicationStmt><publisher>P</publisher><idno type="x">1</idno>
<availability status="free"><licence target="https://example.org/l">L</licence></availability></publicationStmt>
<sourceDesc><bibl>B</bibl>{wit}</sourceDesc>
</fileDesc><profileDesc><calendarDesc><calendar xml:id="julian"><p>Julian</p></calendar><calendar xml:id="gregorian"><p>Gregorian</p></calendar></calendarDesc></profileDesc></teiHeader>"""


def tree(body: str, wit: str = "", header: str | None = None):
    xml = f'<TEI xmlns="http://www.tei-c.org/ns/1.0">\n{header if header is not None else HEADER.format(wit=wit)}\n<text><body>\n{body}\n</body></text></TEI>'
    return etree.ElementTree(etree.fromstring(xml.encode(), etree.XMLParser(collect_ids=False))), xml


def codes(body: str, **kw) -> list[str]:
    t, xml = tree(body, **kw)
    return [d.code for d in rule_diagnostics(t, "t.xml", xml)]


GOOD_BODY = '<p>a....<gap xml:id="g1" reason="hiatus" resp="#ed"/><note xml:id="n1" type="editorial" subtype="hiatus" target="#g1" resp="#ed">H</note> <date when="1917-05-08" when-custom="1917-04-25" datingMethod="#julian" calendar="#julian">25 April</date> <date from="1917-05-07" to="1917-05-12">x</date></p><p xml:id="ed">e</p>'

CASES = {
    # code: bad body (the good counterpart is GOOD_BODY, which must give no finding)
    "E301": '<p xml:id="a">x</p><p xml:id="a">y</p>',
    "E302": '<p><ref target="#nowhere">x</ref></p>',
    "E303": '<p>a<gap xml:id="g" reason="illegible"/><note type="editorial" subtype="hiatus">H</note></p>',
    "E304": '<p>a<gap xml:id="g" reason="hiatus"/> text <note type="editorial" target="#g">H</note></p>',
    "E305": '<p>a....<gap reason="hiatus"/></p>',
    "E308": '<p><date when="1917-05-08" when-custom="1917-04-25">d</date></p>',
    "E309": '<p><date when="1917-05-07" when-custom="1917-04-25" datingMethod="#julian">d</date></p>',
    "E310": '<p><date from="1917-05-12" to="1917-05-07">d</date></p>',
    "E311": '<p><date when="1917-05-08" from="1917-05-07" to="1917-05-12">d</date></p>',
    "E312": '<p><seg subtype="x">s</seg></p>',
    "E313": '<p><date calendar="#julian" when="1917"></date><date datingMethod="#ed" when-custom="1917" when="1917">d</date></p><p xml:id="ed">e</p>',
}


def test_good_document_gives_no_finding():
    assert codes(GOOD_BODY) == []


@pytest.mark.parametrize("code", sorted(CASES))
def test_each_rule_catches_its_tiny_bad_document(code):
    found = codes(CASES[code])
    assert code in found, found


def test_document_000_shape_passes_every_rule():
    t = etree.parse(str(FIXTURES / "validate" / "doc000_shape.xml"))
    assert rule_diagnostics(t, "d.xml") == []


def test_witness_rules():
    wit = '<listWit><witness xml:id="w1">A</witness><witness xml:id="w2">B</witness></listWit>'
    assert "E306" in codes('<div source="#w1"><p>x</p></div>', wit=wit)  # w2 unused
    assert codes('<div source="#w1"><p>x</p></div><div source="#w2"><p>y</p></div>', wit=wit) == []
    assert "E307" in codes('<div source="#w1"><p xml:id="q">x</p></div><div source="#q #w2"><p>y</p></div>', wit=wit)


def test_header_rules_name_what_archives_ask_for():
    bare = "<teiHeader><fileDesc><titleStmt><title/></titleStmt><publicationStmt><p>x</p></publicationStmt><sourceDesc><p/></sourceDesc></fileDesc></teiHeader>"
    found = codes("<p>x</p>", header=bare)
    # a licence URL and an identifier are what archives need: warnings by default, errors for an archive (issue 12)
    assert {"E320", "W321", "W322", "E323"} <= set(found) and not {"E321", "E322"} & set(found)
    t, xml = tree("<p>x</p>", header=bare)
    archive = {d.code: d.severity.value for d in rule_diagnostics(t, "t.xml", xml, archive=True)}
    assert archive["E321"] == archive["E322"] == "error" and not {"W321", "W322"} & set(archive)
    no_url = HEADER.format(wit="").replace(' target="https://example.org/l"', "")
    assert codes("<p>x</p>", header=no_url) == ["W321"]
    link_inside = no_url.replace(">L</licence>", '><ref target="https://example.org/l">L</ref></licence>')
    assert codes("<p>x</p>", header=link_inside) == []


def test_findings_name_the_right_line_and_say_what_would_be_right():
    t, xml = tree('<p>\n<date when="1917-05-07" when-custom="1917-04-25" datingMethod="#julian">d</date></p>')
    [d] = rule_diagnostics(t, "t.xml", xml)
    assert d.code == "E309" and "1917-05-08" in d.message and "13 days" in d.message
    assert xml.splitlines()[d.span.line - 1].lstrip().startswith("<date")
    assert d.hint == 'write when="1917-05-08"'


def test_dangling_pointer_suggests_the_closest_id():
    t, xml = tree('<p xml:id="cw_ed">a</p><p resp="#cw_edd">b</p>')
    [d] = rule_diagnostics(t, "t.xml", xml)
    assert d.code == "E302" and d.hint == 'did you mean "#cw_ed"?'


@pytest.mark.parametrize(
    "julian, gregorian, offset",
    [
        ((1917, 4, 25), (1917, 5, 8), 13),
        ((1850, 1, 1), (1850, 1, 13), 12),
        ((1900, 2, 29), (1900, 3, 13), 12),
        ((1900, 3, 1), (1900, 3, 14), 13),
        ((1582, 10, 5), (1582, 10, 15), 10),
        ((2100, 2, 28), (2100, 3, 13), 13),
    ],
)
def test_julian_arithmetic_by_century(julian, gregorian, offset):
    assert julian_to_gregorian(*julian).timetuple()[:3] == gregorian
    assert julian_offset(*julian) == offset
