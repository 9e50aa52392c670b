"""Schema layers: the project XSD (lxml fast check, xmlschema detailed findings) and RELAX NG, each compiled once."""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import re
import stat
import sys
import tempfile
import urllib.parse
import urllib.request
import warnings
from pathlib import Path

from lxml import etree

from tei_edition import codes
from tei_edition.diagnostics import Diagnostic, Span, error
from tei_edition.tei import load
from tei_edition.tei.names import TEI, XML, local_name

SCHEMA_NAME = "tei_edition.xsd"
# Diagnostic codes of the schema layers (E2xx).
CODE_XSD = codes.XSD  # an element, attribute or value the XSD does not allow
CODE_RNG = codes.RNG  # the same, from RELAX NG
MAX_LISTED = 12  # how many allowed names a message lists before "..."
MAX_SCHEMA_FILES = 1000  # a schema made of more files than this (imports, includes) is refused


class SchemaLoadError(Exception):
    """A schema file that cannot be read or compiled; the message says which and why."""


def project_schema_path() -> Path:
    """The project schema: `schemas/` of a source checkout, else the copy shipped as package data."""
    package = Path(__file__).resolve().parent.parent
    for candidate in (package.parent / "schemas" / SCHEMA_NAME, package / "schemas" / SCHEMA_NAME):
        if candidate.exists():
            return candidate
    raise SchemaLoadError(f"the project schema {SCHEMA_NAME} is missing from this installation")


# ---------------------------------------------------------------------------------------------- schema files

XS = "http://www.w3.org/2001/XMLSchema"
RNG = "http://relaxng.org/ns/structure/1.0"
# Where each schema language names another file of the schema.
REFERENCES = {
    "XSD": [(f"{{{XS}}}{tag}", "schemaLocation") for tag in ("import", "include", "redefine", "override")],
    "RELAX NG": [(f"{{{RNG}}}{tag}", "href") for tag in ("include", "externalRef")],
}
ROOT_NAMESPACE = {"XSD": XS, "RELAX NG": RNG}
LABEL = {"XSD": "XSD", "RELAX NG": "RELAX NG schema"}
XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"


def schema_files(path: str | os.PathLike, kind: str) -> dict[str, bytes]:
    """Every file a schema consists of (it and what it imports or includes, transitively): path -> bytes.

    Each file is read through the one loader (so a DOCTYPE is refused) and may name only local files: a schema is
    never fetched, and the libraries (libxml2, xmlschema, jing) are given only schemas checked here.
    Raises SchemaLoadError saying which file and line.
    """
    first = Path(path).resolve()
    found: dict[str, bytes] = {}
    todo = [first]
    while todo:
        p = todo.pop()
        if str(p) in found:
            continue
        if len(found) >= MAX_SCHEMA_FILES:
            raise SchemaLoadError(f"{first}: cannot compile the {LABEL[kind]}: it consists of more than {MAX_SCHEMA_FILES} files")
        try:
            if not stat.S_ISREG(p.stat().st_mode):
                raise SchemaLoadError(f"{p}: cannot compile the {LABEL[kind]}: not a regular file")
        except FileNotFoundError:
            if p == first:
                raise SchemaLoadError(f"{p}: cannot compile the {LABEL[kind]}: no such file") from None
            continue  # a missing import: the schema library says so in its own words
        except OSError as exc:
            raise SchemaLoadError(f"{p}: cannot compile the {LABEL[kind]}: cannot read it ({exc.strerror})") from None
        try:
            data = load.read_untrusted(p)
            tree = load.parse_untrusted(data, str(p))
        except load.LoadError as exc:
            d = exc.diagnostic
            raise SchemaLoadError(
                f"{d.span or p}: cannot compile the {LABEL[kind]}: {d.message}" + (f" ({d.hint})" if d.hint else "")
            ) from None
        found[str(p)] = data
        root = tree.getroot()
        if etree.QName(root).namespace != ROOT_NAMESPACE[kind]:
            # e.g. an XSD or Schematron given as --rng: jing would read it in another language, with other fetches
            raise SchemaLoadError(
                f"{p}: cannot compile the {LABEL[kind]}: it is not one (its root is <{root.tag}>, not in the namespace {ROOT_NAMESPACE[kind]})"
            )
        if load.xinclude_elements(tree):
            raise SchemaLoadError(f"{p}: cannot compile the {LABEL[kind]}: it uses XInclude, which tei-edition never processes")
        base = p.as_uri()
        for tag, attribute in [ref for refs in REFERENCES.values() for ref in refs]:  # every language's, whatever kind
            for elem in root.iter(tag):
                location = elem.get(attribute)
                if location is None:
                    continue
                local = local_file(_base_of(elem, base), location.strip())
                if local is None:
                    raise SchemaLoadError(
                        f"{p}:{elem.sourceline}: cannot compile the {LABEL[kind]}: it refers to {location!r}, which is not a local file; "
                        f"tei-edition never fetches schemas: download it and point @{attribute} at the local copy"
                    )
                todo.append(local)
    return found


