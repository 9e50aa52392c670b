"""PDF export: print HTML shape, then the PDF read back with poppler (pdftotext, pdfinfo, pdffonts, pdftoppm)."""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import lxml.html
import pytest

from tei_edition.export import pdf as pdf_export
from tests.conftest import CORPUS, FIXTURES, SHARED, need_shared

CONTRACT = FIXTURES / "pdf" / "contract.html"
SAMPLES = sorted((SHARED / "samples" / "tei").glob("*.xml")) if (SHARED / "samples" / "tei").is_dir() else []
CORPUS_000 = CORPUS / "000-lenin-1917-05-08-soviets" / "edition.xml"


# ---------------------------------------------------------------------------------------------------------------
# helpers: poppler read-back
# ---------------------------------------------------------------------------------------------------------------


def need_poppler(tool: str = "pdftotext") -> str:
    path = shutil.which(tool)
    if path is None:
        pytest.skip(f"needs {tool} (Debian package poppler-utils; `make system-deps` installs it)")
    return path


def poppler(tool: str, pdf: Path, *args: str) -> str:
    need_poppler(tool)
    done = subprocess.run([tool, *args, str(pdf), "-"] if tool == "pdftotext" else [tool, *args, str(pdf)], capture_output=True, check=True)
    return done.stdout.decode("utf-8", "replace")


def pdf_info(pdf: Path) -> dict[str, str]:
    out = poppler("pdfinfo", pdf)
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in out.splitlines()) if _}


def pdf_fonts(pdf: Path) -> list[dict[str, str]]:
    lines = poppler("pdffonts", pdf).splitlines()[2:]
    rows = []
    for line in lines:
        # name type encoding emb sub uni object ID: the three yes/no columns come before "obj gen"
        cells = line.split()
        rows.append({"name": cells[0], "emb": cells[-5], "sub": cells[-4], "uni": cells[-3]})
    return rows


def pdf_pages(pdf: Path) -> list[str]:
    """Text of each page in reading order (pdftotext raw), pages split at form feeds."""
    return poppler("pdftotext", pdf, "-raw", "-enc", "UTF-8").split("\f")


def normalise(text: str) -> str:
    """Fold what layout changes and search ignores: compatibility forms, case, hyphenation, soft hyphens."""
    text = unicodedata.normalize("NFKC", text).replace("\u00ad", "")
    text = re.sub(r"[-\u2010\u2011]\s*\n\s*", "", text)  # a word hyphenated at the end of a line
    text = re.sub(r"[-\u2010\u2011]", "", text)
    return text.casefold()


def words(text: str) -> list[str]:
    return re.findall(r"\w+", normalise(text))


def missing_in_order(expected: list[str], found: list[str]) -> list[str]:
    """Expected words that are not a subsequence of found (in order; other words may come between)."""
    missing, i = [], 0
    for word in expected:
        j = i
        while j < len(found) and not _same_word(found[j], word):
            j += 1
        if j == len(found):
            missing.append(word)
        else:
            i = j + 1
    return missing


def _same_word(found: str, word: str) -> bool:
    # A superscript note call is extracted glued to the word before it: "here3" is "here" + call 3.
    return found == word or (found.startswith(word) and found[len(word) :].isdigit())


def pdf_objects(pdf: Path) -> bytes:
    """The PDF's bytes with its compressed streams inflated, to look for catalog entries such as /Lang."""
    import zlib

    data = pdf.read_bytes()
    parts = [data]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            parts.append(zlib.decompress(match.group(1)))
        except zlib.error:
            pass
    return b"\n".join(parts)


def need_html_export():
    need_weasyprint()
    module = pytest.importorskip("tei_edition.export.html", reason="needs the HTML export (tei_edition/export/html.py)")
    if not hasattr(module, "export_html"):
        pytest.skip("needs export_html in tei_edition.export.html (not written yet)")
    return module.export_html


BLOCKS = frozenset("p div li ul ol dl dt dd h1 h2 h3 h4 h5 h6 header section article aside blockquote table tr td th br".split())


