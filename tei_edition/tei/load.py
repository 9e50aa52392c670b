"""The one loader for XML from outside (anyone's TEI): every command that reads a document reads it through here.

What it promises, for any bytes at all:
- no DOCTYPE reaches a parser: the prolog (everything before the root element) is scanned first, however long it is and
  in the document's own encoding, and a document with any DOCTYPE is refused (E002). TEI needs no DTD, so nothing is
  lost, and no DTD, entity or external subset is ever opened, fetched or expanded (billion laughs, XXE, a FIFO).
- the parser is the second line of defence: no DTD loading, no entity substitution, no network, and a resolver that
  refuses every external load (libxml2 would otherwise open a local external subset even with load_dtd=False).
- XInclude is never processed (nothing here calls xinclude()); `xinclude_elements` finds them for those who must say so.
- bounded: at most MAX_BYTES are read, and a tree nested deeper than MAX_DEPTH is refused (E006). Within those bounds
  huge_tree is on, so what `convert` writes (a text node of any size) always loads: without a DTD there are no
  entities, so the amplification limits huge_tree lifts have nothing to guard.
Failures are LoadError (an InputError) carrying one Diagnostic with file:line:col and a hint.
"""

from __future__ import annotations

import codecs
import os
import re
from typing import Any

from lxml import etree

from tei_edition import codes
from tei_edition.diagnostics import Diagnostic, Span, error
from tei_edition.errors import InputError
from tei_edition.fileio import MAX_INPUT_BYTES, TooLarge, read_limited

MAX_BYTES = MAX_INPUT_BYTES  # the one size limit of every command that reads TEI (validate --max-size may change it)
MAX_DEPTH = 256  # elements nested deeper than this are refused: every layer after the parser stays within its stack

CODE_NOT_WELL_FORMED = codes.NOT_WELL_FORMED
CODE_DTD_REFUSED = codes.DTD_REFUSED
CODE_TOO_LARGE = codes.TOO_LARGE  # the same code as fileio.CODE_TOO_LARGE: one bound for every input
CODE_UNREADABLE = codes.UNREADABLE
CODE_ENCODING = codes.ENCODING  # an encoding the loader cannot read the prolog in, so it cannot promise there is no DOCTYPE
CODE_TOO_DEEP = codes.TOO_DEEP

XINCLUDE_NAMESPACES = ("http://www.w3.org/2001/XInclude", "http://www.w3.org/2003/XInclude")

_DTD_HINT = "TEI needs no DTD: remove the DOCTYPE and write characters (or &#x...; references) instead of entities"


class LoadError(InputError):
    """A document refused or unreadable; `diagnostic` says where and why, `unreadable` when it could not be read."""

    def __init__(self, summary: str, diagnostic: Diagnostic, unreadable: bool = False):
        super().__init__(summary, [diagnostic])
        self.diagnostic = diagnostic
        self.unreadable = unreadable


class ExternalLoadRefused(Exception):
    """Raised by the parser's resolver: the parser asked for an external resource (it never gets one)."""


class _RefuseEverything(etree.Resolver):
    def resolve(self, url, pubid, context):
        raise ExternalLoadRefused(url or pubid or "?")


def safe_parser(**extra) -> etree.XMLParser:
    """A parser that never expands entities, loads DTDs, opens or fetches anything (billion laughs, XXE).

    It does not refuse a DOCTYPE by itself: parse anything from outside with parse_untrusted (or load_tei).
    """
    options = dict(
        resolve_entities=False,
        load_dtd=False,
        no_network=True,
        dtd_validation=False,
        huge_tree=True,  # safe: no DTD means no entities; MAX_BYTES and MAX_DEPTH bound what is left
        remove_blank_text=False,
        collect_ids=False,  # a duplicate xml:id is a finding of the project rules (E301), not a parse error
    )
    options.update(extra)
    parser = etree.XMLParser(**options)
    parser.resolvers.add(_RefuseEverything())
    return parser


# ---------------------------------------------------------------------------------------------- reading


