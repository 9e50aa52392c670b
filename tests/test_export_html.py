"""HTML export: the markup contract, word preservation over real TEI, safety, and the command line."""

from __future__ import annotations

import re
import subprocess
import sys
from xml.sax.saxutils import escape

import lxml.html
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tei_edition.errors import InputError
from tei_edition.export import exporter
from tei_edition.export.html import export_html
from tei_edition.export.html.words import html_words, missing_words, tei_words
from tei_edition.tei.load import load_tei, parse_tei_bytes
from tests.conftest import CORPUS, FIXTURES, ROOT, need_shared

_TOKEN = re.compile(r"""\s*(>)?\s*([a-zA-Z0-9*]+)?((?:[.#][\w.-]+|\[[^\]]+\])*)""")


def css_to_xpath(selector: str) -> str:
    """Enough of CSS for these tests (tag, .class, #id, [attr], [attr=v], [attr^=v], descendant, >), as XPath."""
    xpath, pos = "", 0
    selector = selector.strip()
    while pos < len(selector):
        m = _TOKEN.match(selector, pos)
        if not m or m.end() == pos:
            raise ValueError(f"unsupported selector {selector!r}")
        pos = m.end()
        child, tag, rest = m.groups()
        step = ("/" if child else "//") + (tag or "*")
        for part in re.findall(r"[.#][^.#\[]+|\[[^\]]+\]", rest or ""):
            if part[0] == ".":
                step += f"[contains(concat(' ', normalize-space(@class), ' '), ' {part[1:]} ')]"
            elif part[0] == "#":
                step += f"[@id='{part[1:]}']"
            else:
                attr = re.match(r"\[([\w:-]+)(?:(\^?=)[\"']?([^\"']*)[\"']?)?\]", part)
                name, op, value = attr.groups()
                step += {None: f"[@{name}]", "=": f"[@{name}='{value}']", "^=": f"[starts-with(@{name}, '{value}')]"}[op]
        xpath += step
    return "." + xpath


def css(el, selector: str) -> list:
    """Elements under el matching a (simple) CSS selector; lxml's own cssselect needs a package we do not install."""
    return [hit for part in selector.split(",") for hit in el.xpath(css_to_xpath(part))]


SPEECH = FIXTURES / "html" / "speech.xml"
CORPUS_000 = CORPUS / "000-lenin-1917-05-08-soviets" / "edition.xml"


def render(path_or_bytes, **kwargs):
    tree = parse_tei_bytes(path_or_bytes) if isinstance(path_or_bytes, bytes) else load_tei(path_or_bytes)
    html, diagnostics = export_html(tree, **kwargs)
    return html, lxml.html.document_fromstring(html), diagnostics


def tei(body: str, header_extra: str = "") -> bytes:
    return f"""<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>T</title>{header_extra}
    </titleStmt><publicationStmt><p/></publicationStmt><sourceDesc><p/></sourceDesc></fileDesc></teiHeader>
    <text><body>{body}</body></text></TEI>""".encode()


@pytest.fixture(scope="module")
def speech():
    return render(SPEECH, tei_href="speech.xml")


# ---- the markup contract (the PDF exporter builds on it) ---------------------------------------------------


def test_registry_names_html():
    assert exporter("html") is export_html


def test_witnesses_are_articles_with_siglum_description_and_shared_head(speech):
    _, doc, diagnostics = speech
    assert diagnostics == []
    articles = css(doc, "main article.witness")
    assert [a.get("id") for a in articles] == ["text_minutes", "text_pravda"]
    assert [a.get("data-siglum") for a in articles] == ["M", "P"]
    heads = [a[0] for a in articles]
    assert all(h.tag == "header" and h.get("class") == "witness-head" for h in heads)
    assert "Typewritten copy of the conference minutes" in heads[0].text_content()
    assert "Pravda" in heads[1].text_content() and "M" not in css(heads[1], ".siglum")[0].text
    head = css(doc, "header.edition-head")[0]
    assert "V. I. Lenin" in head.text_content()
    assert css(head, "h1")[0].text_content().strip().startswith("The Seventh (April)")
    # the shared docDate sits above the articles, normalised in <time datetime>
    assert css(head, 'time[datetime="1917-05-08"]')[0].text_content() == "APRIL\u00a025 (MAY\u00a08)"
    # the Pravda paragraph is not in the minutes, the source notes stay with their witness
    assert "Comrade" not in articles[0].text_content()
    assert "typewritten copy" in css(articles[0], ".type-sourceNote")[0].text_content()
    assert "Pravda text" in css(articles[1], ".type-sourceNote")[0].text_content()


