"""Tests of `tei-edition package`: BagIt bags that bagit validates, bag-info from the header, --verify naming a changed file."""

from __future__ import annotations

import datetime
import json
import os
import subprocess
import sys
from pathlib import Path

import bagit
import pytest

from tei_edition.build import Options, run_build
from tei_edition.package import header_fields, missing_fields, package_corpus, verify_bag
from tei_edition.tei.load import load_tei
from tests.conftest import CORPUS, ROOT

REAL = CORPUS / "000-lenin-1917-05-08-soviets"
TODAY = datetime.date(2026, 1, 2)


def cli(*args) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT), NO_COLOR="1")
    return subprocess.run(
        [sys.executable, "-m", "tei_edition", *map(str, args)], capture_output=True, text=True, cwd=ROOT, env=env, timeout=300
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The real corpus built once (every format, PDF included) for the tests of this module."""
    out = tmp_path_factory.mktemp("build")
    result = run_build(CORPUS, out, Options())
    assert all(o.ok for o in result.outcomes), [o.diagnostics for o in result.outcomes]
    return out


@pytest.fixture
def bag(built, tmp_path) -> Path:
    (packaged,) = package_corpus(REAL, tmp_path / "bag", build_dir=built, today=TODAY)
    assert packaged.ok, packaged.diagnostics
    return packaged.bag


def test_bag_is_valid_for_bagit_with_both_manifests(bag):
    b = bagit.Bag(str(bag))
    b.validate()  # raises when not valid
    assert b.version_info == (1, 0)
    assert sorted(b.algorithms) == ["sha256", "sha512"]
    for name in ("manifest-sha256.txt", "manifest-sha512.txt", "tagmanifest-sha256.txt", "tagmanifest-sha512.txt"):
        assert (bag / name).is_file()
    payload = sorted(b.payload_files())
    assert payload == [
        "data/edition.html",
        "data/edition.pdf",
        "data/edition.txt",
        "data/edition.xml",
        "data/schema/tei_edition.xsd",
        "data/schema/xml.xsd",
        "data/source/edition.toml",
        "data/source/source.txt",
        "data/validation.json",
    ]
    assert (bag / "data" / "source" / "source.txt").read_bytes() == (REAL / "source.txt").read_bytes()
    assert json.loads((bag / "data" / "validation.json").read_text())["valid"] is True
    # The tag files (metadata/) are covered by the tag manifests too.
    tags = (bag / "tagmanifest-sha512.txt").read_text()
    assert "metadata/datacite.json" in tags and "metadata/.zenodo.json" in tags and "bag-info.txt" in tags


def test_bag_info_comes_from_the_tei_header(bag):
    info = bagit.Bag(str(bag)).info
    assert info["Title"] == "[Speech on the Attitude Towards the Soviets], 25 April (8 May) 1917"
    assert info["Creator"] == "Vladimir Ilyich Lenin"
    assert info["External-Identifier"] == "tei-edition:lenin-1917-05-08-soviets"
    assert info["Source-Organization"] == "tei-edition project"
    assert "GNU Free Documentation License" in info["Rights"] and info["Rights-URI"] == "https://www.gnu.org/licenses/fdl.html"
    assert info["Bagging-Date"] == "2026-01-02"
    assert info["Date-Created"] == "1917-05-08" and info["Language"] == "en"
    assert info["Payload-Oxum"].endswith(".9")


def test_datacite_and_zenodo_metadata(bag):
    dc = json.loads((bag / "metadata" / "datacite.json").read_text())
    assert dc["identifiers"] == [{"identifier": "tei-edition:lenin-1917-05-08-soviets", "identifierType": "tei-edition"}]
    assert dc["creators"] == [{"name": "Vladimir Ilyich Lenin", "nameType": "Personal"}]
    assert dc["titles"][0]["title"].startswith("[Speech on the Attitude") and dc["titles"][1]["titleType"] == "Subtitle"
    assert dc["publisher"] == "tei-edition project" and dc["publicationYear"] == "2026"
    assert dc["dates"] == [{"date": "1917-05-08", "dateType": "Created"}]
    assert dc["rightsList"][0]["rightsUri"] == "https://www.gnu.org/licenses/fdl.html"
    assert dc["relatedIdentifiers"][0]["relationType"] == "IsDerivedFrom"
    assert "application/pdf" in dc["formats"] and "application/tei+xml" in dc["formats"]
    assert {"name": "Yuri Sdobnikov", "contributorType": "Other"} in dc["contributors"]
    zen = json.loads((bag / "metadata" / ".zenodo.json").read_text())
    assert zen["title"] == dc["titles"][0]["title"] and zen["creators"] == [{"name": "Vladimir Ilyich Lenin"}]
    assert zen["language"] == "eng" and zen["upload_type"] == "publication"
    assert "license" not in zen and "GNU Free Documentation License" in zen["notes"]  # no guessed licence id


def test_verify_accepts_the_bag_and_names_a_changed_file(bag):
    ok = cli("package", "--verify", bag)
    assert ok.returncode == 0, ok.stderr
    assert "valid bag" in ok.stderr
    target = bag / "data" / "edition.txt"
    data = bytearray(target.read_bytes())
    data[100] ^= 0x01  # one byte, same size: Payload-Oxum still matches, only the checksums can tell
    target.write_bytes(bytes(data))
    bad = cli("package", "--verify", bag)
    assert bad.returncode == 1
    assert f"{bag}/data/edition.txt:1:1: error E512" in bad.stderr
    assert "sha256 checksum differs" in bad.stderr and "sha512 checksum differs" in bad.stderr
    assert "Traceback" not in bad.stderr


def test_verify_names_missing_and_extra_files(bag):
    (bag / "data" / "edition.pdf").unlink()
    (bag / "data" / "extra.txt").write_text("not bagged\n")
    found = verify_bag(bag)
    messages = {(Path(d.span.path).name, d.message) for d in found}
    assert ("edition.pdf", "listed in the manifest but missing from the bag") in messages
    assert ("extra.txt", "in the bag but not in the manifest") in messages


def test_verify_of_a_tag_file_change_and_of_a_non_bag(bag, tmp_path):
    info = bag / "bag-info.txt"
    info.write_text(info.read_text().replace("tei-edition project", "someone else"))
    assert any(d.span.path.endswith("bag-info.txt") and d.code == "E512" for d in verify_bag(bag))
    (tmp_path / "plain").mkdir()
    run = cli("package", "--verify", tmp_path / "plain")
    assert run.returncode == 1 and "E513" in run.stderr and "not a BagIt bag" in run.stderr


@pytest.mark.slow  # seconds: make check leaves it to make test
def test_missing_header_fields_are_reported_before_packaging(built, tmp_path):
    folder = tmp_path / "corpus" / "bare"
    folder.mkdir(parents=True)
    tei = (built / REAL.name / "edition.xml").read_text("utf-8")
    # Both are optional for the schema (the TEI stays valid) but an archive needs them.
    for cut in (
        '<author ref="#lenin">Vladimir Ilyich Lenin</author>',
        '<idno type="tei-edition">tei-edition:lenin-1917-05-08-soviets</idno>',
    ):
        assert cut in tei
        tei = tei.replace(cut, "")
    (folder / "edition.xml").write_text(tei, "utf-8")
    (folder / "edition.toml").write_text('[build]\nsource = "edition.xml"\n', "utf-8")
    run = cli("package", folder, "-o", tmp_path / "bag", "--build-dir", tmp_path / "b")
    assert run.returncode == 1, run.stderr
    assert "E510" in run.stderr and "an identifier" in run.stderr and "a creator (author)" in run.stderr
    assert "licence" not in " ".join(line for line in run.stderr.splitlines() if "E510" in line)  # only what is missing
    assert not (tmp_path / "bag").exists()
    assert not list(tmp_path.glob(".bag*"))  # no staging folder left behind
    forced = cli("package", folder, "-o", tmp_path / "bag", "--build-dir", tmp_path / "b", "--allow-incomplete")
    assert forced.returncode == 0, forced.stderr
    bagit.Bag(str(tmp_path / "bag")).validate()
    assert "External-Identifier" not in bagit.Bag(str(tmp_path / "bag")).info


def test_header_fields_of_an_empty_header():
    from tei_edition.tei.load import parse_tei_bytes

    tree = parse_tei_bytes(
        b'<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>T</title>'
        b"</titleStmt></fileDesc></teiHeader></TEI>"
    )
    fields = header_fields(tree)
    assert fields.title == "T" and fields.creators == [] and fields.identifier == ""
    codes = [(d.code, d.message.split(" (")[0]) for d in missing_fields(fields, "x.xml")]
    assert ("E510", "the TEI header lacks a creator") in codes and ("W511", "the TEI header lacks the language") in codes
    assert not any("a title" in m for _, m in codes)


def test_corpus_gives_one_bag_per_document_and_refuses_to_overwrite(built, tmp_path):
    out = tmp_path / "bags"
    first = package_corpus(CORPUS, out, build_dir=built, today=TODAY)
    assert [p.bag for p in first] == [out / REAL.name]
    again = cli("package", CORPUS, "-o", out, "--build-dir", built)
    assert again.returncode == 1 and "E514" in again.stderr
    replaced = package_corpus(CORPUS, out, build_dir=built, replace=True, today=TODAY)
    assert replaced[0].ok and not verify_bag(out / REAL.name)
    assert sorted(p.name for p in out.iterdir()) == [REAL.name]  # the old bag is gone, no leftovers


def test_the_packaged_tei_is_the_built_one(bag, built):
    assert (bag / "data" / "edition.xml").read_bytes() == (built / REAL.name / "edition.xml").read_bytes()
    assert header_fields(load_tei(bag / "data" / "edition.xml")).identifier == "tei-edition:lenin-1917-05-08-soviets"
