"""Profiles from someone else's corpus: edition.toml cannot make the tool read a file outside the edition, an error
never prints a line of a file that is not a profile, and a user's regex cannot run without end.

Before: `profile = "/etc/passwd"` (or /proc/self/environ) in edition.toml was read and E130 printed its first line
into the log; a relative profile name was looked up under the shipped profiles' folder and could climb out of it
("../../x"); a user's regex such as (a|aa)+! on a long line hung the conversion.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tei_edition.reader.profile import (
    CODE_PATTERN_TIMEOUT,
    CODE_PATTERN_UNSAFE,
    CODE_PROFILE_NOT_FILE,
    CODE_PROFILE_OUTSIDE,
    CODE_PROFILE_TOO_LARGE,
    CODE_PROFILE_UNKNOWN,
    MAX_PROFILE_BYTES,
    SHIPPED,
    UNTIMED_KEYS,
    backtracking_risk,
    load_profile,
)
from tests.conftest import ROOT

GOOD_PROFILE = '[profile]\nname = "mine"\n\n[[inline]]\nname = "brace"\naction = "warn"\npattern = \'\\{x\\}\'\nstarts = "{"\n'
TEXT = "A first paragraph with {x} in it.\n\nA second paragraph.\n"


def cli(*args, env_extra=None, timeout=60) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT), NO_COLOR="1", **(env_extra or {}))
    return subprocess.run(
        [sys.executable, "-m", "tei_edition", *map(str, args)], capture_output=True, text=True, cwd=ROOT, env=env, timeout=timeout
    )


def edition(tmp_path: Path, profile_value: str) -> Path:
    """An edition folder whose edition.toml names `profile_value`; returns its source.txt."""
    folder = tmp_path / "doc"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "source.txt").write_text(TEXT, encoding="utf-8")
    escaped = profile_value.replace("\\", "\\\\").replace('"', '\\"')
    (folder / "edition.toml").write_text(f'[document]\ntitle = "T"\nprofile = "{escaped}"\n', encoding="utf-8")
    return folder / "source.txt"


def convert(source: Path, *extra, **kwargs) -> subprocess.CompletedProcess:
    return cli("convert", source, "-o", source.with_name("edition.xml"), "--no-validate", *extra, **kwargs)


def assert_refused(result, code, *secrets):
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert f"error {code}" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr and "bug" not in result.stderr
    for secret in secrets:
        assert secret not in result.stderr and secret not in result.stdout


# ---------------------------------------------------------------------------------------------- edition.toml


def test_edition_toml_cannot_name_a_secret_file(tmp_path, canary):
    result = convert(edition(tmp_path, str(canary.path)))
    assert_refused(result, CODE_PROFILE_UNKNOWN, canary.token)
    assert not (tmp_path / "doc" / "edition.xml").exists()


def test_edition_toml_cannot_name_the_process_environment(tmp_path, canary):
    result = convert(edition(tmp_path, "/proc/self/environ"), env_extra={"TEI_EDITION_TEST_SECRET": canary.token})
    assert_refused(result, CODE_PROFILE_UNKNOWN, canary.token)


def test_edition_toml_cannot_name_an_absolute_toml_file(tmp_path, canary):
    outside = canary.path.with_name("secret.toml")
    outside.write_text(f"not toml: {canary.token}\n", encoding="utf-8")
    result = convert(edition(tmp_path, str(outside)))
    assert_refused(result, CODE_PROFILE_OUTSIDE, canary.token)


def test_edition_toml_cannot_climb_out_of_its_folder(tmp_path, canary):
    (tmp_path / "outside.toml").write_text(f"{canary.token} = [\n", encoding="utf-8")
    result = convert(edition(tmp_path, "../outside.toml"))
    assert_refused(result, CODE_PROFILE_OUTSIDE, canary.token)


def test_edition_toml_cannot_leave_through_a_symlink(tmp_path, canary):
    outside = canary.path.with_name("secret.toml")
    outside.write_text(f"not toml: {canary.token}\n", encoding="utf-8")
    source = edition(tmp_path, "profiles/mine.toml")
    (source.parent / "profiles").mkdir()
    (source.parent / "profiles" / "mine.toml").symlink_to(outside)
    assert_refused(convert(source), CODE_PROFILE_OUTSIDE, canary.token)


def test_a_name_climbing_out_of_the_shipped_profiles_is_unknown(tmp_path):
    # Before: "--profile X" was first looked up as SHIPPED/X.toml, so "../../…/outside" read outside.toml.
    (tmp_path / "outside.toml").write_text(GOOD_PROFILE, encoding="utf-8")
    climb = os.path.relpath(tmp_path / "outside", SHIPPED)
    source = tmp_path / "source.txt"
    source.write_text(TEXT, encoding="utf-8")
    assert_refused(convert(source, "--profile", climb), CODE_PROFILE_UNKNOWN)
    (tmp_path / "doc").mkdir()
    assert_refused(convert(edition(tmp_path, climb)), CODE_PROFILE_UNKNOWN)


def test_a_profile_inside_the_edition_folder_is_used(tmp_path):
    source = edition(tmp_path, "profiles/mine.toml")
    (source.parent / "profiles").mkdir()
    (source.parent / "profiles" / "mine.toml").write_text(GOOD_PROFILE, encoding="utf-8")
    result = convert(source)
    assert result.returncode == 0, result.stderr
    assert "profile mine (given)" in result.stderr


@pytest.mark.parametrize("kind", ["folder", "fifo"])
def test_a_profile_that_is_not_a_regular_file_is_refused_without_reading(tmp_path, kind):
    source = edition(tmp_path, "special.toml")
    special = source.parent / "special.toml"
    special.mkdir() if kind == "folder" else os.mkfifo(special)
    assert_refused(convert(source, timeout=30), CODE_PROFILE_NOT_FILE)  # a FIFO is never opened: no hang


def test_a_huge_profile_is_refused(tmp_path):
    source = edition(tmp_path, "huge.toml")
    (source.parent / "huge.toml").write_bytes(b"# " + b"x" * MAX_PROFILE_BYTES + b"\n")
    assert_refused(convert(source), CODE_PROFILE_TOO_LARGE)


def test_build_refuses_the_profile_and_publishes_nothing_of_it(tmp_path, canary):
    corpus = tmp_path / "corpus"
    source = edition(corpus, str(canary.path))
    out = tmp_path / "build"
    result = cli("build", corpus, "-o", out, "--formats", "tei,html,text", "--jobs", "1", timeout=120)
    assert result.returncode == 1
    assert CODE_PROFILE_UNKNOWN in result.stderr and "Traceback" not in result.stderr
    canary.assert_absent(result.stderr, result.stdout, out)
    assert source.is_file()


# ---------------------------------------------------------------------------------------------- the command line


def test_command_line_profile_may_be_any_toml_file(tmp_path):
    elsewhere = tmp_path / "elsewhere" / "family.toml"
    elsewhere.parent.mkdir()
    elsewhere.write_text(GOOD_PROFILE, encoding="utf-8")
    source = tmp_path / "source.txt"
    source.write_text(TEXT, encoding="utf-8")
    result = convert(source, "--profile", elsewhere)
    assert result.returncode == 0, result.stderr
    assert "profile mine (given)" in result.stderr


def test_command_line_profile_must_be_a_toml_file(tmp_path, canary):
    source = tmp_path / "source.txt"
    source.write_text(TEXT, encoding="utf-8")
    assert_refused(convert(source, "--profile", canary.path), CODE_PROFILE_UNKNOWN, canary.token)


def test_a_file_that_is_not_toml_is_reported_by_place_only(tmp_path, canary):
    secret = tmp_path / "secret.toml"
    secret.write_text(f"first line\nAWS_SECRET = {canary.token}\n", encoding="utf-8")
    source = tmp_path / "source.txt"
    source.write_text(TEXT, encoding="utf-8")
    result = convert(source, "--profile", secret)
    assert_refused(result, "E130", canary.token, "first line", "AWS_SECRET")
    assert f"{secret}:1:" in result.stderr  # where TOML stopped: line and column, nothing of the line


def test_toml_error_words_quote_nothing_of_the_file(tmp_path):
    from tei_edition.errors import InputError

    for text in ("a = 1\na = 2\n", "x = 'unclosed\n", "[t]\n[t]\n", "k = {a = 1, a = 2}\n", "v = \x01\n"):
        path = tmp_path / "bad.toml"
        path.write_text(text.replace("a", "SECRETKEY"), encoding="utf-8")
        with pytest.raises(InputError) as caught:
            load_profile(str(path))
        (d,) = caught.value.diagnostics
        assert "SECRETKEY" not in d.message and d.span.line_text is None, d.message


# ---------------------------------------------------------------------------------------------- regexes


@pytest.mark.slow  # seconds: make check leaves it to make test
def test_a_catastrophic_inline_regex_ends_with_an_error_within_seconds(tmp_path):
    profile = tmp_path / "slow.toml"
    profile.write_text(
        '[profile]\nname = "slow"\n\n[[inline]]\nname = "slow"\naction = "element"\nelement = "hi"\n'
        "pattern = '(?:a|aa)+!'\nstarts = \"a\"\n",
        encoding="utf-8",
    )
    source = tmp_path / "source.txt"
    source.write_text("b " + "a" * 80 + " end\n", encoding="utf-8")
    started = time.monotonic()
    result = convert(source, "--profile", profile, timeout=60)
    assert time.monotonic() - started < 20
    assert_refused(result, CODE_PATTERN_TIMEOUT)
    assert "hint:" in result.stderr


@pytest.mark.parametrize("key, pattern", [("body", r"(?:\{(?P<brace>\d+)\}\s*)+(a+)+$"), ("heading", r"(?:\w+\s?)+:$")])
def test_an_unbounded_notes_pattern_is_refused_up_front(tmp_path, key, pattern):
    profile = tmp_path / "notes.toml"
    profile.write_text(f'[profile]\nname = "n"\n\n[notes]\nbodies = "end"\n{key} = \'{pattern}\'\n', encoding="utf-8")
    source = tmp_path / "source.txt"
    source.write_text("Text {1}.\n\n{1} " + "a" * 60 + "!\n", encoding="utf-8")
    result = convert(source, "--profile", profile, timeout=30)
    assert_refused(result, CODE_PATTERN_UNSAFE)
    assert f"{profile}:6:1: error {CODE_PATTERN_UNSAFE}" in result.stderr


def test_a_notes_pattern_the_up_front_check_misses_is_still_bounded_in_time(tmp_path, monkeypatch):
    # Before: [notes] body/block and [gutenberg] patterns were compiled by the reader with `re`, without a time bound,
    # so a pattern that slipped past the heuristic check hung the conversion. Now every pattern of a user's profile
    # goes through Profile.compiled (time-bounded).
    from tei_edition.convert import convert_bytes
    from tei_edition.errors import InputError
    from tei_edition.reader import profile as profile_module

    monkeypatch.setattr(profile_module, "backtracking_risk", lambda pattern: None)  # as if the heuristic missed it
    profile = tmp_path / "notes.toml"
    profile.write_text('[profile]\nname = "n"\n\n[notes]\nbodies = "end"\nbody = \'^(?:a|aa)+!\'\n', encoding="utf-8")
    monkeypatch.setattr(profile_module, "PATTERN_SECONDS", 0.5)
    started = time.monotonic()
    with pytest.raises(InputError) as caught:
        convert_bytes(("Text.\n\n" + "a" * 60 + "\n").encode(), "source.txt", profile=str(profile))
    assert time.monotonic() - started < 20
    assert caught.value.diagnostics[0].code == CODE_PATTERN_TIMEOUT


@pytest.mark.parametrize("pattern", [r"(a+)+$", r"(\w+\s?)*x", r"(?:x[^y]*){2,}", r"(a|aa)+", r"(?:\d{1,6}\.?)*$"])
def test_backtracking_risk_finds_the_classic_forms(pattern):
    assert backtracking_risk(pattern)


@pytest.mark.parametrize(
    "pattern",
    [
        r"(?:a++)+",
        r"(?>a+)+b",
        r"(?:\d{1,3}\.){3}",
        r"(?:foo|bar)+",
        r"^\[Footnote (?P<n>\d{1,6}): (?P<body>.*)\]$",
        r"[A-Z][a-z]+(?: [A-Z][a-z]+)*",
        r"(?:\{|\[)+",
        r"(?:[A-Z][\w ]*\|\s*){2,}",
        r"(?:\w+,)*",
    ],
)
def test_backtracking_risk_leaves_safe_forms_alone(pattern):
    assert backtracking_risk(pattern) is None


def test_shipped_profiles_pass_the_up_front_check():
    import tomllib

    for path in sorted(SHIPPED.glob("*.toml")):
        data = tomllib.loads(path.read_text("utf-8"))
        for section, keys in UNTIMED_KEYS.items():
            for key in keys & set(data.get(section, {})):
                assert backtracking_risk(data[section][key]) is None, (path.name, section, key)


# ---------------------------------------------------------------------------------------------- metadata values


def test_a_metadata_value_xml_cannot_store_is_a_finding_not_a_crash(tmp_path):
    # Before: build reported "E504 internal error … (a bug in tei-edition)" for an idno holding U+001F.
    corpus = tmp_path / "corpus"
    folder = corpus / "doc"
    folder.mkdir(parents=True)
    (folder / "source.txt").write_text(TEXT, encoding="utf-8")
    (folder / "edition.toml").write_text('[document]\ntitle = "T"\n[publication]\nidno = "\\u001f"\n', encoding="utf-8")
    result = convert(folder / "source.txt")
    assert_refused(result, "E626")
    assert "[publication] idno holds U+001F" in result.stderr
    built = cli("build", corpus, "-o", tmp_path / "build", "--formats", "tei,html,text", "--jobs", "1", timeout=120)
    assert built.returncode == 1 and "E626" in built.stderr
    assert "internal error" not in built.stderr and "bug" not in built.stderr
