"""Profiles: a source family's conventions as data (tei_edition/profiles/*.toml or a user's TOML), loaded and compiled once."""

from __future__ import annotations

import dataclasses
import functools
import os
import re
import stat
import tomllib
from pathlib import Path

from tei_edition import codes
from tei_edition.diagnostics import Span, error
from tei_edition.errors import InputError
from tei_edition.reader.inline import ACTIONS

SHIPPED = Path(__file__).resolve().parent.parent / "profiles"
# The shared conventions of the structure (salutations, closings, source notes, …), merged under every profile: not a
# profile itself (not detected, not a name for --profile).
CONVENTIONS = SHIPPED / "conventions.toml"
SECTIONS = {"profile", "detect", "notes", "blocks", "inline", "gutenberg", "conventions"}

# Where a profile may come from (docs/profiles.md, "Where a profile may come from"): a shipped name; on the command
# line any regular .toml file; in edition.toml a .toml file inside the edition's own folder. Never more than this.
MAX_PROFILE_BYTES = 1024 * 1024
CODE_PROFILE_UNKNOWN = codes.PROFILE_UNKNOWN  # neither a shipped name nor a path to a .toml file
CODE_PROFILE_OUTSIDE = codes.PROFILE_OUTSIDE  # edition.toml names a profile outside its folder (absolute, "..", or through a symlink)
CODE_PROFILE_NOT_FILE = codes.PROFILE_NOT_FILE  # the profile path is missing or not a regular file (a folder, FIFO, device)
CODE_PROFILE_TOO_LARGE = codes.PROFILE_TOO_LARGE  # over MAX_PROFILE_BYTES
CODE_PATTERN_UNSAFE = codes.PATTERN_UNSAFE  # a user pattern that can backtrack without end (nested quantifiers, overlapping |)
CODE_PATTERN_TIMEOUT = codes.PATTERN_TIMEOUT  # a user pattern ran longer than its time bound on the text
# A user's pattern runs at most this long on one piece of text (plus a microsecond per character of it: a search
# over a long paragraph takes time in proportion to its length, a catastrophic backtrack takes time without end).
PATTERN_SECONDS = 2.0
PATTERN_SECONDS_PER_CHAR = 1e-6
# Patterns of a user profile that run on whole blocks or the whole header: besides their time bound, they are checked
# up front (E624), so that the usual backtracking forms are named before any text is read.
UNTIMED_KEYS = {"notes": {"body", "block", "heading"}, "gutenberg": {"start", "end", "end_before", "fields"}}


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
    trusted: bool = True  # a shipped profile: its patterns run with `re`; a user's run with a time bound (BoundedPattern)
    conventions: dict = dataclasses.field(default_factory=dict)  # [conventions]: conventions.toml under the profile's own
    own_conventions: frozenset = frozenset()  # the [conventions] keys the profile's file gives (a user's: time-bounded)

    @functools.cached_property
    def structure(self):
        """The [conventions] compiled once for this profile (tei_edition/reader/conventions.py)."""
        from tei_edition.reader.conventions import Conventions

        return Conventions(self)

    def block_pattern(self, key: str) -> re.Pattern | BoundedPattern | None:
        """A pattern of the [blocks] section (multiline), compiled once per process (_compile keeps it)."""
        value = self.blocks.get(key)
        if not isinstance(value, str):
            return None
        return _compile(value, re.MULTILINE) if self.trusted else _compile_bounded(value, re.MULTILINE, self.path, f"[blocks] {key}")

    def note_pattern(self, key: str) -> re.Pattern | BoundedPattern | None:
        """A pattern of the [notes] section (no flags: the patterns say what they need), compiled once per process."""
        value = self.notes.get(key)
        if not isinstance(value, str):
            return None
        return _compile(value) if self.trusted else _compile_bounded(value, 0, self.path, f"[notes] {key}")

    def compiled(self, pattern: str, flags: int = 0, label: str = "a pattern"):
        """Any pattern of this profile, compiled once per process: with `re` when shipped, time-bounded when a user's."""
        return _compile(pattern, flags) if self.trusted else _compile_bounded(pattern, flags, self.path, label)

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


@functools.cache
def _compile(pattern: str, flags: int = 0) -> re.Pattern:
    return re.compile(pattern, flags)


