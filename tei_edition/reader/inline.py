"""Inline conventions inside one block: note calls, hiatuses, dropped page anchors, stage directions, dual dates, line breaks.

Recognises what the profile's [[inline]] rules match, one scan of the block with the profile's master regex; what a
match becomes is its rule's action, looked up in ACTIONS (the registry below: one registered function per action).
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, cast

from tei_edition import codes, layout
from tei_edition.dates import DUAL_DATE_HEAD, MONTH_NAME, DualDate, find_dual_dates
from tei_edition.diagnostics import Diagnostic, warning
from tei_edition.model import LINE_BREAK, Block, Child, Node, Note
from tei_edition.reader.dating import value_attrs
from tei_edition.source import SourceText

if TYPE_CHECKING:
    from tei_edition.reader.profile import Profile

# A dual date is found at its parenthesis ("APRIL 25 (MAY 8), 1917"): scanning for "(" is fast, scanning for month
# names at every letter is not; the reader then looks back for the first member.
DUAL_DATE_TAIL = rf"\((?i:{MONTH_NAME})[ \u00a0]\d{{1,2}}(?:[–-]\d{{1,2}})?\)(?:,[ \u00a0]\d{{4}})?"
RENDITION_NAMES = {("[", "]"): "brackets", ("_", "_"): "underscores", ("*", "*"): "asterisks", ("(", ")"): "parentheses"}


@dataclasses.dataclass(slots=True)
class InlineContext:
    """What inline reading needs from the document: note bodies, the witness's id prefix, who the editors are."""

    source: SourceText
    notes: dict[tuple[int, str], Note]  # (section, number) -> note body
    prefix: str
    year: int | None
    editors: str  # id of the editors' respStmt, for "—Ed." notes and hiatus gaps
    author: str | None  # id of the author, for authorial notes
    diagnostics: list[Diagnostic]
    print_id: str = "src_print"  # the printed edition whose page breaks pb/@edRef points to
    profile: Profile | None = None
    renditions: dict[str, tuple[str, str]] = dataclasses.field(default_factory=dict)  # id -> (prefix, suffix)
    found: dict[str, int] = dataclasses.field(default_factory=dict)  # rule name -> count, for the report
    section: int = 0  # numbered sections restart their note numbers (Gutenberg letters)
    translator: str | None = None  # id of the translator's respStmt, for "—Trans." notes
    stars: dict[int, int] = dataclasses.field(default_factory=dict)  # "*" calls met so far, by section
    counters: dict[str, int] = dataclasses.field(default_factory=dict)
    last_original: dict[str, str] = dataclasses.field(default_factory=dict)  # for @sameAs of duplicates
    repeats: dict[tuple[int, str], list[Note]] = dataclasses.field(default_factory=dict)  # later bodies of a number
    julian: bool = False  # the document's single dates before 1918 are Julian (tei_edition/reader/dating.py)
    calls: dict[int, tuple[str, str, str]] = dataclasses.field(default_factory=dict)  # confirmed calls (reader/calls.py)
    call_offsets: list[int] = dataclasses.field(default_factory=list)  # their source offsets, sorted

    def next_id(self, kind: str) -> str:
        self.counters[kind] = self.counters.get(kind, 0) + 1
        return f"{self.prefix}.{kind}{self.counters[kind]}"


def read_inline(text: str, offset: int, ctx: InlineContext, *, notes: bool = True, dates: bool = True) -> list[Child]:
    """Inline children for `text` (starting at source offset `offset`): one scan with the profile's master regex.

    Every character is kept as text or encoded so that the source form gives it back (schemas/README.md); a line
    end is an lb (a line end of the plain-text file: att.edition, the break belongs to that edition, src_txt).
    When the profile says which characters its rules start with, and none starts at a line end (the shipped
    profiles), only the places holding such a character are tried, and the plain text between matches is split at
    its line ends (most of a paragraph is plain text, and this loop is most of a conversion's time).
    """
    assert ctx.profile is not None  # ReadState.ctx, the one maker of contexts, always gives the profile
    out = None
    if notes and ctx.call_offsets:
        first = bisect.bisect_left(ctx.call_offsets, offset)
        if first < len(ctx.call_offsets) and ctx.call_offsets[first] < offset + len(text):
            out = _read_with_calls(text, offset, ctx, dates, first)
    if out is None:
        out = _scan(text, offset, ctx, notes, dates)
    if "-\n" in text or "- \n" in text:
        out = soft_hyphens(out, ctx)
    return out