def _base_of(elem, base: str) -> str:
    bases = [e.get(XML_BASE) for e in reversed([elem, *elem.iterancestors()]) if e.get(XML_BASE) is not None]
    for b in bases:
        base = urllib.parse.urljoin(base, b.strip())
    return base


def local_file(base: str, location: str) -> Path | None:
    """The local file a reference names, or None when it is anything else (http:, ftp:, //host/, a data: URL ...)."""
    url = urllib.parse.urljoin(base, location)
    parts = urllib.parse.urlsplit(url)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        return None
    return Path(urllib.request.url2pathname(parts.path)).resolve()


class _OnlyTheseFiles(etree.Resolver):
    """A parser resolver for compiling a checked schema: its own files load, anything else is refused."""

    def __init__(self, files):
        super().__init__()
        self.files = {str(Path(f).resolve()) for f in files}

    def resolve(self, url, pubid, context):
        path = None
        if url:
            parts = urllib.parse.urlsplit(url)
            if parts.scheme == "file" and parts.netloc in ("", "localhost"):
                path = urllib.request.url2pathname(parts.path)
            elif not parts.scheme or len(parts.scheme) == 1:  # a path (or a Windows drive letter)
                path = url
        if path is not None and str(Path(path).resolve()) in self.files:
            return None  # libxml2 reads it: a local file checked by schema_files
        raise load.ExternalLoadRefused(url or pubid or "?")


def _checked_tree(path: str, kind: str) -> etree._ElementTree:
    """The schema's own tree, parsed by a parser that can load only the schema's checked files."""
    files = schema_files(path, kind)
    data = files[str(Path(path).resolve())]
    return load.parse_untrusted(data, path, base_url=str(Path(path).resolve()), parser=_schema_parser(files))


def _schema_parser(files) -> etree.XMLParser:
    parser = etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True, dtd_validation=False, huge_tree=True)
    parser.resolvers.add(_OnlyTheseFiles(files))
    return parser


# ---------------------------------------------------------------------------------------------- lxml (fast)


@functools.lru_cache(maxsize=8)
def _lxml_schema(path: str) -> etree.XMLSchema:
    tree = _checked_tree(path, "XSD")
    try:
        return etree.XMLSchema(tree)
    except (OSError, etree.XMLSyntaxError, etree.XMLSchemaParseError, load.ExternalLoadRefused) as exc:
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
    schema_files(p, "XSD")  # before any library reads it: local files only, no DOCTYPE, no XInclude
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
        with warnings.catch_warnings():
            warnings.simplefilter("error", xmlschema.XMLSchemaImportWarning)  # an import it could not make is an error
            # allow="local", defuse="always": no remote resource, and an entity declaration anywhere is refused
            schema = xmlschema.XMLSchema10(str(p), allow="local", defuse="always")
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
    columns = ElementColumns(tree.getroot())
    found = []
    try:
        for exc in schema.iter_errors(tree):
            elem, message = _describe(exc)
            found.append(error(CODE_XSD, message, _span(elem, name, lines, columns)))
    except RecursionError:  # xmlschema recurses per level of nesting: a deep tree gets libxml2's own words instead
        return libxml2_diagnostics(tree, name, schema_path, lines)
    return found


