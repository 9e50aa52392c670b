"""Schema layers: the project XSD (lxml fast check, xmlschema detailed findings) and RELAX NG, each compiled once."""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import re
import sys
import tempfile
from pathlib import Path

from lxml import etree

from tei_edition import TEI_NS, XML_NS
from tei_edition.diagnostics import Diagnostic, Span, error

SCHEMA_NAME = "tei_edition.xsd"
# Diagnostic codes of the schema layers (E2xx).
CODE_XSD = "E201"  # an element, attribute or value the XSD does not allow
CODE_RNG = "E202"  # the same, from RELAX NG
CODE_SCHEMA_LOAD = "E203"  # the schema itself cannot be read or compiled
MAX_LISTED = 12  # how many allowed names a message lists before "..."


class SchemaLoadError(Exception):
    """A schema file that cannot be read or compiled; the message says which and why."""


def project_schema_path() -> Path:
    """The project schema: `schemas/` of a source checkout, else the copy shipped as package data."""
    package = Path(__file__).resolve().parent.parent
    for candidate in (package.parent / "schemas" / SCHEMA_NAME, package / "schemas" / SCHEMA_NAME):
        if candidate.exists():
            return candidate
    raise SchemaLoadError(f"the project schema {SCHEMA_NAME} is missing from this installation")


# ---------------------------------------------------------------------------------------------- lxml (fast)


@functools.lru_cache(maxsize=8)
def _lxml_schema(path: str) -> etree.XMLSchema:
    try:
        return etree.XMLSchema(etree.parse(path))
    except (OSError, etree.XMLSyntaxError, etree.XMLSchemaParseError) as exc:
        raise SchemaLoadError(f"{path}: cannot compile the XSD: {exc}") from None


def validate_fast(tree, schema_path: str | os.PathLike | None = None) -> bool:
    """True when the tree is valid against the project XSD (libxml2: fast, terse; use schema_diagnostics for why)."""
    schema = _lxml_schema(str(schema_path or project_schema_path()))
    return schema.validate(tree)


# ---------------------------------------------------------------------------------------------- xmlschema (detailed)


def cache_dir() -> Path:
    """The user's cache directory for tei-edition (XDG on Unix, Library/Caches on macOS, LOCALAPPDATA on Windows)."""
    if env := os.environ.get("TEI_EDITION_CACHE"):
        return Path(env)
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches"
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "tei-edition"


def _cache_file(path: Path) -> Path:
    import xmlschema

    digest = hashlib.sha256(path.read_bytes())
    # The compiled schema depends on the imported xml.xsd too, and on the xmlschema version that pickled it.
    for sibling in sorted(path.parent.glob("*.xsd")) if path.parent.name == "schemas" else ():
        digest.update(sibling.read_bytes())
    digest.update(f"xmlschema {xmlschema.__version__} python {sys.version_info[:2]}".encode())
    return cache_dir() / f"xsd-{digest.hexdigest()[:32]}.pickle"


@functools.lru_cache(maxsize=8)
def _xmlschema(path: str):
    """Compile with xmlschema once per process; reuse a pickled compile from the cache dir between runs."""
    import xmlschema

    p = Path(path)
    try:
        cached = _cache_file(p)
    except OSError as exc:
        raise SchemaLoadError(f"{path}: cannot read the schema ({exc.strerror})") from None
    try:
        with cached.open("rb") as fh:
            return pickle.load(fh)
    except Exception:  # noqa: BLE001 - a missing, stale or unreadable cache just means compiling again
        pass
    try:
        schema = xmlschema.XMLSchema10(str(p))
    except Exception as exc:  # noqa: BLE001 - xmlschema raises many types for a bad schema
        raise SchemaLoadError(f"{path}: cannot compile the XSD: {_first_line(str(exc))}") from None
    try:  # write atomically so a parallel run never reads half a pickle; fall back silently
        cached.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=cached.parent, prefix=".xsd-", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(schema, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, cached)
    except Exception:  # noqa: BLE001
        pass
    return schema


def load_xmlschema(schema_path: str | os.PathLike | None = None):
    """The compiled xmlschema object for a path (default: the project schema); raises SchemaLoadError."""
    return _xmlschema(str(Path(schema_path or project_schema_path()).resolve()))


def schema_diagnostics(tree, name: str, schema_path: str | os.PathLike | None = None, source: str | None = None) -> list[Diagnostic]:
    """Every XSD finding of a tree, in plain words with file:line:col (source: the file's text, for columns and carets)."""
    schema = load_xmlschema(schema_path)
    lines = source.splitlines() if source is not None else None
    found = []
    for exc in schema.iter_errors(tree):
        elem, message = _describe(exc)
        found.append(error(CODE_XSD, message, _span(elem, name, lines)))
    return found