def test_paragraphs_have_tei_ids_numbers_and_permalinks(speech):
    _, doc, _ = speech
    p = doc.get_element_by_id("m.p2")
    assert p.tag == "p" and p.get("data-n") == "2"
    first = p[0]
    assert first.get("class") == "pnum" and first.get("href") == "#m.p2" and first.text == "2"
    # a paragraph without xml:id gets an id derived from its witness, the same on every run
    assert doc.get_element_by_id("text_minutes-p4").get("data-n") == "4"
    again = render(SPEECH, tei_href="speech.xml")[0]
    assert again == speech[0]


def test_note_call_and_note_follow_the_dpub_aria_pattern(speech):
    _, doc, _ = speech
    call = doc.get_element_by_id("ref-m.n1")
    assert (call.tag, call.get("class"), call.get("role"), call.get("href"), call.text) == ("a", "noteref", "doc-noteref", "#m.n1", "1")
    note = doc.get_element_by_id("m.n1")
    assert note.tag == "aside" and note.get("role") == "doc-footnote" and note.get("data-place") == "bottom"
    assert "note-editorial" in note.get("class").split()
    assert note.getparent().get("class") == "notes" and note.getparent().getparent().get("id") == "text_minutes"
    back = css(note, 'a[role="doc-backlink"]')[0]
    assert back.get("href") == "#ref-m.n1"
    assert css(note, ".note-body")[0].text_content() == "Hiatus in the minutes.—Ed."
    # @sameAs (the source's DUPLICATE mark) links the repeated note to the first
    assert css(doc.get_element_by_id("m.n2"), "a.sameas")[0].get("href") == "#m.n1"
    # the notes section is the last thing in its article; no note list outside the witnesses (divGen renders nothing)
    assert doc.get_element_by_id("text_minutes")[-1].get("class") == "notes"
    assert len(css(doc, "aside.note")) == 3


def test_authorial_and_editorial_notes_are_told_apart():
    _, doc, _ = render(
        tei(
            '<p>a<note xml:id="x" type="authorial">by the author</note> b<note xml:id="y" resp="#ed">'
            'by an editor</note> c<note xml:id="z">untyped</note></p>'
        )
    )
    kinds = {a.get("id"): a.get("class").split() for a in css(doc, "aside.note")}
    assert "note-authorial" in kinds["x"] and "note-editorial" in kinds["y"] and "note-authorial" in kinds["z"]


def test_gap_is_visible_and_explained_in_the_text(speech):
    _, doc, _ = speech
    gap = doc.get_element_by_id("m.gap1")
    assert gap.get("class") == "gap" and gap.get("data-reason") == "hiatus" and gap.get("tabindex") == "0"
    assert css(gap, ".gap-mark")[0].text == "[…]"
    explanation = css(gap, ".gap-expl")[0].text_content()
    assert "hiatus" in explanation and "Hiatus in the minutes.—Ed." in explanation
    assert "Editors of the Collected Works" in explanation  # @resp resolved to the respStmt


def test_page_breaks_are_inline_marks_that_do_not_break_the_paragraph(speech):
    _, doc, _ = speech
    pb = doc.get_element_by_id("m.pb2")
    assert pb.tag == "span" and pb.get("class") == "pb"
    assert pb.getparent().get("class") == "placeName"  # the name is not torn apart
    assert pb.getparent().getparent().get("id") == "m.p3"
    assert "page break in Collected Works" in pb.text_content()
    _, doc2, _ = render(tei('<p>one <pb n="17"/>two</p>'))
    assert css(doc2, "span.pb")[0].get("data-n") == "17" and css(doc2, ".pb-label")[0].text_content().endswith("17")


