"""Edition metadata from edition.toml: what the text itself does not say (title, translator, sources, licence, ids)."""

from __future__ import annotations

import dataclasses
import os
import re
import tomllib
from pathlib import Path

from tei_edition import codes
from tei_edition.diagnostics import Span, error
from tei_edition.errors import InputError

NCNAME = re.compile(r"^[A-Za-z_][\w.\-]*$")
# Characters XML 1.0 cannot hold (C0 controls but tab, line feed and carriage return; U+FFFE, U+FFFF; lone surrogates).
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
CODE_NOT_XML_TEXT = codes.NOT_XML_TEXT
KNOWN = {
    "document",
    "author",
    "responsibility",
    "publication",
    "source",
    "witness",
    "event",
    "notes",
    "place",
    "revision",
    "build",
    "passage",
}


@dataclasses.dataclass
class Metadata:
    data: dict = dataclasses.field(default_factory=dict)
    path: str | None = None

    def section(self, name: str) -> dict:
        value = self.data.get(name, {})
        return value if isinstance(value, dict) else {}

    def get(self, section: str, key: str, default=None):
        return self.section(section).get(key, default)

    @property
    def year(self) -> int | None:
        y = self.get("document", "year")
        return int(y) if y else None

    @property
    def author_id(self) -> str | None:
        return self.get("author", "id")

    @property
    def editors_id(self) -> str:
        return self.get("notes", "editors", "editors")

    @property
    def print_id(self) -> str:
        return self.get("source", "print_id", "src_print")

    @property
    def web_id(self) -> str:
        return self.get("source", "web_id", "src_web")

    def witness(self, index: int) -> dict | None:
        ws = self.data.get("witness", [])
        return ws[index] if isinstance(ws, list) and index < len(ws) and isinstance(ws[index], dict) else None

    @property
    def responsibilities(self) -> list[dict]:
        value = self.data.get("responsibility", [])
        return [r for r in value if isinstance(r, dict)] if isinstance(value, list) else []

    @property
    def is_empty(self) -> bool:
        return not self.data


def find_metadata(source_path: str, meta_path: str | None) -> str | None:
    """An explicit --meta, else edition.toml beside the source (not for stdin)."""
    if meta_path:
        return meta_path
    if source_path == "-":
        return None
    beside = Path(source_path).with_name("edition.toml")
    return str(beside) if beside.is_file() else None


def load_metadata(path: str | os.PathLike | None) -> Metadata:
    if path is None:
        return Metadata()
    p = Path(path)
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{p}: no such metadata file") from None
    except IsADirectoryError:
        raise InputError(f"{p}: is a directory, not a metadata file") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise InputError(f"{p}: metadata is not UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        line, col = (int(m.group(1)), int(m.group(2))) if m else (1, 1)
        lines = raw.decode("utf-8", "replace").splitlines()
        span = Span(str(p), line, col, 1, lines[line - 1] if 0 < line <= len(lines) else None)
        raise InputError(
            f"{p}: not valid TOML", [error(codes.METADATA_TOML, f"not valid TOML: {str(exc).split(' (at')[0]}", span)]
        ) from None
    _check(data, str(p))
    _resolve_profile(data, p, raw)
    return Metadata(data, str(p))


def _resolve_profile(data: dict, path: Path, raw: bytes) -> None:
    """`[document] profile`: a shipped name stays; a path must lead to a .toml file inside this file's folder and is
    replaced by its resolved path (reader.profile.resolve_profile_reference; docs/profiles.md). Nothing else is read."""
    document = data.get("document")
    if not isinstance(document, dict) or "profile" not in document:
        return
    from tei_edition.reader.profile import resolve_profile_reference

    text = raw.decode("utf-8", "replace")
    m = re.search(r"(?m)^[ \t]*profile[ \t]*=", text)
    line = text.count("\n", 0, m.start()) + 1 if m else 1
    column = m.start() - (text.rfind("\n", 0, m.start()) + 1) + 1 + (len(m.group()) - len(m.group().lstrip())) if m else 1
    span = Span(str(path), line, column)
    document["profile"] = resolve_profile_reference(document["profile"], path.parent, span)


def _check(data: dict, path: str) -> None:
    problems = []
    for key in data:
        if key not in KNOWN:
            problems.append(
                error(codes.METADATA_SECTION, f"unknown section [{key}] in metadata (known: {', '.join(sorted(KNOWN))})", Span(path, 1, 1))
            )
    ids = [data.get("author", {}).get("id")] + [r.get("id") for r in data.get("responsibility", []) if isinstance(r, dict)]
    ids += [w.get("id") for w in data.get("witness", []) if isinstance(w, dict)]
    ids += [data.get("notes", {}).get("editors")]
    for ident in ids:
        if ident is not None and not (isinstance(ident, str) and NCNAME.match(ident)):
            problems.append(
                error(
                    codes.METADATA_ID,
                    f"id {ident!r} is not a valid XML name (letters, digits, '_', '-', '.'; no leading digit)",
                    Span(path, 1, 1),
                )
            )
    for where, value in _strings(data):
        bad = NOT_XML.search(value)
        if bad:
            problems.append(
                error(
                    CODE_NOT_XML_TEXT,
                    f"{where} holds U+{ord(bad.group()):04X}, a character XML cannot store",
                    Span(path, 1, 1),
                    hint="remove the control character from the value (TOML writes it as \\u…)",
                )
            )
    if problems:
        raise InputError(f"{path}: metadata has problems", problems)


def _strings(value, where: str = ""):
    """Every string in the metadata, with where it is ("[document] title", "[[witness]] 2 siglum")."""
    if isinstance(value, str):
        yield where or "a value", value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key, f"{where} key" if where else "a section name")
            yield from _strings(item, f"[{key}]" if not where else f"{where} {key}")
    elif isinstance(value, list):
        for i, item in enumerate(value, 1):
            yield from _strings(item, f"{where} {i}")
