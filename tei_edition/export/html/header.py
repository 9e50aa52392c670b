"""The teiHeader as a reader sees it: the "about this edition" panel, a citation, and the page's <meta> data."""

from __future__ import annotations

import dataclasses

from lxml import etree

from tei_edition.export.html.render import XML_ID, Renderer, append_text, safe_href, sub
from tei_edition.tei.names import TEI, local_name


def plain(el) -> str:
    """An element's text with its whitespace collapsed (notes inside titles are left out)."""
    if el is None:
        return ""
    parts: list[str] = []
    _plain_texts(el, parts)
    return " ".join("".join(parts).split())


def _plain_texts(node, parts: list[str]) -> None:
    # (a module-level function, not a closure: a recursive closure is a reference cycle that keeps the tree alive)
    if node.text and local_name(node) != "note":
        parts.append(node.text)
    for child in node:
        if isinstance(child.tag, str) and local_name(child) != "note":
            _plain_texts(child, parts)
        if child.tail:
            parts.append(child.tail)


@dataclasses.dataclass
class Metadata:
    title: str
    authors: list[str]
    language: str
    licence_text: str
    licence_href: str | None
    identifiers: list[tuple[str, str]]
    publisher: str
    date: str


def find(el, path: str):
    return el.find(path.replace("t:", TEI)) if el is not None else None


def findall(el, path: str):
    return el.findall(path.replace("t:", TEI)) if el is not None else []


def header_of(root):
    if local_name(root) == "teiCorpus" or root.find(TEI + "teiHeader") is None:
        return root.find(".//" + TEI + "teiHeader")
    return root.find(TEI + "teiHeader")


def metadata(root) -> Metadata:
    """The page's facts from the header (tei_edition.tei.read_header, the one header reader)."""
    from tei_edition.tei.read_header import read_header

    h = read_header(root)
    lang = h.language or h.text_language or next((x for x in h.languages[:1] if x), "")
    return Metadata(
        title=h.title or "Untitled TEI document",
        authors=list(h.authors),
        language=lang or "en",
        licence_text=h.licence,
        licence_href=safe_href(h.licence_url) if h.licence_url else None,
        identifiers=[(kind or "identifier", text) for kind, text in h.identifiers],
        publisher="; ".join(text for _, text in h.publishers),
        date=h.published,
    )


def citation(meta: Metadata, editors: list[str]) -> str:
    """A plain citation: author, title, editors, publisher, date, identifier (in that order, what exists)."""
    parts = []
    if meta.authors:
        parts.append("; ".join(meta.authors) + ".")
    parts.append(meta.title.rstrip(".") + ".")
    if editors:
        parts.append("Ed. " + ", ".join(editors) + ".")
    pub = ", ".join(x for x in (meta.publisher, meta.date) if x)
    if pub:
        parts.append(pub + ".")
    if meta.identifiers:
        parts.append(meta.identifiers[0][1] + ".")
    return " ".join(parts)


