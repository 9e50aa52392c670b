"""Generates schemas/tei_edition.xsd (the TEI subset the project writes) from the vocabulary.

The elements, their content models, model classes, macros and attribute classes are described once, in
`tei_edition/tei/vocabulary.py` (which also says how each one renders); this script only writes them as W3C XML Schema
1.0. Run `python schemas/make_xsd.py` after editing the vocabulary; tests/test_schema.py fails when the committed XSD
is stale. Every content model is a restriction of the TEI P5 4.12.0 one (tei_all.rng): the TEI class or macro each
entry narrows is named beside it in the vocabulary, so a reader can check it against the element's spec.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE.parent) not in sys.path:  # run as a script from a checkout
    sys.path.insert(0, str(HERE.parent))

from tei_edition import TEI_NS  # noqa: E402
from tei_edition.tei import vocabulary as V  # noqa: E402

TARGET = HERE / "tei_edition.xsd"
TEI_VERSION = "4.12.0"
XS_NS = "http://www.w3.org/2001/XMLSchema"

# ---------------------------------------------------------------- particles


def _occurs(mn, mx) -> str:
    out = ""
    if mn != 1:
        out += f' minOccurs="{mn}"'
    if mx != 1:
        out += f' maxOccurs="{"unbounded" if mx == "u" else mx}"'
    return out


def particle(p: V.Particle) -> str:
    """One particle of the vocabulary as XSD: an element (of type `<name>_type` unless given), a group, a sequence, a
    choice."""
    if isinstance(p, V.Ref):
        return f'<xs:element name="{p.name}" type="tei:{p.type or p.name}_type"{_occurs(p.min, p.max)}/>'
    if isinstance(p, V.Group):
        return f'<xs:group ref="tei:{p.name}"{_occurs(p.min, p.max)}/>'
    tag = "sequence" if isinstance(p, V.Seq) else "choice"
    return f"<xs:{tag}{_occurs(p.min, p.max)}>" + "".join(particle(i) for i in p.items) + f"</xs:{tag}>"


def group(name: str) -> str:
    """A model class: its member elements, then the classes it includes."""
    _, includes = V.CLASSES[name]
    return particle(V.Choice(tuple(V.members(name)) + tuple(V.Group(c) for c in includes)))


# ---------------------------------------------------------------- attributes


def attribute(a: V.Attribute) -> str:
    if a.name.startswith("xml:"):
        return f'<xs:attribute ref="{a.name}"/>'
    if a.values:
        opts = "".join(f'<xs:enumeration value="{v}"/>' for v in a.values)
        return f'<xs:attribute name="{a.name}"><xs:simpleType><xs:restriction base="xs:token">{opts}</xs:restriction></xs:simpleType></xs:attribute>'
    assert a.type is not None, f"attribute {a.name}: neither values nor a type in the vocabulary"
    t = a.type if ":" in a.type else f"tei:{a.type}"
    u = ' use="required"' if a.required else ""
    return f'<xs:attribute name="{a.name}" type="{t}"{u}/>'


# ---------------------------------------------------------------- simple types (TEI datatypes, narrowed)

SIMPLE_TYPES = """
  <xs:simpleType name="teidata.word">
    <xs:annotation><xs:documentation>teidata.word: a token with no control or separator characters.</xs:documentation></xs:annotation>
    <xs:restriction base="xs:token"><xs:pattern value="[^\\p{{C}}\\p{{Z}}]+"/></xs:restriction>
  </xs:simpleType>
  <xs:simpleType name="teidata.words">
    <xs:restriction><xs:simpleType><xs:list itemType="tei:teidata.word"/></xs:simpleType><xs:minLength value="1"/></xs:restriction>
  </xs:simpleType>
  <xs:simpleType name="teidata.pointer">
    <xs:annotation><xs:documentation>teidata.pointer: a URI reference, "#id" for a local one.</xs:documentation></xs:annotation>
    <xs:restriction base="xs:anyURI"><xs:pattern value="\\S+"/></xs:restriction>
  </xs:simpleType>
  <xs:simpleType name="teidata.pointers">
    <xs:restriction><xs:simpleType><xs:list itemType="tei:teidata.pointer"/></xs:simpleType><xs:minLength value="1"/></xs:restriction>
  </xs:simpleType>
  <xs:simpleType name="teidata.certainty">
    <xs:restriction base="xs:token">
      <xs:enumeration value="high"/><xs:enumeration value="medium"/><xs:enumeration value="low"/><xs:enumeration value="unknown"/>
    </xs:restriction>
  </xs:simpleType>
  <xs:simpleType name="teidata.temporal.w3c">
    <xs:union memberTypes="xs:date xs:gYear xs:gMonth xs:gDay xs:gYearMonth xs:gMonthDay xs:time xs:dateTime"/>
  </xs:simpleType>
  <xs:simpleType name="gapReason">
    <xs:annotation><xs:documentation>gap/@reason, closed: hiatus (not recorded in the witness), illegible, inaudible,
      editorial, and for [...]-style omissions omitted and sampling (see schemas/README.md).</xs:documentation></xs:annotation>
    <xs:restriction base="xs:token">{gap_reasons}</xs:restriction>
  </xs:simpleType>
  <xs:simpleType name="gapReasons">
    <xs:restriction><xs:simpleType><xs:list itemType="tei:gapReason"/></xs:simpleType><xs:minLength value="1"/></xs:restriction>
  </xs:simpleType>
