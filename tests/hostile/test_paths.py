"""The path policy of a corpus (tei_edition/paths.py, docs/build.md): no input is read from outside the corpus.

A source.txt, edition.toml or edition.xml that is a symlink out of the corpus (to the canary), a symlinked document
folder, a FIFO: each is refused with a finding naming it, that document is not built or packaged, the others are, and
no canary byte appears in any output.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tei_edition import paths
from tei_edition.build import Options, find_documents, run_build
from tei_edition.package import package_corpus
from tests.conftest import CORPUS, ROOT

REAL = CORPUS / "000-lenin-1917-05-08-soviets"
FAST = Options(formats=("tei", "text"))


def run_cli(*args, timeout=120) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT), NO_COLOR="1")
    return subprocess.run(
        [sys.executable, "-m", "tei_edition", *map(str, args)], capture_output=True, text=True, cwd=ROOT, env=env, timeout=timeout
    )


@pytest.fixture
def corpus(tmp_path) -> Path:
    """Two copies of the real document: `good` and `evil` (which each test makes hostile)."""
    root = tmp_path / "corpus"
    for name in ("evil", "good"):
        shutil.copytree(REAL, root / name)
    return root


def hostile_source(canary) -> bytes:
    """The real source with the canary's token in a paragraph: converted, it would be published."""
    return REAL.joinpath("source.txt").read_bytes() + f"\n\n{canary.token}\n".encode()


def statuses(result) -> dict[str, str]:
    return {o.slug: o.status for o in result.outcomes}


def codes(outcome) -> list[str]:
    return [d.code for d in outcome.diagnostics]


def test_source_symlinked_out_of_the_corpus_is_refused(corpus, canary, tmp_path):
    (corpus / "evil" / "source.txt").unlink()
    (corpus / "evil" / "source.txt").symlink_to(canary.path)
    out = tmp_path / "out"
    result = run_build(corpus, out, FAST)
    assert statuses(result) == {"evil": "failed", "good": "built"}
    evil = result.outcomes[0]
    assert codes(evil) == [paths.CODE_OUTSIDE] and evil.diagnostics[0].span.path == str(corpus / "evil" / "source.txt")
    assert not (out / "evil" / "edition.xml").exists()
    canary.assert_absent(out)


def test_the_cli_names_the_refused_file_and_builds_the_rest(corpus, canary, tmp_path):
    (corpus / "evil" / "source.txt").unlink()
    (corpus / "evil" / "source.txt").symlink_to(canary.path)
    result = run_cli("build", corpus, "-o", tmp_path / "out", "--formats", "tei,html,text", "--jobs", "2")
    assert result.returncode == 1
    assert f"{corpus / 'evil' / 'source.txt'}:1:1: error E610" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr and canary.token not in result.stderr + result.stdout
    assert (tmp_path / "out" / "good" / "edition.html").is_file()
    canary.assert_absent(tmp_path / "out")


def test_hand_edited_edition_symlinked_out_is_refused(corpus, canary, tmp_path):
    outside = tmp_path / "outside.xml"
    outside.write_bytes(REAL.joinpath("edition.xml").read_bytes().replace(b"</p>", f" {canary.token}</p>".encode(), 1))
    evil = corpus / "evil"
    (evil / "source.txt").unlink()
    (evil / "edition.xml").unlink()
    (evil / "edition.xml").symlink_to(outside)
    with open(evil / "edition.toml", "a", encoding="utf-8") as fh:
        fh.write('\n[build]\nsource = "edition.xml"\n')
    out = tmp_path / "out"
    result = run_build(corpus, out, FAST)
    assert statuses(result) == {"evil": "failed", "good": "built"}
    assert codes(result.outcomes[0]) == [paths.CODE_OUTSIDE]
    canary.assert_absent(out)


def test_metadata_symlinked_out_is_refused(corpus, canary, tmp_path):
    (corpus / "evil" / "edition.toml").unlink()
    (corpus / "evil" / "edition.toml").symlink_to(canary.path)
    result = run_build(corpus, tmp_path / "out", FAST)
    assert statuses(result)["evil"] == "failed" and codes(result.outcomes[0]) == [paths.CODE_OUTSIDE]


def test_document_folder_symlinked_out_of_the_corpus_is_refused(corpus, canary, tmp_path):
    outside = tmp_path / "elsewhere"
    shutil.copytree(REAL, outside)
    (outside / "source.txt").write_bytes(hostile_source(canary))
    shutil.rmtree(corpus / "evil")
    (corpus / "evil").symlink_to(outside, target_is_directory=True)
    out = tmp_path / "out"
    result = run_build(corpus, out, FAST)
    assert statuses(result) == {"evil": "failed", "good": "built"}
    (finding,) = result.outcomes[0].diagnostics
    assert finding.code == paths.CODE_OUTSIDE and finding.span.path == str(corpus / "evil")
    canary.assert_absent(out)


