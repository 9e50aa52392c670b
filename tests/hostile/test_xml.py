"""Hostile XML through every command that reads TEI: validate (lxml and jing), export text|html|pdf, build, package.

Each attack is a fixture in fixtures/xml/ (or made here from one) whose `@TARGET@` is what it would read or fetch: the
loopback listener, the canary file, a FIFO nobody writes (opening it hangs) or /dev/stdin (a pipe held open and empty).
Every run is a subprocess with a timeout, so an attack that opens something fails as a hang instead of hanging the suite.
Each asserts the exit code, no traceback or internal error, no request to the listener and no canary byte in any output.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from lxml import etree

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "xml"
GOOD = ROOT / "tests" / "fixtures" / "validate" / "doc000_shape.xml"  # valid TEI with a complete header
CORPUS_DOC = ROOT / "corpus" / "000-lenin-1917-05-08-soviets" / "edition.xml"  # TEI that convert wrote
TIMEOUT = float(os.environ.get("TEI_EDITION_HOSTILE_TIMEOUT", "60"))
JING = shutil.which("jing")
needs_jing = pytest.mark.skipif(JING is None, reason="jing is not installed (Debian: apt-get install jing); --engine jing untested")
TEI_NS = "http://www.tei-c.org/ns/1.0"
MIB = 1024 * 1024

ANY_RNG = """<grammar xmlns="http://relaxng.org/ns/structure/1.0">
  <start><ref name="any"/></start>
  <define name="any"><element><anyName/><zeroOrMore><choice><attribute><anyName/></attribute><text/><ref name="any"/></choice></zeroOrMore></element></define>
</grammar>
"""
# Attacks refused by every command with E002: (fixture, target). Fixtures named doctype_after_1mib_comment and
# doctype_utf16* are made here from doctype_undeclared_entity.xml.
REFUSED = [
    ("doctype_system", "listener"),
    ("doctype_system", "canary"),
    ("doctype_system", "fifo"),
    ("doctype_system", "stdin"),
    ("doctype_public", "listener"),
    ("doctype_public", "fifo"),
    ("doctype_undeclared_entity", "listener"),
    ("doctype_undeclared_entity", "fifo"),
    ("doctype_undeclared_entity", "stdin"),
    ("doctype_parameter_entity", "listener"),
    ("doctype_parameter_entity", "fifo"),
    ("doctype_external_entity", "canary-url"),
    ("doctype_external_entity", "listener"),
    ("doctype_after_comments_and_pis", "fifo"),
    ("doctype_after_1mib_comment", "listener"),
    ("doctype_after_1mib_comment", "fifo"),
    ("doctype_utf16", "fifo"),
    ("doctype_utf16", "listener"),
    ("doctype_utf16le_no_bom", "fifo"),
    ("doctype_utf7", "fifo"),
    ("billion_laughs", "listener"),
]
# Loaded, but their XInclude elements are never processed: nothing is opened or fetched, validate says E007.
XINCLUDE = [
    ("xinclude", "listener"),
    ("xinclude", "canary"),
    ("xinclude", "fifo"),
    ("xinclude_escaped_namespace", "listener"),
    ("xinclude_escaped_namespace", "fifo"),
]
# Loaded: schema and stylesheet hints (xsi:schemaLocation, xml-model, xml-stylesheet) that nothing follows.
HINTS = [("location_hints", "listener"), ("location_hints", "fifo")]
ILL_FORMED = [("undeclared_entity", "none")]
ALL = REFUSED + XINCLUDE + HINTS + ILL_FORMED


def ident(case) -> str:
    return f"{case[0]}-{case[1]}"


# ---------------------------------------------------------------------------------------------- running


@dataclasses.dataclass
class Run:
    args: tuple
    code: int
    out: bytes
    err: bytes

    def check(self, code: int, canary, listener, *outputs) -> Run:
        text = self.err.decode("utf-8", "replace")
        assert b"Traceback" not in self.err and b"internal error" not in self.err, text[-3000:]
        assert self.code == code, f"exit {self.code}, expected {code}: {' '.join(map(str, self.args))}\n{text[-3000:]}"
        listener.assert_untouched()
        canary.assert_absent(self.out, self.err, *[o for o in outputs if not isinstance(o, Path) or o.exists()])
        return self


def tei_edition(*args, cwd: Path, stdin: bytes | None = None, memory: int | None = None) -> Run:
    """Run the CLI; stdin is held open and empty unless given (so reading /dev/stdin would hang, as a FIFO would)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT), NO_COLOR="1")
    env.pop("TEI_EDITION_DEBUG", None)

    def limit():  # an endless read must end at the loader's bound, not at the machine's memory
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "tei_edition", *map(str, args)],
            stdin=subprocess.PIPE,
            stdout=out,
            stderr=err,
            cwd=cwd,
            env=env,
            preexec_fn=limit if memory else None,
        )
        try:
            if stdin is not None:
                try:
                    proc.stdin.write(stdin)
                except BrokenPipeError:
                    pass
                proc.stdin.close()
            proc.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            pytest.fail(f"`tei-edition {' '.join(map(str, args))}` hung for {TIMEOUT:.0f} s: it opened what it must not")
        finally:
            if not proc.stdin.closed:
                proc.stdin.close()
        out.seek(0)
        err.seek(0)
        return Run(args, proc.returncode, out.read(), err.read())


