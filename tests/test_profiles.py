"""Profiles: detection and its scores, --profile overriding it, a user's profile for a new source family
(docs/example-profile.toml), bad profile files (E130/E131 through the CLI), the JSON report and the stderr summary."""

from __future__ import annotations

import json
import re
import tomllib

import pytest
from click.testing import CliRunner
from lxml import etree

from tei_edition import TEI_NS
from tei_edition.cli import cli
from tei_edition.convert import convert_bytes
from tei_edition.errors import InputError
from tei_edition.export.text import export_text
from tei_edition.reader.profile import ACTIONS, SHIPPED, detect_profile, load_profile, shipped_names
from tei_edition.validate.schema import schema_diagnostics, validate_fast

from .conftest import FIXTURES, ROOT

PROFILES = FIXTURES / "profiles"
EXAMPLE = ROOT / "docs" / "example-profile.toml"
DOCS = ROOT / "docs" / "profiles.md"
MINUTES = PROFILES / "minutes.txt"
NS = {"t": TEI_NS}

GUTENBERG_TEXT = (
    "The Project Gutenberg EBook of Letters, by Someone\n\nTitle: Letters\n\nAuthor: Someone\n\n"
    "*** START OF THIS PROJECT GUTENBERG EBOOK LETTERS ***\n\n"
    "DEAR SIR,--\n\nI thank you for the music.[1]\n\n[Footnote 1: The sonata.]\n\nYOURS,\n\nBEETHOVEN.\n\n"
    "End of Project Gutenberg's Letters, by Someone\n\n*** END OF THIS PROJECT GUTENBERG EBOOK LETTERS ***\n"
)
MIA_TEXT = (
    "V. I. Lenin\n\nA Speech\n\nComrades,{1} the Soviets [...] must take power.\n\n"
    "First published in 1934 in the book Sedmaya konferentsiya Printed from a typewritten copy of the minutes\n\n"
    "{1} A note of the editors.—Ed.\n"
)
PLAIN_TEXT = "A first paragraph,\nhard-wrapped.\n\nA second paragraph [with brackets] and {braces}.\n"


def tei(result):
    return etree.ElementTree(etree.fromstring(result.xml))


def run(*args, input=None):
    return CliRunner().invoke(cli, [str(a) for a in args], input=input, catch_exceptions=False)


# ---------------------------------------------------------------------------------------------- detection


@pytest.mark.parametrize(
    "text, profile, scores",
    [
        # START line 10 + "Project Gutenberg" 4 + "[Footnote n:" at a line start 4
        (GUTENBERG_TEXT, "gutenberg", {"general": 0, "gutenberg": 18, "mia": 0, "plain": 0, "wikisource": 0}),
        # "V. I. Lenin" 3 + "{1} " at a line start 4 + "First published" at a line start 4
        (MIA_TEXT, "mia", {"general": 0, "gutenberg": 0, "mia": 11, "plain": 0, "wikisource": 0}),
        (PLAIN_TEXT, "general", {"general": 0, "gutenberg": 0, "mia": 0, "plain": 0, "wikisource": 0}),
        ("See marxists.org for more.\n", "mia", {"general": 0, "gutenberg": 0, "mia": 5, "plain": 0, "wikisource": 0}),
        (
            "A call.[1]\n\n↑ Its back-referenced note.\n",
            "wikisource",
            {"general": 0, "gutenberg": 0, "mia": 0, "plain": 0, "wikisource": 8},
        ),
    ],
    ids=["gutenberg", "mia", "none-found", "mia-url", "wikisource"],
)
def test_detection_and_scores_in_the_report(text, profile, scores):
    found, got = detect_profile(text)
    assert (found.name, got) == (profile, scores)
    result = convert_bytes(text.encode(), "detect.txt")
    report = result.report()
    assert (report["profile"], report["profile_choice"], report["profile_scores"]) == (profile, "detected", scores)