def visible_text(element, skip_classes=("footnote", "pnum", "pb", "gap", "siglum")) -> str:
    """The words a reader sees in an element of the print HTML, without notes and generated numbers."""
    parts: list[str] = []

    def walk(e):
        classes = set((e.get("class") or "").split())
        if not isinstance(e.tag, str) or e.tag in ("script", "style") or classes & set(skip_classes):
            if isinstance(e.tag, str) or e.tail:
                parts.append(" " + (e.tail or ""))
            return
        block = e.tag in BLOCKS or "fn-block" in classes
        parts.append((" " if block else "") + (e.text or ""))
        for child in e:
            walk(child)
        parts.append((" " if block else "") + (e.tail or ""))

    tail, element.tail = element.tail, None  # the element's own tail is not its text
    try:
        walk(element)
    finally:
        element.tail = tail
    return "".join(parts)


def classes(e) -> set[str]:
    return set((e.get("class") or "").split())


def ident(e) -> str | None:
    """An element's id in the print HTML: `id` when a link targets it, else `data-id` (see _unlinked_ids_to_data)."""
    return e.get("id") or e.get("data-id")


def by_id(root, value: str):
    found = root.xpath("//*[@id=$v or @data-id=$v]", v=value)
    assert len(found) == 1, (value, found)
    return found[0]


def check_pdf(pdf_path: Path, print_html: str) -> list[str]:
    """Every claim the issue makes about a PDF, checked against the print HTML it was made from."""
    problems: list[str] = []
    root = lxml.html.document_fromstring(print_html)
    pages = pdf_pages(pdf_path)
    all_words = words("\n".join(pages))

    # every word of each witness's running text, in order
    for article in root.iter("article"):
        if "witness" not in classes(article):
            continue
        lost = missing_in_order(words(visible_text(article)), all_words)
        if lost:
            problems.append(f"witness {ident(article)}: {len(lost)} words missing, e.g. {lost[:8]}")

    # every note on the page of its call
    page_words = [words(p) for p in pages]
    for note in root.iter("span"):
        if "footnote" not in classes(note):
            continue
        note_words = words(visible_text(note, skip_classes=()))
        before = _words_before(note)[-4:]
        after = _words_after(note)[:4]
        call_pages = [
            i
            for i, pw in enumerate(page_words)
            if (before and not missing_in_order(before, pw)) or (after and not missing_in_order(after, pw))
        ]
        if not note_words:
            continue
        note_pages = [i for i, pw in enumerate(page_words) if not missing_in_order(note_words[:12], pw)]
        if not set(call_pages) & set(note_pages):
            problems.append(f"note {ident(note)}: call on pages {call_pages}, text on pages {note_pages}")
    return problems


def _paragraph(note):
    """The nearest block around a note call that has words of its own (a table cell may hold only the call)."""
    for anc in note.iterancestors():
        if anc.tag in BLOCKS and words(visible_text(anc)):
            return anc
    return note.getparent()


def _split_at(note) -> tuple[str, str]:
    """The visible text of the note's paragraph before and after the note (a private-use marker cuts it)."""
    block = _paragraph(note)
    marker = "\ue000"
    tail, note.tail = note.tail, marker + (note.tail or "")
    try:
        text = visible_text(block)
    finally:
        note.tail = tail
    before, _, after = text.partition(marker)
    return before, after


def _words_before(note) -> list[str]:
    return words(_split_at(note)[0])


def _words_after(note) -> list[str]:
    return words(_split_at(note)[1])


@functools.cache
def _have_weasyprint() -> bool:
    try:
        pdf_export.load_weasyprint()
    except Exception:  # noqa: BLE001
        return False
    return True


def need_weasyprint():
    if not _have_weasyprint():
        pytest.skip("needs WeasyPrint and pango (see docs/pdf.md)")


# ---------------------------------------------------------------------------------------------------------------
# print HTML (lxml only)
# ---------------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def contract_print():
    return pdf_export.prepare_print_html(CONTRACT.read_text(encoding="utf-8"), name="contract.html")


def test_notes_move_to_their_calls(contract_print):
    root = lxml.html.document_fromstring(contract_print.html)
    assert root.xpath("//aside") == [] and root.xpath("//section[contains(@class,'notes')]") == []
    assert root.xpath("//a[contains(@class,'noteref')]") == []
    notes = root.xpath("//span[contains(concat(' ', @class, ' '), ' footnote ')]")
    assert [(ident(n), n.get("data-n")) for n in notes] == [("m.n1", "1"), ("m.n2", "2"), ("m.n3", "3")]
    # each note sits in the paragraph that called it, right after the gap it annotates
    first = notes[0]
    assert ident(first.getparent()) == "m.p1"
    assert "gap" in classes(first.getprevious())
    assert first.text_content() == "Hiatus in the minutes.—Ed."  # no backlink, no "editorial note" label
    assert notes[1].text_content() == "Hiatus in the minutes.—Ed.same note as 1"
    assert first.tail.startswith(" The proletarian")
    assert classes(first) == {"footnote", "note-editorial"} and classes(notes[2]) == {"footnote", "note-authorial"}
    assert contract_print.notes_as_footnotes == 3 and contract_print.diagnostics == []


