"""The teiHeader: metadata from edition.toml merged with what the text gives (encoding.md §3); says what is missing."""

from __future__ import annotations

import re
from typing import Any

from lxml import etree

from tei_edition import __version__, codes, layout
from tei_edition.diagnostics import Diagnostic, warning
from tei_edition.metadata import Metadata
from tei_edition.model import Document, Node
from tei_edition.source import TextFile
from tei_edition.tei.build import el, sub

# What the editorial declaration says of each convention, written only when the document has it: (feature, text).
EDITORIAL_RULES = [
    (
        "note",
        "Note call-outs of the plain text are replaced by the note itself, placed inline at the call with @n the "
        "number of the source; the note bodies of the plain text are consumed, not repeated (TEI P5 3.9.1).",
    ),
    (
        "sameAs",
        'The mark [DUPLICATE "*".] of the web archive\'s converter (a second call-out of the same printed footnote) '
        "is not text of the edition: it is removed from the note and recorded as @sameAs pointing to the first "
        "note of its series.",
    ),
    (
        "pb",
        "A run of space, no-break space, space (a dropped page anchor of the printed volume) is encoded as pb with "
        "@edRef pointing to the printed edition; the page number is not known and is not guessed. Every other "
        "no-break space is kept as a character.",
    ),
    (
        "hiatus",
        'A hiatus whose note reads "Hiatus in the minutes" is encoded as the printed points (kept as text), '
        'then an empty gap with @reason="hiatus", then the note pointing to the gap with @target. Points with no '
        "note get no gap.",
    ),
    (
        "gap",
        "Editorial marks of omission or illegibility ([…], [illegible], * * *) stay as printed, followed by an empty gap with its @reason.",
    ),
    (
        "supplied",
        "Words in square brackets added by the editors are encoded as supplied; the brackets are recorded "
        "as generated content in tagsDecl.",
    ),
    (
        "dates",
        "Dual dates: @when, @from and @to are always Gregorian; the Julian member carries @when-custom/@from-custom/"
        "@to-custom with @datingMethod. Which member is Julian is decided from the calendar offset (13 days in "
        "1900-2100, 12 in the 19th century), never from the order.",
    ),
    (
        None,
        "Line breaks inside a block of the plain text are encoded as lb with @edRef pointing to it. The rest of "
        "its layout (blank lines, where its note bodies stood, the characters around a note body) is not text of the "
        "edition: it is kept in tei-edition processing instructions, which TEI processors ignore.",
    ),
]


def build_header(
    doc: Document, meta: Metadata, file: TextFile, source_name: str, features: set[str]
) -> tuple[etree._Element, list[Diagnostic]]:
    """The teiHeader; `features` names what the text has ("dates", "pb", "lb", "note", ...) so the header says
    only what applies to this document."""
    has_dates, has_page_breaks = "dates" in features, "pb" in features
    diagnostics: list[Diagnostic] = []
    missing: list[str] = []
    header = el("teiHeader")
    file_desc = sub(header, "fileDesc")
    supplied = _title_stmt(file_desc, doc, meta, missing)
    _publication_stmt(file_desc, doc, meta, missing)
    _series_stmt(file_desc, doc)
    _notes_stmt(file_desc, meta, supplied)
    _source_desc(file_desc, doc, meta, file, source_name, has_page_breaks)
    _encoding_desc(header, doc, meta, features)
    _profile_desc(header, doc, meta, has_dates)
    if missing:
        where = (
            f"{meta.path.replace(chr(92), '/').rsplit('/', 1)[-1]} lacks"
            if meta.path
            else "no metadata file (edition.toml): the header lacks"
        )
        diagnostics.append(
            warning(
                codes.HEADER_INCOMPLETE,
                f"{where} {', '.join(missing)}; the header holds what the text gives",
                hint="see corpus/000-lenin-1917-05-08-soviets/edition.toml for every field",
            )
        )
    return header, diagnostics


