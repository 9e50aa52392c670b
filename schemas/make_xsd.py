"""Generates schemas/tei_edition.xsd (the TEI subset the project writes) from the compact tables below.

Run `python schemas/make_xsd.py` after editing a table; tests/test_schema.py fails when the committed XSD is stale.
Every content model is a restriction of the TEI P5 4.12.0 one (tei_all.rng): the TEI class or macro each table
entry narrows is named beside it, so a reader can check it against the element's spec.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
TARGET = HERE / "tei_edition.xsd"
TEI_VERSION = "4.12.0"

# ---------------------------------------------------------------- particles


def _occurs(mn, mx) -> str:
    out = ""
    if mn != 1:
        out += f' minOccurs="{mn}"'
    if mx != 1:
        out += f' maxOccurs="{"unbounded" if mx == "u" else mx}"'
    return out


def el(name: str, mn=1, mx=1, type_: str | None = None) -> str:
    """A local element declaration; its type is `<name>_type` unless given."""
    return f'<xs:element name="{name}" type="tei:{type_ or name + "_type"}"{_occurs(mn, mx)}/>'


def grp(name: str, mn=1, mx=1) -> str:
    return f'<xs:group ref="tei:{name}"{_occurs(mn, mx)}/>'


def seq(*items: str, mn=1, mx=1) -> str:
    return f"<xs:sequence{_occurs(mn, mx)}>" + "".join(items) + "</xs:sequence>"


def cho(*items: str, mn=1, mx=1) -> str:
    return f"<xs:choice{_occurs(mn, mx)}>" + "".join(items) + "</xs:choice>"


def els(*names: str) -> list[str]:
    return [el(n) for n in names]


# ---------------------------------------------------------------- model groups (TEI classes, narrowed)

NOTE_H = el("note", type_="headerNote_type")  # a header note: @type open (title, translation, ...)

GROUPS = {
    # model.global: milestoneLike + noteLike + global.edit (gap, space)
    "global": cho(*els("note", "gap", "pb", "lb", "milestone", "fw", "anchor", "space")),
    # model.global inside bibliographic and header prose, where notes classify statements
    "globalHeader": cho(NOTE_H, *els("gap", "pb", "lb", "milestone", "anchor", "space")),
    # model.limitedPhrase: hiLike, emphLike, pPart.editorial (part), ptrLike, pPart.data
    "limitedPhrase": cho(*els("hi", "q", "emph", "foreign", "title", "choice", "abbr", "expan", "ptr", "ref",
                              "date", "persName", "placeName", "orgName", "name", "idno")),
    # the rest of model.phrase: segLike + pPart.transcriptional
    "phraseRest": cho(*els("seg", "sic", "corr", "reg", "orig", "add", "del", "unclear", "supplied")),
    # model.inter: biblLike, labelLike, listLike, stageLike, attributable (quote, floatingText)
    "inter": cho(*els("bibl", "label", "list", "table", "stage", "quote", "floatingText")),
    # model.divPart: lLike, pLike, lg
    "divPart": cho(*els("p", "ab", "l", "lg")),
    # model.divTop (divWrapper + divTopPart), without the members it shares with model.divBottom
    "divTop": cho(*els("head", "opener", "docAuthor", "docDate", "dateline", "salute")),
    # model.divBottom (divWrapper + divBottomPart)
    "divBottom": cho(*els("closer", "postscript", "trailer", "signed", "dateline", "salute", "docAuthor", "docDate")),
    # model.common: divPart + inter
    "common": cho(grp("divPart"), grp("inter")),
}

# ---------------------------------------------------------------- mixed content macros (TEI macros, narrowed)

MACROS = {
    "paraContent": [grp("limitedPhrase"), grp("phraseRest"), grp("inter"), grp("global"), el("l"), el("lg")],
    "abContent": [grp("limitedPhrase"), grp("phraseRest"), grp("inter"), grp("global"), el("l"), el("lg"), el("ab")],
    "specialPara": [grp("limitedPhrase"), grp("phraseRest"), grp("inter"), grp("divPart"), grp("global")],
    "phraseSeq": [grp("limitedPhrase"), grp("phraseRest"), grp("global"), el("quote"), el("floatingText")],
    "phraseSeqLimited": [grp("limitedPhrase"), grp("global")],
    "dateContent": [grp("limitedPhrase"), grp("phraseRest"), grp("global")],
    "lContent": [grp("limitedPhrase"), grp("phraseRest"), grp("inter"), grp("global")],
}

# ---------------------------------------------------------------- content of division-like elements

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
    cho(*els("head", "p", "ab", "docAuthor", "docTitle", "titlePart", "docDate", "dateline", "divGen"), grp("global"),
        mn=0, mx="u"),
    seq(el("div"), cho(*els("div", "divGen"), grp("global"), mn=0, mx="u"), mn=0),
)

# back (TEI: (frontPart|pLike.front|pLike|listLike|global)*, (div, (frontPart|div|global)*)?, ...)
BACK = seq(
    cho(*els("head", "p", "ab", "docAuthor", "docDate", "dateline", "divGen", "list", "table"), grp("global"),
        mn=0, mx="u"),
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

# ---------------------------------------------------------------- header content

_AGENT = cho(*els("persName", "name", "orgName"))
RESPSTMT = seq(cho(seq(el("resp", 1, "u"), seq(_AGENT, mx="u")), seq(seq(_AGENT, mx="u"), el("resp", 1, "u"))), seq(NOTE_H, mn=0, mx="u"))
_RESP_LIKE = cho(*els("author", "editor", "respStmt"), mn=0, mx="u")
PUBLICATIONSTMT = cho(
    seq(cho(*els("authority", "publisher")), cho(*els("pubPlace", "idno", "availability", "date", "ptr", "ref"), mn=0, mx="u"), mx="u"),
    el("p", 1, "u"),
)
BIBL_CONTENT = [
    cho(*els("hi", "q", "emph", "foreign", "title")),  # model.highlighted
    cho(*els("date", "persName", "placeName", "orgName", "name", "idno")),  # model.pPart.data
    cho(*els("choice", "abbr", "expan", "sic", "corr", "reg", "orig", "add", "del", "unclear", "supplied")),  # pPart.edit
    cho(*els("seg", "ptr", "ref")),  # segLike, ptrLike
    cho(*els("author", "editor", "respStmt", "publisher", "biblScope", "pubPlace", "bibl", "edition", "quote")),  # biblPart
    grp("globalHeader"),
]
_P_PLUS = el("p", 1, "u")
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


def list_of(member: str, also: str) -> str:
    """listPerson and kin (TEI: head*, desc*, (relation|listRelation)*, ((member|also)+, ...)+)."""
    return seq(el("head", 0), cho(*els(member, also), mx="u"))


# ---------------------------------------------------------------- attributes

ATT_GROUPS = {
    # att.global (att.global.rendition, .responsibility, .source, .linking: the members the project uses)
    "att.global": [
        '<xs:attribute ref="xml:id"/>',
        '<xs:attribute name="n" type="xs:string"/>',
        '<xs:attribute ref="xml:lang"/>',
        '<xs:attribute name="rend" type="tei:teidata.words"/>',
        '<xs:attribute name="rendition" type="tei:teidata.pointers"/>',
        '<xs:attribute name="style" type="xs:string"/>',
        '<xs:attribute name="resp" type="tei:teidata.pointers"/>',
        '<xs:attribute name="cert" type="tei:teidata.certainty"/>',
        '<xs:attribute name="source" type="tei:teidata.pointers"/>',
        '<xs:attribute name="sameAs" type="tei:teidata.pointer"/>',
        '<xs:attribute name="corresp" type="tei:teidata.pointers"/>',
    ],
    "att.typed": [
        '<xs:attribute name="type" type="tei:teidata.word"/>',
        '<xs:attribute name="subtype" type="tei:teidata.word"/>',
    ],
    # att.datable: att.datable.w3c + att.datable.custom (13.4 NDDATECUSTOM)
    "att.datable": [
        *(f'<xs:attribute name="{a}" type="tei:teidata.temporal.w3c"/>' for a in ("when", "notBefore", "notAfter", "from", "to")),
        *(f'<xs:attribute name="{a}-custom" type="tei:teidata.words"/>' for a in ("when", "notBefore", "notAfter", "from", "to")),
        '<xs:attribute name="datingMethod" type="tei:teidata.pointer"/>',
    ],
    "att.calendarSystem": ['<xs:attribute name="calendar" type="tei:teidata.pointers"/>'],
    "att.canonical": ['<xs:attribute name="key" type="xs:string"/>', '<xs:attribute name="ref" type="tei:teidata.pointers"/>'],
    "att.pointing": ['<xs:attribute name="target" type="tei:teidata.pointers"/>'],
    "att.placement": ['<xs:attribute name="place" type="tei:teidata.words"/>'],
    "att.edition": ['<xs:attribute name="edRef" type="tei:teidata.pointers"/>'],
    "att.breaking": ['<xs:attribute name="break" type="tei:teidata.word"/>'],
    "att.dimensions": [
        '<xs:attribute name="unit" type="tei:teidata.word"/>',
        '<xs:attribute name="quantity" type="xs:decimal"/>',
        '<xs:attribute name="extent" type="xs:string"/>',
    ],
    "att.citing": [f'<xs:attribute name="{a}" type="tei:teidata.word"/>' for a in ("unit", "from", "to")],
    "att.ascribed": ['<xs:attribute name="who" type="tei:teidata.pointers"/>'],
    "att.locatable": ['<xs:attribute name="where" type="tei:teidata.pointers"/>'],
}


def attr(name: str, type_: str, use: str = "optional") -> str:
    u = ' use="required"' if use == "required" else ""
    t = type_ if ":" in type_ else f"tei:{type_}"
    return f'<xs:attribute name="{name}" type="{t}"{u}/>'


def enum_attr(name: str, *values: str) -> str:
    opts = "".join(f'<xs:enumeration value="{v}"/>' for v in values)
    return f'<xs:attribute name="{name}"><xs:simpleType><xs:restriction base="xs:token">{opts}</xs:restriction></xs:simpleType></xs:attribute>'


TYPE_SUB = [attr("type", "teidata.word"), attr("subtype", "teidata.word")]

# ---------------------------------------------------------------- elements: name -> (content, attribute groups, own attributes)
# content: ("mixed", macro) | ("empty",) | ("elements", particle) | ("mixedWith", [particles])

G = "att.global"
ELEMENTS: dict[str, tuple] = {
    # textstructure
    "TEI": (("elements", seq(el("teiHeader"), el("standOff", 0), el("text"))), [G, "att.typed"], []),
    "text": (("elements", TEXT), [G, "att.typed"], []),
    "floatingText": (("elements", TEXT), [G, "att.typed"], []),
    "front": (("elements", FRONT), [G], []),
    "body": (("elements", BODY), [G], []),
    "back": (("elements", BACK), [G], []),
    "group": (("elements", GROUP), [G, "att.typed"], []),
    "div": (("elements", DIV), [G, "att.typed"], []),
    "divGen": (("elements", el("head", 0, "u")), [G], TYPE_SUB),
    "docAuthor": (("mixed", "phraseSeq"), [G, "att.canonical"], []),
    "docTitle": (("elements", seq(el("titlePart"), grp("global", 0, "u"), mx="u")), [G, "att.canonical"], []),
    "titlePart": (("mixed", "paraContent"), [G], TYPE_SUB),
    "docDate": (("mixed", "phraseSeq"), [G, "att.calendarSystem", "att.datable"], []),
    "opener": (("mixedWith", [grp("limitedPhrase"), grp("phraseRest"), grp("global"), *els("dateline", "salute", "signed")]), [G], []),
    "closer": (("mixedWith", [grp("limitedPhrase"), grp("phraseRest"), grp("global"), *els("dateline", "salute", "signed")]), [G], []),
    "postscript": (("elements", POSTSCRIPT), [G, "att.placement"], []),
    "dateline": (("mixedWith", [grp("limitedPhrase"), grp("phraseRest"), grp("global"), el("docDate")]), [G], []),
    "salute": (("mixed", "paraContent"), [G], []),
    "signed": (("mixed", "paraContent"), [G], []),
    "trailer": (("mixed", "paraContent"), [G, "att.typed", "att.placement"], []),
    # core: blocks
    "p": (("mixed", "paraContent"), [G], []),
    "ab": (("mixed", "abContent"), [G, "att.typed"], []),
    "head": (("mixed", "paraContent"), [G, "att.typed", "att.placement"], []),
    "lg": (("elements", LG), [G, "att.typed"], []),
    "l": (("mixed", "lContent"), [G], []),
    "list": (("elements", LIST), [G], TYPE_SUB),
    "item": (("mixed", "specialPara"), [G], []),
    "label": (("mixed", "phraseSeq"), [G, "att.typed", "att.placement"], []),
    "table": (("elements", TABLE), [G, "att.typed"], [attr("rows", "xs:nonNegativeInteger"), attr("cols", "xs:nonNegativeInteger")]),
    "row": (("elements", el("cell", 1, "u")), [G], []),
    "cell": (("mixed", "specialPara"), [G], [attr("rows", "xs:nonNegativeInteger"), attr("cols", "xs:nonNegativeInteger")]),
    "quote": (("mixed", "specialPara"), [G, "att.typed"], []),
    "stage": (("mixed", "specialPara"), [G, "att.placement"], [attr("type", "teidata.words")]),
    "bibl": (("mixedWith", BIBL_CONTENT), [G, "att.canonical", "att.typed"], []),
    # core: notes and milestones (3.9.1 CONONO; 3.11.3 CORS5)
    "note": (("mixed", "specialPara"), [G, "att.pointing"], [
        enum_attr("type", "editorial", "authorial"), attr("subtype", "teidata.word"),
        enum_attr("place", "bottom", "end", "margin", "inline"), attr("anchored", "xs:boolean")]),
    "headerNote": (("mixed", "specialPara"), [G, "att.pointing", "att.typed", "att.placement"], [attr("anchored", "xs:boolean")]),
    "pb": (("empty",), [G, "att.typed", "att.edition", "att.breaking"], []),
    "lb": (("empty",), [G, "att.typed", "att.edition", "att.breaking"], []),
    "milestone": (("empty",), [G, "att.typed", "att.edition", "att.breaking"], [attr("unit", "teidata.word", "required")]),
    "fw": (("mixed", "phraseSeq"), [G, "att.placement"], TYPE_SUB),
    "anchor": (("empty",), [G, "att.typed"], []),
    "space": (("empty",), [G, "att.typed", "att.dimensions"], [enum_attr("dim", "horizontal", "vertical")]),
    # 3.5.3 COEDADD; reason closed (see schemas/README.md)
    "gap": (("empty",), [G, "att.dimensions"], [attr("reason", "gapReasons")]),
    # core: phrases
    "hi": (("mixed", "paraContent"), [G], []),
    "emph": (("mixed", "paraContent"), [G], []),
    "foreign": (("mixed", "phraseSeq"), [G], []),
    "q": (("mixed", "specialPara"), [G, "att.ascribed"], TYPE_SUB),
    "seg": (("mixed", "paraContent"), [G, "att.typed"], []),
    "title": (("mixed", "paraContent"), [G, "att.canonical", "att.datable"], [*TYPE_SUB, enum_attr("level", "a", "m", "j", "s", "u")]),
    "ref": (("mixed", "paraContent"), [G, "att.pointing", "att.typed"], []),
    "ptr": (("empty",), [G, "att.pointing", "att.typed"], []),
    "date": (("mixed", "dateContent"), [G, "att.calendarSystem", "att.canonical", "att.datable", "att.dimensions", "att.typed"], []),
    "idno": (("mixedWith", [el("idno")]), [G, "att.datable"], TYPE_SUB),
    "choice": (("elements", cho(*els("sic", "corr", "reg", "orig", "unclear", "abbr", "expan", "supplied", "seg", "choice"), mn=2, mx="u")), [G], []),
    "sic": (("mixed", "paraContent"), [G], []),
    "corr": (("mixed", "paraContent"), [G, "att.typed"], []),
    "orig": (("mixed", "paraContent"), [G], []),
    "reg": (("mixed", "paraContent"), [G, "att.typed"], []),
    "abbr": (("mixed", "phraseSeq"), [G], TYPE_SUB),
    "expan": (("mixed", "phraseSeq"), [G], []),
    "add": (("mixed", "paraContent"), [G, "att.dimensions", "att.placement", "att.typed"], []),
    "del": (("mixed", "paraContent"), [G, "att.dimensions", "att.typed"], []),
    "unclear": (("mixed", "paraContent"), [G, "att.dimensions"], [attr("reason", "teidata.words")]),
    "supplied": (("mixed", "paraContent"), [G, "att.dimensions"], [attr("reason", "teidata.words")]),
    # namesdates
    **{n: (("mixed", "phraseSeq"), [G, "att.canonical", "att.datable", "att.typed"], []) for n in ("persName", "placeName", "orgName", "name")},
    "listPerson": (("elements", list_of("person", "listPerson")), [G, "att.typed"], []),
    "person": (("elements", PERSON), [G, "att.datable"], []),
    "listPlace": (("elements", list_of("place", "listPlace")), [G, "att.typed"], []),
    "place": (("elements", PLACE), [G, "att.datable", "att.typed"], []),
    "listOrg": (("elements", list_of("org", "listOrg")), [G, "att.typed"], []),
    "org": (("elements", ORG), [G, "att.datable", "att.typed"], []),
    "listEvent": (("elements", list_of("event", "listEvent")), [G, "att.typed"], []),
    "event": (("elements", EVENT), [G, "att.datable", "att.typed", "att.locatable", "att.canonical"], []),
    "birth": (("mixed", "phraseSeq"), [G, "att.datable"], TYPE_SUB),
    "death": (("mixed", "phraseSeq"), [G, "att.datable"], TYPE_SUB),
    # linking (16.10 SASO)
    "standOff": (("elements", cho(*els("listPerson", "listPlace", "listOrg", "listEvent", "bibl"), mx="u")), [G, "att.typed"], []),
    # header (2 HD)
    "teiHeader": (("elements", seq(el("fileDesc"), el("encodingDesc", 0), el("profileDesc", 0), el("revisionDesc", 0))), [G], []),
    "fileDesc": (("elements", seq(el("titleStmt"), el("editionStmt", 0), el("publicationStmt"), el("notesStmt", 0), el("sourceDesc"))), [G], []),
    "titleStmt": (("elements", seq(el("title", 1, "u"), _RESP_LIKE)), [G], []),
    "author": (("mixed", "phraseSeq"), [G, "att.canonical", "att.datable"], []),
    "editor": (("mixed", "phraseSeq"), [G, "att.canonical", "att.datable"], []),
    "respStmt": (("elements", RESPSTMT), [G, "att.canonical"], []),
    "resp": (("mixed", "phraseSeqLimited"), [G, "att.canonical", "att.datable"], []),
    "editionStmt": (("elements", cho(_P_PLUS, seq(el("edition"), _RESP_LIKE))), [G], []),
    "edition": (("mixed", "phraseSeq"), [G], []),
    "publicationStmt": (("elements", PUBLICATIONSTMT), [G], []),
    "authority": (("mixed", "phraseSeqLimited"), [G, "att.canonical"], []),
    "publisher": (("mixed", "phraseSeq"), [G, "att.canonical"], []),
    "pubPlace": (("mixed", "phraseSeq"), [G, "att.canonical"], []),
    "availability": (("elements", cho(*els("licence", "p", "ab"), mx="u")), [G], [enum_attr("status", "free", "unknown", "restricted")]),
    "licence": (("mixed", "specialPara"), [G, "att.datable", "att.pointing"], []),
    "notesStmt": (("elements", seq(NOTE_H, mx="u")), [G], []),
    "sourceDesc": (("elements", cho(_P_PLUS, cho(*els("bibl", "listWit", "listPerson", "listPlace", "listOrg", "listEvent"), mx="u"))), [G], []),
    "biblScope": (("mixed", "phraseSeq"), [G, "att.citing"], []),
    "listWit": (("elements", seq(el("head", 0), cho(*els("witness", "listWit"), mx="u"))), [G], []),
    "witness": (("mixedWith", [grp("limitedPhrase"), grp("inter"), NOTE_H]), [G], []),
    "encodingDesc": (("elements", cho(*els("projectDesc", "editorialDecl", "tagsDecl", "p"), mx="u")), [G], []),
    # tagsDecl/rendition (TEI 2.3.4): how the source rendered things, e.g. brackets as CSS generated content
    "tagsDecl": (("elements", seq(el("rendition"), mx="u")), [G], [attr("partial", "xs:boolean")]),
    "rendition": (("mixedWith", []), [G], [enum_attr("scheme", "css", "xslfo", "free", "other"), enum_attr("scope", "before", "after", "first-line", "first-letter"), attr("selector", "teidata.word")]),
    "projectDesc": (("elements", cho(*els("p", "ab"), mx="u")), [G], []),
    "editorialDecl": (("elements", cho(*els("p", "ab", "correction", "normalization", "quotation", "hyphenation", "segmentation"), mx="u")), [G], []),
    "correction": (("elements", cho(*els("p", "ab"), mx="u")), [G], [enum_attr("status", "high", "medium", "low", "unknown"), enum_attr("method", "silent", "markup")]),
    "normalization": (("elements", cho(*els("p", "ab"), mx="u")), [G], [enum_attr("method", "silent", "markup")]),
    "quotation": (("elements", cho(*els("p", "ab"), mn=0, mx="u")), [G], [enum_attr("marks", "none", "some", "all")]),
    "hyphenation": (("elements", cho(*els("p", "ab"), mx="u")), [G], [enum_attr("eol", "all", "some", "hard", "none")]),
    "segmentation": (("elements", cho(*els("p", "ab"), mx="u")), [G], []),
    "profileDesc": (("elements", cho(*els("creation", "langUsage", "calendarDesc"), mn=0, mx="u")), [G], []),
    "creation": (("mixedWith", [grp("limitedPhrase")]), [G, "att.datable"], []),
    "langUsage": (("elements", cho(_P_PLUS, el("language", 1, "u"))), [G], []),
    "language": (("mixed", "phraseSeqLimited"), [G], [attr("ident", "xs:language", "required")]),
    "calendarDesc": (("elements", el("calendar", 1, "u")), [G], []),
    "calendar": (("elements", cho(*els("p", "ab"), mx="u")), [G, "att.pointing", "att.typed"], []),
    "revisionDesc": (("elements", el("change", 1, "u")), [G], []),
    "change": (("mixed", "specialPara"), [G, "att.ascribed", "att.datable", "att.pointing", "att.typed"], []),
}

# ---------------------------------------------------------------- simple types (TEI datatypes, narrowed)

SIMPLE_TYPES = """
  <xs:simpleType name="teidata.word">
    <xs:annotation><xs:documentation>teidata.word: a token with no control or separator characters.</xs:documentation></xs:annotation>
    <xs:restriction base="xs:token"><xs:pattern value="[^\\p{C}\\p{Z}]+"/></xs:restriction>
  </xs:simpleType>
  <xs:simpleType name="teidata.words">
    <xs:restriction><xs:simpleType><xs:list itemType="tei:teidata.word"/></xs:simpleType><xs:minLength value="1"/></xs:restriction>
  </xs:simpleType>
  <xs:simpleType name="teidata.pointer">
    <xs:annotation><xs:documentation>teidata.pointer: a URI reference, "#id" for a local one.</xs:documentation></xs:annotation>
    <xs:restriction base="xs:anyURI"><xs:pattern value="\\S+"/></xs:restriction>
  </xs:simpleType>
  <xs:simpleType name="teidata.pointers">
    <xs:restriction><xs:simpleType><xs:list itemType="tei:teidata.pointer"/></xs:simpleType><xs:minLength value="1"/></xs:restriction>
  </xs:simpleType>
  <xs:simpleType name="teidata.certainty">
    <xs:restriction base="xs:token">
      <xs:enumeration value="high"/><xs:enumeration value="medium"/><xs:enumeration value="low"/><xs:enumeration value="unknown"/>
    </xs:restriction>
  </xs:simpleType>
  <xs:simpleType name="teidata.temporal.w3c">
    <xs:union memberTypes="xs:date xs:gYear xs:gMonth xs:gDay xs:gYearMonth xs:gMonthDay xs:time xs:dateTime"/>
  </xs:simpleType>
  <xs:simpleType name="gapReason">
    <xs:annotation><xs:documentation>gap/@reason, closed: hiatus (not recorded in the witness), illegible, inaudible,
      editorial, and for [...]-style omissions omitted and sampling (see schemas/README.md).</xs:documentation></xs:annotation>
    <xs:restriction base="xs:token">
      <xs:enumeration value="hiatus"/><xs:enumeration value="illegible"/><xs:enumeration value="inaudible"/>
      <xs:enumeration value="editorial"/><xs:enumeration value="omitted"/><xs:enumeration value="sampling"/>
    </xs:restriction>
  </xs:simpleType>
  <xs:simpleType name="gapReasons">
    <xs:restriction><xs:simpleType><xs:list itemType="tei:gapReason"/></xs:simpleType><xs:minLength value="1"/></xs:restriction>
  </xs:simpleType>