_HYPHEN_AT_END = re.compile(r"([^\W\d_]+)-([ \t]*)$")
_WORD_AT_START = re.compile(r"[^\W\d_]+")
SOFT_HYPHEN_BREAK = Node("lb", {"edRef": "#src_txt", "break": "no"})  # (shared, never changed, as LINE_BREAK)


def soft_hyphens(out: list[Child], ctx: InlineContext) -> list[Child]:
    """A word broken at a line end with a hyphen ("revolu-" / "tionary": a lower-case letter on both sides) is one
    word: the hyphen a pc[@force="weak"] (printed only because the line ends), the line end lb[@break="no"]; the
    reading text joins the word, the source form keeps the hyphen, the spaces after it and the line end. A hyphen the
    text also writes inside a line ("well-known" elsewhere) is the word's own: that line end stays as it is."""
    result: list[Child] = []
    last = len(out) - 1
    for k, child in enumerate(out):
        if child is LINE_BREAK and 0 < k < last and type(out[k - 1]) is str and type(out[k + 1]) is str:
            before, after = cast(str, out[k - 1]), cast(str, out[k + 1])
            if not (after[:1].islower() and before.rstrip(" \t").endswith("-")):
                result.append(child)
                continue
            tail = before[-80:]  # (the regex on the end of the line only)
            m = _HYPHEN_AT_END.search(tail)
            w = _WORD_AT_START.match(after)
            if m and w and m.group(1)[-1].islower() and _soft(m.group(1), w.group(), ctx):
                result[-1] = before[: len(before) - len(tail) + m.start() + len(m.group(1))]
                if not result[-1]:
                    result.pop()
                result.append(Node("pc", {"force": "weak"}, ["-"]))
                if m.group(2):
                    result.append(m.group(2))
                result.append(SOFT_HYPHEN_BREAK)
                ctx.found["soft-hyphen"] = ctx.found.get("soft-hyphen", 0) + 1
                continue
        result.append(child)
    return result


def _soft(head: str, tail: str, ctx: InlineContext) -> bool:
    """Not a compound the text writes with its hyphen inside a line."""
    return f"{head}-{tail}".casefold() not in _compounds(ctx.source.text)


@functools.lru_cache(maxsize=4)
def _compounds(text: str) -> frozenset[str]:
    """The hyphenated words the text writes inside a line (case-folded)."""
    return frozenset(w.casefold() for w in _COMPOUND.findall(text))


_COMPOUND = re.compile(r"\b[^\W\d_]+-[^\W\d_]+")


def _scan(text: str, offset: int, ctx: InlineContext, notes: bool, dates: bool) -> list[Child]:
    """read_inline's one scan with the profile's master regex (or its rule-start characters)."""
    assert ctx.profile is not None  # ReadState.ctx, the one maker of contexts, always gives the profile
    search, match, rules, rule_of_group, rule_groups, start_chars = ctx.profile.scanner
    if search is None:
        return _read_every_match(text, offset, ctx, notes, dates)
    for char in start_chars:  # ("in" runs at memory speed; the regex looks at every character)
        if char in text:
            c = search(text)
            break
    else:
        c = None
    if c is None:  # nothing here any rule could match
        if "\n" not in text:
            return [text] if text else []
        out: list[Child] = []
        _plain(out, text)
        return out
    out = []
    found = ctx.found
    pos = 0
    while c is not None:
        at = c.start()
        m = match(text, at)
        if m is None:
            c = search(text, at + 1)
            continue
        index = rule_of_group[m.lastindex]
        rule = rules[index]
        produced = ACTIONS[rule.action].produce(rule, rule_groups[index], m, text, offset, ctx, notes, dates, pos)
        end = m.end()
        if produced is not None:
            if type(produced) is tuple:  # a date starts before its parenthesis or digits (and may end after them)
                children, start, *after = produced
                if after:  # (children, start, end, the name it is counted under)
                    end = after[0]
            else:
                children, start, after = produced, at, []
            if pos < start:
                _plain(out, text[pos:start])
            _add_produced(out, children, after[1] if len(after) > 1 else rule.name, rule.action, m.group(), found)
            pos = end
        # else the rule declined: the text stays, and the scan goes on after the match
        c = search(text, end if end > at else at + 1)
    if pos < len(text):
        _plain(out, text[pos:])
    return out


