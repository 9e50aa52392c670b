"""Real texts nobody in this project wrote (../shared/samples/texts): detected profile, both schemas, round trip, counts.

Every expected number here is counted from the sample file itself (by a regular expression written for the test, not
by the converter's rules), so the report is checked against the source, not against itself.
"""

from __future__ import annotations

import collections
import functools
import re

import pytest
from lxml import etree

from tei_edition import TEI_NS
from tei_edition.convert import convert_bytes
from tei_edition.export.text import export_text
from tei_edition.tei.names import TEI
from tei_edition.validate.schema import schema_diagnostics, validate_fast

from .conftest import SHARED, need_shared

NS = {"t": TEI_NS}

PRAVDA = "01_lenin_7thconf_25c_pravda_report_www.txt"
CONCLUDING = "03_lenin_7thconf_29i_concluding_speech_www.txt"
LETTER = "07_marx_to_engels_1869-02-24_marxists_org.txt"
BEETHOVEN = "16_beethoven_letters_vol2_pg13272.txt"
# The family of these samples is beyond doubt, so the detected profile is asserted; the others mix conventions.
DETECTED = {PRAVDA: "mia", CONCLUDING: "mia", LETTER: "mia", BEETHOVEN: "gutenberg"}
# Every sample text there is (a new file in ../shared/samples/texts is tested the moment it appears, never skipped).
ALL = sorted(p.name for p in (SHARED / "samples" / "texts").glob("*.txt")) or sorted(DETECTED)


def sample(name: str) -> bytes:
    return need_shared("samples", "texts", name).read_bytes()


@functools.cache
def _converted(name: str):
    data = sample(name)
    return data, convert_bytes(data, name)


def converted(name: str):
    """(source bytes, Conversion, TEI re-parsed from the bytes written): each sample is converted once per session."""
    data, result = _converted(name)
    return data, result, etree.ElementTree(etree.fromstring(result.xml))


def text_of(name: str) -> str:
    """The sample as text with LF line ends (the Gutenberg book has CRLF), for counting with ^…$ patterns."""
    return sample(name).decode("utf-8-sig").replace("\r\n", "\n")


def xp(tree, path: str) -> list:
    return tree.xpath(path, namespaces=NS)


def flat(s: str) -> str:
    return " ".join(s.split())


def words(element) -> str:
    """The element's text with each lb read as the line break it stands for, spaces collapsed."""
    copy = etree.fromstring(etree.tostring(element, with_tail=False))
    for lb in copy.iter(TEI + "lb"):
        lb.tail = "\n" + (lb.tail or "")
    for block in copy.iter(TEI + "p"):  # paragraphs inside a note are separated by blank lines in the source
        block.text, block.tail = "\n" + (block.text or ""), "\n" + (block.tail or "")
    return flat("".join(copy.itertext()))


def test_the_samples_with_a_known_family_are_there():
    texts = need_shared("samples", "texts")
    assert set(DETECTED) <= {p.name for p in texts.glob("*.txt")}


# ---------------------------------------------------------------------------------------------- every sample


@pytest.mark.parametrize("name", sorted(DETECTED))
def test_detected_profile(name):
    _, result, _ = converted(name)
    report = result.report()
    assert report["profile"] == DETECTED[name]
    assert report["profile_choice"] == "detected"
    scores = report["profile_scores"]
    assert set(scores) == {"general", "mia", "gutenberg", "plain", "wikisource"}
    # the chosen profile wins outright: no tie decides it
    assert scores[DETECTED[name]] > max(v for k, v in scores.items() if k != DETECTED[name])


@pytest.mark.parametrize("name", ALL)
def test_valid_against_project_xsd(name):
    _, _, tree = converted(name)
    assert validate_fast(tree), schema_diagnostics(tree, name)


@pytest.mark.parametrize("name", ALL)
def test_valid_against_tei_all(name, tei_all):
    _, _, tree = converted(name)
    assert tei_all.validate(tree), str(tei_all.error_log)[:2000]


@pytest.mark.parametrize("name", ALL)
def test_round_trip_byte_for_byte(name):
    data, result, tree = converted(name)
    assert result.lossless
    assert export_text(tree, "source") == data


@pytest.mark.parametrize("name", ALL)
def test_source_form_is_generated_from_the_encoding(name):
    """Change one word of the TEI's first body text of some length: the rebuilt source changes there, so it is not a
    stored copy."""
    data, _, tree = converted(name)
    tree = etree.ElementTree(etree.fromstring(etree.tostring(tree)))
    text = next(t for t in xp(tree, "//t:body//text()") if len(t.split()) > 3)
    word = text.split()[1]
    owner = text.getparent()
    if text.is_tail:
        owner.tail = owner.tail.replace(word, "QQQQ", 1)
    else:
        owner.text = owner.text.replace(word, "QQQQ", 1)
    rebuilt = export_text(tree, "source")
    assert rebuilt != data
    assert rebuilt.replace(b"QQQQ", word.encode(), 1) == data


