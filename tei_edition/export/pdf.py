"""PDF export: the HTML edition re-arranged for print and laid out by WeasyPrint (CSS Paged Media)."""

from __future__ import annotations

import copy
import dataclasses
import functools
import logging
import mimetypes
import re
import urllib.parse
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import lxml.html
from lxml import etree

from tei_edition import codes
from tei_edition.diagnostics import Diagnostic, error, warning
from tei_edition.errors import TeiEditionError
from tei_edition.escape import css_string
from tei_edition.export.deep import check_depth, parse_html, run_deep, tree_depth

# CSS @page sizes; the stylesheet's margins are the same for both.
PAPERS = {"a4": "A4", "letter": "letter"}

# HTML elements that may sit inside a <span> without the HTML5 parser closing the paragraph around it
# (WHATWG HTML 13.2.6.4.7: a start tag such as <p>, <ul>, <div> "closes a p element" in scope). Note bodies
# are moved into the running text, so every other element in them becomes a span that CSS displays as a block.
PHRASING = frozenset(
    "a abbr b bdi bdo br cite code data del dfn em i img ins kbd mark q s samp small span strong sub sup time u var wbr".split()
)

# Parts of the HTML edition that only make sense on a screen (controls, visually hidden labels for screen readers,
# hover explanations of gaps, the notes' kind label): paper shows their meaning by layout instead.
SCREEN_ONLY = frozenset({"vh", "gap-expl", "witness-toggle", "edition-nav", "note-kind", "skip-link", "backlink"})

# The hint for a missing WeasyPrint, shared by the CLI error and docs/pdf.md.
INSTALL_HINT = (
    "install WeasyPrint into the same Python (`pip install weasyprint`) and its system libraries "
    "(Debian/Ubuntu: `apt-get install libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core`); `make venv` does the Python part"
)


@dataclasses.dataclass
class PrintDocument:
    """The HTML that WeasyPrint lays out, and what was learnt while preparing it."""

    html: str
    title: str
    notes_as_footnotes: int
    diagnostics: list[Diagnostic]


def export_pdf(
    tree: etree._ElementTree,
    *,
    paper: str = "a4",
    name: str = "<input>",
    tagged: bool = True,
) -> tuple[bytes, list[Diagnostic]]:
    """TEI tree -> PDF bytes and warnings: the HTML edition's tree (html_tree), re-arranged for print, then WeasyPrint."""
    load_weasyprint()  # fail first, before any work, when WeasyPrint or pango is missing

    # The HTML edition wraps the TEI text in a few levels of its own (body, main, article, …).
    depth = check_depth(tree, name) + HTML_WRAPPERS

    def export():
        document = _print_document(tree, paper=paper, name=name)
        pdf, _pages, render_diagnostics = render_pdf(document.html, tagged=tagged, name=name, depth=depth)
        return pdf, document.diagnostics + render_diagnostics

    return run_deep(export, depth, name=name)


def _print_document(tree: etree._ElementTree, *, paper: str, name: str) -> PrintDocument:
    """The print HTML of a TEI tree, made from the tree the HTML exporter builds (not from its serialised string);
    its diagnostics are the HTML export's, then the print preparation's."""
    from tei_edition.export.html import html_tree

    if paper not in PAPERS:  # before the HTML is made
        raise TeiEditionError(f"unknown paper size {paper!r}; choose one of {', '.join(PAPERS)}")
    html, diagnostics = html_tree(tree, name=name)
    document = _prepare(html, paper=paper, tei=tree, name=name)  # the tree is ours: re-arranged in place
    document.diagnostics[:0] = diagnostics
    return document


HTML_WRAPPERS = 12  # elements the HTML edition puts around the TEI text's own (html, body, main, article, section…)


# ---------------------------------------------------------------------------------------------------------------
# HTML -> print HTML (pure lxml: testable without WeasyPrint)
# ---------------------------------------------------------------------------------------------------------------