def _read_with_calls(text: str, offset: int, ctx: InlineContext, dates: bool, first: int) -> list[Child]:
    """read_inline for a text holding calls a note list confirmed (reader/calls.py): the text between them is read
    as usual, each call becomes its note."""
    out: list[Child] = []
    pos = 0
    offsets = ctx.call_offsets
    end = offset + len(text)
    i = first
    while i < len(offsets) and offsets[i] < end:
        at = offsets[i] - offset
        call, n, bracket = ctx.calls[offsets[i]]
        i += 1
        if at < pos or text[at : at + len(call)] != call:
            continue  # (not where this text has it: left to the rules)
        _extend(out, _scan(text[pos:at], offset + pos, ctx, True, dates))
        made = _note_call(call, n, bracket, offset + at, ctx)
        _extend(out, made)
        counted = "note-call-lost" if len(made) == 1 and is_lost(made[0]) else "note-call"
        ctx.found[counted] = ctx.found.get(counted, 0) + 1
        pos = at + len(call)
    _extend(out, _scan(text[pos:], offset + pos, ctx, True, dates))
    return out


def _extend(out: list[Child], children: Sequence[Child]) -> None:
    for child in children:
        if type(child) is str:
            _text(out, child)
        else:
            out.append(child)


def _read_every_match(text: str, offset: int, ctx: InlineContext, notes: bool, dates: bool) -> list[Child]:
    """read_inline for a profile whose rules may start anywhere (or at a line end): every match of the master regex,
    line ends included, in order."""
    profile = ctx.profile
    assert profile is not None  # ReadState.ctx, the one maker of contexts, always gives the profile
    rules = profile.rules
    rule_of_group = profile.rule_of_group
    rule_groups = profile.rule_groups
    found = ctx.found
    out: list[Child] = []
    pos = 0
    for m in profile.master.finditer(text):
        start, end = m.span()
        assert m.lastindex is not None  # every alternative of the master regex is a group (_master)
        index = rule_of_group[m.lastindex]
        if index < 0:  # a line end
            if pos < start:
                _text(out, text[pos:start])
            out.append(LINE_BREAK)
            pos = end
            continue
        rule = rules[index]
        produced = ACTIONS[rule.action].produce(rule, rule_groups[index], m, text, offset, ctx, notes, dates, pos)
        if produced is None:
            continue  # the rule declined: the text stays
        if type(produced) is tuple:
            children, start, *after = produced
            if after:  # (children, start, end, the name it is counted under)
                end = after[0]
        else:
            children, after = produced, []
        if pos < start:
            _text(out, text[pos:start])
        _add_produced(out, children, after[1] if len(after) > 1 else rule.name, rule.action, m.group(), found)
        pos = end
    if pos < len(text):
        _text(out, text[pos:])
    return out


def _add_produced(out: list[Child], children: list[Child], name: str, action: str, matched: str, found: dict[str, int]) -> None:
    """Append what a rule made of its match, and count it when it was recognised (not left as the text it was)."""
    for child in children:
        if type(child) is str:
            _text(out, child)
        else:
            out.append(child)
    if len(children) == 1 and is_lost(children[0]):  # a call the copy has no body for: not a note read
        found["note-call-lost"] = found.get("note-call-lost", 0) + 1
    elif action != "warn" and not (len(children) == 1 and children[0] == matched):
        found[name] = found.get(name, 0) + 1