def test_screen_only_parts_are_removed(contract_print):
    root = lxml.html.document_fromstring(contract_print.html)
    for cls in ("vh", "gap-expl", "witness-toggle", "note-kind", "backlink"):
        assert root.find_class(cls) == [], cls
    assert root.find_class("pb-label")[0].text_content() == "410"
    assert by_id(root, "m.p1").find_class("gap")[0].text_content() == "[…]"


def test_block_content_of_notes_becomes_phrasing(contract_print):
    # a <p> or <ul> inside the paragraph would make the HTML parser close the paragraph and lose the note
    root = lxml.html.document_fromstring(contract_print.html)
    note = by_id(root, "m.n3")
    assert {e.tag for e in note.iterdescendants()} == {"span"}
    assert [classes(e) >= {"fn-block"} for e in note] == [True, True]
    assert [e.get("class").split()[0] for e in note.iter()] == ["footnote", "fn-p", "fn-ul", "fn-li"]
    assert note.text_content().strip() == "An authorial note with a paragraphand a list item"
    assert by_id(root, "m.p2").text_content().endswith("(Applause.)")


def test_title_block_metadata_and_running_heads(contract_print):
    root = lxml.html.document_fromstring(contract_print.html)
    body = root.find("body")
    assert [e.tag for e in body][:2] == ["header", "section"]  # title block first: edition head, header panel
    assert "title-block" in classes(body[1])
    assert root.get("lang") == "en"
    assert root.findtext("head/title").startswith("[Speech on the Attitude")
    assert root.find("head/meta[@name='author']").get("content") == "V. I. Lenin"
    heads = [a.get("data-running-head") for a in root.iter("article")]
    assert heads[0].startswith("M · Typewritten copy") and len(heads[0]) <= 48 and heads[1].startswith("P · ")
    style = root.get_element_by_id("tei-edition-print").text
    assert "float: footnote" in style and "size: A4" in style and '"[Speech on the Attitude' in style
    assert "(8 May) 1917" not in style and "Soviets], 25 April (8\\002026 " in style  # shortened, then escaped


def test_uncalled_note_stays_as_endnote_with_warning():
    html = CONTRACT.read_text(encoding="utf-8").replace('<a class="noteref" role="doc-noteref" id="ref-m.n3" href="#m.n3">3</a>', "")
    document = pdf_export.prepare_print_html(html, name="x.html")
    assert [d.code for d in document.diagnostics] == ["W421"] and "m.n3" in document.diagnostics[0].message
    root = lxml.html.document_fromstring(document.html)
    assert by_id(root, "m.n3").tag == "aside"


def test_ids_stay_only_where_a_link_points_and_paragraph_numbers_are_not_links(contract_print):
    # An id makes WeasyPrint give the element (and all it contains) a computed style of its own: ids nobody links to
    # become data-id, so paragraphs share styles (docs/pdf.md, Speed). Links inside the document keep their target.
    root = lxml.html.document_fromstring(contract_print.html)
    body = root.find("body")
    targets = {a.get("href")[1:] for a in body.iter("a") if (a.get("href") or "").startswith("#")}
    assert targets == {"m.n1"}  # "same note as 1"; the pnum permalinks and note calls are gone
    assert {e.get("id") for e in body.iter() if isinstance(e.tag, str) and e.get("id")} == targets
    assert by_id(root, "m.p1").tag == "p" and by_id(root, "m.p1").get("data-id") == "m.p1"
    numbers = root.find_class("pnum")
    assert [(n.tag, n.get("href"), n.text_content()) for n in numbers] == [("span", None, "1"), ("span", None, "2"), ("span", None, "1")]


def test_css_strings_are_escaped_and_short():
    # escape.css_string: every character outside a small safe set is a CSS hex escape (tests/hostile/test_escapes.py)
    assert pdf_export._css_string('a "quoted" \\ title') == '"a \\000022 quoted\\000022  \\00005C  title"'
    assert pdf_export._css_string("word " * 40).endswith('word\\002026 "') and len(pdf_export._shorten("word " * 40, 60)) <= 60