def _describe(exc) -> tuple:
    """The element a finding is about and a message saying what is wrong and what is allowed there."""
    import xmlschema.validators.exceptions as xe

    elem = exc.elem
    reason = exc.reason or str(exc)
    where = _tag(elem.tag) if elem is not None and isinstance(elem.tag, str) else "document"
    if isinstance(exc, xe.XMLSchemaChildrenValidationError):
        child = _child(elem, exc)
        allowed = _allowed_children(exc)
        if child is not None:
            what = f"<{_tag(child.tag)}> is not allowed here inside <{where}>"
            elem = child
        else:
            what = f"<{where}> is incomplete"
        if exc.expected:
            return elem, f"{what}; expected here: {_names(exc.expected)}"
        if allowed:
            return elem, f"{what}; <{where}> may contain: {_names(allowed)}"
        return elem, f"{what}; <{where}> must be empty"
    m = re.match(r"'([^']+)' attribute not allowed", reason)
    if m:
        allowed = sorted(_attr(a) for a in getattr(exc.validator, "keys", lambda: [])() if a)
        return elem, f"attribute @{_attr(m.group(1))} is not allowed on <{where}>; allowed: {', '.join('@' + a for a in allowed)}"
    m = re.match(r"missing required attribute '?([^']+)'?", reason)
    if m:
        return elem, f"<{where}> needs the attribute @{_attr(m.group(1))}"
    m = re.match(r"attribute (\S+?)=(.*?): (.*)", reason, re.S)
    if m:
        return elem, f"@{_attr(m.group(1))}={m.group(2)} on <{where}>: {_plain(m.group(3), exc)}"
    if "character data" in reason and "not allowed" in reason:
        return elem, f"text directly inside <{where}> is not allowed; put it in a <p> (or another block) inside it"
    if "Duplicated xsd:ID" in reason or "duplicate" in reason.lower() and "id" in reason.lower():
        return elem, f"<{where}>: {reason}"
    return elem, f"<{where}>: {_plain(reason, exc)}"


def _plain(reason: str, exc) -> str:
    validator = exc.validator
    enum = getattr(validator, "enumeration", None)
    if enum:
        return f"not an allowed value; use one of: {', '.join(map(str, enum))}"
    pattern = getattr(getattr(validator, "patterns", None), "regexps", None)
    if pattern and "pattern" in reason:
        return f"value does not match the pattern {pattern[0]!r}"
    return reason.rstrip(".")


def _child(elem, exc):
    if elem is None:
        return None
    index = getattr(exc, "index", None)
    children = [c for c in elem if isinstance(c.tag, str)]
    invalid = getattr(exc, "invalid_tag", None)
    if index is not None and 0 <= index < len(children) and (invalid is None or children[index].tag == invalid):
        return children[index]
    for c in children:
        if c.tag == invalid:
            return c
    return None


def _allowed_children(exc) -> list[str]:
    group = exc.validator
    names = []
    try:
        for e in group.iter_elements():
            if e.name and e.name not in names:
                names.append(e.name)
    except AttributeError:
        return []
    return names


def _names(items) -> str:
    out = []
    for item in items:
        tag = getattr(item, "name", item)
        out.append(f"<{_tag(str(tag))}>")
    shown = out[:MAX_LISTED]
    return ", ".join(shown) + (f" and {len(out) - MAX_LISTED} more" if len(out) > MAX_LISTED else "")


def _tag(clark: str) -> str:
    if clark.startswith("{%s}" % TEI_NS):
        return clark[len(TEI_NS) + 2 :]
    if clark.startswith("{%s}" % XML_NS):
        return "xml:" + clark[len(XML_NS) + 2 :]
    return clark


def _attr(clark: str) -> str:
    return _tag(clark)


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else text


# ---------------------------------------------------------------------------------------------- positions


def _span(elem, name: str, lines: list[str] | None) -> Span:
    line = getattr(elem, "sourceline", None) or 1
    text = lines[line - 1] if lines is not None and 0 < line <= len(lines) else None
    return Span(name, line, element_column(elem, text), 1, text)


def element_column(elem, line_text: str | None) -> int:
    """1-based column of an element's start tag on its line (lxml keeps only lines): the n-th `<tag` there."""
    if elem is None or line_text is None or not isinstance(getattr(elem, "tag", None), str):
        return 1
    local = etree.QName(elem).localname
    prefix = elem.prefix
    qname = f"{prefix}:{local}" if prefix else local
    line = elem.sourceline
    # how many elements with the same name start on this line before this one
    nth = 0
    root = elem.getroottree().getroot()
    for other in root.iter(elem.tag):
        if other is elem:
            break
        if other.sourceline == line:
            nth += 1
    for i, m in enumerate(re.finditer(r"<%s(?=[\s/>])" % re.escape(qname), line_text)):
        if i == nth:
            return m.start() + 1
    return 1


# ---------------------------------------------------------------------------------------------- RELAX NG


@functools.lru_cache(maxsize=8)
def _relaxng(path: str) -> etree.RelaxNG:
    try:
        return etree.RelaxNG(etree.parse(path))
    except (OSError, etree.XMLSyntaxError, etree.RelaxNGParseError) as exc:
        raise SchemaLoadError(f"{path}: cannot compile the RELAX NG schema: {exc}") from None


def load_relaxng(rng_path: str | os.PathLike) -> etree.RelaxNG:
    return _relaxng(str(Path(rng_path).resolve()))


def rng_diagnostics(tree, name: str, rng_path: str | os.PathLike, source: str | None = None) -> list[Diagnostic]:
    """RELAX NG findings (lxml/libxml2), one per reported error, with the line libxml2 gives."""
    schema = load_relaxng(rng_path)
    if schema.validate(tree):
        return []
    lines = source.splitlines() if source is not None else None
    found = []
    for entry in schema.error_log:
        line = entry.line or 1
        text = lines[line - 1] if lines is not None and 0 < line <= len(lines) else None
        found.append(error(CODE_RNG, _rng_message(entry.message), Span(name, line, max(entry.column, 1), 1, text)))
    return found


def _rng_message(message: str) -> str:
    # libxml2 spells TEI names in Clark notation; show them as a TEI user writes them.
    return re.sub(r"\{%s\}" % re.escape(TEI_NS), "", message).replace("{%s}" % XML_NS, "xml:")
