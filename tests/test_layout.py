"""The layout codec (tei_edition/layout.py): the plain-text layout is written by the reader and read back by the source
form with one grammar, for any profile; the edition's elements carry none of it (processing instructions do).

`make test` runs TEI_EDITION_FUZZ_EXAMPLES=500 examples per property (the default); `make fuzz` runs 20,000.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from tei_edition import layout
from tei_edition.convert import LOSSY, convert_bytes
from tei_edition.errors import InputError
from tei_edition.export.text import export_text
from tei_edition.tei.names import TEI as T
from tei_edition.validate.schema import schema_diagnostics, validate_fast

EXAMPLES = int(os.environ.get("TEI_EDITION_FUZZ_EXAMPLES", "500"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=EXAMPLES <= 500)
SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "samples" / "texts"
PROFILE_DIR = Path(tempfile.mkdtemp(prefix="tei-edition-profiles-"))

NOTE_PROFILE = r"""
[profile]
name = "notes-profile"
[notes]
bodies = "after"
block = '^\[Note (?P<n>\d{1,6}): (?P<body>.*)\]$'
[[inline]]
name = "note-call"
starts = "["
pattern = '\[(?P<bracket>\d{1,6})\]'
action = "note-call"
"""


def profile_file(text: str) -> str:
    path = PROFILE_DIR / (hashlib.sha256(text.encode()).hexdigest()[:16] + ".toml")
    if not path.exists():
        path.write_text(text, encoding="utf-8")
    return str(path)


def tree_of(result):
    return etree.ElementTree(etree.fromstring(result.xml))


# ---------------------------------------------------------------------------------------------- the two defects


def test_a_profiles_own_footnote_label_comes_back():
    """Defect: a profile writing [Note 1: …] was rebuilt as [Footnote 1: …] while the report said lossless."""
    data = b"A text with a call.[1]\n\n[Note 1: The body.]\n\nMore.\n"
    result = convert_bytes(data, "note.txt", profile=profile_file(NOTE_PROFILE))
    assert result.lossless
    assert export_text(tree_of(result), "source") == data


def test_note_numbers_repeated_by_two_concatenated_books_come_back_without_invented_labels():
    """Defect: the second book's bodies were rebuilt as [Footnote 1-373734: …] and the report said lossy."""
    book = "Title\n\nText with a call.[1] And [2].\n\n[Footnote 1: First.]\n\n[Footnote 2: Second.]\n"
    data = (book + "\n" + book).encode()
    result = convert_bytes(data, "books.txt", profile="gutenberg")
    tree = tree_of(result)
    assert result.lossless
    assert export_text(tree, "source") == data
    notes = tree.getroot().findall(f".//{T}text//{T}note")
    assert [n.get("n") for n in notes] == ["1", "2", "1", "2"]  # the numbers of the text, none invented
    assert all(n.get("anchored") == "true" for n in notes)  # each call answered by its own book's body
    assert not {"W110", "W111", "W112"} & {d.code for d in result.diagnostics}


def test_notes_out_of_numerical_order_come_back_in_their_order():
    """Once W114 (lossy): the note list is now rebuilt in the source's order."""
    data = b"Text{2} and{1}.\n\n{2} b\n\n{1} a\n"
    result = convert_bytes(data, "order.txt", profile="mia")
    assert result.lossless and export_text(tree_of(result), "source") == data


# ---------------------------------------------------------------------------------------------- no bookkeeping elements


def _layout_elements(tree) -> list[str]:
    root = tree.getroot()
    found = [e for e in root.iter(T + "space") if e.get("dim") == "vertical"]
    found += list(root.iter(T + "divGen")) + [e for e in root.iter(T + "milestone") if e.get("unit") == "notes"]
    return [etree.QName(e).localname for e in found]


def _sample_paths():
    return sorted(SAMPLES.glob("*.txt")) + sorted((Path(__file__).resolve().parents[1] / "corpus").glob("*/source.txt"))


@pytest.mark.parametrize("path", _sample_paths(), ids=lambda p: p.parent.name if p.name == "source.txt" else p.stem)
def test_samples_round_trip_with_no_layout_elements(path):
    data = path.read_bytes()
    result = convert_bytes(data, path.name)
    tree = tree_of(result)
    assert _layout_elements(tree) == []
    assert result.lossless and export_text(tree, "source") == data
    assert validate_fast(tree), schema_diagnostics(tree, path.name)


def test_processing_instruction_grammar():
    assert layout.pi_xml(layout.blank(2)) == "<?tei-edition blank 2?>"
    pi = layout.note_affixes("{1}", '[Note 1: "a" & <b> ?>', "]", 3)
    assert "?>" not in pi.data()
    assert layout.parse(pi.data()) == ("note", [], {"call": "{1}", "before": '[Note 1: "a" & <b> ?>', "after": "]", "blank": "2"})
    assert layout.parse("notes a.n1 a.n2") == ("notes", ["a.n1", "a.n2"], {})
    assert layout.blank_count(["-3"], 10) == 0 and layout.blank_count(["10000000"], 10) == 10


