"""The document's structure, read in the order the data flows; each concern is its own module:

1. blocks (tei_edition/reader/blocks.py): the text split into runs of non-empty lines;
2. regions (regions.py): a distributor's header and licence, kept out of the body;
3. notes (notes.py): the note list at the end, its heading, or the [Footnote …] blocks after their paragraphs;
4. sections (sections.py): where the numbered sections begin (the note numbers restart in each);
5. front matter (front.py): author, title, date line before the body;
6. witnesses (witnesses.py): the body split at its source notes, each witness's body read by sections
   (sections.py, letters.py: headings, opener, paragraphs, lists, verse, tables, closer, postscript) and inline
   (inline.py: note calls, emphasis, dates …);
7. notes again: the bodies no call answered, as unanchored notes;
8. languages (languages.py): the main language, paragraphs and short runs in another, mixed-script words.

What each convention looks like comes from the profile (tei_edition/profiles/*.toml, with the shared
profiles/conventions.toml); these modules decide only where blocks go in the TEI document model (encoding.md §2), so
that every block stays, in source order, somewhere. The state of one conversion is a ReadState (context.py), handed on
explicitly.
"""

from __future__ import annotations

from tei_edition.dates import first_year
from tei_edition.diagnostics import Diagnostic
from tei_edition.model import Block, Child, Document, Node
from tei_edition.reader import chrome, front, infoblock, languages, letters, notes, regions, sections, witnesses
from tei_edition.reader.blocks import split_blocks
from tei_edition.reader.context import ReadState
from tei_edition.reader.profile import Profile
from tei_edition.source import SourceText


def read_document(source: SourceText, meta, profile: Profile) -> tuple[Document, list[Diagnostic]]:
    """Read the whole source into a Document; diagnostics say what was not understood (never dropped)."""
    state = ReadState(source, meta, profile)
    blocks, trailing = split_blocks(source.text)
    pre, main, post = regions.split_regions(state, blocks)
    # a website's chrome at the top and the bottom (not where a distributor's header and licence are the regions)
    top_chrome, main, bottom_chrome = chrome.split_chrome(state, main) if not (pre or post) else ([], main, [])
    text_blocks, notes_heading, notes_space = notes.split_end_notes(state, main)
    state.division_starts = sections.divisions(state, text_blocks)
    if profile.notes.get("bodies") == "after":
        text_blocks = notes.collect_footnote_blocks(state, text_blocks)
    top_info, bottom_info = infoblock.find(state, text_blocks)
    letters.mark_openers(state, text_blocks)  # (a letter's opener is no front matter)
    info_after: list[Block] = []
    if bottom_info is not None:
        text_blocks, info_after = text_blocks[:bottom_info], text_blocks[bottom_info:]
    info_before: list[Block] = []
    if top_info is not None:  # what stands before the info block is front matter, what follows it the body
        first, end = top_info
        front_blocks, info_before, body_blocks = text_blocks[:first], text_blocks[first:end], text_blocks[end:]
    else:
        front_blocks, body_blocks = front.split_front(state, text_blocks)
    state.year = meta.year or first_year(" ".join(b.text for b in front_blocks) or source.text[:2000])
    front_nodes, date_block, facts = front.read_front(state, front_blocks, state.ctx("front"))
    front.people(state, facts, text_blocks[:12])
    if info_before:
        front_nodes.append(infoblock.info_div(state, info_before, "top"))
    if top_chrome:
        front_nodes = chrome.chrome_nodes(state, top_chrome) + front_nodes
    if pre:
        front_nodes = [regions.region_div("pgHeader", pre)] + front_nodes
    read = witnesses.read_witnesses(state, body_blocks)
    front.finish_facts(state, facts, read)
    orphans = notes.orphan_notes(state, state.ctx("notes"))
    back = [regions.region_div("pgLicence", post)] if post else []
    if info_after:
        back.insert(0, infoblock.info_div(state, info_after, "bottom"))
    if trailing == 0:
        source.file.final_newline = False
    doc = Document(
        front_nodes,
        date_block,
        read,
        orphans,
        max(trailing - 1, 0),
        any(n.form != "footnoteBlock" for n in state.notes.values()),
        state.year,
        notes_space,
    )
    doc.back = state.letter_back + back  # (the source note after a letter comes first)
    doc.end_notes = [n for n in state.note_order if n.run is None]
    doc.notes_heading = notes_heading
    doc.renditions = state.renditions
    doc.header_fields = state.header_fields
    doc.found = state.found
    doc.profile = profile.name
    if bottom_chrome:
        doc.back_end = [Node("div", {"type": "chrome"}, list[Child](chrome.chrome_nodes(state, bottom_chrome)))]
    doc.title = facts
    doc.info = infoblock.summary(state) if state.info else None
    doc.conventions = state.fired
    languages.mark(doc, state)
    return doc, state.diagnostics