def prepare_print_html(
    html: str | etree._Element,
    *,
    paper: str = "a4",
    tei: etree._ElementTree | None = None,
    name: str = "<input>",
) -> PrintDocument:
    """Re-arrange the HTML export's markup for paged media and add the print stylesheet.

    Notes move from `section.notes` to a `span.footnote` at their call (CSS `float: footnote` then sets
    each one at the foot of the page where it is called); the header panel becomes the title block;
    running heads and PDF metadata (title, author, subject, language) are filled from the header.
    `html`: the HTML export as a string, or its <html> tree (html.html_tree), which is copied, not changed.
    """
    if paper not in PAPERS:
        raise TeiEditionError(f"unknown paper size {paper!r}; choose one of {', '.join(PAPERS)}")
    root = parse_html(html) if isinstance(html, str) else copy.deepcopy(html)
    return _prepare(root, paper=paper, tei=tei, name=name)


def _prepare(root, *, paper: str, tei: etree._ElementTree | None, name: str) -> PrintDocument:
    """prepare_print_html on an <html> tree, which it re-arranges in place."""
    diagnostics: list[Diagnostic] = []
    head = _ensure(root, "head", index=0)
    body = _ensure(root, "body")

    metadata = _metadata(root, tei)
    _set_metadata(root, head, metadata)
    _remove_screen_only(root)
    _move_header_to_title_block(body)
    moved = _notes_to_footnotes(body, diagnostics, name)
    _label_witnesses(body, fallback=", ".join(metadata["authors"][:2]))
    _unlink_paragraph_numbers(body)
    _unlinked_ids_to_data(body)

    style = etree.SubElement(head, "style")
    style.set("id", "tei-edition-print")
    style.text = _style_text(print_css() + "\n" + _page_css(paper, metadata["title"]))

    out = lxml.html.tostring(root, encoding="unicode", doctype="<!DOCTYPE html>", method="html")
    return PrintDocument(out, metadata["title"], moved, diagnostics)


def print_css() -> str:
    """The paged-media stylesheet shipped as package data (tei_edition/static/print.css)."""
    return resources.files("tei_edition").joinpath("static", "print.css").read_text(encoding="utf-8")


def _ensure(root, tag: str, index: int | None = None):
    found = root.find(tag)
    if found is None:
        found = etree.Element(tag)
        if index is None:
            root.append(found)
        else:
            root.insert(index, found)
    return found


def _text(element) -> str:
    return re.sub(r"\s+", " ", element.text_content() if hasattr(element, "text_content") else "".join(element.itertext())).strip()


def _metadata(root, tei) -> dict:
    """Title, authors, subject and language: the HTML's own <title>/<meta> first, the TEI header second
    (tei_edition.tei.read_header, the one header reader)."""
    from tei_edition.tei.read_header import read_header

    h = read_header(tei) if tei is not None else None
    title_element = root.find("head/title")
    title = _text(title_element) if title_element is not None else ""
    if not title:
        titles = [text for _, text in h.titles if text] if h else []
        title = " — ".join(titles[:2]) if titles else "TEI edition"
    authors = [m.get("content", "") for m in root.findall("head/meta[@name='author']") if m.get("content")]
    if not authors and h:
        authors = list(h.authors)
    descriptions = [m.get("content") for m in root.findall("head/meta[@name='description']") if m.get("content")]
    subject = descriptions[0] if descriptions else ""
    if not subject and h:
        # The subject: the subtitle if there is one, else what the edition is of (its source, TEI 2.2.7).
        subs = [text for kind, text in h.titles if kind == "sub" and text]
        subject = subs[0] if subs else (f"An edition of: {h.sources[0]}" if h.sources else "")
    lang = root.get("lang") or ""
    if not lang and h:
        lang = h.language or h.text_language
    return {"title": title, "authors": authors, "subject": subject[:500], "lang": lang}