def is_lost(child: Child) -> bool:
    """A note made by lost_note (its body is a gap)."""
    return type(child) is Node and child.tag == "note" and bool(child.children) and getattr(child.children[0], "tag", "") == "gap"


def _plain(out: list[Child], text: str) -> None:
    """Append plain text (no rule matched in it): its lines, with an lb for each line end."""
    if "\n" not in text:
        _text(out, text)
        return
    lines = text.split("\n")
    _text(out, lines[0])
    rest = lines[1:]
    if all(rest):  # (the usual case: no empty line) line break, line, line break, line, ...
        interleaved: list[Child] = [LINE_BREAK, LINE_BREAK] * len(rest)
        interleaved[1::2] = rest
        out.extend(interleaved)
        return
    for line in rest:
        out.append(LINE_BREAK)
        if line:
            out.append(line)


def _group(m: re.Match, groups: dict[str, int], name: str) -> str | None:
    """The text of the rule's group `name` (None when the rule has no such group or it did not take part)."""
    number = groups.get(name)
    return m.group(number) if number else None


# ---------------------------------------------------------------------------------------------- the actions


@dataclasses.dataclass(frozen=True, slots=True)
class Action:
    """What an inline rule's `action` names: the function making its match into children, and what the profile
    loader checks of a rule naming it (tei_edition/reader/profile.py)."""

    name: str
    produce: Callable  # (rule, groups, m, text, offset, ctx, notes, dates, pos) -> children | (children, start) | None
    needs_element: bool = False  # the rule must say element = "…"
    needs_inner: bool = False  # the rule's pattern must have a group (?P<inner>…)
    pattern: str | None = None  # built in: the rule's own pattern is not used
    starts: str | None = None  # built in: the characters a match starts with


# The registry of actions: name → Action. A new action is one function registered here with @action(…); the
# profile loader accepts exactly these names (docs/profiles.md lists them).
ACTIONS: dict[str, Action] = {}


def action(name: str, **what):
    def register(produce: Callable) -> Callable:
        ACTIONS[name] = Action(name, produce, **what)
        return produce

    return register


@action("note-call")
def _note_call_action(rule, groups, m, text, offset, ctx, notes, dates, pos):
    if not notes:
        return None
    start = m.start()
    matched = m.group()
    if _group(m, groups, "star"):  # "*" calls are answered by "* …" bodies in order
        ctx.stars[ctx.section] = ctx.stars.get(ctx.section, 0) + 1
        return _note_call(matched, str(ctx.stars[ctx.section]), "*", offset + start, ctx)
    brace = _group(m, groups, "brace")
    n = brace or _group(m, groups, "bracket") or _group(m, groups, "n")
    if n is None:
        return None
    return _note_call(matched, n, "{}" if brace else "[]", offset + start, ctx)


@action("page-anchor")
def _page_anchor(rule, groups, m, text, offset, ctx, notes, dates, pos):
    return [Node("pb", {"xml:id": ctx.next_id("pb"), "edRef": "#" + ctx.print_id})]


@action("page-marker")
def _page_marker(rule, groups, m, text, offset, ctx, notes, dates, pos):
    """ "[p. 12]", "|12|", "[Page 12]": the page of the printed volume that begins here, pb with @n; what stood around
    the number is the pb's delimiters (@rendition), for the source form."""
    start, end = m.span()
    number = next(g for g in ("n", "n2") if _group(m, groups, g))
    n_start, n_end = m.span(groups[number])
    rendition = _rendition(text[start:n_start], text[n_end:end], ctx)
    return [Node("pb", {"n": m.group(groups[number]), "edRef": "#" + ctx.print_id, "rendition": rendition})]


@action("element", needs_element=True)
def _element(rule, groups, m, text, offset, ctx, notes, dates, pos):
    attrs = _attributes(rule, m, groups)
    return [Node(rule.element, attrs, [m.group()])]