def test_dual_dates_keep_the_text_and_give_the_normalised_date(speech):
    _, doc, _ = speech
    julian = css(doc, "#text_pravda time.calendar-julian")[0]
    assert julian.text == "April\u00a027" and julian.get("datetime") == "1917-05-10"
    assert "1917-04-27" in julian.get("title")
    span = css(doc, ".titlePart.type-sub .date")[0]  # a range has no single datetime
    assert span.tag == "span" and span.get("data-from") == "1917-05-07" and span.get("data-to") == "1917-05-12"


def test_header_panel_and_meta(speech):
    html, doc, _ = speech
    panel = css(doc, "section.tei-header")[0]
    fields = {dt.text: dt.getnext().text_content() for dt in css(panel, "dt")}
    assert fields["Author"] == "V. I. Lenin"
    assert "Yuri Sdobnikov (translation)" in panel.text_content()
    assert "Marxists Internet Archive" in fields["Sources"]
    assert "M Typewritten copy" in panel.text_content()
    assert css(panel, 'a[rel="license"]')[0].get("href") == "https://www.gnu.org/licenses/fdl.html"
    assert fields["Identifier"] == "source: https://www.marxists.org/archive/lenin/works/1917/7thconf2/3.htm"
    assert fields["How to cite"].startswith("V. I. Lenin. [Speech on the Attitude Towards the Soviets]")
    assert css(panel, "a.tei-link")[0].get("href") == "speech.xml"
    meta = {m.get("name"): m.get("content") for m in css(doc, "meta[name]")}
    assert meta["author"] == "V. I. Lenin" and meta["dcterms.language"] == "en"
    assert meta["dcterms.license"] == "https://www.gnu.org/licenses/fdl.html"
    assert doc.find(".//title").text.startswith("[Speech on the Attitude")
    assert doc.get("lang") == "en"


def test_page_is_self_contained(speech):
    html, doc, _ = speech
    assert not css(doc, "link[rel=stylesheet], script[src], img[src^=http], iframe")
    assert len(css(doc, "style")) == 1 and ".witnesses" in css(doc, "style")[0].text
    csp = css(doc, 'meta[http-equiv="Content-Security-Policy"]')[0].get("content")
    assert "default-src 'none'" in csp and "script-src 'sha256-" in csp and "unsafe-inline" not in csp


def test_single_text_without_group_is_one_article():
    _, doc, _ = render(tei('<p xml:id="a">Hello <hi rend="italic">world</hi>.</p>'))
    articles = css(doc, "article.witness")
    assert len(articles) == 1 and articles[0].get("id") == "text-1"
    assert articles[0][0].get("class") == "witness-head"
    assert css(doc.get_element_by_id("a"), "span.hi.rend-italic")[0].text == "world"
    assert not css(doc, ".witness-toggle")


# ---- foreign TEI: every construct the issue names ------------------------------------------------------------


def test_constructs_of_foreign_tei():
    body = """<p>A <choice><sic>teh</sic><corr>the</corr></choice> and <choice><abbr>Dr</abbr><expan>Doctor</expan></choice>
    and <choice><orig>vnto</orig><reg>unto</reg></choice>; <add place="above">added</add> <del rend="strikethrough">gone</del>
    <unclear reason="faded">dim</unclear> <supplied reason="omitted">given</supplied> <hi rend="sup">th</hi> x<lb/>y
    <fw type="catch">catch</fw> <q>quoted</q> <ref target="https://example.org/">link</ref></p>
    <lg><l>first line</l><l>second<lb/>half</l></lg>
    <list><head>Things</head><item>cats</item><item>dogs</item></list>
    <table><head>Tab</head><row role="label"><cell>k</cell><cell>v</cell></row><row><cell cols="2">wide</cell></row></table>
    <figure><graphic url="pic.png"/><head>A picture</head><figDesc>described</figDesc></figure>"""
    html, doc, diagnostics = render(tei(body))
    assert diagnostics == []
    choice = css(doc, "span.choice")[0]
    assert [c.get("class") for c in choice] == ["corr choice-main", "sic choice-alt"]
    assert css(doc, "ins.add")[0].get("data-place") == "above" and css(doc, "del.del")[0].text == "gone"
    assert css(doc, ".unclear")[0].get("title") == "unclear; reason: faded"
    assert css(doc, "sup.hi")[0].text == "th"
    assert css(css(doc, ".lg .l")[1], "br.lb"), "a line break inside verse is kept"
    assert not css(doc, "p br"), "a line break in prose is a space"
    assert "x y" in css(doc, "article p")[0].text_content()
    assert [li.text for li in css(doc, ".list li")] == ["cats", "dogs"]
    assert css(doc, "table caption")[0].text == "Tab" and css(doc, "table th")[0].text == "k"
    assert css(doc, "table td")[0].get("colspan") == "2"
    assert css(doc, "figure figcaption")[0].text_content().split() == ["A", "picture", "described"]
    assert css(doc, "a.ref")[0].get("href") == "https://example.org/"
    assert not missing_words(parse_tei_bytes(tei(body)), html)


