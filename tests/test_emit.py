"""The emitter writes the bytes lxml would write for the same nodes (built as elements, indented by `indent`).

The converter writes the text of the TEI from the reader's nodes without building an lxml tree (tei_edition/tei/emit.py);
these tests hold it to lxml's serializer, the reference the golden pairs were first made with: random node trees
(element-only containers and mixed content, whitespace-only text, empty strings, every character lxml escapes,
attributes with None values) give the same bytes both ways.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from tei_edition import TEI_NS
from tei_edition.model import Node
from tei_edition.tei.build import ELEMENT_ONLY, T, X, indent
from tei_edition.tei.emit import Emitter, Quiet, escape_attribute, escape_text

EXAMPLES = int(os.environ.get("TEI_EDITION_FUZZ_EXAMPLES", "500"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=EXAMPLES <= 500)


def reference(node: Node, level: int) -> bytes:
    """lxml's bytes for `node`: built as an element under element-only parents down to `level`, indented, serialized."""
    tei = etree.Element(T + "TEI", nsmap={None: TEI_NS})
    parent = tei
    for _ in range(level - 1):  # element-only ancestors, so that `indent` reaches the node at `level`
        parent = etree.SubElement(parent, T + "div")
    build(parent, node)
    indent(tei)
    data = etree.tostring(tei, encoding="UTF-8").decode("utf-8")
    inner = data[data.index(">") + 1 : data.rindex("</TEI>")]
    for _ in range(level - 1):
        inner = inner[inner.index(">") + 1 : inner.rindex("</div>")]
    return inner.strip(" \n").replace("\u00a0", "&#xA0;").encode("utf-8")


def build(parent: etree._Element, node: Node) -> etree._Element:
    attrs = {(X + k[4:] if k.startswith("xml:") else k): v for k, v in node.attrs.items() if v is not None}
    e = etree.SubElement(parent, T + node.tag, attrs)
    last = None
    for c in node.children:
        if isinstance(c, str):
            if last is None:
                e.text = (e.text or "") + c
            else:
                last.tail = (last.tail or "") + c
        else:
            last = build(e, c)
    return e


def emitted(node: Node, level: int) -> bytes:
    emitter = Emitter()
    emitter.node(node, level)
    return emitter.text().encode("utf-8")


TEXT = st.one_of(
    st.sampled_from(
        [
            "",
            " ",
            "\n  ",
            "\n",
            "plain words",
            "a & b < c > d",
            "no-break\u00a0space",
            "tab\there",
            "cr\rhere",
            "\"quoted\" 'single'",
            "Ленин 列宁",
        ]
    ),
    st.text(
        st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff") | st.sampled_from(["\n", "\t", "\r"]),
        max_size=8,
    ),
)
VALUE = st.one_of(
    st.sampled_from(["#src_txt", "a.n1", "x & y", '"q"', "<>", "line\nbreak", "tab\t", "nb\u00a0sp", ""]),
    st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff"), max_size=6),
    st.none(),
)
TAG = st.sampled_from(sorted(ELEMENT_ONLY)[:12] + ["div", "body", "back", "p", "note", "lb", "hi", "gap", "head", "seg"])
ATTRS = st.dictionaries(st.sampled_from(["type", "n", "xml:id", "rend", "edRef", "resp", "xml:lang"]), VALUE, max_size=3)


def nodes(depth: int):
    if depth == 0:
        return st.builds(Node, TAG, ATTRS, st.just([]))
    children = st.lists(st.one_of(TEXT, nodes(depth - 1)), max_size=4)
    return st.builds(Node, TAG, ATTRS, children)


@SETTINGS
@given(nodes(3), st.integers(1, 4))
def test_emitter_writes_what_lxml_writes(node, level):
    assert emitted(node, level) == reference(node, level)


def test_indentation_of_element_only_containers_and_mixed_content_kept():
    body = Node(
        "body",
        {},
        [
            Node(
                "div",
                {"type": "speech"},
                [
                    "\n",
                    Node("p", {"xml:id": "a.p1"}, ["Text ", Node("lb", {"edRef": "#src_txt"}), " more"]),
                    Node("space", {"dim": "vertical"}),
                ],
            )
        ],
    )
    assert emitted(body, 2) == (
        b'<body>\n      <div type="speech">\n        <p xml:id="a.p1">Text <lb edRef="#src_txt"/> more</p>\n'
        b'        <space dim="vertical"/>\n      </div>\n    </body>'
    )
    mixed = Node("div", {}, ["words ", Node("p", {}, ["x"])])  # text in a container: written as built, not indented
    assert emitted(mixed, 2) == b"<div>words <p>x</p></div>"
    assert emitted(mixed, 2) == reference(mixed, 2)


def test_escapes():
    assert escape_text('a & b < c > d "q" \r \u00a0') == 'a &amp; b &lt; c &gt; d "q" &#13; &#xA0;'
    assert escape_attribute('a & "q"\n\t<\u00a0') == "a &amp; &quot;q&quot;&#10;&#9;&lt;&#xA0;"
    assert emitted(Node("p", {}, [""]), 1) == b"<p></p>"  # an empty string child: a pair, as lxml writes it
    assert emitted(Node("p", {"n": None}, []), 1) == b"<p/>"


def test_counts_and_features_leave_quiet_subtrees_out():
    licence = Quiet.of(Node("div", {"type": "pgLicence"}, [Node("p", {}, ["x", Node("lb", {"edRef": "#src_txt"})])]))
    text = Node(
        "text",
        {},
        [
            Node(
                "body",
                {},
                [Node("div", {}, [Node("p", {}, [Node("gap", {"reason": "hiatus"}), Node("date", {"calendar": "#julian"}, ["1917"])])])],
            ),
            Node("back", {}, [licence]),
        ],
    )
    emitter = Emitter()
    emitter.node(text, 1)
    assert emitter.counts["p"] == 2 and emitter.counts["lb"] == 1  # every element is counted for the report
    assert {"hiatus", "dates", "p"} <= emitter.features
    assert "lb" not in emitter.features and "gap" not in emitter.features  # the licence is not the edited text


def test_the_shared_line_break_is_written_as_any_lb():
    from tei_edition.model import LINE_BREAK

    p = Node("p", {}, ["one", LINE_BREAK, "two", LINE_BREAK])
    assert emitted(p, 1) == reference(p, 1) == b'<p>one<lb edRef="#src_txt"/>two<lb edRef="#src_txt"/></p>'


def test_text_encoded_in_pieces_is_the_text():
    """The emitter encodes what it has written in pieces (between the paragraphs of a division); the result is the
    same bytes as lxml's for the whole."""
    import tei_edition.tei.emit as emit

    div = Node("div", {"type": "letters"}, [Node("p", {"n": str(i)}, ["Ленин & co ", Node("hi", {}, ["x"])]) for i in range(9000)])
    emitter = Emitter()
    emitter.node(div, 1)
    assert emitter._chunks, f"nothing was encoded in pieces (more than {emit._PIECE} strings were written)"
    data = emitter.encoded(b"<head>", b"</tail>")
    assert data == b"<head>" + reference(div, 1) + b"</tail>"
    assert emitter.text().encode("utf-8") == reference(div, 1)
    assert data.count(b"<p ") == 9000
