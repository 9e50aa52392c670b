"""The TEI that tei-edition speaks, described once: every element it writes or reads, with where it may stand, what it
may hold, what kind of thing it is and how each exporter renders it. Everything else is derived from this table.

Modelled on pandoc's single AST definition (one type that every reader writes and every writer reads) and on delb's
`names.py` (names defined once, imported everywhere). Derived from it:

* `schemas/make_xsd.py` -> `schemas/tei_edition.xsd`: the project schema (the elements with a `schema`: content
  model, attribute classes, own attributes; the model classes are the `member` lists read the other way round),
* `tei_edition/tei/build.py` ELEMENT_ONLY (the writer and `Emitter` indent inside these),
* `tei_edition/export/html/render.py` HANDLERS (the HTML rendering of each element), BLOCKY, GAP_REASONS,
* `tei_edition/export/text.py` BLOCKS, LINE_BLOCKS, SKIP, CONTAINERS, MILESTONES,
* `tei_edition/export/html/words.py` TEI_INLINE, TEI_APART_PARENTS, LINE_BREAKS (the word checker).

`tests/test_vocabulary.py` checks each derived table against the schema's element set and content kinds.

One entry, one element
----------------------
`E(name, kind, content, member=..., atts=..., own=..., html=..., text=..., words=..., indent=...)`:

* **name**: the TEI element name.
* **kind**: what it is. CONTAINER (holds blocks: text, body, div, opener …), BLOCK (a paragraph-like run of words:
  p, head, docAuthor …), LINES (a block whose children are its lines: list, lg, table), LINE (a line of one: l,
  item, cell), INLINE (phrase level: hi, persName, date …), MILESTONE (an empty mark: pb, lb, gap, space …), NOTE,
  HEADER (metadata: teiHeader and what only the header or standOff holds). The kind gives the defaults of the three
  renderings below.
* **content** (project elements only; None for TEI that other people write and the exporters know): `mixed(macro)`,
  `mixed_with(*particles)`, `EMPTY` or `elements(particle)`, built with `el`, `grp`, `seq`, `cho` as in TEI's own
  content models, narrowed; **member**: the model classes it belongs to (where it may stand besides the content
  models that name it); **atts**: its attribute classes; **own**: its own attributes (`attr`, `enum_attr`).
* **html**: `"div"` or `"span"` (a generic block or phrase with the element's name as its class), `"@name:tag"` (a
  special renderer `Renderer.render_<name>` that makes a `<tag>`), `"-"` (no output of its own: a mark with nothing
  to show), or None (no rendering of its own: rendered as text and counted in W411, as for an unknown element).
  Whatever the renderer, text and tails are never dropped (the renderer's fallback keeps them).
* **text**: how the plain-text exporter treats it: "block", "inline", "line-block", "container", "skip",
  "milestone".
* **words**: for the word checker: "inline" (it may sit inside a word: its edges are no word boundary), "break" (its
  edges end a word), "line" (a line or page break: ends a word unless @break="no"); **apart**: its children are shown
  apart (choice, app).
* **indent**: the writer indents inside it (element-only containers of the header and the text structure; line
  blocks and a few containers are written on one line, as the goldens have them).

Adding an element
-----------------
One entry below, in its section, and its renderings:

1. `E("name", KIND, content, member=("class",), atts=[G, ...], own=[...])`; a project element also needs the
   content models that hold it (a `member` class, or `el("name")` in a parent's model).
2. If `html` names a special renderer, write `Renderer.render_<name>` in `export/html/render.py` (it must walk the
   element with `self.children` or `self.walk`, or leave the content to the fallback).
3. For a project element: `python schemas/make_xsd.py`, then `pytest tests/test_vocabulary.py tests/test_schema.py`.

Nothing else: the emitter's, the exporters' and the word checker's tables follow.
"""

from __future__ import annotations

import dataclasses

# ================================================================================================ the model

CONTAINER, BLOCK, LINES, LINE, INLINE, MILESTONE, NOTE, HEADER = (
    "container",
    "block",
    "line-block",
    "line",
    "inline",
    "milestone",
    "note",
    "header",
)
KINDS = (CONTAINER, BLOCK, LINES, LINE, INLINE, MILESTONE, NOTE, HEADER)
TEXT_RENDERINGS = ("block", "inline", "line-block", "container", "skip", "milestone")
WORDS = ("inline", "break", "line")

Max = int | str  # "u": unbounded


@dataclasses.dataclass(frozen=True)
class Ref:
    """One element in a content model; `type` names its schema type when the element has two (a header note)."""

    name: str
    min: int = 1
    max: Max = 1
    type: str | None = None


@dataclasses.dataclass(frozen=True)
class Group:
    """A model class (TEI model.*, narrowed): every element that is a `member` of it."""

    name: str
    min: int = 1
    max: Max = 1


@dataclasses.dataclass(frozen=True)
class Seq:
    items: tuple
    min: int = 1
    max: Max = 1


@dataclasses.dataclass(frozen=True)
class Choice:
    items: tuple
    min: int = 1
    max: Max = 1


Particle = Ref | Group | Seq | Choice


def el(name: str, mn=1, mx=1, type_: str | None = None) -> Ref:
    return Ref(name, mn, mx, type_)


def grp(name: str, mn=1, mx=1) -> Group:
    return Group(name, mn, mx)


def seq(*items: Particle, mn=1, mx=1) -> Seq:
    return Seq(tuple(items), mn, mx)


def cho(*items: Particle, mn=1, mx=1) -> Choice:
    return Choice(tuple(items), mn, mx)


def els(*names: str) -> list[Ref]:
    return [el(n) for n in names]


@dataclasses.dataclass(frozen=True)
class Content:
    """What an element may hold: "mixed" (text and the macro's particles), "mixedWith" (text and the particles
    given), "empty", or "elements" (the particle only)."""

    kind: str
    macro: str | None = None
    particles: tuple = ()

    @property
    def particle(self) -> Particle:
        return self.particles[0]


def mixed(macro: str) -> Content:
    return Content("mixed", macro)


def mixed_with(*particles: Particle) -> Content:
    return Content("mixedWith", None, tuple(particles))


