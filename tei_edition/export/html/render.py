"""TEI elements to HTML elements: one rendering per TEI element (from the vocabulary, tei_edition/tei/vocabulary.py),
one fallback that keeps unknown content, and one rule for all of them: text and tails are never dropped.

Every renderer walks its element's content with `children` (or `walk`, when its children go to different places);
a renderer that shows only a mark (pb, lb, milestone, graphic …) leaves the content alone, and `render` then keeps
whatever the element holds (`leftover`): no element, wherever it stands, loses a word of its text or of its tail.
"""

from __future__ import annotations

import collections
import functools
import itertools
import re
from typing import Any

from lxml import etree

from tei_edition import codes
from tei_edition.diagnostics import Diagnostic, Span, warning
from tei_edition.escape import safe_url
from tei_edition.tei import vocabulary
from tei_edition.tei.names import TEI, TEI_NS, XML, local_name

XML_ID = XML + "id"
XML_LANG = XML + "lang"

# HTML elements that are blocks: the HTML parser closes an open <p> at the start of each (WHATWG HTML 13.2.6.4.7).
HTML_BLOCKS = frozenset("address article aside blockquote div dl figure footer h header main ol p section table ul".split())

# TEI elements whose presence inside a TEI `p` makes it a <div class="p">: their HTML rendering is a block, which
# the HTML parser would not keep inside a <p>, tearing the paragraph apart.
BLOCKY = frozenset(e.name for e in vocabulary.ELEMENTS.values() if e.html_tag in HTML_BLOCKS)

# Gap reasons (TEI 3.5.3 COEDADD, semi-open valList; "hiatus" is this project's, encoding.md §4) read aloud.
GAP_REASONS = {reason: reading for reason, (reading, _) in vocabulary.GAP_REASONS.items()}

# Which @rend/@rendition values map to which HTML element (the rest become CSS classes rend-*).
REND_TAGS = {"sup": "sup", "superscript": "sup", "sub": "sub", "subscript": "sub"}

_CLASS_SAFE = re.compile(r"[^A-Za-z0-9_-]+")
_SPAN = re.compile(r"[1-9][0-9]{0,3}")  # a table cell's colspan or rowspan
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
_CONTROL = re.compile(r"[\x00-\x20\x7f]+")
# HTML `time/@datetime` accepts ISO years, months, dates and date-times; anything else stays an attribute.
_DATETIME = re.compile(r"^-?\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$")


@functools.lru_cache(maxsize=1024)  # a document has few distinct types and renditions
def css_token(value: str) -> str:
    return _CLASS_SAFE.sub("-", value).strip("-")[:40]


def safe_href(value: str | None) -> str | None:
    """A link target that cannot run code: http(s), mailto, fragments and relative paths only (escape.safe_url)."""
    return safe_url(value)


def append_text(parent, text: str | None) -> None:
    """Add text at the end of an HTML element (after its last child, if any)."""
    if not text:
        return
    try:
        last = parent[-1]  # (constant time; lxml's len() counts every child)
    except IndexError:
        parent.text = (parent.text or "") + text
    else:
        last.tail = (last.tail or "") + text


def last_child(parent):
    """parent's last child or None, in constant time (lxml's len() counts every child)."""
    try:
        return parent[-1]
    except IndexError:
        return None


def sub(parent, tag: str, cls: str | None = None, text: str | None = None, **attrs):
    el = etree.SubElement(parent, tag)
    if cls:
        el.set("class", cls)
    if attrs:
        for key, value in attrs.items():
            if value is not None:
                el.set(_attribute_name(key), value)
    if text:
        el.text = text
    return el


@functools.lru_cache(maxsize=256)
def _attribute_name(keyword: str) -> str:
    """sub()'s keyword as an HTML attribute name: `aria_hidden` is aria-hidden, `type_` is type."""
    return keyword.rstrip("_").replace("_", "-")


def visually_hidden(parent, text: str):
    return sub(parent, "span", "vh", text)


_IDS = etree.XPath("descendant-or-self::*/@xml:id", smart_strings=True)
_TARGETED_NOTES = etree.XPath("descendant-or-self::tei:note[@target] | descendant-or-self::note[@target]", namespaces={"tei": TEI_NS})


