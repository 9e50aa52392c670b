"""The one registry of diagnostic codes: for each its severity, what it means, what to do, and where it is explained.

Modules name a code by its constant here (``error(codes.TOO_LARGE, ...)``); ``error()``, ``warning()`` and ``info()``
in tei_edition.diagnostics look the code up (one dict lookup), fill in the registry's hint when the call gives none,
and, under the test suite (TEI_EDITION_CHECK_CODES=1, set by tests/conftest.py), refuse a code that is not registered
or is used with another severity. The severity is a fact of the code: E is an error, W a warning, I an info.

``python -m tei_edition.codes > docs/diagnostics.md`` writes the reference page; a test fails when the committed page
differs from what this registry gives.
"""

from __future__ import annotations

import dataclasses
from typing import Final

SECURITY = "docs/security.md"
PROFILES = "docs/profiles.md"
BUILD = "docs/build.md"
HTML = "docs/html.md"
PDF = "docs/pdf.md"
CI = "docs/ci.md"
HERE = "docs/diagnostics.md"

_SEVERITY = {"E": "error", "W": "warning", "I": "info"}


@dataclasses.dataclass(frozen=True)
class Code:
    code: str  # "E003"
    severity: str  # "error", "warning" or "info" (the values of diagnostics.Severity)
    title: str  # what it means, one line
    hint: str | None  # what to do: the hint a diagnostic gets when its call gives none (None: the message says it all)
    doc: str  # the page of docs/ that explains it


REGISTRY: dict[str, Code] = {}


def _code(code: str, title: str, hint: str | None, doc: str) -> str:
    assert code not in REGISTRY, f"{code} is registered twice"
    assert len(code) == 4 and code[0] in _SEVERITY and code[1:].isdigit(), code
    REGISTRY[code] = Code(code, _SEVERITY[code[0]], title, hint, doc)
    return code


# ---------------------------------------------------------------------------------------------- E0xx loading XML
NOT_WELL_FORMED: Final = _code("E001", "the document is not well-formed XML", None, CI)
DTD_REFUSED: Final = _code(
    "E002",
    "the document has a DOCTYPE or another markup declaration: refused, never loaded or expanded",
    "TEI needs no DTD: remove the DOCTYPE and write characters (or &#x...; references) instead of entities",
    SECURITY,
)
TOO_LARGE: Final = _code(
    "E003", "the input is larger than the size limit (64 MiB): it was not read", "split the document into several", SECURITY
)
UNREADABLE: Final = _code("E004", "the file or folder cannot be read (missing, a folder without *.xml, no permission)", None, CI)
ENCODING: Final = _code(
    "E005",
    "the document is in an encoding the loader cannot check safely for a DOCTYPE",
    "save the document as UTF-8 (iconv -f ... -t UTF-8) and change its encoding declaration",
    SECURITY,
)
TOO_DEEP: Final = _code(
    "E006",
    "elements are nested deeper than the loader's bound (256 levels): refused",
    "no TEI needs such nesting; flatten the structure",
    SECURITY,
)
XINCLUDE: Final = _code(
    "E007",
    "XInclude is never processed, so what it would include was not validated",
    "expand the inclusions first (xmllint --xinclude) and validate the result",
    SECURITY,
)
VALIDATE_INTERNAL: Final = _code(
    "E009",
    "an internal error while validating one file (a bug in tei-edition)",
    "please report it with the file (TEI_EDITION_DEBUG=1 shows the traceback)",
    SECURITY,
)

