"""The one reader of a TEI header's facts (TEI P5 2 The TEI Header): titles, people, dates, languages, identifiers,
licence, publisher, sources and witnesses, as plain strings.

`package` (bag-info, DataCite, Zenodo), `build` (the index rows), the HTML export (its <meta> data and citation) and
the PDF export (its document metadata) all read the header here; each decides only which of these facts it shows and
in what order of preference. It reads any TEI, not only what `convert` writes: a teiCorpus, a document without a
header, a title holding a note or markup.
"""

from __future__ import annotations

import dataclasses
import re

from tei_edition.tei.names import TEI as T
from tei_edition.tei.names import XML, local_name

XML_ID = XML + "id"
XML_LANG = XML + "lang"
PUBLISHER_TAGS = ("publisher", "authority", "distributor")  # publicationStmt's statements of who issues the file
_SPACE = re.compile(r"\s+")


@dataclasses.dataclass
class Witness:
    id: str
    siglum: str  # @n
    description: str


@dataclasses.dataclass
class HeaderFacts:
    """What a TEI header says, as text (whitespace collapsed; notes left out of titles); "" or [] when it does not say."""

    titles: list[tuple[str, str]] = dataclasses.field(default_factory=list)  # (@type or "", text) of titleStmt/title
    title: str = ""  # title[@type=main], else the first title
    subtitle: str = ""  # the first title[@type=sub]
    authors: list[str] = dataclasses.field(default_factory=list)  # titleStmt/author
    editors: list[str] = dataclasses.field(default_factory=list)  # titleStmt/editor
    responsibilities: list[tuple[str, str]] = dataclasses.field(default_factory=list)  # titleStmt/respStmt: (resp, name)
    publishers: list[tuple[str, str]] = dataclasses.field(default_factory=list)  # (local name, text), in document order
    identifiers: list[tuple[str, str]] = dataclasses.field(default_factory=list)  # publicationStmt/idno: (@type or "", text)
    licence: str = ""  # the first availability/licence's text, else availability's text
    licence_url: str = ""  # that licence's @target (as written: a consumer decides whether it is safe to link)
    published: str = ""  # publicationStmt/date: @when, else its text
    published_text: str = ""  # publicationStmt/date's text
    created: str = ""  # profileDesc/creation/date: @when, else @from
    created_text: str = ""  # its text
    language: str = ""  # TEI/@xml:lang
    text_language: str = ""  # the first text's @xml:lang
    languages: list[str] = dataclasses.field(default_factory=list)  # profileDesc/langUsage/language/@ident
    sources: list[str] = dataclasses.field(default_factory=list)  # the text of each child of sourceDesc
    source_url: str = ""  # sourceDesc//bibl[@type=webPage]//ref/@target
    witnesses: list[Witness] = dataclasses.field(default_factory=list)  # sourceDesc//witness

    @property
    def identifier(self) -> str:
        return self.identifiers[0][1] if self.identifiers else ""

    @property
    def identifier_type(self) -> str:
        return self.identifiers[0][0] if self.identifiers else ""


def text_of(element, *, notes: bool = True) -> str:
    """An element's text with its whitespace collapsed (comments and processing instructions are not text). With
    notes=False a note inside is left out, its tail kept: the words of a title are not those of its notes; elsewhere
    a note may be all there is (DTA writes a respStmt's resp as a note)."""
    if element is None:
        return ""
    parts: list[str] = []
    _texts(element, parts, notes)
    return _SPACE.sub(" ", "".join(parts)).strip()


def _texts(node, parts: list[str], notes: bool) -> None:
    # (a module-level function, not a closure: a recursive closure is a reference cycle that keeps the tree alive)
    if node.text:
        parts.append(node.text)
    for child in node:
        if isinstance(child.tag, str) and (notes or child.tag != T + "note"):
            _texts(child, parts, notes)
        if child.tail:
            parts.append(child.tail)


def header_element(root):
    """The header that speaks for the document: the root's own, else (a teiCorpus, a header further in) the first one."""
    header = root.find(T + "teiHeader")
    if header is None or root.tag == T + "teiCorpus":
        header = root.find(".//" + T + "teiHeader")
    return header


def read_header(tree_or_root) -> HeaderFacts:
    """The facts of the document's header (an ElementTree or its root element)."""
    root = tree_or_root.getroot() if hasattr(tree_or_root, "getroot") else tree_or_root
    f = HeaderFacts(language=root.get(XML_LANG) or "")
    text = root.find(".//" + T + "text")
    f.text_language = (text.get(XML_LANG) or "") if text is not None else ""
    header = header_element(root)
    if header is None:
        return f
    file_desc = header.find(T + "fileDesc")
    stmt = file_desc.find(T + "titleStmt") if file_desc is not None else None
    if stmt is not None:
        titles = stmt.findall(T + "title")
        f.titles = [(t.get("type") or "", text_of(t, notes=False)) for t in titles]
        main = next((t for t in titles if t.get("type") == "main"), titles[0] if titles else None)
        f.title = text_of(main, notes=False)
        f.subtitle = next((text for kind, text in f.titles if kind == "sub"), "")
        f.authors = [a for a in (text_of(e) for e in stmt.iterfind(T + "author")) if a]
        f.editors = [a for a in (text_of(e) for e in stmt.iterfind(T + "editor")) if a]
        for resp in stmt.iterfind(T + "respStmt"):
            role = text_of(resp.find(T + "resp"))
            names = [text_of(n) for n in resp if isinstance(n.tag, str) and n.tag != T + "resp"]
            f.responsibilities += [(role, n) for n in names if n]
    pub = file_desc.find(T + "publicationStmt") if file_desc is not None else None
    if pub is not None:
        f.identifiers = [(i.get("type") or "", t) for i in pub.iterfind(T + "idno") if (t := text_of(i))]
        licence = pub.find(f"{T}availability/{T}licence")
        f.licence = text_of(licence) or text_of(pub.find(T + "availability"))
        f.licence_url = (licence.get("target") or "") if licence is not None else ""
        f.publishers = [
            (local_name(p) or "", t)
            for p in pub
            if isinstance(p.tag, str) and p.tag.startswith(T) and local_name(p) in PUBLISHER_TAGS and (t := text_of(p))
        ]
        date = pub.find(T + "date")
        if date is not None:
            f.published_text = text_of(date)
            f.published = date.get("when") or f.published_text
    created = header.find(f"{T}profileDesc/{T}creation/{T}date")
    if created is not None:
        f.created = created.get("when") or created.get("from") or ""
        f.created_text = text_of(created)
    f.languages = [lang.get("ident") or "" for lang in header.iterfind(f"{T}profileDesc/{T}langUsage/{T}language")]
    source_desc = file_desc.find(T + "sourceDesc") if file_desc is not None else None
    if source_desc is not None:
        f.sources = [t for t in (text_of(e) for e in source_desc if isinstance(e.tag, str)) if t]
        ref = source_desc.find(f".//{T}bibl[@type='webPage']//{T}ref")
        f.source_url = (ref.get("target") or "") if ref is not None else ""
        f.witnesses = [Witness(w.get(XML_ID) or "", w.get("n") or "", text_of(w)) for w in source_desc.iterfind(f".//{T}witness")]
    return f
