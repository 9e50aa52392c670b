"""Tests of `tei-edition build`: outputs and index, incremental rebuilds, failures, hand-edited TEI, interrupted builds."""

from __future__ import annotations

import fcntl
import importlib.util
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import lxml.html
import pytest
from lxml import etree

from tei_edition import TEI_NS
from tei_edition.build import (
    INDEX,
    LOCK,
    STAGING,
    STAMP,
    Options,
    Outcome,
    find_documents,
    render_index,
    run_build,
)
from tei_edition.errors import TeiEditionError
from tei_edition.tei.names import TEI as T
from tests.conftest import CORPUS, ROOT

REAL = CORPUS / "000-lenin-1917-05-08-soviets"
FAST = Options(formats=("tei", "html", "text"))


def _synthetic():
    spec = importlib.util.spec_from_file_location("synthetic", ROOT / "benchmarks" / "synthetic.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def corpus(tmp_path) -> Path:
    """Three synthetic documents (a few kB each) in tmp_path/corpus."""
    _synthetic().generate(tmp_path / "corpus", 3, seed=7)
    return tmp_path / "corpus"


def cli(*args, cwd=None, **kwargs) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT), NO_COLOR="1")
    return subprocess.run(
        [sys.executable, "-m", "tei_edition", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd or ROOT,
        env=env,
        timeout=300,
        **kwargs,
    )


def outputs(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file() and LOCK not in p.name}


def mtimes(out: Path) -> dict[str, int]:
    return {str(p.relative_to(out)): p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}


def assert_complete(out: Path) -> None:
    """No temporary file outside the staging folder, and every output there is whole (it parses, or its size is stamped)."""
    stray = [p for p in out.rglob("*.tmp") if STAGING not in p.parts]
    assert not stray, f"temporary files beside the outputs: {stray}"
    for p in out.rglob("*"):
        if not p.is_file() or STAGING in p.parts or p.name == LOCK:
            continue
        data = p.read_bytes()
        assert data, f"{p} is empty"
        if p.suffix == ".xml":
            etree.fromstring(data)
        elif p.suffix == ".json":
            json.loads(data)
        elif p.suffix == ".html":
            assert data.rstrip().endswith(b"</html>"), f"{p} is cut short"
        elif p.suffix == ".pdf":
            assert data.startswith(b"%PDF") and b"%%EOF" in data[-1024:], f"{p} is cut short"
        elif p.suffix == ".txt":
            data.decode("utf-8")


# ---------------------------------------------------------------------------------------------- the real corpus


def test_real_document_all_formats_and_index(tmp_path):
    out = tmp_path / "build"
    result = run_build(CORPUS, out)  # every format, PDF included (about 5 s)
    assert [o.status for o in result.outcomes] == ["built"] * len(result.outcomes)
    folder = out / REAL.name
    for name in ("edition.xml", "edition.html", "edition.pdf", "edition.txt", "validation.json", STAMP):
        assert (folder / name).is_file(), name
    assert_complete(out)
    tei = etree.parse(str(folder / "edition.xml"))
    assert tei.getroot().tag == T + "TEI"
    report = json.loads((folder / "validation.json").read_text())
    assert report["valid"] is True and report["schema"] == "tei_edition.xsd" and len(report["schema_sha256"]) == 64
    assert "Hiatus" in (folder / "edition.txt").read_text("utf-8")

    index = lxml.html.parse(str(out / INDEX)).getroot()
    row = index.xpath("//tbody/tr")[0]
    text = " ".join(row.text_content().split())
    assert "[Speech on the Attitude Towards the Soviets]" in text
    assert "8 May 1917" in text and row.xpath(".//time/@datetime") == ["1917-05-08"]
    assert "The conference minutes" in text and "Pravda No. 42" in text  # both witnesses
    assert row.xpath(".//abbr/text()") == ["M", "P"]
    links = row.xpath(".//a/@href")
    for name in ("edition.xml", "edition.html", "edition.pdf", "edition.txt", "validation.json"):
        assert f"./{REAL.name}/{name}" in links  # relative, every segment percent-encoded (escape.relative_href)
    assert row.xpath("string(td[@class='status'])") == "valid"


def test_second_run_rebuilds_nothing_and_says_so(tmp_path):
    out = tmp_path / "build"
    first = cli("build", CORPUS, "-o", out, "--formats", "tei,html,text")
    assert first.returncode == 0, first.stderr
    assert "1 built" in first.stderr
    before = mtimes(out)
    second = cli("build", CORPUS, "-o", out, "--formats", "tei,html,text")
    assert second.returncode == 0, second.stderr
    assert "nothing to rebuild: 1 document up to date" in second.stderr
    assert mtimes(out) == before  # not even index.html is rewritten


# ---------------------------------------------------------------------------------------------- incremental


def test_touching_one_source_rebuilds_only_that_document(corpus, tmp_path):
    out = tmp_path / "build"
    assert [o.status for o in run_build(corpus, out, FAST).outcomes] == ["built"] * 3
    before = outputs(out)
    docs = find_documents(corpus)
    source = docs[1].input_path
    source.write_text(source.read_text("utf-8").replace("V. I. Lenin", "V. I. Lenin (edited)", 1), "utf-8")
    result = run_build(corpus, out, FAST)
    assert [o.status for o in result.outcomes] == ["up to date", "built", "up to date"]
    after = outputs(out)
    changed = {k for k in after if before.get(k) != after[k]}
    assert changed and all(k.startswith(docs[1].slug) for k in changed), changed
    assert "(edited)" in (out / docs[1].slug / "edition.xml").read_text("utf-8")


def test_touch_alone_rebuilds_only_that_document(corpus, tmp_path):
    import os

    out = tmp_path / "build"
    run_build(corpus, out, FAST)
    docs = find_documents(corpus)
    stat = docs[2].input_path.stat()
    os.utime(docs[2].input_path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    result = run_build(corpus, out, FAST)
    assert [o.status for o in result.outcomes] == ["up to date", "up to date", "built"]


def test_metadata_options_and_force_rebuild(corpus, tmp_path):
    out = tmp_path / "build"
    run_build(corpus, out, FAST)
    docs = find_documents(corpus)
    toml = docs[0].folder / "edition.toml"
    toml.write_text(toml.read_text("utf-8").replace('title = "Synthetic speech 0', 'title = "Renamed speech 0'), "utf-8")
    assert [o.status for o in run_build(corpus, out, FAST).outcomes] == ["built", "up to date", "up to date"]
    assert "Renamed speech 0" in (out / INDEX).read_text("utf-8")
    # Other formats: every document is rebuilt, and the output no longer asked for is removed.
    fewer = Options(formats=("tei", "text"))
    assert [o.status for o in run_build(corpus, out, fewer).outcomes] == ["built"] * 3
    assert not (out / docs[0].slug / "edition.html").exists()
    assert [o.status for o in run_build(corpus, out, Options(formats=("tei", "text"), force=True)).outcomes] == ["built"] * 3


def test_a_missing_output_is_rebuilt(corpus, tmp_path):
    out = tmp_path / "build"
    run_build(corpus, out, FAST)
    slug = find_documents(corpus)[2].slug
    (out / slug / "edition.html").unlink()
    assert [o.status for o in run_build(corpus, out, FAST).outcomes] == ["up to date", "up to date", "built"]
    assert (out / slug / "edition.html").is_file()


def test_parallel_and_sequential_builds_write_the_same_bytes(corpus, tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    run_build(corpus, one, FAST, jobs=1)
    run_build(corpus, two, FAST, jobs=2)
    assert outputs(one) == outputs(two)


# ---------------------------------------------------------------------------------------------- failures


def test_one_broken_document_does_not_stop_the_others(corpus, tmp_path):
    out = tmp_path / "build"
    broken = find_documents(corpus)[1]
    broken.input_path.write_bytes(b"Caf\xe9 is not UTF-8\n")
    run = cli("build", corpus, "-o", out, "--formats", "tei,text", "--jobs", "2")
    assert run.returncode == 1, run.stderr
    assert f"{broken.input_path}:1:" in run.stderr and "error E1" in run.stderr  # the finding, at file:line:col
    assert "2 built, 0 up to date, 1 failed" in run.stderr
    assert "Traceback" not in run.stderr
    others = [d for d in find_documents(corpus) if d.slug != broken.slug]
    assert all((out / d.slug / STAMP).is_file() for d in others)
    assert not (out / broken.slug / STAMP).exists()
    index = (out / INDEX).read_text("utf-8")
    assert "failed" in index and broken.slug in index
    # A failed document is tried again; once fixed, it is built and the others stay untouched.
    again = run_build(corpus, out, Options(formats=("tei", "text")))
    assert [o.status for o in again.outcomes] == ["up to date", "failed", "up to date"]
    broken.input_path.write_text("V. I. Lenin\n\nA short text.\n", "utf-8")
    fixed = run_build(corpus, out, Options(formats=("tei", "text")))
    assert [o.status for o in fixed.outcomes] == ["up to date", "built", "up to date"]


def test_invalid_hand_edited_tei_is_reported_with_its_line(tmp_path):
    folder = tmp_path / "corpus" / "hand"
    folder.mkdir(parents=True)
    (folder / "edition.toml").write_text('[build]\nsource = "edition.xml"\n', "utf-8")
    (folder / "edition.xml").write_text(
        f'<TEI xmlns="{TEI_NS}">\n<teiHeader/>\n<text><body><p>x</p><bogus/></body></text>\n</TEI>\n', "utf-8"
    )
    result = run_build(tmp_path / "corpus", tmp_path / "build", FAST)
    (outcome,) = result.outcomes
    assert outcome.status == "invalid"
    codes = {d.code for d in outcome.diagnostics if d.is_error}
    assert "E201" in codes
    assert any(d.span and d.span.path.endswith("edition.xml") and d.span.line >= 2 for d in outcome.diagnostics if d.is_error)
    assert "not valid" in (tmp_path / "build" / INDEX).read_text("utf-8")


def test_unknown_build_source_and_bad_formats(tmp_path, corpus):
    toml = find_documents(corpus)[0].folder / "edition.toml"
    toml.write_text(toml.read_text("utf-8") + '\n[build]\nsource = "other.xml"\n', "utf-8")
    assert find_documents(corpus)[0].problems[0].code == "E502"
    run = cli("build", corpus, "-o", tmp_path / "b", "--formats", "tei,docx")
    assert run.returncode == 2 and "docx" in run.stderr
    missing = cli("build", tmp_path / "nowhere", "-o", tmp_path / "b")
    assert missing.returncode == 1 and "no such corpus folder" in missing.stderr and "Traceback" not in missing.stderr


def test_a_second_build_of_the_same_folder_waits_then_gives_up(corpus, tmp_path):
    out = tmp_path / "build"
    out.mkdir()
    fd = os.open(out / LOCK, os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        with pytest.raises(TeiEditionError) as info:
            run_build(corpus, out, FAST, lock_timeout=0.3)
        assert info.value.diagnostics[0].code == "E505"
    finally:
        os.close(fd)
    assert [o.status for o in run_build(corpus, out, FAST).outcomes] == ["built"] * 3


# ---------------------------------------------------------------------------------------------- hand-edited TEI


def test_hand_edited_edition_xml_is_taken_as_it_is(corpus, tmp_path):
    out = tmp_path / "build"
    run_build(corpus, out, FAST)
    doc = find_documents(corpus)[0]
    converted = (out / doc.slug / "edition.xml").read_text("utf-8")
    end = converted.index("</p>", converted.index("<p xml:id="))  # the end of the first paragraph of the text
    edited = converted[:end] + " Corrected by hand." + converted[end:]
    (doc.folder / "edition.xml").write_text(edited, "utf-8")
    toml = doc.folder / "edition.toml"
    # The metadata stays beside the TEI (for packaging) but the header of edition.xml is what counts now.
    toml.write_text(toml.read_text("utf-8").replace("[document]", '[build]\nsource = "edition.xml"\n\n[document]', 1), "utf-8")
    doc = find_documents(corpus)[0]
    assert doc.hand_edited
    result = run_build(corpus, out, FAST)
    assert result.outcomes[0].status == "built", result.outcomes[0].diagnostics
    assert (out / doc.slug / "edition.xml").read_text("utf-8") == edited  # byte for byte
    assert "Corrected by hand." in (out / doc.slug / "edition.html").read_text("utf-8")
    assert "Corrected by hand." in (out / doc.slug / "edition.txt").read_text("utf-8")
    # Editing the TEI again rebuilds it; the other documents stay up to date.
    (doc.folder / "edition.xml").write_text(edited.replace("Corrected by hand.", "Corrected twice."), "utf-8")
    assert [o.status for o in run_build(corpus, out, FAST).outcomes] == ["built", "up to date", "up to date"]


# ---------------------------------------------------------------------------------------------- index


def test_index_escapes_what_it_shows():
    entry = {
        "title": "<script>alert(1)</script> & co",
        "date": "1917-05-08",
        "date_text": "8 May",
        "witnesses": [{"siglum": '"M"', "description": "<b>minutes</b>"}],
        "outputs": {"html": "edition.html"},
    }
    page = render_index([Outcome("a&b", "built", [], entry)])
    assert "<script>alert" not in page and "&lt;script&gt;" in page and "<b>minutes" not in page
    assert 'href="./a%26b/edition.html"' in page
    doc = lxml.html.document_fromstring(page)
    assert doc.xpath("string(//td[@class='status'])") == "valid"


# ---------------------------------------------------------------------------------------------- interrupted builds


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT, signal.SIGTERM], ids=["SIGKILL", "SIGINT", "SIGTERM"])
def test_an_interrupted_build_leaves_no_partial_file_and_the_next_one_repairs(tmp_path, sig):
    corpus = tmp_path / "corpus"
    for folder in _synthetic().generate(corpus, 40, seed=11):
        # each document made long enough (about a tenth of a second) that a loaded machine cannot finish the
        # other 37 between the third stamp and the signal
        source = folder / "source.txt"
        source.write_text("\n\n".join([source.read_text(encoding="utf-8").rstrip("\n")] * 12) + "\n", encoding="utf-8")
    out = tmp_path / "build"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    args = [sys.executable, "-m", "tei_edition", "build", str(corpus), "-o", str(out), "--formats", "tei,html,text", "--jobs", "2"]
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=ROOT)
    deadline = time.monotonic() + 120
    while len(list(out.glob(f"*/{STAMP}"))) < 3:  # kill it once some documents are done and others are under way
        assert proc.poll() is None, "the build finished before it could be interrupted"
        assert time.monotonic() < deadline
        time.sleep(0.01)
    proc.send_signal(sig)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode != 0
    if sig != signal.SIGKILL:
        assert proc.returncode == 130 and stderr.decode().rstrip().endswith(("Interrupted.", "Aborted.")) and b"Traceback" not in stderr
        assert not (out / STAGING).exists()  # a clean stop removes its own temporary files
    done = len(list(out.glob(f"*/{STAMP}")))
    assert 3 <= done < 40
    assert_complete(out)

    run = subprocess.run(args, capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)
    assert run.returncode == 0, run.stderr
    assert f"{40 - done} built, {done} up to date, 0 failed" in run.stderr
    assert not (out / STAGING).exists() and not list(out.rglob("*.tmp"))
    assert len(list(out.glob(f"*/{STAMP}"))) == 40
    assert_complete(out)
    for folder in sorted(p for p in out.iterdir() if p.is_dir()):
        stamp = json.loads((folder / STAMP).read_text())
        assert {name: (folder / name).stat().st_size for name in stamp["outputs"]} == stamp["outputs"]
    # The repaired build is the build an uninterrupted run gives.
    clean = tmp_path / "clean"
    run_build(corpus, clean, FAST, jobs=1)

    def published(folder):  # stamps hold a hash of the code, which may differ between two runs of a checkout being edited
        return {k: v for k, v in outputs(folder).items() if not k.endswith(STAMP)}

    assert published(out) == published(clean)
