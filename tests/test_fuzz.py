"""Fuzzing `convert` per profile with sources built from the conventions the profiles read, then mutated.

Unbalanced and nested brackets, calls without bodies and bodies without calls, huge numbers, blank-only lines,
binary noise, Gutenberg markers, [Footnote …] blocks, letters, verse, lists, tables, CRLF and BOM. For each input:
only InputError may be raised, a ≤ 10 KB input converts well under a second (hypothesis deadline), the TEI is valid
against the project schema, and the source comes back byte for byte whenever the conversion says it is lossless
(when it says it is not, a warning names the loss).

`make test` runs TEI_EDITION_FUZZ_EXAMPLES=500 examples per test (the default); `make fuzz` runs 20,000.
"""

from __future__ import annotations

import datetime
import os
import time

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from lxml import etree

from tei_edition.convert import LOSSY, convert_bytes
from tei_edition.errors import InputError
from tei_edition.export.text import export_text
from tei_edition.reader.profile import shipped_names
from tei_edition.validate.schema import schema_diagnostics, validate_fast

EXAMPLES = int(os.environ.get("TEI_EDITION_FUZZ_EXAMPLES", "500"))
# The deadline bounds one whole example (conversion, validation, rebuilding the source) on shared, busy cores;
# the conversion alone is held to a quarter of a second below.
SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=datetime.timedelta(milliseconds=1500),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    derandomize=EXAMPLES <= 500,
)
CONVERT_SECONDS = 0.25
MAX_BYTES = 10_000
PROFILES = ["mia", "gutenberg", "wikisource", "plain", None]  # None: detected from the text

# ---------------------------------------------------------------------------------------------- inline material

NUMBER = st.one_of(st.integers(0, 12), st.integers(0, 10**30), st.sampled_from(["007", "1e3", "-1", "", " 1"]))
WORD = st.sampled_from(
    [
        "the",
        "revolution",
        "Soviets",
        "workers’",
        "“caution”",
        "8–hour",
        "France—the",
        "Ленин",
        "Λόγος",
        "列宁",
        "עברית",
        "a&b",
        "x<y",
        "]]>",
        "tab\there",
        "trailing  ",
        "no\u00a0break",
        "\u00a0",
        " \u00a0 ",
        "e\u0301",
        "🙂",
        "\u200b",
        "(Applause.)",
        "(Laughter)",
        "No.\u00a042",
        "Cz----",
        "--",
        "_",
        "*",
        "**",
        "’",
        "\t",
        "\\",
        "$",
        "%s",
        "{}",
    ]
)
CALL = st.builds(lambda n, kind: kind.format(n), NUMBER, st.sampled_from(["{{{}}}", "[{}]", "[{}]", "{{{}}}", "*", "[Footnote {}: x]"]))
MARK = st.sampled_from(
    [
        "[…]",
        "[...]",
        "....{1}",
        "...{2}",
        "[illegible]",
        "[illegible, effaced by Schindler]",
        "[illegible,]",
        "[?]",
        "[ ]",
        "[London,]",
        "[on the coalminers]",
        "[[nested] brackets]",
        "[a [b] c]",
        "[unbalanced",
        "unbalanced]",
        "[",
        "]",
        "{",
        "}",
        "[]",
        "{}",
        '[DUPLICATE "*".]',
        "[PLACEHOLDER]",
        "{x}",
        "_emph_",
        "_unclosed",
        "*stars*",
        "Herr * * *",
        "* * *",
        "_a_b_",
        "__",
        "[_x_]",
        "_[x]_",
        "([1])",
        "[{1}]",
        "{[1]}",
        "↑",
        "^ a b",
        "(Stormy applause.)",
        "(voices: no!)",
        "APRIL 25 (MAY 8), 1917",
        "May\u00a010 (April\u00a027), 1917",
        "April 24–29 (May 7–12)",
        "February 29 (March 13), 1900",
        "31 (31)",
        "April 31 (May 13)",
    ]
)
NOISE = st.text(st.characters(blacklist_categories=("Cs",)), max_size=8)
TOKEN = st.one_of(WORD, WORD, WORD, CALL, MARK, MARK, NOISE)
LINE = st.lists(TOKEN, min_size=1, max_size=12).map(" ".join)
PARAGRAPH = st.lists(LINE, min_size=1, max_size=4).map("\n".join)

# ---------------------------------------------------------------------------------------------- block material

