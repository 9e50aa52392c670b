"""TEI elements to HTML elements: one render function per TEI element, one fallback that keeps unknown content."""

from __future__ import annotations

import collections
import re

from lxml import etree

from tei_edition import TEI_NS, XML_NS, codes
from tei_edition.diagnostics import Diagnostic, Span, warning
from tei_edition.escape import safe_url

TEI = "{%s}" % TEI_NS
XML_ID = "{%s}id" % XML_NS
XML_LANG = "{%s}lang" % XML_NS

# TEI elements whose presence inside a TEI `p` makes it a <div class="p">: the HTML parser would close a <p>
# at the start of any of their HTML counterparts (WHATWG HTML 13.2.6.4.7), tearing the paragraph apart.
BLOCKY = frozenset(
    """p ab div div1 div2 div3 div4 div5 div6 div7 lg l list table figure floatingText sp quote-block listBibl
    castList opener closer epigraph argument trailer byline dateline signed postscript salute head label item
    listWit listPerson listPlace""".split()
)

# Gap reasons (TEI 3.5.3 COEDADD, semi-open valList; "hiatus" is this project's, encoding.md §4) read aloud.
GAP_REASONS = {
    "hiatus": "hiatus in the source: text not recorded",
    "illegible": "illegible",
    "inaudible": "inaudible",
    "cancelled": "cancelled",
    "deleted": "deleted",
    "editorial": "omitted by the editors",
    "irrelevant": "omitted as irrelevant",
    "sampling": "omitted (sampling)",
    "damage": "damaged",
}

# Which @rend/@rendition values map to which HTML element (the rest become CSS classes rend-*).
REND_TAGS = {"sup": "sup", "superscript": "sup", "sub": "sub", "subscript": "sub"}

_CLASS_SAFE = re.compile(r"[^A-Za-z0-9_-]+")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
_CONTROL = re.compile(r"[\x00-\x20\x7f]+")
# HTML `time/@datetime` accepts ISO years, months, dates and date-times; anything else stays an attribute.
_DATETIME = re.compile(r"^-?\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$")


def tei_name(el) -> str | None:
    """The local name of a TEI element (or of an element in no namespace); None for other namespaces and comments."""
    tag = el.tag
    if not isinstance(tag, str):
        return None
    if tag.startswith(TEI):
        return tag[len(TEI):]
    if tag[0] != "{":
        return tag
    return None


def css_token(value: str) -> str:
    return _CLASS_SAFE.sub("-", value).strip("-")[:40]


def safe_href(value: str | None) -> str | None:
    """A link target that cannot run code: http(s), mailto, fragments and relative paths only (escape.safe_url)."""
    return safe_url(value)


