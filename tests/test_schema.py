"""The project schema: loads in lxml and xmlschema, accepts what we write (also valid TEI), rejects what it must."""

from __future__ import annotations

import subprocess
import sys

import pytest
from lxml import etree

from tei_edition.validate import schema as sch
from tei_edition.validate.schema import project_schema_path, rng_diagnostics, schema_diagnostics, validate_fast
from tests.conftest import FIXTURES, ROOT

DOC000 = FIXTURES / "validate" / "doc000_shape.xml"

HEADER = """<teiHeader><fileDesc>
<titleStmt><title>T</title></titleStmt>
<publicationStmt><publisher>P</publisher><idno type="x">1</idno>
<availability status="free"><licence target="https://example.org/l">L</licence></availability></publicationStmt>
<sourceDesc><bibl>B</bibl></sourceDesc>
</fileDesc></teiHeader>"""


def doc(text: str, header: str = HEADER, standoff: str = "") -> etree._ElementTree:
    xml = f'<TEI xmlns="http://www.tei-c.org/ns/1.0">{header}{standoff}<text>{text}</text></TEI>'
    # collect_ids=False: libxml2 would otherwise refuse a duplicate xml:id while parsing; the schema must report it
    return etree.ElementTree(etree.fromstring(xml.encode(), etree.XMLParser(collect_ids=False)))


GOOD = {
    "minimal": "<body><p>x</p></body>",
    "heads_and_divs": '<body><head>H</head><pb/><div type="chapter" n="1"><head type="main">C</head><p>a</p>'
    '<div><p>b</p></div></div><divGen type="index"/></body>',
    "letter": '<body><div type="letter"><opener><dateline>London, <date when="1869-02-24">24 Feb.</date></dateline>'
    "<salute>Dear Fred,</salute></opener><p>Text.</p><closer><salute>Yours</salute><signed>K. M.</signed></closer>"
    "<postscript><p>P.S. more.</p></postscript></div></body>",
    "notes_with_paragraphs": '<body><p>a<note xml:id="n1" n="1" type="authorial" place="end" anchored="true">'
    '<p>first</p><p>second</p></note> b<anchor xml:id="a1"/></p>'
    '<p><note type="editorial" place="margin" target="#a1">m</note></p></body>',
    "lists_tables_verse": '<body><list type="ordered" rend="numbered"><item n="1">one</item><item n="2">two</item></list>'
    "<list><label>a</label><item>x</item><label>b</label><item>y</item></list>"
    "<table><head>T</head><row><cell>1</cell><cell>2</cell></row></table>"
    '<lg type="stanza"><l>one</l><l rend="indent">two</l></lg><ab type="block">ab <lb n="2" break="no"/>text</ab></body>',
    "phrases": '<body><p><hi rend="italic">i</hi> <emph>e</emph> <foreign xml:lang="de">Wort</foreign> <q>q</q> '
    "<quote>qq</quote> <choice><sic>teh</sic><corr>the</corr></choice> <choice><abbr>Dr</abbr><expan>Doctor</expan></choice> "
    '<choice><orig>olde</orig><reg>old</reg></choice> <add place="above">a</add><del rend="strikethrough">d</del> '
    '<supplied reason="omitted" resp="#x">s</supplied><unclear reason="illegible" cert="low">u</unclear> '
    '<seg type="copyText">s</seg> <ref target="https://example.org">r</ref><ptr target="#p"/> '
    '<persName ref="#a" cert="medium">A</persName> <placeName type="city">P</placeName> <orgName>O</orgName> '
    '<name type="event">E</name> <gap reason="illegible" extent="2 words" unit="word" quantity="2"/>'
    '<gap reason="omitted"/><space dim="horizontal" unit="char" quantity="3"/> '
    '<milestone unit="section"/><fw type="header" place="top">Running head</fw> <stage type="applause">(A.)</stage> '
    '<date when-custom="1917-04-25" datingMethod="#julian" when="1917-05-08" calendar="#julian">25 April</date> '
    '<date notBefore="1917" notAfter="1918">1917/18</date></p></body>',
    "front_group_back": '<front><docAuthor><persName>A</persName></docAuthor><docTitle><titlePart type="main">T</titlePart>'
    '</docTitle><docDate when="1917">1917</docDate></front><group><docDate when="1917-05-08">8 May</docDate>'
    '<space quantity="1" unit="line"/><text xml:id="t1" n="A" type="minutes" source="#w"><body><p>x</p></body>'
    '<back><div type="sourceNote"><p>s</p></div><divGen type="index"/></back></text>'
    '<text xml:lang="de"><body><div><p>y</p></div></body></text></group>'
    '<back><divGen type="toc"/><div><head>Notes</head><p>n</p></div></back>',
    "floating_text": "<body><p>The letter: <floatingText><body><p>inner</p></body></floatingText></p></body>",
}


