"""Inline conventions inside one block: note calls, hiatuses, dropped page anchors, stage directions, dual dates, line breaks."""

from __future__ import annotations

import dataclasses
import re

from tei_edition.dates import DualDate, find_dual_dates
from tei_edition.diagnostics import Diagnostic, warning
from tei_edition.model import Child, Node, Note
from tei_edition.source import SourceText

NOTE_CALL = re.compile(r"\{(\d{1,6})\}|\[(\d{1,6})\]")
# MIA's page anchor, rendered as text: "word U+00A0 word"; the first space stays, "U+00A0 " becomes <pb/> (encoding.md §8).
PAGE_ANCHOR = re.compile(r"(?<= )\u00a0 ")
STAGE = re.compile(
    r"\((?:Stormy |Prolonged |Loud |General )?(?:[Aa]pplause|[Ll]aughter|[Cc]ommotion|[Nn]oise|[Vv]oices|[Ss]houts|[Cc]heers)[^()\n]{0,60}\)"
)
UNKNOWN_BRACKET = re.compile(r"\[(?:DUPLICATE|PLACEHOLDER)[^\]\n]{0,40}\]|\{[^{}\n]{0,40}\}")


@dataclasses.dataclass
class InlineContext:
    """What inline reading needs from the document: note bodies, the witness's id prefix, who the editors are."""

    source: SourceText
    notes: dict[str, Note]
    prefix: str
    year: int | None
    editors: str  # id of the editors' respStmt, for "—Ed." notes and hiatus gaps
    author: str | None  # id of the author, for authorial notes
    diagnostics: list[Diagnostic]
    print_id: str = "src_print"  # the printed edition whose page breaks pb/@edRef points to
    counters: dict[str, int] = dataclasses.field(default_factory=dict)
    last_original: dict[str, str] = dataclasses.field(default_factory=dict)  # for @sameAs of duplicates

    def next_id(self, kind: str) -> str:
        self.counters[kind] = self.counters.get(kind, 0) + 1
        return f"{self.prefix}.{kind}{self.counters[kind]}"


def read_inline(text: str, offset: int, ctx: InlineContext, *, notes: bool = True, dates: bool = True) -> list[Child]:
    """Inline children for `text` (which starts at source offset `offset`); every character is kept or encoded."""
    matches: list[tuple[int, int, str, object]] = []
    if notes:
        matches += [(m.start(), m.end(), "call", m) for m in NOTE_CALL.finditer(text)]
    matches += [(m.start(), m.end(), "pb", m) for m in PAGE_ANCHOR.finditer(text)]
    matches += [(m.start(), m.end(), "stage", m) for m in STAGE.finditer(text)]
    if dates:
        matches += [(d.start, d.end, "date", d) for d in find_dual_dates(text, ctx.year)]
    matches += [(m.start(), m.end(), "lb", m) for m in re.finditer("\n", text)]
    matches.sort(key=lambda t: (t[0], -t[1]))
    out: list[Child] = []
    pos = 0
    for start, end, kind, data in matches:
        if start < pos:
            continue  # overlaps an earlier construct: stays text inside it
        _text(out, text[pos:start], offset + pos, ctx)
        if kind == "call":
            out.extend(_note_call(data, offset + start, ctx))
        elif kind == "pb":
            out.append(Node("pb", {"xml:id": ctx.next_id("pb"), "edRef": "#" + ctx.print_id}, offset=offset + start))
        elif kind == "stage":
            out.append(Node("stage", {"type": _stage_type(data.group())}, [data.group()], offset + start))
        elif kind == "date":
            out.append(date_node(text, data, offset, ctx))
        elif kind == "lb":
            out.append(Node("lb", offset=offset + start))
        pos = end
    _text(out, text[pos:], offset + pos, ctx)
    return out


def _text(out: list[Child], s: str, offset: int, ctx: InlineContext) -> None:
    if not s:
        return
    for m in UNKNOWN_BRACKET.finditer(s):
        ctx.diagnostics.append(
            warning("W120", f"unrecognised convention {m.group()!r} kept as text", ctx.source.span(offset + m.start(), offset + m.end()),
                    hint="if it has a meaning, a profile rule can encode it")
        )
    if out and isinstance(out[-1], str):
        out[-1] += s
    else:
        out.append(s)


