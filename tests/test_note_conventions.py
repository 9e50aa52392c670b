"""Note conventions recognised by their evidence in any profile (tei_edition/reader/notes.py, calls.py): each fires
on its evidence and not on a near miss; the source always comes back byte for byte."""

from __future__ import annotations

import pytest
from lxml import etree

from tei_edition.export.text import export_text
from tei_edition.model import Block
from tei_edition.reader.calls import candidates, in_order
from tests.conversion import NS, convert


def notes(tree) -> list[tuple[str | None, str]]:
    return [(n.get("n"), n.xpath("string()")) for n in tree.xpath("//t:text//t:note[not(@place='inline')]", namespaces=NS)]


def fired(result) -> set[str]:
    return {c["convention"] for c in result.report()["conventions"]}


GLUED = "I ask your Excellency1 to permit2 it.\n\n1. The first.\n\n2. The second.\n"


@pytest.mark.parametrize("profile", [None, "general", "mia", "wikisource", "gutenberg"])
def test_glued_calls_confirmed_by_a_numbered_list_fire_in_any_profile(profile):
    result, tree = convert(GLUED, profile)
    assert notes(tree) == [("1", "The first."), ("2", "The second.")]
    assert {"note-list", "note-calls-glued"} <= fired(result)


def test_plain_reads_no_notes():
    result, tree = convert(GLUED, "plain")
    assert notes(tree) == []


def test_an_ordered_list_at_the_end_without_calls_is_no_note_list():
    result, tree = convert("Our aims, in 1917:\n\n1. Bread.\n\n2. Land.\n")
    assert notes(tree) == [] and "note-list" not in fired(result)


def test_glued_digits_out_of_order_are_no_calls():
    result, tree = convert("Item2 and item1 here.\n\n1. The first.\n\n2. The second.\n")
    assert "note-calls-glued" not in fired(result)


@pytest.mark.parametrize("text", ["at 5°.20′ past", "the 2d, 3d, & 4th vols.", "in 1857 (p. 221)", "£5 and $3", "3.5 km"])
def test_numbers_are_not_call_candidates(text):
    assert [c for found in candidates([Block(text, 0, 1)]).values() for c in found] == []


def test_candidates_after_words_and_punctuation():
    found = candidates([Block("[23 October 1857]1 Sqe;2 Butterflies.3 Baby;5 yet.—4 word¹", 0, 1)])
    assert [c[1] for c in in_order(found["glued"])] == [1, 2, 3, 4]
    assert [c[2] for c in found["sup"]] == ["¹"]


LINES = "Dated [1 May 1857]1 and sent;2 then more.3\n\nFootnotes\n\n" + "The first body, " * 8 + "end.\n" + "The second body, " * 8 + "end."


def test_unnumbered_lines_after_a_heading_and_calls_past_the_list():
    result, tree = convert(LINES)
    got = notes(tree)
    assert [n for n, _ in got] == ["1", "2", "3"]
    assert got[0][1].startswith("The first body") and got[1][1].startswith("The second body")
    lost = tree.xpath("//t:note[@n='3']/*", namespaces=NS)
    assert [etree.QName(e).localname for e in lost] == ["gap"] and lost[0].get("reason") == "lost"
    assert tree.xpath("//t:body//t:p[starts-with(., 'Footnotes')]", namespaces=NS) == []
    assert {"note-bodies-lines", "note-calls-glued"} <= fired(result)


def test_unnumbered_paragraphs_after_notes_without_calls_stay_text():
    result, tree = convert("A text without calls.\n\nNotes\n\nA paragraph that is not a note.\n")
    assert notes(tree) == [] and "note-list" not in fired(result)


def test_numbered_lines_in_one_block_are_bodies_but_a_wrapped_year_is_not():
    text = "A word1 and a word.2\n\nNotes\n\n1. The first, written\n1917. still the first.\n2. The second."
    result, tree = convert(text)
    assert notes(tree) == [("1", "The first, written1917. still the first."), ("2", "The second.")]  # (an lb between)