"""


def complex_type(name: str, spec: tuple) -> str:
    content, groups, own = spec
    kind = content[0]
    if kind == "mixed":
        body = cho(*MACROS[content[1]], mn=0, mx="u")
        head = f'<xs:complexType name="{name}_type" mixed="true">'
    elif kind == "mixedWith":
        body = cho(*content[1], mn=0, mx="u")
        head = f'<xs:complexType name="{name}_type" mixed="true">'
    elif kind == "empty":
        body = ""
        head = f'<xs:complexType name="{name}_type">'
    else:
        body = content[1] if not content[1].startswith("<xs:element") else seq(content[1])
        head = f'<xs:complexType name="{name}_type">'
    atts = "".join(own) + "".join(f'<xs:attributeGroup ref="tei:{g}"/>' for g in groups)
    return f"  {head}{body}{atts}</xs:complexType>\n"


def build() -> str:
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>\n',
        "<!-- GENERATED by schemas/make_xsd.py: edit the tables there, then run it. -->\n",
        '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:tei="http://www.tei-c.org/ns/1.0"\n'
        '  targetNamespace="http://www.tei-c.org/ns/1.0" elementFormDefault="qualified" attributeFormDefault="unqualified"\n'
        f'  version="{TEI_VERSION}">\n',
        f"  <xs:annotation><xs:documentation>tei-edition: the subset of TEI P5 {TEI_VERSION} that the project writes and accepts.\n"
        "    Every document valid against this schema is meant to be valid against tei_all as well.</xs:documentation></xs:annotation>\n",
        '  <xs:import namespace="http://www.w3.org/XML/1998/namespace" schemaLocation="xml.xsd"/>\n',
        # Only TEI is a global element, so no fragment (a lone <p>) validates as a document.
        '  <xs:element name="TEI" type="tei:TEI_type"/>\n',
        SIMPLE_TYPES,
    ]
    for name, atts in ATT_GROUPS.items():
        out.append(f'  <xs:attributeGroup name="{name}">{"".join(atts)}</xs:attributeGroup>\n')
    for name, particle in GROUPS.items():
        out.append(f'  <xs:group name="{name}">{particle}</xs:group>\n')
    for name, spec in ELEMENTS.items():
        out.append(complex_type(name, spec))
    out.append("</xs:schema>\n")
    return _indent("".join(out))


def _indent(text: str) -> str:
    """Pretty-print the generated schema (the XSD has no mixed content, so indentation is safe)."""
    from lxml import etree

    root = etree.fromstring(text.encode("utf-8"), etree.XMLParser(remove_blank_text=True))
    etree.indent(root, space="  ")
    body = etree.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + "<!-- GENERATED by schemas/make_xsd.py: edit the tables there, then run it. -->\n" + body + "\n"


def main(argv: list[str]) -> int:
    text = build()
    if "--check" in argv:
        return 0 if TARGET.read_text(encoding="utf-8") == text else 1
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {TARGET.name} ({len(text)} bytes, {len(ELEMENTS)} element types)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
