"""Fuzzing at size: large, repeated and warning-heavy sources through convert, validate and export html.

The generators of tests/test_fuzz.py make a unit (a page, a book, a mutated page, or a run of one construct that warns:
unmatched calls, unknown brackets, stray note bodies); the unit is repeated to 50 KB–1 MB. For each input: no internal
error, the TEI is valid and round-trips as the conversion says, and each stage keeps within a bound that grows
linearly with the bytes it reads (a constant plus microseconds per byte: a case that is quadratic in its notes, its
warnings or its elements cannot pass). `make test` runs a few examples, `make fuzz` many (TEI_EDITION_FUZZ_EXAMPLES).
"""

from __future__ import annotations

import os
import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from tei_edition.convert import LOSSY, convert_bytes
from tei_edition.errors import InputError
from tei_edition.export.html import export_html
from tei_edition.export.text import export_text
from tei_edition.validate.run import Options, validate_bytes
from tests.test_fuzz import FORMS, _encode, gutenberg_books, mia_pages, mutated, sources

EXAMPLES = max(3, int(os.environ.get("TEI_EDITION_FUZZ_EXAMPLES", "500")) // 100)
MAX_BYTES = 1_000_000
# Bounds per stage: a start-up constant plus a cost per byte read, about 10 times what the slowest shape costs on a
# busy shared core (convert: Gutenberg letters, about 3 MB/s; validate and HTML: a few MB of TEI per second).
BOUND_SECONDS = 1.0
CONVERT_US_PER_BYTE = 3.0
VALIDATE_US_PER_BYTE = 2.0
HTML_US_PER_BYTE = 3.0

WARNING_UNITS = st.sampled_from(
    [
        "text[7] ",  # a call without a body
        "[Footnote 9: a body nobody calls]\n\n",
        "{3} a note for nothing\n\n",
        "[illegible] [?] [sic] [unknown bracket] ",
        "word* † ‡ ",
        "_emphasis never closed ",
        "ехрrimons Ленин Lenin ",  # mixed-script tokens
        "1. August\n  2. a note line\n",
        "Dear Sir,\n\nYours truly,\nJ. S.\n\n",
    ]
)


@st.composite
def large(draw) -> bytes:
    unit = draw(
        st.one_of(
            st.builds(_encode, st.one_of(sources(), gutenberg_books(), mia_pages(), mutated()), FORMS),
            st.lists(WARNING_UNITS, min_size=1, max_size=6).map(lambda parts: "".join(parts).encode()),
        )
    )
    size = draw(st.sampled_from([50_000, 200_000, MAX_BYTES]))
    return (unit * (size // max(1, len(unit)) + 1))[:size]


def timed(fn, size: int, us_per_byte: float):
    """(result, seconds, allowed): run once more when the first run is over the bound (a pause of the machine is
    not the input's cost) and keep the faster."""
    allowed = BOUND_SECONDS + size * us_per_byte / 1e6
    started = time.perf_counter()
    result = fn()
    seconds = time.perf_counter() - started
    if seconds >= allowed:
        started = time.perf_counter()
        fn()
        seconds = min(seconds, time.perf_counter() - started)
    return result, seconds, allowed


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=EXAMPLES <= 5)
@given(data=large(), profile=st.sampled_from(["mia", "gutenberg", "plain", None]))
def test_large_and_warning_heavy_sources_stay_linear(data, profile):
    try:
        result, seconds, allowed = timed(lambda: convert_bytes(data, "large.txt", profile=profile), len(data), CONVERT_US_PER_BYTE)
    except InputError as exc:
        assert exc.diagnostics and all(d.code.startswith("E") for d in exc.diagnostics)
        return
    assert seconds < allowed, f"convert: {len(data)} bytes took {seconds:.2f} s"
    tree = etree.ElementTree(etree.fromstring(result.xml, etree.XMLParser(huge_tree=True)))
    if result.lossless:
        assert export_text(tree, "source") == data
    else:
        assert {d.code for d in result.diagnostics} & LOSSY
    size = len(result.xml)
    found, seconds, allowed = timed(lambda: validate_bytes(result.xml, "large.xml", Options()), size, VALIDATE_US_PER_BYTE)
    assert seconds < allowed, f"validate: {size} bytes of TEI took {seconds:.2f} s"
    assert not [d for d in found.diagnostics if d.is_error], found.diagnostics[:3]
    (html, _), seconds, allowed = timed(lambda: export_html(tree, name="large.xml"), size, HTML_US_PER_BYTE)
    assert seconds < allowed, f"export html: {size} bytes of TEI took {seconds:.2f} s"
    assert html.startswith("<!DOCTYPE html>")
