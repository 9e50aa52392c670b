"""`tei-edition export html FILE... -o FOLDER`: many documents in one call (one process, one output each)."""

from __future__ import annotations

from click.testing import CliRunner

from tei_edition.cli import cli
from tests.conftest import CORPUS

REAL = CORPUS / "000-lenin-1917-05-08-soviets" / "edition.xml"


def invoke(*args: str):
    return CliRunner().invoke(cli, ["export", "html", *args])


def copies(tmp_path, *names: str):
    paths = []
    for name in names:
        path = tmp_path / "in" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(REAL.read_bytes())
        paths.append(str(path))
    return paths


def test_several_files_are_written_into_the_folder_each_as_its_own_page(tmp_path):
    files = copies(tmp_path, "a.xml", "b.xml", "c.xml")
    result = invoke(*files, "-o", str(tmp_path / "site"))
    assert result.exit_code == 0, result.output
    pages = sorted(p.name for p in (tmp_path / "site").iterdir())
    assert pages == ["a.html", "b.html", "c.html"]
    one = invoke(files[0], "-o", str(tmp_path / "single.html"))
    assert one.exit_code == 0
    # the same page as a single export, but for the link back to its TEI file (relative to where each is written)
    batch = (tmp_path / "site" / "a.html").read_text("utf-8")
    assert batch.replace("../in/a.xml", "in/a.xml") == (tmp_path / "single.html").read_text("utf-8")


def test_one_file_into_an_existing_folder(tmp_path):
    (tmp_path / "site").mkdir()
    files = copies(tmp_path, "a.xml")
    assert invoke(*files, "-o", str(tmp_path / "site")).exit_code == 0
    assert (tmp_path / "site" / "a.html").exists()


def test_several_files_without_a_folder_is_a_usage_error_and_writes_nothing(tmp_path):
    files = copies(tmp_path, "a.xml", "b.xml")
    result = invoke(*files)
    assert result.exit_code == 2 and "several inputs need -o FOLDER" in result.output
    target = tmp_path / "page.html"
    target.write_text("kept")
    result = invoke(*files, "-o", str(target))
    assert result.exit_code == 2 and target.read_text() == "kept"


def test_two_inputs_with_one_name_are_refused_before_anything_is_written(tmp_path):
    first = copies(tmp_path, "edition.xml")[0]
    other = tmp_path / "other" / "edition.xml"
    other.parent.mkdir()
    other.write_bytes(REAL.read_bytes())
    result = invoke(first, str(other), "-o", str(tmp_path / "site"))
    assert result.exit_code == 2 and "would both be written" in result.output
    assert not (tmp_path / "site").exists()


def test_stdin_takes_one_input_only(tmp_path):
    files = copies(tmp_path, "a.xml")
    result = invoke(files[0], "-", "-o", str(tmp_path / "site"))
    assert result.exit_code == 2 and "stdin" in result.output


def test_a_bad_file_is_reported_and_the_others_are_still_exported(tmp_path):
    files = copies(tmp_path, "a.xml", "c.xml")
    bad = tmp_path / "in" / "b.xml"
    bad.write_text("<TEI><unclosed></TEI>")
    result = invoke(files[0], str(bad), files[1], "-o", str(tmp_path / "site"))
    assert result.exit_code == 1
    assert "b.xml" in result.output
    assert sorted(p.name for p in (tmp_path / "site").iterdir()) == ["a.html", "c.html"]


def test_an_output_that_is_an_input_is_refused(tmp_path):
    files = copies(tmp_path, "a.xml")
    html = tmp_path / "in" / "b.html"  # its output would be itself
    html.write_text("<p>mine</p>")
    result = invoke(files[0], str(html), "-o", str(tmp_path / "in"))
    assert result.exit_code == 2 and "is one of the inputs" in result.output
    assert html.read_text() == "<p>mine</p>" and not (tmp_path / "in" / "a.html").exists()


def test_worker_processes_write_what_one_process_writes(tmp_path):
    files = copies(tmp_path, *(f"{i:02d}.xml" for i in range(6)))
    bad = tmp_path / "in" / "03.xml"  # one unreadable file among them: reported in its place
    bad.write_text("<TEI><unclosed></TEI>")
    one = invoke("--jobs", "1", *files, "-o", str(tmp_path / "one"))
    two = invoke("--jobs", "2", *files, "-o", str(tmp_path / "two"))
    assert one.exit_code == two.exit_code == 1
    assert one.output == two.output and "03.xml" in two.output
    pages = sorted(p.name for p in (tmp_path / "two").iterdir())
    assert pages == sorted(p.name for p in (tmp_path / "one").iterdir()) and "03.html" not in pages and len(pages) == 5
    for page in pages:
        assert (tmp_path / "two" / page).read_bytes() == (tmp_path / "one" / page).read_bytes()
