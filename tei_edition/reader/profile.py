"""Profiles: a source family's conventions as data (tei_edition/profiles/*.toml or a user's TOML), loaded and compiled once."""

from __future__ import annotations

import dataclasses
import functools
import re
import tomllib
from pathlib import Path

from tei_edition.dates import MONTH_NAME
from tei_edition.diagnostics import Span, error
from tei_edition.errors import InputError

# A dual date is found at its parenthesis ("APRIL 25 (MAY 8), 1917"): scanning for "(" is fast, scanning for month
# names at every letter is not; the reader then looks back for the first member.
DUAL_DATE_TAIL = rf"\((?i:{MONTH_NAME})[ \u00a0]\d{{1,2}}(?:[–-]\d{{1,2}})?\)(?:,[ \u00a0]\d{{4}})?"
SHIPPED = Path(__file__).resolve().parent.parent / "profiles"
ACTIONS = {"note-call", "page-anchor", "element", "dual-date", "mark-gap", "delimited", "inline-note", "warn"}
SECTIONS = {"profile", "detect", "notes", "blocks", "inline", "gutenberg"}


@dataclasses.dataclass
class InlineRule:
    name: str
    action: str
    pattern: str
    element: str | None = None
    attributes: dict[str, str] = dataclasses.field(default_factory=dict)
    reason: str | None = None
    starts: str | None = None  # every character a match can start with (lets the reader skip plain text fast)


@dataclasses.dataclass
class Profile:
    name: str
    description: str
    path: str
    detect: list[tuple[re.Pattern, int]]
    notes: dict
    blocks: dict
    gutenberg: dict
    rules: list[InlineRule]
    master: re.Pattern  # one alternation of every inline rule: the reader scans each block once
    starts: re.Pattern | None = None  # the characters any rule can start with, when every rule declares them

    def block_pattern(self, key: str) -> re.Pattern | None:
        """A pattern of the [blocks] section (multiline), compiled once per process (_compile keeps it)."""
        value = self.blocks.get(key)
        return _compile(value, re.MULTILINE) if isinstance(value, str) else None

    def note_pattern(self, key: str) -> re.Pattern | None:
        """A pattern of the [notes] section (no flags: the patterns say what they need), compiled once per process."""
        value = self.notes.get(key)
        return _compile(value) if isinstance(value, str) else None

    @functools.cached_property
    def rule_of_group(self) -> dict[int, int]:
        """The master regex's group number of each rule (a match's lastindex) → the rule's index; newline → -1."""
        index = self.master.groupindex
        out = {index[f"r{i}"]: i for i in range(len(self.rules))}
        out[index["newline"]] = -1
        return out

    @functools.cached_property
    def scanner(self) -> tuple:
        """What the inline reader looks up for every block, in one tuple: (search for a rule-start character, or None
        when line ends must go through the master regex; master.match; rules; rule_of_group; rule_groups; the
        rule-start characters)."""
        search = self.starts_but_newline.search if self.newline_is_plain else None
        return search, self.master.match, self.rules, self.rule_of_group, self.rule_groups, self.start_chars

    @functools.cached_property
    def start_chars(self) -> tuple[str, ...]:
        """The characters rules say they start with, line end left out."""
        return tuple(sorted({c for r in self.rules for c in (r.starts or "")} - {"\n"}))

    @functools.cached_property
    def starts_but_newline(self) -> re.Pattern:
        """A search for the next of `start_chars` (used when `newline_is_plain`)."""
        return re.compile("[" + re.escape("".join(self.start_chars)) + "]" if self.start_chars else "(?!)")

    @functools.cached_property
    def newline_is_plain(self) -> bool:
        """No rule can start at a line end (every rule says where it starts, and none there): a line end outside a
        match is an lb, and the reader need only try the places where a rule can start."""
        return self.starts is not None and not any("\n" in (r.starts or "") for r in self.rules)

    @functools.cached_property
    def rule_groups(self) -> list[dict[str, int]]:
        """For each rule, its own named groups (as the rule's pattern names them) → group numbers in the master."""
        groups: list[dict[str, int]] = [{} for _ in self.rules]
        for name, number in self.master.groupindex.items():
            if name.startswith("r") and "_" in name:
                i, _, local = name[1:].partition("_")
                groups[int(i)][local] = number
        return groups

    def flag(self, key: str) -> bool:
        return bool(self.blocks.get(key, False))


