"""A glossary's entries: each term a heading by its spacing (more blank lines before it than before its paragraph),
a `div type="entry"` each (reader/sections.py spaced_headings), the first term too when it stands right under the
page's title (not front matter); a term that names a person with the years of a life is no letter's date line.
Made-up texts in the shape of the MIA's glossaries, with near misses."""

from __future__ import annotations

from tests.conversion import NS, convert

PEOPLE = (
    "Encyclopedia of Marxism: Glossary of People\n\n\n"
    "Bebel, August (1840-1913)\n\n"
    "German Social-Democrat, a turner by trade, one of the founders and leaders of the German Social-Democratic Party.\n\n"
    "In 1869, together with Wilhelm Liebknecht, he founded the Social-Democratic Workers' Party.\n\n\n"
    "Becker, Johann Philipp (1809-1886)\n\n"
    "Prominent figure in the German and international working-class movement; a member of the First International.\n"
)


def _heads(tree) -> list[str]:
    return ["".join(h.itertext()) for h in tree.findall(".//t:body//t:div[@type='entry']/t:head", NS)]


def test_every_term_of_a_glossary_is_an_entry_the_first_under_the_title_too():
    _, tree = convert(PEOPLE)
    assert _heads(tree) == ["Bebel, August (1840-1913)", "Becker, Johann Philipp (1809-1886)"]
    assert tree.findtext(".//t:titleStmt/t:title", namespaces=NS) == "Encyclopedia of Marxism: Glossary of People"
    assert tree.find(".//t:opener", NS) is None  # ("August (1840-1913)" is no date line)


def test_a_single_spaced_heading_under_the_title_stays_front_matter():
    text = PEOPLE.split("\n\n\nBecker")[0] + "\n"
    _, tree = convert(text)
    assert _heads(tree) == []
    assert "Bebel, August (1840-1913)" in ["".join(t.itertext()) for t in tree.findall(".//t:front//t:titlePart", NS)]