NOTE_BODY = st.builds(
    lambda call, dup, text, ed: call + (' [DUPLICATE "*".] ' if dup else " ") + text + ed,
    st.builds(lambda n, b: f"{{{n}}}" if b else f"[{n}]", NUMBER, st.booleans()),
    st.booleans(),
    PARAGRAPH,
    st.sampled_from(["", "—Ed.", "—Trans.", " Hiatus in the minutes.—Ed."]),
)
NOTES_HEADING = st.sampled_from(["Notes", "NOTES", "FOOTNOTES:", "Footnotes"])
FOOTNOTE = st.one_of(
    st.builds(lambda n, t: f"[Footnote {n}: {t}]", NUMBER, PARAGRAPH),
    st.builds(lambda n, a, b: f"[Footnote {n}: {a}\n\n{b}]", NUMBER, PARAGRAPH, PARAGRAPH),  # over two paragraphs
    st.builds(lambda n, t: f"[Footnote {n}: {t}", NUMBER, PARAGRAPH),  # never closed
    st.builds(lambda n, t: f"[Footnote {n}: [{t}]]", NUMBER, LINE),  # nested
)
GUTENBERG = st.sampled_from(
    [
        "The Project Gutenberg EBook of Letters, by Someone\n\nTitle: Letters\n\nAuthor: Someone\n\nRelease Date: May 1, 2004 [EBook #99]",
        "*** START OF THIS PROJECT GUTENBERG EBOOK LETTERS ***",
        "***START OF THE PROJECT GUTENBERG EBOOK X***",
        "End of Project Gutenberg's Letters, by Someone",
        "*** END OF THIS PROJECT GUTENBERG EBOOK LETTERS ***",
        "Produced by Someone and the Online Distributed Proofreading Team.",
        "Title:",
        "Language: English\nCharacter set encoding: ASCII",
    ]
)
LETTER = st.sampled_from(
    [
        "[London,] 24 February 1869",
        "Vienna, Feb. 23, 1817.",
        "May 3rd, 1820",
        "Dear Fred,",
        "DEAR Z.,--",
        "DEAR HENLEY,--I hope to leave this place within the week.",
        "MY DEAR FRED, On Friday I went to the City and back.",
        "Sir,—I have the honour to be, with great respect,\nyour servant.",
        "you see it.--Ever yours,",
        "I am not well.--Your\nsincere friend,",
        "LETTER XII. TO MRS. DUNLOP",
        "Letter: TO W. E. HENLEY",
        "[MONASTIER, SEPTEMBER 1878.]",
        "608 BUSH STREET, SAN FRANCISCO [DECEMBER 26, 1879].",
        "WENSLEYDALE, BOURNEMOUTH, SUNDAY, 28TH SEPTEMBER 1884.",
        "XII.",
        "MY DEAR FRIEND!",
        "Sir,",
        "Yours faithfully,",
        "As ever, your true friend,",
        "Your Moor",
        "K. M.",
        "BEETHOVEN.",
        "Beethoven",
        "P.S. I forgot the enclosure.",
        "N.B. Burn this.",
        "TO ZMESKALL.",
        "TO * * *",
        "219.",
        "220.[1]",
        "1818.",
        "9999.",
    ]
)
STRUCTURE = st.sampled_from(
    [
        "  The stars are bright\n    and cold tonight\n  and far away",
        "  one verse line",
        "1. first\n2. second\n3. third",
        "- a\n- b",
        "* a\n* b",
        "1. only one",
        "10. a\n2. b",
        "Name    Age\nFred    49\nKarl    50",
        "a\tb\nc\td",
        "a  b\nc",
        "* * * * *",
        "* * *",
        "< backward  Contents  forward >",
        "Works Index | Volume 24 | Lenin Works Archive",
        "Marx/Engels Letters | 1869",
        "Source: MECW, Volume 43, p. 221;\nFirst published: in Der Briefwechsel, 1913.",
        "Source:",
        "Copyleft: x\nTranscription/Markup: y",
        "V. I. Lenin",
        "A HEADING IN CAPITALS",
        "BEETHOVEN'S LETTERS.",
        "   ",
        "\t",
        "\u00a0",
    ]
)
SOURCE_NOTE = st.sampled_from(
    [
        "First published in 1934 in the book Sedmaya konferentsiya Printed from a typewritten copy of the minutes",
        "Pravda No.\u00a042, May\u00a010 (April\u00a027), 1917 Printed from the Pravda text",
        "Published according to the text in Pravda",
    ]
)
BLOCK = st.one_of(SOURCE_NOTE, PARAGRAPH, PARAGRAPH, PARAGRAPH, NOTE_BODY, NOTES_HEADING, FOOTNOTE, GUTENBERG, LETTER, STRUCTURE)
GAP = st.sampled_from(["\n\n", "\n\n", "\n\n", "\n", "\n\n\n", "\n\n\n\n", "\n \n", "\n\t\n"])