def _set_metadata(root, head, metadata: dict) -> None:
    """WeasyPrint writes the PDF Title/Author/Subject/Lang from <title>, <meta> and html/@lang."""
    title = head.find("title")
    if title is None:
        title = etree.SubElement(head, "title")
    title.text = metadata["title"]
    for child in list(title):
        title.remove(child)
    if not head.findall("meta[@name='author']"):
        for author in metadata["authors"]:
            etree.SubElement(head, "meta", name="author", content=author)
    if metadata["subject"] and not head.findall("meta[@name='description']"):
        etree.SubElement(head, "meta", name="description", content=metadata["subject"])
    if metadata["lang"] and not root.get("lang"):
        root.set("lang", metadata["lang"])
    if head.find("meta[@charset]") is None:
        head.insert(0, etree.Element("meta", charset="utf-8"))


def _classes(element) -> set[str]:
    return set((element.get("class") or "").split())


def _remove_screen_only(root) -> None:
    doomed = [e for e in root.iter() if isinstance(e.tag, str) and (e.tag == "script" or _classes(e) & SCREEN_ONLY)]
    for element in doomed:
        if element.getparent() is not None:
            _drop_keep_tail(element)


def _move_header_to_title_block(body) -> None:
    """The printed title block: edition head, then the header panel (author, title, sources, licence, citation)."""
    panel = next((e for e in body.iter("section") if "tei-header" in _classes(e)), None)
    if panel is None:
        return
    parent = panel.getparent()
    parent.remove(panel)
    head = next((e for e in body.iter("header") if "edition-head" in _classes(e)), None)
    if head is not None:
        head.addnext(panel)
    else:
        body.insert(0, panel)
    panel.set("class", (panel.get("class") or "") + " title-block")


def _notes_by_id(body) -> dict[str, etree._Element]:
    """Note bodies (`aside.note`) and critical apparatus entries (`li.app-entry`), by id."""
    found = {}
    for element in body.iter("aside", "li"):
        classes = _classes(element)
        if element.get("id") and ("note" in classes or "app-entry" in classes or element.get("role") == "doc-footnote"):
            found[element.get("id")] = element
    return found


def _noterefs(body) -> Iterator:
    for a in list(body.iter("a")):
        if _classes(a) & {"noteref", "appref"} or a.get("role") == "doc-noteref":
            yield a


def _notes_to_footnotes(body, diagnostics: list[Diagnostic], name: str) -> int:
    """Put each note's body where it is called, as `span.footnote` (CSS GCPM 2.2 `float: footnote`)."""
    notes = _notes_by_id(body)
    moved = 0
    used: set[str] = set()
    for ref in list(_noterefs(body)):
        target = (ref.get("href") or "").lstrip("#")
        aside = notes.get(target)
        if aside is None or target in used:
            continue
        if any(anc is aside for anc in ref.iterancestors()):
            continue  # a call inside its own note: leave it
        used.add(target)
        footnote = _footnote_from(aside, number=_text(ref))
        footnote.tail = ref.tail
        ref.getparent().replace(ref, footnote)
        aside.getparent().remove(aside)
        moved += 1
    # Sections emptied of all their notes or apparatus entries go; notes nobody calls stay as endnotes, and we say so.
    for section in list(body.iter("section")):
        if not _classes(section) & {"notes", "apparatus"}:
            continue
        left = [e for e in section.iter("aside", "li") if e.get("id") in notes and e.get("id") not in used]
        if not left:
            section.getparent().remove(section)
            continue
        for element in left:
            diagnostics.append(
                warning(
                    codes.PDF_NOTE_WITHOUT_CALL,
                    f"{name}: note {element.get('id')!r} has no call in the text; printed at the end of its witness",
                )
            )
    return moved


def _footnote_from(aside, *, number: str):
    footnote = etree.Element("span")
    kinds = sorted(c for c in _classes(aside) if c.startswith("note-"))
    if "app-entry" in _classes(aside):
        kinds.append("apparatus")  # a critical apparatus entry: lemma] readings, at the foot as in a printed edition
    footnote.set("class", " ".join(["footnote", *kinds]))
    footnote.set("id", aside.get("id"))
    footnote.set("data-n", number or "*")
    footnote.set("role", "doc-footnote")
    if aside.get("data-place"):
        footnote.set("data-place", aside.get("data-place"))
    content = copy.deepcopy(aside)
    footnote.text = content.text
    footnote.extend(list(content))
    for backlink in [a for a in footnote.iter("a") if a.get("role") == "doc-backlink"]:
        # On paper there is nothing to go back to; the footnote marker carries the number instead.
        _drop_keep_tail(backlink)
    footnote.text = (footnote.text or "").lstrip()
    _phrasing_only(footnote)
    _collapse_whitespace(footnote)
    return footnote