def read_untrusted(path: str | os.PathLike, max_bytes: int = MAX_BYTES, *, hint: str | None = None) -> bytes:
    """A file's bytes ("-" is stdin), never more than max_bytes + 1 read: a stream (/dev/zero, a pipe) stops there."""
    name = _name(path)
    try:
        return read_limited(path, max_bytes)
    except TooLarge as exc:
        raise _too_large(name, exc.size, max_bytes, hint) from None
    except FileNotFoundError:
        raise _unreadable(name, "no such file") from None
    except IsADirectoryError:
        raise _unreadable(name, "is a directory, not a file") from None
    except PermissionError:
        raise _unreadable(name, "permission denied") from None
    except OSError as exc:
        raise _unreadable(name, f"cannot read ({exc.strerror or exc})") from None


def _name(path) -> str:
    return "<stdin>" if str(path) == "-" else str(path)


def _unreadable(name: str, why: str) -> LoadError:
    return LoadError(f"{name}: {why}", error(CODE_UNREADABLE, why, Span(name, 1, 1)), unreadable=True)


def _too_large(name: str, size: int | None, limit: int, hint: str | None) -> LoadError:
    said = (
        f"is {size:,} bytes, more than the limit of {limit:,}; it was not read"
        if size is not None
        else f"is longer than the limit of {limit:,} bytes; reading stopped there"
    )
    return LoadError(
        f"{name}: larger than {limit:,} bytes",
        error(
            CODE_TOO_LARGE,
            f"the document {said}",
            Span(name, 1, 1),
            hint=hint or f"every command refuses TEI over {MAX_BYTES // (1024 * 1024)} MiB; split the document",
        ),
    )


# ---------------------------------------------------------------------------------------------- the prolog


_WS_BYTES = re.compile(rb"[ \t\r\n]*")
_WS_TEXT = re.compile(r"[ \t\r\n]*")
_DECLARED_ENCODING = re.compile(rb"""<\?xml[ \t\r\n][^>]*?encoding[ \t\r\n]*=[ \t\r\n]*(["'])([A-Za-z][A-Za-z0-9._:-]*)\1""")
# Encodings in which every byte below 0x40 is the ASCII character it looks like (markup cannot hide in them), so the
# prolog can be scanned as bytes. Any other encoding is also decoded and scanned as text.
_BYTE_SCANNABLE = re.compile(
    r"^(utf[-_]?8|ascii|us[-_]ascii|latin[-_]?1|iso8859[-_]\d+|cp125\d|koi8[-_][ru]|shift_jis|cp932|"
    r"euc[-_](jp|kr)|cp949|gb2312|gbk|gb18030|big5|cp950)$"
)


def _scan_prolog(buf: Any, bom: Any) -> tuple[str, int]:
    """What the first thing after comments, PIs and white space is: ("root"|"decl"|"text"|"end", its offset).

    "decl" is a `<!` that does not open a comment (a DOCTYPE, or a stray declaration); buf is bytes or str alike.
    """
    marks: tuple[Any, ...]  # bytes or str alike, as buf is
    if isinstance(buf, bytes):
        marks = _WS_BYTES, b"<", b"<?", b"?>", b"<!--", b"-->", b"<!"
    else:
        marks = _WS_TEXT, "<", "<?", "?>", "<!--", "-->", "<!"
    ws, lt, pi, pi_end, comment, comment_end, bang = marks
    i = len(bom) if bom and buf.startswith(bom) else 0
    n = len(buf)
    while True:
        i = ws.match(buf, i).end()  # type: ignore[union-attr]  # "[ \t\r\n]*" always matches
        if i >= n:
            return "end", i
        if buf.startswith(pi, i):
            j = buf.find(pi_end, i + 2)
            if j < 0:
                return "end", i
            i = j + 2
        elif buf.startswith(comment, i):
            j = buf.find(comment_end, i + 4)
            if j < 0:
                return "end", i
            i = j + 3
        elif buf.startswith(bang, i):
            return "decl", i
        elif buf.startswith(lt, i):
            return "root", i
        else:
            return "text", i


def _encodings(data: bytes) -> tuple[str | None, bool, str | None]:
    """(Python codec to decode the document with, or None: scan the bytes only; whether to scan the bytes; a problem)."""
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "utf-32", False, None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16", False, None
    if data.startswith(b"\xef\xbb\xbf"):
        return None, True, None
    head = data[:4]
    if head == b"\x00\x00\x00<":
        return "utf-32-be", False, None
    if head == b"<\x00\x00\x00":
        return "utf-32-le", False, None
    if head == b"\x00<\x00?":
        return "utf-16-be", False, None
    if head == b"<\x00?\x00":
        return "utf-16-le", False, None
    if head == b"\x4c\x6f\xa7\x94":
        return None, False, "EBCDIC"
    m = _DECLARED_ENCODING.match(data[:1024])
    if not m:
        return None, True, None
    declared = m.group(2).decode("ascii")
    try:
        codec = codecs.lookup(declared).name
    except LookupError:
        return None, False, declared
    if _BYTE_SCANNABLE.match(codec):
        return None, True, None
    return codec, True, None  # e.g. UTF-7 or ISO-2022: decoded and scanned, and scanned as bytes too