def render_header_panel(r: Renderer, parent, *, tei_href: str | None) -> None:
    """<section class="tei-header">: title, author, responsibilities, sources, witnesses, licence, identifier, citation."""
    root = r.root
    header = header_of(root)
    meta = r.metadata()
    section = sub(parent, "section", "tei-header", id="about")
    section.set("aria-labelledby", "about-label")
    sub(section, "h2", None, "About this edition", id="about-label")
    dl = sub(section, "dl", "header-fields")
    saved = r.numbering, r.inline_notes, r.article_id, r.quiet_unknown
    r.numbering, r.inline_notes, r.article_id, r.quiet_unknown = False, True, "about", True
    try:
        fd = find(header, "t:fileDesc")
        ts = find(fd, "t:titleStmt")

        def field(label: str, cls: str, elements, *, join=None):
            elements = [e for e in elements if e is not None and (plain(e) or len(e))]
            if not elements:
                return
            sub(dl, "dt", cls, label)
            for e in elements:
                dd = sub(dl, "dd", cls)
                r.render(e, dd) if join is None else join(e, dd)

        def resp_stmt(e, dd):
            resp = [c for c in e if local_name(c) == "resp"]
            names = [c for c in e if isinstance(c.tag, str) and local_name(c) != "resp"]
            for i, n in enumerate(names):
                if i:
                    append_text(dd, ", ")
                r.render(n, dd)
            if resp:
                append_text(dd, " (")
                for i, c in enumerate(resp):
                    if i:
                        append_text(dd, "; ")
                    span = sub(dd, "span", "resp")
                    r.children(c, span)
                append_text(dd, ")")

        titles = findall(ts, "t:title")
        field("Title", "title", titles)
        field("Author", "author", findall(ts, "t:author"))
        field(
            "Editors and responsibilities",
            "resp",
            findall(ts, "t:editor") + findall(ts, "t:respStmt") + findall(find(fd, "t:editionStmt"), "t:respStmt"),
            join=lambda e, dd: resp_stmt(e, dd) if local_name(e) == "respStmt" else r.render(e, dd),
        )
        field("Edition", "edition", findall(find(fd, "t:editionStmt"), "t:edition"))
        ps = find(fd, "t:publicationStmt")
        field("Published by", "publisher", [p for p in findall(ps, "*") if local_name(p) in ("publisher", "authority", "distributor")])
        field("Date", "pubdate", findall(ps, "t:date"))
        availability = ps.find(".//" + TEI + "availability") if ps is not None else None
        licences = findall(availability, "t:licence") if availability is not None else []

        def licence(e, dd):
            href = safe_href(e.get("target"))
            if href:
                a = sub(dd, "a", "licence", href=href, rel="license")
                r.children(e, a) if plain(e) else append_text(a, e.get("target"))
            else:
                r.children(e, dd)

        field("Licence", "licence", licences or ([availability] if availability is not None else []), join=licence if licences else None)

        def idno(e, dd):
            value = plain(e)
            href = safe_href(value) if value.startswith(("http://", "https://")) else None
            if e.get("type"):
                sub(dd, "span", "idno-type", e.get("type") + ": ")
            if href:
                sub(dd, "a", "idno", value, href=href)
            else:
                r.children(e, dd)

        field("Identifier", "idno", findall(ps, "t:idno"), join=idno)
        sd = find(fd, "t:sourceDesc")
        sources = [c for c in (sd if sd is not None else []) if isinstance(c.tag, str) and local_name(c) != "listWit"]
        field("Sources", "source", sources)
        witnesses = sd.findall(".//" + TEI + "witness") if sd is not None else []

        def witness(e, dd):
            siglum = e.get("n") or e.get(XML_ID) or ""
            if siglum:
                sub(dd, "span", "siglum", siglum)
                append_text(dd, " ")
            r.children(e, dd)

        field("Witnesses", "witness", witnesses, join=witness)
        notes = findall(find(fd, "t:notesStmt"), "t:note")
        field("Notes on the edition", "notes-stmt", notes, join=lambda e, dd: r.children(e, dd))
        editors = [
            plain(n)
            for rs in findall(ts, "t:respStmt") + findall(ts, "t:editor")
            for n in ([rs] if local_name(rs) == "editor" else [c for c in rs if local_name(c) != "resp"])
            if plain(n)
        ]
        sub(dl, "dt", "cite", "How to cite")
        sub(dl, "dd", "cite", citation(meta, editors))
        if tei_href:
            sub(dl, "dt", "tei-file", "TEI file")
            dd = sub(dl, "dd", "tei-file")
            href = safe_href(tei_href)
            if href:
                sub(dd, "a", "tei-link", tei_href, href=href, type="application/tei+xml")
    finally:
        r.numbering, r.inline_notes, r.article_id, r.quiet_unknown = saved


def render_meta(head, meta: Metadata, *, tei_href: str | None, generator: str) -> None:
    """<meta> data for search engines, citation managers and archives (Dublin Core names)."""
    sub(head, "title", None, meta.title)
    if meta.authors:
        sub(head, "meta", name="author", content="; ".join(meta.authors))
        for a in meta.authors:
            sub(head, "meta", name="dcterms.creator", content=a)
    sub(head, "meta", name="dcterms.title", content=meta.title)
    sub(head, "meta", name="dcterms.language", content=meta.language)
    if meta.licence_text or meta.licence_href:
        sub(head, "meta", name="dcterms.license", content=meta.licence_href or meta.licence_text)
    if meta.licence_href:
        sub(head, "link", rel="license", href=meta.licence_href)
    for _kind, value in meta.identifiers[:3]:
        sub(head, "meta", name="dcterms.identifier", content=value)
    sub(head, "meta", name="generator", content=generator)
    if tei_href and safe_href(tei_href):
        sub(head, "link", rel="alternate", type="application/tei+xml", href=safe_href(tei_href))


__all__ = ["Metadata", "metadata", "render_header_panel", "render_meta", "plain", "citation", "etree"]