def test_exporters_keep_the_text_after_an_instruction():
    """lxml keeps a processing instruction as a node whose tail is text: the reading text and the HTML keep it."""
    data = b"Text.{1}\n\n\n\nMore text.\n\n{1} The note body.\n"
    result = convert_bytes(data, "pi.txt", profile="mia")
    assert b"<?tei-edition note " in result.xml and b"<?tei-edition blank 2?>" in result.xml
    tree = tree_of(result)
    reading = export_text(tree, "reading").decode()
    assert "The note body." in reading and "More text." in reading and "tei-edition" not in reading
    from tei_edition.export.html import export_html

    html, _ = export_html(tree)
    body = html[html.index("<body") :]
    assert "The note body." in body and "More text." in body and "?tei-edition" not in body and "blank 2" not in body


# ---------------------------------------------------------------------------------------------- generated profiles

DELIMS = "[]{}()<>«»|~^=+#%@!/"
PAIR = st.tuples(st.text(st.sampled_from(DELIMS), min_size=1, max_size=2), st.text(st.sampled_from(DELIMS), min_size=1, max_size=2))
LABEL = st.sampled_from(["Footnote", "Note", "Fn.", "Anm", "Nota", ""])


def _esc(s: str) -> str:
    return re.escape(s)


@st.composite
def profiles(draw):
    """A profile's TOML (random delimiters, note styles, bracket conventions) and the pieces its text is made of."""
    call_open, call_close = draw(PAIR)
    style = draw(st.sampled_from(["after", "end"]))
    body_open, body_close = draw(PAIR)
    label = draw(LABEL)
    sep = draw(st.sampled_from([": ", ". ", " "]))
    lines = ["[profile]", 'name = "generated"', "[notes]", f'bodies = "{style}"']
    if style == "after":
        head = body_open + (label + " " if label else "")
        lines.append(f"block = '^{_esc(head)}(?P<n>\\d{{1,6}}){_esc(sep)}(?P<body>.*){_esc(body_close)}$'")
        body = lambda n, text: f"{head}{n}{sep}{text}{body_close}"  # noqa: E731
    else:
        lines.append(f"body = '{_esc(body_open)}(?P<bracket>\\d{{1,6}}){_esc(body_close)} '")
        body = lambda n, text: f"{body_open}{n}{body_close} {text}"  # noqa: E731
    lines += [
        "[[inline]]",
        'name = "note-call"',
        f"starts = {_toml(call_open[0])}",
        f"pattern = '{_esc(call_open)}(?P<bracket>\\d{{1,6}}){_esc(call_close)}'",
        'action = "note-call"',
    ]
    delimited = []
    for i in range(draw(st.integers(0, 2))):
        d_open, d_close = draw(PAIR)
        element = draw(st.sampled_from(["hi", "supplied"]))
        lines += [
            "[[inline]]",
            f'name = "delimited{i}"',
            f"starts = {_toml(d_open[0])}",
            f"pattern = '{_esc(d_open)}(?P<inner>[a-z ]{{1,30}}){_esc(d_close)}'",
            'action = "delimited"',
            f'element = "{element}"',
        ]
        delimited.append((d_open, d_close))
    return "\n".join(lines) + "\n", (call_open, call_close), body, delimited


