"""Outputs never destroy anything: not a device, FIFO or socket, not an input, not a folder the tool did not make.

Every command writes through tei_edition/fileio.py; each rule of that module is a test here, over every command that
has -o or --report (convert, validate, export text|html|pdf, build, package). Disk full (a file size limit) and
SIGTERM are tried on the CLI in a subprocess.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from tei_edition.cli import cli
from tei_edition.fileio import check_output
from tests.conftest import CORPUS, ROOT

REAL = CORPUS / "000-lenin-1917-05-08-soviets"


def run(*args, input=None):
    return CliRunner().invoke(cli, [str(a) for a in args], input=input, catch_exceptions=False)


def run_cli(*args, timeout=120, preexec_fn=None, env=None, **kwargs) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT), NO_COLOR="1", **(env or {}))
    return subprocess.run(
        [sys.executable, "-m", "tei_edition", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=timeout,
        preexec_fn=preexec_fn,
        **kwargs,
    )


def assert_clean(result) -> None:
    """No traceback and no "internal error … a bug" in what a command printed."""
    text = getattr(result, "stderr", None) or getattr(result, "output", "")
    assert "Traceback" not in text and "internal error" not in text and "a bug" not in text, text


@pytest.fixture
def doc(tmp_path) -> Path:
    """A copy of the real document folder: source.txt, edition.toml and the committed edition.xml."""
    folder = tmp_path / "doc"
    shutil.copytree(REAL, folder)
    return folder


def commands(doc: Path, out) -> dict[str, list]:
    """Every command that writes a file, writing it to `out`."""
    return {
        "convert -o": ["convert", doc / "source.txt", "-o", out, "-q"],
        "convert --report": ["convert", doc / "source.txt", "-o", doc.parent / "elsewhere.xml", "--report", out, "-q"],
        "validate -o": ["validate", doc / "edition.xml", "-f", "json", "-o", out],
        "validate text -o": ["validate", doc / "edition.xml", "-q", "-o", out],
        "export text": ["export", "text", doc / "edition.xml", "-o", out],
        "export html": ["export", "html", doc / "edition.xml", "-o", out],
        "export pdf": ["export", "pdf", doc / "edition.xml", "-o", out],
    }


NAMES = list(commands(Path("x"), "y"))


# ---------------------------------------------------------------------------------------------- 1. devices, FIFOs, sockets


@pytest.mark.parametrize("name", NAMES)
def test_a_fifo_is_neither_replaced_nor_written(doc, tmp_path, name):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    result = run(*commands(doc, fifo)[name])
    assert result.exit_code == 1, result.output
    assert "E601" in result.output and str(fifo) in result.output
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode), "the FIFO was replaced"
    assert_clean(result)


@pytest.mark.parametrize("name", ["convert -o", "validate -o", "export text"])
def test_a_socket_is_not_replaced(doc, tmp_path, name):
    path = tmp_path / "sock"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        server.bind(str(path))
        result = run(*commands(doc, path)[name])
        assert result.exit_code == 1 and "E601" in result.output, result.output
        assert stat.S_ISSOCK(os.lstat(path).st_mode), "the socket was replaced"
    finally:
        server.close()


@pytest.mark.parametrize("name", ["convert -o", "validate -o", "export text", "export html"])
def test_a_symlink_to_dev_null_is_written_in_place(doc, tmp_path, name):
    link = tmp_path / "null"
    link.symlink_to("/dev/null")
    result = run(*commands(doc, link)[name])
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and os.readlink(link) == "/dev/null", "the link to /dev/null was replaced by a file"
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    assert not list(tmp_path.glob(".null.*")), "a temporary file was left"


def test_dev_null_itself_is_written_in_place_never_replaced():
    # The rule, without writing: /dev/null is a character device, written in place (the symlink test above writes).
    assert check_output("/dev/null") == "device"


def test_own_stdout_by_path_is_written_through_the_descriptor(doc):
    # /proc/self/fd/1 (like /dev/stdout) is this process's stdout, here a pipe: written to, not refused, not replaced.
    result = run_cli("export", "text", doc / "edition.xml", "--form", "source", "-o", "/proc/self/fd/1")
    assert result.returncode == 0, result.stderr
    assert result.stdout == (doc / "source.txt").read_text("utf-8")


def test_a_folder_is_refused(doc, tmp_path):
    result = run("export", "text", doc / "edition.xml", "-o", tmp_path)
    assert result.exit_code == 1 and "directory" in result.output


def test_build_does_not_replace_a_fifo_in_its_output_folder(tmp_path):
    out = tmp_path / "out"
    (out / REAL.name).mkdir(parents=True)
    os.mkfifo(out / REAL.name / "edition.txt")
    result = run_cli("build", CORPUS, "-o", out, "--formats", "tei,text", "--jobs", "1")
    assert result.returncode == 1 and "E601" in result.stderr, result.stderr
    assert stat.S_ISFIFO(os.lstat(out / REAL.name / "edition.txt").st_mode)
    assert_clean(result)


# ---------------------------------------------------------------------------------------------- 4. no output is an input


def test_convert_onto_its_source_is_refused(doc):
    before = (doc / "source.txt").read_bytes()
    for args in (["-o", doc / "source.txt"], ["-o", doc.parent / "x.xml", "--report", doc / "source.txt"], ["-o", doc / "edition.toml"]):
        result = run("convert", doc / "source.txt", *args)
        assert result.exit_code == 2 and "E602" in result.output, (args, result.output)
    assert (doc / "source.txt").read_bytes() == before
    assert not (doc.parent / "x.xml").exists(), "an output was written although another was refused"


def test_convert_onto_its_source_through_a_symlink_or_a_hard_link_is_refused(doc, tmp_path):
    before = (doc / "source.txt").read_bytes()
    (tmp_path / "link.txt").symlink_to(doc / "source.txt")
    os.link(doc / "source.txt", tmp_path / "hard.txt")
    for out in (tmp_path / "link.txt", tmp_path / "hard.txt"):
        result = run("convert", doc / "source.txt", "-o", out)
        assert result.exit_code == 2 and "E602" in result.output, result.output
    assert (doc / "source.txt").read_bytes() == before and (tmp_path / "link.txt").is_symlink()


def test_convert_from_stdin_onto_the_file_it_reads_is_refused(doc):
    before = (doc / "source.txt").read_bytes()
    with open(doc / "source.txt", "rb") as stdin:
        result = subprocess.run(
            [sys.executable, "-m", "tei_edition", "convert", "-", "--meta", doc / "edition.toml", "-o", doc / "source.txt"],
            stdin=stdin,
            capture_output=True,
            text=True,
            env=dict(os.environ, PYTHONPATH=str(ROOT)),
            timeout=60,
        )
    assert result.returncode == 2 and "E602" in result.stderr, result.stderr
    assert (doc / "source.txt").read_bytes() == before


def test_convert_check_writes_nothing_and_refuses_report(doc):
    before = {p.name: p.read_bytes() for p in doc.iterdir()}
    for report in (doc / "source.txt", doc / "report.json"):
        result = run("convert", "--check", doc / "source.txt", "--report", report)
        assert result.exit_code == 2 and "--check writes nothing" in result.output, result.output
    assert {p.name: p.read_bytes() for p in doc.iterdir()} == before
    assert run("convert", "--check", doc / "source.txt").exit_code == 0  # --check alone still checks


def test_two_outputs_of_one_command_are_not_the_same_file(doc, tmp_path):
    result = run("convert", doc / "source.txt", "-o", tmp_path / "x", "--report", tmp_path / "x")
    assert result.exit_code == 2 and "E605" in result.output and not (tmp_path / "x").exists()


@pytest.mark.parametrize("fmt", ["text", "html", "pdf"])
def test_export_onto_its_input_is_refused(doc, fmt):
    before = (doc / "edition.xml").read_bytes()
    os.link(doc / "edition.xml", doc / "hard.xml")
    for out in (doc / "edition.xml", doc / "hard.xml"):
        result = run("export", fmt, doc / "edition.xml", "-o", out)
        assert result.exit_code == 2 and "E602" in result.output, result.output
    assert (doc / "edition.xml").read_bytes() == before


def test_validate_onto_one_of_its_documents_or_schemas_is_refused(doc, tmp_path):
    before = (doc / "edition.xml").read_bytes()
    for args in (
        ["validate", doc / "edition.xml", "-f", "json", "-o", doc / "edition.xml"],
        ["validate", doc, "-f", "junit", "-o", doc / "edition.xml"],  # a folder: every *.xml below is an input
        ["validate", doc / "edition.xml", "-o", doc / "edition.xml"],
    ):
        result = run(*args)
        assert result.exit_code == 2 and "E602" in result.output, result.output
    assert (doc / "edition.xml").read_bytes() == before
    schema = tmp_path / "s.xsd"
    shutil.copy(ROOT / "schemas" / "tei_edition.xsd", schema)
    shutil.copy(ROOT / "schemas" / "xml.xsd", tmp_path / "xml.xsd")
    result = run("validate", doc / "edition.xml", "--schema", schema, "-f", "json", "-o", schema)
    assert result.exit_code == 2 and "E602" in result.output


# ---------------------------------------------------------------------------------------------- 2. build deletes only its own outputs


def hand_edited_corpus(tmp_path) -> Path:
    corpus = tmp_path / "corpus"
    folder = corpus / "doc"
    shutil.copytree(REAL, folder)
    (folder / "source.txt").unlink()
    with open(folder / "edition.toml", "a", encoding="utf-8") as fh:
        fh.write('\n[build]\nsource = "edition.xml"\n')
    return corpus


@pytest.mark.parametrize("layout", ["corpus onto itself", "document onto its corpus", "inside a document"])
def test_build_into_the_corpus_is_refused_and_deletes_nothing(tmp_path, layout):
    corpus = hand_edited_corpus(tmp_path)
    before = {str(p): p.read_bytes() for p in corpus.rglob("*") if p.is_file()}
    source, out = {
        "corpus onto itself": (corpus, corpus),
        "document onto its corpus": (corpus / "doc", corpus),
        "inside a document": (corpus, corpus / "doc" / "out"),
    }[layout]
    result = run("build", source, "-o", out, "--formats", "html", "--jobs", "1")
    assert result.exit_code == 2 and "E612" in result.output, result.output
    assert {str(p): p.read_bytes() for p in corpus.rglob("*") if p.is_file()} == before
    assert not (corpus / "doc" / "out").exists()


def test_build_refuses_an_output_folder_linked_into_a_document(tmp_path):
    corpus = hand_edited_corpus(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    (out / "doc").symlink_to(corpus / "doc", target_is_directory=True)
    before = (corpus / "doc" / "edition.xml").read_bytes()
    result = run("build", corpus, "-o", out, "--formats", "html", "--jobs", "1")
    assert result.exit_code == 2 and "E612" in result.output, result.output
    assert (corpus / "doc" / "edition.xml").read_bytes() == before


def test_build_deletes_only_the_outputs_it_recorded_writing(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(REAL, corpus / "doc")
    out = tmp_path / "out"
    (out / "doc").mkdir(parents=True)
    (out / "doc" / "edition.html").write_text("a page someone put here by hand")
    assert run("build", corpus, "-o", out, "--formats", "tei", "--jobs", "1").exit_code == 0
    assert (out / "doc" / "edition.html").read_text() == "a page someone put here by hand"
    # An output this build wrote, and a later build no longer makes, is stale and goes (also for an invalid document).
    assert run("build", corpus, "-o", out, "--formats", "tei,text", "--jobs", "1").exit_code == 0
    assert (out / "doc" / "edition.txt").is_file()
    assert run("build", corpus, "-o", out, "--formats", "tei", "--jobs", "1").exit_code == 0
    assert not (out / "doc" / "edition.txt").exists()
    assert json.loads((out / "doc" / ".outputs.json").read_text()) == {"written": ["edition.xml", "validation.json"]}


def test_build_empties_only_its_own_temporary_files_from_staging(tmp_path):
    out = tmp_path / "out"
    (out / ".staging").mkdir(parents=True)
    (out / ".staging" / "mine.txt").write_text("not a build's")
    (out / ".staging" / "doc.edition.xml.x1y2.tmp").write_text("left by a killed build")
    assert run("build", CORPUS, "-o", out, "--formats", "tei", "--jobs", "1").exit_code == 0
    assert [p.name for p in (out / ".staging").iterdir()] == ["mine.txt"]


# ---------------------------------------------------------------------------------------------- 3. package --replace


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("built")
    result = run_cli("build", CORPUS, "-o", out, "--jobs", "1")
    assert result.returncode == 0, result.stderr
    return out


@pytest.mark.slow  # seconds: make check leaves it to make test
def test_package_replace_refuses_a_folder_that_is_not_our_bag(built, tmp_path):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "thesis.tex").write_text("years of work")
    result = run("package", REAL, "-o", mine, "--build-dir", built, "--replace")
    assert result.exit_code == 1 and "E604" in result.output, result.output
    assert (mine / "thesis.tex").read_text() == "years of work" and sorted(p.name for p in mine.iterdir()) == ["thesis.tex"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")], "a staging folder was left"
    # A bag this tool made is replaced; one with a file added by someone is not.
    bag = tmp_path / "bag"
    assert run("package", REAL, "-o", bag, "--build-dir", built).exit_code == 0
    assert run("package", REAL, "-o", bag, "--build-dir", built, "--replace").exit_code == 0
    (bag / "notes.txt").write_text("mine")
    result = run("package", REAL, "-o", bag, "--build-dir", built, "--replace")
    assert result.exit_code == 1 and "E604" in result.output and (bag / "notes.txt").is_file()


def test_package_never_replaces_the_document_or_corpus_folder(built, tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(REAL, corpus / REAL.name)
    before = {str(p): p.read_bytes() for p in corpus.rglob("*") if p.is_file()}
    for source, out in ((corpus / REAL.name, corpus / REAL.name), (corpus, corpus), (corpus / REAL.name, corpus)):
        result = run("package", source, "-o", out, "--build-dir", built, "--replace")
        assert result.exit_code == 2 and "E612" in result.output, result.output
    assert {str(p): p.read_bytes() for p in corpus.rglob("*") if p.is_file()} == before


def test_package_output_and_build_dir_may_not_overlap(built, tmp_path):
    result = run("package", REAL, "-o", built, "--build-dir", built)
    assert result.exit_code == 2 and "overlap" in result.output
    corpus = hand_edited_corpus(tmp_path)
    before = (corpus / "doc" / "edition.xml").read_bytes()
    result = run("package", corpus, "-o", tmp_path / "bags", "--build-dir", corpus)
    assert result.exit_code == 2 and "E612" in result.output and "--build-dir" in result.output, result.output
    assert (corpus / "doc" / "edition.xml").read_bytes() == before and not (tmp_path / "bags").exists()


# ---------------------------------------------------------------------------------------------- 5. disk full


def _file_size_limit(limit: int):
    def preexec():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG instead of a signal
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return preexec


LIMIT = 30_000  # edition.xml (about 20 kB) fits, edition.html (about 40 kB) and the PDF do not


@pytest.mark.slow  # seconds: make check leaves it to make test
def test_build_with_a_full_disk_is_a_clear_error_and_leaves_nothing_half_written(tmp_path):
    out = tmp_path / "out"
    result = run_cli("build", CORPUS, "-o", out, "--jobs", "1", preexec_fn=_file_size_limit(LIMIT))
    assert result.returncode == 1, result.stderr
    assert "E603" in result.stderr and "edition.html" in result.stderr and "File too large" in result.stderr
    assert_clean(result)
    for p in out.rglob("*"):
        assert not p.name.endswith(".tmp"), f"{p} was left"
        assert not (p.is_file() and p.stat().st_size == LIMIT), f"{p} is half-written"
    assert not (out / REAL.name / ".stamp.json").exists()
    again = run_cli("build", CORPUS, "-o", out, "--jobs", "1")  # with room again, the next build repairs it
    assert again.returncode == 0 and (out / REAL.name / ".stamp.json").is_file(), again.stderr


def test_package_with_a_full_disk_is_a_clear_error_and_leaves_no_partial_bag(built, tmp_path):
    bags = tmp_path / "bags"
    bags.mkdir()
    result = run_cli("package", REAL, "-o", bags / "bag", "--build-dir", built, preexec_fn=_file_size_limit(LIMIT))
    assert result.returncode == 1, result.stderr
    assert f"{bags / 'bag' / 'data' / 'edition.html'}:1:1: error E603" in result.stderr, result.stderr
    assert "File too large" in result.stderr
    assert_clean(result)
    assert list(bags.iterdir()) == [], "a partial bag was left"


# ---------------------------------------------------------------------------------------------- 6. SIGTERM


def test_package_on_sigterm_removes_its_scratch_build(tmp_path):
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    env = dict(os.environ, PYTHONPATH=str(ROOT), NO_COLOR="1", TMPDIR=str(scratch))
    process = subprocess.Popen(
        [sys.executable, "-m", "tei_edition", "package", str(REAL), "-o", str(tmp_path / "bag"), "--jobs", "1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )
    try:
        deadline = time.monotonic() + 60
        while not list(scratch.glob("tei-edition-package-*")):
            assert process.poll() is None, "package ended before its scratch folder appeared"
            assert time.monotonic() < deadline, "no scratch folder appeared"
            time.sleep(0.01)
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode != 0
    assert "Traceback" not in stderr, stderr
    assert list(scratch.iterdir()) == [], "the scratch build was left in TMPDIR"
    assert not (tmp_path / "bag").exists()