@st.composite
def sources(draw) -> str:
    blocks = draw(st.lists(BLOCK, min_size=1, max_size=14))
    out = draw(st.sampled_from(["", "", "\n", "\n\n", "   \n"]))
    for i, block in enumerate(blocks):
        out += block + (draw(GAP) if i < len(blocks) - 1 else draw(st.sampled_from(["", "\n", "\n", "\n\n", "\n\n\n", "  "])))
    return out


@st.composite
def gutenberg_books(draw) -> str:
    """A Gutenberg-like book: header, numbered letters with [n] calls and their [Footnote n: …] blocks, licence."""
    parts = [draw(GUTENBERG)] if draw(st.booleans()) else []
    if draw(st.booleans()):
        parts.append("*** START OF THIS PROJECT GUTENBERG EBOOK LETTERS ***")
    number = draw(st.integers(1, 500))
    for _ in range(draw(st.integers(0, 4))):
        calls = draw(st.lists(st.integers(1, 4), max_size=4))
        parts.append(f"{number}." + ("[1]" if draw(st.booleans()) else ""))
        number += draw(st.sampled_from([1, 1, 1, 0, 2]))
        parts += draw(st.lists(LETTER, max_size=2))
        for n in calls:
            parts.append(draw(LINE) + f"[{n}]" + draw(st.sampled_from(["", " ", ".", "\n" + draw(LINE)])))
        parts += draw(st.lists(LETTER, max_size=3))
        for n in draw(st.lists(st.sampled_from(calls or [1]), max_size=4)):
            body = draw(PARAGRAPH)
            parts.append(f"[Footnote {n}: {body}]" if draw(st.integers(0, 3)) else f"[Footnote {n}: {body}\n\n{draw(LINE)}]")
    if draw(st.booleans()):
        parts += ["End of Project Gutenberg's Letters, by Someone", "*** END OF THIS PROJECT GUTENBERG EBOOK LETTERS ***"]
    if not parts:
        parts = [draw(LINE)]
    return "".join(p + (draw(GAP) if i < len(parts) - 1 else "\n") for i, p in enumerate(parts))


@st.composite
def mia_pages(draw) -> str:
    """A MIA-like page: front matter, paragraphs with {n}/[n] calls, source notes (witnesses), the note list at the end."""
    parts = draw(
        st.lists(
            st.sampled_from(
                [
                    "V. I. Lenin",
                    "The Seventh (April) All-Russia Conference of the R.S.D.L.P.\u00a0(B.)",
                    "APRIL 24–29 (MAY 7–12), 1917",
                    "Speech April 25 (May 8)",
                ]
            ),
            max_size=4,
            unique=True,
        )
    )
    used = []
    for _ in range(draw(st.integers(1, 3))):
        for _ in range(draw(st.integers(1, 3))):
            n = draw(st.integers(1, 6))
            call = f"{{{n}}}" if draw(st.booleans()) else f"[{n}]"
            used.append(call)
            parts.append(draw(LINE) + call + draw(st.sampled_from(["", " \u00a0 ", "....", " (Applause.)"])) + draw(LINE))
        if draw(st.booleans()):
            parts.append(draw(SOURCE_NOTE))  # the text so far is one witness
    if draw(st.booleans()):
        parts.append(draw(NOTES_HEADING))
    for call in draw(st.permutations(used))[: draw(st.integers(0, len(used)))]:
        parts.append(
            call
            + " "
            + draw(st.sampled_from(["", '[DUPLICATE "*".] ']))
            + draw(PARAGRAPH)
            + draw(st.sampled_from(["", "—Ed.", " Hiatus in the minutes.—Ed."]))
        )
        if draw(st.integers(0, 4)) == 0:
            parts.append(draw(PARAGRAPH))  # the note goes on in a second paragraph
    return "".join(p + (draw(GAP) if i < len(parts) - 1 else "\n") for i, p in enumerate(parts))


# ---------------------------------------------------------------------------------------------- mutations

SPECIAL = st.sampled_from(list("[]{}_*\n\r\t\u00a0\ufeff…↑(") + ["\r\n", "\x00", "\x0b", "\ufffe", "\u2028"])