def _toml(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


WORDS = st.sampled_from(["the", "text", "of", "a", "letter", "Ленин", "x&y", "a<b", "well,", "said.", "\u00a0", "—", "word"])


@st.composite
def books(draw, call, body, delimited):
    """A text in the profile's conventions: paragraphs with calls and delimited words, their note bodies."""
    call_open, call_close = call
    blocks, pending = [], []
    for _ in range(draw(st.integers(1, 4))):
        words = draw(st.lists(WORDS, min_size=1, max_size=8))
        for _ in range(draw(st.integers(0, 2))):
            n = draw(st.integers(1, 4))
            if n not in pending:
                pending.append(n)
                words.insert(draw(st.integers(0, len(words))), f"{call_open}{n}{call_close}")
        for d_open, d_close in delimited:
            if draw(st.booleans()):
                words.append(f"{d_open}{draw(st.sampled_from(['emphasis', 'a word', 'sic']))}{d_close}")
        blocks.append(" ".join(words) + draw(st.sampled_from(["", "\nsecond line", "."])))
        if draw(st.booleans()):
            for n in draw(st.permutations(pending)):
                blocks.append(body(n, draw(st.sampled_from(["A note.", "Another note, longer.", "See p. 3."]))))
            pending = []
    for n in pending:
        blocks.append(body(n, "A note at the end."))
    seps = [draw(st.sampled_from(["\n\n", "\n\n", "\n\n\n", "\n\n\n\n"])) for _ in blocks]
    return "".join(b + s for b, s in zip(blocks, seps[:-1] + [""], strict=True)) + draw(st.sampled_from(["", "\n", "\n\n"]))


@st.composite
def profile_and_text(draw):
    toml, call, body, delimited = draw(profiles())
    book = books(call, body, delimited)
    how = draw(st.sampled_from(["one", "concatenated", "repeated"]))
    if how == "one":
        text = draw(book)
    elif how == "concatenated":
        text = draw(book) + draw(st.sampled_from(["\n", "\n\n", "\n\n\n"])) + draw(book)
    else:
        text = draw(book) * draw(st.integers(2, 3))
    return toml, text, draw(st.sampled_from(["LF", "CRLF", "BOM"]))


@SETTINGS
@given(profile_and_text())
def test_generated_profiles_round_trip(case):
    """Whenever the report says lossless the source form is byte-identical, and it says lossless for every input that
    converts (what XML cannot hold, W102/W103, cannot arise here)."""
    toml, text, form = case
    data = text.replace("\n", "\r\n").encode() if form == "CRLF" else ("\ufeff" if form == "BOM" else "").encode() + text.encode()
    try:
        path = profile_file(toml)
        result = convert_bytes(data, "generated.txt", profile=path)
    except InputError as exc:  # a generated profile the loader refuses (e.g. a pattern it finds unsafe): not a round trip
        assert all(d.code.startswith("E") for d in exc.diagnostics)
        return
    tree = tree_of(result)
    assert result.lossless, sorted({d.code for d in result.diagnostics} & LOSSY)
    assert export_text(tree, "source") == data
    assert _layout_elements(tree) == []
    assert all(
        re.fullmatch(r"\d{1,6}", n.get("n", "")) for n in tree.getroot().find(T + "text").iter(T + "note") if n.get("place") != "inline"
    )
    assert validate_fast(tree), schema_diagnostics(tree, "generated")


# ------------------------------------------------------------------ a text whose lines are its paragraphs (joined)

LONG = "A line far longer than anyone hard-wraps a text, " * 4


def test_a_text_without_blank_lines_and_with_long_lines_is_read_line_by_line():
    from tei_edition.reader.blocks import split_blocks

    text = f"Title of the page\nSir\n{LONG}\nA short last paragraph.\n"
    blocks, trailing = split_blocks(text)
    assert [b.text for b in blocks] == ["Title of the page", "Sir", LONG, "A short last paragraph."]
    assert [b.blank_before for b in blocks] == [1, 0, 0, 0] and trailing == 1
    result = convert_bytes(text.encode(), "lines.txt")
    assert result.xml.count(b"<?tei-edition joined?>") == 3
    assert export_text(tree_of(result), "source") == text.encode()


@pytest.mark.parametrize(
    "text",
    [
        "A hard-wrapped paragraph of ordinary width,\nits second line,\nand its third.\n",  # no line is long
        f"{LONG}\n\nSecond\nblock\n",  # blank lines: the blocks are the paragraphs
        f"{LONG}\n  \nindented\n",  # a line of spaces: not a text of whole lines
        f"{LONG}\nonly two lines\n",
    ],
    ids=["hard-wrapped", "has-blank-lines", "spaces-only-line", "two-lines"],
)
def test_near_misses_keep_their_blocks(text):
    from tei_edition.reader.blocks import split_blocks

    blocks, _ = split_blocks(text)
    assert all(b.blank_before >= 1 for b in blocks)
    assert b"joined" not in convert_bytes(text.encode(), "near.txt").xml


LINE = st.one_of(
    st.sampled_from(["Sir", "Tho Jefferson", "1. A note.", "[1] Body.", "{2} Body.", "Notes", "* Star body.", "↑ Back."]),
    st.builds(lambda w, n: " ".join(w) + n, st.lists(WORDS, min_size=1, max_size=6), st.sampled_from(["", "[1]", "{2}", "*"])),
)


@settings(SETTINGS, max_examples=max(EXAMPLES // 5, 20))
@given(st.lists(LINE, min_size=2, max_size=10), st.sampled_from(["mia", "gutenberg", "wikisource", "general", "plain"]), st.booleans())
def test_joined_lines_round_trip_in_every_profile(lines, profile, final_newline):
    text = "\n".join([LONG, *lines]) + ("\n" if final_newline else "")
    result = convert_bytes(text.encode(), "joined.txt", profile=profile)
    tree = tree_of(result)
    assert result.lossless and export_text(tree, "source") == text.encode()
    assert validate_fast(tree), schema_diagnostics(tree, "joined")