def test_a_fifo_as_source_is_refused_without_hanging(corpus, tmp_path):
    (corpus / "evil" / "source.txt").unlink()
    os.mkfifo(corpus / "evil" / "source.txt")
    result = run_cli("build", corpus, "-o", tmp_path / "out", "--formats", "tei", "--jobs", "1", timeout=60)
    assert result.returncode == 1 and "E611" in result.stderr and "FIFO" in result.stderr, result.stderr


def test_a_symlink_inside_the_corpus_is_followed(corpus, tmp_path):
    shared = corpus / "shared.toml.txt"
    shutil.copy(REAL / "edition.toml", shared)
    (corpus / "evil" / "edition.toml").unlink()
    (corpus / "evil" / "edition.toml").symlink_to(Path("..") / shared.name)
    result = run_build(corpus, tmp_path / "out", FAST)
    assert statuses(result) == {"evil": "built", "good": "built"}


def test_a_single_document_may_not_link_out_of_its_own_folder(corpus, tmp_path):
    # Named alone, the document folder is the corpus root: a link to its sibling leads outside it.
    (corpus / "evil" / "edition.toml").unlink()
    (corpus / "evil" / "edition.toml").symlink_to(corpus / "good" / "edition.toml")
    assert statuses(run_build(corpus, tmp_path / "all", FAST)) == {"evil": "built", "good": "built"}
    assert statuses(run_build(corpus / "evil", tmp_path / "one", FAST)) == {"evil": "failed"}


def test_dotdot_in_a_link_is_resolved_before_it_is_judged(corpus, canary, tmp_path):
    depth = len(corpus.relative_to(corpus.anchor).parts) + 1
    (corpus / "evil" / "source.txt").unlink()
    (corpus / "evil" / "source.txt").symlink_to(Path(*[".."] * depth, *canary.path.relative_to(canary.path.anchor).parts))
    assert (corpus / "evil" / "source.txt").read_bytes() == canary.path.read_bytes()  # the link does lead to the canary
    result = run_build(corpus, tmp_path / "out", FAST)
    assert codes(result.outcomes[0]) == [paths.CODE_OUTSIDE]
    canary.assert_absent(tmp_path / "out")


def test_package_refuses_a_document_with_a_symlink_out(corpus, canary, tmp_path):
    # A hand-edited document whose (unused) source.txt links to the canary: the bag would carry it in data/source/.
    evil = corpus / "evil"
    (evil / "source.txt").unlink()
    (evil / "source.txt").symlink_to(canary.path)
    with open(evil / "edition.toml", "a", encoding="utf-8") as fh:
        fh.write('\n[build]\nsource = "edition.xml"\n')
    bags = tmp_path / "bags"
    packaged = {p.slug: p for p in package_corpus(corpus, bags, build_dir=tmp_path / "build", allow_incomplete=True)}
    assert not packaged["evil"].ok and paths.CODE_OUTSIDE in [d.code for d in packaged["evil"].diagnostics]
    assert packaged["good"].ok
    assert not (bags / "evil").exists()
    canary.assert_absent(bags, tmp_path / "build")


def test_find_documents_reads_nothing_of_a_refused_folder(corpus, tmp_path):
    # edition.toml as a FIFO: reading it ([build] section) would hang; the policy looks (lstat), never opens.
    fifo = corpus / "evil" / "edition.toml"
    fifo.unlink()
    os.mkfifo(fifo)
    found = []
    worker = threading.Thread(target=lambda: found.append(find_documents(corpus)), daemon=True)
    worker.start()
    worker.join(20)
    if worker.is_alive():  # it opened the FIFO: let it go (a writer that closes at once), then fail
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        worker.join(5)
        pytest.fail("find_documents opened a FIFO and waited for a writer")
    docs = {d.slug: d for d in found[0]}
    assert docs["evil"].refused and [d.code for d in docs["evil"].problems] == [paths.CODE_NOT_A_FILE]
    assert not docs["good"].refused


def test_check_file_units(tmp_path):
    root = tmp_path / "root"
    root.mkdir()
    (root / "a.txt").write_text("a")
    (root / "in.txt").symlink_to("a.txt")
    (root / "out.txt").symlink_to(tmp_path)
    (root / "broken.txt").symlink_to("nothing-here")
    (root / "dir").mkdir()
    base = paths.real(root)
    assert paths.check_file(base, root / "a.txt") is None
    assert paths.check_file(base, root / "in.txt") is None
    assert paths.check_file(base, root / "missing.txt") is None
    assert paths.check_file(base, root / "out.txt").code == paths.CODE_OUTSIDE
    assert paths.check_file(base, root / "broken.txt").code == paths.CODE_NOT_A_FILE
    assert paths.check_file(base, root / "dir").code == paths.CODE_NOT_A_FILE