def xsd_check(tree, name: str, schema_path: str | os.PathLike | None = None, source: str | None = None) -> list[Diagnostic]:
    """The one XSD check (validate, convert, build): libxml2 says yes fast; only a document it rejects is explained,
    with located findings in plain words, by xmlschema (detailed, slower). [] is valid.

    An XSD only xmlschema can compile is checked by xmlschema alone; when the two engines disagree (libxml2 rejects,
    xmlschema finds nothing), libxml2's own words are kept rather than nothing. xmlschema costs about 0.25 ms per
    element it walks, so a document of more than DETAILED_ELEMENTS elements is explained where libxml2 found
    something (detailed_findings), not walked whole.
    """
    path = str(Path(schema_path).resolve()) if schema_path else str(project_schema_path())
    try:
        fast = _lxml_schema(path)
    except SchemaLoadError:
        fast = None
    if fast is not None and fast.validate(tree):
        return []
    if fast is not None and not _whole_document_constraints(path) and _more_elements_than(tree, DETAILED_ELEMENTS):
        return detailed_findings(tree, name, path, source, list(fast.error_log))
    found = schema_diagnostics(tree, name, path, source)
    if not found and fast is not None:
        lines = source.splitlines() if source else []
        for entry in fast.error_log:
            text = lines[entry.line - 1] if 0 < entry.line <= len(lines) else None
            found.append(error(CODE_XSD, _rng_message(entry.message), Span(name, entry.line or 1, max(entry.column, 1), 1, text)))
    return found


def libxml2_diagnostics(tree, name: str, schema_path, lines: list[str] | None) -> list[Diagnostic]:
    """XSD findings in libxml2's words (terse, but at any depth)."""
    fast = _lxml_schema(str(Path(schema_path or project_schema_path()).resolve()))
    if fast.validate(tree):
        return []
    found = []
    for entry in fast.error_log:
        text = lines[entry.line - 1] if lines is not None and 0 < entry.line <= len(lines) else None
        found.append(error(CODE_XSD, _rng_message(entry.message), Span(name, entry.line or 1, max(entry.column, 1), 1, text)))
    return found


# ---------------------------------------------------------------------------------------------- a large invalid document

DETAILED_ELEMENTS = 2000  # xmlschema walks at most this many elements of a document (0.25 to 0.6 ms each)


def _more_elements_than(tree, limit: int) -> bool:
    for i, _ in enumerate(tree.getroot().iter()):
        if i >= limit:
            return True
    return False


@functools.lru_cache(maxsize=8)
def _whole_document_constraints(path: str) -> bool:
    """Whether the XSD has what only a walk of the whole document can check (keys, unique, IDREF): such a schema is
    always explained by xmlschema over the whole document (a part alone would point to what lies outside it)."""
    try:
        files = schema_files(path, "XSD")
    except SchemaLoadError:
        return True
    return any(re.search(rb"<(?:\w+:)?(?:key|keyref|unique)\b|IDREF", data) for data in files.values())


_ELEMENT_NAME = re.compile(r"Element '([^']+)'")
_PATH_STEP = re.compile(r"([^\[/]+)(?:\[(\d+)\])?")


class _Paths:
    """The element a libxml2 finding's path names (/*/*[2]/*/*[1]: element children counted per parent, once)."""

    def __init__(self, root):
        self.root = root
        self._children: dict[tuple[int, str], list] = {}
        self._keep: list = []  # the parents whose children are listed: their ids stay theirs

    def find(self, path: str | None):
        if not path or not path.startswith("/"):
            return None
        steps = path[1:].split("/")
        m = _PATH_STEP.fullmatch(steps[0])
        if not m or not self._named(self.root, m.group(1)):
            return None
        elem = self.root
        for step in steps[1:]:
            m = _PATH_STEP.fullmatch(step)
            if not m:
                return None
            key = (id(elem), m.group(1))
            children = self._children.get(key)
            if children is None:
                step = m.group(1)
                every = elem.iterchildren(etree.Element)  # (elements only, filtered in C)
                children = self._children[key] = list(every) if step == "*" else [c for c in every if self._named(c, step)]
                self._keep.append(elem)
            index = int(m.group(2) or 1) - 1
            if not 0 <= index < len(children):
                return None
            elem = children[index]
        return elem

    @staticmethod
    def _named(elem, step: str) -> bool:
        if step == "*":
            return True
        local = etree.QName(elem).localname
        return step == (f"{elem.prefix}:{local}" if elem.prefix else local)