# ---------------------------------------------------------------------------------------------- the attacks


@pytest.fixture
def fifo(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("fifo") / "never-opened"
    os.mkfifo(path)
    return path


@pytest.fixture
def attack(canary, listener, fifo):
    """attack(fixture, target) -> the hostile document's bytes."""

    def make(name: str, target: str) -> bytes:
        where = {
            "listener": f"{listener.url}/{name}-{target}.dtd",
            "canary": str(canary.path),
            "canary-url": canary.path.as_uri(),
            "fifo": str(fifo),
            "stdin": "/dev/stdin",
            "none": "",
        }[target]
        base = {
            "doctype_after_1mib_comment": "doctype_undeclared_entity",
            "doctype_utf16": "doctype_undeclared_entity",
            "doctype_utf16le_no_bom": "doctype_undeclared_entity",
        }.get(name, name)
        text = (FIXTURES / f"{base}.xml").read_text("utf-8").replace("@TARGET@", where)
        if name == "doctype_after_1mib_comment":  # only the first MiB used to be scanned
            text = text.replace("?>\n", "?>\n<!--" + "padding " * (MIB // 8 + 4096) + "-->\n", 1)
        if name == "doctype_utf16":
            return text.replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="UTF-16"?>').encode("utf-16")
        if name == "doctype_utf16le_no_bom":
            return text.replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="UTF-16"?>').encode("utf-16-le")
        return text.encode("utf-8")

    return make


def write_all(folder: Path, attack, cases) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    for case in cases:
        path = folder / f"{ident(case)}.xml"
        path.write_bytes(attack(*case))
        paths[ident(case)] = path
    return paths


def hand_edited_corpus(folder: Path, documents: dict[str, bytes]) -> Path:
    """A corpus whose documents are hand-edited edition.xml files (edition.toml says so)."""
    for name, data in documents.items():
        doc = folder / name
        doc.mkdir(parents=True)
        (doc / "edition.toml").write_text('[build]\nsource = "edition.xml"\n', "utf-8")
        (doc / "edition.xml").write_bytes(data)
    return folder


def report(run: Run) -> dict[str, list[dict]]:
    return {Path(f["file"]).stem if f["file"] != "<stdin>" else "-": f["findings"] for f in json.loads(run.out)["files"]}


# ---------------------------------------------------------------------------------------------- validate


def test_validate_refuses_every_doctype_and_reports_every_file(tmp_path, attack, canary, listener):
    paths = write_all(tmp_path / "in", attack, ALL)
    shutil.copy(GOOD, tmp_path / "in" / "good.xml")
    run = tei_edition("validate", *paths.values(), tmp_path / "in" / "good.xml", "-f", "json", cwd=tmp_path)
    run.check(1, canary, listener)
    found = report(run)
    for case in REFUSED:
        assert [f["code"] for f in found[ident(case)]] == ["E002"], ident(case)
    for case in XINCLUDE:
        assert "E007" in [f["code"] for f in found[ident(case)]], ident(case)
    for case in HINTS:
        assert not [f for f in found[ident(case)] if f["code"].startswith("E00")], ident(case)
    assert [f["code"] for f in found["undeclared_entity-none"]] == ["E001"]
    assert found["good"] == []
    # the finding points at the DOCTYPE itself, however far down the prolog it is
    late = found["doctype_after_1mib_comment-fifo"][0]
    data = paths["doctype_after_1mib_comment-fifo"].read_bytes()
    assert late["line"] == data[: data.index(b"<!DOCTYPE")].count(b"\n") + 1 and late["column"] == 1
    assert found["doctype_system-fifo"][0]["line"] == 2


def test_validate_text_report_shows_the_doctype_with_a_caret(tmp_path, attack, canary, listener):
    path = tmp_path / "doc.xml"
    path.write_bytes(attack("doctype_after_comments_and_pis", "fifo"))
    run = tei_edition("validate", path, cwd=tmp_path).check(1, canary, listener)
    lines = run.err.decode().splitlines()
    at = next(i for i, line in enumerate(lines) if "error E002" in line)
    assert lines[at].startswith(f"{path}:7:1: ")
    assert lines[at + 1].strip().startswith("<!DOCTYPE") and lines[at + 2].strip() == "^" * 9
    assert any("hint: TEI needs no DTD" in line for line in lines)


@needs_jing
def test_jing_never_sees_a_doctype_nor_follows_an_xinclude(tmp_path, attack, canary, listener):
    paths = write_all(tmp_path / "in", attack, ALL)
    shutil.copy(GOOD, tmp_path / "in" / "good.xml")
    bad = tmp_path / "in" / "bad.xml"
    bad.write_text(GOOD.read_text("utf-8").replace("<p>Comrade", "<p><div/>Comrade", 1), "utf-8")
    (tmp_path / "any.rng").write_text(ANY_RNG, "utf-8")
    run = tei_edition(
        "validate",
        *paths.values(),
        tmp_path / "in" / "good.xml",
        bad,
        "--rng",
        tmp_path / "any.rng",
        "--engine",
        "jing",
        "-f",
        "json",
        cwd=tmp_path,
    )
    run.check(1, canary, listener)
    found = report(run)
    for case in REFUSED:
        assert [f["code"] for f in found[ident(case)]] == ["E002"], ident(case)
    for case in XINCLUDE:
        assert "E007" in [f["code"] for f in found[ident(case)]] and "E202" not in [f["code"] for f in found[ident(case)]]
    assert found["good"] == [] and found["bad"] and not [f for f in found["bad"] if f["code"] == "E202"]


@needs_jing
def test_jing_findings_reach_relative_paths_stdin_and_the_report(tmp_path, canary, listener):
    rng = tmp_path / "strict.rng"
    rng.write_text(
        f"""<grammar xmlns="http://relaxng.org/ns/structure/1.0" ns="{TEI_NS}">
  <start><element name="TEI"><zeroOrMore><element name="p"><text/></element></zeroOrMore></element></start>
</grammar>
""",
        "utf-8",
    )
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "bad.xml").write_text(f'<TEI xmlns="{TEI_NS}">\n<p>x</p>\n<q>x</q>\n</TEI>\n', "utf-8")
    (tmp_path / "ok.xml").write_text(f'<TEI xmlns="{TEI_NS}"><p>x</p></TEI>', "utf-8")
    run = tei_edition(
        "validate",
        "./sub/bad.xml",
        "sub/../ok.xml",
        "-",
        "--rng",
        rng,
        "--engine",
        "jing",
        "--no-rules",
        "-f",
        "json",
        cwd=tmp_path,
        stdin=(tmp_path / "sub" / "bad.xml").read_bytes(),
    )
    run.check(1, canary, listener)
    files = json.loads(run.out)["files"]
    assert [f["file"] for f in files] == ["./sub/bad.xml", "sub/../ok.xml", "<stdin>"]
    for f in (files[0], files[2]):
        jing = [x for x in f["findings"] if x["code"] == "E202"]
        assert jing and jing[0]["line"] == 3 and '"q"' in jing[0]["message"], f
    assert not [x for x in files[1]["findings"] if x["code"] == "E202"]


@needs_jing
def test_jing_with_a_broken_schema_is_a_usage_error_not_valid(tmp_path, canary, listener):
    shutil.copy(GOOD, tmp_path / "good.xml")
    broken = tmp_path / "broken.rng"
    broken.write_text('<grammar xmlns="http://relaxng.org/ns/structure/1.0"><start><ref name="nope"/></start></grammar>', "utf-8")
    run = tei_edition("validate", "good.xml", "--rng", broken, "--engine", "jing", cwd=tmp_path).check(2, canary, listener)
    assert b"valid" not in run.err.replace(b"validate", b"") and b"nope" in run.err
    unreadable = tmp_path / "empty.rng"
    unreadable.write_bytes(b"")
    tei_edition("validate", "good.xml", "--rng", unreadable, "--engine", "jing", cwd=tmp_path).check(2, canary, listener)


@pytest.mark.parametrize("engine", ["lxml", pytest.param("jing", marks=needs_jing)])
@pytest.mark.parametrize("how", ["include", "externalRef", "xml:base", "xinclude", "doctype", "xsd-as-rng"])
def test_relaxng_schemas_are_read_from_local_files_only(tmp_path, canary, listener, fifo, engine, how):
    shutil.copy(GOOD, tmp_path / "good.xml")
    (tmp_path / "local.rng").write_text(ANY_RNG, "utf-8")
    rng_ns = "http://relaxng.org/ns/structure/1.0"
    schema = {
        "include": f'<grammar xmlns="{rng_ns}"><include href="{listener.url}/included.rng"/></grammar>',
        "externalRef": f'<grammar xmlns="{rng_ns}"><start><externalRef href="{listener.url}/ref.rng"/></start></grammar>',
        "xml:base": f'<grammar xmlns="{rng_ns}" xml:base="{listener.url}/"><include href="local.rng"/></grammar>',
        "xinclude": f'<grammar xmlns="{rng_ns}" xmlns:xi="http://www.w3.org/2001/XInclude"><xi:include href="{fifo}"/></grammar>',
        "doctype": f'<!DOCTYPE grammar SYSTEM "{fifo}"><grammar xmlns="{rng_ns}"><include href="local.rng"/></grammar>',
        "xsd-as-rng": f'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:import namespace="urn:x" schemaLocation="{listener.url}/x.xsd"/></xs:schema>',
    }[how]
    (tmp_path / "hostile.rng").write_text(schema, "utf-8")
    run = tei_edition("validate", "good.xml", "--rng", "hostile.rng", "--engine", engine, cwd=tmp_path).check(2, canary, listener)
    assert b"cannot compile the RELAX NG schema" in run.err


@pytest.mark.parametrize("how", ["import", "include", "xml:base", "doctype"])
def test_xsd_imports_are_never_fetched(tmp_path, canary, listener, fifo, how):
    # an invalid document: only then does xmlschema compile the schema (to explain), which fetched imports
    bad = tmp_path / "bad.xml"
    bad.write_text(GOOD.read_text("utf-8").replace("<p>Comrade", "<p><div/>Comrade", 1), "utf-8")
    xs = "http://www.w3.org/2001/XMLSchema"
    project = ROOT / "schemas" / "tei_edition.xsd"
    body = project.read_text("utf-8")
    (tmp_path / "xml.xsd").write_bytes((ROOT / "schemas" / "xml.xsd").read_bytes())
    reference = {
        "import": f'<xs:import namespace="urn:elsewhere" schemaLocation="{listener.url}/elsewhere.xsd"/>',
        "include": f'<xs:include schemaLocation="{listener.url}/more.xsd"/>',
        "xml:base": f'<xs:import xml:base="{listener.url}/" namespace="urn:elsewhere" schemaLocation="elsewhere.xsd"/>',
        "doctype": "",
    }[how]
    body = re.sub(r"(<xs:schema\b[^>]*>)", lambda m: m.group(1) + reference, body, count=1)
    if how == "doctype":
        body = body.replace("<xs:schema", f'<!DOCTYPE xs:schema SYSTEM "{fifo}">\n<xs:schema', 1)
    (tmp_path / "hostile.xsd").write_text(body, "utf-8")
    assert f'xmlns:xs="{xs}"' in body
    run = tei_edition("validate", bad, "--schema", "hostile.xsd", "-f", "json", cwd=tmp_path).check(2, canary, listener)
    assert b"cannot compile the XSD" in run.err
    assert (b"not a local file" in run.err) or (how == "doctype" and b"DOCTYPE" in run.err)


def test_one_document_cannot_crash_the_batch_and_the_report_is_written(tmp_path, canary, listener):
    text = CORPUS_DOC.read_text("utf-8")
    body = text.index("<body>")
    first_p = text.index("<p", body)
    # a fractional quantity (the source-line map of convert-written TEI read it as an int) and a dangling pointer
    odd = text[:first_p] + '<space dim="vertical" quantity="1.5"/>' + text[first_p:]
    odd = odd[:first_p] + odd[first_p:].replace("<p", '<p corresp="#nowhere"', 1)
    (tmp_path / "a-odd.xml").write_text(odd, "utf-8")
    shutil.copy(GOOD, tmp_path / "b-good.xml")
    (tmp_path / "c-bad.xml").write_text(GOOD.read_text("utf-8").replace("<p>Comrade", "<p><div/>Comrade", 1), "utf-8")
    out = tmp_path / "report.xml"
    run = tei_edition("validate", "a-odd.xml", "b-good.xml", "c-bad.xml", "-f", "junit", "-o", out, cwd=tmp_path)
    run.check(1, canary, listener, out)
    cases = etree.parse(str(out)).getroot().findall(".//testcase")
    assert [c.get("name") for c in cases] == ["a-odd.xml", "b-good.xml", "c-bad.xml"]
    assert [c.find("failure") is not None for c in cases] == [True, False, True]
    assert "E30" in etree.tostring(cases[0], encoding="unicode")  # the odd document's own finding, not a crash


def test_an_unexpected_exception_is_that_files_internal_error(tmp_path, monkeypatch):
    from tei_edition.validate import run as validate_run

    real = validate_run.rule_diagnostics

    def sometimes(tree, name, source):
        if "boom" in name:
            raise ValueError("simulated bug")
        return real(tree, name, source)

    monkeypatch.setattr(validate_run, "rule_diagnostics", sometimes)
    for name in ("a.xml", "boom.xml", "c.xml"):
        shutil.copy(GOOD, tmp_path / name)
    results, readable = validate_run.validate_paths(
        [str(tmp_path / n) for n in ("a.xml", "boom.xml", "c.xml")], validate_run.Options(), jobs=1
    )
    assert readable
    assert [[d.code for d in r.diagnostics] for r in results] == [[], ["E009"], []]
    (internal,) = results[1].diagnostics
    assert "simulated bug" in internal.message and "bug in tei-edition" in internal.hint


# ---------------------------------------------------------------------------------------------- export, build, package


@pytest.mark.parametrize("fmt", ["text", "html", "pdf"])
@pytest.mark.parametrize("case", ALL, ids=ident)
def test_export_refuses_every_doctype_and_follows_no_xinclude(tmp_path, attack, canary, listener, fmt, case):
    path = tmp_path / "doc.xml"
    path.write_bytes(attack(*case))
    out = tmp_path / f"out.{fmt}"
    if case in XINCLUDE + HINTS:
        tei_edition("export", fmt, path, "-o", out, cwd=tmp_path).check(0, canary, listener, out)
        assert out.exists()
        return
    run = tei_edition("export", fmt, path, "-o", out, cwd=tmp_path).check(1, canary, listener, out)
    assert (b"E001" if case in ILL_FORMED else b"E002") in run.err
    assert not out.exists()


@pytest.mark.slow  # seconds: make check leaves it to make test
def test_build_and_package_of_a_hostile_hand_edited_corpus(tmp_path, attack, canary, listener):
    documents = {ident(case): attack(*case) for case in ALL}
    documents["good"] = GOOD.read_bytes()
    corpus = hand_edited_corpus(tmp_path / "corpus", documents)
    out = tmp_path / "build"
    run = tei_edition("build", corpus, "-o", out, cwd=tmp_path).check(1, canary, listener, out)
    err = run.err.decode()
    for case in REFUSED:
        assert re.search(rf"{re.escape(ident(case))}/edition.xml:\d+:\d+: error E002", err), ident(case)
    assert (out / "good" / "edition.html").is_file() and (out / "good" / "edition.pdf").is_file()
    bags = tmp_path / "bags"
    run = tei_edition("package", corpus, "-o", bags, "--allow-incomplete", cwd=tmp_path).check(1, canary, listener, bags)
    assert b"E002" in run.err
    assert not any((bags / ident(case)).exists() for case in REFUSED)


# ---------------------------------------------------------------------------------------------- size and depth


@pytest.mark.slow  # seconds: make check leaves it to make test
def test_a_document_over_the_limit_is_refused_by_every_command(tmp_path, canary, listener):
    head, tail = GOOD.read_bytes().split(b"<p>Comrade", 1)
    big = tmp_path / "big.xml"
    with big.open("wb") as fh:
        fh.write(head + b"<p>")
        fh.write(b"word " * (64 * MIB // 5 + 1))
        fh.write(b"</p><p>Comrade" + tail)
    assert big.stat().st_size > 64 * MIB
    run = tei_edition("validate", big, "-f", "json", cwd=tmp_path).check(1, canary, listener)
    assert [f["code"] for f in report(run)["big"]] == ["E003"]
    for fmt in ("text", "html", "pdf"):
        out = tmp_path / f"big.{fmt}"
        run = tei_edition("export", fmt, big, "-o", out, cwd=tmp_path).check(1, canary, listener)
        assert b"E003" in run.err and not out.exists()
    corpus = tmp_path / "corpus" / "big"
    corpus.mkdir(parents=True)
    (corpus / "edition.toml").write_text('[build]\nsource = "edition.xml"\n', "utf-8")
    os.replace(big, corpus / "edition.xml")
    run = tei_edition("build", corpus.parent, "-o", tmp_path / "build", "--formats", "tei,text", cwd=tmp_path).check(1, canary, listener)
    assert b"E003" in run.err
    run = tei_edition("package", corpus, "-o", tmp_path / "bag", cwd=tmp_path).check(1, canary, listener)
    assert b"E003" in run.err


@pytest.mark.parametrize("command", [("validate",), ("export", "text"), ("export", "html"), ("export", "pdf")])
def test_an_endless_stream_is_read_only_up_to_the_limit(tmp_path, canary, listener, command):
    run = tei_edition(*command, "/dev/zero", cwd=tmp_path, memory=1024 * MIB)
    run.check(1, canary, listener)
    assert b"E003" in run.err


@pytest.mark.slow  # seconds: make check leaves it to make test
def test_what_convert_writes_always_loads(tmp_path, canary, listener):
    # one source line of 11 MiB is one text node over libxml2's default 10 MB limit
    source = tmp_path / "source.txt"
    source.write_text(" ".join(["word"] * (11 * MIB // 5)) + "\n", "utf-8")
    xml = tmp_path / "edition.xml"
    tei_edition("convert", source, "-o", xml, "-q", cwd=tmp_path).check(0, canary, listener)
    run = tei_edition("validate", xml, "-f", "json", cwd=tmp_path)
    assert not [f for f in report(run)["edition"] if f["code"].startswith("E00")]
    back = tei_edition("export", "text", xml, "--form", "source", cwd=tmp_path).check(0, canary, listener)
    assert back.out == source.read_bytes()
    tei_edition("export", "html", xml, "-o", tmp_path / "edition.html", cwd=tmp_path).check(0, canary, listener)


def nested(depth: int) -> bytes:
    """The valid TEI document with its body nested `depth` divisions deep."""
    text = GOOD.read_text("utf-8")
    start, end = text.index("<body>") + len("<body>"), text.index("</body>")
    return (text[:start] + "<div>" * depth + "<p>Deep.</p>" + "</div>" * depth + text[end:]).encode()


def test_valid_tei_nested_150_deep_loads_and_validates(tmp_path, canary, listener):
    from tei_edition.tei.load import load_tei

    path = tmp_path / "deep.xml"
    path.write_bytes(nested(150))
    assert len(load_tei(path).getroot().xpath("//*[count(ancestor::*) >= 150]")) > 0
    run = tei_edition("validate", path, "-f", "json", cwd=tmp_path).check(0, canary, listener)
    assert report(run)["deep"] == []
    tei_edition("export", "text", path, "-o", tmp_path / "deep.txt", cwd=tmp_path).check(0, canary, listener)


@pytest.mark.slow  # seconds: make check leaves it to make test
@pytest.mark.parametrize("depth", [300, 3000])
def test_too_deep_a_document_is_a_finding_for_every_command(tmp_path, canary, listener, depth):
    path = tmp_path / "deep.xml"
    path.write_bytes(nested(depth))
    run = tei_edition("validate", path, "-f", "json", cwd=tmp_path).check(1, canary, listener)
    assert [f["code"] for f in report(run)["deep"]] == ["E006"]
    for fmt in ("text", "html", "pdf"):
        run = tei_edition("export", fmt, path, "-o", tmp_path / f"deep.{fmt}", cwd=tmp_path).check(1, canary, listener)
        assert b"E006" in run.err
    corpus = hand_edited_corpus(tmp_path / "corpus", {"deep": path.read_bytes()})
    run = tei_edition("build", corpus, "-o", tmp_path / "build", "--formats", "tei,html", cwd=tmp_path).check(1, canary, listener)
    assert b"E006" in run.err


# ---------------------------------------------------------------------------------------------- the loader itself


@pytest.mark.parametrize(
    "spelling",
    [
        "utf-8-bom",
        "utf-16",
        "utf-16-be",
        "utf-16-le-no-bom",
        "utf-32",
        "utf-7",
        "declared-utf-16-but-ascii",
        "after-a-pi",
        "after-2-mib-of-comment",
        "element-decl",
    ],
)
def test_the_loader_refuses_a_doctype_however_it_is_spelled(spelling):
    from tei_edition.tei.load import LoadError, parse_untrusted

    doc = '<!DOCTYPE TEI SYSTEM "/dev/stdin">\n<TEI xmlns="http://www.tei-c.org/ns/1.0"/>'
    decl = '<?xml version="1.0" encoding="{}"?>\n'
    data = {
        "utf-8-bom": b"\xef\xbb\xbf" + doc.encode(),
        "utf-16": (decl.format("UTF-16") + doc).encode("utf-16"),
        "utf-16-be": (decl.format("UTF-16") + doc).encode("utf-16-be"),
        "utf-16-le-no-bom": (decl.format("UTF-16") + doc).encode("utf-16-le"),
        "utf-32": (decl.format("UTF-32") + doc).encode("utf-32"),
        "utf-7": decl.format("UTF-7").encode() + doc.encode("utf-7"),
        "declared-utf-16-but-ascii": (decl.format("UTF-16") + doc).encode(),
        "after-a-pi": ('<?xml version="1.0"?><?a x > y ?><!-- <!DOCTYPE fake> -->' + doc).encode(),
        "after-2-mib-of-comment": b"<!--" + b"x" * (2 * MIB) + b"-->" + doc.encode(),
        "element-decl": b'<!ELEMENT TEI ANY>\n<TEI xmlns="http://www.tei-c.org/ns/1.0"/>',
    }[spelling]
    with pytest.raises(LoadError) as refused:
        parse_untrusted(data, "doc.xml")
    assert refused.value.diagnostic.code == "E002"


def test_the_loader_refuses_an_encoding_it_cannot_check():
    from tei_edition.tei.load import LoadError, parse_untrusted

    for data in (b'<?xml version="1.0" encoding="x-no-such-codec"?><TEI/>', "<?xml version='1.0'?><TEI/>".encode("cp037")):
        with pytest.raises(LoadError) as refused:
            parse_untrusted(data, "doc.xml")
        assert refused.value.diagnostic.code in ("E005", "E001")
    with pytest.raises(LoadError) as refused:
        parse_untrusted(b'<?xml version="1.0" encoding="x-no-such-codec"?><TEI/>', "doc.xml")
    assert refused.value.diagnostic.code == "E005" and "UTF-8" in refused.value.diagnostic.hint


def test_the_loader_still_reads_any_encoding_it_can_check():
    from tei_edition.tei.load import parse_untrusted

    doc = '<?xml version="1.0" encoding="{}"?>\n<TEI xmlns="http://www.tei-c.org/ns/1.0"><p>é ü</p></TEI>'
    for declared, codec in (
        ("UTF-8", "utf-8"),
        ("UTF-16", "utf-16"),
        ("ISO-8859-1", "latin-1"),
        ("windows-1252", "cp1252"),
        ("UTF-7", "utf-7"),
    ):
        tree = parse_untrusted(doc.format(declared).encode(codec), "doc.xml")
        assert tree.getroot()[0].text == "é ü", declared


@needs_jing
def test_jing_that_does_not_answer_is_stopped_not_waited_for(tmp_path, monkeypatch):
    # Before: jing ran without a time bound (a schema or a JVM that hangs would hang validate, and CI with it).
    from click.testing import CliRunner

    from tei_edition.cli import cli
    from tei_edition.validate import run as run_module

    monkeypatch.setattr(run_module, "JING_SECONDS", 0.01)
    monkeypatch.setattr(run_module, "JING_SECONDS_PER_BYTE", 0.0)
    shutil.copy(GOOD, tmp_path / "good.xml")
    rng = tmp_path / "any.rng"
    rng.write_text(
        '<grammar xmlns="http://relaxng.org/ns/structure/1.0"><start><element><anyName/><text/></element></start></grammar>', "utf-8"
    )
    result = CliRunner().invoke(cli, ["validate", str(tmp_path / "good.xml"), "--rng", str(rng), "--engine", "jing", "--jobs", "1"])
    assert result.exit_code == 2, result.output
    assert "no answer within" in result.output