def elements(particle: Particle) -> Content:
    return Content("elements", None, (particle,))


EMPTY = Content("empty")


@dataclasses.dataclass(frozen=True)
class Attribute:
    """An attribute: a datatype (teidata.* or xs:*), or a closed list of values; `xml:` names refer to xml.xsd."""

    name: str
    type: str | None = None
    required: bool = False
    values: tuple[str, ...] = ()


def attr(name: str, type_: str, use: str = "optional") -> Attribute:
    return Attribute(name, type_, use == "required")


def enum_attr(name: str, *values: str) -> Attribute:
    return Attribute(name, None, False, tuple(values))


@dataclasses.dataclass(frozen=True)
class Schema:
    """An element's declaration in the project schema: one named type (`<type>_type`)."""

    type: str
    content: Content
    member: tuple[str, ...] = ()
    atts: tuple[str, ...] = ()
    own: tuple[Attribute, ...] = ()


@dataclasses.dataclass(frozen=True)
class Element:
    name: str
    kind: str
    html: str | None
    text: str
    words: str
    apart: bool = False
    indent: bool = False
    schemas: tuple[Schema, ...] = ()  # empty: not in the project schema (TEI that others write, which the exporters know)

    @property
    def project(self) -> bool:
        """Whether the project schema declares it (convert writes it, validate accepts it)."""
        return bool(self.schemas)

    @property
    def html_renderer(self) -> str | None:
        """The special renderer's name (`p` for "@p:div"), or None for a generic rendering."""
        return self.html[1:].partition(":")[0] if self.html and self.html.startswith("@") else None

    @property
    def html_tag(self) -> str | None:
        """The HTML element it becomes ("div", "span", "section" …); None when it makes none of its own."""
        if not self.html or self.html == "-":
            return None
        return self.html.partition(":")[2] if self.html.startswith("@") else self.html


_HTML = {CONTAINER: "div", BLOCK: "div", LINES: "div", LINE: "div", INLINE: "span", MILESTONE: None, NOTE: None, HEADER: None}
_TEXT = {
    CONTAINER: "container",
    BLOCK: "block",
    LINES: "line-block",
    LINE: "block",
    INLINE: "inline",
    MILESTONE: "milestone",
    NOTE: "inline",
    HEADER: "inline",
}
_WORDS = {INLINE: "inline", MILESTONE: "inline"}
_DEFAULT = object()


def E(
    name: str,
    kind: str,
    content: Content | None = None,
    *,
    member=(),
    atts=(),
    own=(),
    html=_DEFAULT,
    text=None,
    words=None,
    apart=False,
    indent=False,
    also: tuple[Schema, ...] = (),
) -> Element:
    """One entry of the table (see the module docstring); the kind gives the renderings not named."""
    schemas = (Schema(name, content, tuple(member), tuple(atts), tuple(own)),) if content is not None else ()
    return Element(
        name,
        kind,
        _HTML[kind] if html is _DEFAULT else html,
        text or _TEXT[kind],
        words or _WORDS.get(kind, "break"),
        apart,
        indent,
        schemas + tuple(also),
    )


# ================================================================================================ model classes

# The model classes (TEI's model.*, narrowed): xs:groups of the project schema, in this order. A class is its members
# (each element names the classes it is a `member` of) and the classes it includes.
CLASSES: dict[str, tuple[str, tuple[str, ...]]] = {
    "global": ("model.global: milestoneLike + noteLike + global.edit (gap, space)", ()),
    "globalHeader": ("model.global inside bibliographic and header prose, where notes classify statements", ()),
    "limitedPhrase": ("model.limitedPhrase: hiLike, emphLike, pPart.editorial (part), ptrLike, pPart.data", ()),
    "phraseRest": ("the rest of model.phrase: segLike + pPart.transcriptional", ()),
    "inter": ("model.inter: biblLike, labelLike, listLike, stageLike, attributable (quote, floatingText)", ()),
    "divPart": ("model.divPart: lLike, pLike, lg", ()),
    "divTop": ("model.divTop (divWrapper + divTopPart)", ()),
    "divBottom": ("model.divBottom (divWrapper + divBottomPart)", ()),
    "common": ("model.common: divPart + inter", ("divPart", "inter")),
}

# ================================================================================================ content macros

# TEI's macros, narrowed: the particles of mixed content.
MACROS: dict[str, list[Particle]] = {
    "paraContent": [grp("limitedPhrase"), grp("phraseRest"), grp("inter"), grp("global"), el("l"), el("lg")],
    "abContent": [grp("limitedPhrase"), grp("phraseRest"), grp("inter"), grp("global"), el("l"), el("lg"), el("ab")],
    "specialPara": [grp("limitedPhrase"), grp("phraseRest"), grp("inter"), grp("divPart"), grp("global")],
    "phraseSeq": [grp("limitedPhrase"), grp("phraseRest"), grp("global"), el("quote"), el("floatingText")],
    "phraseSeqLimited": [grp("limitedPhrase"), grp("global")],
    "dateContent": [grp("limitedPhrase"), grp("phraseRest"), grp("global")],
    "lContent": [grp("limitedPhrase"), grp("phraseRest"), grp("inter"), grp("global")],
}

# ================================================================================================ content models

NOTE_H = el("note", type_="headerNote")  # a header note: @type open (title, translation, ...)

# div (TEI: (divTop|global)*, ((div|divGen, global*)+ | (common, global*)+, (div|divGen, global*)*)?, (divBottom, global*)*
# with the bottom part only after a middle). XSD 1.0 needs a deterministic model: every part starts with an element
# no earlier part can take, so globals belong to the part they follow.
_DIV_OR_GEN = cho(*els("div", "divGen"))
_DIV_MIDDLE = cho(
    seq(_DIV_OR_GEN, grp("global", 0, "u"), mn=1, mx="u"),
    seq(seq(grp("common"), grp("global", 0, "u"), mx="u"), seq(_DIV_OR_GEN, grp("global", 0, "u"), mn=0, mx="u")),
)
_BOTTOM = seq(grp("divBottom"), grp("global", 0, "u"), mn=0, mx="u")
DIV = seq(cho(grp("divTop"), grp("global"), mn=0, mx="u"), seq(_DIV_MIDDLE, _BOTTOM, mn=0))