def _name(kind: str | None, text: str, attrs: dict | None = None) -> etree._Element:
    return el("orgName" if kind == "org" else "persName", attrs, text=text)


def _title_stmt(parent, doc: Document, meta: Metadata, missing: list[str]) -> bool:
    """titleStmt; returns whether its main title was supplied (neither the metadata nor the title lines give one)."""
    ts = sub(parent, "titleStmt")
    supplied = False
    facts = doc.title  # what the front says of title and people (tei_edition/reader/front.TitleFacts), or None
    title = meta.get("document", "title") or doc.header_fields.get("title")
    subtitle = meta.get("document", "subtitle")
    if not (title or "").strip():
        title = (facts.title if facts is not None else "") or _title_from_text(doc)
        if not title.strip():  # (a title line of spaces alone, " \u00a0 ", is none)
            title, supplied = _supplied_title(doc), True
            missing.append("a title ([document] title; the text gives none, so the header's is supplied and says so)")
    sub(ts, "title", {"type": "main"}, text=title)
    if subtitle:
        sub(ts, "title", {"type": "sub"}, text=subtitle)
    author = meta.section("author")
    if author.get("name"):
        a = sub(ts, "author", {"ref": "#" + author["id"]} if author.get("id") else None)
        a.text = author.get("full_name") or author["name"]
    elif doc.info is not None and doc.info.author:  # the page's metadata table: "| Author(s) | Friedrich Engels |"
        sub(ts, "author", text=person(doc.info.author))
    elif facts is not None:  # the text's own word: author line, catalogue or series line, letter heading, signature
        if facts.author:
            sub(ts, "author", text=person(facts.author))
    else:
        name = next((n.text() for n in doc.front if n.tag == "docAuthor"), None) or doc.header_fields.get("author")
        if name:
            sub(ts, "author", text=person(name))
    responsibilities = list(meta.responsibilities)
    editors = meta.editors_id
    if not any(r.get("id") == editors for r in responsibilities):
        # the id every editorial note and hiatus gap points to must exist (3.9.1)
        responsibilities.append(
            {"id": editors, "resp": "editorial notes and marks of the source", "name": "The editors of the source", "kind": "org"}
        )
    for r in responsibilities:
        rs = sub(ts, "respStmt", {"xml:id": r.get("id")})
        sub(rs, "resp", text=r.get("resp", "responsible"))
        rs.append(_name(r.get("kind"), r.get("name", "unknown")))
    if facts is not None and not meta.responsibilities:  # "TRANSLATED BY …", "Edited by …" in the text
        for resp, names in (("translation", facts.translators), ("editing", facts.editors)):
            for name in names:
                rs = sub(ts, "respStmt")
                sub(rs, "resp", text=resp)
                sub(rs, "name", text=name)
    if doc.info is not None:  # the info block's "Translated:", "Transcription/Markup:", "Proofed:" … (as printed)
        for resp, name in doc.info.resp:
            rs = sub(ts, "respStmt")
            sub(rs, "resp", text=resp)
            sub(rs, "name", text=name)
    return supplied


# The title of a text that gives none (no title lines, no metadata): supplied, in square brackets, and said to be
# supplied in notesStmt/note[@type="title"] (encoding.md §3: a supplied title is marked as such). It is the text's
# first lines (at most three) while they are short and read as a heading (no sentence or label ends them, and the
# next line does not go on in lower case, as a wrapped sentence does), else [Untitled].
SUPPLIED_TITLE = "[Untitled]"
SUPPLIED_TITLE_NOTE = (
    "The text gives no title lines and no metadata names a title: the title in square brackets is "
    "supplied by the encoder (tei-edition), from the text's first line where it reads as a heading; "
    "give one as [document] title in edition.toml."
)
_HEADING_LINES = 3
_HEADING_LINE_CHARS = 100
_NOT_HEADING = re.compile(r"[.!?;,:…][\"'”’»)\]]*$")  # the end of a sentence or of a label, closing marks after it


