"""The reader's Nodes written straight to XML text: what lxml would write for the same tree after `indent`, without
building the tree (one lxml element per node was most of a conversion's time).

The rules are lxml's (libxml2's) serializer's, so that the bytes do not depend on which path wrote them:
text escapes & < > and CR; attribute values escape & < > " TAB LF CR; an element without children is written
empty (<lb/>), one whose only child is an empty string as a pair (<p></p>). Element-only containers (ELEMENT_ONLY)
are indented with two spaces per level where `indent` would indent them; mixed content is written exactly as built
(encoding.md §11). U+00A0 is written as &#xA0; so that it stays visible (§8).
"""

from __future__ import annotations

import re

from tei_edition.layout import pi_xml
from tei_edition.model import LINE_BREAK, Layout, Node
from tei_edition.tei.build import ELEMENT_ONLY

_LINE_BREAK_XML = '<lb edRef="#src_txt"/>'
_PIECE = 20000  # strings written before they are encoded into a piece
_ESCAPED_IN_ATTRIBUTE = re.compile("[&<>\t\n\r\u00a0]")  # and '"', counted apart


def escape_text(s: str) -> str:
    if "&" in s:
        s = s.replace("&", "&amp;")
    if "<" in s:
        s = s.replace("<", "&lt;")
    if ">" in s:
        s = s.replace(">", "&gt;")
    if "\r" in s:
        s = s.replace("\r", "&#13;")
    if "\u00a0" in s:
        s = s.replace("\u00a0", "&#xA0;")
    return s


def escape_attribute(s: str) -> str:
    s = escape_text(s)
    if '"' in s:
        s = s.replace('"', "&quot;")
    if "\n" in s:
        s = s.replace("\n", "&#10;")
    if "\t" in s:
        s = s.replace("\t", "&#9;")
    return s


class Quiet(Node):
    """A node whose subtree is written and counted but is not the edited text (e.g. a distributor's licence):
    the header's features leave it out."""

    __slots__ = ()

    @classmethod
    def of(cls, node: Node) -> Quiet:
        return cls(node.tag, node.attrs, node.children)


