"""The one vocabulary (tei_edition/tei/vocabulary.py) against the project schema and every table derived from it; the
TEI namespace defined once; and the HTML export's promise that no element, wherever it stands, loses its words.

The schema is read here from the committed tei_edition.xsd itself (not from the vocabulary that generated it), so the
kinds and renderings are checked against what the schema says each element may hold and where it may stand.
"""

from __future__ import annotations

import collections
import functools
import re

import lxml.html
import pytest
from lxml import etree

from tei_edition import TEI_NS
from tei_edition.export import text as text_export
from tei_edition.export.html import export_html
from tei_edition.export.html import render as html_render
from tei_edition.export.html import words as word_check
from tei_edition.tei import build as tei_build
from tei_edition.tei import vocabulary as V
from tei_edition.tei.load import parse_tei_bytes
from tei_edition.tei.names import TEI, local_name
from tests.conftest import ROOT, need_shared

XS = "{http://www.w3.org/2001/XMLSchema}"
RNG = "{http://relaxng.org/ns/structure/1.0}"
PACKAGE = ROOT / "tei_edition"

# ---------------------------------------------------------------------------------------------- the XSD, read back


@functools.cache
def xsd():
    """What the committed schema says: {type: (element name, content kind, element names it may hold)}."""
    root = etree.parse(str(ROOT / "schemas" / "tei_edition.xsd")).getroot()
    groups = {g.get("name"): g for g in root.iterfind(XS + "group")}

    def holds(node, seen=()) -> set[str]:
        out = set()
        for d in node.iterdescendants(XS + "element", XS + "group"):
            if d.tag == XS + "element":
                out.add(d.get("type").removeprefix("tei:").removesuffix("_type"))
            elif d.get("ref") not in seen:
                out |= holds(groups[d.get("ref").removeprefix("tei:")], (*seen, d.get("ref")))
        return out

    names = {}  # type -> element name
    for e in root.iter(XS + "element"):
        names[e.get("type").removeprefix("tei:").removesuffix("_type")] = e.get("name")
    types = {}
    for ct in root.iterfind(XS + "complexType"):
        t = ct.get("name").removesuffix("_type")
        particles = [c for c in ct if c.tag in (XS + "sequence", XS + "choice")]
        kind = "mixed" if ct.get("mixed") == "true" else ("elements" if particles else "empty")
        types[t] = (names[t], kind, {names[h] for h in holds(ct)})
    return types


def xsd_kind(name: str) -> str:
    return xsd()[name][1]


def xsd_elements() -> set[str]:
    return {n for n, _, _ in xsd().values()}


# ---------------------------------------------------------------------------------------------- the table itself


def test_every_entry_is_well_formed():
    for name, e in V.ELEMENTS.items():
        assert e.kind in V.KINDS and e.text in V.TEXT_RENDERINGS and e.words in V.WORDS, name
        assert e.html is None or e.html in ("div", "span", "-") or re.fullmatch(r"@\w+:\w*", e.html), (name, e.html)
        if e.html_renderer:
            assert callable(getattr(html_render.Renderer, "render_" + e.html_renderer, None)), (name, e.html)
        for schema in e.schemas:
            for cls in schema.member:
                assert cls in V.CLASSES, (name, cls)
            for att in schema.atts:
                assert att in V.ATTRIBUTE_CLASSES, (name, att)
            for held, typ in V.referenced(schema.content):
                assert typ in V.SCHEMA_TYPES and V.SCHEMA_TYPES[typ][0].name == held, (name, held, typ)
    for cls in V.CLASSES:
        assert V.members(cls) or V.CLASSES[cls][1], f"model class {cls} has no member"


def test_the_module_says_how_to_add_an_element():
    doc = V.__doc__
    assert "Adding an element" in doc and "make_xsd.py" in doc and "render_<name>" in doc


# ---------------------------------------------------------------------------------------------- the schema


def test_the_committed_schema_is_the_vocabulary():
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_xsd", ROOT / "schemas" / "make_xsd.py")
    make_xsd = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_xsd)
    assert make_xsd.build() == (ROOT / "schemas" / "tei_edition.xsd").read_text(encoding="utf-8"), "run python schemas/make_xsd.py"
    assert set(xsd()) == set(V.SCHEMA_TYPES)
    assert xsd_elements() == set(V.PROJECT)
    for typ, (element, schema) in V.SCHEMA_TYPES.items():
        assert xsd()[typ][0] == element.name
        assert xsd()[typ][1] == {"mixedWith": "mixed"}.get(schema.content.kind, schema.content.kind), typ
    # the schema takes its namespace from the one constant
    assert f'targetNamespace="{TEI_NS}"' in make_xsd.build()