def _title_from_text(doc: Document) -> str:
    """The document's own title lines (docTitle's title parts, in the order printed), joined with a space: the words
    of the title as printed, without note calls or note text, never cut short. Empty when the text has none."""
    for node in doc.front:
        if node.tag == "docTitle":
            parts = [_title_words(c) for c in node.children if not isinstance(c, str) and c.tag == "titlePart"]
            return " ".join(t for t in parts if t)
    return ""


def _supplied_title(doc: Document) -> str:
    """[the body's first heading (a letter's, a section's)], or [the first lines of its first paragraph while they
    read as a heading], else [Untitled]."""
    first = _first_head_or_p(doc)
    if first is not None and first.tag == "head":
        words = _title_words(first)
        return f"[{words}]" if words else SUPPLIED_TITLE
    heading: list[str] = []
    lines = [_SPACES.sub(" ", line).strip(" ") for line in _lines(first)] if first is not None else []
    for i, line in enumerate(lines):
        if not line or len(line) > _HEADING_LINE_CHARS or _NOT_HEADING.search(line) or len(heading) == _HEADING_LINES:
            break
        if i + 1 < len(lines) and lines[i + 1][:1].islower():
            return SUPPLIED_TITLE  # a sentence wrapped over lines, not a heading
        heading.append(line)
    return f"[{' '.join(heading)}]" if heading else SUPPLIED_TITLE


def _first_head_or_p(doc: Document):
    """The first head (not a division's number: "I.") or p of the body in reading order, inside divisions only."""
    return _first_node(
        [n for w in doc.witnesses for n in w.body],
        lambda n: n.tag == "p" or (n.tag == "head" and n.attrs.get("type") != "number"),
        lambda n: n.tag == "div",
    )


def _lines(node) -> list[str]:
    """A paragraph's lines (split at its line breaks), each as _title_words reads it."""
    lines, current = [], []
    for c in node.children:
        if isinstance(c, str):
            current.append(c)
        elif c.tag == "lb":
            lines.append("".join(current))
            current = []
        elif c.tag not in ("note", "space", "milestone", "anchor", "pb", "gap"):
            current.append(_title_words(c))
    lines.append("".join(current))
    return lines


def _title_words(node) -> str:
    """The words of a title line: notes left out, a line break is a space, runs of space are one (no-break spaces kept)."""
    out: list[str] = []
    _title_texts(node, out)
    return _SPACES.sub(" ", "".join(out)).strip(" ")


def _title_texts(node, out: list[str]) -> None:
    # (a module-level function, not a closure: a recursive closure is a reference cycle)
    for c in node.children:
        if isinstance(c, str):
            out.append(c)
        elif c.tag == "lb":
            out.append(" ")
        elif c.tag not in ("note", "space", "milestone", "anchor", "pb", "gap"):
            _title_texts(c, out)


_SPACES = re.compile(r"[ \t\r\n]+")  # ASCII white space only: a no-break space of the title is kept as printed


def _publication_stmt(parent, doc: Document, meta: Metadata, missing: list[str]) -> None:
    ps = sub(parent, "publicationStmt")
    pub = meta.section("publication")
    sub(ps, "authority", text=pub.get("authority", "Unpublished conversion (tei-edition)"))
    if pub.get("idno"):
        sub(ps, "idno", {"type": "tei-edition"}, text=pub["idno"])
    elif doc.header_fields.get("ebook"):
        sub(ps, "idno", {"type": "gutenberg"}, text=f"Project Gutenberg EBook #{doc.header_fields['ebook']}")
    else:
        missing.append("an identifier ([publication] idno)")
    if pub.get("licence") or pub.get("licence_url"):
        av = sub(ps, "availability", {"status": pub.get("status", "unknown")})
        sub(av, "licence", {"target": pub.get("licence_url")}, text=pub.get("licence", pub.get("licence_url")))
    elif doc.header_fields.get("ebook"):
        av = sub(ps, "availability", {"status": "free"})
        sub(
            av,
            "licence",
            {"target": "https://www.gutenberg.org/policy/license.html"},
            text="Public domain in the USA; distributed under the Project Gutenberg License (kept in full in the back of the text).",
        )
    elif doc.info is not None and doc.info.licence is not None:  # the info block's "Copyleft:", "Public Domain:"
        said, url = doc.info.licence
        av = sub(ps, "availability", {"status": "free" if url else "unknown"})
        sub(av, "licence", {"target": url} if url else None, text=said)
    elif doc.header_fields.get("copyleft"):
        av = sub(ps, "availability", {"status": "free"})
        sub(av, "licence", text="Copyleft: " + doc.header_fields["copyleft"])
    else:
        missing.append("a licence ([publication] licence, licence_url)")
    if pub.get("date"):
        sub(ps, "date", {"when": str(pub["date"])}, text=str(pub["date"]))


