"""What `convert` writes passes `validate` with its default settings (issue 12, item 6).

A source converted without edition.toml has no licence URL and no identifier: by default that is a warning (W321,
W322) and the document is valid; `validate --archive` (CI of editions headed to an archive) makes them errors (E321,
E322), and `package` still refuses such a header (E510)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from lxml import etree

from tei_edition.convert import convert_bytes
from tei_edition.package import header_fields, missing_fields
from tei_edition.tei.names import TEI
from tests.conftest import ROOT, need_shared


def validate(*args):
    return subprocess.run(
        [sys.executable, "-m", "tei_edition", "validate", *map(str, args)],
        capture_output=True,
        cwd=ROOT,
        env={**os.environ, "NO_COLOR": "1"},
        timeout=600,
    )


@pytest.fixture(scope="module")
def converted(tmp_path_factory):
    """Every sample text converted without metadata, as `convert` writes it."""
    texts = sorted(need_shared("samples", "texts").glob("*.txt"))
    assert texts
    out = tmp_path_factory.mktemp("converted")
    for text in texts:
        (out / (text.stem + ".xml")).write_bytes(convert_bytes(text.read_bytes(), text.name).xml)
    return out, [p.stem for p in texts]


def _findings(result) -> dict[str, list[str]]:
    report = json.loads(result.stdout)
    return {os.path.basename(f["file"]): [x["code"] for x in f["findings"]] for f in report["files"]}


def test_converted_without_metadata_is_valid_by_default(converted):
    folder, stems = converted
    result = validate(folder, "-f", "json", "-j", "1")
    assert result.returncode == 0, result.stdout.decode()[:3000]
    found = _findings(result)
    assert sorted(found) == sorted(s + ".xml" for s in stems)
    for name, codes in found.items():
        assert not [c for c in codes if c.startswith("E")], (name, codes)
    # the warnings say what an archive would miss
    assert all({"W321", "W322"} & set(codes) for codes in found.values() if codes), found


def test_archive_mode_makes_them_errors(converted):
    folder, _ = converted
    result = validate(folder, "--archive", "-f", "json", "-j", "1")
    assert result.returncode == 1
    found = _findings(result)
    without_idno = [n for n, codes in found.items() if "E322" in codes]
    assert without_idno, found
    for name, codes in found.items():
        assert not {"W321", "W322"} & set(codes), (name, codes)
        assert set(codes) <= {"E321", "E322"}, (name, codes)  # nothing else is wrong with them
    assert sum("E321" in codes for codes in found.values()) >= len(found) // 2


def test_archive_and_no_rules_do_not_go_together(converted):
    folder, _ = converted
    result = validate(folder, "--archive", "--no-rules")
    assert result.returncode == 2 and b"--no-rules" in result.stderr


def test_package_still_refuses_a_header_without_identifier_or_licence_url(converted):
    folder, stems = converted
    for stem in stems:
        fields = header_fields(etree.parse(str(folder / (stem + ".xml"))))
        errors = [d for d in missing_fields(fields, stem) if d.is_error]
        assert any(d.code == "E510" and "an identifier" in d.message for d in errors) or fields.identifier, stem
        assert any(d.code == "E510" and "licence" in d.message for d in errors) or fields.licence_url, stem
        # only a source whose own header gives both (a Project Gutenberg ebook number and licence) may be packaged
        assert errors or (fields.identifier and fields.licence_url), stem


def test_package_refuses_a_licence_without_url():
    from tei_edition.package import HeaderFields

    fields = HeaderFields(title="T", creators=["A"], identifier="x", licence="Copyleft", organisation="O")
    [e] = [d for d in missing_fields(fields, "x") if d.is_error]
    assert e.code == "E510" and "the licence's URL" in e.message


def test_one_schema_check_for_validate_convert_and_build(monkeypatch):
    """validate, convert and build all ask validate.schema.xsd_check (issue 12, item 5: one schema check)."""
    from tei_edition import build
    from tei_edition.commands import convert as convert_command
    from tei_edition.validate import run, schema

    asked = []

    def check(tree, name, schema_path=None, source=None):
        asked.append(name)
        return []

    monkeypatch.setattr(schema, "xsd_check", check)
    result = convert_bytes(b"A text.\n", "t.txt")
    run.xsd_findings(result.tree, "v.xml", None, run.Options())
    convert_command._validate(result, "c.txt")
    assert build._validate(result.tree, "b.xml") == (True, [])
    assert asked == ["v.xml", "c.txt (converted TEI)", "b.xml"]


def test_the_schema_check_explains_a_rejected_tree():
    from tei_edition.validate.schema import xsd_check

    tree = convert_bytes(b"A text.\n", "t.txt").tree
    assert xsd_check(tree, "t.xml") == []
    etree.SubElement(tree.getroot(), TEI + "nonsense")
    found = xsd_check(tree, "t.xml")
    assert found and all(d.code == "E201" for d in found) and "nonsense" in found[0].message
