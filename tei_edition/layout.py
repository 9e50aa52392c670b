"""The plain-text layout codec: what only the plain-text file has, written by the reader and read back by the source
form (`export text --form source`), here, rule by rule, so that the round trip holds for any profile.

The edition's elements describe the text; the layout of the file is kept in processing instructions that TEI
processors and schemas ignore (schemas/README.md, "Layout for the round trip"). Their grammar:

    <?tei-edition blank N?>      N blank lines beyond the one that separates two blocks, before the next block (before
                                 the first block: the leading line ends; after the last: the line ends beyond one)
    <?tei-edition joined?>       the next block follows the one before it after a single line end, with no blank line
                                 (a text whose paragraphs are its lines)
    <?tei-edition run-in sep="…"?>
                                 the next block goes on the line of the one before it, after `sep` (none: directly),
                                 as a salutation run into the letter's first paragraph ("DEAR FRED,--I write")
    <?tei-edition notes ID …?>   where a note list stood: the bodies of these notes (by xml:id), in the source's order
    <?tei-edition note call="…" before="…" after="…" blank="N" joined="yes"?>
                                 last in a note (so that the note's text stays its first child): its call as the text
                                 wrote it (none for a body no call answers), the characters before its body ("{1} ",
                                 "[Footnote 1: ") and after it ("]"), the blank lines beyond one before the body (or
                                 joined="yes": a single line end before it), and
                                 for a note with @sameAs the duplicate mark that followed `before` when it is not
                                 DUPLICATE_MARK (the mark is not text of the edition: encoding.md §6);
                                 body="lost" for a call whose body the copy lacks (the note holds a gap; nothing is
                                 placed in a note list); an empty value is left out

A pseudo-attribute's value is quoted with ", and & < > " TAB LF CR are written as XML references (&amp; &lt; &gt;
&quot; &#9; &#10; &#13;), so a value never holds "?>". What stays in the TEI proper: `lb edRef="#src_txt"` (a line
end of the plain-text edition), `space dim="horizontal"` (a verse line's indentation),
`tagsDecl/rendition` (the delimiters around hi and supplied, TEI's generated content) and the header's `note
type="textFile"` (the file's BOM, line ends and last line end), whose grammar is also here.
"""

from __future__ import annotations

import re
from typing import cast

from tei_edition.model import LAYOUT_TAG, Child, Layout, LayoutPart, Note

TARGET = "tei-edition"
DUPLICATE_MARK = '[DUPLICATE "*".] '  # MIA's mark of a second call-out of one printed footnote (note/@sameAs)

# ------------------------------------------------------------------ encoding (the reader and the writer)


JOINED = -1  # "blank lines beyond one" of a block that follows the one before it after a single line end


def blank(n: int) -> Layout:
    """N blank lines beyond one before the next block; JOINED: no blank line at all."""
    if n == JOINED:
        return Layout(LAYOUT_TAG, {}, ["joined"])
    return Layout(LAYOUT_TAG, {}, ["blank", str(n)])


def run_in(sep: str) -> Layout:
    """The next block goes on the line of the block before it, after `sep`."""
    return Layout(LAYOUT_TAG, {}, ["run-in" + (f' sep="{quote(sep)}"' if sep else "")])


def blank_before(blank_lines: int) -> tuple[Layout, ...]:
    """What a block's `blank_before` (blank lines before it, the usual one included) needs: nothing, one blank, or
    joined (0: the block follows the one before it after a single line end)."""
    return (blank(blank_lines - 1),) if blank_lines != 1 else ()


def notes_list(notes: list[Note]) -> Layout:
    """Where a list of note bodies stood; the notes' xml:ids are written once they are known."""
    parts: list[LayoutPart] = ["notes", *notes]
    return Layout(LAYOUT_TAG, {}, cast("list[Child]", parts))  # a Layout's children are LayoutParts (model.py)


def note_affixes(call: str | None, before: str, after: str, blank_lines: int = 1, mark: str | None = None, *, lost: bool = False) -> Layout:
    """The note instruction; `mark`: the duplicate mark the body had (its note has @sameAs), None for none;
    `blank_lines` 0: the body began on the line after the body before it (one block of the plain text); `lost`: the
    copy has no body for this call (the note holds a gap)."""
    parts = ["note"]
    if call is not None:
        parts.append(f'call="{quote(call)}"')
    if lost:
        parts.append('body="lost"')
        return Layout(LAYOUT_TAG, {}, [" ".join(parts)])
    parts.append(f'before="{quote(before)}"')
    if after:
        parts.append(f'after="{quote(after)}"')
    if blank_lines > 1:
        parts.append(f'blank="{blank_lines - 1}"')
    elif blank_lines == 0:
        parts.append('joined="yes"')
    if mark is not None and mark != DUPLICATE_MARK:
        parts.append(f'mark="{quote(mark)}"')
    return Layout(LAYOUT_TAG, {}, [" ".join(parts)])