def test_apparatus_keeps_lemma_in_text_and_readings_with_sigla():
    path = need_shared("samples", "tei", "01_teic_stylesheets_testapp.xml")
    _, doc, _ = render(path)
    p = css(doc, "article p")[0]
    assert "blood and butchery" in " ".join(p.text_content().split())
    entry = css(doc, ".apparatus li.app-entry")[0]
    assert " ".join(entry.text_content().split()) == "a back to the text butchery GP] bûchers FR"
    assert css(p, "a.appref")[0].get("href") == "#" + entry.get("id")
    # the single text lists the witnesses of the apparatus in its head
    assert "Les Mystères de Paris" in css(doc, ".witness-head")[0].text_content()


def test_notes_in_every_place_become_footnotes():
    path = need_shared("samples", "tei", "03_teic_stylesheets_testnotes1.xml")
    _, doc, _ = render(path)
    places = sorted({a.get("data-place") for a in css(doc, "aside.note")})
    assert places == ["display", "end", "foot", "inline", "margin", "marginLeft", "marginOuter", "marginRight", "unspecified"]
    assert len(css(doc, "aside.note")) == len(css(doc, "a.noteref")) == 20
    # a note holding a list keeps it, inside the note
    assert css(doc, "aside.note li")[0].text == "cats"


def test_unknown_elements_render_their_content_and_are_counted():
    data = tei('<p>before <mystery>kept words</mystery> and <mystery>more</mystery> <x:foo xmlns:x="urn:x">foreign</x:foo></p>')
    html, doc, diagnostics = render(data)
    assert css(doc, "span.tei-mystery")[0].text == "kept words"
    codes = sorted((d.code, d.message) for d in diagnostics)
    assert codes[0][0] == "W411" and "<mystery>" in codes[1][1] + codes[0][1]
    assert any("(2×)" in m for _, m in codes) and any("urn:x" in m for _, m in codes)
    assert all(d.span is not None and d.span.line >= 1 for d in diagnostics)
    assert not missing_words(parse_tei_bytes(data), html)


# ---- no word lost ----------------------------------------------------------------------------------------------


def word_check(path):
    tree = load_tei(path)
    html, _ = export_html(tree)
    lost = missing_words(tree, html)
    assert not lost, f"{path.name}: words of the TEI text missing from the HTML: {dict(list(lost.items())[:20])}"
    assert sum(tei_words(tree).values()) > 10


@pytest.mark.parametrize(
    "sample",
    [
        "01_teic_stylesheets_testapp.xml",
        "03_teic_stylesheets_testnotes1.xml",
        "04_teic_stylesheets_test14_ecco_formosa.xml",
        "07_dta_soldatenbriefe_letter-161.xml",
    ],
)
def test_no_word_of_a_sample_is_lost(sample):
    word_check(need_shared("samples", "tei", sample))


def test_every_sample_in_shared_exports():
    folder = need_shared("samples", "tei")
    paths = sorted(folder.glob("*.xml"))
    assert len(paths) >= 4
    for path in paths:
        word_check(path)


def test_no_word_of_the_corpus_is_lost():
    editions = sorted(CORPUS.glob("*/edition.xml"))
    assert CORPUS_000 in editions
    for path in editions:
        word_check(path)