@functools.lru_cache(maxsize=1)
def shipped_names() -> list[str]:
    """The profiles that ship with the package (read once: the package's files do not change while it runs)."""
    return sorted(p.stem for p in SHIPPED.glob("*.toml") if p != CONVENTIONS)


@functools.lru_cache(maxsize=1)
def base_conventions() -> dict:
    """conventions.toml's [conventions] table (read once: the package's files do not change while it runs)."""
    with open(CONVENTIONS, "rb") as f:
        return tomllib.load(f)["conventions"]


def load_profile(name_or_path: str) -> Profile:
    """A shipped profile by name ("mia"), or a user's TOML file: any regular file whose name ends in .toml, of at most
    MAX_PROFILE_BYTES (a path from edition.toml is first held to the edition's folder by resolve_profile_reference)."""
    if name_or_path in shipped_names():
        return _load_cached(str(SHIPPED / f"{name_or_path}.toml"), 0, 0, True)
    path = _user_profile_path(name_or_path)
    info = path.stat()
    return _load_cached(str(path), info.st_mtime_ns, info.st_size)


def _unknown(value: object, span: Span | None = None, *, hint: str | None = None) -> InputError:
    message = f"unknown profile {value!r}: give one of {', '.join(shipped_names())} or a path to a profile TOML file"
    return InputError(message, [error(CODE_PROFILE_UNKNOWN, message, span, hint=hint or "a profile file's name ends in .toml")])


def _user_profile_path(value: str, span: Span | None = None) -> Path:
    """The path of a user's profile, checked: ends in .toml, exists, is a regular file (after symlinks), not too big."""
    if not isinstance(value, str) or not value.lower().endswith(".toml"):
        raise _unknown(value, span)
    path = Path(value)
    where = span or Span(value, 1, 1)
    try:
        info = path.stat()
    except (OSError, ValueError):
        message = f"profile file {value!r} not found"
        raise InputError(
            message,
            [
                error(
                    CODE_PROFILE_NOT_FILE,
                    message,
                    where,
                    hint="check the path (relative paths in edition.toml start at the edition's folder)",
                )
            ],
        ) from None
    if not stat.S_ISREG(info.st_mode):
        message = f"profile {value!r} is not a regular file"
        raise InputError(
            message, [error(CODE_PROFILE_NOT_FILE, message, where, hint="a profile is a TOML file, not a folder, pipe or device")]
        )
    if info.st_size > MAX_PROFILE_BYTES:
        message = f"profile {value!r} is {info.st_size:,} bytes, more than a profile can be ({MAX_PROFILE_BYTES:,})"
        raise InputError(
            message, [error(CODE_PROFILE_TOO_LARGE, message, where, hint="a profile is a few kB of rules; is it the right file?")]
        )
    return path


def resolve_profile_reference(value: object, folder: str | os.PathLike, span: Span | None = None) -> str:
    """What `[document] profile` in an edition.toml may name: a shipped profile (returned as it is), or a .toml file
    inside the edition's folder, given relative to it (returned as a resolved path). Anything else is an InputError:
    an absolute path, a path out of the folder through ".." or a symlink (E621), a name that is neither (E620), a
    missing or special file (E622), a file over the size bound (E623). Nothing of such a file is read."""
    if isinstance(value, str) and value in shipped_names():
        return value
    if not isinstance(value, str) or not value.lower().endswith(".toml"):
        raise _unknown(value, span, hint="in edition.toml, name a shipped profile or a .toml file in the edition's folder")
    base = Path(folder).resolve()
    given = Path(value)
    outside_hint = (
        "put the profile in the edition's folder and name it relative to edition.toml, or give --profile PATH on the command line"
    )
    if given.is_absolute() or given.drive:
        message = f"profile {value!r}: edition.toml may only name a profile inside its own folder (relative path)"
        raise InputError(message, [error(CODE_PROFILE_OUTSIDE, message, span, hint=outside_hint)])
    try:
        resolved = (base / given).resolve()
    except (OSError, RuntimeError, ValueError):  # a symlink loop
        resolved = None
    if resolved is None or not resolved.is_relative_to(base):
        message = f"profile {value!r} leads out of the edition's folder"
        raise InputError(message, [error(CODE_PROFILE_OUTSIDE, message, span, hint=outside_hint)])
    return str(_user_profile_path(str(resolved), span))


