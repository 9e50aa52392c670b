"""The reader's conventions are data (tei_edition/profiles/conventions.toml, merged under every profile) and its inline
actions a registry (tei_edition/reader/inline.py ACTIONS)."""

from __future__ import annotations

import pytest

from tei_edition.convert import convert_bytes
from tei_edition.errors import InputError
from tei_edition.reader.inline import ACTIONS
from tei_edition.reader.profile import BoundedPattern, base_conventions, load_profile, shipped_names

# (Swedish: a language whose salutation and closing words the shipped conventions do not list)
# (Danish: a language the shipped conventions do not know)
LETTER = "Wien, 3. Mai 1819.\n\nKære ven,\n\nJeg skriver til dig i dag.\n\nDin hengivne\n\nLUDWIG.\n"


def _profile(tmp_path, conventions: str) -> str:
    path = tmp_path / "letters.toml"
    path.write_text('[profile]\nname = "letters"\n\n[blocks]\nletters = true\n\n' + conventions, encoding="utf-8")
    return str(path)


def test_the_base_is_merged_under_every_profile_and_is_not_a_profile():
    assert "conventions" not in shipped_names()
    for name in shipped_names():
        assert load_profile(name).conventions == base_conventions()


def test_a_profile_overrides_words_and_its_patterns_are_time_bounded(tmp_path):
    english = convert_bytes(LETTER.encode(), "l.txt", profile=_profile(tmp_path, "")).xml
    assert b"<salute>" not in english  # (the signature alone is read: its shape is no language's)
    path = _profile(
        tmp_path,
        '[conventions]\nsalute_words = ["Kære ", "Kæreste "]\nclosing_words = ["Din"]\n'
        "dateline = '^\\w+, \\d{1,2}\\. (?:Mai|Juni) \\d{4}\\.$'\n",
    )
    profile = load_profile(path)
    assert profile.conventions["salute_words"] == ["Kære ", "Kæreste "] and profile.conventions["months"] == base_conventions()["months"]
    assert isinstance(profile.structure.dateline, BoundedPattern)  # the user's own pattern: bounded
    assert not isinstance(profile.structure.signed, BoundedPattern)  # the shipped one: re
    xml = convert_bytes(LETTER.encode(), "l.txt", profile=path).xml
    assert b"<opener><dateline><placeName>Wien</placeName>, 3. Mai 1819.</dateline>" in xml and "<salute>Kære ven,</salute>".encode() in xml
    assert b"<closer><salute>Din hengivne</salute>" in xml and b"<signed>LUDWIG.</signed>" in xml


@pytest.mark.parametrize(
    "table, message",
    [
        ('salutes = ["x"]', "unknown key"),
        ('postscript = "P.S."', "must be a list"),
        ("closing = '(unclosed'", "bad pattern"),
        ("closing = '{=nothing}'", "names no word list"),
    ],
)
def test_bad_conventions_are_reported(tmp_path, table, message):
    with pytest.raises(InputError) as raised:
        load_profile(_profile(tmp_path, "[conventions]\n" + table + "\n"))
    assert raised.value.diagnostics[0].code == "E131" and message in raised.value.diagnostics[0].message


def test_an_action_is_one_registered_function_and_the_loader_knows_exactly_those(tmp_path, monkeypatch):
    assert set(ACTIONS) == {
        "note-call",
        "page-anchor",
        "element",
        "date",
        "dual-date",
        "mark-gap",
        "delimited",
        "inline-note",
        "placeholder",
        "page-marker",
        "warn",
    }
    path = tmp_path / "shout.toml"
    path.write_text(
        '[profile]\nname = "shout"\n\n[[inline]]\nname = "shout"\nstarts = "!"\npattern = "!!"\naction = "shout"\n', encoding="utf-8"
    )
    with pytest.raises(InputError):
        load_profile(str(path))
    from tei_edition.reader import inline

    monkeypatch.setitem(ACTIONS, "shout", inline.Action("shout", lambda rule, groups, m, *rest: ["¡", m.group()]))
    path.write_text(path.read_text() + "\n", encoding="utf-8")  # (a new version of the file: read again)
    xml = convert_bytes(b"Hey!! you\n", "s.txt", profile=str(path)).xml
    assert "¡!!".encode() in xml