@st.composite
def mutated(draw) -> str:
    """A conventional source with a few edits: characters cut, doubled, inserted, lines swapped."""
    text = draw(st.one_of(sources(), gutenberg_books(), mia_pages()))
    for _ in range(draw(st.integers(1, 6))):
        if not text:
            break
        i = draw(st.integers(0, len(text) - 1))
        j = draw(st.integers(i, min(len(text), i + 40)))
        op = draw(st.sampled_from(["cut", "double", "insert", "insert", "swap", "repeat"]))
        if op == "cut":
            text = text[:i] + text[j:]
        elif op == "double":
            text = text[:j] + text[i:j] + text[j:]
        elif op == "insert":
            text = text[:i] + draw(SPECIAL) + text[i:]
        elif op == "swap":
            lines = text.split("\n")
            a, b = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            lines[a], lines[b] = lines[b], lines[a]
            text = "\n".join(lines)
        else:  # many copies of one construct (pathological input for the patterns)
            text = text[:i] + text[i:j] * draw(st.integers(2, 60)) + text[j:]
    return text


def _encode(text: str, form: str) -> bytes:
    data = text.encode("utf-8", "surrogatepass")
    if form == "crlf":
        data = data.replace(b"\n", b"\r\n")
    elif form == "bom":
        data = b"\xef\xbb\xbf" + data
    elif form == "bom-crlf":
        data = b"\xef\xbb\xbf" + data.replace(b"\n", b"\r\n")
    return data


FORMS = st.sampled_from(["lf", "lf", "crlf", "bom", "bom-crlf"])
INPUTS = st.one_of(
    st.builds(_encode, sources(), FORMS),
    st.builds(_encode, sources(), FORMS),
    st.builds(_encode, gutenberg_books(), FORMS),
    st.builds(_encode, mia_pages(), FORMS),
    st.builds(_encode, mutated(), FORMS),
    st.builds(_encode, mutated(), FORMS),
    st.binary(max_size=300),  # binary noise
    st.builds(
        lambda a, b, c: a + b + c, st.builds(_encode, sources(), FORMS), st.binary(max_size=20), st.builds(_encode, sources(), FORMS)
    ),
    st.sampled_from([b"\n", b"\n\n\n", b"   \n  \n", b"\r\n\r\n", b"\xef\xbb\xbf\n", b"\t\n\t"]),  # empty lines only
    st.builds(
        lambda s, n: s * n,
        st.sampled_from(["[", "]", "{", "_", "* ", "[Footnote 1: ", "[1]", "....", "\u00a0 ", "(", "\n"]),
        st.integers(1, 2000),
    ).map(lambda s: s.encode()),
).filter(lambda data: len(data) <= MAX_BYTES)


# ---------------------------------------------------------------------------------------------- the property


def check(data: bytes, profile: str | None) -> None:
    started = time.perf_counter()
    try:
        result = convert_bytes(data, "fuzz.txt", profile=profile)
    except InputError as exc:
        # refused input says why and where: a code and a place, never a traceback
        assert exc.diagnostics and all(d.code.startswith("E") and d.span is not None for d in exc.diagnostics)
        return
    elapsed = time.perf_counter() - started
    if elapsed >= CONVERT_SECONDS:  # once more: the bound is on what the input costs, not on a pause of the machine
        started = time.perf_counter()
        convert_bytes(data, "fuzz.txt", profile=profile)
        elapsed = min(elapsed, time.perf_counter() - started)
    assert elapsed < CONVERT_SECONDS, f"{len(data)} bytes took {elapsed:.3f} s to convert"
    if profile is not None:
        assert result.profile == profile and result.profile_choice == "given"
    else:
        assert result.profile_choice == "detected" and result.profile in set(shipped_names())
    tree = etree.ElementTree(etree.fromstring(result.xml))
    assert validate_fast(tree), schema_diagnostics(tree, "fuzz")
    rebuilt = export_text(tree, "source")
    if result.lossless:
        assert rebuilt == data
    else:
        assert {d.code for d in result.diagnostics} & LOSSY, "a source that does not come back must be named in a warning"
    for d in result.diagnostics:  # every warning with a place points inside the source
        if d.span is not None and d.span.line:
            assert 1 <= d.span.line <= data.count(b"\n") + 1, d


