"""HTML export: any TEI document as one self-contained HTML5 reading edition (witnesses side by side, notes, apparatus)."""

from __future__ import annotations

import base64
import functools
import hashlib
from importlib import resources

import lxml.html
from lxml import etree

from tei_edition import __version__, codes
from tei_edition.diagnostics import Diagnostic, Span, error
from tei_edition.errors import InputError
from tei_edition.export.deep import check_depth, run_deep
from tei_edition.export.html.header import header_of, render_header_panel, render_meta
from tei_edition.export.html.render import XML_ID, XML_LANG, Renderer, append_text, has_content, safe_href, sub, words_of
from tei_edition.tei.names import TEI, local_name

__all__ = ["export_html", "html_tree", "render_body", "stylesheet", "script"]


@functools.cache
@functools.cache  # package data: read once per process
def stylesheet() -> str:
    return resources.files("tei_edition").joinpath("static", "edition.css").read_text(encoding="utf-8")


@functools.cache
@functools.cache
def script() -> str:
    return resources.files("tei_edition").joinpath("static", "edition.js").read_text(encoding="utf-8")


def _outer_texts(root):
    """The outermost `text` elements (a teiCorpus has one per TEI; a `group` holds more, handled below)."""
    found = []
    for text in root.iter(TEI + "text", "text"):
        if not any(local_name(a) == "text" for a in text.iterancestors()):
            found.append(text)
    return found


def _child(el, name):
    return next((c for c in el if isinstance(c.tag, str) and local_name(c) == name), None)


def _check_root(root, name: str) -> None:
    if local_name(root) not in ("TEI", "teiCorpus"):
        found = local_name(root)
        raise InputError(
            f"{name}: not a TEI document",
            [
                error(
                    codes.HTML_NOT_TEI,
                    f"the root element is <{found}>, not a TEI <TEI> or <teiCorpus>",
                    Span(name, root.sourceline or 1, 1),
                )
            ],
        )


def render_body(tree, *, tei_href: str | None = None, name: str = "<input>", _renderer: Renderer | None = None):
    """The HTML <body> of the edition (an lxml element), for export_html and for the PDF exporter."""
    root = tree.getroot() if hasattr(tree, "getroot") else tree
    _check_root(root, name)
    r = _renderer or Renderer(tree, name)
    for reserved in ("main", "about", "about-label", "witness-toggle", "note-popover"):
        r.used_ids.add(reserved)
    body = etree.Element("body")
    head = sub(body, "header", "edition-head")
    main = sub(body, "main", "edition", id="main")
    witnesses = etree.Element("div")
    witnesses.set("class", "witnesses")
    articles = []
    backs = []

    def shared(el):
        """Front matter shared by all witnesses goes into the edition head, notes and all."""
        r.in_edition_head, r.numbering, r.article_id = True, False, "edition-head"
        try:
            r.children(el, head) if local_name(el) == "front" else r.render(el, head)
        finally:
            r.in_edition_head, r.numbering = False, True

    def loose(text):
        """Text standing between the texts of a group (TEI has none there): shared, in the edition head."""
        if text and text.strip():
            sub(head, "p", "tei-content", text)

    def walk_group(group):
        """A group's texts in order, nested groups in place (a loop: a recursive closure is a reference cycle,
        which would keep both trees alive until the garbage collector runs)."""
        loose(group.text)
        stack = [(group, iter(group))]
        while stack:
            child = next(stack[-1][1], None)
            if child is None:
                done, _ = stack.pop()
                if stack:
                    loose(done.tail)
                continue
            kind = local_name(child)
            if kind == "group":
                loose(child.text)
                stack.append((child, iter(child)))
                continue
            if kind == "text":
                articles.append(child)
            elif kind is not None:
                shared(child)
            loose(child.tail)

    for text in _outer_texts(root):
        group = _child(text, "group")
        if group is None:
            articles.append(text)
            continue
        loose(text.text)
        for child in text:
            kind = local_name(child)
            if kind == "front":
                shared(child)
            elif kind == "group":
                walk_group(child)
            elif kind is not None:
                backs.append(child)
            loose(child.tail)
    if r.notes or r.apparatus:  # of the shared front matter
        r.article_id = "edition-head"
        r.render_end(head)
    meta = r.metadata()
    if not r.h1_done:
        h1 = etree.Element("h1")
        h1.set("class", "edition-title")
        h1.text = meta.title
        head.insert(0, h1)
    nav = sub(head, "p", "edition-nav")
    sub(nav, "a", None, "About this edition", href="#about")

    if len(articles) > 1:
        fieldset = sub(main, "fieldset", "witness-toggle", id="witness-toggle")
        sub(fieldset, "legend", None, "Show witnesses")
    for i, text in enumerate(articles, 1):
        _render_article(r, text, witnesses, i, single=len(articles) == 1)
        if len(articles) > 1:
            article = witnesses[-1]
            label = sub(fieldset, "label", "witness-choice")
            box = sub(label, "input", type="checkbox", id=f"show-wit-{i}", checked="checked")
            box.set("aria-controls", article.get("id"))
            append_text(label, " Witness " + (article.get("data-siglum") or str(i)))
    main.append(witnesses)
    for back in backs:
        # a back holding only an empty divGen (where the note list stood) shows nothing: no section
        if words_of(back.text) or any(
            words_of(c.tail) or (isinstance(c.tag, str) and (local_name(c) != "divGen" or has_content(c))) for c in back
        ):
            r.article_id = "edition-back"
            r.pcount = 0
            section = sub(main, "section", "edition-back")
            r.render(back, section)
            r.render_end(section)
    render_header_panel(r, main, tei_href=tei_href)
    footer = sub(body, "footer", "edition-foot")
    p = sub(footer, "p", None, f"Made with tei-edition {__version__} from ")
    href = safe_href(tei_href) if tei_href else None
    if href:
        sub(p, "a", "tei-link", "the TEI file", href=href, type="application/tei+xml")
    else:
        append_text(p, "a TEI file")
    append_text(p, ".")
    r.finish_warnings()
    body.set("data-witnesses", str(len(articles)))
    return body


