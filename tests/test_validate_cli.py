"""`tei-edition validate` end to end: exit codes, inputs, hostile documents, report formats, foreign TEI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest
from lxml import etree

from tei_edition.validate import reporters
from tests.conftest import CORPUS, FIXTURES, ROOT, need_shared

HOSTILE = FIXTURES / "validate"
DOC000 = HOSTILE / "doc000_shape.xml"


def run(*args, stdin: bytes | None = None, env=None):
    return subprocess.run(
        [sys.executable, "-m", "tei_edition", "validate", *map(str, args)],
        capture_output=True,
        input=stdin,
        cwd=ROOT,
        env={**os.environ, "NO_COLOR": "1", **(env or {})},
        timeout=300,
    )


def bad_document(tmp_path):
    """A dangling pointer, a wrong Julian offset and a missing licence URL: three findings on known lines (the last a
    warning by default, W321; an error, E321, with --archive)."""
    text = DOC000.read_text(encoding="utf-8")
    text = text.replace('<author ref="#lenin">V. I. Lenin</author>\n', '<author ref="#lenin_v">V. I. Lenin</author>\n', 1)
    text = text.replace(
        'when="1917-05-08" when-custom="1917-04-25" datingMethod="#julian">25 April (8 May) 1917',
        'when="1917-05-07" when-custom="1917-04-25" datingMethod="#julian">25 April (8 May) 1917',
    )
    text = text.replace(
        '<licence target="https://www.gnu.org/licenses/fdl.html">GNU Free Documentation License (Copyleft, Marxists Internet Archive, 2004)</licence>',
        "<p>GNU FDL</p>",
    )
    path = tmp_path / "bad.xml"
    path.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    expected = {
        "E302": next(i for i, line in enumerate(lines, 1) if "#lenin_v" in line),
        "E309": next(i for i, line in enumerate(lines, 1) if 'when="1917-05-07" when-custom' in line),
        "W321": next(i for i, line in enumerate(lines, 1) if "<teiHeader>" in line),
    }
    return path, expected


def test_corpus_is_valid():
    if not any(CORPUS.glob("*/edition.xml")):
        pytest.skip("no corpus/*/edition.xml yet")
    result = run("corpus/")
    assert result.returncode == 0, result.stderr.decode()
    assert b"valid" in result.stderr


def test_three_findings_on_the_right_lines(tmp_path):
    path, expected = bad_document(tmp_path)
    result = run(path, "-f", "json")
    assert result.returncode == 1
    findings = json.loads(result.stdout)["files"][0]["findings"]
    assert {f["code"]: f["line"] for f in findings} == expected


def test_folders_stdin_and_one_exit_code_for_all(tmp_path):
    path, _ = bad_document(tmp_path)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "good.xml").write_bytes(DOC000.read_bytes())
    (tmp_path / "sub" / "notes.txt").write_text("not xml")
    result = run(tmp_path, "-f", "json")
    report = json.loads(result.stdout)
    assert sorted(os.path.basename(f["file"]) for f in report["files"]) == ["bad.xml", "good.xml"]
    assert result.returncode == 1  # one invalid file makes the run fail, whatever the order
    ok = run("-", stdin=DOC000.read_bytes())
    assert ok.returncode == 0, ok.stderr.decode()
    empty = run("-", stdin=b"")
    assert empty.returncode == 1 and b"E001" in empty.stderr


def test_usage_and_unreadable_inputs_exit_2(tmp_path):
    assert run().returncode == 2
    missing = run(tmp_path / "missing.xml")
    assert missing.returncode == 2 and b"E004" in missing.stderr
    assert run(DOC000, "--engine", "jing").returncode == 2  # jing needs --rng
    bad_schema = tmp_path / "bad.xsd"
    bad_schema.write_text("<nope/>")
    result = run(DOC000, "--schema", bad_schema)
    assert result.returncode == 2 and b"cannot compile" in result.stderr and b"Traceback" not in result.stderr


@pytest.mark.parametrize("name", ["billion_laughs.xml", "external_entity.xml", "external_dtd.xml"])
def test_hostile_documents_are_refused_without_expanding(name):
    start = time.perf_counter()
    result = run(HOSTILE / name, "-f", "json")
    assert time.perf_counter() - start < 20
    assert result.returncode == 1
    [finding] = json.loads(result.stdout)["files"][0]["findings"]
    assert finding["code"] == "E002"
    assert b"root:" not in result.stdout and b"lollol" not in result.stdout


def test_a_100_mb_document_is_refused_unread_in_bounded_time_and_memory(tmp_path):
    big = tmp_path / "big.xml"
    para = b"<p>" + b"word " * 200 + b"</p>\n"
    with big.open("wb") as fh:
        fh.write(b'<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body>')
        for _ in range(100 * 1024 * 1024 // len(para) + 1):
            fh.write(para)
        fh.write(b"</body></text></TEI>")
    assert big.stat().st_size > 100 * 1024 * 1024
    start = time.perf_counter()
    script = (
        "import sys, json; from tei_edition.validate.run import Options, validate_paths; "
        f"r, ok = validate_paths([{str(big)!r}], Options()); "
        "print(json.dumps([[d.code for d in x.diagnostics] for x in r])); "
        # VmHWM, not ru_maxrss: the latter survives exec, so it would report the forking pytest's own peak
        "print(next(int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmHWM')))"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, cwd=ROOT, timeout=120, text=True)
    codes, rss_kb = out.stdout.splitlines()
    assert json.loads(codes) == [["E003"]]
    assert int(rss_kb) < 300 * 1024  # the file was never read into memory
    assert time.perf_counter() - start < 60


def test_a_huge_text_node_loads_like_any_other_text(tmp_path):
    # `convert` writes a text node as long as a source line; the loader takes what convert writes (huge_tree, bounded
    # by the byte size): this document has only the findings of its missing header, none from reading it.
    huge = tmp_path / "huge.xml"
    huge.write_bytes(b'<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>' + b"x" * (12 * 1024 * 1024) + b"</p></body></text></TEI>")
    start = time.perf_counter()
    result = run(huge, "-f", "json", "--max-size", str(64 * 1024 * 1024))
    assert time.perf_counter() - start < 60
    assert result.returncode == 1
    codes = [f["code"] for f in json.loads(result.stdout)["files"][0]["findings"]]
    assert codes and not [c for c in codes if c.startswith("E00")]


def test_every_shared_sample_is_valid_against_tei_all_and_gets_findings_not_crashes():
    rng = need_shared("schemas", "tei_all.rng")
    samples = sorted(need_shared("samples", "tei").glob("*.xml"))
    tei_all = etree.RelaxNG(etree.parse(str(rng)))
    for sample in samples:
        assert tei_all.validate(etree.parse(str(sample))), sample.name
    result = run(*samples, "--rng", rng, "-f", "json")
    assert result.returncode == 1 and b"internal error" not in result.stderr
    report = json.loads(result.stdout)
    assert len(report["files"]) == len(samples)
    for f in report["files"]:
        assert f["findings"], f["file"]
        assert not [x for x in f["findings"] if x["code"] == "E202"], f["file"]  # valid TEI
        assert all(x["line"] >= 1 and x["column"] >= 1 for x in f["findings"])


@pytest.mark.skipif(not os.path.exists("/usr/bin/jing"), reason="needs Debian's jing")
def test_jing_engine_reports_per_file(tmp_path):
    rng = need_shared("schemas", "tei_all.rng")
    bad = tmp_path / "bad.xml"
    bad.write_text(DOC000.read_text(encoding="utf-8").replace("<p>Comrade", "<p><div/>Comrade"), encoding="utf-8")
    result = run(DOC000, bad, "--rng", rng, "--engine", "jing", "-f", "json")
    report = {os.path.basename(f["file"]): f for f in json.loads(result.stdout)["files"]}
    assert not [x for x in report["doc000_shape.xml"]["findings"] if x["code"] == "E202"]
    jing = [x for x in report["bad.xml"]["findings"] if x["code"] == "E202"]
    assert jing and "div" in jing[0]["message"] and jing[0]["line"] > 1


def test_parallel_jobs_give_the_same_report(tmp_path):
    path, _ = bad_document(tmp_path)
    for i in range(20):
        (tmp_path / f"good{i:02}.xml").write_bytes(DOC000.read_bytes())
    serial = json.loads(run(tmp_path, "-f", "json", "-j", "1").stdout)
    parallel = json.loads(run(tmp_path, "-f", "json", "-j", "2").stdout)
    assert serial == parallel and serial["summary"]["invalid"] == 1


# ------------------------------------------------------------------------------------------------ formats


def test_text_format_groups_by_file_without_colour_when_piped(tmp_path):
    path, _ = bad_document(tmp_path)
    result = run(path)
    err = result.stderr.decode()
    assert result.stdout == b""
    assert err.splitlines()[0] == str(path)
    assert "\x1b[" not in err
    assert "E302" in err and "1 of 1 file(s) invalid: 2 error(s), 1 warning(s)" in err


def test_json_round_trips(tmp_path):
    path, _ = bad_document(tmp_path)
    text = run(path, "-f", "json").stdout.decode()
    back = reporters.from_json(text)
    assert reporters.to_json(back).replace(" ", "").split('"files"')[1] == text.replace(" ", "").split('"files"')[1]


def test_junit_has_the_published_structure(tmp_path):
    path, _ = bad_document(tmp_path)
    (tmp_path / "good.xml").write_bytes(DOC000.read_bytes())
    out = tmp_path / "report.xml"
    result = run(tmp_path / "bad.xml", tmp_path / "good.xml", "-f", "junit", "-o", out)
    assert result.returncode == 1
    root = etree.parse(str(out)).getroot()
    assert root.tag == "testsuites" and root.get("tests") == "2" and root.get("failures") == "1"
    [suite] = root
    assert suite.tag == "testsuite" and {"name", "tests", "failures", "errors", "time"} <= set(suite.attrib)
    cases = suite.findall("testcase")
    assert [c.get("name") for c in cases] == [str(tmp_path / "bad.xml"), str(tmp_path / "good.xml")]
    assert all({"classname", "name", "time"} <= set(c.attrib) for c in cases)
    [failure] = cases[0].findall("failure")
    assert failure.get("type") == "E302" and "E309" in failure.text and "W321" in failure.text
    assert cases[1].find("failure") is None


def test_github_commands_are_escaped_and_capped(tmp_path):
    summary = tmp_path / "summary.md"
    body = "".join(f'<p><ref target="#no{i}">x</ref></p>' for i in range(15))
    text = DOC000.read_text(encoding="utf-8").replace("<p>Comrade", body + "<p>Comrade")
    path = tmp_path / "many, bad.xml"
    path.write_text(text, encoding="utf-8")
    result = run(path, "-f", "github", env={"GITHUB_STEP_SUMMARY": str(summary)})
    lines = result.stdout.decode().splitlines()
    commands = [line for line in lines if line.startswith("::error ")]
    assert len(commands) == 10
    assert "file=" + str(path).replace(",", "%2C") + ",line=" in commands[0]
    assert ",title=tei-edition E302::" in commands[0]
    assert sum(1 for line in lines if " error E302: " in line) == 5  # the rest are plain log lines
    assert lines[-1].startswith("::notice ") and "5 more finding(s)" in lines[-1]
    table = summary.read_text(encoding="utf-8")
    assert "| file | line | column | code | message |" in table and table.count("| E302 |") == 15


def test_sarif_has_the_2_1_0_structure(tmp_path):
    path, expected = bad_document(tmp_path)
    data = json.loads(run(path, "-f", "sarif").stdout)
    assert data["version"] == "2.1.0" and data["$schema"].endswith("sarif-2.1.0.json")
    [sarif_run] = data["runs"]
    driver = sarif_run["tool"]["driver"]
    assert driver["name"] == "tei-edition"
    rule_ids = [r["id"] for r in driver["rules"]]
    assert len(rule_ids) == len(set(rule_ids)) and all(r["shortDescription"]["text"] for r in driver["rules"])
    lines = {}
    for res in sarif_run["results"]:
        assert res["level"] in ("error", "warning", "note", "none")
        assert rule_ids[res["ruleIndex"]] == res["ruleId"]
        assert res["message"]["text"]
        [loc] = res["locations"]
        region = loc["physicalLocation"]["region"]
        assert loc["physicalLocation"]["artifactLocation"]["uri"].endswith("bad.xml")
        assert region["startLine"] >= 1 and region["startColumn"] >= 1
        lines[res["ruleId"]] = region["startLine"]
    assert lines == expected
