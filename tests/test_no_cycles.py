"""Every tree is freed when the call that made it returns: no reference cycle holds a document (a recursive closure
is one) until the garbage collector runs, so a batch or a big input costs one document's memory, not many."""

from __future__ import annotations

import gc

import pytest

from tei_edition.convert import convert_bytes
from tei_edition.export import get
from tei_edition.tei.load import parse_tei_bytes
from tei_edition.validate.run import Options, validate_bytes
from tests.conftest import CORPUS

DOC = CORPUS / "000-lenin-1917-05-08-soviets"
LETTERS_IN_GROUPS = b"""<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>G</title></titleStmt>
<publicationStmt><p>p</p></publicationStmt><sourceDesc><p>s</p></sourceDesc></fileDesc></teiHeader>
<text><group><text><body><p>one</p></body></text><group><text><body><p>two</p></body></text></group></group></text></TEI>"""


def cyclic_garbage(call) -> list:
    """What `call` leaves for the cyclic garbage collector (the objects only it would free)."""
    call()  # caches and imports first
    gc.collect()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        call()
        gc.collect()
        return list(gc.garbage)
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()


TEI = (DOC / "edition.xml").read_bytes()
CALLS = {
    "convert": lambda: convert_bytes((DOC / "source.txt").read_bytes(), "source.txt").tree,
    "validate": lambda: validate_bytes(TEI, "edition.xml", Options()),
    "export text": lambda: get("text").export(parse_tei_bytes(TEI, "edition.xml"), "edition.xml", {}),
    "export html": lambda: get("html").export(parse_tei_bytes(TEI, "edition.xml"), "edition.xml", {}),
    "export html, nested groups": lambda: get("html").export(parse_tei_bytes(LETTERS_IN_GROUPS, "g.xml"), "g.xml", {}),
}


@pytest.mark.parametrize("name", list(CALLS))
def test_nothing_is_left_for_the_garbage_collector(name):
    left = cyclic_garbage(CALLS[name])
    functions = sorted({getattr(o, "__qualname__", "?") for o in left if type(o).__name__ == "function"})
    assert not left, f"{len(left)} objects in reference cycles (closures: {functions})"