def _check_prolog(data: bytes, name: str) -> None:
    """Refuse a DOCTYPE anywhere before the root element, in the encoding the document says it is in."""
    codec, scan_bytes, problem = _encodings(data)
    if problem:
        raise LoadError(
            f"{name}: encoding {problem} refused",
            error(
                CODE_ENCODING,
                f"the document is in an encoding tei-edition does not read ({problem}), so it cannot be checked safely",
                Span(name, 1, 1),
                hint="save the document as UTF-8 (iconv -f ... -t UTF-8) and change its encoding declaration",
            ),
        )
    views: list[tuple[Any, Any]] = []  # the view the parser will take first: decoded in the declared encoding, else the bytes
    if codec:
        views.append((data.decode(codec, "replace"), "\ufeff"))
    if scan_bytes:
        views.append((data, b"\xef\xbb\xbf"))
    found = [(_scan_prolog(buf, bom), buf) for buf, bom in views]
    for (kind, offset), buf in found:
        if kind == "decl":
            doctype = buf[offset : offset + 9] in (b"<!DOCTYPE", "<!DOCTYPE")
            raise LoadError(
                f"{name}: DOCTYPE refused",
                error(
                    CODE_DTD_REFUSED,
                    "the document has a DOCTYPE; tei-edition refuses every DTD (it is never loaded, nor its entities expanded)"
                    if doctype
                    else "a markup declaration before the root element is refused (only a DOCTYPE could be there, and DTDs are refused)",
                    _span_at(buf, offset, name, 9),
                    hint=_DTD_HINT,
                ),
            )
    (kind, offset), buf = found[0]
    if kind == "text":
        raise LoadError(
            f"{name}: not well-formed XML",
            error(CODE_NOT_WELL_FORMED, "not well-formed XML: text before the root element (expected '<')", _span_at(buf, offset, name, 1)),
        )


def _span_at(buf, offset: int, name: str, length: int) -> Span:
    newline = b"\n" if isinstance(buf, bytes) else "\n"
    line = buf.count(newline, 0, offset) + 1
    start = buf.rfind(newline, 0, offset) + 1
    end = buf.find(newline, offset)
    text = buf[start : end if end >= 0 else len(buf)]
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
        column = len(buf[start:offset].decode("utf-8", "replace")) + 1
    else:
        column = offset - start + 1
    return Span(name, line, column, length, text.rstrip("\r"))


# ---------------------------------------------------------------------------------------------- parsing


def parse_untrusted(
    data: bytes,
    name: str = "<stdin>",
    *,
    max_bytes: int = MAX_BYTES,
    max_depth: int = MAX_DEPTH,
    size_hint: str | None = None,
    base_url: str | None = None,
    parser=None,
) -> etree._ElementTree:
    """Parse anyone's XML: refused (LoadError) when too large, with a DOCTYPE, ill-formed or too deep.

    base_url and parser are for schemas, whose imports libxml2 resolves: a parser whose resolver admits the files a
    schema was checked to consist of (validate.schema); documents get the parser that refuses every external load.
    """
    if len(data) > max_bytes:
        raise _too_large(name, len(data), max_bytes, size_hint)
    _check_prolog(data, name)
    try:
        root = etree.fromstring(data, parser if parser is not None else safe_parser(), base_url=base_url)
    except ExternalLoadRefused:
        raise _external(name, data) from None
    except etree.XMLSyntaxError as exc:
        raise _syntax(exc, data, name) from None
    except (ValueError, etree.LxmlError) as exc:  # e.g. an encoding declaration lxml cannot honour
        raise LoadError(
            f"{name}: not well-formed XML", error(CODE_NOT_WELL_FORMED, f"not well-formed XML: {exc}", Span(name, 1, 1))
        ) from None
    if root is None:
        raise LoadError(
            f"{name}: not well-formed XML", error(CODE_NOT_WELL_FORMED, "not well-formed XML: no root element", Span(name, 1, 1))
        )
    tree = root.getroottree()
    info = tree.docinfo
    if info.doctype or info.internalDTD is not None or info.externalDTD is not None:  # the prolog scan missed it
        raise _external(name, data)
    if max_depth and (deep := _deeper_than(root, max_depth)) is not None:
        raise _too_deep(name, max_depth, deep, data)
    return tree


