"""Layer 4: the project's own rules, which no schema expresses (ids, pointers, gap-note links, witnesses, dates, header)."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable

from lxml import etree

from tei_edition import codes
from tei_edition.dates import julian_to_gregorian
from tei_edition.diagnostics import Diagnostic, Severity, Span, error, warning
from tei_edition.tei.names import TEI as T
from tei_edition.tei.names import XML
from tei_edition.tei.names import local_name as tag
from tei_edition.validate.schema import ElementColumns

XML_ID = XML + "id"

# code -> one line of what the rule checks (also the SARIF rule descriptions)
RULES = {
    codes.DUPLICATE_ID: "xml:id values are unique in the document",
    codes.BROKEN_POINTER: "every local #pointer resolves to an xml:id in the document",
    codes.HIATUS_NOTE_TARGET: "a note that explains a hiatus points with @target to its gap",
    codes.GAP_NOTE_PLACE: "a note that explains a gap sits directly after that gap (the call-out), so the two are linked both ways",
    codes.HIATUS_UNEXPLAINED: 'a gap with reason="hiatus" is explained by a note whose @target names it',
    codes.WITNESS_UNUSED: "every witness is used by some @source, @wit or @corresp",
    codes.WITNESS_UNKNOWN: "@wit, and @source on text, group and div, name a witness",
    codes.CUSTOM_DATE_METHOD: "@when-custom (and the other -custom attributes) need @datingMethod",
    codes.JULIAN_OFFSET: "a Julian date and its Gregorian value differ by the right number of days for their century",
    codes.DATE_RANGE_ORDER: "@from is not after @to, @notBefore not after @notAfter",
    codes.WHEN_WITH_RANGE: "@when is never used together with @from or @to",
    codes.SUBTYPE_WITHOUT_TYPE: "@subtype needs @type",
    codes.CALENDAR_POINTER: "@calendar and @datingMethod point to a <calendar>, and an element with @calendar has content",
    codes.NO_TITLE: "the header has a title",
    codes.NO_LICENCE_URL: "the header has a licence with a URL",
    codes.NO_IDENTIFIER: "the header has an identifier (publicationStmt/idno)",
    codes.NO_SOURCE_DESC: "the header has a source description",
}

# Header completeness that archives need: a warning by default (what `convert` writes without edition.toml is
# valid), an error where an archive is the target (`validate --archive`; `package` checks the same fields itself).
ARCHIVE_ERRORS = {codes.LICENCE_URL_FOR_ARCHIVE: codes.NO_LICENCE_URL, codes.IDENTIFIER_FOR_ARCHIVE: codes.NO_IDENTIFIER}

# TEI attributes whose values are (lists of) pointers (teidata.pointer); the rules check the local "#id" ones.
POINTER_ATTRIBUTES = ("target", "source", "sameAs", "resp", "ref", "corresp", "edRef", "datingMethod", "calendar", "who", "wit", "where")
DATE_PAIRS = (
    ("when", "when-custom"),
    ("from", "from-custom"),
    ("to", "to-custom"),
    ("notBefore", "notBefore-custom"),
    ("notAfter", "notAfter-custom"),
)
_FULL_DATE = re.compile(r"^(-?\d{4,})-(\d{2})-(\d{2})$")
_URL = re.compile(r"^(https?|ftp)://\S+$")
# (descendant-or-self:: from the root, not //: libxml2 expands // to a set of every node, text too, and merges; one
# path over every attribute, its name tested in Python, instead of a union of twelve, which libxml2 sorts: at 100,000
# elements 6 ms instead of 117)
_XP_IDS = etree.XPath("descendant-or-self::*/@xml:id", smart_strings=True)
_XP_POINTERS = etree.XPath("descendant-or-self::*/@*[contains(., '#')]")
_POINTER_NAMES = frozenset(POINTER_ATTRIBUTES)
_XP_DATED = etree.XPath(
    "descendant-or-self::*[@when-custom or @from-custom or @to-custom or @notBefore-custom or @notAfter-custom or @datingMethod"
    " or (@when and (@from or @to)) or (@from and @to) or (@notBefore and @notAfter)]"
)
_XP_SUBTYPE = etree.XPath("descendant-or-self::*[@subtype and not(@type)]")
_XP_CALENDAR = etree.XPath("descendant-or-self::*[@calendar]")


class Context:
    """One pass over the tree: ids, pointers and the helpers every rule needs to report a place."""

    def __init__(self, tree, name: str, source: str | None):
        self.tree = tree
        self.name = name
        self.lines = source.splitlines() if source is not None else None
        self.root = tree.getroot()
        self.columns = ElementColumns(self.root)  # one scan per line with findings, not one per finding
        self.ids: dict[str, etree._Element] = {}
        self.duplicates: list[tuple[str, etree._Element, etree._Element]] = []
        # XPath (C) finds the few attributes the rules need; a Python loop over every element would cost 10 times more.
        for value in _XP_IDS(self.root):
            e = value.getparent()
            if value in self.ids:
                self.duplicates.append((str(value), self.ids[value], e))
            else:
                self.ids[str(value)] = e
        self.pointers: list[tuple[etree._Element, str, str]] = []  # (element, attribute, id) of every "#id"
        for value in _XP_POINTERS(self.root):
            if value.attrname not in _POINTER_NAMES:
                continue
            for ref in local_pointers(value):
                self.pointers.append((value.getparent(), value.attrname, ref))

    def span(self, elem) -> Span:
        line = elem.sourceline or 1
        text = self.lines[line - 1] if self.lines is not None and 0 < line <= len(self.lines) else None
        return Span(self.name, line, self.columns.column(elem, text), len(etree.QName(elem).localname) + 1, text)

    def target(self, ref: str):
        return self.ids.get(ref)


def local_pointers(value: str | None) -> list[str]:
    """The ids of the "#id" pointers in an attribute value (other URIs are not this document's business)."""
    if not value:
        return []
    return [token[1:] for token in value.split() if token.startswith("#") and len(token) > 1]


# ------------------------------------------------------------------------------------------------ rules


def check_ids(ctx: Context):
    for value, first, again in ctx.duplicates:
        yield error(
            codes.DUPLICATE_ID,
            f'xml:id "{value}" is used again (first on <{tag(first)}> at line {first.sourceline}); every xml:id must be unique',
            ctx.span(again),
        )


def check_pointers(ctx: Context):
    for e, attribute, ref in ctx.pointers:
        if ref not in ctx.ids:
            yield error(
                codes.BROKEN_POINTER,
                f'@{attribute}="#{ref}" on <{tag(e)}> points nowhere: no element has xml:id="{ref}"',
                ctx.span(e),
                hint=_closest(ref, ctx.ids),
            )


def _closest(ref: str, ids) -> str | None:
    import difflib

    match = difflib.get_close_matches(ref, list(ids), n=1, cutoff=0.75)
    return f'did you mean "#{match[0]}"?' if match else None


def check_gap_notes(ctx: Context):
    explained: set[str] = set()
    for note in ctx.root.iter(T + "note"):
        gaps = [(ref, ctx.target(ref)) for ref in local_pointers(note.get("target"))]
        gaps = [(ref, g) for ref, g in gaps if g is not None and g.tag == T + "gap"]
        if note.get("subtype") == "hiatus" and not gaps:
            yield error(
                codes.HIATUS_NOTE_TARGET,
                '<note subtype="hiatus"> has no @target naming its <gap>; give the gap an xml:id and point to it',
                ctx.span(note),
            )
        for ref, gap in gaps:
            explained.add(ref)
            if not _directly_after(gap, note):
                yield error(
                    codes.GAP_NOTE_PLACE,
                    f'<note> explains <gap xml:id="{ref}"> (line {gap.sourceline}) but does not follow it directly; '
                    "put the note right after its gap, with no text between",
                    ctx.span(note),
                )
    for gap in ctx.root.iter(T + "gap"):
        if gap.get("reason") and "hiatus" in gap.get("reason").split():
            ident = gap.get(XML_ID)
            if ident is None or ident not in explained:
                yield error(
                    codes.HIATUS_UNEXPLAINED,
                    '<gap reason="hiatus"> is not explained by a note: add a <note> right after it whose @target names the gap',
                    ctx.span(gap),
                )


def _directly_after(gap, note) -> bool:
    return gap.getnext() is note and not (gap.tail or "")


def check_witnesses(ctx: Context):
    witnesses = {w.get(XML_ID): w for w in ctx.root.iter(T + "witness") if w.get(XML_ID)}
    if not witnesses:
        return
    used = {ref for _, attribute, ref in ctx.pointers if attribute in ("source", "wit", "corresp") and ref in witnesses}
    for ident, w in witnesses.items():
        if ident not in used:
            yield error(
                codes.WITNESS_UNUSED, f'witness "{ident}" is never used: no @source, @wit or @corresp names "#{ident}"', ctx.span(w)
            )
    for e, attribute, ref in ctx.pointers:
        if attribute == "wit" or (attribute == "source" and e.tag in (T + "text", T + "group", T + "div")):
            target = ctx.target(ref)
            if target is not None and target.tag != T + "witness":
                yield error(
                    codes.WITNESS_UNKNOWN,
                    f'@{attribute}="#{ref}" on <{tag(e)}> names a <{tag(target)}>, not a <witness>; '
                    f"use one of: {', '.join('#' + i for i in witnesses)}",
                    ctx.span(e),
                )


def check_dates(ctx: Context):
    for e in _XP_DATED(ctx.root):
        attrib = e.attrib
        customs = [c for _, c in DATE_PAIRS if c in attrib]
        if customs and "datingMethod" not in attrib:
            yield error(
                codes.CUSTOM_DATE_METHOD,
                f"@{customs[0]} on <{tag(e)}> needs @datingMethod pointing to the <calendar> it is written in",
                ctx.span(e),
            )
        if "when" in attrib and ("from" in attrib or "to" in attrib):
            yield error(
                codes.WHEN_WITH_RANGE,
                f"<{tag(e)}> has @when together with @from/@to; use either one point (@when) or a range (@from, @to)",
                ctx.span(e),
            )
        for low, high in (("from", "to"), ("notBefore", "notAfter")):
            if low in attrib and high in attrib:
                a, b = _as_date(attrib[low]), _as_date(attrib[high])
                if a and b and a > b:
                    yield error(
                        codes.DATE_RANGE_ORDER,
                        f'@{low}="{attrib[low]}" is after @{high}="{attrib[high]}" on <{tag(e)}>; swap them',
                        ctx.span(e),
                    )
        method = ctx.target(local_pointers(attrib.get("datingMethod"))[0]) if local_pointers(attrib.get("datingMethod")) else None
        if method is not None and _is_julian(method):
            for gregorian_attr, custom_attr in DATE_PAIRS:
                if gregorian_attr in attrib and custom_attr in attrib:
                    yield from _check_julian(ctx, e, gregorian_attr, attrib[gregorian_attr], custom_attr, attrib[custom_attr])


def _as_date(value: str):
    m = _FULL_DATE.match(value)
    if m:
        try:
            return datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
    m = re.match(r"^(\d{4})(?:-(\d{2}))?$", value)
    if m:
        return datetime.date(int(m.group(1)), int(m.group(2) or 1), 1)
    return None


def _is_julian(calendar) -> bool:
    text = " ".join([calendar.get(XML_ID) or "", calendar.get("target") or "", "".join(calendar.itertext())[:200]])
    return "julian" in text.lower() and "gregorian" not in (calendar.get(XML_ID) or "").lower()


def julian_offset(year: int, month: int, day: int) -> int:
    """Days the Gregorian calendar is ahead of the Julian one on a Julian date (13 in 1900-03-01..2100-02-28)."""
    return (julian_to_gregorian(year, month, day) - _julian_as_naive(year, month, day)).days


def _julian_as_naive(year: int, month: int, day: int) -> datetime.date:
    # Julian 29 February in a century year does not exist in Python's (Gregorian) date; count from 28 February.
    if month == 2 and day == 29:
        return datetime.date(year, 2, 28) + datetime.timedelta(days=1)
    return datetime.date(year, month, day)


def _check_julian(ctx: Context, e, gregorian_attr: str, gregorian: str, custom_attr: str, julian: str):
    jm, gm = _FULL_DATE.match(julian), _FULL_DATE.match(gregorian)
    if not (jm and gm):
        return
    try:
        y, m, d = int(jm.group(1)), int(jm.group(2)), int(jm.group(3))
        expected = julian_to_gregorian(y, m, d)
        offset = julian_offset(y, m, d)
    except (ValueError, OverflowError):
        return
    if expected.isoformat() != gregorian:
        yield error(
            codes.JULIAN_OFFSET,
            f'Julian @{custom_attr}="{julian}" is Gregorian {expected.isoformat()} ({offset} days later in that century), '
            f'but @{gregorian_attr}="{gregorian}" on <{tag(e)}>',
            ctx.span(e),
            hint=f'write {gregorian_attr}="{expected.isoformat()}"',
        )


def check_typing(ctx: Context):
    for e in _XP_SUBTYPE(ctx.root):
        yield error(
            codes.SUBTYPE_WITHOUT_TYPE, f'<{tag(e)}> has @subtype="{e.get("subtype")}" but no @type; @subtype refines a @type', ctx.span(e)
        )


def check_calendars(ctx: Context):
    for e, attribute, ref in ctx.pointers:
        if attribute in ("calendar", "datingMethod"):
            target = ctx.target(ref)
            if target is not None and target.tag != T + "calendar":
                yield error(
                    codes.CALENDAR_POINTER,
                    f'@{attribute}="#{ref}" on <{tag(e)}> points to a <{tag(target)}>, not a <calendar> (profileDesc/calendarDesc)',
                    ctx.span(e),
                )
    for e in _XP_CALENDAR(ctx.root):
        if not "".join(e.itertext()).strip():
            yield error(
                codes.CALENDAR_POINTER,
                f"<{tag(e)}> has @calendar but no content; @calendar names the calendar of the element's text",
                ctx.span(e),
            )


def check_header(ctx: Context):
    header = ctx.root.find(T + "teiHeader")
    anchor = header if header is not None else ctx.root
    file_desc = header.find(T + "fileDesc") if header is not None else None

    def first(path):
        return file_desc.find(path) if file_desc is not None else None

    title = first(f"{T}titleStmt/{T}title")
    if title is None or not "".join(title.itertext()).strip():
        yield error(
            codes.NO_TITLE,
            "the header has no title (teiHeader/fileDesc/titleStmt/title with text)",
            ctx.span(title if title is not None else anchor),
        )
    licences = file_desc.findall(f"{T}publicationStmt/{T}availability/{T}licence") if file_desc is not None else []
    if not any(_licence_url(lic) for lic in licences):
        where = licences[0] if licences else anchor
        yield warning(
            codes.LICENCE_URL_FOR_ARCHIVE,
            "the header has no licence with a URL: archives need publicationStmt/availability/licence with @target (or a link inside)",
            ctx.span(where),
            hint='<availability status="free"><licence target="https://creativecommons.org/licenses/by/4.0/">CC BY 4.0</licence></availability>'
            " (edition.toml: [publication] licence, licence_url)",
        )
    idno = first(f"{T}publicationStmt/{T}idno")
    if idno is None or not "".join(idno.itertext()).strip():
        yield warning(
            codes.IDENTIFIER_FOR_ARCHIVE,
            "the header has no identifier (publicationStmt/idno with text): archives need one",
            ctx.span(anchor),
            hint="add publicationStmt/idno (edition.toml: [publication] idno)",
        )
    source = first(f"{T}sourceDesc")
    if source is None or not ("".join(source.itertext()).strip() or any(e.attrib for e in source.iterdescendants())):
        yield error(
            codes.NO_SOURCE_DESC,
            "the header has no source description (fileDesc/sourceDesc saying where the text comes from)",
            ctx.span(source if source is not None else anchor),
        )


def _licence_url(licence) -> bool:
    targets = [licence.get("target") or ""] + [e.get("target") or "" for e in licence.iter(T + "ref", T + "ptr")]
    return any(_URL.match(t) for value in targets for t in value.split())


CHECKS: list[Callable] = [
    check_ids,
    check_pointers,
    check_gap_notes,
    check_witnesses,
    check_dates,
    check_typing,
    check_calendars,
    check_header,
]


def rule_diagnostics(tree, name: str, source: str | None = None, *, archive: bool = False) -> list[Diagnostic]:
    """Every project-rule finding of a tree, in document order; with archive, header completeness is an error."""
    ctx = Context(tree, name, source)
    found = [d for check in CHECKS for d in check(ctx)]
    found.sort(key=lambda d: (d.span.line if d.span else 0, d.span.column if d.span else 0, d.code))
    return for_archive(found) if archive else found


def for_archive(found: list[Diagnostic]) -> list[Diagnostic]:
    """The findings as an archive sees them: a missing licence URL or identifier (W321, W322) is an error (E321, E322)."""
    return [
        error(ARCHIVE_ERRORS[d.code], d.message, d.span, d.hint) if d.code in ARCHIVE_ERRORS and d.severity is Severity.WARNING else d
        for d in found
    ]


__all__ = ["ARCHIVE_ERRORS", "RULES", "for_archive", "rule_diagnostics", "julian_to_gregorian", "julian_offset", "local_pointers"]