def _series_stmt(parent, doc: Document) -> None:
    """The collection, series or event lines over the document's own title ("Works of Frederick Engels 1883"), and
    the section labels over it ("Section Seventeen"), as the text names them."""
    facts = doc.title
    if facts is None or not facts.series:
        return
    ss = sub(parent, "seriesStmt")
    for title in facts.series:
        sub(ss, "title", text=title)
    if facts.sections:
        sub(ss, "biblScope", {"unit": "section"}, text=" ".join(facts.sections))


def _scoped_bibl(parent, attrs: dict, value: str, scopes) -> etree._Element:
    """A bibl holding `value`, its volume and pages marked as biblScope ((start, end, unit, from, to), in order)."""
    pr = sub(parent, "bibl", attrs)
    pr.text, at = value, 0
    scope: etree._Element | None = None
    for start, end, unit, low, high in scopes:
        if scope is None:
            pr.text = value[:start]
        else:
            scope.tail = value[at:start]
        scope = sub(pr, "biblScope", {"unit": unit, "from": low, "to": high}, text=value[start:end])
        at = end
    if scope is not None:
        scope.tail = value[at:]
    return pr


def _notes_stmt(parent, meta: Metadata, title_supplied: bool) -> None:
    notes: list[tuple[str | None, Any]] = []  # (note/@type or None, its text)
    if meta.get("document", "title_supplied"):
        notes.append(("title", meta.get("document", "title_note", "The title is supplied by the encoder.")))
    elif title_supplied:
        notes.append(("title", SUPPLIED_TITLE_NOTE))
    notes += [(None, n) for n in meta.get("document", "notes", []) if isinstance(n, str)]
    if notes:
        ns = sub(parent, "notesStmt")
        for kind, text in notes:
            sub(ns, "note", {"type": kind} if kind else None, text=text)