def _external(name: str, data: bytes) -> LoadError:
    return LoadError(
        f"{name}: DOCTYPE refused",
        error(
            CODE_DTD_REFUSED,
            "the document declares a DTD or refers to an external resource; it is refused, never loaded",
            Span(name, 1, 1),
            hint=_DTD_HINT,
        ),
    )


_DEPTH_PATHS: dict[int, etree.XPath] = {}


def _below(depth: int) -> etree.XPath:
    """The first element below `depth` levels: one XPath step per level (C, linear in the number of elements)."""
    path = _DEPTH_PATHS.get(depth)
    if path is None:
        path = _DEPTH_PATHS[depth] = etree.XPath("(/*" + "/*" * depth + ")[1]")
    return path


def _deeper_than(root, depth: int):
    found = _below(depth)(root)
    return found[0] if found else None


def _too_deep(name: str, depth: int, elem, data: bytes) -> LoadError:
    line = (elem.sourceline if elem is not None else None) or 1
    return LoadError(
        f"{name}: nested too deep",
        error(
            CODE_TOO_DEEP,
            f"elements are nested more than {depth} deep; the document is refused",
            Span(name, line, 1, 1, _line_of(data, line)),
            hint="no TEI needs such nesting; flatten the structure (is an end tag missing, or is this generated?)",
        ),
    )


def _syntax(exc: etree.XMLSyntaxError, data: bytes, name: str) -> LoadError:
    line, column = exc.position if exc.position else (exc.lineno or 1, 1)
    line = line or 1
    message = re.sub(r", line \d+, column \d+$", "", exc.msg or str(exc))
    column = max(column or 1, 1)
    span = Span(name, line, column, 1, _line_of(data, line))
    if "Excessive depth" in message:
        return LoadError(
            f"{name}: nested too deep",
            error(
                CODE_TOO_DEEP,
                f"elements are nested more than {MAX_DEPTH} deep; the document is refused ({message})",
                span,
                hint="no TEI needs such nesting; flatten the structure",
            ),
        )
    return LoadError(f"{name}: not well-formed XML", error(CODE_NOT_WELL_FORMED, f"not well-formed XML: {message}", span))


def _line_of(data: bytes, line: int) -> str | None:
    start = 0
    for _ in range(line - 1):
        start = data.find(b"\n", start) + 1
        if start == 0:
            return None
    end = data.find(b"\n", start)
    return data[start : end if end >= 0 else len(data)].decode("utf-8", "replace").rstrip("\r")


def xinclude_elements(tree) -> list:
    """The XInclude elements of a tree (never processed: their targets are neither opened nor fetched)."""
    return [e for e in tree.getroot().iter(*(f"{{{ns}}}*" for ns in XINCLUDE_NAMESPACES))]


def decoded(data: bytes) -> str:
    """The document's text for showing lines (carets), in its encoding when that is known; never raises."""
    codec, _, _ = _encodings(data)
    if codec is None:
        m = _DECLARED_ENCODING.match(data[:1024])
        codec = "utf-8"
        if m:
            try:
                codec = codecs.lookup(m.group(2).decode("ascii")).name
            except LookupError:
                pass
    text = data.decode(codec, "replace")
    return text[1:] if text.startswith("\ufeff") else text


# ---------------------------------------------------------------------------------------------- the public names


def parse_tei_bytes(data: bytes, name: str = "<stdin>") -> etree._ElementTree:
    """Parse bytes from outside into a tree; a refusal is an InputError (LoadError) with file:line:col."""
    return parse_untrusted(data, name)


def load_tei(path: str | os.PathLike) -> etree._ElementTree:
    """Load a TEI file ("-" is stdin) safely; raises InputError for unreadable, too large, refused or ill-formed input."""
    return parse_untrusted(read_untrusted(path), _name(path) if str(path) == "-" else str(path))