def append_text(parent, text: str | None) -> None:
    """Add text at the end of an HTML element (after its last child, if any)."""
    if not text:
        return
    if len(parent):
        last = parent[-1]
        last.tail = (last.tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def sub(parent, tag: str, cls: str | None = None, text: str | None = None, **attrs):
    el = etree.SubElement(parent, tag)
    if cls:
        el.set("class", cls)
    for key, value in attrs.items():
        if value is not None:
            el.set(key.rstrip("_").replace("_", "-"), value)
    if text:
        el.text = text
    return el


def visually_hidden(parent, text: str):
    return sub(parent, "span", "vh", text)


class Renderer:
    """Renders the `text` of one TEI document; collects notes, apparatus entries and warnings on the way."""

    def __init__(self, tree, name: str = "<input>"):
        self.tree = tree
        self.root = tree.getroot() if hasattr(tree, "getroot") else tree
        self.name = name
        self.used_ids: set[str] = set()
        self.by_id: dict[str, etree._Element] = {}
        self.notes_for: dict[str, list] = collections.defaultdict(list)  # gap id -> notes whose @target names it
        for el in self.root.iter():
            xid = el.get(XML_ID) if isinstance(el.tag, str) else None
            if xid:
                self.by_id[xid] = el
            if isinstance(el.tag, str) and tei_name(el) == "note" and el.get("target"):
                for target in el.get("target").split():
                    if target.startswith("#"):
                        self.notes_for[target[1:]].append(el)
        self.unknown: collections.Counter = collections.Counter()
        self.unknown_line: dict[str, int] = {}
        self.diagnostics: list[Diagnostic] = []
        self.author_ids = {a.get("ref", "")[1:] for a in self.root.iter(TEI + "author") if a.get("ref", "").startswith("#")}
        # per-article state
        self.article_id = "text"
        self.notes: list[tuple] = []
        self.note_numbers: dict[str, str] = {}
        self.apparatus: list[tuple] = []
        self.pcount = 0
        self.numbering = True
        self.in_link = 0
        self.headings_from = 3
        self.h1_done = False
        self.in_edition_head = False
        self.inline_notes = False  # in the header panel a note is shown where it stands
        self.quiet_unknown = False

    # ---- ids ---------------------------------------------------------------------------------------------

    def reserve(self, wanted: str) -> str:
        """A unique HTML id: the TEI xml:id if it is free, else the wanted id with a counter."""
        candidate, k = wanted, 1
        while candidate in self.used_ids:
            k += 1
            candidate = f"{wanted}-{k}"
        self.used_ids.add(candidate)
        return candidate

    def copy_id(self, el, out) -> None:
        xid = el.get(XML_ID)
        if xid and xid not in self.used_ids:
            self.used_ids.add(xid)
            out.set("id", xid)

    def copy_common(self, el, out) -> None:
        self.copy_id(el, out)
        lang = el.get(XML_LANG)
        if lang:
            out.set("lang", lang)

    def label_of(self, pointer: str | None) -> str | None:
        """A short human label for "#id": the siglum (@n) or a name of the element it points to."""
        if not pointer:
            return None
        labels = []
        for p in pointer.split():
            target = self.by_id.get(p[1:]) if p.startswith("#") else None
            if target is None:
                labels.append(p.lstrip("#"))
                continue
            if target.get("n"):
                labels.append(target.get("n"))
                continue
            text = " ".join("".join(target.itertext()).split())
            if tei_name(target) == "respStmt":
                names = [" ".join("".join(c.itertext()).split()) for c in target if tei_name(c) != "resp"]
                text = ", ".join(n for n in names if n) or text
            labels.append(text[:80] if text else p.lstrip("#"))
        return ", ".join(labels)

    # ---- walking -----------------------------------------------------------------------------------------

    def children(self, el, out) -> None:
        append_text(out, el.text)
        for child in el:
            if isinstance(child.tag, str):
                self.render(child, out)
            append_text(out, child.tail)

    def render(self, el, out) -> None:
        name = tei_name(el)
        handler = HANDLERS.get(name) if name else None
        if handler is None:
            self.render_unknown(el, out, name)
        else:
            handler(self, el, out)

    def render_unknown(self, el, out, name) -> None:
        """Unknown or foreign elements: their content is rendered, never dropped, and counted in a warning."""
        label = name or etree.QName(el).localname
        key = label if name else f"{{{etree.QName(el).namespace}}}{label}"
        if not self.quiet_unknown:  # the header panel shows metadata containers as text on purpose
            self.unknown[key] += 1
            self.unknown_line.setdefault(key, el.sourceline or 1)
        tag = "div" if self.has_blocks(el) else "span"
        span = sub(out, tag, f"tei tei-{css_token(label)}")
        self.copy_common(el, span)
        self.children(el, span)

    def has_blocks(self, el) -> bool:
        """Whether a TEI element holds block content (outside notes), so it must be an HTML block."""
        for d in el.iterdescendants():
            name = tei_name(d)
            if name in BLOCKY and not any(tei_name(a) == "note" for a in d.iterancestors() if a is not el):
                if name == "head" and tei_name(d.getparent()) in ("list", "table", "figure", "lg"):
                    continue
                return True
        return False

    def finish_warnings(self) -> None:
        for key, count in sorted(self.unknown.items()):
            self.diagnostics.append(
                warning(
                    codes.HTML_UNKNOWN_ELEMENT,
                    f"element <{key}> has no HTML rendering of its own; its content was rendered as text ({count}×)",
                    Span(self.name, self.unknown_line[key], 1),
                )
            )

    # ---- blocks ------------------------------------------------------------------------------------------

    def render_container(self, el, out, cls=None) -> None:
        div = sub(out, "div", " ".join(filter(None, [cls or tei_name(el), css_token(el.get("type") or "") and f"type-{css_token(el.get('type'))}"])))
        self.copy_common(el, div)
        self.children(el, div)

    def render_div(self, el, out) -> None:
        section = sub(out, "section", "div" + (f" type-{css_token(el.get('type'))}" if el.get("type") else ""))
        self.copy_common(el, section)
        self.headings_from += 1
        try:
            self.children(el, section)
        finally:
            self.headings_from -= 1

    def render_head(self, el, out) -> None:
        parent = tei_name(el.getparent()) if el.getparent() is not None else None
        if parent in ("list", "lg"):
            head = sub(out, "div", "head")
        elif parent == "table" and out.tag == "table":
            head = sub(out, "caption", "head")
            out.insert(0, head)  # HTML wants the caption first
        elif parent == "figure":
            head = sub(out, "figcaption", "head")
        else:
            level = min(max(self.headings_from, 2), 6)
            head = sub(out, f"h{level}", "head")
        self.copy_common(el, head)
        self.children(el, head)

    def render_p(self, el, out) -> None:
        block = self.has_blocks(el)
        in_phrase = out.tag in ("p", "span", "a", "em", "i", "q", "cite", "h1", "h2", "h3", "h4", "h5", "h6", "time", "sup", "sub", "ins", "del", "caption")
        if in_phrase and not block:
            p = sub(out, "span", "p")
            self.copy_common(el, p)
            self.children(el, p)
            return
        p = sub(out, "div" if block else "p", "p" if block else None)
        if self.numbering:
            self.pcount += 1
            n = el.get("n") or str(self.pcount)
            pid = el.get(XML_ID)
            pid = self.reserve(pid if pid and pid not in self.used_ids else f"{self.article_id}-p{self.pcount}")
            p.set("id", pid)
            p.set("data-n", n)
            sub(p, "a", "pnum", n, href=f"#{pid}", title=f"paragraph {n}")
            lang = el.get(XML_LANG)
            if lang:
                p.set("lang", lang)
        else:
            self.copy_common(el, p)
        self.children(el, p)

    def render_ab(self, el, out) -> None:
        self.render_p(el, out)

    def render_lg(self, el, out) -> None:
        self.render_container(el, out, "lg")

    def render_l(self, el, out) -> None:
        line = sub(out, "div", "l")
        self.copy_common(el, line)
        if el.get("n"):
            line.set("data-n", el.get("n"))
        self.children(el, line)

    def render_list(self, el, out) -> None:
        wrapper = sub(out, "div", "list")
        self.copy_common(el, wrapper)
        append_text(wrapper, el.text)
        has_labels = any(tei_name(c) == "label" for c in el)
        ordered = (el.get("type") or el.get("rend") or "") in ("ordered", "numbered")
        lst = None
        for child in el:
            name = tei_name(child) if isinstance(child.tag, str) else None
            if name == "head":
                self.render_head(child, wrapper)
            elif name in ("item", "label"):
                if lst is None:
                    lst = sub(wrapper, "dl" if has_labels else ("ol" if ordered else "ul"))
                tag = ("dt" if name == "label" else "dd") if has_labels else "li"
                item = sub(lst, tag, name)
                self.copy_common(child, item)
                if child.get("n"):
                    item.set("data-n", child.get("n"))
                self.children(child, item)
            elif name is not None or isinstance(child.tag, str):
                target = lst[-1] if lst is not None and len(lst) else wrapper
                self.render(child, target)
            append_text(lst[-1] if lst is not None and len(lst) else wrapper, child.tail)

    def render_table(self, el, out) -> None:
        wrapper = sub(out, "div", "table")
        table = sub(wrapper, "table")
        self.copy_common(el, table)
        for child in el:
            name = tei_name(child) if isinstance(child.tag, str) else None
            if name == "head":
                self.render_head(child, table)
            elif name == "row":
                tr = sub(table, "tr", "row")
                for cell in child:
                    if not isinstance(cell.tag, str):
                        continue
                    if tei_name(cell) != "cell":
                        self.render(cell, tr[-1] if len(tr) else sub(tr, "td"))
                        continue
                    tag = "th" if (cell.get("role") == "label" or child.get("role") == "label") else "td"
                    td = sub(tr, tag, "cell")
                    self.copy_common(cell, td)
                    for attr, html_attr in (("cols", "colspan"), ("rows", "rowspan")):
                        if (cell.get(attr) or "").isdigit():
                            td.set(html_attr, cell.get(attr))
                    self.children(cell, td)
            elif isinstance(child.tag, str):
                self.render(child, wrapper)
            append_text(wrapper, child.tail and child.tail.strip() and child.tail)

    def render_figure(self, el, out) -> None:
        figure = sub(out, "figure", "figure")
        self.copy_common(el, figure)
        caption = None
        for child in el:
            name = tei_name(child) if isinstance(child.tag, str) else None
            if name in ("head", "figDesc"):
                if caption is None:
                    caption = sub(figure, "figcaption")
                part = sub(caption, "span", name)
                self.children(child, part)
                append_text(caption, " ")
            elif isinstance(child.tag, str):
                self.render(child, figure)
            append_text(figure, child.tail and child.tail.strip() and child.tail)

    def render_graphic(self, el, out) -> None:
        # No images are embedded (the page is self-contained and loads nothing); the image is linked.
        href = self.href(el.get("url"), el)
        if href:
            sub(out, "a", "graphic", f"[image: {el.get('url').strip()[:80]}]", href=href)
        else:
            sub(out, "span", "graphic", "[image]")

    def render_quote(self, el, out) -> None:
        if self.has_blocks(el):
            block = sub(out, "blockquote", "quote")
            self.copy_common(el, block)
            self.children(el, block)
        else:
            self.render_inline(el, out, "quote")

    def render_space(self, el, out) -> None:
        # encoding.md: vertical space is a small gap, horizontal space a space; neither is text.
        if el.get("dim") == "vertical":
            sub(out, "span", "space space-vertical", aria_hidden="true")
        else:
            span = sub(out, "span", "space", " ")
            span.set("aria-hidden", "true")

    def render_div_gen(self, el, out) -> None:
        # divGen[@type=notes] marks where the source had its note list; the notes live with their witness.
        return

    # ---- front matter ------------------------------------------------------------------------------------

    def render_doc_title(self, el, out) -> None:
        if not self.h1_done and self.in_edition_head:
            self.h1_done = True
            title = sub(out, "h1", "docTitle")
        else:
            title = sub(out, "p", "docTitle")
        self.copy_common(el, title)
        self.children(el, title)

    def render_title_part(self, el, out) -> None:
        span = sub(out, "span", f"titlePart type-{css_token(el.get('type') or 'main')}")
        self.copy_common(el, span)
        self.children(el, span)

    # ---- inline ------------------------------------------------------------------------------------------

    def render_inline(self, el, out, cls=None, tag="span") -> None:
        span = sub(out, tag, cls or tei_name(el))
        self.copy_common(el, span)
        for attr in ("type", "ref"):
            value = el.get(attr)
            if value:
                span.set(f"data-{attr}", value[:200])
        self.children(el, span)

    def render_resp_stmt(self, el, out) -> None:
        """resp and name are element-only content in TEI: a reader needs a space between them ("translated by Yuri")."""
        span = sub(out, "span", "respStmt")
        self.copy_common(el, span)
        for i, child in enumerate(c for c in el if isinstance(c.tag, str)):
            if i:
                append_text(span, " ")
            self.render(child, span)

    def render_block_or_inline(self, el, out) -> None:
        if self.has_blocks(el) or out.tag in ("div", "section", "article", "header", "main", "blockquote", "li", "td", "dd", "aside", "figure"):
            self.render_container(el, out)
        else:
            self.render_inline(el, out)

    def render_hi(self, el, out) -> None:
        rend = " ".join(filter(None, [el.get("rend"), (el.get("rendition") or "").replace("#", "")])).split()
        tag = next((REND_TAGS[r] for r in rend if r in REND_TAGS), "span")
        classes = ["hi"] + [f"rend-{css_token(r)}" for r in rend if css_token(r)]
        if not rend:
            classes.append("rend-default")
        span = sub(out, tag, " ".join(classes))
        self.copy_common(el, span)
        self.children(el, span)

    def render_title(self, el, out) -> None:
        cite = sub(out, "cite", "title" + (f" level-{css_token(el.get('level'))}" if el.get("level") else ""))
        self.copy_common(el, cite)
        self.children(el, cite)

    def render_foreign(self, el, out) -> None:
        self.render_inline(el, out, "foreign", "i")

    def render_emph(self, el, out) -> None:
        self.render_inline(el, out, "emph", "em")

    def render_q(self, el, out) -> None:
        # Not <q>: the source already prints its quotation marks (encoding.md §11), CSS would add a second pair.
        self.render_block_or_inline(el, out) if self.has_blocks(el) else self.render_inline(el, out, "q")

    def render_ref(self, el, out) -> None:
        href = self.href(el.get("target"), el)
        if href and not self.in_link:
            a = sub(out, "a", "ref", href=href)
            self.in_link += 1
            try:
                self.copy_common(el, a)
                self.children(el, a)
            finally:
                self.in_link -= 1
        else:
            self.render_inline(el, out, "ref")

    def render_ptr(self, el, out) -> None:
        href = self.href(el.get("target"), el)
        if href and not self.in_link:
            sub(out, "a", "ptr", el.get("target").strip()[:120], href=href)

    def href(self, target: str | None, el) -> str | None:
        """A safe href for a TEI pointer (the first of several); an unsafe one is reported (W412), not linked."""
        if not target or not target.strip():
            return None
        first = target.strip() if _SCHEME.match(_CONTROL.sub("", target)) else target.split()[0]
        href = safe_href(first)
        if href is None:
            self.diagnostics.append(
                warning(codes.UNSAFE_LINK, f"unsafe link target {first[:60]!r} was not made a link", Span(self.name, el.sourceline or 1, 1))
            )
        return href

    def render_date(self, el, out) -> None:
        when = el.get("when")
        cal = (el.get("calendar") or "").lstrip("#")
        custom = el.get("when-custom") or (
            f"{el.get('from-custom')}/{el.get('to-custom')}" if el.get("from-custom") else None
        )
        cls = "date" + (f" calendar-{css_token(cal)}" if cal else "")
        if when and _DATETIME.match(when):
            node = sub(out, "time", cls, datetime=when)
        else:
            node = sub(out, "span", cls)
            for attr in ("from", "to", "notBefore", "notAfter"):
                if el.get(attr):
                    node.set(f"data-{attr.lower()}", el.get(attr))
        title = []
        if custom:
            title.append(f"{self.label_of('#' + cal) if cal else 'as written'}: {custom}")
        if when:
            title.append(f"normalised (Gregorian): {when}")
        elif el.get("from") or el.get("to"):
            title.append(f"normalised (Gregorian): {el.get('from', '…')} to {el.get('to', '…')}")
        if title:
            node.set("title", "; ".join(title))
        self.copy_common(el, node)
        self.children(el, node)

    def render_lb(self, el, out) -> None:
        if el.get("break") == "no" or "hyphenInWord" in (el.get("type") or ""):
            return
        if el.get("edRef"):  # a line end of another edition (e.g. a plain-text file's wrapping): not the text's
            append_text(out, " ")
            return
        # A line break only where lines matter (verse, letters); elsewhere the line is the printer's, not the text's.
        if any(tei_name(a) in ("l", "lg", "opener", "closer", "address", "salute", "signed", "postscript") or
               (tei_name(a) == "div" and a.get("type") == "letter") for a in el.iterancestors()):
            sub(out, "br", "lb")
        else:
            append_text(out, " ")

    def render_cb(self, el, out) -> None:
        if el.get("break") != "no":
            append_text(out, " ")

    def render_pb(self, el, out) -> None:
        n = el.get("n")
        span = sub(out, "span", "pb")
        self.copy_id(el, span)
        if n:
            span.set("data-n", n)
        ed = el.get("edRef") or el.get("ed")
        where = self.label_of(ed) if ed and ed.startswith("#") else ed
        if where:  # "Collected Works, vol. 41, Moscow: …" -> "Collected Works, vol. 41": a margin label, not a citation
            where = ", ".join(where.split(", ")[:2]).rstrip(".")
        if where:
            span.set("data-ed", where[:80])
        label = sub(span, "span", "pb-label")
        visually_hidden(label, "page break" + (f" in {where}" if where else "") + (", page " if n else ""))
        append_text(label, n or "|")

    def render_fw(self, el, out) -> None:
        span = sub(out, "span", f"fw type-{css_token(el.get('type') or 'fw')}")
        self.copy_common(el, span)
        if el.get("place"):
            span.set("data-place", el.get("place"))
        append_text(span, " ")
        self.children(el, span)
        append_text(span, " ")

    def render_anchor(self, el, out) -> None:
        if el.get(XML_ID):
            span = sub(out, "span", "anchor")
            self.copy_id(el, span)

    def render_milestone(self, el, out) -> None:
        span = sub(out, "span", "milestone")
        self.copy_id(el, span)
        if el.get("unit"):
            span.set("data-unit", el.get("unit")[:40])

    def render_choice(self, el, out) -> None:
        # The editor's preferred reading first (corr, expan, reg), the source's beside it, both in the text.
        parts = [c for c in el if isinstance(c.tag, str)]
        preferred = ("corr", "expan", "reg")
        parts.sort(key=lambda c: 0 if tei_name(c) in preferred else 1)
        span = sub(out, "span", "choice")
        self.copy_common(el, span)
        for i, part in enumerate(parts):
            name = tei_name(part) or "part"
            if i:
                append_text(span, " ")
            cls = f"{name} {'choice-main' if i == 0 else 'choice-alt'}"
            inner = sub(span, "span", cls)
            self.copy_common(part, inner)
            self.children(part, inner)

    def render_edit(self, el, out) -> None:
        name = tei_name(el)
        tag = {"add": "ins", "del": "del"}.get(name, "span")
        span = sub(out, tag, name)
        self.copy_common(el, span)
        bits = [f"{name}"]
        for attr in ("reason", "place", "hand", "cert", "resp", "rend", "type"):
            if el.get(attr):
                span.set(f"data-{attr}", el.get(attr)[:80])
                bits.append(f"{attr}: {el.get(attr)[:80]}")
        if len(bits) > 1:
            span.set("title", "; ".join(bits))
        self.children(el, span)

    def render_gap(self, el, out) -> None:
        reason = el.get("reason") or ""
        span = sub(out, "span", "gap", tabindex="0")
        self.copy_id(el, span)
        if reason:
            span.set("data-reason", reason)
        if el.get("extent"):
            span.set("data-extent", el.get("extent"))
        sub(span, "span", "gap-mark", "[…]", aria_hidden="true")
        expl = sub(span, "span", "gap-expl", " (gap")
        parts = []
        if reason:
            parts.append(GAP_REASONS.get(reason, reason))
        extent = el.get("extent") or " ".join(filter(None, [el.get("quantity"), el.get("unit")]))
        if extent:
            parts.append(f"extent: {extent}")
        if el.get("resp"):
            parts.append(f"according to {self.label_of(el.get('resp'))}")
        append_text(expl, (": " + "; ".join(parts)) if parts else "")
        for child in el:  # desc: TEI words, kept in the explanation
            if isinstance(child.tag, str):
                append_text(expl, "; ")
                self.render(child, expl)
        for note in self.notes_for.get(el.get(XML_ID) or "", []):
            append_text(expl, f"; note {note.get('n') or ''}: ".replace("  ", " "))
            append_text(expl, " ".join("".join(note.itertext()).split()))
        append_text(expl, ") ")

    def render_note(self, el, out) -> None:
        if el.get("type") == "textFile":
            return  # facts about the source file for the round trip (schemas/README.md), not for readers
        if self.inline_notes:
            cls = f"note note-inline note-{self.note_kind(el)}"
            self.render_container(el, out, cls) if self.has_blocks(el) else self.render_inline(el, out, cls)
            return
        k = len(self.notes) + 1
        xid = el.get(XML_ID)
        nid = self.reserve(xid if xid and xid not in self.used_ids else f"{self.article_id}-note{k}")
        ref_id = self.reserve(f"ref-{nid}")
        label = el.get("n") or str(k)
        if xid:
            self.note_numbers[xid] = label
        a = sub(out, "a", "noteref", label, id=ref_id, href=f"#{nid}", role="doc-noteref")
        a.set("aria-describedby", "notes-label-" + self.article_id)
        self.notes.append((el, nid, ref_id, label))

    def note_kind(self, el) -> str:
        kind = (el.get("type") or "").lower()
        if "editor" in kind:
            return "editorial"
        if "author" in kind:
            return "authorial"
        resp = (el.get("resp") or "").lstrip("#")
        if resp and resp not in self.author_ids:
            return "editorial"
        return "authorial"

    def render_notes(self, out) -> None:
        """The notes collected in the current article (note bodies may add more notes: a queue)."""
        if not self.notes:
            return
        section = sub(out, "section", "notes")
        section.set("aria-labelledby", "notes-label-" + self.article_id)
        heading = sub(section, "h3", None, "Notes", id="notes-label-" + self.article_id)
        heading.set("class", "notes-head")
        was_numbering, self.numbering = self.numbering, False
        i = 0
        try:
            while i < len(self.notes):
                el, nid, ref_id, label = self.notes[i]
                i += 1
                kind = self.note_kind(el)
                aside = sub(section, "aside", f"note note-{kind}", id=nid, role="doc-footnote", tabindex="-1")
                aside.set("data-place", el.get("place") or "unspecified")
                if el.get("type"):
                    aside.set("data-type", el.get("type")[:40])
                if el.get("subtype"):
                    aside.set("data-subtype", el.get("subtype")[:40])
                if el.get("resp"):
                    aside.set("data-resp", self.label_of(el.get("resp")) or "")
                lang = el.get(XML_LANG)
                if lang:
                    aside.set("lang", lang)
                back = sub(aside, "a", "backlink", label, href=f"#{ref_id}", role="doc-backlink")
                visually_hidden(back, f" back to note call {label}")
                sub(aside, "span", "note-kind", f"{kind} note" + (f" ({self.label_of(el.get('resp'))})" if el.get("resp") else ""))
                body = sub(aside, "div", "note-body")
                self.children(el, body)
                same = el.get("sameAs")
                if same and same.startswith("#") and same[1:] in self.note_numbers:
                    sub(aside, "a", "sameas", f"same note as {self.note_numbers[same[1:]]}", href=f"#{same[1:]}")
        finally:
            self.numbering = was_numbering

    def render_app(self, el, out) -> None:
        k = len(self.apparatus) + 1
        entry_id = self.reserve(f"{self.article_id}-app{k}")
        ref_id = self.reserve(f"ref-{entry_id}")
        span = sub(out, "span", "app")
        self.copy_common(el, span)
        lem = next((c for c in el if tei_name(c) == "lem"), None)
        if lem is not None:
            inner = sub(span, "span", "lem")
            self.copy_common(lem, inner)
            self.children(lem, inner)
        label = _letters(k)
        sub(span, "a", "appref", label, id=ref_id, href=f"#{entry_id}", role="doc-noteref")
        self.apparatus.append((el, entry_id, ref_id, label))

    def render_apparatus(self, out) -> None:
        if not self.apparatus:
            return
        section = sub(out, "section", "apparatus")
        section.set("aria-labelledby", f"app-label-{self.article_id}")
        sub(section, "h3", "apparatus-head", "Apparatus", id=f"app-label-{self.article_id}")
        ol = sub(section, "ol", "apparatus-entries")
        was_numbering, self.numbering = self.numbering, False
        try:
            for el, entry_id, ref_id, label in self.apparatus:
                li = sub(ol, "li", "app-entry", id=entry_id, tabindex="-1")
                back = sub(li, "a", "backlink", label, href=f"#{ref_id}", role="doc-backlink")
                visually_hidden(back, " back to the text")
                append_text(li, " ")
                for reading in _readings(el):
                    name = tei_name(reading)
                    part = sub(li, "span", f"reading {name}")
                    self.children(reading, part)
                    if reading.get("wit"):
                        sub(part, "span", "sigla", " " + (self.label_of(reading.get("wit")) or ""))
                    if name == "lem":
                        append_text(li, "] ")
                    else:
                        append_text(li, " ")
                for child in el:
                    if tei_name(child) in ("note", "witDetail"):
                        self.render(child, li)
        finally:
            self.numbering = was_numbering


def _readings(app):
    for child in app:
        name = tei_name(child) if isinstance(child.tag, str) else None
        if name in ("lem", "rdg"):
            yield child
        elif name == "rdgGrp":
            yield from _readings(child)


def _letters(k: int) -> str:
    s = ""
    while k:
        k, r = divmod(k - 1, 26)
        s = chr(97 + r) + s
    return s


def _inline(cls=None, tag="span"):
    return lambda self, el, out: self.render_inline(el, out, cls, tag)


def _block(cls=None):
    return lambda self, el, out: self.render_container(el, out, cls)


HANDLERS = {
    # structure
    "text": _block("text"), "front": _block("front"), "back": _block("back"), "body": _block("body"),
    "group": _block("group"), "div": Renderer.render_div, **{f"div{i}": Renderer.render_div for i in range(1, 8)},
    "head": Renderer.render_head, "p": Renderer.render_p, "ab": Renderer.render_ab, "lg": Renderer.render_lg,
    "l": Renderer.render_l, "list": Renderer.render_list, "listBibl": Renderer.render_list, "table": Renderer.render_table,
    "figure": Renderer.render_figure, "graphic": Renderer.render_graphic, "quote": Renderer.render_quote,
    "floatingText": _block("floatingText"), "sp": _block("sp"), "speaker": _block("speaker"),
    "divGen": Renderer.render_div_gen, "space": Renderer.render_space, "figDesc": _block("figDesc"),
    "item": _block("item"), "label": Renderer.render_block_or_inline, "row": _block("row"), "cell": _block("cell"),
    # front matter, letters
    "titlePage": _block("titlePage"), "docTitle": Renderer.render_doc_title, "titlePart": Renderer.render_title_part,
    "docAuthor": _block("docAuthor"), "docImprint": _block("docImprint"), "docEdition": _block("docEdition"),
    "byline": Renderer.render_block_or_inline, "dateline": Renderer.render_block_or_inline, "argument": _block("argument"),
    "epigraph": _block("epigraph"), "trailer": _block("trailer"), "opener": _block("opener"), "closer": _block("closer"),
    "salute": Renderer.render_block_or_inline, "signed": Renderer.render_block_or_inline, "postscript": _block("postscript"),
    "address": _block("address"), "addrLine": _block("addrLine"),
    # inline
    "hi": Renderer.render_hi, "emph": Renderer.render_emph, "foreign": Renderer.render_foreign, "title": Renderer.render_title,
    "q": Renderer.render_q, "said": Renderer.render_q, "mentioned": _inline(), "soCalled": _inline(), "term": _inline(),
    "gloss": _inline(), "name": _inline(), "persName": _inline(), "placeName": _inline(), "orgName": _inline(),
    "rs": _inline(), "roleName": _inline(), "forename": _inline(), "surname": _inline(), "addName": _inline(),
    "nameLink": _inline(), "genName": _inline(), "geogName": _inline(), "settlement": _inline(), "region": _inline(),
    "country": _inline(), "num": _inline(), "measure": _inline(), "unit": _inline(), "seg": _inline(), "w": _inline(),
    "c": _inline(), "g": _inline(), "pc": _inline(), "stage": _inline(), "bibl": _inline(), "biblScope": _inline(),
    "author": _inline(), "editor": _inline(), "publisher": _inline(), "pubPlace": _inline(), "idno": _inline(),
    "metamark": _inline(), "abbr": _inline(), "expan": _inline(), "sic": _inline(), "corr": _inline(),
    "orig": _inline(), "reg": _inline(), "ex": _inline(), "am": _inline(), "distinct": _inline(),
    "ref": Renderer.render_ref, "ptr": Renderer.render_ptr,
    "date": Renderer.render_date, "docDate": Renderer.render_date, "time": Renderer.render_date,
    "lb": Renderer.render_lb, "cb": Renderer.render_cb, "pb": Renderer.render_pb, "fw": Renderer.render_fw,
    "anchor": Renderer.render_anchor, "milestone": Renderer.render_milestone,
    "choice": Renderer.render_choice,
    "add": Renderer.render_edit, "del": Renderer.render_edit, "unclear": Renderer.render_edit,
    "supplied": Renderer.render_edit, "surplus": Renderer.render_edit, "damage": Renderer.render_edit,
    "restore": Renderer.render_edit, "secl": Renderer.render_edit, "subst": Renderer.render_edit, "mod": Renderer.render_edit,
    "handShift": lambda self, el, out: None,
    "gap": Renderer.render_gap, "desc": _inline("desc"),
    "note": Renderer.render_note, "app": Renderer.render_app,
    "respStmt": Renderer.render_resp_stmt,
}