def _stage_type(s: str) -> str:
    word = re.search(r"applause|laughter|commotion|noise|voices|shouts|cheers", s, re.IGNORECASE)
    return word.group().lower() if word else "other"


def _note_call(m: re.Match, offset: int, ctx: InlineContext) -> list[Child]:
    n = m.group(1) or m.group(2)
    bracket = "{}" if m.group(1) else "[]"
    note = ctx.notes.get(n)
    span = ctx.source.span(offset, offset + len(m.group()))
    if note is None or note.bracket != bracket:
        ctx.diagnostics.append(warning("W110", f"note call {m.group()} has no note body; kept as text", span))
        return [m.group()]
    if note.used:
        ctx.diagnostics.append(warning("W112", f"note {m.group()} is called a second time; the second call is kept as text", span))
        return [m.group()]
    note.used = True
    return note_elements(note, ctx, offset)


def note_elements(note: Note, ctx: InlineContext, offset: int | None) -> list[Node]:
    """The note (and, for a hiatus, the empty gap before it), as encoding.md §4–§6 describe."""
    out: list[Node] = []
    ident = f"{ctx.prefix}.n{note.n}"
    attrs = {"xml:id": ident, "n": note.n}
    if note.editorial or note.hiatus:
        attrs["type"] = "editorial"
        if note.hiatus:
            attrs["subtype"] = "hiatus"
    else:
        attrs["type"] = "authorial"
    attrs["place"] = "bottom"
    attrs["anchored"] = "true"
    resp = ctx.editors if attrs["type"] == "editorial" else ctx.author
    if resp:
        attrs["resp"] = "#" + resp
    if note.bracket == "[]":
        attrs["rend"] = "brackets"
    if note.hiatus:
        gap_id = f"{ctx.prefix}.gap{note.n}"
        out.append(Node("gap", {"xml:id": gap_id, "reason": "hiatus", "resp": "#" + ctx.editors}, offset=offset))
        attrs["target"] = "#" + gap_id
    if note.duplicate:
        original = ctx.last_original.get(ctx.prefix)
        if original:
            attrs["sameAs"] = "#" + original
        else:  # nothing earlier to point to: the mark cannot become @sameAs, so it stays text (and is reported)
            note.content = ['[DUPLICATE "*".] '] + list(note.content)
            note.duplicate = False
            ctx.diagnostics.append(warning("W121", f"note {note.n} is marked DUPLICATE but no earlier note precedes it; the mark is kept as text",
                                           ctx.source.span(note.block.start, note.block.end)))
    else:
        ctx.last_original[ctx.prefix] = ident
    node = Node("note", attrs, offset=offset)
    if note.block.blank_before > 1:  # extra blank lines before this body in the source's note list
        node.append(Node("space", {"dim": "vertical", "unit": "lines", "quantity": str(note.block.blank_before - 1)}))
    if note.more:
        node.append(Node("p", {}, list(note.content), note.block.start))
        for block, content in note.more:
            if block.blank_before > 1:
                node.append(Node("space", {"dim": "vertical", "unit": "lines", "quantity": str(block.blank_before - 1)}))
            node.append(Node("p", {}, list(content), block.start))
    else:
        node.extend(note.content)
    out.append(node)
    return out


def date_node(text: str, d: DualDate, offset: int, ctx: InlineContext, tag: str = "date") -> Node:
    """A dual date: an outer date with the Gregorian value, inner dates per calendar (encoding.md §7)."""
    outer = Node(tag, _value_attrs(d.gregorian), offset=offset + d.start)
    pos = d.start
    for part in d.parts:
        s, e = d.start + part.start, d.start + part.end
        outer.append(text[pos:s])
        attrs = {"calendar": "#" + part.calendar, **_value_attrs(part.gregorian)}
        if part.custom:
            if part.custom[1]:
                attrs["from-custom"], attrs["to-custom"] = part.custom
            else:
                attrs["when-custom"] = part.custom[0]
            attrs["datingMethod"] = "#julian"
        outer.append(Node("date", attrs, [text[s:e]], offset + s))
        pos = e
    outer.append(text[pos: d.end])
    return outer


def _value_attrs(value: tuple[str, str | None]) -> dict[str, str]:
    return {"from": value[0], "to": value[1]} if value[1] else {"when": value[0]}