class Emitter:
    """Collects the XML text of Nodes; counts the elements written (for the conversion report) and notes the
    features the header describes (element names, "hiatus" for a hiatus gap, "dates", "sameAs"), except inside
    Quiet nodes. The features are worked out from the counts at the end (cheaper than per node)."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        # (plain dicts: the interpreter's fast path for dict items is for dict only)
        self._main_counts: dict[str, int] = {}  # elements of the edited text
        self._quiet_counts: dict[str, int] = {}  # elements inside Quiet nodes
        self._counts = self._main_counts  # where _write counts: the quiet dict inside a Quiet node
        self._main_special: list[tuple[str, str]] = []  # ("hiatus", tag), ("dates", tag), ("sameAs", tag)
        self._special = self._main_special
        self._starts: dict[tuple, str] = {}  # start tags of elements without an xml:id, as written
        self._chunks: list[bytes] = []  # the text written so far, encoded (see _flush)

    @property
    def counts(self) -> dict[str, int]:
        """Every element written, by name."""
        counts = dict(self._main_counts)
        for tag, n in self._quiet_counts.items():
            counts[tag] = counts.get(tag, 0) + n
        return counts

    @property
    def features(self) -> set[str]:
        """What the edited text has: its element names (a hiatus gap counts as "hiatus", not "gap"), "dates" for a
        @calendar, "sameAs" for a @sameAs."""
        hiatus: dict[str, int] = {}
        features = set()
        for kind, tag in self._main_special:
            features.add(kind)
            if kind == "hiatus":
                hiatus[tag] = hiatus.get(tag, 0) + 1
        features.update(tag for tag, n in self._main_counts.items() if n > hiatus.get(tag, 0))
        return features

    def text(self) -> str:
        return b"".join(self._chunks).decode("utf-8") + "".join(self.parts)

    def encoded(self, head: bytes = b"", tail: bytes = b"") -> bytes:
        """head + the text written, in UTF-8 + tail, joined once (the text is encoded in pieces as it is written)."""
        return b"".join([head, *self._chunks, "".join(self.parts).encode("utf-8"), tail])

    def _flush(self) -> None:
        """Encode what has been written so far into a piece. The small strings go while they are still in the cache:
        for a 50 MB source they are millions, and keeping them all to the end cost a fifth of the conversion (their
        memory, then freeing them), besides three 100 MB copies for one string, its encoding and a concatenation."""
        self._chunks.append("".join(self.parts).encode("utf-8"))
        self.parts.clear()

    def node(self, node: Node, level: int = 0, indenting: bool = True) -> None:
        """Write `node`; `indenting` says whether `indent` reaches it (its parent was indented), at `level`."""
        if type(node) is Layout:
            self.parts.append(pi_xml(node))
        elif type(node) is Quiet:
            counts, special = self._counts, self._special
            self._counts, self._special = self._quiet_counts, []
            self._write(node, level, indenting)
            # a @calendar outside the edited text (a source note's dual date) still points at the header's calendars
            special += [s for s in self._special if s[0] == "dates"]
            self._counts, self._special = counts, special
        else:
            self._write(node, level, indenting)

    def _write(self, node: Node, level: int, indenting: bool) -> None:
        out = self.parts
        tag = node.tag
        counts = self._counts
        counts[tag] = counts.get(tag, 0) + 1
        attrs = node.attrs
        children = node.children
        start: str | None  # the start tag (None only while the cache below is asked for it)
        if attrs:
            if "reason" in attrs or "calendar" in attrs or "sameAs" in attrs:
                if attrs.get("reason") == "hiatus":  # a hiatus has a rule of its own
                    self._special.append(("hiatus", tag))
                if attrs.get("calendar"):
                    self._special.append(("dates", tag))
                if attrs.get("sameAs"):
                    self._special.append(("sameAs", tag))
            if "xml:id" in attrs:
                start = _start(tag, attrs)
            else:  # <hi rend="italic" ...>, <lb edRef="#src_txt"/> and their like: made once, reused
                key = (tag, *attrs.items())
                start = self._starts.get(key)
                if start is None:
                    start = self._starts[key] = _start(tag, attrs)
        else:
            start = "<" + tag
        if not children:
            out.append(start + "/>")
            return
        write = self._write
        if indenting and tag in ELEMENT_ONLY and _element_only(children):
            pad = "\n" + "  " * (level + 1)
            out.append(start + ">")
            for c in children:
                if type(c) is not str:
                    out.append(pad)
                    if type(c) is Layout:  # a processing instruction (layout of the plain text): not counted
                        out.append(pi_xml(c))
                        continue
                    assert isinstance(c, Node)  # not a str (above): the model's children are str and nodes
                    (self.node if type(c) is Quiet else write)(c, level + 1, True)
                    if len(out) > _PIECE:  # (between the paragraphs of a division: a cheap place to look)
                        self._flush()
            out.append("\n" + "  " * level + "</" + tag + ">")
            return
        out.append(start + ">")
        append = out.append
        line_breaks = 0
        for c in children:
            if type(c) is str:
                # (escape_text's tests, here: most text has nothing to escape, and a call per string costs)
                if "&" in c or "<" in c or ">" in c or "\r" in c or "\u00a0" in c:
                    c = escape_text(c)
                append(c)
            elif c is LINE_BREAK:  # the shared line-end node: one per line of a hard-wrapped text
                append(_LINE_BREAK_XML)
                line_breaks += 1
            elif type(c) is Quiet:
                self.node(c, 0, False)
            elif type(c) is Layout:
                append(pi_xml(c))
            else:
                assert isinstance(c, Node)  # not a str (above): the model's children are str and nodes
                write(c, 0, False)
        append("</" + tag + ">")
        if line_breaks:
            counts["lb"] = counts.get("lb", 0) + line_breaks


def _start(tag: str, attrs: dict) -> str:
    """The start tag without its closing ">" (attributes in their order; None-valued ones are left out)."""
    if len(attrs) == 1:  # (most often: a paragraph's xml:id)
        ((name, value),) = attrs.items()
        if value is None:
            return "<" + tag
        if _ESCAPED_IN_ATTRIBUTE.search(value) or '"' in value:
            value = escape_attribute(value)
        return f'<{tag} {name}="{value}"'
    written = [f' {k}="{v}"' for k, v in attrs.items() if v is not None]
    joined = "".join(written)
    # one test for all values (names and the added space, = and quotes hold nothing to escape but the quotes)
    if _ESCAPED_IN_ATTRIBUTE.search(joined) or joined.count('"') != 2 * len(written):
        joined = "".join([f' {k}="{escape_attribute(v)}"' for k, v in attrs.items() if v is not None])
    return "<" + tag + joined


def _element_only(children: list) -> bool:
    """Has element children and no text but white space (which indentation replaces), as `indent` decides."""
    has_element = False
    for c in children:
        if type(c) is str:
            if c.strip():
                return False
        else:
            has_element = True
    return has_element