@action("dual-date", pattern=DUAL_DATE_TAIL, starts="(")
def _dual_date(rule, groups, m, text, offset, ctx, notes, dates, pos):
    if not dates:
        return None
    start, end = m.span()
    head = DUAL_DATE_HEAD.search(text, max(pos, start - 40), start)
    if head is None:
        return None
    whole = text[head.start() : end]
    found = find_dual_dates(whole, ctx.year)
    if not found or found[0].start != 0 or found[0].end != len(whole):
        return None
    return [date_node(text, _shifted(found[0], head.start()))], head.start()


@action("date", pattern=r"(?<![^\s(\[])\d", starts="0123456789")
def _date(rule, groups, m, text, offset, ctx, notes, dates, pos):
    """A date around these digits (tei_edition/reader/dating.py), normalised: (children, start, end)."""
    if not dates:
        return None
    assert ctx.profile is not None  # ReadState.ctx, the one maker of contexts, always gives the profile
    found = ctx.profile.structure.dating.match_at(text, m.start(), pos, ctx.year, ctx.julian)
    if found is None:
        return None
    if isinstance(found, DualDate):  # counted as the dual-date rule counts its own
        return [date_node(text, found)], found.start, found.end, "dual-date"
    return [Node("date", value_attrs(found, ctx.julian), [text[found.start : found.end]])], found.start, found.end, rule.name


@action("mark-gap")
def _mark_gap(rule, groups, m, text, offset, ctx, notes, dates, pos):
    attrs = {"reason": rule.reason or "editorial", "resp": "#" + ctx.editors}
    return [m.group(), Node("gap", attrs)]


@action("inline-note")
def _inline_note(rule, groups, m, text, offset, ctx, notes, dates, pos):
    start, end = m.span()
    note = Node("note", {"type": "editorial", "place": "inline", "resp": "#" + ctx.editors}, [])
    try:
        inner_start, inner_end = m.span(groups["inner"])
    except KeyError:
        inner_start = -1
    if inner_start < 0:
        note.append(m.group())
    else:  # the brackets stay as text of the note; what is inside is read (line breaks, emphasis, dates)
        note.append(text[start:inner_start])
        note.extend(read_inline(text[inner_start:inner_end], offset + inner_start, ctx, notes=False, dates=dates))
        note.append(text[inner_end:end])
    return [note]


# The placeholder words that stand for music (the others stand for a picture: figure), compared case-folded.
MUSIC_WORDS = frozenset(
    {"music", "musical notation", "musical example", "noten", "notenbeispiel", "musique", "musica", "ноты"}
)  # (profiles: rule "placeholder")


@action("placeholder")
def _placeholder(rule, groups, m, text, offset, ctx, notes, dates, pos):
    """ "[Illustration: caption]", "[Music: …]": a figure (its caption a head) or notatedMusic (its description a
    desc, or a label over several lines); the bracket, the word and the colon are the element's delimiters."""
    start, end = m.span()
    kind = _group(m, groups, "kind") or ""
    number = groups.get("inner")
    inner_start, inner_end = m.span(number) if number else (-1, -1)
    if inner_start < 0:  # no caption: everything is the delimiters
        inner_start = inner_end = end - 1 if text[end - 1 : end] == "]" else end
    music = kind.casefold() in MUSIC_WORDS
    attrs = {"rendition": _rendition(text[start:inner_start], text[inner_end:end], ctx)}
    inner = text[inner_start:inner_end]
    children: list[Child] = []
    if inner:
        lines: list[Child] = []
        _plain(lines, inner)
        if music:
            children.append(Node("desc" if "\n" not in inner else "label", {}, lines))
        else:
            children.append(Node("head", {}, lines))
    return [Node("notatedMusic" if music else "figure", attrs, children)]