# body (TEI: global*, (divTop, (global|divTop)*)?, (divGen, (global|divGen)*)?, one of three middles, (divBottom, global*)*)
_BODY_DIVS = seq(el("div"), cho(grp("global"), el("divGen"), mn=0, mx="u"), mx="u")
BODY = seq(
    cho(grp("divTop"), grp("global"), mn=0, mx="u"),
    seq(el("divGen"), cho(grp("global"), el("divGen"), mn=0, mx="u"), mn=0),
    cho(_BODY_DIVS, seq(seq(grp("common"), grp("global", 0, "u"), mx="u"), seq(_BODY_DIVS, mn=0))),
    _BOTTOM,
)

# front (TEI: (frontPart|pLike|pLike.front|global)*, (div, (div|frontPart|global)*)?, ...)
FRONT = seq(
    cho(*els("head", "p", "ab", "docAuthor", "docTitle", "titlePart", "docDate", "dateline", "divGen"), grp("global"), mn=0, mx="u"),
    seq(el("div"), cho(*els("div", "divGen"), grp("global"), mn=0, mx="u"), mn=0),
)

# back (TEI: (frontPart|pLike.front|pLike|listLike|global)*, (div, (frontPart|div|global)*)?, ...)
BACK = seq(
    cho(*els("head", "p", "ab", "docAuthor", "docDate", "dateline", "divGen", "list", "table"), grp("global"), mn=0, mx="u"),
    seq(el("div"), cho(*els("div", "divGen"), grp("global"), mn=0, mx="u"), mn=0),
)

# group (TEI: (divTop|global)*, (text|group), (text|group|global)*, divBottom*)
GROUP = seq(
    cho(grp("divTop"), grp("global"), mn=0, mx="u"),
    cho(*els("text", "group")),
    cho(*els("text", "group"), grp("global"), mn=0, mx="u"),
    grp("divBottom", 0, "u"),
)

# text and floatingText (TEI: global*, (front, global*)?, (body|group), global*, (back, global*)?)
TEXT = seq(el("front", 0), cho(*els("body", "group")), el("back", 0))

# lg (TEI: (divTop|global)*, (l|lg|stageLike|labelLike|pPart.transcriptional), (...|global)*, (divBottom, global*)*)
LG = seq(cho(el("head"), grp("global"), mn=0, mx="u"), cho(*els("l", "lg")), cho(*els("l", "lg"), grp("global"), mn=0, mx="u"))

# list (TEI: (divTop|global|desc)*, ((item, global*)+ | (headLabel?, headItem?, (label, global*, item, global*)+)), ...)
LIST = seq(
    cho(el("head"), grp("global"), mn=0, mx="u"),
    cho(
        seq(el("item"), grp("global", 0, "u"), mx="u"),
        seq(el("label"), grp("global", 0, "u"), el("item"), grp("global", 0, "u"), mx="u"),
    ),
)

# table (TEI: (head|global)*, ((row, global*)+ | ...), (divBottom, global*)*)
TABLE = seq(cho(el("head"), grp("global"), mn=0, mx="u"), seq(el("row"), grp("global", 0, "u"), mx="u"))

# postscript (TEI: (global|divTopPart)*, common, (global|common)*, (divBottomPart, global*)*)
POSTSCRIPT = seq(
    cho(*els("head", "opener"), grp("global"), mn=0, mx="u"),
    grp("common"),
    cho(grp("common"), grp("global"), mn=0, mx="u"),
    seq(cho(*els("closer", "signed", "trailer")), grp("global", 0, "u"), mn=0, mx="u"),
)

_LETTER_PART: list[Particle] = [grp("limitedPhrase"), grp("phraseRest"), grp("global"), *els("dateline", "salute", "signed", "address")]

# ---------------------------------------------------------------- header content

_AGENT = cho(*els("persName", "name", "orgName"))
RESPSTMT = seq(cho(seq(el("resp", 1, "u"), seq(_AGENT, mx="u")), seq(seq(_AGENT, mx="u"), el("resp", 1, "u"))), seq(NOTE_H, mn=0, mx="u"))
_RESP_LIKE = cho(*els("author", "editor", "respStmt"), mn=0, mx="u")
PUBLICATIONSTMT = cho(
    seq(cho(*els("authority", "publisher")), cho(*els("pubPlace", "idno", "availability", "date", "ptr", "ref"), mn=0, mx="u"), mx="u"),
    el("p", 1, "u"),
)
BIBL_CONTENT: list[Particle] = [
    cho(*els("hi", "q", "emph", "foreign", "title")),  # model.highlighted
    cho(*els("date", "persName", "placeName", "orgName", "name", "idno")),  # model.pPart.data
    cho(*els("choice", "abbr", "expan", "sic", "corr", "reg", "orig", "add", "del", "unclear", "supplied")),  # pPart.edit
    cho(*els("seg", "ptr", "ref")),  # segLike, ptrLike
    cho(*els("author", "editor", "respStmt", "publisher", "biblScope", "pubPlace", "bibl", "edition", "quote")),  # biblPart
    grp("globalHeader"),
]
_P_PLUS = el("p", 1, "u")
_P_OR_AB = cho(*els("p", "ab"), mx="u")
_PERSON_PARTS = cho(*els("persName", "name", "idno", "birth", "death", "bibl", "ptr", "ref"), NOTE_H, mn=0, mx="u")
PERSON = cho(_P_PLUS, _PERSON_PARTS)
PLACE = seq(
    el("head", 0),
    cho(_P_PLUS, cho(*els("placeName", "name", "label"), mx="u"), mn=0),
    cho(NOTE_H, *els("bibl", "ptr", "ref", "idno"), mn=0, mx="u"),
    cho(*els("place", "listPlace"), mn=0, mx="u"),
)
ORG = seq(
    el("head", 0),
    cho(_P_PLUS, cho(*els("orgName", "name", "idno", "placeName", "label"), mx="u"), mn=0),
    cho(NOTE_H, *els("bibl", "ptr", "ref"), mn=0, mx="u"),
)
EVENT = seq(
    el("idno", 0, "u"),
    el("head", 0),
    cho(_P_PLUS, el("label", 1, "u")),
    cho(NOTE_H, *els("bibl", "ptr", "ref"), mn=0, mx="u"),
    cho(*els("event", "listEvent"), mn=0, mx="u"),
)