# ---------------------------------------------------------------------------------------------- E1xx/W1xx conversion
SOURCE_EMPTY: Final = _code("E101", "the source is empty or holds only white space; nothing to convert", None, HERE)
NOT_UTF8: Final = _code("E102", "the source is not UTF-8", "save the file as UTF-8 (e.g. `iconv -f WINDOWS-1252 -t UTF-8`)", HERE)
BOM: Final = _code("W101", "a UTF-8 byte-order mark was accepted (recorded in the header; the TEI has none)", None, HERE)
MIXED_LINE_ENDS: Final = _code(
    "W102",
    "the source mixes CRLF and LF line ends; the source form writes one kind",
    "use one kind of line end if the source must rebuild byte for byte",
    HERE,
)
CONTROL_CHARACTER: Final = _code("W103", "a control character XML cannot store was removed", None, HERE)
CALL_WITHOUT_NOTE: Final = _code(
    "W110",
    'a note call has no note body in this copy; it is encoded as a note holding a gap (reason="lost")',
    "add the note body, or write the call so that it is not read as one",
    PROFILES,
)
NOTE_WITHOUT_CALL: Final = _code(
    "W111", "a note body has no call in the text; it is kept as an unanchored note", "add the call where the note belongs", PROFILES
)
CALLED_TWICE: Final = _code(
    "W112", "a note is called a second time; the second call is kept as text", "number the notes so that each is called once", PROFILES
)
NOTE_NUMBER_TWICE: Final = _code(
    "W113",
    "a note number is used again; the body answers the next call of that number",
    None,
    PROFILES,
)
# W114 (notes out of numerical order) and W115 (a note body the source form wrote differently) are no longer reported:
# the layout codec (tei_edition/layout.py) keeps the note list's order and every body's form.
METADATA_TOML: Final = _code("E120", "the metadata file (edition.toml) is not valid TOML", None, HERE)
METADATA_SECTION: Final = _code(
    "E121", "the metadata file has a section tei-edition does not know", "check the spelling of the section's name", HERE
)
METADATA_ID: Final = _code(
    "E122", "an id in the metadata ([author], [[responsibility]], [[witness]], [notes] editors) is not a valid XML name", None, HERE
)
UNRECOGNISED_CONVENTION: Final = _code(
    "W120",
    "a bracketed convention the profile does not know was kept as text",
    "add a rule for it to the profile if it means something",
    PROFILES,
)
DUPLICATE_WITHOUT_EARLIER: Final = _code(
    "W121", "a note is marked DUPLICATE but no earlier note precedes it; the mark is kept as text", None, PROFILES
)
PROFILE_TOML: Final = _code("E130", "the profile is not valid TOML", None, PROFILES)
PROFILE_INVALID: Final = _code(
    "E131",
    "the profile has a rule tei-edition cannot use (unknown key, bad pattern, wrong type)",
    "see docs/profiles.md for the keys and values a profile may hold",
    PROFILES,
)
TEXT_WITHOUT_SOURCE_NOTE: Final = _code("W130", "blocks after the last source note form a text with no source note", None, PROFILES)
MIXED_SCRIPT: Final = _code(
    "W150",
    "a word mixes Latin and Cyrillic letters (a homoglyph, often from OCR or a keyboard); it is kept as it is",
    "compare the word with the printed source and correct the letters in the source if they are wrong",
    PROFILES,
)
HEADER_INCOMPLETE: Final = _code(
    "W140",
    "the metadata lacks fields; the header holds what the text gives",
    "see corpus/000-lenin-1917-05-08-soviets/edition.toml for every field",
    PROFILES,
)

# ---------------------------------------------------------------------------------------------- E2xx schemas
XSD: Final = _code("E201", "an element, attribute or value the XSD (the project schema by default) does not allow", None, CI)
RNG: Final = _code("E202", "an element, attribute or value the RELAX NG schema does not allow", None, CI)
# (A schema that cannot be read or compiled is a usage error, exit status 2, with no code: E203 was never reported.)

# ---------------------------------------------------------------------------------------------- E3xx project rules
DUPLICATE_ID: Final = _code("E301", "an xml:id is used twice; every xml:id must be unique", None, CI)
BROKEN_POINTER: Final = _code("E302", "a local #pointer names no xml:id in the document", None, CI)
HIATUS_NOTE_TARGET: Final = _code("E303", "a note that explains a hiatus has no @target naming its gap", None, CI)
GAP_NOTE_PLACE: Final = _code("E304", "a note that explains a gap does not sit directly after that gap", None, CI)
HIATUS_UNEXPLAINED: Final = _code("E305", 'a gap with reason="hiatus" is not explained by a note whose @target names it', None, CI)
WITNESS_UNUSED: Final = _code("E306", "a witness is never used by a @source, @wit or @corresp", None, CI)
WITNESS_UNKNOWN: Final = _code("E307", "@wit, or @source on text, group or div, names no witness", None, CI)
CUSTOM_DATE_METHOD: Final = _code("E308", "a -custom date attribute has no @datingMethod", None, CI)
JULIAN_OFFSET: Final = _code("E309", "a Julian date and its Gregorian value differ by the wrong number of days", None, CI)
DATE_RANGE_ORDER: Final = _code("E310", "@from is after @to, or @notBefore after @notAfter", None, CI)
WHEN_WITH_RANGE: Final = _code("E311", "@when is used together with @from or @to", None, CI)
SUBTYPE_WITHOUT_TYPE: Final = _code("E312", "@subtype without @type", None, CI)
CALENDAR_POINTER: Final = _code(
    "E313", "@calendar or @datingMethod does not point to a <calendar>, or an element with @calendar is empty", None, CI
)
NO_TITLE: Final = _code("E320", "the header has no title", "add titleStmt/title (edition.toml: [document] title)", CI)
NO_LICENCE_URL: Final = _code(
    "E321",
    "the header has no licence with a URL, which an archive needs (validate --archive)",
    "add availability/licence with @target (edition.toml: [publication] licence, licence_url)",
    CI,
)
NO_IDENTIFIER: Final = _code(
    "E322",
    "the header has no identifier (publicationStmt/idno), which an archive needs (validate --archive)",
    "add publicationStmt/idno (edition.toml: [publication] idno)",
    CI,
)
NO_SOURCE_DESC: Final = _code(
    "E323", "the header has no source description", "say in sourceDesc where the text comes from (edition.toml: [source])", CI
)
# By default (what `convert` writes without edition.toml must pass `validate`) the header completeness archives need is
# a warning; `validate --archive` reports the same finding as E321/E322 (tei_edition/validate/rules.py ARCHIVE_ERRORS).
LICENCE_URL_FOR_ARCHIVE: Final = _code(
    "W321",
    "the header has no licence with a URL, which archives need (E321 with validate --archive)",
    "add availability/licence with @target (edition.toml: [publication] licence, licence_url)",
    CI,
)
IDENTIFIER_FOR_ARCHIVE: Final = _code(
    "W322",
    "the header has no identifier (publicationStmt/idno), which archives need (E322 with validate --archive)",
    "add publicationStmt/idno (edition.toml: [publication] idno)",
    CI,
)

