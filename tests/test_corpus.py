"""Corpus document 000 against the encoding guide (../shared/docs/encoding.md) and the foundation issue's checklist."""

from __future__ import annotations

import re

import pytest
from lxml import etree

from tei_edition import TEI_NS, XML_NS
from tei_edition.convert import convert_bytes
from tei_edition.export.text import export_text
from tei_edition.metadata import load_metadata
from tei_edition.tei.names import TEI as T
from tests.conftest import CORPUS, corpus_documents

XID = f"{{{XML_NS}}}id"
DOC = CORPUS / "000-lenin-1917-05-08-soviets"


@pytest.fixture(scope="module")
def edition():
    result = convert_bytes((DOC / "source.txt").read_bytes(), str(DOC / "source.txt"), load_metadata(DOC / "edition.toml"))
    return result


@pytest.fixture(scope="module")
def root(edition):
    return etree.fromstring(edition.xml)


def test_committed_edition_is_what_convert_gives(edition):
    assert (DOC / "edition.xml").read_bytes() == edition.xml, "run `tei-edition convert` on the corpus and commit edition.xml"


def test_no_warnings(edition):
    assert [str(d) for d in edition.diagnostics] == []


def test_source_copied_from_shared():
    from tests.conftest import need_shared

    assert (DOC / "source.txt").read_bytes() == need_shared("corpus-source", "000.txt").read_bytes()


@pytest.mark.parametrize("doc", corpus_documents(), ids=lambda p: p.name)
def test_round_trip_is_byte_identical(doc):
    tree = etree.parse(str(doc / "edition.xml"))
    assert export_text(tree, "source") == (doc / "source.txt").read_bytes()


def test_deterministic(edition):
    again = convert_bytes((DOC / "source.txt").read_bytes(), str(DOC / "source.txt"), load_metadata(DOC / "edition.toml"))
    assert again.xml == edition.xml


def test_valid_against_project_schema_with_xmlschema(root):
    import xmlschema

    from tei_edition.validate.schema import project_schema_path

    schema = xmlschema.XMLSchema(str(project_schema_path()))
    errors = list(schema.iter_errors(etree.ElementTree(root)))
    assert errors == []


def test_valid_against_tei_all(root, tei_all):
    assert tei_all.validate(etree.ElementTree(root)), str(tei_all.error_log)


def test_eight_gaps_each_directly_followed_by_its_note(root):
    gaps = root.findall(f".//{T}gap")
    assert len(gaps) == 8
    for gap in gaps:
        note = gap.getnext()
        assert note is not None and note.tag == T + "note"
        assert gap.tail is None, "no whitespace between gap and note (§4)"
        assert note.get("target") == "#" + gap.get(XID)
        assert gap.get("reason") == "hiatus" and gap.get("resp") == "#cw_ed" and len(gap) == 0 and not gap.text
        assert note.get("subtype") == "hiatus" and note.get("type") == "editorial" and note.get("place") == "bottom"
        assert note.text == "Hiatus in the minutes.—Ed."
        prev = gap.getprevious()
        before = (prev.tail if prev is not None else gap.getparent().text) or ""
        assert re.search(r"(\.{3,4}|\u00a0\.\.\.)$", before), "the printed points stay as text before the gap"


def test_points_without_note_get_no_gap(root):
    p = root.xpath("//t:p[contains(., 'was to go for grain.... It is wrong')]", namespaces={"t": TEI_NS})
    assert len(p) == 1
    assert "go for grain.... It is wrong" in "".join(p[0].itertext())


def test_duplicates_recorded_with_same_as(root):
    same = {n.get("n"): n.get("sameAs") for n in root.iter(T + "note") if n.get("sameAs")}
    assert same == {"2": "#m.n1", "3": "#m.n1", "4": "#m.n1", "5": "#m.n1", "7": "#m.n6"}
    assert b"DUPLICATE" not in etree.tostring(root.find(T + "text"))


