"""Deeply nested documents in the exporters: a documented depth bound, and recursion that fits the document.

The exporters walk the tree recursively (the HTML renderer, the text projections) and WeasyPrint lays nested
boxes out recursively too: Python's default recursion limit (1,000 frames) is spent by a valid TEI document
nested about 140 elements deep. Rather than rewrite every walk (and WeasyPrint), an export of a document deeper than
SHALLOW runs in a helper thread with a stack and a recursion limit sized for its depth; a document deeper than
MAX_DEPTH is refused with a finding (E630) before any work. Documents of ordinary depth take the direct path, so
their output is byte for byte what it was.
"""

from __future__ import annotations

import sys
import threading

import lxml.html
from lxml import etree

from tei_edition import codes
from tei_edition.diagnostics import Span, error
from tei_edition.errors import InputError

MAX_DEPTH = 1000  # elements nested in one another, counted from the root (docs/html.md, docs/pdf.md)
SHALLOW = 60  # up to this depth, the exports run as they always did (the default recursion limit suffices)
FRAMES_PER_LEVEL = 40  # generous: WeasyPrint needs about 7 Python frames per nested block, the renderer 4
STACK_BYTES = 256 * 1024 * 1024  # the helper thread's stack (address space reserved, touched only as used)

CODE_TOO_DEEP = codes.TOO_DEEP_TO_EXPORT  # deeper than MAX_DEPTH
CODE_RECURSION = codes.RECURSION  # the bound was not enough after all (should not happen): reported, not a traceback
TOO_DEEP_HINT = (
    f"the exporters handle documents nested up to {MAX_DEPTH:,} elements deep; flatten the nesting (nested <hi>, "
    "<seg> or <div> that add nothing can usually be merged)"
)


def tree_depth(root) -> int:
    """How many elements deep the tree is (the root alone is 1), without recursion."""
    root = root.getroot() if hasattr(root, "getroot") else root
    depth = deepest = 0
    for event, _ in etree.iterwalk(root, events=("start", "end")):
        if event == "start":
            depth += 1
            if depth > deepest:
                deepest = depth
        else:
            depth -= 1
    return deepest


_DEEPER_THAN_SHALLOW = etree.XPath("(/*" + "/*" * SHALLOW + ")[1]")  # an element below SHALLOW levels, found in C


def check_depth(root, name: str = "<input>") -> int:
    """The tree's depth (or SHALLOW, when it is no deeper: all that run_deep needs to know), or an InputError (E630)
    when it is deeper than MAX_DEPTH. Most documents are shallow, and an XPath in C says so at a fraction of a walk."""
    tree = root if hasattr(root, "getroot") else root.getroottree()
    if not _DEEPER_THAN_SHALLOW(tree):
        return SHALLOW
    depth = tree_depth(root)
    if depth > MAX_DEPTH:
        message = f"{name}: the document is nested {depth:,} elements deep, deeper than the exporters handle ({MAX_DEPTH:,})"
        raise InputError(message, [error(CODE_TOO_DEEP, message.split(": ", 1)[1], Span(name, 1, 1), hint=TOO_DEEP_HINT)])
    return depth


def run_deep(function, depth: int, *args, name: str = "<input>", **kwargs):
    """function(*args, **kwargs), with room for recursion `depth` levels deep (a helper thread when needed).

    Re-entrant: inside a helper thread (the PDF exporter runs the HTML exporter), the function runs directly."""
    if depth <= SHALLOW or getattr(_STATE, "deep", False):
        return _guarded(function, args, kwargs, depth, name)
    needed = sys.getrecursionlimit() + depth * FRAMES_PER_LEVEL
    result: dict = {}

    def target():
        _STATE.deep = True
        try:
            result["value"] = _guarded(function, args, kwargs, depth, name)
        except BaseException as exc:  # handed to the calling thread, raised there
            result["error"] = exc

    old_limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(old_limit, needed))
    started = False
    try:
        for stack in (STACK_BYTES, STACK_BYTES // 4):  # a smaller stack where address space is limited (ulimit -v)
            old_stack = threading.stack_size()
            try:
                threading.stack_size(stack)
                thread = threading.Thread(target=target, name="tei-edition-deep-export", daemon=True)
                thread.start()
            except (RuntimeError, ValueError, MemoryError):
                continue
            finally:
                threading.stack_size(old_stack)
            started = True
            thread.join()
            break
    finally:
        sys.setrecursionlimit(old_limit)
    if not started:  # no thread to be had: as deep as the default limit goes, else E631 (never a crash)
        return _guarded(function, args, kwargs, depth, name)
    if "error" in result:
        raise result["error"]
    return result["value"]


def _guarded(function, args, kwargs, depth: int, name: str):
    try:
        return function(*args, **kwargs)
    except RecursionError:
        message = f"{name}: the document is nested {depth:,} elements deep, more than the exporter could follow"
        raise InputError(message, [error(CODE_RECURSION, message.split(": ", 1)[1], Span(name, 1, 1), hint=TOO_DEEP_HINT)]) from None


def parse_html(html: str):
    """An HTML document string as an lxml tree, however deep (libxml2's HTML parser silently cuts a document
    off below 256 levels unless told the tree may be huge; then its bound is 2,048, above MAX_DEPTH plus the
    edition's own wrappers)."""
    return lxml.html.document_fromstring(html, parser=_html_parser())


_PARSER = threading.local()
_STATE = threading.local()


def _html_parser():
    parser = getattr(_PARSER, "parser", None)
    if parser is None:
        parser = _PARSER.parser = lxml.html.HTMLParser(huge_tree=True)
    return parser