def test_detection_tie_goes_to_mia():
    """Equal scores: the first corpus's family wins (a "Project Gutenberg" mention does not outweigh MIA's note list)."""
    text = "Printed by Project Gutenberg volunteers.\n\nText{1} here.\n\n{1} A note.\n"
    profile, scores = detect_profile(text)
    assert scores == {"general": 0, "gutenberg": 4, "mia": 4, "plain": 0, "wikisource": 0}
    assert profile.name == "mia"


def test_detection_reads_only_the_first_64_kb():
    filler = "A paragraph of ordinary words that no profile claims as its own.\n\n" * 1100
    assert len(filler) > 65536
    profile, scores = detect_profile(filler + "*** START OF THIS PROJECT GUTENBERG EBOOK X ***\n")
    assert profile.name == "general" and scores["gutenberg"] == 0
    profile, scores = detect_profile("*** START OF THIS PROJECT GUTENBERG EBOOK X ***\n\n" + filler)
    assert profile.name == "gutenberg" and scores["gutenberg"] == 10


def test_every_shipped_detect_pattern_scores_its_weight():
    """Each [detect] pattern of each shipped profile is live: a text made to match it scores exactly its weight."""
    samples = {
        r"marxists\.org": "www.marxists.org",
        r"^\{\d+\} ": "{12} a note",
        r'\[DUPLICATE "\*"\.\]': '[DUPLICATE "*".]',
        r"^(?:First published|Published according to|Printed from)\b": "Printed from the book",
        r"Printed from the .* text$": "and Printed from the Pravda text",
        r"^(?:Source|Transcription/Markup|Copyleft|First published):": "Copyleft: none",
        r"^V\. I\. +Lenin$": "V. I.   Lenin",
        r"\*\*\* ?START OF (?:THIS|THE) PROJECT GUTENBERG": "*** START OF THE PROJECT GUTENBERG EBOOK",
        r"Project Gutenberg": "the Project Gutenberg licence",
        r"^\[Footnote \d+:": "[Footnote 3: x]",
        r"^(?:\d{1,4}\. )?↑ ": "2. ↑ a note",
        r"ikisource(?<=[Ww]ikisource)": "from Wikisource",
    }
    for name in shipped_names():
        for pattern, weight in load_profile(name).detect:
            text = samples.get(pattern.pattern)
            if text is None and pattern.pattern.startswith("(?:January"):
                text = "on May 1 (April 18) it rained"
            assert text is not None, f"{name}: no sample for detect pattern {pattern.pattern!r}: add one"
            assert pattern.search(text), (name, pattern.pattern)
            assert weight > 0


@pytest.mark.parametrize("given", ["plain", "mia"])
def test_profile_option_overrides_detection(given):
    result = convert_bytes(GUTENBERG_TEXT.encode(), "book.txt", profile=given)
    report = result.report()
    assert (report["profile"], report["profile_choice"], report["profile_scores"]) == (given, "given", {})
    # read with another profile, the Gutenberg footnote is no note answering a call (at most an editorial remark
    # in brackets, kept in place): a call finds no body (a note holding only a gap); nothing is lost
    notes = tei(result).xpath("//t:text//t:note[not(@place='inline')]", namespaces=NS)
    assert all([etree.QName(c).localname for c in n.iterchildren(etree.Element)] == ["gap"] for n in notes)
    assert export_text(tei(result), "source") == GUTENBERG_TEXT.encode()


def test_profile_option_through_the_cli(tmp_path):
    src = tmp_path / "book.txt"
    src.write_text(GUTENBERG_TEXT)
    out = tmp_path / "book.xml"
    detected = run("convert", src, "-o", out, "--report", tmp_path / "d.json")
    given = run("convert", src, "-o", out, "--report", tmp_path / "g.json", "--profile", "plain")
    assert detected.exit_code == given.exit_code == 0
    assert "with profile gutenberg (detected)" in detected.stderr
    assert "with profile plain (given)" in given.stderr
    assert json.loads((tmp_path / "d.json").read_text())["profile"] == "gutenberg"
    assert json.loads((tmp_path / "g.json").read_text())["profile"] == "plain"