_QUOTE = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\t": "&#9;", "\n": "&#10;", "\r": "&#13;"}
_QUOTED = re.compile('[&<>"\t\n\r]')


def quote(value: str) -> str:
    return _QUOTED.sub(lambda m: _QUOTE[m.group()], value)


def pi_xml(node: Layout) -> str:
    """The processing instruction as XML text."""
    return f"<?{TARGET} {node.data()}?>"


def text_file_note(bom: bool, line_end: str, final_newline: bool) -> str:
    """The header's note[@type='textFile']: what the bytes of the file had beyond its text."""
    return f"bom={'yes' if bom else 'no'} lineEnd={line_end} finalNewline={'yes' if final_newline else 'no'}"


def css_content(value: str) -> str:
    """A delimiter as CSS generated content, for tagsDecl/rendition (TEI 2.3.4): content: "[";"""
    return 'content: "' + value.replace("\\", "\\\\").replace('"', '\\"') + '";'


# ------------------------------------------------------------------ decoding (the source form)

_UNQUOTE = {v: k for k, v in _QUOTE.items()}
_REFERENCE = re.compile("&(?:amp|lt|gt|quot|#9|#10|#13);")
_PSEUDO = re.compile(r'([\w-]+)="([^"]*)"')
_CONTENT = re.compile(r'content:\s*"((?:[^"\\]|\\.)*)"')


def unquote(value: str) -> str:
    return _REFERENCE.sub(lambda m: _UNQUOTE[m.group()], value)


def parse(data: str | None) -> tuple[str, list[str], dict[str, str]]:
    """A tei-edition processing instruction's data: its keyword, its plain words, its pseudo-attributes."""
    data = data or ""
    keyword, _, rest = data.strip().partition(" ")
    attrs = {k: unquote(v) for k, v in _PSEUDO.findall(rest)}
    words = _PSEUDO.sub(" ", rest).split() if attrs else rest.split()
    return keyword, words, attrs


def spacing(keyword: str, words: list[str], bound: int) -> int | None:
    """What a layout instruction says of the space before the next block: blank lines beyond one (`blank N`),
    JOINED (`joined`), or None (another instruction)."""
    if keyword == "blank":
        return blank_count(words, bound)
    return JOINED if keyword == "joined" else None


def blank_count(words: list[str], bound: int) -> int:
    """The N of `blank N`: a count, never negative, at most `bound` (foreign TEI may say anything)."""
    try:
        return max(0, min(int(words[0]), bound))
    except (IndexError, ValueError):
        return 1


def text_file_facts(text: str | None) -> dict[str, str]:
    facts = {"bom": "no", "lineEnd": "LF", "finalNewline": "yes"}
    if text:
        facts.update(dict(kv.split("=", 1) for kv in text.split() if "=" in kv))
    return facts


def file_bytes(text: str, facts: dict[str, str]) -> bytes:
    """The text as the file had it: line ends, BOM."""
    if facts.get("lineEnd") == "CRLF":
        text = text.replace("\n", "\r\n")
    data = text.encode("utf-8")
    return (b"\xef\xbb\xbf" if facts.get("bom") == "yes" else b"") + data


def css_value(content: str) -> str | None:
    """The delimiter of a tagsDecl/rendition's `content: "…";` (None when it has none)."""
    m = _CONTENT.search(content or "")
    return re.sub(r"\\(.)", r"\1", m.group(1)) if m else None


def legacy_affixes(n: str, rend: list[str], call: str, same_as: bool) -> tuple[str, str]:
    """Before and after a note body for TEI written before the `note` instruction (tei-edition 1.x): from @rend."""
    if "footnoteBlock" in rend:
        before, after = f"[Footnote {n}: ", "]"
    elif "arrow" in rend:  # MediaWiki's back-reference
        before, after = "↑ ", ""
    elif "arrowNumbered" in rend:
        before, after = f"{n}. ↑ ", ""
    else:
        before, after = call + " ", ""
    return before + (DUPLICATE_MARK if same_as else ""), after


def note_prefix(attrs: dict[str, str], same_as: bool) -> str:
    """What stood before a note body, from its note instruction (and @sameAs: the duplicate mark)."""
    return attrs.get("before", "") + (attrs.get("mark", DUPLICATE_MARK) if same_as else "")


def legacy_call(n: str, rend: list[str]) -> str:
    shape = next((r[5:] for r in rend if r.startswith("call:") and "…" in r), None)
    if shape:  # a profile's own call shape, e.g. call:{{…}}
        before, _, after = shape.partition("…")
        return before + n + after
    if "star" in rend:
        return "*"
    return f"[{n}]" if "brackets" in rend else "{" + n + "}"