def _collapse_whitespace(footnote) -> None:
    """Runs of whitespace in a note become one space, as CSS would show them anyway.

    WeasyPrint 70 (layout/inline.py split_text_box) fails an assertion ("Got ' \\n' between two lines") when a
    footnote's text keeps the newlines and indentation of the source TEI around a line break.
    """
    for element in footnote.iter():
        if element.text:
            element.text = re.sub(r"\s+", " ", element.text)
        if element.tail and element is not footnote:
            element.tail = re.sub(r"\s+", " ", element.tail)


def _drop_keep_tail(element) -> None:
    parent = element.getparent()
    tail = (element.tail or "").lstrip()
    previous = element.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(element)


def _phrasing_only(footnote) -> None:
    """Turn block elements inside a footnote into spans (class `fn-TAG`), so the HTML parser keeps them inline."""
    for element in list(footnote.iterdescendants()):
        if not isinstance(element.tag, str) or element.tag in PHRASING:
            continue
        classes = (element.get("class") or "").split()
        element.set("class", " ".join([f"fn-{element.tag}", "fn-block", *classes]))
        element.tag = "span"


def _unlink_paragraph_numbers(body) -> None:
    """`a.pnum` links to its own paragraph (a permalink on screen); on paper it is a plain `span.pnum`.

    As a link, each number cost a PDF link annotation (and, tagged, a Link structure element) for nothing to follow.
    """
    for a in list(body.iter("a")):
        if "pnum" in _classes(a):
            a.tag = "span"
            for attribute in ("href", "title", "rel"):
                a.attrib.pop(attribute, None)


def _unlinked_ids_to_data(body) -> None:
    """Ids that no link in the document points to become `data-id` (kept for tracing, invisible to WeasyPrint).

    WeasyPrint turns every id into a PDF anchor, and an element with its own anchor gets a computed style of its own,
    for itself and every descendant: with an id on each paragraph, no two paragraphs share styles, and the cascade and
    line layout redo per paragraph what they would otherwise do once (about 10 % of the time of a 100-page PDF).
    Ids that a link inside the document targets (`href="#id"`, e.g. "same note as 1") stay, so links still work.
    """
    targets = {a.get("href")[1:] for a in body.iter("a") if (a.get("href") or "").startswith("#")}
    for element in body.iter():
        if not isinstance(element.tag, str):
            continue
        ident = element.get("id")
        if ident is not None and ident not in targets:
            del element.attrib["id"]
            element.set("data-id", ident)


def _label_witnesses(body, *, fallback: str = "") -> None:
    """A running-head label per witness ("M · The conference minutes …"), kept short for the page header.

    A text with no siglum (a document without `group`) is not one witness among others: its running head names
    the author instead of repeating the whole witness list.
    """
    for article in body.iter("article"):
        if "witness" not in _classes(article):
            continue
        siglum = article.get("data-siglum") or ""
        if not siglum:
            article.set("data-running-head", _shorten(fallback, 48))
            continue
        desc = next((d for d in article.iter() if isinstance(d.tag, str) and "witness-desc" in _classes(d)), None)
        head = next((h for h in article.iter("header") if "witness-head" in _classes(h)), None)
        described = _text(desc) if desc is not None else (_text(head) if head is not None else "")
        for prefix in (f"Witness {siglum}", siglum):
            if described.startswith(prefix):
                described = described[len(prefix) :].strip(" ·:—-")
        label = _shorten(" · ".join(x for x in (siglum, described) if x), 48)
        article.set("data-running-head", label)