def test_metadata_names_the_profile(tmp_path):
    (tmp_path / "edition.toml").write_text('[document]\nprofile = "plain"\n')
    src = tmp_path / "source.txt"
    src.write_text(MIA_TEXT)
    result = run("convert", src, "-o", tmp_path / "out.xml", "--report", tmp_path / "r.json")
    assert result.exit_code == 0, result.output
    report = json.loads((tmp_path / "r.json").read_text())
    assert (report["profile"], report["profile_choice"]) == ("plain", "given")


def test_unknown_profile_name_is_exit_1_with_the_choices(tmp_path):
    src = tmp_path / "s.txt"
    src.write_text(PLAIN_TEXT)
    result = run("convert", src, "--profile", "mediawiki")
    assert result.exit_code == 1
    assert "unknown profile 'mediawiki'" in result.stderr
    assert all(name in result.stderr for name in ("gutenberg", "mia", "plain", "wikisource"))
    assert "Traceback" not in result.output


# ---------------------------------------------------------------------------------------------- a user's profile


def test_example_profile_loads_and_declares_what_docs_say():
    profile = load_profile(str(EXAMPLE))
    assert profile.name == "minutes"
    assert [r.name for r in profile.rules] == ["note-call", "insertion", "illegible", "emphasis", "stray-brace"]
    assert {r.action for r in profile.rules} <= ACTIONS.keys()
    # docs/profiles.md shows this very file
    docs = DOCS.read_text()
    assert EXAMPLE.read_text().strip() in docs


def test_user_profile_reads_a_new_source_family():
    """Typed minutes: {{n}} calls with bodies at the end, <<…>> insertions, [illeg.], *underlined*, a stray {3}."""
    text = MINUTES.read_text()
    result = convert_bytes(MINUTES.read_bytes(), "minutes.txt", profile=str(EXAMPLE))
    tree = tei(result)
    assert validate_fast(tree), schema_diagnostics(tree, "minutes")
    report = result.report()
    assert (report["profile"], report["profile_choice"]) == ("minutes", "given")
    assert report["recognised"] == {"emphasis": 1, "illegible": 1, "insertion": 1, "note-body": 2, "note-call": 2, "p": 3}
    notes = tree.xpath("//t:text//t:note", namespaces=NS)
    bodies = dict(re.findall(r"^\{\{(\d+)\}\} (.*)$", text, re.M))
    assert {n.get("n"): n.xpath("string()") for n in notes} == bodies
    assert [n.get("type") for n in notes] == [None, "editorial"]  # "—Ed." makes the second the editors'; the first says not
    assert [n.getparent().get("{http://www.w3.org/XML/1998/namespace}id") for n in notes] == ["a.p2", "a.p3"]
    supplied = tree.xpath("//t:supplied", namespaces=NS)
    assert [(s.text, s.get("reason")) for s in supplied] == [("the session", "editorial")]
    assert tree.xpath("//t:gap/@reason", namespaces=NS) == ["illegible"]
    assert tree.xpath("//t:hi[@rend='underline']/text()", namespaces=NS) == ["agenda"]
    # what the profile does not recognise stays as text, with a warning at its line and column
    w120 = [d for d in result.diagnostics if d.code == "W120"]
    line = next(i for i, s in enumerate(text.splitlines(), 1) if "{3}" in s)
    assert [(d.span.line, d.span.column) for d in w120] == [(line, text.splitlines()[line - 1].index("{3}") + 1)]
    assert "{3} accounts" in tree.xpath("string(//t:body)", namespaces=NS)


def test_user_profile_round_trip_of_insertions_gaps_emphasis(tmp_path):
    """The same family without note calls: its delimiters (<<…>>, *…*) come back byte for byte from the renditions."""
    data = b"The chair opened <<the session>> at [illeg.] o'clock, *at last*.\n\nNo {3} call here.\n"
    result = convert_bytes(data, "m.txt", profile=str(EXAMPLE))
    assert result.found == {"emphasis": 1, "illegible": 1, "insertion": 1, "p": 2}
    assert result.lossless
    assert export_text(tei(result), "source") == data