def list_of(member: str, also: str) -> Seq:
    """listPerson and kin (TEI: head*, desc*, (relation|listRelation)*, ((member|also)+, ...)+)."""
    return seq(el("head", 0), cho(*els(member, also), mx="u"))


# ================================================================================================ attributes

ATTRIBUTE_CLASSES: dict[str, tuple[Attribute, ...]] = {
    # att.global (att.global.rendition, .responsibility, .source, .linking: the members the project uses)
    "att.global": (
        Attribute("xml:id"),
        attr("n", "xs:string"),
        Attribute("xml:lang"),
        attr("rend", "teidata.words"),
        attr("rendition", "teidata.pointers"),
        attr("style", "xs:string"),
        attr("resp", "teidata.pointers"),
        attr("cert", "teidata.certainty"),
        attr("source", "teidata.pointers"),
        attr("sameAs", "teidata.pointer"),
        attr("corresp", "teidata.pointers"),
    ),
    "att.typed": (attr("type", "teidata.word"), attr("subtype", "teidata.word")),
    "att.fragmentable": (attr("part", "teidata.word"),),  # (Y, N, I, M, F: "F", the final part of a letter begun earlier)
    # att.datable: att.datable.w3c + att.datable.custom (13.4 NDDATECUSTOM)
    "att.datable": (
        *(attr(a, "teidata.temporal.w3c") for a in ("when", "notBefore", "notAfter", "from", "to")),
        *(attr(f"{a}-custom", "teidata.words") for a in ("when", "notBefore", "notAfter", "from", "to")),
        attr("datingMethod", "teidata.pointer"),
    ),
    "att.calendarSystem": (attr("calendar", "teidata.pointers"),),
    "att.canonical": (attr("key", "xs:string"), attr("ref", "teidata.pointers")),
    "att.pointing": (attr("target", "teidata.pointers"),),
    "att.placement": (attr("place", "teidata.words"),),
    "att.edition": (attr("edRef", "teidata.pointers"),),
    "att.breaking": (attr("break", "teidata.word"),),
    "att.dimensions": (attr("unit", "teidata.word"), attr("quantity", "xs:decimal"), attr("extent", "xs:string")),
    "att.citing": tuple(attr(a, "teidata.word") for a in ("unit", "from", "to")),
    "att.ascribed": (attr("who", "teidata.pointers"),),
    "att.locatable": (attr("where", "teidata.pointers"),),
}

G = "att.global"
TYPE_SUB = (attr("type", "teidata.word"), attr("subtype", "teidata.word"))
ROWS_COLS = (attr("rows", "xs:nonNegativeInteger"), attr("cols", "xs:nonNegativeInteger"))
METHOD = enum_attr("method", "silent", "markup")

# gap/@reason: value -> how the HTML edition reads it aloud, and whether the project schema accepts it (a closed list:
# encoding.md §12 plus "omitted" and "sampling", schemas/README.md). The others are TEI's sample values, which the
# HTML export reads in anyone's TEI.
GAP_REASONS: dict[str, tuple[str, bool]] = {
    "hiatus": ("hiatus in the source: text not recorded", True),
    "illegible": ("illegible", True),
    "inaudible": ("inaudible", True),
    "editorial": ("omitted by the editors", True),
    "omitted": ("omitted in the printed source", True),
    "sampling": ("omitted (sampling)", True),
    "lost": ("lost from this copy", True),
    "cancelled": ("cancelled", False),
    "deleted": ("deleted", False),
    "irrelevant": ("omitted as irrelevant", False),
    "damage": ("damaged", False),
}
PROJECT_GAP_REASONS = tuple(reason for reason, (_, project) in GAP_REASONS.items() if project)

# ================================================================================================ the elements