def test_a_call_without_body_is_a_gap_note_out_of_the_reading_text():
    result, tree = convert("See the pamphlet,[1] which is new.\n", "mia")
    note = tree.xpath("//t:note", namespaces=NS)[-1]
    assert note.get("n") == "1" and note.get("type") is None and note.get("resp") is None
    reading = export_text(tree, "reading").decode()
    assert "[1]" not in reading and "pamphlet, which" in reading


def test_an_empty_notes_heading_is_the_heading_and_no_note():
    result, tree = convert("A text.\n\nEndnotes\n", "mia")
    assert notes(tree) == []
    assert tree.xpath("//t:body//t:p[. = 'Endnotes']", namespaces=NS) == []
    assert tree.xpath("//t:back//t:head[@type='notes']/text()", namespaces=NS) == ["Endnotes"]


def test_a_heading_word_inside_the_text_is_not_the_notes_heading():
    result, tree = convert("Notes\n\nA text about notes that goes on.\n", "mia")
    assert tree.xpath("//t:head[@type='notes']", namespaces=NS) == []


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        ("A gloss.—Ed.", ("editorial", None)),
        ("Anm. d. Red. Eine Erklärung.", ("editorial", None)),
        ("Note by the translator: a pun.", ("editorial", "translation")),
        ("Прим. перев.", ("editorial", "translation")),
        ("Author's note: in exile.", ("authorial", None)),
        ("A note that says nothing of its writer.", (None, None)),
    ],
)
def test_who_wrote_a_note_comes_from_its_words(body, kind):
    result, tree = convert(f"A word.{{1}}\n\n{{1}} {body}\n")
    note = tree.xpath("//t:note", namespaces=NS)[-1]
    assert (note.get("type"), note.get("subtype")) == kind


def test_superscript_calls_with_superscript_bodies():
    result, tree = convert("Der Vertrag¹ und die Truppen².\n\n¹ Vom März.\n\n² Deutsche.\n")
    assert notes(tree) == [("1", "Vom März."), ("2", "Deutsche.")]
    assert "note-calls-sup" in fired(result)


def test_star_lines_without_marks_in_the_text_are_a_list():
    result, tree = convert("Things to bring:\n\n* bread\n\n* salt\n", "wikisource")
    assert notes(tree) == []


def test_mark_bodies_answer_marks_in_order_in_a_profile_without_star_calls():
    result, tree = convert("First,* second.†\n\n* One.\n\n† Two.\n", "wikisource")
    assert notes(tree) == [("1", "One."), ("2", "Two.")]


def test_an_indented_numbered_list_in_one_block_answers_the_calls():
    """A web page's note list: each line "  1. body", indented, no blank line between them."""
    text = "Dear Fred,\n\nThe report came.[1] I sent it on.[2]\n\nYour\n\nK. M.\n\n  1. On the coal-miners.\n  2. To The Times.\n"
    _, tree = convert(text)
    assert notes(tree) == [("1", "On the coal-miners."), ("2", "To The Times.")]
    assert not tree.xpath("//t:lg | //t:l", namespaces=NS)  # (an indented list is not verse)


def test_bulleted_back_links_answer_the_calls_in_order():
    """A wiki copy's note list: "- ↑ body", one a line."""
    text = "The report came.[1] I sent it on.[2]\n\n- ↑ On the coal-miners.\n- ↑ To The Times.\n"
    _, tree = convert(text)
    assert notes(tree) == [("1", "On the coal-miners."), ("2", "To The Times.")]
    assert not tree.xpath("//t:list", namespaces=NS)


def test_an_indented_numbered_list_without_calls_stays_text():
    text = "We resolve:\n\n  1. To meet on Monday.\n  2. To print the report.\n"
    _, tree = convert(text)
    assert notes(tree) == []