def _source_desc(parent, doc: Document, meta: Metadata, file: TextFile, source_name: str, has_page_breaks: bool) -> None:
    sd = sub(parent, "sourceDesc")
    src = meta.section("source")
    bibl = sub(sd, "bibl", {"xml:id": "src_txt", "type": "digitalSource"})
    bibl.text = "Plain-text file "
    sub(bibl, "title", text=source_name)
    facts = ["UTF-8" + (" with byte-order mark" if file.bom else ""), f"line ends {file.line_end}"]
    if not file.final_newline:
        facts.append("no line end after the last line")
    add_tail = ", " + "; ".join(facts) + ". "
    bibl[-1].tail = add_tail
    sub(bibl, "note", {"type": "textFile"}, text=layout.text_file_note(file.bom, file.line_end, file.final_newline))
    if src.get("web_url"):
        web = sub(sd, "bibl", {"xml:id": meta.web_id, "type": "webPage"})
        sub(web, "title", text=src.get("web_title", src["web_url"]))
        web[-1].tail = ". "
        if src.get("web_publisher"):
            sub(web, "publisher", text=src["web_publisher"]).tail = ", "
        if src.get("web_date"):
            sub(web, "date", {"when": str(src["web_date"])}, text=str(src["web_date"])).tail = ". "
        sub(web, "ref", {"target": src["web_url"]}, text=src["web_url"])
    if src.get("print_title"):
        pr = sub(sd, "bibl", {"xml:id": meta.print_id, "type": "printedEdition"})
        if src.get("print_author"):
            sub(pr, "author", text=src["print_author"]).tail = ", "
        sub(pr, "title", {"level": "m"}, text=src["print_title"])
        if src.get("print_volume"):
            pr[-1].tail = ", "
            sub(
                pr,
                "biblScope",
                {"unit": "volume", "from": src["print_volume"], "to": src["print_volume"]},
                text=f"vol. {src['print_volume']}",
            )
            if src.get("print_volume_title"):
                pr[-1].tail = ": "
                sub(pr, "title", {"level": "m", "type": "volume"}, text=src["print_volume_title"])
        if src.get("print_translator"):
            pr[-1].tail = ", "
            rs = sub(pr, "respStmt")
            sub(rs, "resp", text="translated by")
            sub(rs, "persName", text=src["print_translator"])
        pr[-1].tail = ". "
        if src.get("print_place"):
            sub(pr, "pubPlace", text=src["print_place"]).tail = ": "
        if src.get("print_publisher"):
            sub(pr, "publisher", text=src["print_publisher"]).tail = ", "
        if src.get("print_date"):
            sub(pr, "date", {"when": str(src["print_date"])}, text=str(src["print_date"]))
        if src.get("print_edition_note"):
            pr[-1].tail = f" ({src['print_edition_note']})"
        if src.get("print_pages"):
            first, _, last = str(src["print_pages"]).partition("-")
            pr[-1].tail = (pr[-1].tail or "") + ", "
            sub(
                pr, "biblScope", {"unit": "page", "from": first, "to": last or first}, text=f"pp. {first}–{last}" if last else f"p. {first}"
            )
        pr[-1].tail = (pr[-1].tail or "") + "."
        if src.get("print_pages_note"):
            pr[-1].tail += " "
            sub(pr, "note", text=src["print_pages_note"])
    info_source = doc.info.source if doc.info is not None and not src.get("print_title") else None
    if info_source is not None:  # the info block's "Source:" line: the printed edition, its volume and pages marked
        value, scopes = info_source
        _scoped_bibl(sd, {"xml:id": meta.print_id, "type": "printedEdition"}, value, scopes)
    elif not src.get("print_title") and has_page_breaks:
        # pb/@edRef must point somewhere (encoding.md §8): the printed edition the anchors came from, as far as known
        pr = sub(sd, "bibl", {"xml:id": meta.print_id, "type": "printedEdition"})
        pr.text = "The printed edition whose page breaks the plain text marks (not identified in the metadata)."
    for value, scopes in doc.title.source_notes if doc.title is not None else ():  # "[Written … Band 22, … S. 276]"
        _scoped_bibl(sd, {"type": "sourceNote"}, value, scopes)
    said = [(k, v) for k, v in doc.header_fields.items() if v]
    if said and not (src.get("web_url") or src.get("print_title")):
        # what the text says of its own sources (MIA's "Source:" lines, Project Gutenberg's header), as it says it
        told = sub(sd, "bibl", {"xml:id": "src_told", "type": "statedInText"})
        for i, (label, value) in enumerate(said):
            item = sub(told, "note", {"type": re.sub(r"\W+", "_", label)}, text=f"{label.capitalize()}: {value}")
            if i < len(said) - 1:
                item.tail = " "
    if len(doc.witnesses) > 1 or any(w.source_note is not None for w in doc.witnesses):
        lw = sub(sd, "listWit")
        for w in doc.witnesses:
            wit = sub(lw, "witness", {"xml:id": w.ident, "n": w.siglum})
            wit.text = w.description or _describe(w)
    if len(sd) == 1 and not src:
        pass


def _describe(w) -> str:
    if w.kind == "minutes":
        return "Conference minutes."
    if w.journal:
        return f"Report in {w.journal}."
    return f"Text {w.siglum}."