@pytest.fixture(scope="module")
def xsd():
    return etree.XMLSchema(etree.parse(str(project_schema_path())))


def test_schema_files_exist_and_compile_in_both_engines():
    path = project_schema_path()
    assert path.name == "tei_edition.xsd" and path.parent.name == "schemas"
    assert (path.parent / "xml.xsd").exists()
    import xmlschema

    assert 'schemaLocation="xml.xsd"' in path.read_text(encoding="utf-8")
    compiled = xmlschema.XMLSchema10(str(path))
    assert [e.local_name for e in compiled.elements.values()] == ["TEI"]  # only TEI may be a root


def test_generated_xsd_is_up_to_date():
    result = subprocess.run([sys.executable, str(ROOT / "schemas" / "make_xsd.py"), "--check"], capture_output=True)
    assert result.returncode == 0, "schemas/tei_edition.xsd is stale: run python schemas/make_xsd.py"


def test_document_000_shape_is_valid_everywhere(xsd, tei_all):
    tree = etree.parse(str(DOC000))
    assert validate_fast(tree)
    assert xsd.validate(tree), xsd.error_log
    assert schema_diagnostics(tree, "doc000.xml") == []
    assert tei_all.validate(tree), tei_all.error_log


@pytest.mark.parametrize("case", sorted(GOOD))
def test_good_documents_are_valid_against_xsd_and_tei_all(case, xsd, tei_all):
    tree = doc(GOOD[case])
    assert xsd.validate(tree), f"{case}: {xsd.error_log}"
    assert schema_diagnostics(tree, case) == []
    assert tei_all.validate(tree), f"{case} passes our XSD but not tei_all: {tei_all.error_log}"