"""


def complex_type(schema: V.Schema) -> str:
    content = schema.content
    if content.kind == "mixed":
        assert content.macro is not None, f"{schema.type}: mixed content names its macro"
        body = particle(V.Choice(tuple(V.MACROS[content.macro]), 0, "u"))
        head = f'<xs:complexType name="{schema.type}_type" mixed="true">'
    elif content.kind == "mixedWith":
        body = particle(V.Choice(content.particles, 0, "u"))
        head = f'<xs:complexType name="{schema.type}_type" mixed="true">'
    elif content.kind == "empty":
        body = ""
        head = f'<xs:complexType name="{schema.type}_type">'
    else:
        p = content.particle
        body = particle(V.Seq((p,)) if isinstance(p, V.Ref) else p)
        head = f'<xs:complexType name="{schema.type}_type">'
    atts = "".join(attribute(a) for a in schema.own) + "".join(f'<xs:attributeGroup ref="tei:{g}"/>' for g in schema.atts)
    return f"  {head}{body}{atts}</xs:complexType>\n"


def build() -> str:
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>\n',
        "<!-- GENERATED by schemas/make_xsd.py from tei_edition/tei/vocabulary.py: edit the vocabulary, then run it. -->\n",
        f'<xs:schema xmlns:xs="{XS_NS}" xmlns:tei="{TEI_NS}"\n'
        f'  targetNamespace="{TEI_NS}" elementFormDefault="qualified" attributeFormDefault="unqualified"\n'
        f'  version="{TEI_VERSION}">\n',
        f"  <xs:annotation><xs:documentation>tei-edition: the subset of TEI P5 {TEI_VERSION} that the project writes and accepts.\n"
        "    Every document valid against this schema is meant to be valid against tei_all as well.</xs:documentation></xs:annotation>\n",
        '  <xs:import namespace="http://www.w3.org/XML/1998/namespace" schemaLocation="xml.xsd"/>\n',
        # Only TEI is a global element, so no fragment (a lone <p>) validates as a document.
        '  <xs:element name="TEI" type="tei:TEI_type"/>\n',
        SIMPLE_TYPES.format(gap_reasons="".join(f'<xs:enumeration value="{r}"/>' for r in V.PROJECT_GAP_REASONS)),
    ]
    for name, atts in V.ATTRIBUTE_CLASSES.items():
        out.append(f'  <xs:attributeGroup name="{name}">{"".join(attribute(a) for a in atts)}</xs:attributeGroup>\n')
    for name in V.CLASSES:
        out.append(f'  <xs:group name="{name}">{group(name)}</xs:group>\n')
    for _, schema in V.SCHEMA_TYPES.values():
        out.append(complex_type(schema))
    out.append("</xs:schema>\n")
    return _indent("".join(out))


def _indent(text: str) -> str:
    """Pretty-print the generated schema (the XSD has no mixed content, so indentation is safe)."""
    from lxml import etree

    root = etree.fromstring(text.encode("utf-8"), etree.XMLParser(remove_blank_text=True))
    etree.indent(root, space="  ")
    body = etree.tostring(root, encoding="unicode")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        + "<!-- GENERATED by schemas/make_xsd.py from tei_edition/tei/vocabulary.py: edit the vocabulary, then run it. -->\n"
        + body
        + "\n"
    )


def main(argv: list[str]) -> int:
    text = build()
    if "--check" in argv:
        return 0 if TARGET.read_text(encoding="utf-8") == text else 1
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {TARGET.name} ({len(text)} bytes, {len(V.SCHEMA_TYPES)} element types)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