def detailed_findings(tree, name: str, schema_path: str, source: str | None, entries) -> list[Diagnostic]:
    """The findings of a large document libxml2 rejected: xmlschema explains the parts libxml2 named, not the whole.

    Each libxml2 finding names an element; the part explained is that element's subtree, or its parent's when the
    element is one its parent may not hold there (libxml2 checks none of the parent's later children then: xmlschema
    does). Parts inside another part are explained with it. xmlschema walks the parts in document order while they
    add up to at most DETAILED_ELEMENTS elements; a finding of libxml2 that no explanation covers (a part past that
    bound, an element the schema declares nowhere, what a part alone cannot show, such as an xs:ID used twice) is
    given in libxml2's words, at its line and column. Every finding libxml2 makes is reported either way; the time
    is that of libxml2 plus at most DETAILED_ELEMENTS elements of xmlschema."""
    schema = load_xmlschema(schema_path)
    root = tree.getroot()
    lines = source.splitlines() if source is not None else None
    columns = ElementColumns(root)
    paths = _Paths(root)
    located = [(entry, paths.find(getattr(entry, "path", None))) for entry in entries]
    parts: dict[int, etree._Element] = {}  # id -> element explained, in the order libxml2 named them (document order)
    for entry, elem in located:
        if elem is None:
            continue
        part = elem.getparent() if "not expected" in entry.message and elem.getparent() is not None else elem
        parts.setdefault(id(part), part)
    chosen: dict[int, etree._Element] = {}
    for key, part in parts.items():
        if not any(id(a) in chosen for a in part.iterancestors()):
            chosen[key] = part
    found: list[tuple[tuple[int, int], Diagnostic]] = []
    explained: set[int] = set()  # the elements some detailed finding is about
    budget = DETAILED_ELEMENTS
    declarations: dict[str, object] = {}
    for part in chosen.values():
        size = sum(1 for _ in part.iter())
        if size > budget:
            continue
        declaration = _declaration(schema, part, declarations)
        if declaration is None:
            continue
        budget -= size
        try:
            errors = list(schema.iter_errors(tree) if part is root else declaration.iter_errors(part))
        except RecursionError:  # xmlschema recurses per level of nesting: this part keeps libxml2's words
            continue
        for exc in errors:
            elem, message = _describe(exc)
            span = _span(elem, name, lines, columns)
            explained.add(id(elem))
            found.append(((span.line, span.column), error(CODE_XSD, message, span)))
    for entry, elem in located:
        if elem is not None and id(elem) in explained:
            continue
        if elem is not None:
            span = _span(elem, name, lines, columns)
        else:
            line = entry.line or 1
            text = lines[line - 1] if lines is not None and 0 < line <= len(lines) else None
            span = Span(name, line, max(entry.column, 1), 1, text)
        found.append(((span.line, span.column), error(CODE_XSD, _rng_message(entry.message), span)))
    found.sort(key=lambda item: item[0])
    return [d for _, d in found]


def _declaration(schema, elem, cache: dict[str, object]):
    """The XSD element declaration that applies to an element where it stands (its ancestors' names), or None."""
    chain = [elem, *elem.iterancestors()][::-1]
    steps = []
    for e in chain:
        q = etree.QName(e)
        steps.append(f"{{{q.namespace}}}{q.localname}" if q.namespace else q.localname)
    path = "/".join(steps)
    if path not in cache:
        try:
            cache[path] = schema.find(path)  # (Clark names: xmlschema's find reads them as ElementTree does)
        except Exception:  # noqa: BLE001 - a path xmlschema cannot follow: the element keeps libxml2's words
            cache[path] = None
    return cache[path]


def _describe(exc) -> tuple:
    """The element a finding is about and a message saying what is wrong and what is allowed there."""
    import xmlschema.validators.exceptions as xe

    elem = exc.elem
    reason = exc.reason or str(exc)
    where = local_name(elem.tag) if elem is not None and isinstance(elem.tag, str) else "document"
    if isinstance(exc, xe.XMLSchemaChildrenValidationError):
        child = _child(elem, exc)
        allowed = _allowed_children(exc)
        if child is not None:
            what = f"<{local_name(child.tag)}> is not allowed here inside <{where}>"
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
        allowed = sorted(local_name(a) for a in getattr(exc.validator, "keys", lambda: [])() if a)
        return elem, f"attribute @{local_name(m.group(1))} is not allowed on <{where}>; allowed: {', '.join('@' + a for a in allowed)}"
    m = re.match(r"missing required attribute '?([^']+)'?", reason)
    if m:
        return elem, f"<{where}> needs the attribute @{local_name(m.group(1))}"
    m = re.match(r"attribute (\S+?)=(.*?): (.*)", reason, re.S)
    if m:
        return elem, f"@{local_name(m.group(1))}={m.group(2)} on <{where}>: {_plain(m.group(3), exc)}"
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
        out.append(f"<{local_name(str(tag))}>")
    shown = out[:MAX_LISTED]
    return ", ".join(shown) + (f" and {len(out) - MAX_LISTED} more" if len(out) > MAX_LISTED else "")


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else text


# ---------------------------------------------------------------------------------------------- positions