class Renderer:
    """Renders the `text` of one TEI document; collects notes, apparatus entries and warnings on the way."""

    def __init__(self, tree, name: str = "<input>"):
        self.tree = tree
        self.root = tree.getroot() if hasattr(tree, "getroot") else tree
        self.name = name
        self.used_ids: set[str] = set()
        self._suffix: dict[str, int] = {}  # wanted id -> the last counter reserve() gave it
        self.by_id: dict[str, etree._Element] = {}
        self.notes_for: dict[str, list] = collections.defaultdict(list)  # gap id -> notes whose @target names it
        for xid in _IDS(self.root):  # (XPath: ten times cheaper than a Python loop over every element)
            if xid:
                self.by_id[str(xid)] = xid.getparent()
        for note in _TARGETED_NOTES(self.root):
            for target in note.get("target").split():
                if target.startswith("#"):
                    self.notes_for[target[1:]].append(note)
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
        self._metadata: Any = None  # header.Metadata, read on first use
        self._labels: dict[str, str] = {}
        self._lines_matter: dict = {}  # element -> whether line breaks in it are shown (render_lb)  # pointer -> label_of's answer
        self._taken: set = set()  # elements whose content a renderer has rendered (or will: notes, app)

    def metadata(self):
        """The page's facts from the header (header.metadata), read once per document."""
        if self._metadata is None:
            from tei_edition.export.html.header import metadata  # (header.py builds on this module)

            self._metadata = metadata(self.root)
        return self._metadata

    # ---- ids ---------------------------------------------------------------------------------------------

    def reserve(self, wanted: str) -> str:
        """A unique HTML id: the TEI xml:id if it is free, else the wanted id with a counter."""
        candidate, k = wanted, self._suffix.get(wanted, 1)
        while candidate in self.used_ids:
            k += 1
            candidate = f"{wanted}-{k}"
        self._suffix[wanted] = k  # the next ask for the same id starts here: linear however often it is asked
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
        label = self._labels.get(pointer)
        if label is None:
            label = self._labels[pointer] = self._label(pointer)
        return label

    def _label(self, pointer: str) -> str:
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
            if local_name(target) == "respStmt":
                names = [" ".join("".join(c.itertext()).split()) for c in target if local_name(c) != "resp"]
                text = ", ".join(n for n in names if n) or text
            labels.append(text[:80] if text else p.lstrip("#"))
        return ", ".join(labels)

    # ---- walking -----------------------------------------------------------------------------------------

    def children(self, el, out) -> None:
        """el's text, children and tails into `out`, in order."""
        self._taken.add(el)
        append_text(out, el.text)
        render = self.render
        for child in el:
            if isinstance(child.tag, str):
                render(child, out)
            append_text(out, child.tail)

    def walk(self, el, out, place, loose=None) -> None:
        """el's content in order, nothing dropped, for a renderer whose children go to different places:
        `place(child, at)` renders a child element where it belongs and returns where the text after it goes, or
        returns None to have the child rendered at `at` by its own rule; `loose(at, text)` puts el's text and every
        tail there (by default appended to `at`)."""
        self._taken.add(el)
        loose = loose or append_text
        at = out
        loose(at, el.text)
        for child in el:
            if isinstance(child.tag, str):
                where = place(child, at)
                if where is None:
                    self.render(child, at)
                else:
                    at = where
            loose(at, child.tail)

    def take(self, el) -> None:
        """Say that el's content is rendered elsewhere (a note's body in the notes, an app's readings in the
        apparatus) or is on purpose not for readers (the round trip's facts about the source file)."""
        self._taken.add(el)

    def render(self, el, out) -> None:
        """Render one element by its rule (vocabulary: html); whatever content the rule does not show is kept."""
        handler = HANDLERS_BY_TAG.get(el.tag)  # (a TEI element: its rule at once, without naming it)
        if handler is None:
            name = local_name(el)
            if name is None:  # a comment or processing instruction: nothing to show
                return
            handler = HANDLERS.get(name)
            if handler is None:
                self.render_unknown(el, out, name)
                return
        handler(self, el, out)
        try:
            self._taken.remove(el)  # the rule rendered the content (the common case)
        except KeyError:
            if has_content(el):
                self.leftover(el, out, local_name(el))

    def leftover(self, el, out, name: str) -> None:
        """Content that an element's rendering does not show (text in a <pb>, a <desc> in a <graphic>, text in a
        rendering that shows only a mark): kept after it, as an unknown element's content is."""
        box = sub(out, "div" if self.has_blocks(el) else "span", f"tei-content tei-{css_token(name)}")
        self.children(el, box)

    def render_unknown(self, el, out, name: str) -> None:
        """Unknown or foreign elements: their content is rendered, never dropped, and counted in a warning."""
        key = name  # a TEI name, or the Clark name of an element in another namespace
        label = key.rpartition("}")[2]
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
            name = local_name(d)
            if name in BLOCKY and not any(local_name(a) == "note" for a in d.iterancestors() if a is not el):
                if name == "head" and local_name(d.getparent()) in ("list", "table", "figure", "lg"):
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
        div = sub(
            out,
            "div",
            " ".join(filter(None, [cls or local_name(el), css_token(el.get("type") or "") and f"type-{css_token(el.get('type'))}"])),
        )
        self.copy_common(el, div)
        self.children(el, div)

    def render_div(self, el, out) -> None:
        if el.get("type") in vocabulary.NOT_THE_TEXT:  # a website's chrome, the page's info block: not for readers
            self.take(el)
            return
        section = sub(out, "section", "div" + (f" type-{css_token(el.get('type'))}" if el.get("type") else ""))
        self.copy_common(el, section)
        self.headings_from += 1
        try:
            self.children(el, section)
        finally:
            self.headings_from -= 1

    def render_head(self, el, out) -> None:
        parent = local_name(el.getparent()) if el.getparent() is not None else None
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
        in_phrase = out.tag in (
            "p",
            "span",
            "a",
            "em",
            "i",
            "q",
            "cite",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "time",
            "sup",
            "sub",
            "ins",
            "del",
            "caption",
        )
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
        if el.get("type") in vocabulary.NOT_THE_TEXT:
            self.take(el)
            return
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
        has_labels = any(local_name(c) == "label" for c in el)
        ordered = (el.get("type") or el.get("rend") or "") in ("ordered", "numbered")
        lst = None

        def place(child, at):
            nonlocal lst
            name = local_name(child)
            if name == "head":
                self.render_head(child, wrapper)
                return wrapper
            if name in ("item", "label"):
                if lst is None:
                    lst = sub(wrapper, "dl" if has_labels else ("ol" if ordered else "ul"))
                tag = ("dt" if name == "label" else "dd") if has_labels else "li"
                item = sub(lst, tag, name)
                self.copy_common(child, item)
                if child.get("n"):
                    item.set("data-n", child.get("n"))
                self.children(child, item)
                return item
            return None  # anything else: in the last item (or before the first)

        self.walk(el, wrapper, place)

    def render_table(self, el, out) -> None:
        wrapper = sub(out, "div", "table")
        table = sub(wrapper, "table")
        self.copy_common(el, table)

        def stray(at, text):
            """Text where a table or a row has none: a cell of its own (an HTML table would move it out)."""
            if text and text.strip():
                append_text(sub(at, "td", "stray") if at.tag == "tr" else sub(sub(at, "tr", "stray"), "td"), text)

        def place(child, at):
            name = local_name(child)
            if name == "head":
                self.render_head(child, table)
            elif name == "row":
                tr = sub(table, "tr", "row")
                self.walk(child, tr, lambda cell, at: place_cell(child, cell, tr), stray)
            else:
                self.render(child, wrapper)
            return table

        def place_cell(row, cell, tr):
            if local_name(cell) != "cell":
                last = last_child(tr)
                self.render(cell, last if last is not None else sub(tr, "td"))
                return tr
            tag = "th" if (cell.get("role") == "label" or row.get("role") == "label") else "td"
            td = sub(tr, tag, "cell")
            self.copy_common(cell, td)
            for attr, html_attr in (("cols", "colspan"), ("rows", "rowspan")):
                if _SPAN.fullmatch(cell.get(attr) or ""):  # (HTML takes ASCII digits only)
                    td.set(html_attr, cell.get(attr))
            self.children(cell, td)
            return tr

        self.walk(el, table, place, stray)

    def render_figure(self, el, out) -> None:
        figure = sub(out, "figure", "figure")
        self.copy_common(el, figure)
        caption = None

        def place(child, at):
            nonlocal caption
            name = local_name(child)
            if name in ("head", "figDesc"):
                if caption is None:
                    caption = sub(figure, "figcaption")
                part = sub(caption, "span", name)
                self.children(child, part)
                append_text(caption, " ")
                return figure
            return None

        self.walk(el, figure, place, loose_after(""))

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
        # divGen[@type=notes] marks where the source had its note list; the notes live with their witness. A divGen
        # with content (its heads) is shown as a division.
        if has_content(el):
            self.render_container(el, out)

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
        span = sub(out, tag, cls or local_name(el))
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
        first = True

        def place(child, at):
            nonlocal first
            if not first:
                append_text(span, " ")
            first = False
            self.render(child, span)
            return span

        self.walk(el, span, place, loose_after(""))

    def render_block_or_inline(self, el, out) -> None:
        if self.has_blocks(el) or out.tag in (
            "div",
            "section",
            "article",
            "header",
            "main",
            "blockquote",
            "li",
            "td",
            "dd",
            "aside",
            "figure",
        ):
            self.render_container(el, out)
        else:
            self.render_inline(el, out)

    def render_hi(self, el, out) -> None:
        tag, classes = hi_rendering(el.get("rend"), el.get("rendition"))
        span = sub(out, tag, classes)
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
        custom = el.get("when-custom") or (f"{el.get('from-custom')}/{el.get('to-custom')}" if el.get("from-custom") else None)
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
        if self.lines_matter(el.getparent()):
            sub(out, "br", "lb")
        else:
            append_text(out, " ")

    def lines_matter(self, parent) -> bool:
        """Whether the lines in `parent` are the text's own (it or an ancestor is verse or a letter's part): asked
        once per parent, not once per line break."""
        if parent is None:
            return False
        known = self._lines_matter.get(parent)
        if known is None:
            known = self._lines_matter[parent] = any(map(holds_lines, itertools.chain((parent,), parent.iterancestors())))
        return known

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
        parts.sort(key=lambda c: 0 if local_name(c) in preferred else 1)
        span = sub(out, "span", "choice")
        self.copy_common(el, span)
        self.take(el)
        # text where TEI has none (choice holds only its parts): kept, apart from the parts
        loose = [words_of(el.text)] + [words_of(c.tail) for c in el if not isinstance(c.tag, str)]
        append_text(span, " ".join(filter(None, loose)) or None)
        for i, part in enumerate(parts):
            name = css_token(local_name(part) or "part")
            if i or last_child(span) is not None or span.text:
                append_text(span, " ")
            cls = f"{name} {'choice-main' if i == 0 else 'choice-alt'}"
            inner = sub(span, "span", cls)
            self.copy_common(part, inner)
            self.children(part, inner)
            tail = words_of(part.tail)
            append_text(span, f" {tail}" if tail else None)

    def render_edit(self, el, out) -> None:
        name = local_name(el) or ""
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

        def place(child, at):  # desc: TEI words, kept in the explanation
            append_text(expl, "; ")
            self.render(child, expl)
            return expl

        self.walk(el, expl, place, loose_after("; "))
        for note in self.notes_for.get(el.get(XML_ID) or "", []):
            append_text(expl, f"; note {note.get('n') or ''}: ".replace("  ", " "))
            append_text(expl, " ".join("".join(note.itertext()).split()))
        append_text(expl, ") ")

    def render_note(self, el, out) -> None:
        if el.get("type") == "textFile" and any(local_name(a) == "teiHeader" for a in el.iterancestors()):
            self.take(el)  # facts about the source file for the round trip (schemas/README.md), not for readers
            return
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
        self.take(el)  # its body: in the notes (render_notes)

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

    def render_end(self, out) -> None:
        """The apparatus and the notes of the current article, after it; then both lists are emptied. Each may add to
        the other (a note holding an app, an apparatus entry holding a note): rendered until neither has one left."""
        entries = section = None
        done_apparatus = done_notes = 0
        while done_apparatus < len(self.apparatus) or done_notes < len(self.notes):
            entries = self.render_apparatus(out, entries, done_apparatus)
            done_apparatus = len(self.apparatus)
            section = self.render_notes(out, section, done_notes)
            done_notes = len(self.notes)
        self.notes, self.apparatus = [], []

    def render_notes(self, out, section=None, start: int = 0):
        """The notes collected in the current article from `start` on (note bodies may add more notes: a queue),
        into `section` (made in `out` when None); returns the section."""
        if len(self.notes) <= start:
            return section
        if section is None:
            section = sub(out, "section", "notes")
            section.set("aria-labelledby", "notes-label-" + self.article_id)
            heading = sub(section, "h3", None, "Notes", id="notes-label-" + self.article_id)
            heading.set("class", "notes-head")
        was_numbering, self.numbering = self.numbering, False
        i = start
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
        return section

    def render_app(self, el, out) -> None:
        k = len(self.apparatus) + 1
        entry_id = self.reserve(f"{self.article_id}-app{k}")
        ref_id = self.reserve(f"ref-{entry_id}")
        span = sub(out, "span", "app")
        self.copy_common(el, span)
        lem = next((c for c in el if local_name(c) == "lem"), None)
        if lem is not None:
            inner = sub(span, "span", "lem")
            self.copy_common(lem, inner)
            self.children(lem, inner)
        label = _letters(k)
        sub(span, "a", "appref", label, id=ref_id, href=f"#{entry_id}", role="doc-noteref")
        self.apparatus.append((el, entry_id, ref_id, label))
        self.take(el)  # its readings, notes and the rest: in the apparatus (render_apparatus)

    def render_apparatus(self, out, ol=None, start: int = 0):
        """The apparatus entries of the current article from `start` on (entries may add more: a queue), into the
        list `ol` (made in a section in `out` when None); returns the list."""
        if len(self.apparatus) <= start:
            return ol
        if ol is None:
            section = sub(out, "section", "apparatus")
            section.set("aria-labelledby", f"app-label-{self.article_id}")
            sub(section, "h3", "apparatus-head", "Apparatus", id=f"app-label-{self.article_id}")
            ol = sub(section, "ol", "apparatus-entries")
        was_numbering, self.numbering = self.numbering, False
        i = start
        try:
            while i < len(self.apparatus):
                el, entry_id, ref_id, label = self.apparatus[i]
                i += 1
                li = sub(ol, "li", "app-entry", id=entry_id, tabindex="-1")
                back = sub(li, "a", "backlink", label, href=f"#{ref_id}", role="doc-backlink")
                visually_hidden(back, " back to the text")
                append_text(li, " ")
                for reading in _readings(el):
                    name = local_name(reading)
                    part = sub(li, "span", f"reading {name}")
                    self.children(reading, part)
                    if reading.get("wit"):
                        sub(part, "span", "sigla", " " + (self.label_of(reading.get("wit")) or ""))
                    if name == "lem":
                        append_text(li, "] ")
                    else:
                        append_text(li, " ")
                self.apparatus_rest(el, li)
        finally:
            self.numbering = was_numbering
        return ol

    def apparatus_rest(self, el, li) -> None:
        """What an app (or rdgGrp) holds besides its readings, after them: notes, witDetail, any other element, text."""

        def place(child, at):
            name = local_name(child)
            if name in ("lem", "rdg"):
                return li  # shown above
            if name == "rdgGrp":
                self.apparatus_rest(child, li)
                return li
            return None

        self.walk(el, li, place, loose_after(" "))