def test_corpus_edition_has_both_witnesses_and_all_notes():
    tree = load_tei(CORPUS_000)
    html, diagnostics = export_html(tree)
    doc = lxml.html.document_fromstring(html)
    assert diagnostics == []
    assert [a.get("data-siglum") for a in css(doc, "article.witness")] == ["M", "P"]
    minutes = css(doc, "article.witness")[0]
    assert len(css(minutes, "aside.note")) == 8 and len(css(minutes, "span.gap")) == 8
    assert len(css(minutes, "span.pb")) == 2
    assert len(css(minutes, "p[data-n]")) >= 11


def test_word_check_can_fail():
    tree = parse_tei_bytes(tei("<p>alpha beta gamma</p>"))
    html, _ = export_html(tree)
    assert not missing_words(tree, html)
    assert missing_words(tree, html.replace("beta", "")) == {"beta": 1}
    # the numbers the exporter adds are not taken for words of the text
    assert html_words('<html><body><p>amet<a class="noteref">1</a> Lorem</p></body></html>') == {"amet": 1, "Lorem": 1}


# ---- safety ----------------------------------------------------------------------------------------------------


HOSTILE = tei(
    """<p>&lt;script&gt;alert(1)&lt;/script&gt; <ref target="javascript:alert(2)">bad link</ref>
    <ref target=" java&#9;script:alert(3)">tabbed</ref> <ptr target="JAVASCRIPT:alert(4)"/>
    <hi rend="x&quot; onmouseover=&quot;alert(5)">styled</hi>
    <h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(6)</h:script>
    <h:img xmlns:h="http://www.w3.org/1999/xhtml" src="x" onerror="alert(7)"/>
    <seg onclick="alert(8)" style="background:url(https://evil.example/)">seg</seg>
    <graphic url="javascript:alert(9)"/></p>""",
    header_extra="<author>&lt;img src=x onerror=alert(10)&gt;</author>",
)


def test_hostile_source_is_text_not_code():
    html, doc, diagnostics = render(HOSTILE)
    scripts = css(doc, "script")
    assert len(scripts) == 1 and "alert" not in scripts[0].text  # only the edition's own script
    assert not css(doc, "img"), "no element of another namespace becomes HTML"
    for el in doc.iter():
        for attr, value in el.attrib.items():
            assert not attr.startswith("on"), (el.tag, attr)
            assert "javascript" not in value.lower().replace("\t", ""), (el.tag, attr, value)
            assert attr != "style"
    assert "<script>alert(1)</script>" in doc.text_content()
    assert css(doc, "span.tei-script")[0].text == "alert(6)"
    assert [d.code for d in diagnostics].count("W412") == 4
    assert '<meta name="author" content="&lt;img src=x onerror=alert(10)&gt;">' in html


def test_not_tei_is_refused():
    with pytest.raises(InputError) as info:
        export_html(parse_tei_bytes(b"<html><body/></html>", "page.html"), name="page.html")
    assert info.value.diagnostics[0].code == "E410" and str(info.value.diagnostics[0].span) == "page.html:1:1"


# ---- command line ------------------------------------------------------------------------------------------------


def cli(*args, stdin=None):
    return subprocess.run(
        [sys.executable, "-m", "tei_edition", "export", "html", *args], input=stdin, capture_output=True, cwd=ROOT, timeout=120
    )


def test_cli_writes_file_with_relative_tei_link(tmp_path):
    out = tmp_path / "sub" / "speech.html"
    result = cli(str(SPEECH), "-o", str(out))
    assert result.returncode == 0, result.stderr
    doc = lxml.html.document_fromstring(out.read_text(encoding="utf-8"))
    assert css(doc, "article.witness")
    href = css(doc, "section.tei-header a.tei-link")[0].get("href")
    assert href.endswith("tests/fixtures/html/speech.xml") and not href.startswith("/")
    assert not list(out.parent.glob(".*.tmp"))


def test_cli_stdin_to_stdout():
    result = cli("-", stdin=SPEECH.read_bytes())
    assert result.returncode == 0
    assert result.stdout.startswith(b"<!DOCTYPE html>") and b'class="witness"' in result.stdout