def test_gap_reasons_are_the_schemas_and_each_is_read_aloud():
    root = etree.parse(str(ROOT / "schemas" / "tei_edition.xsd")).getroot()
    st = next(s for s in root.iter(XS + "simpleType") if s.get("name") == "gapReason")
    closed = [e.get("value") for e in st.iter(XS + "enumeration")]
    assert closed == list(V.PROJECT_GAP_REASONS)
    for reason in closed:  # "omitted" had no reading: the HTML showed the bare word
        assert html_render.GAP_REASONS.get(reason), reason


# ---------------------------------------------------------------------------------------------- the emitter


def test_the_writer_indents_only_element_only_content():
    """Indenting inside mixed content would add text; the old table named biblStruct, monogr and imprint, which
    the project schema does not have."""
    assert tei_build.ELEMENT_ONLY == V.names_where(indent=True)
    for name in tei_build.ELEMENT_ONLY:
        assert name in V.PROJECT, f"{name} is indented but not in the project schema"
        assert xsd_kind(name) == "elements", f"{name} is indented but holds text in the schema"


# written on one line although element-only (the goldens have them so): line blocks, phrases, and these two
ONE_LINE = {"postscript", "tagsDecl", "figure"}  # (a figure stands inside a paragraph, where its placeholder was)


def test_element_only_containers_are_indented_unless_written_on_one_line():
    for name in V.PROJECT:
        e = V.ELEMENTS[name]
        if xsd_kind(name) == "elements" and e.kind in (V.CONTAINER, V.HEADER) and name not in ONE_LINE:
            assert e.indent, f"{name} is an element-only {e.kind} but is not indented"
    for name in ONE_LINE:
        assert not V.ELEMENTS[name].indent


# ---------------------------------------------------------------------------------------------- kinds against content


def test_kinds_agree_with_the_content_the_schema_allows():
    for name in V.PROJECT:
        e, kind = V.ELEMENTS[name], xsd_kind(name)
        if e.kind == V.MILESTONE:
            assert kind == "empty", name
        if kind == "empty":
            assert e.kind == V.MILESTONE or name == "ptr", f"{name} holds nothing but is a {e.kind}"
        if e.kind == V.BLOCK:
            assert kind == "mixed", f"the block {name} holds no text in the schema"
        if e.kind == V.LINES:
            assert kind == "elements" and e.text == "line-block", name


# ---------------------------------------------------------------------------------------------- the text exporter


def test_text_tables_are_the_vocabulary_and_disjoint():
    tables = {"BLOCKS": "block", "LINE_BLOCKS": "line-block", "SKIP": "skip", "CONTAINERS": "container", "MILESTONES": "milestone"}
    for table, rendering in tables.items():
        assert getattr(text_export, table) == V.names_where(text=rendering), table
    names = list(tables)
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            assert not getattr(text_export, a) & getattr(text_export, b), (a, b)  # lg was a line block and a container


def test_every_element_a_container_holds_has_a_text_rendering():
    """What the schema lets stand directly in an element-only container (div, body, postscript …) is read as a block,
    a line block, a container, a milestone, a note or nothing (skip): never walked for child elements only, which
    drops its text (an `l` standing in a div lost its line)."""
    for name in V.PROJECT:
        e = V.ELEMENTS[name]
        if e.text != "container" or xsd_kind(name) != "elements":
            continue
        for held in xsd()[name][2]:
            child = V.ELEMENTS[held]
            assert child.text in ("block", "line-block", "container", "milestone", "skip") or child.kind == V.NOTE, (
                f"<{held}> may stand in <{name}> but is read as {child.text}"
            )