_ALL: list[Element] = [
    # ---------------------------------------------------------------- textstructure (project)
    E("TEI", CONTAINER, elements(seq(el("teiHeader"), el("standOff", 0), el("text"))), atts=[G, "att.typed"], html=None, indent=True),
    E("text", CONTAINER, elements(TEXT), atts=[G, "att.typed"], indent=True),
    E("floatingText", CONTAINER, elements(TEXT), member=["inter"], atts=[G, "att.typed"], indent=True),
    E("front", CONTAINER, elements(FRONT), atts=[G], indent=True),
    E("body", CONTAINER, elements(BODY), atts=[G], indent=True),
    E("back", CONTAINER, elements(BACK), atts=[G], indent=True),
    E("group", CONTAINER, elements(GROUP), atts=[G, "att.typed"], indent=True),
    E("div", CONTAINER, elements(DIV), atts=[G, "att.typed", "att.fragmentable"], html="@div:section", indent=True),
    # where a generated list stood (the notes: the plain text's note list); written empty
    E("divGen", CONTAINER, elements(el("head", 0, "u")), atts=[G], own=TYPE_SUB, html="@div_gen:div", indent=True),
    E("docAuthor", BLOCK, mixed("phraseSeq"), member=["divTop", "divBottom"], atts=[G, "att.canonical"]),
    E(
        "docTitle",
        CONTAINER,
        elements(seq(el("titlePart"), grp("global", 0, "u"), mx="u")),
        atts=[G, "att.canonical"],
        html="@doc_title:p",
        indent=True,
    ),
    E("titlePart", BLOCK, mixed("paraContent"), atts=[G], own=TYPE_SUB, html="@title_part:span"),
    E(
        "docDate",
        BLOCK,
        mixed("phraseSeq"),
        member=["divTop", "divBottom"],
        atts=[G, "att.calendarSystem", "att.datable"],
        html="@date:time",
        words="inline",
    ),
    # opener and closer hold phrases and letter parts (the converter writes each line as a seg)
    E("opener", CONTAINER, mixed_with(*_LETTER_PART), member=["divTop"], atts=[G]),
    E("closer", CONTAINER, mixed_with(*_LETTER_PART), member=["divBottom"], atts=[G]),
    # an addressee's address in a letter's opener: one addrLine per line (TEI 3.6.2)
    E("address", CONTAINER, elements(el("addrLine", 1, "u")), atts=[G], indent=True),
    E("addrLine", LINE, mixed("phraseSeq"), atts=[G]),
    # element-only, but written on one line (as the goldens have it)
    E("postscript", CONTAINER, elements(POSTSCRIPT), member=["divBottom"], atts=[G, "att.placement"]),
    E(
        "dateline",
        BLOCK,
        # (an address too: "London, 21 November 1853 28 Dean Street, Soho"; TEI: model.phrase holds model.addressLike)
        mixed_with(grp("limitedPhrase"), grp("phraseRest"), grp("global"), el("docDate"), el("address")),
        member=["divTop", "divBottom"],
        atts=[G],
        html="@block_or_inline:div",
    ),
    E("salute", BLOCK, mixed("paraContent"), member=["divTop", "divBottom"], atts=[G], html="@block_or_inline:div"),
    E("signed", BLOCK, mixed("paraContent"), member=["divBottom"], atts=[G], html="@block_or_inline:div"),
    E("trailer", BLOCK, mixed("paraContent"), member=["divBottom"], atts=[G, "att.typed", "att.placement"]),
    # ---------------------------------------------------------------- core: blocks (project)
    E("p", BLOCK, mixed("paraContent"), member=["divPart"], atts=[G], html="@p:p"),
    E("ab", BLOCK, mixed("abContent"), member=["divPart"], atts=[G, "att.typed"], html="@ab:p"),
    E("head", BLOCK, mixed("paraContent"), member=["divTop"], atts=[G, "att.typed", "att.placement"], html="@head:h"),
    E("lg", LINES, elements(LG), member=["divPart"], atts=[G, "att.typed"], html="@lg:div"),
    E("l", LINE, mixed("lContent"), member=["divPart"], atts=[G], html="@l:div"),
    E("list", LINES, elements(LIST), member=["inter"], atts=[G], own=TYPE_SUB, html="@list:div"),
    E("item", LINE, mixed("specialPara"), atts=[G]),
    E("label", BLOCK, mixed("phraseSeq"), member=["inter"], atts=[G, "att.typed", "att.placement"], html="@block_or_inline:div"),
    E("table", LINES, elements(TABLE), member=["inter"], atts=[G, "att.typed"], own=ROWS_COLS, html="@table:div"),
    E("row", LINE, elements(el("cell", 1, "u")), atts=[G], text="container"),
    E("cell", LINE, mixed("specialPara"), atts=[G], own=ROWS_COLS),
    E("quote", BLOCK, mixed("specialPara"), member=["inter"], atts=[G, "att.typed"], html="@quote:span", words="inline"),
    E(
        "stage",
        BLOCK,
        mixed("specialPara"),
        member=["inter"],
        atts=[G, "att.placement"],
        own=[attr("type", "teidata.words")],
        html="span",
        words="inline",
    ),
    E("bibl", BLOCK, mixed_with(*BIBL_CONTENT), member=["inter"], atts=[G, "att.canonical", "att.typed"], html="span", words="inline"),
    # ---------------------------------------------------------------- core: notes and milestones (3.9.1 CONONO; 3.11.3 CORS5)
    E(
        "note",
        NOTE,
        mixed("specialPara"),
        member=["global"],
        atts=[G, "att.pointing"],
        html="@note:a",
        own=[
            enum_attr("type", "editorial", "authorial"),
            attr("subtype", "teidata.word"),
            enum_attr("place", "bottom", "end", "margin", "inline"),
            attr("anchored", "xs:boolean"),
        ],
        also=(
            Schema(
                "headerNote",
                mixed("specialPara"),
                ("globalHeader",),
                (G, "att.pointing", "att.typed", "att.placement"),
                (attr("anchored", "xs:boolean"),),
            ),
        ),
    ),
    E(
        "pb",
        MILESTONE,
        EMPTY,
        member=["global", "globalHeader"],
        atts=[G, "att.typed", "att.edition", "att.breaking"],
        html="@pb:span",
        words="line",
    ),
    E(
        "lb",
        MILESTONE,
        EMPTY,
        member=["global", "globalHeader"],
        atts=[G, "att.typed", "att.edition", "att.breaking"],
        html="@lb:br",
        words="line",
    ),
    E(
        "milestone",
        MILESTONE,
        EMPTY,
        member=["global", "globalHeader"],
        atts=[G, "att.typed", "att.edition", "att.breaking"],
        own=[attr("unit", "teidata.word", "required")],
        html="@milestone:span",
    ),
    E("fw", BLOCK, mixed("phraseSeq"), member=["global"], atts=[G, "att.placement"], own=TYPE_SUB, html="@fw:span"),
    E("anchor", MILESTONE, EMPTY, member=["global", "globalHeader"], atts=[G, "att.typed"], html="@anchor:span"),
    E(
        "space",
        MILESTONE,
        EMPTY,
        member=["global", "globalHeader"],
        atts=[G, "att.typed", "att.dimensions"],
        own=[enum_attr("dim", "horizontal", "vertical")],
        html="@space:span",
        words="break",
    ),
    # 3.5.3 COEDADD; reason closed (GAP_REASONS, schemas/README.md)
    E(
        "gap",
        MILESTONE,
        EMPTY,
        member=["global", "globalHeader"],
        atts=[G, "att.dimensions"],
        own=[attr("reason", "gapReasons")],
        html="@gap:span",
        words="break",
    ),
    # ---------------------------------------------------------------- figures and music (14.4 FTGRA; 14.5 FTNM)
    # a printed book's picture or music where the plain text has a placeholder ("[Illustration: caption]", "[Music:
    # …]"): the caption a head, the description of the music a desc (one line) or a label (several lines); the
    # brackets and the word are the element's delimiters (tagsDecl/rendition), for the source form
    E(
        "figure",
        CONTAINER,
        elements(cho(el("head"), grp("global"), mn=0, mx="u")),
        member=["global"],
        atts=[G, "att.typed", "att.placement"],
        html="@figure:figure",
        words="break",
    ),
    E(
        "notatedMusic",
        INLINE,
        elements(cho(*els("desc", "label"), mn=0, mx="u")),
        member=["global"],
        atts=[G, "att.typed", "att.placement"],
        html="span",
        text="block",
    ),
    E("desc", INLINE, mixed_with(grp("limitedPhrase")), atts=[G, "att.typed"]),
    # ---------------------------------------------------------------- core: phrases (project)
    E("hi", INLINE, mixed("paraContent"), member=["limitedPhrase"], atts=[G], html="@hi:span"),
    E("emph", INLINE, mixed("paraContent"), member=["limitedPhrase"], atts=[G], html="@emph:em"),
    E("foreign", INLINE, mixed("phraseSeq"), member=["limitedPhrase"], atts=[G], html="@foreign:i"),
    E("q", INLINE, mixed("specialPara"), member=["limitedPhrase"], atts=[G, "att.ascribed"], own=TYPE_SUB, html="@q:span"),
    E("seg", INLINE, mixed("paraContent"), member=["phraseRest"], atts=[G, "att.typed"], text="block"),
    # a hyphen that is there only because the line ends (an OCR'd book's "revolu-" / "tionary"): force="weak", before
    # lb[@break="no"]; the reading text leaves it out (17.1.2 AILC)
    E("pc", INLINE, mixed_with(), member=["phraseRest"], atts=[G], own=[enum_attr("force", "strong", "weak", "inter")], html="span"),
    E(
        "title",
        INLINE,
        mixed("paraContent"),
        member=["limitedPhrase"],
        atts=[G, "att.canonical", "att.datable"],
        own=[*TYPE_SUB, enum_attr("level", "a", "m", "j", "s", "u")],
        html="@title:cite",
    ),
    E("ref", INLINE, mixed("paraContent"), member=["limitedPhrase"], atts=[G, "att.pointing", "att.typed"], html="@ref:a"),
    E("ptr", INLINE, EMPTY, member=["limitedPhrase"], atts=[G, "att.pointing", "att.typed"], html="@ptr:a", words="break"),
    E(
        "date",
        INLINE,
        mixed("dateContent"),
        member=["limitedPhrase"],
        atts=[G, "att.calendarSystem", "att.canonical", "att.datable", "att.dimensions", "att.typed"],
        html="@date:time",
    ),
    E("idno", INLINE, mixed_with(el("idno")), member=["limitedPhrase"], atts=[G, "att.datable"], own=TYPE_SUB),
    E(
        "choice",
        INLINE,
        elements(cho(*els("sic", "corr", "reg", "orig", "unclear", "abbr", "expan", "supplied", "seg", "choice"), mn=2, mx="u")),
        member=["limitedPhrase"],
        atts=[G],
        html="@choice:span",
        apart=True,
    ),
    E("sic", INLINE, mixed("paraContent"), member=["phraseRest"], atts=[G]),
    E("corr", INLINE, mixed("paraContent"), member=["phraseRest"], atts=[G, "att.typed"]),
    E("orig", INLINE, mixed("paraContent"), member=["phraseRest"], atts=[G]),
    E("reg", INLINE, mixed("paraContent"), member=["phraseRest"], atts=[G, "att.typed"]),
    E("abbr", INLINE, mixed("phraseSeq"), member=["limitedPhrase"], atts=[G], own=TYPE_SUB),
    E("expan", INLINE, mixed("phraseSeq"), member=["limitedPhrase"], atts=[G]),
    E(
        "add",
        INLINE,
        mixed("paraContent"),
        member=["phraseRest"],
        atts=[G, "att.dimensions", "att.placement", "att.typed"],
        html="@edit:ins",
    ),
    E("del", INLINE, mixed("paraContent"), member=["phraseRest"], atts=[G, "att.dimensions", "att.typed"], html="@edit:del"),
    E(
        "unclear",
        INLINE,
        mixed("paraContent"),
        member=["phraseRest"],
        atts=[G, "att.dimensions"],
        own=[attr("reason", "teidata.words")],
        html="@edit:span",
    ),
    E(
        "supplied",
        INLINE,
        mixed("paraContent"),
        member=["phraseRest"],
        atts=[G, "att.dimensions"],
        own=[attr("reason", "teidata.words")],
        html="@edit:span",
    ),
    # ---------------------------------------------------------------- namesdates (project)
    *(
        E(n, INLINE, mixed("phraseSeq"), member=["limitedPhrase"], atts=[G, "att.canonical", "att.datable", "att.typed"])
        for n in ("persName", "placeName", "orgName", "name")
    ),
    E("listPerson", HEADER, elements(list_of("person", "listPerson")), atts=[G, "att.typed"], indent=True),
    E("person", HEADER, elements(PERSON), atts=[G, "att.datable"], indent=True),
    E("listPlace", HEADER, elements(list_of("place", "listPlace")), atts=[G, "att.typed"], indent=True),
    E("place", HEADER, elements(PLACE), atts=[G, "att.datable", "att.typed"], indent=True),
    E("listOrg", HEADER, elements(list_of("org", "listOrg")), atts=[G, "att.typed"], indent=True),
    E("org", HEADER, elements(ORG), atts=[G, "att.datable", "att.typed"], indent=True),
    E("listEvent", HEADER, elements(list_of("event", "listEvent")), atts=[G, "att.typed"], indent=True),
    E("event", HEADER, elements(EVENT), atts=[G, "att.datable", "att.typed", "att.locatable", "att.canonical"], indent=True),
    E("birth", HEADER, mixed("phraseSeq"), atts=[G, "att.datable"], own=TYPE_SUB),
    E("death", HEADER, mixed("phraseSeq"), atts=[G, "att.datable"], own=TYPE_SUB),
    # ---------------------------------------------------------------- linking (16.10 SASO)
    E(
        "standOff",
        HEADER,
        elements(cho(*els("listPerson", "listPlace", "listOrg", "listEvent", "bibl"), mx="u")),
        atts=[G, "att.typed"],
        text="skip",
        indent=True,
    ),
    # ---------------------------------------------------------------- header (2 HD)
    E(
        "teiHeader",
        HEADER,
        elements(seq(el("fileDesc"), el("encodingDesc", 0), el("profileDesc", 0), el("revisionDesc", 0))),
        atts=[G],
        text="skip",
        indent=True,
    ),
    E(
        "fileDesc",
        HEADER,
        elements(
            seq(
                el("titleStmt"), el("editionStmt", 0), el("publicationStmt"), el("seriesStmt", 0, "u"), el("notesStmt", 0), el("sourceDesc")
            )
        ),
        atts=[G],
        indent=True,
    ),
    E("titleStmt", HEADER, elements(seq(el("title", 1, "u"), _RESP_LIKE)), atts=[G], indent=True),
    E("author", INLINE, mixed("phraseSeq"), atts=[G, "att.canonical", "att.datable"]),
    E("editor", INLINE, mixed("phraseSeq"), atts=[G, "att.canonical", "att.datable"]),
    E("respStmt", INLINE, elements(RESPSTMT), atts=[G, "att.canonical"], html="@resp_stmt:span", words="break", indent=True),
    E("resp", INLINE, mixed("phraseSeqLimited"), atts=[G, "att.canonical", "att.datable"]),
    E("editionStmt", HEADER, elements(cho(_P_PLUS, seq(el("edition"), _RESP_LIKE))), atts=[G], indent=True),
    E("edition", INLINE, mixed("phraseSeq"), atts=[G]),
    E("publicationStmt", HEADER, elements(PUBLICATIONSTMT), atts=[G], indent=True),
    E("authority", HEADER, mixed("phraseSeqLimited"), atts=[G, "att.canonical"]),
    E("publisher", INLINE, mixed("phraseSeq"), atts=[G, "att.canonical"]),
    E("pubPlace", INLINE, mixed("phraseSeq"), atts=[G, "att.canonical"]),
    E(
        "availability",
        HEADER,
        elements(cho(*els("licence", "p", "ab"), mx="u")),
        atts=[G],
        own=[enum_attr("status", "free", "unknown", "restricted")],
        indent=True,
    ),
    E("licence", HEADER, mixed("specialPara"), atts=[G, "att.datable", "att.pointing"]),
    # the series, collection or event the text is one item of, as the text names it (tei_edition/reader/front.py)
    E("seriesStmt", HEADER, elements(seq(el("title", 1, "u"), el("biblScope", 0, "u"))), atts=[G], indent=True),
    E("notesStmt", HEADER, elements(seq(NOTE_H, mx="u")), atts=[G], indent=True),
    E(
        "sourceDesc",
        HEADER,
        elements(cho(_P_PLUS, cho(*els("bibl", "listWit", "listPerson", "listPlace", "listOrg", "listEvent"), mx="u"))),
        atts=[G],
        indent=True,
    ),
    E("biblScope", INLINE, mixed("phraseSeq"), atts=[G, "att.citing"]),
    E("listWit", HEADER, elements(seq(el("head", 0), cho(*els("witness", "listWit"), mx="u"))), atts=[G], text="container", indent=True),
    E("witness", HEADER, mixed_with(grp("limitedPhrase"), grp("inter"), NOTE_H), atts=[G], text="block"),
    E("encodingDesc", HEADER, elements(cho(*els("projectDesc", "editorialDecl", "tagsDecl", "p"), mx="u")), atts=[G], indent=True),
    # tagsDecl/rendition (TEI 2.3.4): how the source rendered things, e.g. brackets as CSS generated content; tagsDecl
    # is written on one line (as the goldens have it)
    E("tagsDecl", HEADER, elements(seq(el("rendition"), mx="u")), atts=[G], own=[attr("partial", "xs:boolean")]),
    E(
        "rendition",
        HEADER,
        mixed_with(),
        atts=[G],
        own=[
            enum_attr("scheme", "css", "xslfo", "free", "other"),
            enum_attr("scope", "before", "after", "first-line", "first-letter"),
            attr("selector", "teidata.word"),
        ],
    ),
    E("projectDesc", HEADER, elements(_P_OR_AB), atts=[G], indent=True),
    E(
        "editorialDecl",
        HEADER,
        elements(cho(*els("p", "ab", "correction", "normalization", "quotation", "hyphenation", "segmentation"), mx="u")),
        atts=[G],
        indent=True,
    ),
    E(
        "correction",
        HEADER,
        elements(_P_OR_AB),
        atts=[G],
        own=[enum_attr("status", "high", "medium", "low", "unknown"), METHOD],
        indent=True,
    ),
    E("normalization", HEADER, elements(_P_OR_AB), atts=[G], own=[METHOD], indent=True),
    E(
        "quotation",
        HEADER,
        elements(cho(*els("p", "ab"), mn=0, mx="u")),
        atts=[G],
        own=[enum_attr("marks", "none", "some", "all")],
        indent=True,
    ),
    E("hyphenation", HEADER, elements(_P_OR_AB), atts=[G], own=[enum_attr("eol", "all", "some", "hard", "none")], indent=True),
    E("segmentation", HEADER, elements(_P_OR_AB), atts=[G], indent=True),
    E(
        "profileDesc",
        HEADER,
        elements(cho(*els("creation", "langUsage", "calendarDesc", "correspDesc"), mn=0, mx="u")),
        atts=[G],
        indent=True,
    ),
    E("correspDesc", HEADER, elements(el("correspAction", 1, "u")), atts=[G], indent=True),
    E("correspAction", HEADER, elements(cho(*els("persName", "placeName", "date"), mx="u")), atts=[G, "att.typed"], indent=True),
    E("creation", HEADER, mixed_with(grp("limitedPhrase")), atts=[G, "att.datable"]),
    E("langUsage", HEADER, elements(cho(_P_PLUS, el("language", 1, "u"))), atts=[G], indent=True),
    E("language", HEADER, mixed("phraseSeqLimited"), atts=[G], own=[attr("ident", "xs:language", "required")]),
    E("calendarDesc", HEADER, elements(el("calendar", 1, "u")), atts=[G], indent=True),
    E("calendar", HEADER, elements(_P_OR_AB), atts=[G, "att.pointing", "att.typed"], indent=True),
    E("revisionDesc", HEADER, elements(el("change", 1, "u")), atts=[G], indent=True),
    E("change", HEADER, mixed("specialPara"), atts=[G, "att.ascribed", "att.datable", "att.pointing", "att.typed"]),
    # ================================================================ TEI that others write (not in the project schema)
    # ---------------------------------------------------------------- structure and front matter
    *(E(f"div{i}", CONTAINER, html="@div:section") for i in range(1, 8)),
    E("titlePage", CONTAINER),
    E("docImprint", BLOCK),
    E("docEdition", BLOCK),
    E("argument", BLOCK),
    E("epigraph", BLOCK),
    E("byline", BLOCK, html="@block_or_inline:div"),
    E("cit", BLOCK, html=None),
    E("sp", CONTAINER, text="block"),
    E("speaker", BLOCK),
    E("figDesc", BLOCK),
    E("graphic", MILESTONE, html="@graphic:a", words="break"),
    E("listBibl", LINES, html="@list:div", text="container"),
    E("facsimile", HEADER, text="skip"),
    E("sourceDoc", HEADER, text="skip"),
    # ---------------------------------------------------------------- phrases
    E("said", INLINE, html="@q:span"),
    *(
        E(n, INLINE)
        for n in (
            "mentioned",
            "soCalled",
            "term",
            "gloss",
            "rs",
            "roleName",
            "forename",
            "surname",
            "addName",
            "nameLink",
            "genName",
            "geogName",
            "settlement",
            "region",
            "country",
            "num",
            "measure",
            "unit",
            "w",
            "c",
            "g",
            "metamark",
            "ex",
            "am",
            "distinct",
        )
    ),
    E("time", INLINE, html="@date:time"),
    *(E(n, INLINE, html="@edit:span") for n in ("surplus", "damage", "restore", "secl", "mod")),
    E("subst", INLINE, html="@edit:span", apart=True),
    # known to the word checker only (rendered as unknown elements, as phrases)
    *(E(n, INLINE, html=None) for n in ("m", "bloc", "district", "code", "ident", "tag", "gi", "att", "val")),
    # ---------------------------------------------------------------- milestones
    E("cb", MILESTONE, html="@cb:", words="line"),
    E("handShift", MILESTONE, html="-"),
    # ---------------------------------------------------------------- critical apparatus (rendered by app)
    E("app", INLINE, html="@app:span", words="break", apart=True),
    E("lem", INLINE, html=None, words="break"),
    E("rdg", INLINE, html=None, words="break"),
    E("rdgGrp", INLINE, html=None, words="break", apart=True),
    E("witDetail", NOTE, html=None),
]