def test_cli_errors_have_codes_and_no_traceback(tmp_path):
    missing = cli(str(tmp_path / "nope.xml"))
    assert missing.returncode == 1 and b"no such file" in missing.stderr and b"Traceback" not in missing.stderr
    broken = tmp_path / "broken.xml"
    broken.write_text("<TEI>\n<p>\n</TEI>")
    bad = cli(str(broken), "-o", str(tmp_path / "out.html"))
    assert bad.returncode == 1 and f"{broken}:3:".encode() in bad.stderr and not (tmp_path / "out.html").exists()
    usage = cli("--no-such-option")
    assert usage.returncode == 2
    warned = tmp_path / "w.xml"
    warned.write_bytes(tei("<p>a <mystery>b</mystery></p>"))
    result = cli(str(warned), "-o", str(tmp_path / "w.html"))
    assert result.returncode == 0 and b"W411" in result.stderr and (tmp_path / "w.html").exists()


# ---- properties ----------------------------------------------------------------------------------------------------

# Characters XML 1.0 allows, with the ones that matter for escaping and words weighted in.
XML_TEXT = st.lists(
    st.one_of(
        st.sampled_from(list("<>&\"' \u00a0\t\n—’“”") + ["<script>", "javascript:", " onclick="]),
        st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff"),
    ),
    max_size=30,
).map("".join)


@settings(max_examples=60, deadline=None)
@given(before=XML_TEXT, inside=XML_TEXT, note=XML_TEXT)
def test_any_text_is_escaped_and_keeps_its_words(before, inside, note):
    data = tei(f"<p>{escape(before)}<hi>{escape(inside)}</hi><note>{escape(note)}</note></p>")
    tree = parse_tei_bytes(data)
    html, diagnostics = export_html(tree)
    assert diagnostics == []
    assert not missing_words(tree, html)
    doc = lxml.html.document_fromstring(html)
    assert len(css(doc, "script")) == 1 and len(css(doc, "article p")) == 1
    assert " ".join(inside.split()) in " ".join(css(doc, "article p span.hi")[0].text_content().split())


def test_resp_stmt_parts_are_read_apart():
    """resp and its name are element-only content in TEI: the reader sees "translated by Yuri Sdobnikov"."""
    html, _ = export_html(load_tei(CORPUS_000))
    text = " ".join(lxml.html.fromstring(html).xpath("//section[contains(@class, 'tei-header')]//text()"))
    assert "translated byYuri" not in text.replace("\n", "")
    assert re.search(r"translated by\s+Yuri Sdobnikov", text)


def test_reserve_gives_each_ask_its_own_id_and_resumes_its_counter():
    from lxml import etree

    from tei_edition.export.html.render import Renderer

    r = Renderer(etree.fromstring(b'<TEI xmlns="http://www.tei-c.org/ns/1.0"/>'))
    r.used_ids.add("x-3")
    assert [r.reserve("x") for _ in range(4)] == ["x", "x-2", "x-4", "x-5"]
    assert r.reserve("y") == "y"


def test_text_after_the_last_of_many_children_goes_to_its_tail():
    from lxml import etree

    from tei_edition.export.html.render import append_text, last_child

    parent = etree.Element("div")
    assert last_child(parent) is None
    append_text(parent, "a")
    for _ in range(3):
        etree.SubElement(parent, "p")
    append_text(parent, "b")
    append_text(parent, "c")
    assert parent.text == "a" and parent[-1].tail == "bc" and last_child(parent) is parent[-1]


def test_line_breaks_show_in_verse_and_letter_parts_only():
    tei = (
        b'<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>t</title></titleStmt>'
        b"<publicationStmt><p/></publicationStmt><sourceDesc><p/></sourceDesc></fileDesc></teiHeader><text><body>"
        b'<p>one<lb/>two</p><lg><l>three<lb/>four</l></lg><div type="letter"><p>five<lb/>six</p></div>'
        b"<closer><salute>seven<lb/>eight</salute></closer></body></text></TEI>"
    )
    html, _ = export_html(parse_tei_bytes(tei, "t.xml"), name="t.xml")
    page = lxml.html.fromstring(html)
    text = " ".join(page.xpath("//main")[0].text_content().split())
    assert "one two" in text  # a printer's line: a space
    assert len(page.xpath("//br[@class='lb']")) == 3  # verse, a letter's paragraph, a closer's salute
