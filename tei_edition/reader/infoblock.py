"""The info block of a web page (the Marxists Internet Archive's and its mirrors'): "Label: value" lines near the top
or the bottom — `Written:`, `First Published:`, `Source:`, `Translated:`, `Transcription/Markup:` (or `\\`, ` / `),
`Proofed:`, `Online Version:`, `Copyleft:`, `Public Domain:` …, one or several per line (after ";").

Evidence ([conventions] `info_*`, tei_edition/profiles/conventions.toml), whatever the profile: a block every line
of which begins with a field of `info_labels` (`info_field`), standing among the first `info_zone` blocks after
nothing but short heading-like blocks, or among the last `info_zone` blocks with only info blocks after it; it holds
two fields or more, or one `info_strong` field ("Source: …") whose value is at most `info_max_chars` long and has a
digit in it (a volume, a page, a year). A paragraph of the text that begins "Source:" is none of these.

Where it goes: `div type="sourceInfo"` at the end of `front` (at the top) or at the start of `back` (at the bottom),
each block a `p`, its lines as printed (the source form rebuilds byte for byte); out of the reading text. What the
fields say goes to the header (tei_edition/tei/header.py): respStmt, sourceDesc/bibl with biblScope, creation/date,
availability/licence.
"""

from __future__ import annotations

import dataclasses
import re

from tei_edition.model import Block, Node
from tei_edition.reader.context import ReadState, space
from tei_edition.reader.inline import read_inline

_HEADING_LINES = 3  # a block before the info block is front matter: at most this many lines ...
_HEADING_CHARS = 150  # ... each at most this long


@dataclasses.dataclass(frozen=True)
class Field:
    label: str  # as printed: "Transcription\\Markup"
    value: str  # stripped, without the ";" that ends it
    line: int  # line in the source


_TABLE_ROW = re.compile(r"^\|[ \t]*(?P<label>[^|]*?)[ \t]*\|[ \t]*(?P<value>[^|]*?)[ \t]*\|[ \t]*$")
_TABLE_RULE = re.compile(r"^\|(?:[ \t]*:?-{3,}:?[ \t]*\|){2}[ \t]*$")


def fields_of_line(state: ReadState, line: str) -> list[tuple[str, str]] | None:
    """(label, value) of each field of a line that begins with one; None when it does not. A row of a metadata
    table ("| Written | 10 April 1868 |") is a field when its label is a known one; the table's rule ("|---|---|"),
    no field but a line of the table ([])."""
    if line.startswith("|"):
        if _TABLE_RULE.match(line):
            return []
        row = _TABLE_ROW.match(line)
        if row and row.group("label") in state.conventions.info_table_labels and row.group("value"):
            return [(row.group("label"), row.group("value"))]
        return None
    field = state.conventions.info_field
    matches = list(field.finditer(line))
    if not matches or matches[0].start() != 0:
        return None
    out = []
    for m, after in zip(matches, matches[1:] + [None], strict=True):
        value = line[m.end() : after.start() if after is not None else len(line)].strip().rstrip(";").strip()
        out.append((m.group("label"), value))
    return out


def block_fields(state: ReadState, b: Block) -> list[tuple[str, str]] | None:
    """The fields of an info block, or None when `b` is not one by its shape. Besides the known labels, a block of
    two known fields or more may hold fields of other labels ("Publisher: …", `info_other_field`) and lines that
    continue the field before them (a wrapped value)."""
    c = state.conventions
    fields: list[tuple[str, str]] = []
    known = 0
    for k, line in enumerate(b.lines):
        got = fields_of_line(state, line)
        if got is not None:
            fields += got
            known += len(got)
            continue
        if k == 0:
            return None
        other = c.info_other_field.match(line)
        if other is not None:
            fields.append((other.group("label"), line[other.end() :].strip().rstrip(";").strip()))
        else:  # a wrapped value
            label, value = fields[-1]
            fields[-1] = (label, f"{value} {line.strip()}".strip())
    if known >= 2:
        return fields
    if b.text.startswith("|") and all(line.startswith("|") for line in b.lines):
        return fields  # a metadata table's rows (or its rule): what they say is explicit
    if len(fields) != 1:
        return None
    label, value = fields[0]
    if label in c.info_strong and len(b.text) <= c.info_max_chars and any(ch.isdigit() for ch in value):
        return fields
    return None