ELEMENTS: dict[str, Element] = {}
for _e in _ALL:
    assert _e.name not in ELEMENTS, f"{_e.name} is in the vocabulary twice"
    assert _e.kind in KINDS and _e.text in TEXT_RENDERINGS and _e.words in WORDS, _e
    ELEMENTS[_e.name] = _e
del _e

# ================================================================================================ derived views

# every schema type, in table order (note's header type right after note_type)
SCHEMA_TYPES: dict[str, tuple[Element, Schema]] = {s.type: (e, s) for e in ELEMENTS.values() for s in e.schemas}
# the project's elements (those the project schema declares)
PROJECT: frozenset[str] = frozenset(e.name for e in ELEMENTS.values() if e.project)


def members(cls: str) -> list[Ref]:
    """The members of a model class, in table order (a header note as its own type)."""
    return [Ref(e.name, type=None if s.type == e.name else s.type) for e in ELEMENTS.values() for s in e.schemas if cls in s.member]


def names_where(**wanted) -> frozenset[str]:
    """The names of the elements whose fields have the values given (`names_where(text="block")`)."""
    return frozenset(e.name for e in ELEMENTS.values() if all(getattr(e, k) == v for k, v in wanted.items()))


def referenced(particle) -> set[tuple[str, str]]:
    """The (element, type) pairs a particle (or content) may hold, model classes and macros expanded."""
    out: set[tuple[str, str]] = set()
    todo = [particle]
    seen_groups: set[str] = set()
    while todo:
        p = todo.pop()
        if isinstance(p, Content):
            todo.extend(MACROS[p.macro] if p.macro is not None else p.particles)
        elif isinstance(p, Ref):
            out.add((p.name, p.type or p.name))
        elif isinstance(p, Group):
            if p.name not in seen_groups:
                seen_groups.add(p.name)
                todo.extend(members(p.name))
                todo.extend(Group(c) for c in CLASSES[p.name][1])
        else:
            todo.extend(p.items)
    return out


