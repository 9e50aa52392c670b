"""One escape discipline for every text of a source that reaches CSS, HTML, a URL or a terminal.

Text from a TEI file, an edition.toml, a folder name or a plain-text source is data, never syntax: wherever it is
written into another language, it goes through one of these functions first.

- ``css_string``: a CSS string literal (quotes included). Every character outside a small safe set becomes a CSS
  hex escape ``\\HHHHHH `` (CSS Syntax 3, 4.3.7), so quotes, backslashes, ``<``, ``>``, ``&``, newlines and control
  characters can neither end the string nor the ``<style>`` element around it.
- ``html_text`` and ``html_attribute``: for HTML written as text (the corpus index). HTML built as an lxml tree
  (the HTML edition, the print HTML) needs neither: lxml escapes text and attribute values when it serialises, and
  the exporters never put source text into ``<style>`` or ``<script>``, whose content lxml writes raw.
- ``safe_url``: a link target that cannot run code or reach local files: http, https, mailto, fragments and relative
  references only; None for anything else (``javascript:``, ``data:``, ``vbscript:``, ``file:``, any other scheme, and
  any value holding a control character, which browsers would silently drop: ``java\\tscript:``).
- ``relative_href``: a path of folder and file names as a relative URL (``./a%3Ab/edition.html``): each segment is
  percent-encoded and the whole starts with ``./``, so no name can become a scheme.
- ``terminal_text``: text for a terminal or a CI log, with C0 and C1 control characters (ESC above all: ``ESC ]0;…``
  retitles a terminal, ``ESC [2K`` erases a line) shown as visible characters; tab is kept.
"""

from __future__ import annotations

import html
import re
import urllib.parse

__all__ = ["css_string", "html_text", "html_attribute", "safe_url", "relative_href", "terminal_text", "visible_char"]

# Characters a CSS string may hold as they are; everything else is written as a hex escape.
_CSS_SAFE = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,:;!?-_()[]'/")

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
# C0 controls, DEL and C1 controls: never part of a URL a person wrote; browsers strip or ignore some of them
# ("java\tscript:" runs as "javascript:"), so a value holding one is refused whole.
_URL_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})

# What a terminal must not receive: C0 controls but tab, DEL and C1 controls (0x9b is an 8-bit CSI).
_TERMINAL_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f]")


def css_string(value: str) -> str:
    """``value`` as a double-quoted CSS string; characters outside the safe set become ``\\HHHHHH `` escapes."""
    out = ['"']
    for ch in value:
        if ch in _CSS_SAFE:
            out.append(ch)
        else:
            code = ord(ch)
            if code == 0 or 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
                code = 0xFFFD  # CSS turns these into U+FFFD anyway (CSS Syntax 3, 4.3.7)
            out.append(f"\\{code:06X} ")
    out.append('"')
    return "".join(out)


def html_text(value: str) -> str:
    """Text for HTML element content written as a string (``&``, ``<``, ``>`` escaped; controls made visible)."""
    return html.escape(_no_controls(value), quote=False)


def html_attribute(value: str) -> str:
    """Text for a double- or single-quoted HTML attribute value written as a string."""
    return html.escape(_no_controls(value), quote=True)


_HTML_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _no_controls(value: str) -> str:
    # Tab, line feed and carriage return are fine in HTML text; other controls are parse errors: shown visibly.
    if _HTML_CONTROLS.search(value) is None:  # the usual case, at the speed of one scan
        return value
    return _HTML_CONTROLS.sub(lambda m: visible_char(m.group()), value)


def safe_url(value: str | None) -> str | None:
    """A link target that cannot run code or open a local file, or None.

    Allowed: ``http:``, ``https:``, ``mailto:``, fragments (``#id``) and relative references without a scheme
    (``edition.xml``, ``../a/b.html``, ``//host/x`` is http(s) by the page's own scheme). Refused: every other scheme
    (``javascript:``, ``data:``, ``vbscript:``, ``file:``, ``blob:``, …), and any value holding a control character.
    Spaces around the value are dropped (as browsers drop them).
    """
    if value is None:
        return None
    value = value.strip(" ")
    if not value or _URL_CONTROL.search(value):
        return None
    m = _SCHEME.match(value)
    if m and m.group(1).lower() not in SAFE_SCHEMES:
        return None
    return value


def relative_href(*segments: str) -> str:
    """Folder and file names as a relative URL: each segment percent-encoded (``/`` too), the whole after ``./``."""
    return "./" + "/".join(urllib.parse.quote(s, safe="") for s in segments)


_CONTROL_PICTURES = {0x7F: "\u2421"}  # DEL → ␡


def visible_char(ch: str) -> str:
    """A control character as something a person can see: C0 as its Unicode control picture (ESC → ␛), DEL as ␡,
    a C1 control as ``\\x9b``-style text."""
    code = ord(ch)
    if code < 0x20:
        return chr(0x2400 + code)
    if code in _CONTROL_PICTURES:
        return _CONTROL_PICTURES[code]
    return f"\\x{code:02x}"


def terminal_text(value: str, *, multiline: bool = False, indent: str = "  ") -> str:
    """Text safe to write to a terminal or a CI log: control characters shown visibly, tab kept.

    A line end becomes ␊ (␍ for a carriage return), so that no text can start a line of its own in a log (a CI
    system reads commands from lines, e.g. ``::error::`` in GitHub Actions). With ``multiline``, line feeds stay and
    every following line starts with ``indent``.
    """
    if multiline:
        return ("\n" + indent).join(_TERMINAL_CONTROL.sub(lambda m: visible_char(m.group()), line) for line in value.split("\n"))
    return _TERMINAL_CONTROL.sub(lambda m: visible_char(m.group()), value)