@action("delimited", needs_element=True, needs_inner=True)
def _delimited(rule, groups, m, text, offset, ctx, notes, dates, pos):
    start, end = m.span()
    inner_start, inner_end = m.span(groups["inner"])
    attrs = _attributes(rule, m, groups)
    if rule.element == "supplied":
        attrs.setdefault("resp", "#" + ctx.editors)
    attrs["rendition"] = _rendition(text[start:inner_start], text[inner_end:end], ctx)
    inner_text = text[inner_start:inner_end]
    conjectured = conjectured_date(inner_text, ctx, bracketed=True) if rule.element == "supplied" and dates else None
    if conjectured is not None:
        return [Node(rule.element, attrs, conjectured)]
    inner = read_inline(inner_text, offset + inner_start, ctx, notes=notes, dates=dates)
    return [Node(rule.element, attrs, inner)]


def editors_bracket(children: list[Child], ctx: InlineContext) -> Node:
    """What the editors put in square brackets as `supplied` (as the shipped editorial-insertion rule writes it)."""
    return Node("supplied", {"reason": "editorial", "resp": "#" + ctx.editors, "rendition": _rendition("[", "]", ctx)}, children)


def conjectured_date(text: str, ctx: InlineContext, *, bracketed: bool) -> list[Child] | None:
    """A conjectured date filling `text`, perhaps after its place ("London, end of 1877-beginning of 1878" inside an
    editor's bracket; "Manchester, about 20 August 1859" in a date line): placeName, date with @notBefore/@notAfter
    or @when and @cert (tei_edition/reader/dating.py, Dating.conjecture), or None."""
    assert ctx.profile is not None  # ReadState.ctx, the one maker of contexts, always gives the profile
    conventions = ctx.profile.structure
    found = conventions.dating.conjecture(text, bracketed=bracketed, julian=ctx.julian)
    if found is None:
        return None
    start, end, attrs = found
    out: list[Child] = []
    if start:
        place = text[: start - 2]
        if not conventions.dateline_place.match(place) or conventions.date_word.search(place):
            return None
        out += [Node("placeName", {}, [place]), text[start - 2 : start]]
    ctx.found["date-conjecture"] = ctx.found.get("date-conjecture", 0) + 1
    out.append(Node("date", attrs, [text[start:end]]))
    if end < len(text):
        out.append(text[end:])
    return out


@action("warn")
def _warn(rule, groups, m, text, offset, ctx, notes, dates, pos):
    start, end = m.span()
    matched = m.group()
    ctx.diagnostics.append(
        warning(
            codes.UNRECOGNISED_CONVENTION,
            f"unrecognised convention {matched!r} kept as text",
            ctx.source.span(offset + start, offset + end),
            hint="if it has a meaning, a profile rule can encode it (docs/profiles.md)",
        )
    )
    return [matched]


def _attributes(rule, m: re.Match, groups: dict[str, int]) -> dict[str, str]:
    """The rule's attributes, templates ("{kind}") filled from the match; plain values as they are."""
    return {k: v.format_map(_Groups(m, groups)) if "{" in v else v for k, v in rule.attributes.items()}


class _Groups(dict):
    """format_map view of a match's groups for attribute templates ("{kind}" → the rule's group, lower-cased)."""

    def __init__(self, m: re.Match, groups: dict[str, int]):
        super().__init__()
        self.m, self.groups = m, groups

    def __missing__(self, key):
        value = _group(self.m, self.groups, key)
        return (value or "").lower()


def _shifted(d: DualDate, by: int) -> DualDate:
    return dataclasses.replace(d, start=d.start + by, end=d.end + by)


def _rendition(prefix: str, suffix: str, ctx: InlineContext) -> str:
    """@rendition pointing to the tagsDecl/rendition pair that records the delimiters the source used (so the source
    form can rebuild them); the pair is declared in ctx.renditions."""
    ident, pointer = _rendition_names(prefix, suffix)
    ctx.renditions[ident] = (prefix, suffix)
    return pointer


@functools.lru_cache(maxsize=64)
def _rendition_names(prefix: str, suffix: str) -> tuple[str, str]:
    """The rendition id of a pair of delimiters, and the @rendition value pointing to its -before and -after."""
    name = RENDITION_NAMES.get((prefix, suffix)) or "d" + "".join(f"{ord(c):x}" for c in prefix + "_" + suffix)
    return f"rend_{name}", f"#rend_{name}-before #rend_{name}-after"