@functools.lru_cache(maxsize=32)
def _load_cached(path: str, mtime_ns: int, size: int, trusted: bool = False) -> Profile:
    """A profile file read once per version of the file (detection reads every shipped profile for each document);
    shipped profiles are keyed (path, 0, 0, True): the package's files do not change while it runs, and they are
    trusted (their patterns run with `re`, as fast as can be); a user's patterns run with a time bound."""
    return _load(path, trusted=trusted)


def _read_bounded(path: str) -> bytes:
    with open(path, "rb") as f:
        raw = f.read(MAX_PROFILE_BYTES + 1)
    if len(raw) > MAX_PROFILE_BYTES:  # grew since it was checked
        message = f"profile {path!r} is more than a profile can be ({MAX_PROFILE_BYTES:,} bytes)"
        raise InputError(message, [error(CODE_PROFILE_TOO_LARGE, message, Span(path, 1, 1))])
    return raw


def _toml_error_words(exc: Exception) -> str:
    """tomllib's message without anything it quotes from the file (a key, a character): only what kind of error."""
    words = str(exc).split(" (at")[0]
    words = re.sub(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|\([^)]*\)", "…", words)
    return re.sub(r"(Cannot (?:declare|mutate immutable namespace|redefine namespace)) \S+", r"\1 …", words)


