"""The document's structure, read in the order the data flows; each concern is its own module:

1. blocks (tei_edition/reader/blocks.py): the text split into runs of non-empty lines;
2. regions (regions.py): a distributor's header and licence, kept out of the body;
3. notes (notes.py): the note list at the end, its heading, or the [Footnote …] blocks after their paragraphs; the
   calls only the note list confirms (calls.py: digits glued to words, superscripts) found in the text before it;
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
from tei_edition.model import Block, Child, Document, Node, Witness
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
    # a website's chrome at the top and the bottom, a printed page's furniture at the top of the text (not where a
    # distributor's header and licence are the regions)
    page = chrome.split_chrome(state, main) if not (pre or post) else chrome.PageParts([], [], [], main, [])
    main = chrome.recurring_furniture(state, page.text)  # (and the page's top among the text, where its head recurs)
    text_blocks, notes_heading, notes_space = notes.split_end_notes(state, main)
    # a book's index at the end, its contents (and the title page before them) at the top
    text_blocks, index_blocks = regions.split_index(state, text_blocks)
    title_blocks, contents_blocks, text_blocks = regions.split_contents(state, text_blocks)
    state.division_starts = sections.divisions(state, text_blocks)
    if profile.notes.get("bodies") == "after":
        text_blocks = notes.collect_footnote_blocks(state, text_blocks)
    top_info, bottom_info = infoblock.find(state, text_blocks)
    letters.mark_openers(state, text_blocks)  # (a letter's opener is no front matter)
    if contents_blocks:  # the front matter was the title page and the contents
        top_info = None
    info_after: list[Block] = []
    if bottom_info is not None:
        text_blocks, info_after = text_blocks[:bottom_info], text_blocks[bottom_info:]
    info_before: list[Block] = []
    after_info: list[Block] = []
    if top_info is not None:  # what stands before the info block is front matter, what follows it the body
        first, end = top_info
        front_blocks, info_before, body_blocks = text_blocks[:first], text_blocks[first:end], text_blocks[end:]
        if infoblock.is_table(info_before):  # a wiki copy's metadata table: its source lines and headings follow it
            after_info, body_blocks = front.split_front(state, body_blocks, first=False)
    elif contents_blocks:
        front_blocks, body_blocks = [], text_blocks
    else:
        front_blocks, body_blocks = front.split_front(state, text_blocks)
    state.year = meta.year or first_year(" ".join(b.text for b in front_blocks) or source.text[:2000])
    front_ctx = state.ctx("front")  # one context for every part of the front: its ids are counted once
    front_nodes, date_block, facts = front.read_front(state, front_blocks, front_ctx)
    front.people(state, facts, (title_blocks + text_blocks)[:12])  # (a title page before the contents included)
    if info_before and after_info:
        front_nodes += infoblock.info_abs(state, info_before, "top")
    elif info_before:
        front_nodes.append(infoblock.info_div(state, info_before, "top"))
    if after_info:
        more_nodes, _, more_facts = front.read_front(state, after_info, front_ctx, first=False)
        front_nodes += more_nodes
        facts.source_notes += more_facts.source_notes
    body_start: list[Node] = []
    if page.furniture:  # the printed page's top stands before the text's first block, in front or in the body
        if front_blocks or info_before:
            front_nodes = page.furniture + front_nodes
        else:
            body_start = page.furniture
    if page.lead or page.top:  # the page's title, then its chrome
        lead_nodes = front.read_front(state, page.lead, front_ctx)[0] if page.lead else []
        front_nodes = lead_nodes + page.top + front_nodes
    if contents_blocks:  # (after a distributor's header, a div: in front a div is followed by divs only)
        title_nodes = [regions.region_div("titlePage", title_blocks)] if pre and title_blocks else []
        if title_blocks and not pre:
            title_nodes, _, page_facts = front.read_front(state, title_blocks, front_ctx)
            front.take_missing(facts, page_facts)  # (what the title page says of title and writer)
        front_nodes = title_nodes + [regions.contents_div(state, contents_blocks)] + front_nodes
    if pre:
        front_nodes = [regions.region_div("pgHeader", pre)] + front_nodes
    read = witnesses.read_witnesses(state, body_blocks)
    if body_start:
        if not read:
            read = [Witness([], None, None, "text")]
        read[0].body[:0] = body_start
    front.finish_facts(state, facts, read)
    orphans = notes.orphan_notes(state, state.ctx("notes"))
    back = [infoblock.info_div(state, info_after, "bottom")] if info_after else []
    if index_blocks:
        back.append(regions.index_div(state, index_blocks))
    if post:
        back.append(regions.region_div("pgLicence", post))
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
    doc.letters = state.letter_divs
    if page.bottom:
        doc.back_end = [Node("div", {"type": "chrome"}, list[Child](chrome.chrome_nodes(state, page.bottom)))]
    doc.title = facts
    if post and (doc.end_notes or notes_heading is not None or orphans):  # a licence after the note list stays after it
        doc.back_end.insert(0, back.pop())
    doc.info = infoblock.summary(state) if state.info else None
    doc.conventions = state.fired
    languages.mark(doc, state)
    return doc, state.diagnostics
