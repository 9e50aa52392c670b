"""Golden pairs for the converter's constructs: a failing case writes <case>.xml.actual beside it (see `make golden`)."""

from __future__ import annotations

import pytest
from lxml import etree

from tei_edition.export.text import export_text
from tests.golden import cases, header_path, render, split

CASES = cases()


def test_there_are_enough_cases():
    assert len(CASES) >= 15


def _differs(case, golden, actual_bytes, part):
    golden.with_name(golden.name + ".actual").write_bytes(actual_bytes)
    pytest.fail(
        f"{case.name}: the {part} differs from {golden.name}; see {golden.name}.actual "
        "(run `make golden` if the change is intended, and review the header diff apart from the text)"
    )


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_golden_header(case):
    """The teiHeader alone, against <case>.header.xml: a header regression fails here, named as such."""
    xml, _ = render(case)
    header, _ = split(xml)
    golden = header_path(case)
    assert golden.exists(), f"no golden file {golden.name}: run `make golden` and review it"
    assert header, f"{case.name}: the conversion has no teiHeader"
    if golden.read_bytes() != header:
        _differs(case, golden, header, "teiHeader")


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_golden_text(case):
    """The document without its header, against <case>.xml without its header."""
    xml, _ = render(case)
    golden = case.with_suffix(".xml")
    assert golden.exists(), f"no golden file {golden.name}: run `make golden` and review it"
    if split(golden.read_bytes())[1] != split(xml)[1]:
        golden.with_name(case.stem + ".text.xml.actual").write_bytes(xml)
        pytest.fail(
            f"{case.name}: the text (the document outside its teiHeader) differs from {golden.name}; see "
            f"{case.stem}.text.xml.actual (run `make golden` if the change is intended)"
        )


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_golden_files_agree(case):
    """<case>.xml is the header and the text together: its header is <case>.header.xml byte for byte."""
    assert split(case.with_suffix(".xml").read_bytes())[0] == header_path(case).read_bytes(), (
        f"{case.stem}.xml and {header_path(case).name} disagree: run `make golden`, never edit one alone"
    )


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_golden_warnings(case):
    _, warnings = render(case)
    golden = case.with_suffix(".warnings")
    assert golden.exists(), f"no golden file {golden.name}: run `make golden` and review it"
    if golden.read_bytes() != warnings:
        _differs(case, golden, warnings, "warnings")


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_golden_round_trip(case):
    """Every golden source comes back byte for byte from its TEI (the source form is built from the encoding)."""
    xml = case.with_suffix(".xml").read_bytes()
    assert export_text(etree.ElementTree(etree.fromstring(xml)), "source") == case.read_bytes()


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_golden_valid_against_both_schemas(case, tei_all):
    from tei_edition.validate.schema import schema_diagnostics

    tree = etree.ElementTree(etree.fromstring(case.with_suffix(".xml").read_bytes()))
    assert schema_diagnostics(tree, case.name) == []
    assert tei_all.validate(tree), str(tei_all.error_log)