def _load(path: str, trusted: bool = False) -> Profile:
    raw = _read_bounded(path)
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise InputError(
            f"{path}: not a valid profile", [error(codes.PROFILE_TOML, "profile is not valid TOML: not UTF-8 text", Span(path, 1, 1))]
        ) from None
    except tomllib.TOMLDecodeError as exc:
        # Only where (line:col) and what kind of error: no line of the file, which may be anything but a profile.
        m = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        line, col = (int(m.group(1)), int(m.group(2))) if m else (1, 1)
        raise InputError(
            f"{path}: not a valid profile",
            [error(codes.PROFILE_TOML, f"profile is not valid TOML: {_toml_error_words(exc)}", Span(path, line, col, 1))],
        ) from None
    problems: list[tuple[str, str | None]] = []  # (message, a pattern finding its line in the file, or None)
    for key in data:
        if key not in SECTIONS:
            problems.append((f"unknown section [{key}] (known: {', '.join(sorted(SECTIONS))})", rf"^\[\[?{re.escape(key)}\]"))
    own = data.get("conventions", {})
    base = base_conventions()
    if not isinstance(own, dict):
        problems.append(("[conventions] must be a table", r"^\s*conventions\s*="))
        own = {}
    for key, value in own.items():
        if key not in base:
            problems.append((f"[conventions] unknown key {key!r} (known: {', '.join(sorted(base))})", rf"^\s*{re.escape(key)}\s*="))
        elif type(value) is not type(base[key]):
            problems.append(
                (f"[conventions] {key}: must be a {type(base[key]).__name__}, as in conventions.toml", rf"^\s*{re.escape(key)}\s*=")
            )
    conventions = {**base, **own}
    for table in ("month_names", "function_words", "date_qualifiers"):  # a language added or replaced, the others kept
        if isinstance(own.get(table), dict):
            conventions[table] = {**base[table], **own[table]}
    if not problems:
        from tei_edition.reader.conventions import check_patterns

        for key, message in check_patterns(conventions, trusted):
            problems.append((f"[conventions] {key}: {message}", rf"^\s*{re.escape(key)}\s*=" if key in own else None))
    rules = []
    for i, r in enumerate(data.get("inline", [])):
        action = r.get("action")
        if action not in ACTIONS:
            problems.append(
                (
                    f"inline rule {i + 1} ({r.get('name', '?')}): action {action!r} is not one of {', '.join(sorted(ACTIONS))}",
                    rf"^\s*action\s*=\s*[\"']{re.escape(str(action))}",
                )
            )
            continue
        kind = ACTIONS[action]
        if kind.needs_element and not r.get("element"):
            problems.append((f'inline rule {r.get("name", i + 1)}: action {action} needs element = "…"', _rule_line(r)))
        pattern = kind.pattern if kind.pattern is not None else r.get("pattern", "")
        try:
            re.compile(pattern)
            if not trusted:
                _regex().compile(pattern)
        except (re.error, TypeError) as exc:
            problems.append((f"inline rule {r.get('name', i + 1)}: bad pattern: {exc}", _rule_line(r)))
            continue
        except Exception as exc:  # noqa: BLE001 - the regex module's own error type
            problems.append((f"inline rule {r.get('name', i + 1)}: bad pattern: {exc}", _rule_line(r)))
            continue
        if kind.needs_inner and "(?P<inner>" not in pattern:
            problems.append((f"inline rule {r.get('name', i + 1)}: a {action} rule needs a group (?P<inner>…)", _rule_line(r)))
        starts = kind.starts if kind.starts is not None else r.get("starts")
        rules.append(
            InlineRule(
                r.get("name", f"rule{i + 1}"), action, pattern, r.get("element"), dict(r.get("attributes", {})), r.get("reason"), starts
            )
        )
    detect = []
    for d in data.get("detect", {}).get("patterns", []):
        try:
            detect.append((re.compile(d["pattern"], re.MULTILINE), int(d.get("weight", 1))))
        except (re.error, KeyError, TypeError, ValueError) as exc:
            problems.append((f"detect pattern {d!r}: {exc}", r"^\[detect\]"))
    unsafe = []
    for section in ("notes", "blocks", "gutenberg"):
        for key, value in data.get(section, {}).items():
            if isinstance(value, str) and key not in {"bodies", "duplicate_mark"}:
                try:
                    re.compile(value)
                except re.error as exc:
                    problems.append((f"[{section}] {key}: bad pattern: {exc}", rf"^\s*{re.escape(key)}\s*="))
                    continue
                if not trusted and key in UNTIMED_KEYS.get(section, ()) and (why := backtracking_risk(value)):
                    unsafe.append(
                        (
                            f"[{section}] {key}: the pattern {why}, which can take time without end on a long line",
                            rf"^\s*{re.escape(key)}\s*=",
                        )
                    )
    if problems or unsafe:
        text = raw.decode("utf-8", "replace")
        raise InputError(
            f"{path}: profile has problems",
            [error(codes.PROFILE_INVALID, message, _where(path, text, where)) for message, where in problems]
            + [error(CODE_PATTERN_UNSAFE, message, _where(path, text, where), hint=UNSAFE_HINT) for message, where in unsafe],
        )
    info = data.get("profile", {})
    starts = None
    if all(r.starts for r in rules):
        starts = re.compile("[" + re.escape("".join(sorted({c for r in rules for c in r.starts or ""} | {"\n"}))) + "]")
    return Profile(
        info.get("name", Path(path).stem),
        info.get("description", ""),
        path,
        detect,
        data.get("notes", {}),
        data.get("blocks", {}),
        data.get("gutenberg", {}),
        rules,
        _master(rules, trusted, path),
        starts,
        trusted,
        conventions,
        frozenset(own),
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
    line_text = text[line_start : None if line_end < 0 else line_end]
    column = len(line_text) - len(line_text.lstrip()) + 1
    return Span(path, line, column, max(1, len(line_text.strip())), line_text)


def _master(rules: list[InlineRule], trusted: bool = True, path: str = "<profile>"):
    """One regex with a named group per rule (r0, r1, …); a rule's own groups are renamed r<i>_<name>.
    A user's profile gets a BoundedPattern (the regex module, every call with a time bound)."""
    parts = []
    for i, rule in enumerate(rules):
        body = re.sub(r"\(\?P<(\w+)>", rf"(?P<r{i}_\1>", rule.pattern)
        body = re.sub(r"\(\?P=(\w+)\)", rf"(?P=r{i}_\1)", body)
        parts.append(f"(?P<r{i}>{body})")
    parts.append("(?P<newline>\n)")
    if trusted:
        return re.compile("|".join(parts))
    return BoundedPattern("|".join(parts), 0, path, "the inline rules")


# ---------------------------------------------------------------------------------------------- bounded patterns

UNSAFE_HINT = (
    "make the inner repetition possessive (*+, ++) or atomic ((?>…)), bound it ({0,80}), or make the "
    "alternatives start differently; patterns of [notes] body/block/heading and [gutenberg] are checked "
    "up front as well as bounded in time"
)


@functools.lru_cache(maxsize=1)
def _regex():
    import regex

    return regex


class BoundedPattern:
    """A user's pattern, compiled by the `regex` module: every match, search or finditer runs with a time bound
    (PATTERN_SECONDS plus PATTERN_SECONDS_PER_CHAR for each character searched); past it, an InputError (E625) says
    which pattern of which profile, instead of a conversion that never ends. The same interface as re.Pattern for
    what the reader uses (match, search, fullmatch, finditer, groupindex, pattern, flags)."""

    def __init__(self, pattern: str, flags: int, path: str, label: str):
        self._compiled = _regex().compile(pattern, flags | _regex().VERSION0)
        self.pattern, self.flags, self.path, self.label = pattern, flags, path, label
        self.groupindex = self._compiled.groupindex

    def _bound(self, text: str) -> float:
        return PATTERN_SECONDS + len(text) * PATTERN_SECONDS_PER_CHAR

    def _timeout(self) -> InputError:
        message = (
            f"{self.label} of profile {Path(self.path).name} took longer than {PATTERN_SECONDS:g} s on one "
            "piece of the text (a pattern that backtracks without end)"
        )
        return InputError(
            f"{self.path}: {message}",
            [
                error(
                    CODE_PATTERN_TIMEOUT,
                    message,
                    Span(self.path, 1, 1),
                    hint="look for nested repetitions such as (a+)+ or (\\w+\\s?)*; " + UNSAFE_HINT.split(", or make")[0],
                )
            ],
        )

    def match(self, text: str, pos: int = 0, endpos: int | None = None):
        try:
            return self._compiled.match(text, pos, endpos, timeout=self._bound(text))
        except TimeoutError:
            raise self._timeout() from None

    def search(self, text: str, pos: int = 0, endpos: int | None = None):
        try:
            return self._compiled.search(text, pos, endpos, timeout=self._bound(text))
        except TimeoutError:
            raise self._timeout() from None

    def fullmatch(self, text: str, pos: int = 0, endpos: int | None = None):
        try:
            return self._compiled.fullmatch(text, pos, endpos, timeout=self._bound(text))
        except TimeoutError:
            raise self._timeout() from None

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None):
        try:
            yield from self._compiled.finditer(text, pos, endpos, timeout=self._bound(text))
        except TimeoutError:
            raise self._timeout() from None