def _render_article(r: Renderer, text, container, index: int, *, single: bool) -> None:
    xid = text.get(XML_ID)
    aid = r.reserve(xid if xid and xid not in r.used_ids else f"text-{index}")
    r.article_id, r.notes, r.apparatus, r.pcount, r.headings_from = aid, [], [], 0, 2
    article = sub(container, "article", "witness", id=aid)
    article.set("data-witness-index", str(index))
    source = (text.get("source") or text.get("decls") or "").split()
    candidates = (r.by_id.get(s[1:]) for s in source if s.startswith("#"))
    witness = next((w for w in candidates if w is not None and local_name(w) == "witness"), None)
    siglum = text.get("n") or (witness.get("n") if witness is not None else None)
    if siglum:
        article.set("data-siglum", siglum)
    if text.get("type"):
        article.set("data-type", text.get("type"))
    lang = text.get(XML_LANG) or r.root.get(XML_LANG)
    if lang:
        article.set("lang", lang)
    head = sub(article, "header", "witness-head")
    h2 = sub(head, "h2", "witness-title")
    if siglum:
        append_text(h2, "Witness ")
        sub(h2, "span", "siglum", siglum)
    else:
        append_text(h2, "Text" if single else f"Text {index}")
    saved = r.numbering, r.inline_notes
    r.numbering, r.inline_notes = False, True
    try:
        if witness is not None:
            desc = sub(head, "div", "witness-desc")
            r.children(witness, desc)
        elif single:
            header = header_of(r.root)
            wits = header.findall(".//" + TEI + "witness") if header is not None else []
            if wits:
                desc = sub(head, "ul", "witness-desc witness-list")
                for w in wits:
                    li = sub(desc, "li")
                    if w.get("n") or w.get(XML_ID):
                        sub(li, "span", "siglum", w.get("n") or w.get(XML_ID))
                        append_text(li, " ")
                    r.children(w, li)
    finally:
        r.numbering, r.inline_notes = saved
    append_text(article, words_of(text.text))
    for child in text:
        if isinstance(child.tag, str):
            r.render(child, article)
        append_text(article, words_of(child.tail))
    r.render_end(article)


@functools.lru_cache(maxsize=16)  # the page's style (one per witness count) and script
def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def _toggle_css(count: int) -> str:
    """Hide a witness whose box is unticked, with no script (CSS :has)."""
    return "".join(
        f'body:has(#show-wit-{i}:not(:checked)) article[data-witness-index="{i}"]{{display:none}}\n' for i in range(1, count + 1)
    )


def export_html(tree, *, tei_href: str | None = None, name: str = "<input>") -> tuple[str, list[Diagnostic]]:
    """A complete, self-contained HTML5 document for a TEI tree (ours or anyone's), and the warnings met.

    A document nested deeper than MAX_DEPTH is refused (E630); a deep one is rendered with room to recurse."""
    root = tree.getroot() if hasattr(tree, "getroot") else tree
    _check_root(root, name)
    depth = check_depth(root, name)
    return run_deep(_export_html, depth, tree, root, tei_href, name, name=name)


def html_tree(tree, *, tei_href: str | None = None, name: str = "<input>") -> tuple[etree._Element, list[Diagnostic]]:
    """The <html> element that export_html serialises (built with lxml, never parsed from a string), and the warnings
    met: the PDF exporter re-arranges it for print. A new tree on every call, the caller's to change."""
    root = tree.getroot() if hasattr(tree, "getroot") else tree
    _check_root(root, name)
    depth = check_depth(root, name)
    return run_deep(_html_tree, depth, tree, root, tei_href, name, name=name)


def _export_html(tree, root, tei_href: str | None, name: str) -> tuple[str, list[Diagnostic]]:
    html, diagnostics = _html_tree(tree, root, tei_href, name)
    out = lxml.html.tostring(html, encoding="unicode", doctype="<!DOCTYPE html>", method="html")
    return out + "\n", diagnostics


def _html_tree(tree, root, tei_href: str | None, name: str) -> tuple[etree._Element, list[Diagnostic]]:
    r = Renderer(tree, name)
    body = render_body(tree, tei_href=tei_href, name=name, _renderer=r)
    meta = r.metadata()
    html = etree.Element("html", lang=meta.language)
    head = sub(html, "head")
    sub(head, "meta", charset="utf-8")
    sub(head, "meta", name="viewport", content="width=device-width, initial-scale=1")
    css = stylesheet() + _toggle_css(int(body.get("data-witnesses") or 0))
    js = script()
    # The page loads nothing and runs only its own script: a source's "<script>" or "javascript:" can never run.
    # No image of any kind (default-src 'none' covers img-src): the edition links images, it never shows them.
    csp = f"default-src 'none'; style-src {_sha256(css)}; script-src {_sha256(js)}; base-uri 'none'; form-action 'none'"
    sub(head, "meta", http_equiv="Content-Security-Policy", content=csp)
    render_meta(head, meta, tei_href=tei_href, generator=f"tei-edition {__version__}")
    style = sub(head, "style")
    style.text = css
    html.append(body)
    body.attrib.pop("data-witnesses", None)
    script_el = sub(body, "script")
    script_el.text = js
    return html, r.diagnostics