def test_paper_letter_and_unknown_paper():
    document = pdf_export.prepare_print_html(CONTRACT.read_text(encoding="utf-8"), paper="letter")
    assert "size: letter" in document.html
    with pytest.raises(pdf_export.TeiEditionError):
        pdf_export.prepare_print_html("<p>x</p>", paper="a5")


# ---------------------------------------------------------------------------------------------------------------
# the PDF, read back
# ---------------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def contract_pdf(contract_print, tmp_path_factory):
    need_weasyprint()
    data, pages, diagnostics = pdf_export.render_pdf(contract_print.html, name="contract.html")
    path = tmp_path_factory.mktemp("pdf") / "contract.pdf"
    path.write_bytes(data)
    return path, pages, diagnostics


def test_contract_pdf_text_notes_and_pages(contract_pdf, contract_print):
    path, pages, diagnostics = contract_pdf
    assert diagnostics == []
    assert pages == 3  # title page, witness M, witness P (each witness on a new page)
    assert check_pdf(path, contract_print.html) == []
    text = pdf_pages(path)
    assert "Hiatus in the minutes" in text[1] and "An authorial note" in text[1]
    assert text[2].lstrip().startswith("[Speech on the Attitude") or "P · Newspaper report" in text[2]
    assert "Comrade Lenin said" in text[2] and "Comrade Lenin" not in text[1]
    layout = poppler("pdftotext", path, "-layout").split("\f")
    # paragraph numbers stand in the left margin, the source's page number in the right one
    assert re.search(r"^\s*1\s{2,}Comrades, the question", layout[1], re.M)
    assert re.search(r"410\s*$", layout[1], re.M)


def test_contract_pdf_metadata_and_fonts(contract_pdf):
    path, _, _ = contract_pdf
    info = pdf_info(path)
    assert info["Title"].startswith("[Speech on the Attitude Towards the Soviets]")
    assert info["Author"] == "V. I. Lenin"
    assert info["Subject"].startswith("Speech at the Seventh")
    assert info["Page size"].endswith("(A4)")
    assert info["Tagged"] == "yes"
    fonts = pdf_fonts(path)
    assert fonts and all(f["emb"] == "yes" and f["uni"] == "yes" for f in fonts), fonts
    objects = pdf_objects(path)
    assert b"/Lang (en)" in objects and b"/StructTreeRoot" in objects  # language and tags (PDF/UA-1)


def test_contract_pdf_links_only_where_the_text_links(contract_pdf):
    # The "same note as 1" link still leads to note 1; paragraphs are no link targets, paragraph numbers no links.
    objects = pdf_objects(contract_pdf[0])
    assert b"/Dest (m.n1)" in objects
    assert b"(m.p1)" not in objects and b"(m.p2)" not in objects


def _undated(pdf: bytes) -> bytes:
    return re.sub(rb"D:\d{14}[^)]*|\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[^<\"]*", b"DATE", pdf)


def test_the_shared_font_configuration_carries_nothing_from_one_pdf_to_the_next(monkeypatch, contract_print):
    # render_pdf keeps one WeasyPrint FontConfiguration per process (docs/pdf.md, Speed): a PDF made after another
    # one, with other fonts and characters, is the same as when it is made first.
    need_weasyprint()
    monkeypatch.setattr(pdf_export, "_FONT_CONFIG", None)
    alone, _, _ = pdf_export.render_pdf(contract_print.html)
    shared = pdf_export._FONT_CONFIG
    other = (
        "<html lang='de'><head><title>x</title></head><body><p>Straße <i>ſchön</i> <b>Ωμέγα</b> "
        "<span style='font-family: DejaVu Sans Mono'>→ ≠ ∑</span></p></body></html>"
    )
    pdf_export.render_pdf(other)
    again, _, _ = pdf_export.render_pdf(contract_print.html)
    assert shared is not None and pdf_export._FONT_CONFIG is shared
    assert _undated(again) == _undated(alone)


def test_missing_weasyprint_is_a_clear_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # import now raises ImportError
    with pytest.raises(pdf_export.TeiEditionError) as caught:
        pdf_export.render_pdf("<p>x</p>")
    assert [d.code for d in caught.value.diagnostics] == ["E420"]
    assert "pip install weasyprint" in caught.value.diagnostics[0].hint