@functools.cache
def _compile_bounded(pattern: str, flags: int, path: str, label: str) -> BoundedPattern:
    return BoundedPattern(pattern, flags, path, label)


def backtracking_risk(pattern: str) -> str | None:
    """Why a pattern can backtrack exponentially, or None: a variable repetition inside an unbounded (or long)
    repetition ("(a+)+", "(\\w+\\s?)*", "(?:x[^y]*){2,}"), or alternatives that can start alike inside one
    ("(a|aa)+"). Possessive repetitions and atomic groups never backtrack and are left alone. A heuristic on re's
    own parse of the pattern: it finds the classic forms, not every slow pattern (those that run through the
    profile's BoundedPattern have a time bound as well)."""
    try:
        import re._constants as c  # (re's private modules: typeshed has no stubs for them, so they are Any here)
        import re._parser as parser
    except ImportError:  # pragma: no cover - a Python without re's parser modules: nothing checked up front
        return None
    try:
        tree = parser.parse(pattern)
    except Exception:  # noqa: BLE001 - compile() reports bad patterns itself
        return None
    repeats = {c.MAX_REPEAT, c.MIN_REPEAT}
    categories = {
        c.CATEGORY_DIGIT: r"\d",
        c.CATEGORY_NOT_DIGIT: r"\D",
        c.CATEGORY_SPACE: r"\s",
        c.CATEGORY_NOT_SPACE: r"\S",
        c.CATEGORY_WORD: r"\w",
        c.CATEGORY_NOT_WORD: r"\W",
    }

    def long(hi) -> bool:
        return hi is c.MAXREPEAT or hi == c.MAXREPEAT or hi > 10

    def first(items):
        return items[0] if len(items) else None

    def can_match(item, ch: str) -> bool:
        """Whether a one-character item (a literal, a class, ".") can match ch; True when unsure."""
        op, av = item
        low = ch.casefold()
        if op is c.LITERAL:
            return chr(av).casefold() == low
        if op is c.NOT_LITERAL:
            return chr(av).casefold() != low
        if op is c.ANY:
            return True
        if op is c.IN:
            negate, hit = False, False
            for kind, value in av:
                if kind is c.NEGATE:
                    negate = True
                elif kind is c.LITERAL:
                    hit = hit or chr(value).casefold() == low
                elif kind is c.RANGE:
                    hit = hit or any(value[0] <= ord(x) <= value[1] for x in {ch, ch.lower(), ch.upper()})
                elif kind is c.CATEGORY and value in categories:
                    hit = hit or bool(re.match(categories[value], ch))
                else:
                    return True
            return hit != negate
        return True

    def variable_repeats(items):
        for op, av in items:
            if op in repeats:
                if av[0] != av[1]:
                    yield av[2]
                yield from variable_repeats(av[2])
            elif op is c.SUBPATTERN:
                yield from variable_repeats(av[-1])
            elif op is c.BRANCH:
                for b in av[1]:
                    yield from variable_repeats(b)

    def delimited(body) -> bool:
        """Each pass through `body` holds a literal character that none of its variable repetitions can match
        ("(?: [A-Z][a-z]+)*", "(?:[A-Z][\\w ]*\\|)+"): the passes cannot trade characters, nothing to backtrack into."""
        literals = [chr(av) for op, av in body if op is c.LITERAL]
        inner = list(variable_repeats(body))
        for ch in literals:
            if all(len(sub) == 1 and not can_match(sub[0], ch) for sub in inner):
                return True
        return False

    def walk(items, inside: bool) -> str | None:
        for op, av in items:
            if op in repeats:
                lo, hi, sub = av
                if inside and hi != lo:
                    return "repeats a repetition (nested quantifiers)"
                found = walk(sub, inside or (long(hi) and not delimited(sub)))
                if found:
                    return found
            elif op is c.POSSESSIVE_REPEAT or op is c.ATOMIC_GROUP:
                continue
            elif op is c.SUBPATTERN:
                found = walk(av[-1], inside)
                if found:
                    return found
            elif op is c.BRANCH:
                branches = av[1]
                if inside:
                    heads = [first(b) for b in branches]
                    literal = [h for h in heads if h is not None and h[0] is c.LITERAL]
                    if len(literal) < len(heads) or len({h[1] for h in literal}) < len(literal):
                        return "repeats alternatives that can start alike"
                for b in branches:
                    found = walk(b, inside)
                    if found:
                        return found
            elif op in (c.ASSERT, c.ASSERT_NOT):
                found = walk(av[1], inside)
                if found:
                    return found
        return None

    return walk(tree, False)