@pytest.mark.parametrize("name", ALL)
def test_report_counts_agree_with_the_tei(name):
    """counts are the elements of the text; every warning of the report is a diagnostic with a code."""
    _, result, tree = converted(name)
    report = result.report()
    body = xp(tree, "/t:TEI/t:text")[0]
    seen = collections.Counter(e.tag.removeprefix(TEI) for e in body.iter() if isinstance(e.tag, str))
    for element, n in report["counts"].items():
        assert seen[element] == n, element
    warnings = collections.Counter(d["code"] for d in report["diagnostics"] if d["severity"] == "warning")
    assert report["warnings"] == dict(warnings)


# ---------------------------------------------------------------------------------------------- 01: Pravda report


def test_pravda_report_source_line_and_witness():
    text = text_of(PRAVDA)
    # one CW source note run into the Pravda line: "Pravda No. 42, April 27 (May 10), 1917 Published according to …"
    source_lines = re.findall(r"^Pravda No\. (\d+), .* (Published according to .*)$", text, re.M)
    assert source_lines == [("42", "Published according to the the text in Pravda")]
    _, result, tree = converted(PRAVDA)
    assert result.found.get("source-note") == 1
    assert result.found.get("note-call", 0) == 0  # the page has no notes
    assert [w.get("{http://www.w3.org/XML/1998/namespace}id") for w in xp(tree, "//t:listWit/t:witness | //t:sourceDesc//t:witness")] == [
        "wit_pravda"
    ]
    bibl = xp(tree, "//t:bibl[@corresp='#wit_pravda']")
    assert len(bibl) == 1
    assert xp(bibl[0], "string(t:title[@level='j'])") == "Pravda"
    assert xp(bibl[0], "t:biblScope[@unit='issue']/@from") == ["42"]
    assert flat(xp(bibl[0], "string(..//t:seg[@type='copyText'])")) == source_lines[0][1]
    # the dual dates: "April 25 (May 8)" in the title, "April 27 (May 10), 1917" in the source line, Julian first
    assert result.found.get("dual-date") == 1
    outer = [d.get("when") for d in xp(tree, "//t:text//t:date[t:date]")]
    assert outer == ["1917-05-08", "1917-05-10"]
    assert xp(tree, "//t:date[@when='1917-05-10']/t:date[@calendar='#julian']/@when-custom") == ["1917-04-27"]
    # the speech itself is one paragraph in the witness's division, not in the front matter
    paragraphs = [p for p in re.split(r"\n\s*\n", text) if p.startswith("Comrade Lenin")]
    assert [xp(p, "string()") for p in xp(tree, "//t:div[@source='#wit_pravda']/t:p")] == paragraphs


# ---------------------------------------------------------------------------------------------- 03: concluding speech


def test_concluding_speech_call_without_body_is_w110_at_its_place():
    text = text_of(CONCLUDING)
    calls = [
        (text.count("\n", 0, m.start()) + 1, m.start() - text.rfind("\n", 0, m.start())) for m in re.finditer(r"\[\d+\]|\{\d+\}", text)
    ]
    assert calls == [(10, 193)]
    assert not re.search(r"^(?:\[\d+\]|\{\d+\}) ", text, re.M)  # no note body anywhere
    _, result, tree = converted(CONCLUDING)
    w110 = [d for d in result.diagnostics if d.code == "W110"]
    assert [(d.span.line, d.span.column) for d in w110] == calls
    assert "[1]" in w110[0].message
    assert result.report()["warnings"]["W110"] == 1
    # the call is a note whose body the copy lacks (a gap), out of the reading text; the source form rebuilds "[1]"
    notes = xp(tree, "//t:text//t:note")
    assert [(n.get("n"), [etree.QName(c).localname for c in n.iterchildren(etree.Element)]) for n in notes] == [("1", ["gap"])]
    assert "Revolution, which" in xp(tree, "string(//t:body)")
    assert result.found.get("dual-date") == 1
    assert xp(tree, "//t:titlePart//t:date[t:date]/@when") == ["1917-05-12"]


def test_call_without_body_is_not_reported_as_recognised():
    """A call without body (W110) is not counted as a note read, but as a call whose body is lost."""
    _, result, _ = converted(CONCLUDING)
    assert result.found.get("note-call", 0) == 0 and result.found.get("note-call-lost") == 1


# ---------------------------------------------------------------------------------------------- 07: a letter