def _text(out: list[Child], s: str) -> None:
    if not s:
        return
    if out and isinstance(out[-1], str):
        out[-1] += s
    else:
        out.append(s)


def _note_call(matched: str, n: str, bracket: str, offset: int, ctx: InlineContext) -> Sequence[Child]:
    note = ctx.notes.get((ctx.section, n))
    if note is not None and note.used and ctx.repeats:  # a number used again (concatenated books): its next body
        note = next((r for r in ctx.repeats.get((ctx.section, n), ()) if not r.used and r.bracket == bracket), note)
    if note is None or (note.bracket != bracket and note.bracket != "any"):
        ctx.diagnostics.append(
            warning(
                codes.CALL_WITHOUT_NOTE,
                f"note call {matched} has no note body in this copy; encoded as a note whose body is a gap",
                ctx.source.span(offset, offset + len(matched)),
            )
        )
        return [lost_note(matched, n, ctx)]
    if note.used:
        ctx.diagnostics.append(
            warning(
                codes.CALLED_TWICE,
                f"note {matched} is called a second time; the second call is kept as text",
                ctx.source.span(offset, offset + len(matched)),
            )
        )
        return [matched]
    note.used = True
    note.call = matched
    return note_elements(note, ctx)


def lost_note(call: str, n: str, ctx: InlineContext) -> Node:
    """A call whose body the copy lacks: a note holding only a gap (TEI P5 3.5.3: material omitted from the
    transcription, here lost from the copy); who wrote the lost note is not known, so neither @type nor @resp. The
    call stays in the note's layout instruction (the source form rebuilds it), out of the reading text."""
    ident = ctx.next_id(f"n{n}_lost") if n.isalnum() else ctx.next_id("nlost")
    attrs = {"xml:id": ident, "n": n, "place": "bottom", "anchored": "true"}
    return Node("note", attrs, [Node("gap", {"reason": "lost"}), layout.note_affixes(call, "", "", lost=True)])


_CALL_REND = {"[]": ["brackets"], "*": ["star"], "()": ["parentheses"], "sup": ["superscript"], "glued": ["glued"]}
# (@rend of a note by the shape of its call; {n} is the default)