# ---------------------------------------------------------------------------------------------------------------
# real TEI: the samples and the corpus document, through export_html
# ---------------------------------------------------------------------------------------------------------------


def _export(path: Path, tmp_path: Path, paper="a4"):
    export_html = need_html_export()
    from tei_edition.tei.load import load_tei

    tree = load_tei(path)
    html, _ = export_html(tree, name=path.name)
    document = pdf_export.prepare_print_html(html, paper=paper, tei=tree, name=path.name)
    data, pages, diagnostics = pdf_export.render_pdf(document.html, name=path.name)
    out = tmp_path / (path.stem + ".pdf")
    out.write_bytes(data)
    return out, pages, document, diagnostics


@pytest.mark.shared
@pytest.mark.slow
@pytest.mark.parametrize("sample", SAMPLES or [None], ids=lambda p: p.stem[:2] if p else "none")
def test_every_sample_exports(sample, tmp_path):
    if sample is None:
        need_shared("samples", "tei")
    out, pages, document, diagnostics = _export(sample, tmp_path)
    assert check_pdf(out, document.html) == []
    info = pdf_info(out)
    assert info["Title"] == document.title and int(info["Pages"]) == pages
    size = sample.stat().st_size
    assert 1 <= pages <= max(4, size // 1000), f"{pages} pages for {size} bytes of TEI"
    assert all(f["emb"] == "yes" for f in pdf_fonts(out))


def test_corpus_edition_and_png_artifact(tmp_path, artifacts):
    if not CORPUS_000.exists():
        pytest.skip(f"needs {CORPUS_000.relative_to(CORPUS.parent)} (written by the converter)")
    out, pages, document, _ = _export(CORPUS_000, tmp_path)
    assert check_pdf(out, document.html) == []
    assert 3 <= pages <= 8
    pages_text = pdf_pages(out)
    text = "\n".join(pages_text)
    for needle in ("Hiatus in the minutes.—Ed.", "Comrade Lenin", "V. I. Lenin"):
        assert needle in text
    # page 1 is the title block with the header's metadata; each witness opens a page of its own
    for field in ("About this edition", "Author", "Licence", "Identifier", "Sources", "How to cite"):
        assert field in pages_text[0], field
    assert "The materials submitted" not in pages_text[0]
    m_page = next(i for i, p in enumerate(pages_text) if "The materials submitted" in p)
    p_page = next(i for i, p in enumerate(pages_text) if "Comrade Lenin pointed out" in p)
    assert m_page == 1 and p_page > m_page and "Hiatus in the minutes" not in pages_text[p_page]
    assert "Witness" in pages_text[m_page] and "Witness" in pages_text[p_page]
    # running heads: the edition title on every page but the first, the witness siglum beside it
    assert all("[Speech on the Attitude" in p for p in pages_text[1:pages] if p.strip())
    assert "P · " in pages_text[p_page]
    need_poppler("pdftoppm")
    for page in (1, 2):
        stem = artifacts / f"pdf-000-page{page}"
        subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", str(page), "-l", str(page), "-singlefile", str(out), str(stem)], check=True)
        assert stem.with_suffix(".png").stat().st_size > 5000


# ---------------------------------------------------------------------------------------------------------------
# the command
# ---------------------------------------------------------------------------------------------------------------


def test_cli_missing_file_is_exit_1_without_output(tmp_path):
    out = tmp_path / "x.pdf"
    done = subprocess.run(
        [sys.executable, "-m", "tei_edition", "export", "pdf", str(tmp_path / "nope.xml"), "-o", str(out)], capture_output=True, text=True
    )
    assert done.returncode == 1 and "no such file" in done.stderr and "Traceback" not in done.stderr
    assert not out.exists()


def test_cli_bad_paper_is_usage_error(tmp_path):
    done = subprocess.run([sys.executable, "-m", "tei_edition", "export", "pdf", "x.xml", "--paper", "a5"], capture_output=True, text=True)
    assert done.returncode == 2 and "a5" in done.stderr


def test_cli_missing_weasyprint_leaves_no_file(tmp_path):
    # A fake, broken `weasyprint` first on the path stands for a missing pango: exit 1, a hint, no partial PDF.
    fake = tmp_path / "fake"
    fake.mkdir()
    (fake / "weasyprint.py").write_text("raise OSError(\"cannot load library 'libpango-1.0-0'\")\n")
    tei = tmp_path / "t.xml"
    tei.write_text(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>T</title>'
        "</titleStmt><publicationStmt><p/></publicationStmt><sourceDesc><p/></sourceDesc></fileDesc>"
        "</teiHeader><text><body><p>Hello.</p></body></text></TEI>"
    )
    out = tmp_path / "t.pdf"
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run(
        [sys.executable, "-m", "tei_edition", "export", "pdf", str(tei), "-o", str(out)],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": f"{fake}:{root}", "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 1, done.stderr
    assert "E420" in done.stderr and "libpango" in done.stderr and "Traceback" not in done.stderr
    assert not out.exists() and list(tmp_path.glob(".t.pdf.*")) == []


def test_cli_writes_pdf(tmp_path):
    need_html_export()
    sample = FIXTURES / "html" / "speech.xml"
    if not sample.exists():
        pytest.skip("needs tests/fixtures/html/speech.xml")
    out = tmp_path / "s.pdf"
    done = subprocess.run(
        [sys.executable, "-m", "tei_edition", "export", "pdf", str(sample), "-o", str(out), "--paper", "letter"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert out.read_bytes().startswith(b"%PDF-") and pdf_info(out)["Page size"].endswith("(letter)")


def test_help_does_not_import_weasyprint():
    code = (
        "import sys; from tei_edition.cli import main\n"
        "try: main(['export', 'pdf', '--help'])\nexcept SystemExit: pass\n"
        "print('weasyprint' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert "--paper [a4|letter]" in done.stdout and done.stdout.strip().endswith("False")


def test_checker_catches_lost_words_and_notes_on_the_wrong_page(contract_pdf, contract_print):
    # The read-back check itself must be able to fail: a word the PDF lacks, a note whose text is elsewhere.
    path, _, _ = contract_pdf
    html = contract_print.html.replace("(Applause.)", "(Applause.) Zanzibar")
    html = html.replace(">Hiatus in the minutes.—Ed.<", ">Comrade Lenin said that the Soviets<", 1)
    problems = check_pdf(path, html)
    assert any("zanzibar" in p for p in problems), problems
    assert any(p.startswith("note m.n1: call on pages [1], text on pages [2]") for p in problems), problems


def test_registry_names_pdf_without_importing_weasyprint():
    code = (
        "import sys; from tei_edition.export import exporter; f = exporter('pdf');"
        "print(f.__module__, f.__name__, 'weasyprint' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["tei_edition.export.pdf", "export_pdf", "False"]


def test_cli_refuses_to_write_pdf_to_a_terminal(tmp_path):
    import os
    import pty

    main, secondary = pty.openpty()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "tei_edition", "export", "pdf", str(CONTRACT)],
            stdout=secondary,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
        )
    finally:
        os.close(secondary)
        os.close(main)
    assert done.returncode == 2 and "-o OUT.pdf" in done.stderr


def test_apparatus_entries_become_footnotes_and_single_text_heads_name_the_author():
    html = (
        "<html lang='en'><head><title>T</title><meta name='author' content='George Peirce'></head><body>"
        "<article class='witness' id='t'><header class='witness-head'><h2>Text</h2>"
        "<div class='witness-desc'><span class='siglum'>FR</span> Les Mystères</div></header>"
        "<p>blood and <span class='app'><span class='lem'>butchery</span><a class='appref' id='r1' href='#a1' "
        "role='doc-noteref'>a</a></span>.</p><section class='apparatus'><h3>Apparatus</h3><ol>"
        "<li class='app-entry' id='a1'><span class='reading lem'>butchery<span class='sigla'> GP</span></span>] "
        "<span class='reading rdg'>bûchers<span class='sigla'> FR</span></span></li></ol></section></article>"
        "</body></html>"
    )
    document = pdf_export.prepare_print_html(html)
    root = lxml.html.document_fromstring(document.html)
    note = by_id(root, "a1")
    assert note.tag == "span" and classes(note) == {"footnote", "apparatus"} and note.get("data-n") == "a"
    assert note.getparent().get("class") == "app" and note.text_content() == "butchery GP] bûchers FR"
    assert root.find_class("apparatus-entries") == [] and document.diagnostics == []
    assert by_id(root, "t").get("data-running-head") == "George Peirce"