def test_letter_parts_source_lines_and_insertions():
    text = text_of(LETTER)
    _, result, tree = converted(LETTER)
    labels = re.findall(r"^(Source|First published): (.*)$", text, re.M)
    assert [label for label, _ in labels] == ["Source", "First published"]
    # the info block (tei_edition/reader/infoblock.py): in the front, out of the body, its lines as printed
    assert result.found.get("info-field") == 2
    info = flat(xp(tree, "string(//t:front/t:div[@type='sourceInfo'])"))
    assert all(f"{a}: {b}" in info for a, b in labels)
    # the header keeps what the lines say: the printed source with its volume and page, the rest as stated
    printed = xp(tree, "//t:sourceDesc/t:bibl[@type='printedEdition']")[0]
    assert flat(printed.xpath("string()")) == "MECW, Volume 43, p. 221"
    assert [(b.get("unit"), b.get("from")) for b in xp(printed, "t:biblScope")] == [("volume", "43"), ("page", "221")]
    told = flat(xp(tree, "string(//t:sourceDesc/t:bibl[@type='statedInText'])"))
    assert "Der Briefwechsel zwischen F. Engels und K. Marx" in told
    # place and date line, salutation, signature
    assert xp(tree, "string(//t:opener/t:dateline)") == "London, 24 February 1869"
    assert re.search(r"^\[London,\] 24 February 1869$", text, re.M)
    assert xp(tree, "//t:opener/t:salute/text()") == ["Dear Fred,"]
    assert xp(tree, "//t:closer/t:signed/text()") == [text.rstrip().rsplit("\n", 1)[1]] == ["K. M."]
    assert {k: result.found.get(k) for k in ("dateline", "salute", "signed")} == {"dateline": 1, "salute": 1, "signed": 1}
    # square-bracket editorial insertions become supplied, their brackets recorded as renditions
    inserted = re.findall(r"\[([^\[\]\d][^\[\]]*)\]", text)
    assert inserted == ["London,", "on the coalminers in Saxony"]
    supplied = xp(tree, "//t:supplied")
    assert [s.xpath("string()") for s in supplied] == inserted
    assert all(s.get("rendition") == "#rend_brackets-before #rend_brackets-after" for s in supplied)
    assert result.found.get("editorial-insertion") == 2
    assert xp(tree, "//t:text//t:note | //t:text//t:gap") == []
    blocks = re.split(r"\n\s*\n", text.strip())
    letter_body = blocks[blocks.index("Dear Fred,") + 1 : blocks.index("K. M.")]
    assert len(letter_body) == 6
    assert [words(p) for p in xp(tree, "//t:body//t:p")] == [_comparable(b) for b in letter_body]


# ---------------------------------------------------------------------------------------------- 16: Gutenberg book

FOOTNOTE = re.compile(r"^\[Footnote (\d+): (.*?)\]\n(?:\n|\Z)", re.M | re.S)


def _comparable(s: str) -> str:
    """Text without the delimiters the TEI turns into markup (_ for hi, [ ] for supplied), spaces collapsed."""
    return flat(re.sub(r"[_\[\]]", "", s))


def test_gutenberg_126_footnotes_with_their_text():
    text = text_of(BEETHOVEN)
    bodies = FOOTNOTE.findall(text)
    assert len(bodies) == len(re.findall(r"^\[Footnote \d+:", text, re.M)) == 126
    _, result, tree = converted(BEETHOVEN)
    notes = xp(tree, "//t:note[contains(concat(' ', @rend, ' '), ' footnoteBlock ')]")
    assert len(notes) == 126
    assert result.found.get("note-body") == 126
    assert all(n.get("anchored") == "true" and n.get("place") == "bottom" for n in notes)
    assert sorted(n.get("n") for n in notes) == sorted(n for n, _ in bodies)
    got = sorted(_comparable(words(n)) for n in notes)
    want = sorted(_comparable(body) for _, body in bodies)
    assert got == want
    # five notes run over several paragraphs: each keeps them as p inside the note
    several = [body for _, body in bodies if "\n\n" in body]
    assert len(several) == 5
    assert sorted(len(xp(n, "t:p")) for n in notes if xp(n, "t:p")) == sorted(b.count("\n\n") + 1 for b in several)


def test_gutenberg_recognised_calls_are_the_notes():
    """127 calls in the book, 126 answered: the report counts the 126 (the call [337] with no body is W110)."""
    _, result, _ = converted(BEETHOVEN)
    assert result.found.get("note-call") == 126


def test_gutenberg_call_without_body_w110():
    text = text_of(BEETHOVEN)
    calls = re.findall(r"\[(\d{1,6})\]", text)
    assert len(calls) == 127  # 126 answered by a [Footnote n: …] block, and [337]
    m = re.search(r"\[337\]", text)
    where = (text.count("\n", 0, m.start()) + 1, m.start() - text.rfind("\n", 0, m.start()))
    assert where == (4251, 58)
    _, result, tree = converted(BEETHOVEN)
    assert [(d.code, d.span.line, d.span.column) for d in result.diagnostics if d.code.startswith("W")] == [("W110", *where)]
    assert result.report()["warnings"] == {"W110": 1}