def _readings(app):
    for child in app:
        name = local_name(child) if isinstance(child.tag, str) else None
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


@functools.lru_cache(maxsize=1024)  # a document has few distinct renditions
def hi_rendering(rend: str | None, rendition: str | None) -> tuple[str, str]:
    """The HTML tag and classes of a <hi> with these @rend and @rendition."""
    tokens = " ".join(filter(None, [rend, (rendition or "").replace("#", "")])).split()
    tag = next((REND_TAGS[r] for r in tokens if r in REND_TAGS), "span")
    classes = ["hi"] + [f"rend-{css_token(r)}" for r in tokens if css_token(r)]
    if not tokens:
        classes.append("rend-default")
    return tag, " ".join(classes)


LINE_CONTAINERS = frozenset(("l", "lg", "opener", "closer", "address", "salute", "signed", "postscript"))


def holds_lines(el) -> bool:
    name = local_name(el)
    return name in LINE_CONTAINERS or (name == "div" and el.get("type") == "letter")


def words_of(text: str | None) -> str | None:
    """The text if it holds more than white space, else None."""
    return text if text and text.strip() else None


def loose_after(separator: str):
    """For `Renderer.walk`: text with words, put after `separator`; white space alone is left out."""

    def loose(at, text: str | None) -> None:
        if text and text.strip():
            append_text(at, separator + text)

    return loose


def has_content(el) -> bool:
    """Whether an element holds anything to show: text, an element, or text after a comment."""
    if el.text and el.text.strip():
        return True
    return any(isinstance(c.tag, str) or (c.tail and c.tail.strip()) for c in el)


def _inline(self, el, out) -> None:
    self.render_inline(el, out)


def _block(self, el, out) -> None:
    self.render_container(el, out)


def _nothing(self, el, out) -> None:
    """No output of its own (handShift): any content is kept by `Renderer.render`."""


def _handler(element: vocabulary.Element):
    """The render function of an element, from its `html` in the vocabulary."""
    if element.html is None:
        return None
    if element.html == "-":
        return _nothing
    if element.html_renderer:
        return getattr(Renderer, "render_" + element.html_renderer)
    return {"div": _block, "span": _inline}[element.html]


# TEI name -> render function (vocabulary: html); the elements without one are rendered by render_unknown (W411).
HANDLERS = {name: h for name, e in vocabulary.ELEMENTS.items() if (h := _handler(e)) is not None}
HANDLERS_BY_TAG = {TEI + name: h for name, h in HANDLERS.items()}  # the same, by Clark name
