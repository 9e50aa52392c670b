"""Blocks by their shape (tei_edition/reader/verse.py, sections.py): verse, lists whose items are blocks, section
numbers and headings — each firing on its evidence and not on a near miss."""

from __future__ import annotations

from tei_edition.convert import convert_bytes
from tei_edition.export.text import export_source
from tei_edition.reader.verse import line_run_ends, prose_lines, verse_lines

STANZA = ["The boats came home at evening,", "The gulls were crying low,", "And every lamp along the quay", "Was burning soft and slow."]


def test_verse_by_shape():
    assert verse_lines(STANZA)
    assert not verse_lines(STANZA[:2])  # two lines alone: an address or a heading
    assert verse_lines(STANZA[:2], 2)  # ... unless beside stanzas


def test_near_misses_are_not_verse():
    address = ["To the Secretary,", "Central Office,", "North Street"]
    index = ["Abbot, John, 12, 45", "Baker, Mary Ann, 7", "Carter, Thomas Hugh, 19, 20"]
    titles = ["The Early Years of the Union", "The Great Strike of the Yards", "The Union in the Northern Towns"]
    sentences = ["We met on Monday at the hall.", "The accounts were read out.", "The meeting ended at nine."]
    caps = ["THE BOATS CAME HOME AT EVENING", "THE GULLS WERE CRYING LOW", "AND EVERY LAMP ALONG THE QUAY"]
    wrapped = [
        "The congress met in the spring of that year in the great hall of the",
        "Workers' Institute, and the delegates of eleven towns were present,",
        "Among them the weavers of the valley, who had come on foot over the",
        "Hills because the railway company refused them the reduced fare.",
    ]
    remark = ["[Music: Treble clef, C major.", "Doctor shuts the door on death,", "Need will help us out of need.]"]
    for lines in (address, index, titles, sentences, caps, wrapped, remark):
        assert not verse_lines(lines), lines


def test_block_quote_is_prose_not_verse():
    quote = ["  the workers of the yards, who had been without wages for", "  eleven weeks, came out in a body and marched"]
    assert prose_lines(quote)
    assert not prose_lines(["  Freude, schoener Goetterfunken,", "    Tochter aus Elysium,"])


def test_verse_among_lines():
    lines = ["A long line of prose " * 10, *STANZA, "Another long line of prose " * 8, "With greetings,", "The Committee"]
    assert line_run_ends(lines) == [(1, 5)]


def _xml(text: str, profile: str | None = None) -> str:
    from lxml import etree

    result = convert_bytes(text.encode(), "t.txt", profile=profile)
    assert export_source(etree.ElementTree(etree.fromstring(result.xml))) == text.encode()  # byte for byte
    return result.xml.decode()


SHAPES = (
    "A Song\n\n" + "\n".join(STANZA) + "\n\n" + "\n".join(STANZA) + "\n\nThis was printed in a paper of the town.\n\n"
    "1. The first duty of every section.\n\n2. The second duty.\n\n3. The third duty.\n\nII.\n\n"
    "The second part of the report concerns the work of the sections in the country districts.\n"
)


def test_shapes_in_a_conversion():
    xml = _xml(SHAPES)
    assert xml.count('<lg type="stanza">') == 2 and xml.count('<lg type="poem">') == 1
    assert "<item>The second duty.</item>" in xml and xml.count("<list ") == 1
    assert '<head type="number">II.</head>' in xml


def test_plain_interprets_no_shape():
    xml = _xml(SHAPES, "plain")
    assert "<lg" not in xml and "<list" not in xml and "<head" not in xml


def test_labels_out_of_sequence_are_no_list():
    xml = _xml("Intro.\n\n1. The first duty.\n\n3. The third duty.\n")
    assert "<list" not in xml