def test_gutenberg_gaps_and_uncertain_readings():
    text = text_of(BEETHOVEN)
    illegible = re.findall(r"\[illegible[^\]\n]*\]", text)
    assert illegible == ["[illegible]", "[illegible, effaced by Schindler]", "[illegible]", "[illegible,]"]
    uncertain = text.count("[?]")
    omitted = len(re.findall(r"\[(?:…|\.\.\.)\]", text))
    suppressed = text.count("* * *")
    assert (uncertain, omitted, suppressed) == (1, 0, 4)
    _, result, tree = converted(BEETHOVEN)
    assert result.found.get("illegible") == len(illegible)
    assert result.found.get("uncertain") == uncertain
    assert result.found.get("omission", 0) == omitted
    assert result.found.get("suppressed-name") == suppressed
    gaps = xp(tree, "//t:text//t:gap")
    assert collections.Counter(g.get("reason") for g in gaps) == {"illegible": 4, "omitted": 4, "lost": 1}  # [337]: no body
    # the words stay in the text before their gap: "[illegible, effaced by Schindler]" then an empty gap
    for g in xp(tree, "//t:gap[@reason='illegible']"):
        before = g.getprevious().tail if g.getprevious() is not None else g.getparent().text
        assert before and re.search(r"\[illegible[^\]]*\]$", before), before
    inline = xp(tree, "//t:text//t:note[@place='inline']")
    # lb is no character and _emphasis_ marks become hi: compare without spaces and underscores
    strings = [re.sub(r"\s+|_", "", "".join(n.itertext())) for n in inline]
    assert strings.count("[?]") == 1
    # bracketed sentences of the editors ("[The paper is here torn away.]") are inline editorial notes; "[Music: …]"
    # placeholders are notatedMusic
    remarks = [
        re.sub(r"\s+|_", "", c)
        for c in re.findall(r"\[[A-Z][^\[\]]{15,600}?[.?!]\]", text)
        if not c.startswith(("[Footnote", "[illegible", "[Music:"))
    ]
    assert sorted(x for x in strings if x != "[?]") == sorted(remarks)
    assert len(xp(tree, "//t:text//t:notatedMusic")) == len(re.findall(r"\[Music:\s*[^\[\]]+\]", text))
    assert all(n.get("type") == "editorial" for n in inline)


def test_gutenberg_header_licence_and_numbered_letters():
    text = text_of(BEETHOVEN)
    _, result, tree = converted(BEETHOVEN)
    # Title/Author lines of the Gutenberg header → the TEI header
    title = re.search(r"^Title: (.*)$", text, re.M).group(1)
    author = re.search(r"^Author: (.*)$", text, re.M).group(1)
    assert xp(tree, "string(//t:titleStmt/t:title)") == title
    # … but the PG "Author:" is the translator ("TRANSLATED BY LADY WALLACE."): the letters' writer is the author
    assert xp(tree, "string(//t:titleStmt/t:author)") == "Beethoven"
    assert xp(tree, "string(//t:titleStmt/t:respStmt[t:resp='translation']/t:name)").casefold() == author.casefold()
    assert "13272" in xp(tree, "string(//t:publicationStmt/t:idno)")
    # the header (to *** START and the producers' credit after it) stands in the front, the licence in the back;
    # neither in the body
    start = text.index("Proofreading Team.", text.index("*** START OF THIS PROJECT GUTENBERG"))
    licence = text.index("End of Project Gutenberg's")
    assert "Project Gutenberg" not in xp(tree, "string(//t:body)")
    assert words(xp(tree, "//t:front/t:div[@type='pgHeader']")[0]) == flat(text[: text.index("\n", start)])
    assert words(xp(tree, "//t:back/t:div[@type='pgLicence']")[0]) == flat(text[licence:])
    # the numbered letters "216." … "476." alone on a line: one division each, in order
    numbers = [int(n) for n in re.findall(r"^(\d{1,4})\.(?:\[\d+\])?$", text, re.M)]
    expected = numbers[0]
    for n in numbers:
        expected += n == expected  # the next letter's number; a stray year "1818." alone on a line is skipped
    assert (numbers[0], expected - 1) == (216, 476)
    divs = [int(d.get("n")) for d in xp(tree, "//t:body//t:div[@n]")]
    assert divs == list(range(216, 477))
    assert result.found.get("section") == 261
    # every division is a letter or a section; letter 221 ("DEAR Z.,--" … "BEETHOVEN.") has opener and closer
    div = xp(tree, "//t:div[@n='221']")[0]
    assert div.get("type") == "letter"
    assert xp(div, "t:opener/t:salute/text()") == ["DEAR Z.,--"]
    assert xp(div, "t:closer/t:signed/text()") == ["BEETHOVEN."]