# ---------------------------------------------------------------------------------------------- E4xx/W4xx exports
HTML_NOT_TEI: Final = _code("E410", "the root element is not a TEI <TEI> or <teiCorpus>", "export a TEI document", HTML)
HTML_UNKNOWN_ELEMENT: Final = _code("W411", "an element has no HTML rendering of its own; its content was rendered as text", None, HTML)
UNSAFE_LINK: Final = _code("W412", "an unsafe link target (javascript:, data:, …) was not made a link", None, HTML)
PDF_NOT_INSTALLED: Final = _code(
    "E420",
    "WeasyPrint (the PDF renderer) or its system libraries are not installed",
    "install WeasyPrint into the same Python (`pip install weasyprint`) and its system libraries "
    "(Debian/Ubuntu: `apt-get install libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core`); `make venv` does the Python part",
    PDF,
)
PDF_RENDER_FAILED: Final = _code(
    "E421", "WeasyPrint could not render the PDF (a system library or font failed)", "check WeasyPrint's system libraries and fonts", PDF
)
PDF_LAYOUT_FAILED: Final = _code(
    "E422",
    "WeasyPrint failed while laying out the pages (a bug in WeasyPrint)",
    "try --untagged; report the file to the tei-edition project",
    PDF,
)
PDF_NOTE_WITHOUT_CALL: Final = _code("W421", "a note has no call in the text; it is printed at the end of its witness", None, PDF)
WEASYPRINT_WARNING: Final = _code("W422", "WeasyPrint warned while laying out the PDF (a missing glyph, an unsupported CSS)", None, PDF)

# ---------------------------------------------------------------------------------------------- E5xx/W5xx build, package
NO_INPUT: Final = _code(
    "E501", "a document folder has no input file (source.txt or edition.xml)", "add the input, or remove the folder from the corpus", BUILD
)
BUILD_CONFIG: Final = _code("E502", "a [build] section that cannot be used", "see docs/build.md for the [build] keys", BUILD)
EXPORT_FAILED: Final = _code("E503", "an export (html, pdf, text) of a document failed", None, BUILD)
BUILD_INTERNAL: Final = _code(
    "E504",
    "an unexpected error while building one document (a bug in tei-edition)",
    "please report it with the document; the other documents were built",
    BUILD,
)
BUILD_LOCKED: Final = _code(
    "E505", "another build is writing the same output folder", "wait for it to finish, or build into another folder", BUILD
)
ARCHIVE_MISSING: Final = _code(
    "E510", "a header field an archive needs is missing", "add it to the header (the document's edition.toml)", BUILD
)
ARCHIVE_RECOMMENDED: Final = _code("W511", "a header field archives like to have is missing", None, BUILD)
BAD_BAG: Final = _code(
    "E512", "the bag is not valid (a file changed, is missing or is not in the manifest)", "package the document again", BUILD
)
NOT_A_BAG: Final = _code("E513", "not a BagIt bag at all", "give the folder of a bag (it holds bagit.txt)", BUILD)
BAG_EXISTS: Final = _code("E514", "the output bag exists", "remove it or use --replace", BUILD)
NOT_BUILT: Final = _code(
    "E515", "the document failed to build or is not valid: nothing to package", "fix the findings of the build first", BUILD
)