def test_lines_outside_their_line_block_keep_their_words():
    from tei_edition.export.text import export_text

    doc = (
        f'<TEI xmlns="{TEI_NS}"><teiHeader/><text><body><div><l>a stray verse line</l>'
        "<lg><l>first line</l><l>second line</l></lg><list><item>an item</item></list>"
        "<table><row><cell>a cell</cell></row></table></div></body></text></TEI>"
    ).encode()
    reading = export_text(parse_tei_bytes(doc), "reading").decode()
    for words in ("a stray verse line", "first line", "second line", "an item", "a cell"):
        assert words in reading
    source = export_text(parse_tei_bytes(doc), "source").decode()
    assert "a stray verse line" in source and "first line\nsecond line" in source


# ---------------------------------------------------------------------------------------------- the HTML renderer


def test_handlers_are_the_vocabulary():
    for name, e in V.ELEMENTS.items():
        assert (name in html_render.HANDLERS) == (e.html is not None), name


def test_every_element_a_project_text_may_hold_has_an_html_rendering():
    """A document valid against the project schema never gets W411 (edition and resp, in a bibl, had no rendering)."""
    for name in V.reachable("text"):
        assert V.ELEMENTS[name].html is not None, f"<{name}> may stand in the text but has no HTML rendering"


def _rendered_tag(name: str) -> str | None:
    """The HTML element that the renderer makes of <name>y</name> standing in a div (None: none of its own)."""
    tree = parse_tei_bytes(f'<TEI xmlns="{TEI_NS}"><teiHeader/><text><body><div><{name}>y</{name}></div></body></text></TEI>'.encode())
    r = html_render.Renderer(tree)
    out = etree.Element("section")
    r.render(tree.getroot().find(f"{TEI}text/{TEI}body/{TEI}div/{TEI}{name}"), out)
    if not len(out) or out[0].get("class", "").startswith("tei-content"):
        return None
    tag = out[0].tag
    return "h" if re.fullmatch(r"h[1-6]", tag) else tag


def test_renderings_make_the_html_elements_the_vocabulary_names():
    for name, e in V.ELEMENTS.items():
        if e.html is None or e.html == "-":
            continue
        made = _rendered_tag(name)
        if made is None:  # nothing of its own here (a ptr without target, a cb): a phrase-level mark
            assert e.html_tag not in html_render.HTML_BLOCKS, name
            continue
        assert (made in html_render.HTML_BLOCKS) == (e.html_tag in html_render.HTML_BLOCKS), (name, e.html, made)
        assert (name in html_render.BLOCKY) == (made in html_render.HTML_BLOCKS), name


# rendered as HTML phrases, but their edges end a word: each makes its own separation (fw and space pad with spaces,
# gap adds its explanation, graphic its label, note and app their call, respStmt spaces its parts, titlePart is a
# CSS block, ptr shows its target)
PHRASES_THAT_BREAK = {"fw", "space", "gap", "graphic", "note", "app", "respStmt", "titlePart", "ptr"}


def test_word_checker_tables_agree_with_the_renderings():
    """An element rendered as an HTML phrase may sit inside a word in the checker, one rendered as a block may not;
    bibl, desc, resp and edition were HTML phrases that the checker treated as word boundaries."""
    assert word_check.TEI_INLINE == V.names_where(words="inline")
    assert word_check.LINE_BREAKS == V.names_where(words="line") == {"lb", "pb", "cb"}
    assert word_check.TEI_APART_PARENTS == V.names_where(apart=True) == {"choice", "app", "rdgGrp", "subst"}
    for name, e in V.ELEMENTS.items():
        if e.html is None or e.words == "line":
            continue
        made = _rendered_tag(name)
        if made is None or name in PHRASES_THAT_BREAK:
            continue
        assert (made in word_check.HTML_INLINE) == (e.words == "inline"), (name, made, e.words)


# ---------------------------------------------------------------------------------------------- the namespace, once


def _package_sources():
    return sorted([*PACKAGE.rglob("*.py"), ROOT / "schemas" / "make_xsd.py"])


def test_the_tei_namespace_is_written_once():
    literal = [p for p in _package_sources() for line in p.read_text(encoding="utf-8").splitlines() if "tei-c.org/ns/1.0" in line]
    assert literal == [PACKAGE / "__init__.py"]
    prefix = [
        p
        for p in _package_sources()
        for line in p.read_text(encoding="utf-8").splitlines()
        if re.search(r"%\s*TEI_NS|\{\{\{TEI_NS\}\}\}|\"\{\"\s*\+\s*TEI_NS", line)
    ]
    assert prefix == [PACKAGE / "tei" / "names.py"]