def reachable(start: str = "text") -> frozenset[str]:
    """The project elements the schema allows somewhere inside `start` (by name)."""
    seen: set[str] = set()
    todo = [start]
    while todo:
        t = todo.pop()
        if t in seen:
            continue
        seen.add(t)
        todo.extend(typ for _, typ in referenced(SCHEMA_TYPES[t][1].content))
    return frozenset(SCHEMA_TYPES[t][0].name for t in seen)


__all__ = [
    "ATTRIBUTE_CLASSES",
    "BLOCK",
    "CLASSES",
    "CONTAINER",
    "Content",
    "ELEMENTS",
    "Element",
    "GAP_REASONS",
    "HEADER",
    "INLINE",
    "KINDS",
    "LINE",
    "LINES",
    "MACROS",
    "MILESTONE",
    "NOTE",
    "PROJECT",
    "PROJECT_GAP_REASONS",
    "SCHEMA_TYPES",
    "Schema",
    "members",
    "names_where",
    "reachable",
    "referenced",
]


# ab and div of these @type are kept in the TEI but are not the edited text: a website's navigation and chrome, the
# page's info block, a distributor's header and licence (tei_edition/reader/chrome.py, infoblock.py, regions.py).
# The one definition of what is not the reading text: the writer marks them Quiet, and the reading text, the HTML
# and the PDF (made from the HTML) leave them out; the source form keeps them.
NOT_THE_TEXT = frozenset({"navigation", "chrome", "sourceInfo", "pgHeader", "pgLicence"})