# ---------------------------------------------------------------------------------------------- E6xx/W6xx refusals
NOT_REGULAR: Final = _code(
    "E601", "the output is a FIFO, socket, device or folder: never replaced, never written", "give the name of a regular file", SECURITY
)
IS_INPUT: Final = _code("E602", "the output is one of the command's inputs", "write the output to another file", SECURITY)
WRITE_FAILED: Final = _code(
    "E603",
    "writing failed (disk full, file size limit, permission); nothing half-written is left",
    "free space or check the permissions, then run again",
    SECURITY,
)
NOT_OURS: Final = _code(
    "E604", "a folder to replace or delete was not made by tei-edition", "remove it yourself or choose another output folder", SECURITY
)
SAME_OUTPUT: Final = _code("E605", "two outputs of one command are the same file", "give each output its own file", SECURITY)
OUTSIDE: Final = _code("E610", "a corpus file or document folder leads (through a symlink) outside the corpus", None, SECURITY)
NOT_A_FILE: Final = _code("E611", "a corpus input is not a regular file (a FIFO, device, socket, folder or broken link)", None, SECURITY)
OVERLAP: Final = _code(
    "E612",
    "the output folder is, holds or lies inside the corpus or one of its document folders",
    "choose an output folder outside the corpus",
    SECURITY,
)
PROFILE_UNKNOWN: Final = _code(
    "E620", "the profile is neither a shipped name nor a path to a .toml file", "a profile file's name ends in .toml", PROFILES
)
PROFILE_OUTSIDE: Final = _code(
    "E621",
    "edition.toml names a profile outside its folder (absolute, '..' or through a symlink)",
    "keep the profile in the document's folder",
    PROFILES,
)
PROFILE_NOT_FILE: Final = _code("E622", "the profile path is missing or not a regular file", "check the path", PROFILES)
PROFILE_TOO_LARGE: Final = _code(
    "E623", "the profile is larger than its size bound", "a profile is a few kB of rules; is it the right file?", PROFILES
)
PATTERN_UNSAFE: Final = _code(
    "E624",
    "a profile pattern can backtrack without end (nested quantifiers, overlapping alternatives)",
    "make the inner repetition possessive (*+, ++) or atomic ((?>…)), or bound it ({0,80})",
    PROFILES,
)
PATTERN_TIMEOUT: Final = _code(
    "E625", "a profile pattern ran longer than its time bound on the text", "simplify the pattern (see docs/profiles.md)", PROFILES
)
NOT_XML_TEXT: Final = _code("E626", "a metadata value holds a character XML cannot store", "remove the character", SECURITY)
REFUSED_URL: Final = _code(
    "W620",
    "a URL was not loaded into the PDF (nothing is fetched)",
    "the PDF is made from the TEI alone; link to the resource (ref/@target) instead of embedding it",
    SECURITY,
)
TOO_DEEP_TO_EXPORT: Final = _code("E630", "the document is nested deeper than the exporters handle", None, SECURITY)
RECURSION: Final = _code("E631", "the exporter ran out of room to recurse (the depth bound was not enough)", None, SECURITY)


# ---------------------------------------------------------------------------------------------- the reference page

RANGES = [
    ("E0", "Loading XML (E0xx)"),
    ("1", "Conversion (E1xx, W1xx)"),
    ("E2", "Schemas (E2xx)"),
    ("3", "Project rules (E3xx, W3xx)"),
    ("4", "Exports (E4xx, W4xx)"),
    ("5", "Build and package (E5xx, W5xx)"),
    ("6", "Refusals on someone else's input (E6xx, W6xx)"),
]


def _cell(text: str | None) -> str:
    return "—" if not text else text.replace("|", "\\|").replace("\n", " ")


def markdown() -> str:
    """docs/diagnostics.md: a table per range of codes."""
    out = [
        "# Diagnostic codes",
        "",
        "<!-- Generated from tei_edition/codes.py by `python -m tei_edition.codes > docs/diagnostics.md`; do not edit. -->",
        "",
        "Every finding is printed as `file:line:col: severity CODE: message`, often with a hint. Codes are stable: tests",
        "and scripts may rely on them, not on the wording. The severity belongs to the code: `E` is an error (exit",
        'status 1), `W` a warning (the output is written), `I` an info. "What to do" is the hint shown when the place',
        "that reports the finding has no more precise one.",
        "",
    ]
    for prefix, heading in RANGES:
        rows = [
            c
            for c in sorted(REGISTRY.values(), key=lambda c: (c.code[1:], c.code))
            if (c.code.startswith(prefix) if prefix[0].isalpha() else c.code[1] == prefix)
        ]
        out += [f"## {heading}", "", "| code | severity | meaning | what to do | documented in |", "|---|---|---|---|---|"]
        for c in rows:
            page = c.doc.removeprefix("docs/")
            link = "this page" if c.doc == HERE else f"[{page}]({page})"
            out.append(f"| {c.code} | {c.severity} | {_cell(c.title)} | {_cell(c.hint)} | {link} |")
        out.append("")
    return "\n".join(out)


if __name__ == "__main__":
    import sys

    sys.stdout.write(markdown())