def _shorten(value: str, limit: int) -> str:
    value = re.sub(r"\s+", " ", value).strip()
    if len(value) > limit:
        value = value[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:.·—") + "…"
    return value


def _css_string(value: str) -> str:
    """A running-head text as a CSS string: shortened, then escaped (escape.css_string: hex escapes for every
    character outside a small safe set, so no quote, backslash, "<" or line end of the title reaches the CSS)."""
    return css_string(_shorten(value, 60))  # half a line of running head: the witness takes the other half


def _style_text(css: str) -> str:
    """The print stylesheet as the text of a <style> element, which HTML ends at the first "</style".

    lxml writes a <style> element's text raw (it is CSS, not HTML text), so the stylesheet must not hold "</"
    anywhere: the shipped CSS has none and every value of the document is a css_string, whose "<" is a hex
    escape. Checked here, so that a future change cannot open the element to data without a test failing.
    """
    if "</" in css:
        raise TeiEditionError("internal: the print stylesheet holds '</' (escape every value with escape.css_string)")
    return "\n" + css + "\n"


def _page_css(paper: str, title: str) -> str:
    # Per document: the paper size and the running head's edition title (a CSS string, escaped).
    return (
        f"@page {{ size: {PAPERS[paper]}; }}\n"
        f"@page {{ @top-left {{ content: {_css_string(title)}; }} }}\n"
        "@page :first { @top-left { content: none; } }\n"
    )


# ---------------------------------------------------------------------------------------------------------------
# WeasyPrint (imported only here: it costs about 350 ms and needs pango)
# ---------------------------------------------------------------------------------------------------------------


def load_weasyprint():
    """Import WeasyPrint, or raise a TeiEditionError (E420) saying what to install."""
    try:
        import weasyprint
    except (ImportError, OSError) as exc:  # OSError: cffi cannot dlopen pango/harfbuzz
        message = f"PDF export needs WeasyPrint and its system libraries: {exc}"
        raise TeiEditionError(message, [error(codes.PDF_NOT_INSTALLED, message, hint=INSTALL_HINT)]) from None
    return weasyprint


_FONT_CONFIG = None


def _font_config(weasyprint):
    """One FontConfiguration per process, shared by every render_pdf call.

    WeasyPrint makes a new one per document unless given one; building it and loading the fonts into it costs about
    15 ms a document, which a build of several documents (make edition, the benchmark) pays only once this way. The
    print stylesheet has no @font-face, so nothing of one document is kept for the next but the system fonts
    (tests/test_export_pdf.py: a PDF made after another is byte for byte the one made first). Not for several threads.
    """
    global _FONT_CONFIG
    if _FONT_CONFIG is None:
        from weasyprint.text.fonts import FontConfiguration

        _FONT_CONFIG = FontConfiguration()
    return _FONT_CONFIG


STYLESHEET_NOISE = re.compile(r"(Ignored `|Expected a media type|Invalid media type|Unsupported @|Unknown pseudo)")


class _Collect(logging.Handler):
    """WeasyPrint logs problems (unsupported CSS, missing glyphs); we report them as diagnostics instead."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


# What WeasyPrint may load while it lays a PDF out: nothing but files the package ships (tei_edition/static; the
# print stylesheet is inline today, so in practice nothing at all). Every other URL (file: anywhere else, http(s),
# data:, ftp:) is refused and reported as W620: a TEI link, an <img>, an @import, a url() in CSS, an SVG <image>,
# a <link rel=attachment> or an <object> reaches WeasyPrint only through this fetcher (docs/pdf.md, Security).
CODE_REFUSED_URL = codes.REFUSED_URL
REFUSED = "refused by tei-edition: a PDF loads no file or URL"
REFUSED_HINT = "the PDF is made from the TEI alone; link to the resource (ref/@target) instead of embedding it"
STATIC = Path(__file__).resolve().parent.parent / "static"


def _packaged(url: str) -> tuple[bytes, str] | None:
    """The bytes and media type of a file the package ships, for a file: URL naming one; else None."""
    if not url.lower().startswith("file:"):
        return None
    from urllib.request import url2pathname

    try:
        path = Path(url2pathname(urllib.parse.urlsplit(url).path)).resolve()
    except (OSError, ValueError):
        return None
    if not path.is_relative_to(STATIC) or not path.is_file():
        return None
    return path.read_bytes(), mimetypes.guess_type(path.name)[0] or "application/octet-stream"


def url_fetcher(weasyprint):
    """A WeasyPrint URL fetcher that serves packaged files and refuses every other URL (recording it in .refused)."""
    return _packaged_only()()


@functools.cache  # one class per process (a class is a reference cycle: made per document, it is garbage to collect)
def _packaged_only():
    from weasyprint import urls

    class PackagedOnly(urls.URLFetcher):
        def __init__(self):
            super().__init__(allowed_protocols=("file",), allow_redirects=False, fail_on_errors=False)
            self.refused: list[str] = []

        def fetch(self, url, headers=None):
            found = _packaged(url)
            if found is None:
                self.refused.append(url)
                raise ValueError(REFUSED)
            return urls.URLFetcherResponse(url, found[0], {"Content-Type": found[1]})

        def open(self, url, data=None, timeout=None):  # urllib's entry point: the same door
            return self.fetch(url.full_url if hasattr(url, "full_url") else url)

    return PackagedOnly


def render_pdf(html: str, *, tagged: bool = True, name: str = "<input>", depth: int | None = None) -> tuple[bytes, int, list[Diagnostic]]:
    """Lay out print HTML with WeasyPrint: PDF bytes, page count, diagnostics (W42x from WeasyPrint's log, W620 for
    each resource it was refused). `depth`: how deeply the HTML is nested, when the caller knows (else measured)."""
    weasyprint = load_weasyprint()
    if depth is None:
        depth = tree_depth(parse_html(html))
    return run_deep(_render_pdf, depth, weasyprint, html, tagged, name, name=name)


def _render_pdf(weasyprint, html: str, tagged: bool, name: str) -> tuple[bytes, int, list[Diagnostic]]:
    logger = logging.getLogger("weasyprint")
    handler = _Collect()
    logger.addHandler(handler)
    propagate = logger.propagate
    logger.propagate = False
    fetcher = url_fetcher(weasyprint)
    try:
        document = weasyprint.HTML(string=html, base_url=None, url_fetcher=fetcher).render(
            pdf_tags=tagged, font_config=_font_config(weasyprint)
        )
        # PDF/UA-1 (ISO 14289) when tagging: tags, the title shown in the window, the document language.
        options = {"pdf_variant": "pdf/ua-1"} if tagged else {}
        pdf = document.write_pdf(**options)
    except OSError as exc:
        message = f"{name}: WeasyPrint could not render the PDF: {exc}"
        raise TeiEditionError(message, [error(codes.PDF_RENDER_FAILED, message, hint=INSTALL_HINT)]) from None
    except (AssertionError, ValueError, TypeError, IndexError, KeyError) as exc:
        # A layout bug inside WeasyPrint: say so plainly instead of "internal error" from tei-edition.
        message = f"{name}: WeasyPrint failed while laying out the pages ({type(exc).__name__}: {exc})"
        raise TeiEditionError(
            message, [error(codes.PDF_LAYOUT_FAILED, message, hint="try --untagged; report the file to the tei-edition project")]
        ) from None
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate
    # What WeasyPrint says about the shipped stylesheets (screen-only properties and media queries it ignores) is
    # not about the user's file; anything else (a glyph no font has, an image it cannot load) is. Its own words
    # about a refused URL are replaced by one W620 per URL.
    messages = [m for m in dict.fromkeys(handler.messages) if not STYLESHEET_NOISE.match(m) and REFUSED not in m]
    diagnostics = [warning(codes.WEASYPRINT_WARNING, f"{name}: WeasyPrint: {m}") for m in messages]
    diagnostics += [
        warning(CODE_REFUSED_URL, f"{name}: not loaded into the PDF: {url[:120]}", hint=REFUSED_HINT)
        for url in dict.fromkeys(fetcher.refused)
    ]
    return pdf, len(document.pages), diagnostics