def _one_field_line(state: ReadState, b: Block) -> bool:
    return "\n" not in b.text and len(b.text) <= state.conventions.info_max_chars and bool(fields_of_line(state, b.text))


def is_table(blocks: list[Block]) -> bool:
    """Whether the info blocks are a metadata table's rows ("| Author(s) | … |")."""
    return bool(blocks) and all(line.startswith("|") for b in blocks for line in b.lines)


def _heading_like(b: Block) -> bool:
    return len(b.lines) <= _HEADING_LINES and all(len(line) <= _HEADING_CHARS for line in b.lines)


def find(state: ReadState, blocks: list[Block]) -> tuple[tuple[int, int] | None, int | None]:
    """((first, end) of the info blocks at the top, or None; the index where the info blocks at the bottom begin, or
    None). At the top: the first info block among the first `info_zone`, after heading-like blocks only, and the
    info blocks right after it; at the bottom: the info blocks that end the text."""
    zone = state.conventions.info_zone
    top = None
    for i, b in enumerate(blocks[: min(zone, len(blocks) - 1)]):
        if block_fields(state, b):
            j = i + 1
            # (after an info block, a line of one known field goes on with it: "Transcribed: by Andy Blunden.")
            while j < len(blocks) - 1 and (block_fields(state, blocks[j]) is not None or _one_field_line(state, blocks[j])):
                j += 1
            top = (i, j)
            break
        run_end = joined_run(state, blocks, i)
        if run_end is not None:
            top = (i, run_end)
            break
        if b.role is not None or not _heading_like(b):  # (a run of note bodies is no front matter)
            break
    start = top[1] if top else 0
    bottom = len(blocks)
    while bottom > max(start + 1, len(blocks) - zone) and block_fields(state, blocks[bottom - 1]) is not None:
        bottom -= 1
    return top, (bottom if bottom < len(blocks) else None)


JOINED_VALUE_CHARS = 80  # a line going on with a field's value, in a text whose lines are its blocks: at most this long
JOINED_VALUE_LINES = 12  # ... and at most this many after a field's label


def joined_run(state: ReadState, blocks: list[Block], i: int) -> int | None:
    """An info block whose values go on over the next lines, each line a block of its own (a mirror's text without
    blank lines: "Source:" / "Lenin" / "Collected Works," / … / "Translated: …"): the end of the run, when its lines
    hold two known fields or more. A long line, a salutation or a date line ends it."""
    c = state.conventions
    if "\n" in blocks[i].text or fields_of_line(state, blocks[i].text) is None:
        return None
    j, since, known = i, 0, 0
    while j < len(blocks) - 1 and (j == i or blocks[j].blank_before == 0) and "\n" not in blocks[j].text:
        text = blocks[j].text
        got = fields_of_line(state, text)
        if got is not None:
            known, since = known + len(got), 0
        elif len(text) > JOINED_VALUE_CHARS or since >= JOINED_VALUE_LINES or c.is_salute(text) or c.is_dateline(text):
            break
        else:
            since += 1
        j += 1
    return j if known >= 2 and j > i + 1 else None


def _joined(blocks: list[Block]) -> Block | None:
    """The blocks as the one block they are in the source (a line each, one line end between), or None."""
    if len(blocks) < 2 or any("\n" in b.text for b in blocks) or any(b.blank_before != 0 for b in blocks[1:]):
        return None
    return Block("\n".join(b.text for b in blocks), blocks[0].start, blocks[0].blank_before)