def _encoding_desc(header, doc: Document, meta: Metadata, features: set[str]) -> None:
    ed = sub(header, "encodingDesc")
    pd = sub(ed, "projectDesc")
    sub(
        pd,
        "p",
        text=f"Converted from plain text with tei-edition {__version__.split('.')[0]}.x; "
        "every character of the source is encoded or reported by the converter.",
    )
    decl = sub(ed, "editorialDecl")
    sub(
        sub(decl, "correction", {"status": "unknown", "method": "silent"}),
        "p",
        text="No corrections: the spelling and wording of the source are kept as printed.",
    )
    sub(
        sub(decl, "normalization", {"method": "silent"}),
        "p",
        text="No normalisation: quotation marks, dashes, no-break spaces and capitals are kept as in the source.",
    )
    sub(sub(decl, "quotation", {"marks": "all"}), "p", text="Quotation marks are kept as characters of the text.")
    if "lb" in features:  # hard-wrapped lines: a hyphen at a line end is a character like any other
        sub(
            sub(decl, "hyphenation", {"eol": "all"}),
            "p",
            text="End-of-line hyphens, where the source has them, are kept as characters; line breaks are encoded as lb."
            + (
                " A hyphen that breaks a word at a line end (a lower-case letter on both sides, and the text nowhere"
                ' writes the word with a hyphen inside a line) is pc[@force="weak"] before lb[@break="no"]: the'
                " reading text joins the word."
                if "pc" in features
                else ""
            ),
        )
    else:
        sub(sub(decl, "hyphenation", {"eol": "none"}), "p", text="The source has no end-of-line hyphenation.")
    for feature, rule in EDITORIAL_RULES:
        if feature is None or feature in features:
            sub(decl, "p", text=rule)
    if doc.renditions:
        # the delimiters the plain text used around hi/supplied, as CSS generated content (TEI 2.3.4 rendition)
        tags = sub(ed, "tagsDecl")
        for ident, (before, after) in sorted(doc.renditions.items()):
            for scope, value in (("before", before), ("after", after)):
                sub(tags, "rendition", {"xml:id": f"{ident}-{scope}", "scheme": "css", "scope": scope}, text=layout.css_content(value))


LANGUAGE_NAMES = {"en": "English", "de": "German", "ru": "Russian", "fr": "French", "it": "Italian", "es": "Spanish", "sv": "Swedish"}


def document_language(doc: Document, meta: Metadata) -> str:
    """The metadata's language, else what the reader decided (a "Language:" line, else detection), else English."""
    return meta.get("document", "language") or doc.language or "en"


def _profile_desc(header, doc: Document, meta: Metadata, has_dates: bool) -> None:
    pd = sub(header, "profileDesc")
    d = meta.section("document")
    if d.get("date"):
        cr = sub(pd, "creation")
        attrs = {"when": d["date"]}
        if d.get("date_julian"):
            attrs.update({"when-custom": d["date_julian"], "datingMethod": "#julian"})
        sub(cr, "date", attrs, text=d.get("date_text") or _date_text(d["date"], d.get("date_julian")))
        if d.get("place"):
            cr[-1].tail = ", "
            sub(cr, "placeName", {"ref": "#" + d["place_id"]} if d.get("place_id") else None, text=d["place"])
        if meta.section("event").get("id"):
            cr[-1].tail = ", "
            sub(cr, "name", {"type": "event", "ref": "#" + meta.get("event", "id")}, text=meta.get("event", "name"))
    elif doc.info is not None and doc.info.written is not None:  # the info block's "Written:" line
        text, attrs = doc.info.written
        sub(sub(pd, "creation"), "date", attrs, text=text)
    lu = sub(pd, "langUsage")
    lang = document_language(doc, meta)
    sub(lu, "language", {"ident": lang}, text=LANGUAGE_NAMES.get(lang, lang))
    for other in doc.languages:  # the languages of passages and runs (tei_edition/reader/languages.py)
        if other != lang:
            sub(lu, "language", {"ident": other}, text=LANGUAGE_NAMES.get(other, other))
    extra = {w.title_lang for w in doc.witnesses if w.title_lang} - set(doc.languages)
    for tag in sorted(extra):
        sub(lu, "language", {"ident": tag}, text={"ru-Latn": "Russian in Latin transliteration"}.get(tag, tag))
    _corresp_desc(pd, doc)
    if has_dates or d.get("date_julian"):
        cd = sub(pd, "calendarDesc")
        sub(
            sub(cd, "calendar", {"xml:id": "julian"}),
            "p",
            text="Julian calendar (Old Style), in use in Russia until 31 January 1918 (O.S.); behind the Gregorian calendar "
            "by 10 days before 1700, 11 days in 1700-1799, 12 days in 1800-1899 and 13 days from 1900 (each change on "
            "the Julian 29 February of the century year).",
        )
        sub(sub(cd, "calendar", {"xml:id": "gregorian"}), "p", text="Gregorian calendar (New Style).")


