"""Languages, detected (tei_edition/reader/languages.py): the main language, paragraphs and short runs in another
language where detection is reliable, the metadata's word over the detection, and mixed-script words reported."""

from __future__ import annotations

import pytest
from lxml import etree

from tei_edition.convert import convert_bytes
from tei_edition.export.text import export_text
from tei_edition.metadata import load_metadata
from tei_edition.tei.names import TEI as T

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ENGLISH = "The committee met in the evening and decided that the report of the secretary should be printed for the members."
GERMAN = "Der Rat der Volkskommissare erhebt Einspruch dagegen, dass die deutsche Regierung den Vormarsch der Truppen angeordnet hat."
RUSSIAN = "Проклятье тебе, фальшивое отечество, где нет для нас ничего, кроме позора и бедствий, где мы страдали от нищеты."


def convert(text: str, profile: str | None = None, meta=None):
    result = convert_bytes(text.encode(), "l.txt", meta, profile)
    root = etree.fromstring(result.xml)
    assert export_text(etree.ElementTree(root), "source") == text.encode()
    return root, result


def langs(root) -> list[str]:
    return [e.get("ident") for e in root.iter(T + "language")]


@pytest.mark.parametrize("paragraph, lang", [(GERMAN, "de"), (RUSSIAN, "ru"), (ENGLISH, "en")])
def test_the_main_language_is_detected(paragraph, lang):
    root, _ = convert(f"{paragraph}\n\n{paragraph}\n")
    assert root.get(XML_LANG) == lang and root.find(T + "text").get(XML_LANG) in (None, lang)
    assert langs(root)[0] == lang


def test_the_metadata_wins_over_the_detection(tmp_path):
    path = tmp_path / "edition.toml"
    path.write_text('[document]\nlanguage = "fr"\n', encoding="utf-8")
    root, _ = convert(f"{GERMAN}\n", meta=load_metadata(path))
    assert root.get(XML_LANG) == "fr"


def test_a_paragraph_in_another_language_says_so_and_langusage_lists_it():
    root, result = convert(f"{ENGLISH}\n\n{GERMAN}\n\n{ENGLISH}\n")
    ps = [p for p in root.find(T + "text").iter(T + "p") if p.getparent().tag != T + "note"]
    assert [p.get(XML_LANG) for p in ps] == [None, "de", None]
    assert langs(root) == ["en", "de"] and result.found["language-passage"] == 1


def test_short_runs_in_another_language():
    text = (
        "He wrote the novel “Leben und Thaten des berühmten Ritters Schnapphahnski,” describing the adventures of a knight, "
        "and added _La musica merita d'esser studiata._ under it; the word “Report” and _et_ stay English.\n"
    )
    root, _ = convert(text, "gutenberg")
    (foreign,) = root.iter(T + "foreign")
    assert foreign.get(XML_LANG) == "de" and foreign.text.startswith("Leben und Thaten")
    his = {h.text: h.get(XML_LANG) for h in root.iter(T + "hi")}
    assert his == {"La musica merita d'esser studiata.": "it", "et": None}


def test_plain_marks_no_passage_but_knows_its_language():
    root, _ = convert(f"{ENGLISH}\n\n{GERMAN} “Leben und Thaten des berühmten Ritters”\n\n{ENGLISH}\n", "plain")
    assert root.get(XML_LANG) == "en"
    assert not list(root.iter(T + "foreign")) and all(p.get(XML_LANG) is None for p in root.find(T + "text").iter(T + "p"))


def test_a_word_mixing_latin_and_cyrillic_letters_is_kept_and_reported_at_its_place():
    word = "ех" + "рrimons"  # Cyrillic е, х, р, then Latin r, i, m, o, n, s
    text = f"{ENGLISH}\n\nThe ultimate {word} of the movement.\n"
    root, result = convert(text)
    (w,) = [d for d in result.diagnostics if d.code == "W150"]
    assert (w.span.line, w.span.column) == (3, 14) and word in w.message
    assert word in "".join(root.find(T + "text").itertext())


def test_no_mixed_script_warning_for_words_of_one_script():
    _, result = convert(f"{RUSSIAN} The English words and the Russian words stay apart.\n")
    assert not [d for d in result.diagnostics if d.code == "W150"]


def test_the_languages_report_lists_the_main_language_and_each_passage_in_another(tmp_path):
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "benchmarks" / "languages_report.py"
    spec = importlib.util.spec_from_file_location("languages_report", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    (tmp_path / "mixed.txt").write_text(f"{ENGLISH}\n\n{GERMAN}\n\n{ENGLISH} The word Zeitgeist stays English.\n", encoding="utf-8")
    table = module.report([tmp_path])
    assert "| mixed | en | | | |" in table
    (row,) = [r for r in table.splitlines() if r.startswith("| | |")]
    assert row.startswith("| | | p | de | Der Rat der Volkskommissare")  # one row: the single German word is no passage