def _found(pattern: re.Pattern, head: str, after_newline: str) -> bool:
    fast = _at_line_start(pattern)
    return bool(fast.search(after_newline) if fast is not None else pattern.search(head))


@functools.cache
def _at_line_start(pattern: re.Pattern) -> re.Pattern | None:
    """ "^X" (multiline) as "\\nX", to search in the text with a line end put before it: the same places, but the
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
            if source[i + 1 : i + 2] == "^":
                i += 1
            if source[i + 1 : i + 2] == "]":  # "[]…]", "[^]…]": a ] first in a class is a character
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
    """Score every shipped profile on the first 64 KB; the highest wins, "general" when nothing matches (its
    conventions each fire on their own evidence; "plain", which interprets nothing, is only used when asked for)."""
    head = text[:65536]
    after_newline = "\n" + head
    scores = {}
    for name in shipped_names():
        profile = load_profile(name)
        scores[name] = sum(weight for pattern, weight in profile.detect if _found(pattern, head, after_newline))
    best = max(scores, key=lambda n: (scores[n], n == "mia"))
    if scores[best] == 0:
        best = "general"
    return load_profile(best), scores


def with_passages(profile: Profile, passages: list[dict]) -> Profile:
    """The profile plus one rule per passage the metadata names in another language ([[passage]] text, lang)."""
    extra = []
    for p in passages:
        text, lang = p.get("text"), p.get("lang")
        if isinstance(text, str) and text and isinstance(lang, str) and lang:
            extra.append(InlineRule(f"passage-{lang}", "element", re.escape(text), "foreign", {"xml:lang": lang}, starts=text[0]))
    if not extra:
        return profile
    rules = extra + profile.rules
    starts = None
    if all(r.starts for r in rules):
        starts = re.compile("[" + re.escape("".join(sorted({c for r in rules for c in r.starts or ""} | {"\n"}))) + "]")
    return dataclasses.replace(profile, rules=rules, master=_master(rules, profile.trusted, profile.path), starts=starts)