def _span(elem, name: str, lines: list[str] | None, columns: ElementColumns | None = None) -> Span:
    line = getattr(elem, "sourceline", None) or 1
    text = lines[line - 1] if lines is not None and 0 < line <= len(lines) else None
    column = columns.column(elem, text) if columns is not None else element_column(elem, text)
    return Span(name, line, column, 1, text)


def element_column(elem, line_text: str | None) -> int:
    """1-based column of an element's start tag on its line (lxml keeps only lines): the n-th `<tag` there.

    For one element; a caller with many findings in one tree keeps an ElementColumns instead (this makes one)."""
    if elem is None or line_text is None or not isinstance(getattr(elem, "tag", None), str):
        return 1
    return ElementColumns(elem.getroottree().getroot()).column(elem, line_text)


class ElementColumns:
    """The columns of the start tags of a tree's elements, worked out a line at a time.

    lxml keeps only an element's line; its column is found in the line's text: the element is the n-th `<tag` of
    the elements of its name on that line. Asked about an element, this lists the elements of its line once (walking
    from it in document order, back and forth, while the line is the same: start tags come in document order) and
    scans the line's text once for all of them: a one-line document with 20,000 findings costs one walk and one scan
    of its line, not one of the tree and the line per finding, and a large tree is never listed whole."""

    def __init__(self, root):
        self.root = root
        self._columns: dict[int, dict[int, int]] = {}  # line -> id(element) -> column
        self._keep: list[list] = []  # the elements of each line done: their ids stay theirs

    def column(self, elem, line_text: str | None) -> int:
        if elem is None or line_text is None or not isinstance(getattr(elem, "tag", None), str):
            return 1
        line = elem.sourceline
        columns = self._columns.get(line)
        if columns is None:
            columns = self._columns[line] = self._line(elem, line_text)
        return columns.get(id(elem), 1)

    def _line(self, elem, text: str) -> dict[int, int]:
        line = elem.sourceline
        before = []
        e = _previous_element(elem)
        while e is not None and e.sourceline == line:
            before.append(e)
            e = _previous_element(e)
        elements = before[::-1] + [elem]
        e = _next_element(elem)
        while e is not None and e.sourceline == line:
            elements.append(e)
            e = _next_element(e)
        self._keep.append(elements)
        by_tag: dict[str, list] = {}
        for e in elements:
            by_tag.setdefault(e.tag, []).append(e)
        out: dict[int, int] = {}
        for same in by_tag.values():
            starts: dict[str, list[int]] = {}  # qualified name as written -> where each `<name` of the line starts
            for nth, e in enumerate(same):
                local = etree.QName(e).localname
                qname = f"{e.prefix}:{local}" if e.prefix else local
                found = starts.get(qname)
                if found is None:
                    found = starts[qname] = [m.start() + 1 for m in re.finditer(rf"<{re.escape(qname)}(?=[\s/>])", text)]
                out[id(e)] = found[nth] if nth < len(found) else 1
        return out


def _previous_element(elem):
    """The element before this one in document order (its previous sibling's last descendant, or its parent)."""
    e = elem.getprevious()
    while e is not None and not isinstance(e.tag, str):
        e = e.getprevious()
    if e is None:
        return elem.getparent()
    while len(e):
        last = e[-1]
        while last is not None and not isinstance(last.tag, str):
            last = last.getprevious()
        if last is None:
            break
        e = last
    return e


def _next_element(elem):
    """The element after this one in document order (its first child, else the next sibling of it or an ancestor)."""
    for child in elem:
        if isinstance(child.tag, str):
            return child
    e = elem
    while e is not None:
        n = e.getnext()
        while n is not None and not isinstance(n.tag, str):
            n = n.getnext()
        if n is not None:
            return n
        e = e.getparent()
    return None


# ---------------------------------------------------------------------------------------------- RELAX NG


@functools.lru_cache(maxsize=8)
def _relaxng(path: str) -> etree.RelaxNG:
    tree = _checked_tree(path, "RELAX NG")
    try:
        return etree.RelaxNG(tree)
    except (OSError, etree.XMLSyntaxError, etree.RelaxNGParseError, load.ExternalLoadRefused) as exc:
        raise SchemaLoadError(f"{path}: cannot compile the RELAX NG schema: {exc}") from None


def check_relaxng(rng_path: str | os.PathLike) -> None:
    """For jing, which reads the schema itself: the schema's files are local, DOCTYPE- and XInclude-free."""
    schema_files(Path(rng_path).resolve(), "RELAX NG")


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
    return message.replace(TEI, "").replace(XML, "xml:")
