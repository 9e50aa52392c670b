"""Golden pairs for the converter's constructs: a failing case writes <case>.xml.actual beside it (see `make golden`)."""

from __future__ import annotations

import pytest
from lxml import etree

from tei_edition.export.text import export_text
from tests.golden import cases, render

CASES = cases()


def test_there_are_enough_cases():
    assert len(CASES) >= 15


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_golden(case):
    xml, warnings = render(case)
    for suffix, actual in ((".xml", xml), (".warnings", warnings)):
        expected_path = case.with_suffix(suffix)
        assert expected_path.exists(), f"no golden file {expected_path.name}: run `make golden` and review it"
        if expected_path.read_bytes() != actual:
            expected_path.with_suffix(suffix + ".actual").write_bytes(actual)
            pytest.fail(f"{case.name}: output differs from {expected_path.name}; see {expected_path.name}.actual "
                        "(run `make golden` if the change is intended)")


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