def _date_text(gregorian: str, julian: str | None) -> str:
    """ "8 May 1917 (25 April Old Style)": a readable rendering of ISO values for the header."""
    import datetime as dt

    def words(iso: str, year: bool = True) -> str:
        d = dt.date.fromisoformat(iso)
        return f"{d.day} {d.strftime('%B')}" + (f" {d.year}" if year else "")

    try:
        return words(gregorian) + (f" ({words(julian, False)} Old Style)" if julian else "")
    except ValueError:
        return gregorian


def build_standoff(meta: Metadata) -> etree._Element | None:
    """Named entities the header points to (16.10 SASO): only what the metadata declares, never invented."""
    author = meta.section("author")
    d = meta.section("document")
    event = meta.section("event")
    if not (author.get("id") or d.get("place_id") or event.get("id")):
        return None
    so = el("standOff")
    if author.get("id"):
        person = sub(sub(so, "listPerson"), "person", {"xml:id": author["id"]})
        sub(person, "persName", text=author.get("full_name") or author.get("name", author["id"]))
    if d.get("place_id"):
        place = sub(sub(so, "listPlace"), "place", {"xml:id": d["place_id"]})
        sub(place, "placeName", text=d.get("place", d["place_id"]))
    if event.get("id"):
        attrs = {"xml:id": event["id"], "from": event.get("from"), "to": event.get("to")}
        if event.get("from_julian"):
            attrs.update({"from-custom": event["from_julian"], "to-custom": event.get("to_julian"), "datingMethod": "#julian"})
        if event.get("place_id"):
            attrs["where"] = "#" + event["place_id"]
        ev = sub(sub(so, "listEvent"), "event", attrs)
        sub(ev, "label", text=event.get("name", event["id"]))
    return so


def _first_dateline(doc: Document) -> Node | None:
    """The first dateline of the text (of a letter's opener), looked for in the front and the witnesses' bodies."""
    return _first_dateline_in(list(doc.front) + [n for w in doc.witnesses for n in w.body])


def _corresp_desc(pd, doc: Document) -> None:
    """correspDesc (TEI 2.4.6) of a text read as a letter: correspAction sent (the writer, the dateline's place and
    date) and received (the addressee a heading names), each with what the page says, nothing invented. A page of
    several letters has one correspDesc per letter (profileDesc allows several), each pointing to its div (@corresp):
    from its own heading (the first letter's may be the front's) and date line; the page's author the writer of
    each where no heading names one."""
    facts = doc.title
    if facts is None or not facts.is_letter:
        return
    if len(doc.letters) > 1:
        (div, writer, addressee), *others = doc.letters
        if writer is None and addressee is None:  # (the first letter's heading is the front's)
            writer, addressee = facts.author, facts.addressee
        # where no heading names a writer, the page is one writer's letters: the page's author wrote each
        one_writer = facts.author if not any(w for _, w, _ in others) else None
        _one_corresp_desc(pd, writer or facts.author, addressee, _first_dateline_in([div]), div.attrs.get("xml:id"), facts.addressee_place)
        for div, writer, addressee in others:
            _one_corresp_desc(pd, writer or one_writer, addressee, _first_dateline_in([div]), div.attrs.get("xml:id"))
        return
    info = doc.info
    _one_corresp_desc(
        pd,
        facts.author,
        facts.addressee,
        _first_dateline(doc),
        None,
        facts.addressee_place,
        written=info.written if info is not None else None,
        sent=info.sent if info is not None else None,
    )