@functools.lru_cache(maxsize=None)
def _compile(pattern: str, flags: int = 0) -> re.Pattern:
    return re.compile(pattern, flags)


@functools.lru_cache(maxsize=1)
def shipped_names() -> list[str]:
    """The profiles that ship with the package (read once: the package's files do not change while it runs)."""
    return sorted(p.stem for p in SHIPPED.glob("*.toml"))


def load_profile(name_or_path: str) -> Profile:
    """A shipped profile by name ("mia"), or a user's TOML file."""
    if name_or_path in shipped_names():
        return _load_cached(str(SHIPPED / f"{name_or_path}.toml"), 0, 0)
    path = SHIPPED / f"{name_or_path}.toml"
    if not path.is_file():
        path = Path(name_or_path)
        if not path.is_file():
            raise InputError(
                f"unknown profile {name_or_path!r}: give one of {', '.join(shipped_names())} or a path to a profile TOML file"
            )
    stat = path.stat()
    return _load_cached(str(path), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=32)
def _load_cached(path: str, mtime_ns: int, size: int) -> Profile:
    """A profile file read once per version of the file (detection reads every shipped profile for each document);
    shipped profiles are keyed (path, 0, 0): the package's files do not change while it runs."""
    return _load(path)


def _load(path: str) -> Profile:
    raw = Path(path).read_bytes()
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        m = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        line, col = (int(m.group(1)), int(m.group(2))) if m else (1, 1)
        raise InputError(f"{path}: not a valid profile", [error("E130", f"profile is not valid TOML: {str(exc).split(' (at')[0]}",
                                                               Span(path, line, col, 1, _line(raw, line)))]) from None
    problems = []
    for key in data:
        if key not in SECTIONS:
            problems.append((f"unknown section [{key}] (known: {', '.join(sorted(SECTIONS))})", rf"^\[\[?{re.escape(key)}\]"))
    rules = []
    for i, r in enumerate(data.get("inline", [])):
        action = r.get("action")
        if action not in ACTIONS:
            problems.append((f"inline rule {i + 1} ({r.get('name', '?')}): action {action!r} is not one of {', '.join(sorted(ACTIONS))}",
                             rf"^\s*action\s*=\s*[\"']{re.escape(str(action))}"))
            continue
        if action in {"element", "delimited"} and not r.get("element"):
            problems.append((f"inline rule {r.get('name', i + 1)}: action {action} needs element = \"…\"", _rule_line(r)))
        pattern = DUAL_DATE_TAIL if action == "dual-date" else r.get("pattern", "")
        try:
            re.compile(pattern)
        except re.error as exc:
            problems.append((f"inline rule {r.get('name', i + 1)}: bad pattern: {exc}", _rule_line(r)))
            continue
        if action == "delimited" and "(?P<inner>" not in pattern:
            problems.append((f"inline rule {r.get('name', i + 1)}: a delimited rule needs a group (?P<inner>…)", _rule_line(r)))
        starts = "(" if action == "dual-date" else r.get("starts")
        rules.append(InlineRule(r.get("name", f"rule{i + 1}"), action, pattern, r.get("element"), dict(r.get("attributes", {})),
                                r.get("reason"), starts))
    detect = []
    for d in data.get("detect", {}).get("patterns", []):
        try:
            detect.append((re.compile(d["pattern"], re.MULTILINE), int(d.get("weight", 1))))
        except (re.error, KeyError, TypeError, ValueError) as exc:
            problems.append((f"detect pattern {d!r}: {exc}", r"^\[detect\]"))
    for section in ("notes", "blocks", "gutenberg"):
        for key, value in data.get(section, {}).items():
            if isinstance(value, str) and key not in {"bodies", "duplicate_mark"}:
                try:
                    re.compile(value)
                except re.error as exc:
                    problems.append((f"[{section}] {key}: bad pattern: {exc}", rf"^\s*{re.escape(key)}\s*="))
    if problems:
        text = raw.decode("utf-8", "replace")
        raise InputError(f"{path}: profile has problems", [error("E131", message, _where(path, text, where)) for message, where in problems])
    info = data.get("profile", {})
    starts = None
    if all(r.starts for r in rules):
        starts = re.compile("[" + re.escape("".join(sorted({c for r in rules for c in r.starts} | {"\n"}))) + "]")
    return Profile(
        info.get("name", Path(path).stem), info.get("description", ""), path, detect,
        data.get("notes", {}), data.get("blocks", {}), data.get("gutenberg", {}), rules, _master(rules), starts,
    )