@pytest.mark.parametrize("profile", PROFILES, ids=lambda p: p or "detected")
@SETTINGS
@given(data=INPUTS)
@example(data=b"[Footnote 1: never closed\n\n" * 300)
@example(data=b"_" * 9000)
@example(data=("[" * 3000 + "]" * 3000).encode())
@example(data=b"{99999999999999999999999999} x\n\n{99999999999999999999999999} body\n")
@example(data=b"text[1]\n\n[Footnote 1: body]\n\n[Footnote 1: again]\n")
@example(data=b"*** START OF THIS PROJECT GUTENBERG EBOOK X ***\n\n*** END OF THIS PROJECT GUTENBERG EBOOK X ***\n")
@example(data=b"a\rb\rc\r")
@example(data=b"A\n\n[Footnote 0: ]\n\nFebruar")  # a footnote block between two opener parts
@example(data=b",\nAa\n\n \n\nFebruar")  # an opener's part (a date) after the signature
@example(data=b"(Applause)1000")  # a stage direction in what is read as a dateline
@example(data=b"[Footnote 0: the]\n\nSource: MECW, Volume 43, p. 221;\nFirst published: 1913.\n\nText")  # notes before the info block
@example(data=b"1\n\n2.\n\nTO\n\n[ Feb\nPS.f\n\n ")  # a letter of an opener and a postscript only (with a blank block)
@example(data=b" \xc2\xa0 \n\nthe")  # a title line of spaces alone
@example(  # a source note after a letter's signature, then the witness's own (order kept in back)
    data=b"the\n\n[1] Hiatus.\n\nV. I. Lenin\n\nFirst published in 1934 in the book Sedmaya Printed from a copy\nthe\n\n"
    b"First published in 1934 in the book Sedmaya Printed from a copy"
)
@example(data=b"[0]\n\n<>\n\n[0]\n\n ")  # the page's lead line and the front each read with a context of its own
def test_convert_fuzz(profile, data):
    check(data, profile)


@settings(max_examples=min(EXAMPLES, 40), deadline=None, suppress_health_check=list(HealthCheck), derandomize=EXAMPLES <= 500)
@given(data=st.builds(_encode, st.one_of(sources(), gutenberg_books(), mia_pages(), mutated()), FORMS), profile=st.sampled_from(PROFILES))
def test_fuzz_valid_against_tei_all(tei_all, data, profile):
    """Fewer examples: tei_all is a much larger schema; the project XSD is checked on every example above."""
    try:
        result = convert_bytes(data, "fuzz.txt", profile=profile)
    except InputError:
        return
    tree = etree.ElementTree(etree.fromstring(result.xml))
    assert tei_all.validate(tree), str(tei_all.error_log)[:2000]


def test_linear_in_size():
    """Ten times the text takes about ten times as long (not a hundred): no pattern backtracks over the whole source."""
    unit = (
        "Dear Fred, [London,] the _Report_ [on coal][1] and [illegible] or [?] then * * * again {2}\n" * 8
        + "\n[Footnote 1: a body]\n\n  verse line\n    indented\n\n1. a\n2. b\n\n"
    ).encode()

    def seconds(n: int) -> float:
        data = unit * n
        best = float("inf")
        for _ in range(3):
            started = time.perf_counter()
            convert_bytes(data, "linear.txt", profile="gutenberg")
            best = min(best, time.perf_counter() - started)
        return best

    small, large = seconds(40), seconds(400)
    assert large < small * 25, f"10× the input took {large / small:.1f}× as long"


# ---------------------------------------------------------------------------------------------- bugs it found, minimal


@pytest.mark.parametrize("profile", ["mia", "gutenberg"])
def test_bug_opener_then_closer_only(profile):
    """Found by fuzzing: an opener directly followed by a closer is not valid TEI (a body must come between)."""
    result = convert_bytes(b"Dear Fred,\n\nK. M.\n", "letter.txt", profile=profile)
    assert validate_fast(etree.ElementTree(etree.fromstring(result.xml)))


def test_bug_uncalled_footnotes_out_of_order():
    """Found by fuzzing: uncalled [Footnote n: …] bodies out of order were rebuilt in order with no warning."""
    data = b"[Footnote 2: a]\n\n[Footnote 1: b]\n"
    result = convert_bytes(data, "notes.txt", profile="gutenberg")
    rebuilt = export_text(etree.ElementTree(etree.fromstring(result.xml)), "source")
    assert rebuilt == data and result.lossless  # (the note list keeps the source's order: tei_edition/layout.py)


@pytest.mark.parametrize(
    "data, profile, code, where",
    [
        (b"one\r\ntwo\nthree\r\n", "plain", "W102", (2, 4)),  # the first LF alone, at the end of line 2
        # (W114, note bodies out of numerical order, is no longer lossy: the note list keeps its order, tests/test_layout.py)
    ],
    ids=["W102"],
)
def test_lossy_warnings_have_a_place(data, profile, code, where):
    result = convert_bytes(data, "lossy.txt", profile=profile)
    lossy = [d for d in result.diagnostics if d.code == code]
    assert lossy and not result.lossless
    assert [(d.span.line, d.span.column) for d in lossy] == [where]