def _first_dateline_in(nodes: list) -> Node | None:
    return _first_node(nodes, lambda n: n.tag == "dateline", lambda n: n.tag != "note")


def _first_node(nodes: list, wanted, enter) -> Node | None:
    """The first node in reading order that is `wanted`, looking inside the nodes that `enter` accepts."""
    stack: list = list(reversed(nodes))
    while stack:
        node = stack.pop()
        if isinstance(node, Node):
            if wanted(node):
                return node
            if enter(node):
                stack.extend(reversed([c for c in node.children if isinstance(c, Node)]))
    return None


def _one_corresp_desc(
    pd,
    author: str | None,
    addressee: str | None,
    dateline: Node | None,
    letter: str | None,
    addressee_place: str = "",
    *,
    written: tuple[str, dict[str, str] | None] | None = None,
    sent: tuple[str, str | None] | None = None,
) -> None:
    """One correspDesc from the letter's own words: its date line first; where that names no place or date, the page's
    info block ("Written: …", "Sent from Zurich to Clarens")."""
    place = _dateline_part(dateline, "placeName")
    date = _dateline_part(dateline, "date")
    sent_from = place.text() if place is not None else (sent[0] if sent else None)
    sent_to = sent[1] if sent else None
    if date is None and written is not None and written[1]:
        when: dict | None = dict(written[1])
        date_text: str | None = written[0]
    else:
        when = {k: v for k, v in date.attrs.items() if k in _DATE_VALUE} if date is not None else None
        date_text = date.text() if date is not None else None
    if not (author or sent_from or when is not None or addressee or sent_to):
        return
    cd = sub(pd, "correspDesc", {"corresp": "#" + letter} if letter else None)
    action = sub(cd, "correspAction", {"type": "sent"})
    if author:
        sub(action, "persName", text=person(author))
    if sent_from:
        sub(action, "placeName", text=sent_from)
    if when is not None:
        sub(action, "date", when, text=date_text)
    if not len(action):
        cd.remove(action)
    if addressee or sent_to:  # "Engels In Manchester" (a heading over two lines): the addressee and where they were
        m = _ADDRESSEE_PLACE.match(addressee) if addressee else None
        received = sub(cd, "correspAction", {"type": "received"})
        if addressee:
            sub(received, "persName", text=person(m.group("who") if m else addressee))
        where = m.group("place") if m else addressee_place or sent_to
        if where:
            sub(received, "placeName", text=where)
    if not len(cd):
        pd.remove(cd)


def person(name: str) -> str:
    """A person's name as the header writes it: the source's runs of spaces ("V. I.   Lenin") as one."""
    return " ".join(name.split())


def _dateline_part(dateline: Node | None, tag: str) -> Node | None:
    """The dateline's first placeName or date, perhaps inside the editor's supplied ("[London, end of 1877]")."""
    if dateline is None:
        return None
    for c in dateline.children:
        if isinstance(c, Node) and c.tag == tag:
            return c
        if isinstance(c, Node) and c.tag == "supplied":
            found = next((s for s in c.children if isinstance(s, Node) and s.tag == tag), None)
            if found is not None:
                return found
    return None


_ADDRESSEE_PLACE = re.compile(r"(?P<who>.+?)\s+(?:in|at|à|nach|в|во)\s+(?P<place>[^\W\d_][\w .'’-]*)$", re.IGNORECASE)
_DATE_VALUE = (
    "when",
    "from",
    "to",
    "notBefore",
    "notAfter",
    "when-custom",
    "from-custom",
    "to-custom",
    "notBefore-custom",
    "notAfter-custom",
    "datingMethod",
    "calendar",
    "cert",
)