BAD = {
    # name: (text, header or None, expected fragment of the message)
    "note_place_foot": (
        '<body><p>a<note place="foot">n</note></p></body>',
        None,
        "@place='foot' on <note>: not an allowed value; use one of: bottom, end, margin, inline",
    ),
    "note_type_open": ('<body><p>a<note type="comment">n</note></p></body>', None, "use one of: editorial, authorial"),
    "gap_reason_open": (
        '<body><p>a<gap reason="damage"/></p></body>',
        None,
        "use one of: hiatus, illegible, inaudible, editorial, omitted, sampling, lost",
    ),
    "gap_with_text": ("<body><p>a<gap>...</gap></p></body>", None, "<gap>"),
    "text_in_body": ("<body>loose text<p>x</p></body>", None, "text directly inside <body> is not allowed"),
    "div_in_p": ("<body><p>a<div><p>b</p></div></p></body>", None, "<div> is not allowed here inside <p>"),
    "pb_between_texts_of_group_is_fine_but_p_in_group_is_not": (
        "<group><p>x</p><text><body><p>y</p></body></text></group>",
        None,
        "<p> is not allowed here inside <group>",
    ),
    "unknown_attribute": ('<body><p outcome="x">a</p></body>', None, "attribute @outcome is not allowed on <p>"),
    "p_after_div": ("<body><div><p>a</p></div><p>b</p></body>", None, "<p> is not allowed here inside <body>"),
    "milestone_without_unit": ("<body><p>a<milestone/></p></body>", None, "<milestone> needs the attribute @unit"),
    "bad_when": ('<body><p><date when="8 May 1917">d</date></p></body>', None, "@when='8 May 1917' on <date>"),
    "no_source_desc": ("<body><p>x</p></body>", HEADER.replace("<sourceDesc><bibl>B</bibl></sourceDesc>", ""), "<fileDesc> is incomplete"),
    "duplicate_id": ('<body><p xml:id="a">x</p><p xml:id="a">y</p></body>', None, "'a'"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_documents_are_rejected_with_a_plain_message(case, xsd):
    text, header, expected = BAD[case]
    tree = doc(text, header or HEADER)
    assert not xsd.validate(tree)
    assert not validate_fast(tree)
    found = schema_diagnostics(tree, f"{case}.xml")
    assert found and all(d.code == "E201" for d in found)
    messages = [d.message for d in found]
    assert any(expected in m for m in messages), messages


def test_a_fragment_is_not_a_document(xsd):
    tree = etree.ElementTree(etree.fromstring(b'<p xmlns="http://www.tei-c.org/ns/1.0">x</p>'))
    assert not xsd.validate(tree)
    assert schema_diagnostics(tree, "p.xml")


def test_findings_carry_line_and_column_of_the_element():
    source = DOC000.read_text(encoding="utf-8").replace('<stage type="applause">', '<stage type="applause" outcome="x">')
    tree = etree.ElementTree(etree.fromstring(source.encode()))
    [finding] = schema_diagnostics(tree, "d.xml", source=source)
    lines = source.splitlines()
    line = next(i for i, text in enumerate(lines, 1) if "outcome=" in text)
    assert (finding.span.path, finding.span.line) == ("d.xml", line)
    assert lines[line - 1][finding.span.column - 1 :].startswith("<stage ")
    assert finding.span.line_text == lines[line - 1]


def test_second_of_two_same_elements_on_a_line_gets_its_own_column():
    source = '<TEI xmlns="http://www.tei-c.org/ns/1.0">' + HEADER + '<text><body><p><hi>a</hi> <hi bad="1">b</hi></p></body></text></TEI>'
    tree = etree.ElementTree(etree.fromstring(source.encode()))
    [finding] = schema_diagnostics(tree, "d.xml", source=source)
    line = source.splitlines()[finding.span.line - 1]
    assert line[finding.span.column - 1 :].startswith('<hi bad="1">')


@pytest.mark.slow  # seconds: make check leaves it to make test
def test_compiled_schema_is_cached_on_disk_and_a_broken_cache_is_ignored(tmp_path, monkeypatch):
    monkeypatch.setenv("TEI_EDITION_CACHE", str(tmp_path / "cache"))
    sch._xmlschema.cache_clear()
    try:
        sch.load_xmlschema()
        [pickled] = list((tmp_path / "cache").glob("xsd-*.pickle"))
        assert pickled.stat().st_size > 10_000
        pickled.write_bytes(b"not a pickle")
        sch._xmlschema.cache_clear()
        assert sch.load_xmlschema().is_valid(etree.parse(str(DOC000)))
        assert pickled.stat().st_size > 10_000  # rewritten
        # an unwritable cache directory is no error
        monkeypatch.setenv("TEI_EDITION_CACHE", str(tmp_path / "file-not-dir" / "x"))
        (tmp_path / "file-not-dir").write_text("")
        sch._xmlschema.cache_clear()
        assert sch.load_xmlschema().is_valid(etree.parse(str(DOC000)))
    finally:
        sch._xmlschema.cache_clear()


def test_rng_diagnostics_report_tei_all_errors_with_lines():
    from tests.conftest import need_shared

    rng = need_shared("schemas", "tei_all.rng")
    tree = doc("<body><p>a<div/></p></body>")
    found = rng_diagnostics(tree, "x.xml", rng)
    assert found and all(d.code == "E202" for d in found)
    assert any("div" in d.message for d in found)
    assert "{http" not in " ".join(d.message for d in found)
    assert rng_diagnostics(etree.parse(str(DOC000)), "d.xml", rng) == []