def info_abs(state: ReadState, blocks: list[Block], where: str) -> list[Node]:
    """The info blocks as ab type="sourceInfo", one a block (in a front where more front matter follows them: TEI
    allows no p after a div there); the fields recorded for the header."""
    nodes = [c for c in info_div(state, blocks, where).children if isinstance(c, Node)]  # (its p and layout only)
    return [Node("ab", {"type": "sourceInfo"}, c.children) if c.tag == "p" else c for c in nodes]


def info_div(state: ReadState, blocks: list[Block], where: str) -> Node:
    """div type="sourceInfo": each block a p of its lines as printed; the fields recorded for the header."""
    ctx = state.ctx("info")
    div = Node("div", {"type": "sourceInfo"})
    text = state.source.text
    joined = _joined(blocks)
    for b in [joined] if joined is not None and block_fields(state, blocks[0]) is None else blocks:
        fields = block_fields(state, b) or []
        line = text.count("\n", 0, b.start) + 1
        offset = 0
        for label, value in fields:
            # the line of each field: the first line from `offset` holding its label
            at = b.text.find(label, offset)
            offset = max(at, offset)
            state.info.append(Field(label, value, line + b.text.count("\n", 0, offset)))
        state.count("info-field", len(fields))
        state.convention("info-block", b, f"{where}: {len(fields)} field(s): " + ", ".join(label for label, _ in fields))
    for b in blocks:
        div.children += space(b)
        div.append(Node("p", {}, read_inline(b.text, b.start, ctx, notes=False, dates=True)))
    return div


@dataclasses.dataclass
class InfoSummary:
    """What the info block says for the header, worked out with the profile's conventions."""

    fields: list[Field] = dataclasses.field(default_factory=list)
    resp: list[tuple[str, str]] = dataclasses.field(default_factory=list)  # (resp, name)
    # the printed source: its text and the (start, end, unit, from, to) of each volume and page scope in it
    source: tuple[str, list[tuple[int, int, str, str, str]]] | None = None
    written: tuple[str, dict[str, str] | None] | None = None  # (text, its date's attributes: @when, or bounds)
    licence: tuple[str, str | None] | None = None  # ("Label: value", licence URL or None)
    author: str | None = None  # a metadata table's "| Author(s) | … |"
    sent: tuple[str, str | None] | None = None  # a letter's places: sent from, and to ("Sent from Zurich to Clarens")


# "and corrected by Andy Carloff 2008." → "Andy Carloff"; "by Sally Ryan for marxists.org, 2000" → "Sally Ryan"
_RESP_LEAD = re.compile(r"^(?:[^\W\d][\w ]{0,40}?\s)?by\s+", re.IGNORECASE)
_RESP_TAIL = re.compile(r"(?:\s+(?:for|in|at|from|für|pour|para|per|för|для)\s+.*|,?\s*\(?\d{4}\)?)?[\s.;]*$")


def resp_name(value: str) -> str:
    """Who an info field names: the words before "by" and the year or "for …" after the name left out."""
    name = _RESP_LEAD.sub("", value.strip(), count=1)
    name = _RESP_TAIL.sub("", name, count=1)
    return name.strip() or value.strip()


_SENTENCE_END = re.compile(r"(?<=[^\W\d_]{3})\.(?:\s|$)")  # "Kristiania. Printed from …" (not "St. Petersburg")


def _place(words: str) -> str:
    """A place the capitalised words of `info_sent` name, cut where a sentence ends."""
    return _SENTENCE_END.split(words, maxsplit=1)[0].rstrip(".")