def _rule_line(rule: dict) -> str:
    """A pattern finding the line of an inline rule: its name, else its action."""
    if rule.get("name"):
        return rf"^\s*name\s*=\s*[\"']{re.escape(str(rule['name']))}[\"']"
    return r"^\[\[inline\]\]"


def _where(path: str, text: str, pattern: str | None) -> Span:
    """The place in the profile file a problem is about (1:1 when it cannot be found)."""
    m = re.search(pattern, text, re.M) if pattern else None
    if not m:
        return Span(path, 1, 1)
    line = text.count("\n", 0, m.start()) + 1
    line_start = text.rfind("\n", 0, m.start()) + 1
    line_end = text.find("\n", m.start())
    line_text = text[line_start: None if line_end < 0 else line_end]
    column = len(line_text) - len(line_text.lstrip()) + 1
    return Span(path, line, column, max(1, len(line_text.strip())), line_text)


def _line(raw: bytes, line: int) -> str | None:
    lines = raw.decode("utf-8", "replace").splitlines()
    return lines[line - 1] if 0 < line <= len(lines) else None


def _master(rules: list[InlineRule]) -> re.Pattern:
    """One regex with a named group per rule (r0, r1, …); a rule's own groups are renamed r<i>_<name>."""
    parts = []
    for i, rule in enumerate(rules):
        body = re.sub(r"\(\?P<(\w+)>", lambda m: f"(?P<r{i}_{m.group(1)}>", rule.pattern)
        body = re.sub(r"\(\?P=(\w+)\)", lambda m: f"(?P=r{i}_{m.group(1)})", body)
        parts.append(f"(?P<r{i}>{body})")
    parts.append("(?P<newline>\n)")
    return re.compile("|".join(parts))


def _found(pattern: re.Pattern, head: str, after_newline: str) -> bool:
    fast = _at_line_start(pattern)
    return bool(fast.search(after_newline) if fast is not None else pattern.search(head))


@functools.lru_cache(maxsize=None)
def _at_line_start(pattern: re.Pattern) -> re.Pattern | None:
    """"^X" (multiline) as "\\nX", to search in the text with a line end put before it: the same places, but the
    regex engine can skip from line end to line end instead of trying "^" at every character (5x faster).
    None for other patterns (and for "^X|Y", where the "|" would not stay where it was)."""
    source = pattern.pattern
    if not source.startswith("^") or _has_top_level_bar(source):
        return None
    return re.compile("\n" + source[1:], pattern.flags)


def _has_top_level_bar(source: str) -> bool:
    depth, i, in_class = 0, 0, False
    while i < len(source):
        c = source[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
            if source[i + 1: i + 2] == "^":
                i += 1
            if source[i + 1: i + 2] == "]":  # "[]…]", "[^]…]": a ] first in a class is a character
                i += 1
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            return True
        i += 1
    return False


def detect_profile(text: str) -> tuple[Profile, dict[str, int]]:
    """Score every shipped profile on the first 64 KB; the highest wins, "plain" when nothing matches."""
    head = text[:65536]
    after_newline = "\n" + head
    scores = {}
    for name in shipped_names():
        profile = load_profile(name)
        scores[name] = sum(weight for pattern, weight in profile.detect
                           if _found(pattern, head, after_newline))
    best = max(scores, key=lambda n: (scores[n], n == "mia"))
    if scores[best] == 0:
        best = "plain"
    return load_profile(best), scores


def with_passages(profile: Profile, passages: list[dict]) -> Profile:
    """The profile plus one rule per passage the metadata names in another language ([[passage]] text, lang)."""
    extra = []
    for p in passages:
        text, lang = p.get("text"), p.get("lang")
        if isinstance(text, str) and text and isinstance(lang, str) and lang:
            extra.append(InlineRule(f"passage-{lang}", "element", re.escape(text), "foreign", {"xml:lang": lang},
                                    starts=text[0]))
    if not extra:
        return profile
    rules = extra + profile.rules
    starts = None
    if all(r.starts for r in rules):
        starts = re.compile("[" + re.escape("".join(sorted({c for r in rules for c in r.starts} | {"\n"}))) + "]")
    return dataclasses.replace(profile, rules=rules, master=_master(rules), starts=starts)