def test_two_witness_texts(root):
    texts = root.findall(f"{T}text/{T}group/{T}text")
    assert [t.get("source") for t in texts] == ["#wit_minutes", "#wit_pravda"]
    witnesses = {w.get(XID): w.get("n") for w in root.iter(T + "witness")}
    assert witnesses == {"wit_minutes": "M", "wit_pravda": "P"}
    minutes, pravda = texts
    assert len(minutes.findall(f".//{T}body//{T}p")) == 11 and len(pravda.findall(f".//{T}body//{T}p")) == 1
    assert "First published in 1934" in "".join(minutes.find(f"{T}back").itertext())
    assert "Printed from the Pravda text" in "".join(pravda.find(f"{T}back").itertext())
    assert "Comrade Lenin pointed out" not in "".join(minutes.itertext())


def test_page_breaks_and_no_break_spaces(root, edition):
    pbs = root.findall(f".//{T}pb")
    assert len(pbs) == 2 and all(pb.get("edRef") == "#src_cw41" for pb in pbs)
    for pb, before, after in zip(pbs, ["the proletarian ", "in Nizhny Novgorod "], ["revolution cannot", "Gubernia, and"], strict=True):
        prev = pb.getprevious()
        preceding = (prev.tail if prev is not None else pb.getparent().text) or ""
        assert preceding.endswith(before), "the first space stays, the NBSP and second space become the pb (§8)"
        assert pb.tail.startswith(after)
    text = "".join(root.find(T + "text").itertext())
    assert text.count("\u00a0") == 8
    assert b"&#xA0;" in edition.xml


def test_dual_dates_as_in_the_guide(root):
    ns = {"t": TEI_NS}
    sub = root.xpath("//t:titlePart[@type='sub']/t:date", namespaces=ns)[0]
    assert (sub.get("from"), sub.get("to")) == ("1917-05-07", "1917-05-12")
    julian = sub.xpath("t:date[@calendar='#julian']", namespaces=ns)[0]
    assert (julian.get("from-custom"), julian.get("to-custom"), julian.get("datingMethod")) == ("1917-04-24", "1917-04-29", "#julian")
    assert "".join(sub.itertext()) == "APRIL 24–29 (MAY 7–12), 1917"
    doc_date = root.xpath("//t:group/t:docDate", namespaces=ns)[0]
    assert doc_date.get("when") == "1917-05-08"
    assert doc_date.xpath("t:date[@calendar='#julian']/@when-custom", namespaces=ns) == ["1917-04-25"]
    pravda = root.xpath("//t:bibl[@corresp='#wit_pravda']/t:date", namespaces=ns)[0]
    assert pravda.get("when") == "1917-05-10"
    first, second = pravda.findall(T + "date")
    assert (first.get("calendar"), first.text) == ("#gregorian", "May\u00a010")
    assert (second.get("calendar"), second.get("when-custom"), second.text) == ("#julian", "1917-04-27", "April\u00a027")
    assert "".join(pravda.itertext()) == "May\u00a010 (April\u00a027), 1917"
    assert root.xpath("//t:bibl[@corresp='#wit_minutes']/t:date/@when", namespaces=ns) == ["1934"]


def test_every_pointer_resolves_and_ids_are_unique(root):
    ids = [e.get(XID) for e in root.iter() if e.get(XID)]
    assert len(ids) == len(set(ids))
    for e in root.iter():
        for attr in ("target", "source", "sameAs", "resp", "ref", "corresp", "edRef", "datingMethod", "calendar", "who", "where"):
            for value in (e.get(attr) or "").split():
                if value.startswith("#"):
                    assert value[1:] in ids, f"{attr}={value} does not resolve"


def test_stage_and_headings(root):
    stage = root.find(f".//{T}stage")
    assert (stage.get("type"), stage.text) == ("applause", "(Applause.)")
    assert "".join(root.find(f".//{T}docAuthor").itertext()) == "V. I. Lenin"
    assert root.find(f".//{T}titleStmt/{T}title[@type='main']").text.startswith("[Speech on the Attitude")
    assert root.find(f".//{T}notesStmt/{T}note[@type='title']") is not None
    event = root.find(f".//{T}titlePart[@type='main']/{T}name")
    assert (event.get("type"), event.get("ref")) == ("event", "#april_conf"), "the conference names the standOff event (§9)"