def summary(state: ReadState) -> InfoSummary:
    c = state.conventions
    out = InfoSummary(list(state.info))
    for f in state.info:
        if out.sent is None and (m := c.info_sent.search(f.value)):
            out.sent = (_place(m.group("sent")), _place(m.group("received")) if m.group("received") else None)
        if f.label in c.info_author:
            out.author = out.author or f.value
            continue
        resp = [r for word, r in c.info_resp if word.casefold() in f.label.casefold()]
        name = resp_name(f.value)
        if resp and name:
            out.resp.append((" and ".join(dict.fromkeys(resp)), name))
        elif f.label in c.info_source and out.source is None and f.value:
            scopes = []
            for unit, pattern in (("volume", c.info_volume), ("page", c.info_pages)):
                m = pattern.search(f.value)
                if m:
                    first = m.group("n") if unit == "volume" else m.group("from")
                    last = first if unit == "volume" else (m.group("to") or first)
                    scopes.append((m.start(), m.end(), unit, first, last))
            scopes.sort()
            if len(scopes) == 2 and scopes[0][1] > scopes[1][0]:
                scopes = scopes[:1]  # (overlapping matches: the first only)
            out.source = (f.value, scopes)
        elif f.label in c.info_written and out.written is None and f.value:
            out.written = (f.value, written_date(state, f.value))
        elif f.label in c.info_licence and out.licence is None:
            said = f"{f.label}: {f.value}"
            url = None
            for pattern, template, default in c.licences:
                m = pattern.search(said)
                if m:
                    version = m.groupdict().get("v") or default
                    url = template.replace("{v}", version)
                    break
            out.licence = (said, url)
        else:  # what the header has no place of its own for ("First Published:", "Online Version:" …): as stated
            state.header_fields.setdefault(f.label.lower(), f.value)
    return out


BOUND_ATTRIBUTES = {"not_before": "notBefore", "not_after": "notAfter"}


def written_date(state: ReadState, text: str) -> dict[str, str] | None:
    """The attributes of the date a "Written:" value names: a qualified date the whole value (after its first
    words, "Written") gives ("end of 1877": @notBefore and @notAfter; "not earlier than November 21, 1917"); a dual
    date's Gregorian value, as @notBefore or @notAfter where a bound's words stand before it ("not earlier than
    November 8 (21), 1917"); else @when (iso_date)."""
    from tei_edition.dates import DualDate

    dating = state.conventions.dating
    for start in [0] + [m.end() for m in re.finditer(r"\s+", text[:40])]:
        found = dating.conjecture(text[start:], bracketed=False)
        if found is not None and found[0] == 0:
            return found[2]
    for digit in re.finditer(r"\d", text):
        dual = dating.match_at(text, digit.start(), 0, None, False)
        if isinstance(dual, DualDate) and dual.has_year:
            bound = dating.bound_before(text[: dual.start])
            if bound == "about":
                return {"when": dual.gregorian[0], "cert": "medium"}
            return {BOUND_ATTRIBUTES.get(bound or "", "when"): dual.gregorian[0]}
        if dual is not None:
            break
    iso = iso_date(state, text)
    return {"when": iso} if iso else None


def iso_date(state: ReadState, text: str) -> str | None:
    """The date a "Written:" value names, as ISO 8601 ("July 7, 1918", "7. November 1918", "7 June, 1883", "late
    May, 1883" → 1883-05, "1918"); None when it names none. The month names of every language first
    (tei_edition/reader/dating.py), then the profile's `months`."""
    from tei_edition.reader.dating import SingleDate

    dating = state.conventions.dating
    for digit in re.finditer(r"\d", text):
        found = dating.match_at(text, digit.start(), 0, None, False)
        if isinstance(found, SingleDate) and not found.last:
            return found.first.isoformat()[:7] if found.month_only else found.first.isoformat()
    months = [m for m in state.profile.conventions["months"] if not m.endswith(".")]
    names = "|".join(months)
    m = re.search(
        rf"\b(?:(?P<d1>\d{{1,2}})(?:st|nd|rd|th)? )?(?P<m>{names}),?(?: (?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?)? (?P<y>\d{{4}})\b", text
    )
    if m:
        month = months.index(m.group("m")) + 1
        day = m.group("d1") or m.group("d2")
        if day and 1 <= int(day) <= 31:
            return f"{m.group('y')}-{month:02d}-{int(day):02d}"
        return f"{m.group('y')}-{month:02d}"
    y = re.search(r"\b(1[0-9]{3}|20[0-9]{2})\b", text)
    return y.group(1) if y else None