# the spelling of a name in the source (prefix and local part, for columns and lengths), not its TEI name
SOURCE_SPELLING = {("validate", "schema.py"), ("validate", "rules.py")}


def test_one_local_name_helper():
    helpers = re.compile(r"def (tei_name|_tei_name|_tag|_attr|local|tag)\(|\.localname if|tag\[len\(T(EI)?\):\]")
    for path in _package_sources():
        if path == PACKAGE / "tei" / "names.py":
            continue
        source = path.read_text(encoding="utf-8")
        assert not helpers.search(source), f"{path.relative_to(ROOT)} defines a local-name helper of its own"
        if ".localname" in source:
            assert (path.parent.name, path.name) in SOURCE_SPELLING, f"{path.relative_to(ROOT)} reads .localname"


def test_local_name():
    assert local_name(etree.fromstring(f'<p xmlns="{TEI_NS}"/>')) == "p"
    assert local_name(etree.fromstring("<p/>")) == "p"
    assert local_name(etree.fromstring('<p xmlns="urn:x"/>')) == "{urn:x}p"
    assert local_name(etree.Comment("c")) is None and local_name(etree.ProcessingInstruction("pi")) is None
    assert local_name("{http://www.w3.org/XML/1998/namespace}id") == "xml:id" and local_name(TEI + "div") == "div"


# ---------------------------------------------------------------------------------------------- never dropped


def _tei(body: str) -> bytes:
    return (
        f'<TEI xmlns="{TEI_NS}" xmlns:x="urn:x"><teiHeader><fileDesc><titleStmt><title>T</title></titleStmt>'
        "<publicationStmt><p/></publicationStmt><sourceDesc><p/></sourceDesc></fileDesc></teiHeader>"
        f"<text><body>{body}</body></text></TEI>"
    ).encode()


def _lost(body: str) -> collections.Counter:
    tree = parse_tei_bytes(_tei(body))
    html, _ = export_html(tree)
    return word_check.missing_words(tree, html)


def test_text_in_a_figure_in_a_figure_is_kept():
    """The case from a TEI Consortium test file: text directly inside a figure nested in a figure."""
    body = "<div><p>before</p><figure><figure>inner words <graphic url='a.png'/> after graphic</figure>outer words</figure></div>"
    assert not _lost(body)
    doc = lxml.html.document_fromstring(export_html(parse_tei_bytes(_tei(body)))[0])
    assert "inner words" in doc.xpath("string(//figure/figure)") and "outer words" in doc.xpath("string(//figure)")


@functools.cache
def tei_all_names() -> tuple[str, ...]:
    """Every element name of TEI P5 (tei_all.rng), without the examples namespace's egXML."""
    rng = etree.parse(str(need_shared("schemas", "tei_all.rng")))
    return tuple(sorted({e.get("name") for e in rng.iter(RNG + "element") if e.get("name") and not e.get("ns")}))


def containers() -> list[str]:
    """One element of every container kind: each kind with each HTML rendering (every special renderer, every mark),
    an element that has no rendering, an unknown TEI element and one in another namespace."""
    seen, out = set(), []
    for name, e in V.ELEMENTS.items():
        if (e.kind, e.html) not in seen:
            seen.add((e.kind, e.html))
            out.append(name)
    return [*out, "mystery", "x:box"]


def _case(i: int, container: str, child: str) -> str:
    return f"<{container}>c{i}a <{child}>c{i}b</{child}> c{i}c</{container}> "  # (spaces: no word runs into the next case)


@pytest.mark.parametrize("container", containers())
def test_no_element_in_any_container_loses_its_text_or_tail(container):
    """Every element of the vocabulary and of tei_all, with text and a tail, inside `container`: the HTML holds
    every word of the TEI text (words.py's checker)."""
    children = sorted(set(V.ELEMENTS) | set(tei_all_names()) | {"mystery", "x:box"})
    cases = [_case(i, container, child) for i, child in enumerate(children)]
    lost = _lost("<div>" + "".join(cases) + "</div>")
    where = {f"c{i}{k}": child for i, child in enumerate(children) for k in "abc"}
    assert not lost, f"in <{container}>: " + ", ".join(f"<{where.get(w, '?')}> lost {w}" for w in sorted(lost))