def note_elements(note: Note, ctx: InlineContext) -> list[Node]:
    """The note (and, for a hiatus, the empty gap before it), as encoding.md §4–§6 describe."""
    assert ctx.profile is not None  # ReadState.ctx, the one maker of contexts, always gives the profile
    out: list[Node] = []
    again = f"_{note.again}" if note.again else ""
    ident = note.ident = f"{ctx.prefix}.n{note.n}{again}"
    attrs = {"xml:id": ident, "n": note.n}
    resp: str | None = None
    if note.editorial or note.hiatus or note.translator:
        attrs["type"] = "editorial"
        if note.hiatus:
            attrs["subtype"] = "hiatus"
        elif note.translator:
            attrs["subtype"] = "translation"
        resp = ctx.editors
    elif note.authorial:  # the source says so ("Author's note", "Anm. d. Verf."); else who wrote it is left unstated
        attrs["type"] = "authorial"
        resp = ctx.author
    attrs["place"] = "bottom"
    attrs["anchored"] = "true"
    if note.translator:  # "—Trans.": the translator's, who must then be declared (metadata id "translator")
        resp = ctx.translator
    if resp:
        attrs["resp"] = "#" + resp
    rend = _CALL_REND.get(note.bracket, [])
    if note.form != "plain":
        rend = rend + [note.form]
    shape = _call_shape(note, ctx)
    if shape:
        rend = rend + shape
    if rend:
        attrs["rend"] = " ".join(rend)
    if note.hiatus:
        gap_id = f"{ctx.prefix}.gap{note.n}{again}"
        out.append(Node("gap", {"xml:id": gap_id, "reason": "hiatus", "resp": "#" + ctx.editors}))
        attrs["target"] = "#" + gap_id
    if note.duplicate:
        original = ctx.last_original.get(ctx.prefix)
        if original:
            attrs["sameAs"] = "#" + original
        else:  # nothing earlier to point to: the mark cannot become @sameAs, so it stays text (and is reported)
            note.body_text = ctx.profile.notes.get("duplicate_mark", "") + note.body_text
            note.body_offset -= len(ctx.profile.notes.get("duplicate_mark", ""))
            note.duplicate = False
            ctx.diagnostics.append(
                warning(
                    codes.DUPLICATE_WITHOUT_EARLIER,
                    f"note {note.n} is marked DUPLICATE but no earlier note precedes it; the mark is kept as text",
                    ctx.source.span(note.block.start, note.block.end),
                )
            )
    else:
        ctx.last_original[ctx.prefix] = ident
    node = Node("note", attrs)
    paragraphs: list[tuple[str, int, Block | None]] = [(note.body_text, note.body_offset, None)]
    paragraphs += [(b.text, b.start, b) for b in note.more]
    if note.closing_bracket:  # the "]" of a [Footnote …] over several blocks ends the last one
        text, start, block = paragraphs[-1]
        paragraphs[-1] = (text[:-1], start, block)
    body_ctx = ctx
    if len(paragraphs) == 1:
        node.extend(read_inline(note.body_text, note.body_offset, body_ctx, notes=False))
    else:
        for text, start, block in paragraphs:
            if block is not None:
                node.children += layout.blank_before(block.blank_before)
            node.append(Node("p", {}, read_inline(text, start, body_ctx, notes=False)))
    # the layout of the plain text (tei_edition/layout.py), last in the note: the call as written, what stood around
    # the body, the blank lines before it (unless the marker of its run carries them)
    mark = ctx.profile.notes.get("duplicate_mark", "") if note.duplicate else None
    node.children.append(
        layout.note_affixes(note.call, note.body_prefix or "", note.body_suffix, 1 if note.space_outside else note.block.blank_before, mark)
    )
    out.append(node)
    return out


def _call_shape(note: Note, ctx: InlineContext) -> list[str]:
    """A profile's own call shape ("{{1}}") is recorded in @rend as call:{{…}} so the source form can rebuild it."""
    call = note.call
    bracket = note.bracket
    if bracket in ("glued", "sup", "()", "any"):  # the call is in the note instruction; no legacy shape
        return []
    standard = "[" + note.n + "]" if bracket == "[]" else "*" if bracket == "*" else "{" + note.n + "}"
    shape = []
    if call and call != standard and note.n in call and not any(c.isspace() for c in call):
        before, _, after = call.partition(note.n)
        shape = [f"call:{before}…{after}"]
        standard = call
    return shape


def date_node(text: str, d: DualDate, tag: str = "date") -> Node:
    """A dual date: an outer date with the Gregorian value, inner dates per calendar (encoding.md §7)."""
    outer = Node(tag, _value_attrs(d.gregorian))
    pos = d.start
    for part in d.parts:
        s, e = d.start + part.start, d.start + part.end
        if "\n" in text[pos:s]:  # the second member on the next line: the line end is an lb, as elsewhere
            between: list[Child] = []
            _plain(between, text[pos:s])
            outer.children += between
        else:
            outer.append(text[pos:s])
        attrs = {"calendar": "#" + part.calendar, **_value_attrs(part.gregorian)}
        if part.custom:
            custom_from, custom_to = part.custom
            if custom_to:
                attrs["from-custom"], attrs["to-custom"] = custom_from, custom_to
            else:
                attrs["when-custom"] = custom_from
            attrs["datingMethod"] = "#julian"
        outer.append(Node("date", attrs, [text[s:e]]))
        pos = e
    outer.append(text[pos : d.end])
    return outer


def _value_attrs(value: tuple[str, str | None]) -> dict[str, str]:
    return {"from": value[0], "to": value[1]} if value[1] else {"when": value[0]}