def test_user_profile_round_trip_with_double_brace_calls():
    """A profile's own call shape ({{n}}) comes back as it was, in the text and in the note list."""
    data = MINUTES.read_bytes()
    result = convert_bytes(data, "minutes.txt", profile=str(EXAMPLE))
    assert result.lossless
    assert export_text(tei(result), "source") == data


def test_user_profile_through_the_cli(tmp_path):
    out = tmp_path / "minutes.xml"
    result = run("convert", MINUTES, "--profile", EXAMPLE, "-o", out, "--report", "-")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["profile"] == "minutes" and report["warnings"]["W120"] == 1
    assert etree.parse(str(out)).xpath("count(//t:text//t:note)", namespaces=NS) == 2


# ---------------------------------------------------------------------------------------------- bad profiles


BAD = {
    # file: (code, [(line, column)] or None for "somewhere in the file", words every message must hold)
    "bad-toml.toml": ("E130", [(4, 28)], ["not valid TOML"]),
    "not-utf8.toml": ("E130", None, ["not valid TOML"]),
    "unknown-action.toml": ("E131", None, ["'footnote'", "note-call"]),
    "bad-regex.toml": ("E131", None, ["insertion", "bad pattern"]),
    "bad-block-regex.toml": ("E131", None, ["[blocks] separator", "[blocks] navigation"]),
    "problems.toml": ("E131", None, ["[inlines]", "no-inner", "(?P<inner>", "no-element", "detect pattern"]),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_profile_is_an_input_error(name):
    code, where, words = BAD[name]
    path = PROFILES / name
    with pytest.raises(InputError) as raised:
        load_profile(str(path))
    diagnostics = raised.value.diagnostics
    assert diagnostics and {d.code for d in diagnostics} == {code}
    assert all(d.span.path == str(path) for d in diagnostics)
    if where:
        assert [(d.span.line, d.span.column) for d in diagnostics] == where
    text = " ".join(d.message for d in diagnostics)
    for word in words:
        assert word in text, (word, text)


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_profile_through_the_cli(name):
    code, where, words = BAD[name]
    path = PROFILES / name
    result = run("convert", MINUTES, "--profile", path)
    assert result.exit_code == 1
    assert result.stdout == ""  # nothing converted, nothing written
    assert "Traceback" not in result.output
    line, column = where[0] if where else (r"\d+", r"\d+")
    assert re.search(rf"{re.escape(str(path))}:{line}:{column}: error {code}", result.stderr), result.stderr


def test_problems_are_all_reported_at_once():
    with pytest.raises(InputError) as raised:
        load_profile(str(PROFILES / "problems.toml"))
    assert len(raised.value.diagnostics) == 4


def test_shipped_profiles_are_valid_and_use_known_keys():
    for path in sorted(SHIPPED.glob("*.toml")):
        data = tomllib.loads(path.read_text())
        if path.stem == "conventions":  # the shared base, not a profile
            assert set(data) == {"conventions"} and "conventions" not in shipped_names()
            continue
        assert set(data) <= {"profile", "detect", "notes", "blocks", "inline", "gutenberg", "conventions"}, path.name
        profile = load_profile(path.stem)
        assert profile.name == path.stem
        assert all(r.action in ACTIONS for r in profile.rules)
        assert all(r.starts for r in profile.rules), "every rule says which characters it starts with (fast scanning)"


# ---------------------------------------------------------------------------------------------- report and summary


def test_report_json_content(tmp_path):
    src = tmp_path / "book.txt"
    src.write_text(GUTENBERG_TEXT)
    report_path = tmp_path / "report.json"
    result = run("convert", src, "-o", tmp_path / "book.xml", "--report", report_path)
    assert result.exit_code == 0, result.stderr
    report = json.loads(report_path.read_text())
    assert list(report) == [
        "profile",
        "profile_choice",
        "profile_scores",
        "recognised",
        "conventions",
        "counts",
        "warnings",
        "lossless",
        "diagnostics",
    ]
    assert report["profile"] == "gutenberg" and report["lossless"] is True
    recognised = report["recognised"]
    assert recognised["note-call"] == recognised["note-body"] == 1
    assert recognised["salute"] == 2 and recognised["signed"] == 1  # "DEAR SIR,--" and the closing "YOURS,"
    assert recognised["gutenberg-header"] >= 1 and recognised["gutenberg-licence"] >= 1
    assert report["counts"]["note"] == 1
    assert report["warnings"] == {"W140": 1}
    assert [d["code"] for d in report["diagnostics"]] == ["W140"]
    assert report["diagnostics"][0]["severity"] == "warning"


def test_report_lists_warnings_with_their_places(tmp_path):
    src = tmp_path / "s.txt"
    src.write_text("Text{7} and [9] here.\n\nMore.\n")
    result = run("convert", src, "--profile", "mia", "-o", tmp_path / "o.xml", "--report", "-")
    report = json.loads(result.stdout)
    w110 = [(d["line"], d["column"]) for d in report["diagnostics"] if d["code"] == "W110"]
    assert w110 == [(1, 5), (1, 13)]
    assert report["warnings"]["W110"] == 2


def test_stderr_summary(tmp_path):
    src = tmp_path / "s.txt"
    src.write_text("Text{7} [illegible] and [...] here.\n")
    out = tmp_path / "o.xml"
    result = run("convert", src, "--profile", "mia", "-o", out)
    assert result.exit_code == 0
    lines = result.stderr.strip().splitlines()
    summary = lines[-2:]
    assert summary[0].startswith(f"converted {src} → {out} with profile mia (given): ")
    assert "1 illegible" in summary[0] and "1 omission" in summary[0]
    assert summary[1] == "warnings: 1×W110, 1×W140; source rebuilds byte for byte"
    quiet = run("convert", src, "--profile", "mia", "-o", out, "-q")
    assert "converted" not in quiet.stderr and "W110" in quiet.stderr  # -q drops the summary, not the warnings


def test_user_profile_with_bracket_only_note_bodies():
    """A body pattern with only a (?P<bracket>…) group (it once crashed the reader: IndexError)."""
    data = b"Text[1] here.\n\n[1] A body.\n"
    try:
        result = convert_bytes(data, "br.txt", profile=str(PROFILES / "bracket-body.toml"))
    except InputError as exc:  # refusing the profile is acceptable too, if it says why
        assert {d.code for d in exc.diagnostics} == {"E131"}
        return
    assert tei(result).xpath("//t:text//t:note/text()", namespaces=NS) == ["A body."]
    assert export_text(tei(result), "source") == data


# ---------------------------------------------------------------------------------------------- docs/profiles.md


def test_docs_name_every_section_key_and_action():
    docs = DOCS.read_text()
    for action in sorted(ACTIONS):
        assert f"| `{action}` |" in docs, f"action {action} is not documented"
    keys = {"name", "description", "patterns", "pattern", "action", "starts", "element", "attributes", "reason"}
    for path in SHIPPED.glob("*.toml"):
        data = tomllib.loads(path.read_text())
        for section in ("notes", "blocks", "gutenberg", "conventions"):
            keys |= set(data.get(section, {}))
        for section in data:
            assert f"[{section}]" in docs or f"[[{section}]]" in docs, f"section {section} is not documented"
    for key in sorted(keys):
        assert f"`{key}`" in docs, f"key {key} is not documented"


def test_docs_worked_example_shows_what_the_cli_prints(tmp_path, monkeypatch):
    """The source and the console lines of the worked example are the ones convert prints for it."""
    docs = DOCS.read_text()
    assert f"```text\n{MINUTES.read_text()}```" in docs
    (tmp_path / "minutes.txt").write_bytes(MINUTES.read_bytes())
    monkeypatch.chdir(tmp_path)
    result = run("convert", "minutes.txt", "--profile", EXAMPLE, "-o", "minutes.xml")
    assert result.exit_code == 0
    lines = result.stderr.splitlines()
    assert lines[0].startswith("minutes.txt:5:36: warning W120")
    for line in (lines[0], lines[-2], lines[-1]):
        assert line in docs, line


def test_user_profile_with_caret_calls():
    """Calls and bodies of any shape ("^1"), the number in a group named n: notes in place, source rebuilt."""
    data = b"Text^1 here, and^2 there.\n\n^1 A body.\n\n^2 Another.\n"
    result = convert_bytes(data, "caret.txt", profile=str(PROFILES / "caret-notes.toml"))
    notes = tei(result).xpath("//t:text//t:note", namespaces=NS)
    assert [(n.get("n"), n.text) for n in notes] == [("1", "A body."), ("2", "Another.")]
    assert result.found["note-call"] == 2 and result.lossless
    assert export_text(tei(result), "source") == data


def test_profile_problems_point_at_their_line(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(
        '[profile]\nname = "bad"\n\n[[inline]]\nname = "broken"\npattern = "(unclosed"\naction = "element"\n'
        'element = "hi"\n\n[[inline]]\nname = "odd"\npattern = "x"\naction = "explode"\n'
    )
    with pytest.raises(InputError) as info:
        load_profile(str(bad))
    places = sorted((d.code, d.span.line) for d in info.value.diagnostics)
    assert places == [("E131", 5), ("E131", 13)]


@pytest.mark.parametrize("profile", ["mia", "gutenberg", "wikisource", "plain"])
def test_a_profile_without_starts_reads_the_same(profile, tmp_path):
    """`starts` only makes the reader faster: a profile without it (every position tried, line ends through the
    master regex) gives the same TEI, for the shipped profiles on texts of their kind with hard-wrapped lines."""
    raw = (SHIPPED / f"{profile}.toml").read_text("utf-8")
    without = tmp_path / f"{profile}.toml"
    without.write_text(re.sub(r"(?m)^starts = .*\n", "", raw), "utf-8")
    assert load_profile(str(without)).starts is None and load_profile(profile).starts is not None
    text = {"general": 0, "gutenberg": GUTENBERG_TEXT, "mia": MIA_TEXT}.get(profile, PLAIN_TEXT)
    text += "\nA hard-wrapped [added] line,\nits _second_ line{1} with *stars*\nand [illegible] a third [...].\n"
    fast = convert_bytes(text.encode(), "t.txt", profile=profile)
    slow = convert_bytes(text.encode(), "t.txt", profile=str(without))
    assert slow.xml == fast.xml
    assert fast.counts.get("lb", 0) >= 2


@pytest.mark.parametrize(
    "pattern, text, found",
    [
        (r"^\{\d+\} ", "{1} first line", True),
        (r"^\{\d+\} ", "text\n{12} a note", True),
        (r"^\{\d+\} ", "text {12} not at a line start", False),
        (r"^A|B", "xB", True),  # a top-level | : searched as written
        (r"^(?:A|B)x", "zz\nBx", True),
        (r"^[|]x", "|x", True),
        (r"^[^]|]x", "]x", False),
    ],
)
def test_detection_of_line_start_patterns_finds_what_the_pattern_finds(pattern, text, found):
    from tei_edition.reader.profile import _at_line_start, _found

    compiled = re.compile(pattern, re.MULTILINE)
    assert bool(compiled.search(text)) is found
    assert _found(compiled, text, "\n" + text) is found
    assert (_at_line_start(compiled) is None) == (pattern == r"^A|B")


def test_an_edited_user_profile_is_read_again(tmp_path):
    """Profiles are cached per version of the file: a process that converts again after an edit uses the edit."""
    import os

    path = tmp_path / "mine.toml"
    path.write_text(EXAMPLE.read_text("utf-8"), "utf-8")
    first = load_profile(str(path))
    assert load_profile(str(path)) is first  # unchanged: read once
    path.write_text(EXAMPLE.read_text("utf-8").replace('name = "', 'name = "edited-', 1), "utf-8")
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000_000))
    assert load_profile(str(path)).name.startswith("edited-")
