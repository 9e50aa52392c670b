"""Letters (TEI Guidelines 4.1–4.2): which blocks of a section are its opener (address, date lines, salutation),
closer (closing words, signature), postscripts and the edition's source note after it, and whether a section is a
letter at all.

Evidence: `letters = true` in [blocks]; the [conventions] `dateline` (with `months`), the short date lines
(`weekdays`, the `month_names` of every language, `dateline_short_words`), `dateline_place`, `salute` (with
`salute_words`, `salute_ends`), `salute_alone` and `salute_bare_words` (a salutation without its punctuation just
before the first paragraph), `closing` (with `closing_words`), `sentence_end`, `signed` (with `signed_titles`),
`closer_line` ("Most truly yours | C. Darwin"), `postscript`, `letter_source_note`; and the block's place: an opener
among the first four blocks, a signature among the last three before the postscripts. TEI allows a closer only after
the body of a division: a section with nothing between opener and closer keeps its parts as paragraphs. The nodes
are made where the section is read (tei_edition/reader/sections.py).

Several letters on one page (`letter_starts`): a heading naming writer and addressee (`letter_heading`,
`letter_to_words`) or a number and the addressee (`letter_number_heading`) before a letter's opener, after blocks
holding a letter of their own; or a date line or salutation right after the signature of a letter with an opener.
"""

from __future__ import annotations

import re

from tei_edition.model import Block, Child, Node
from tei_edition.reader.blocks import is_caps_heading, line_blocks
from tei_edition.reader.context import ReadState
from tei_edition.reader.inline import InlineContext, conjectured_date, editors_bracket, read_inline

OPENER_ZONE = 4  # an opener's parts stand among the letter's first blocks
SIGNATURE_ZONE = 3  # the signature among the last blocks before the postscripts
TRAILING_ZONE = 8  # the edition's source note among the last blocks
SHORT = 60  # a salutation without punctuation, a signature after closing words: short lines


def is_letter_start(state: ReadState, b: Block) -> bool:
    """A block that opens a letter (front matter stops before it)."""
    conventions = state.conventions
    return state.block_kinds.letters and (
        b.start in state.letter_openers or conventions.is_dateline(b.text) or conventions.is_salute(b.text)
    )


def mark_openers(state: ReadState, blocks: list[Block]) -> None:
    """The opener of a letter at the top of the text, found before the front matter is split off: its salutation
    (a bare one too) and the date and place lines just before it ("Down Bromley Kent", "Friday Evening")."""
    if not state.block_kinds.letters:
        return
    top = [i for i, b in enumerate(blocks[:10]) if b.role is None]
    salute = next((k for k, i in enumerate(top[:-1]) if _is_any_salute(state, blocks[i].text) or run_in_salute(state, blocks[i])), None)
    if salute is None:
        return
    state.letter_openers.add(blocks[top[salute]].start)
    k = salute - 1
    while k >= 0 and salute - k <= 3 and _is_date_or_place(state, blocks[top[k]]):
        state.letter_openers.add(blocks[top[k]].start)
        k -= 1


def letter_starts(state: ReadState, blocks: list[Block]) -> list[int]:
    """Where a further letter of the page begins (several letters one after the other): a heading naming writer and
    addressee ("ENGELS TO LAURA LAFARGUE", "Marx an Engels", "To George Washington") or a number and the addressee
    ("120. Э. ГЕРВЕГ", `letter_number_heading`), with a letter's date line or salutation among the next blocks; or,
    without a heading, a date line or salutation right after the signature of the letter before it."""
    if not state.block_kinds.letters:
        return []
    real = [i for i, b in enumerate(blocks) if b.role is None]
    starts: list[int] = []
    scanned, sentence = 0, False  # blocks looked at since the last start, and whether one was a sentence
    for k, i in enumerate(real):
        if k == 0:
            continue
        after = real[k + 1 : k + OPENER_ZONE]
        first = starts[-1] if starts else 0
        if scanned < first:
            scanned, sentence = first, False
        if letter_heading_start(state, blocks[i]) and any(_is_opener_part(state, blocks[j]) for j in after[:2]):
            # (the letter before it has a paragraph of its own: a heading over the first letter's opener begins none)
            for b in blocks[scanned:i]:  # (each block looked at once: linear in the page)
                sentence = sentence or (b.role is None and len(b.text.split()) > 6 and conventions_sentence(state, b.text))
            scanned = i
            before = _ends(blocks[first:i])
            if sentence and any(r is not None for r in _letter_roles(state, before)):
                starts.append(i)
                _fire(state, "letter-series-heading", blocks[i], "a heading naming writer or addressee before a letter's opener")
        elif (
            _is_opener_part(state, blocks[i])
            and _is_signature_line(state, blocks[real[k - 1]].text)
            and any(_is_any_salute(state, blocks[j].text) or run_in_salute(state, blocks[j]) for j in [i, *after[:2]])
            and _whole_letter(state, _ends(blocks[first:i]))
        ):
            # (the letter before it has its opener and ends in its signature, read as such)
            starts.append(i)
            _fire(state, "letter-series-opener", blocks[i], "a date line or salutation right after a signature")
    return starts


def _ends(blocks: list[Block]) -> list[Block]:
    """A letter's first and last blocks, which alone its opener's and closer's roles look at (a long letter's
    middle left out, so that asking costs the same for any length)."""
    head, tail = OPENER_ZONE * 2, TRAILING_ZONE + SIGNATURE_ZONE + 6
    return blocks if len(blocks) <= head + tail + 1 else blocks[:head] + blocks[head : head + 1] + blocks[-tail:]


def _whole_letter(state: ReadState, blocks: list[Block]) -> bool:
    roles = _letter_roles(state, blocks)
    return any(r in ("dateline", "salute", "address") for r in roles) and any(r in ("signed", "closer-line") for r in roles)


def conventions_sentence(state: ReadState, text: str) -> bool:
    return bool(state.conventions.sentence_end.search(text))


def letter_heading_start(state: ReadState, b: Block) -> bool:
    text = b.text
    if len(text) > 100 or text.count("\n") > 1 or text.rstrip()[-1:] in tuple(",;:!?"):
        return False
    first = text.split("\n")[0]
    return _names_addressee(state, first) or bool(state.conventions.letter_number_heading.match(first))


def unlabelled(state: ReadState, text: str) -> str:
    """A letter's heading without the label before it ("Letter: TO W. E. HENLEY" → "TO W. E. HENLEY")."""
    m = state.conventions.letter_label.match(text)
    return text[m.end() :] if m else text


def heads_letter(state: ReadState, blocks: list[Block], i: int) -> bool:
    """blocks[i] is a letter's heading: it names the addressee, and a part of a letter's opener is one of the next
    two blocks."""
    if blocks[i].role is not None or not letter_heading_start(state, blocks[i]):
        return False
    return any(blocks[j].role is None and _is_opener_part(state, blocks[j]) for j in range(i + 1, min(i + 3, len(blocks))))


def begins_series(state: ReadState, blocks: list[Block], i: int) -> bool:
    """blocks[i] heads the first of several letters on the page: a letter's heading, and one further down heads a
    letter too (the first heading is then its letter's, not the page's title)."""
    return (
        state.block_kinds.letters
        and heads_letter(state, blocks, i)
        and any(heads_letter(state, blocks, j) for j in range(i + 2, len(blocks)))
    )


def name_case(state: ReadState, name: str) -> str:
    """A name printed in capitals as a name is written ("LAURA LAFARGUE" → "Laura Lafargue", "VON WESTPHALEN" →
    "von Westphalen", "J. P. BECKER" → "J. P. Becker"), for the header; any other name as printed."""
    letters = [ch for ch in name if ch.isalpha()]
    if len(letters) < 2 or not all(ch.isupper() for ch in letters):
        return name
    particles = set(state.conventions.name_particles)
    words = [w.title() if len(w) > 1 or not w.isalpha() else w for w in name.split(" ")]
    return " ".join(w.lower() if w.lower() in particles and k else w for k, w in enumerate(words))


def heading_people(state: ReadState, text: str | None) -> tuple[str | None, str | None]:
    """(writer, addressee) a letter's heading names: "ENGELS TO LAURA LAFARGUE", "To George Washington", "120. Э.
    ГЕРВЕГ" (a number and the addressee); (None, None) for no heading."""
    if not text:
        return None, None
    conventions = state.conventions
    first = unlabelled(state, text.split("\n")[0])
    m = conventions.letter_heading.match(first)
    if m:
        writer = None if m.group("writer") in conventions.letter_words else name_case(state, m.group("writer"))
        return writer, name_case(state, m.group("addressee"))
    n = conventions.letter_number_heading.match(first)
    rest = first.partition(" ")[2] if n else first
    word, _, name = rest.partition(" ")
    if word in conventions.letter_to_words:
        return None, name_case(state, name.strip()) or None
    return (None, name_case(state, rest.strip()) or None) if n else (None, None)


def _is_opener_part(state: ReadState, b: Block) -> bool:
    if run_in_salute(state, b):
        return True
    return len(b.text) <= 120 and "\n" not in b.text and (_is_date_or_place(state, b) or _is_any_salute(state, b.text))


RUN_IN_REST = 20  # a salutation run into the paragraph: at least this much of the paragraph after it
RUN_IN_WORDS = 8  # and at most this many words of salutation before it


def run_in_salute(state: ReadState, b: Block) -> tuple[int, int] | None:
    """(end of the salutation, start of the paragraph) in a block whose first line begins with a salutation run into
    the letter's first paragraph (`salute_run_in`: "DEAR HENLEY,--I hope", "MY DEAR FRED, On Friday"), or None.
    Without a dash only a salutation in capitals before a capitalised word ("My dear friend, I write" is a sentence)."""
    text = b.text
    conventions = state.conventions
    m = conventions.salute_run_in.match(text)
    if m is None or len(text) - m.end() < RUN_IN_REST:
        return None
    salute = m.group("salute")
    word = text[m.end() :].split(None, 1)[0].lstrip("\"'“‘(")
    if len(salute.split()) > RUN_IN_WORDS or not word[:1].isupper() or not conventions.is_salute(salute):
        return None  # ("Dear me,--what a day": no letter's first paragraph)
    if m.group("dash") is None and not (salute.isupper() and m.group("sep") and (len(word) == 1 or not word.isupper())):
        return None
    return m.end("salute"), m.end()


def _is_signature_line(state: ReadState, text: str) -> bool:
    conventions = state.conventions
    return len(text) <= SHORT and "\n" not in text and (conventions.is_signed(text) or bool(conventions.closer_line.match(text)))


def looks_like_letter(state: ReadState, blocks: list[Block]) -> bool:
    return any(r in ("dateline", "salute", "signed", "closer-line") for r in letter_roles(state, blocks))


def letter_roles(state: ReadState, blocks: list[Block]) -> list[str | None]:
    """Roles of a letter's parts: address, datelines, salute at the start; closing words, signature, postscripts and
    the edition's source note at the end. (Asked twice of a section, whether it is a letter and then its parts: the
    last answer is kept.)"""
    key = (id(blocks), len(blocks), blocks[0].start if blocks else -1)
    cached = state.letter_roles_cache
    if cached is not None and cached[0] == key:
        return list(cached[1])
    roles = _letter_roles(state, blocks)
    state.letter_roles_cache = (key, roles)
    return list(roles)


def _letter_roles(state: ReadState, blocks: list[Block]) -> list[str | None]:
    roles: list[str | None] = [None] * len(blocks)
    real = [i for i, b in enumerate(blocks) if b.role is None]
    if not real:
        return roles
    opening = _opener_roles(state, blocks, real, roles)
    _closer_roles(state, blocks, real, roles, opened=any(r is not None for r in roles))
    caps = state.block_kinds.caps_headings
    # (the blocks after a postscript's mark are the postscript's: they are no body between opener and closer)
    first_postscript = next((i for i in real if roles[i] == "postscript"), len(blocks))
    middle = any(
        roles[i] is None and not (caps and (opening is None or i < opening) and is_caps_heading(blocks[i]))
        for i in real
        if (opening is None or i > opening)  # (what stands before the opener is a heading, not the letter's body)
        and i < first_postscript
        and not (roles[i] is None and _after_source_note(roles, i))
    )
    if not middle:  # TEI puts a closer only after the body of a division: with none, the parts stay paragraphs
        for i in real:
            if roles[i] in ("closing", "signed", "closer-extra", "closer-line", "postscript"):
                roles[i] = None
    return roles


def _after_source_note(roles: list[str | None], i: int) -> bool:
    return "source-note" in roles[:i]


def _opener_roles(state: ReadState, blocks: list[Block], real: list[int], roles: list[str | None]) -> int | None:
    """Set the opener's roles; the index of its first part (or None)."""
    conventions = state.conventions
    zone: list[int] = []
    for i in real[:OPENER_ZONE]:
        if len(blocks[i].text) > 120 or len(blocks[i].lines) > 2:
            break
        zone.append(i)
    salute = next(
        (
            k
            for k, i in enumerate(zone)
            if conventions.is_salute(blocks[i].text) or (i != real[-1] and _is_bare_salute(state, blocks[i].text))
        ),
        None,
    )
    before = zone[:salute] if salute is not None else zone
    for i in before:
        if conventions.is_dateline(blocks[i].text) or _is_short_dateline(state, blocks[i]):
            roles[i] = "dateline"
    if salute is not None:
        roles[zone[salute]] = "salute"
        _fire(state, "letter-salute-bare", blocks[zone[salute]], "a salutation without punctuation before the first paragraph")
    # a place line alone just before a date line or the salutation is the place of the date line
    for k in reversed(range(len(before))):
        following = zone[k + 1] if k + 1 < len(zone) else None
        i = before[k]
        if roles[i] is None and following is not None and roles[following] in ("dateline", "salute") and _is_place(state, blocks[i]):
            roles[i] = "dateline"
            _fire(state, "letter-place-line", blocks[i], "a place line before the date line or salutation")
    # the writer's street address beside a date line ("Manchester, 3 August 1859" over "7 Southgate")
    for k, i in enumerate(before):
        near = [zone[j] for j in (k - 1, k + 1) if 0 <= j < len(zone)]
        if roles[i] is None and conventions.street_address.match(blocks[i].text) and any(roles[j] == "dateline" for j in near):
            roles[i] = "address"
            _fire(state, "letter-street-address", blocks[i], "a house number and street beside the date line")
    # the addressee under the heading, before the text: "Natsarenus, Commissar Extraordinary"
    if zone and roles[zone[0]] is None and _is_address(state, blocks[zone[0]].text) and zone[0] != real[-1]:
        roles[zone[0]] = "address"
        _fire(state, "letter-address", blocks[zone[0]], "the addressee and office under the heading")
    parts = [i for i in zone if roles[i] in ("dateline", "salute", "address")]
    if len(parts) > 1:  # a short line between two opener parts ("85 florins enclosed.") stays in the opener
        for i in real:
            if parts[0] < i < parts[-1] and roles[i] is None:
                roles[i] = "opener-extra"
    return parts[0] if parts else None


def _closer_roles(state: ReadState, blocks: list[Block], real: list[int], roles: list[str | None], *, opened: bool) -> None:
    """`opened`: the section has a letter's opener; without one, a signature known by its shape alone must end the
    section (a glossary's last term followed by its paragraph is no signature and postscript)."""
    conventions = state.conventions
    free = [i for i in real if roles[i] is None]
    if len(free) < 2:
        return
    # the edition's source note after the letter ("FC (Vi); at head of text: …"): it and what follows
    end = len(free)
    for k in range(max(1, len(free) - TRAILING_ZONE), len(free)):
        if len(blocks[free[k]].text) <= 2000 and conventions.letter_source_note.match(blocks[free[k]].text):
            end = k
            break
    body = free[:end]
    # postscripts: each block beginning with a postscript word after the signature (or with no signature at all)
    # opens one; the blocks after it belong to it
    starts = [k for k in range(max(1, len(body) - 6), len(body)) if blocks[body[k]].text.startswith(conventions.postscript)]
    letter_end, signed = len(body), None
    for k in starts:
        signed = _signature(state, blocks, body[:k], opened=True)  # (a postscript mark is a letter's evidence)
        if signed is not None:
            letter_end = k
            break
    else:
        signed = _signature(state, blocks, body, opened=opened)
        if signed is None and starts:
            letter_end = starts[0]
    for k in range(letter_end, len(body)):
        if blocks[body[k]].text.startswith(conventions.postscript):
            roles[body[k]] = "postscript"
    if signed is None:
        return
    if end < len(free):  # (only after a letter's signature)
        roles[free[end]] = "source-note"
        _fire(state, "letter-source-note", blocks[free[end]], "the edition's source note after the letter")
    k = body.index(signed)
    text = blocks[signed].text
    roles[signed] = "closer-line" if conventions.closer_line.match(text) or closing_and_signature(state, text) is not None else "signed"
    # after the signature: its continuation (after "BEETHOVEN,") or a title stays in the closer; a sentence
    # ("My kindest regards to your excellent husband.") is a postscript without "P.S."
    continued = blocks[signed].text.rstrip().endswith(",")
    for i in body[k + 1 : letter_end]:
        text = blocks[i].text
        if not continued and conventions.sentence_end.search(_TRAILING_CALLS.sub("", text)) and len(text.split()) >= 4:
            roles[i] = "postscript"
            _fire(state, "letter-postscript-unmarked", blocks[i], "a sentence after the signature")
            break
        roles[i] = "closer-extra"
    j = k - 1
    while j >= 1 and k - j <= 2 and _is_closing(state, blocks[body[j]].text, formula=True):
        roles[body[j]] = "closing"
        j -= 1


def _signature(state: ReadState, blocks: list[Block], body: list[int], *, opened: bool) -> int | None:
    """The signature: the first block among the last few that is one (by shape, or a short line after closing
    words) with at most two short lines after it (a title, an address, a postscript without "P.S.")."""
    conventions = state.conventions
    for k in range(max(1, len(body) - SIGNATURE_ZONE), len(body)):
        after = body[k + 1 :]
        # after a signature that closing words announce ("Your" / "K. M."), the postscript may be a paragraph
        announced = conventions.is_signed(blocks[body[k]].text) and _is_closing(state, blocks[body[k - 1]].text)
        if len(after) > 2 or (not announced and any(len(blocks[i].text) > 80 for i in after)):
            continue
        text = blocks[body[k]].text
        if "\n" in text:
            continue
        line = conventions.closer_line.match(text)
        if line and _is_closing(state, line.group("closing")):
            _fire(state, "letter-closer-line", blocks[body[k]], "closing words and signature on one line, '|' between")
            return body[k]
        if not after and closing_and_signature(state, text) is not None:
            _fire(state, "letter-closing-signed", blocks[body[k]], "closing words and the signature on the letter's last line")
            return body[k]
        # ("Your" | "FELIX."; "Salut." | "Your" | "K. M.": a closing formula before the signature is none)
        if conventions.is_signed(text) and not (after and _is_closing(state, text, formula=True)):
            if opened or not after or _is_closing(state, blocks[body[k - 1]].text):
                return body[k]
            continue
        if (
            len(text) <= SHORT
            and len(text.split()) <= 6
            and _is_closing(state, blocks[body[k - 1]].text)
            and not (after and conventions.closing.match(text))  # ("Salute e fratellanza" | "Vostro" | "F. Engels")
        ):
            _fire(state, "letter-signed-after-closing", blocks[body[k]], "a short line after the closing words")
            return body[k]
    return None


_TRAILING_CALLS = re.compile(r"(?:\[\d{1,4}\]|\{\d{1,4}\}|\(\d{1,4}\)|[*†‡])+\s*$")  # ("… every day.[3]": still a sentence)
CLOSING_LINE_WORDS = 6  # the closing words before a signature on one line: "Believe me, yours very sincerely,"
_ENDS_SENTENCE = re.compile(r"(?:[^\W\d_]{3,}[.!?]|[!?])\s*$")  # ("Father." ends a sentence; "K. M." initials do not)


def closing_and_signature(state: ReadState, text: str) -> int | None:
    """Where the signature begins in a last line that holds closing words and a signature: after a comma ("Yours,
    Lenin", "Ever yours, C. Darwin") or after closing words ending in one of them, before a name of two words or
    initials ("Ваш Н. Ленин", "Yours truly K. M."); None for any other line (a sentence: "not your Father.")."""
    if len(text) > SHORT or "\n" in text or "|" in text or _ENDS_SENTENCE.search(text):
        return None
    conventions = state.conventions
    comma = text.rfind(", ")
    candidates = [(comma + 2, True)] if comma > 0 else []
    candidates += [(m.end(), False) for m in re.finditer(r"(?<!,) ", text)]
    for at, after_comma in candidates:
        closing, name = text[:at].rstrip(), text[at:]
        if not (
            closing
            and len(closing.split()) <= CLOSING_LINE_WORDS
            and conventions.closing.match(closing)
            and not conventions.sentence_end.search(closing)
            and conventions.is_signed(name)
            and not conventions.closing.match(name)
        ):
            continue
        if after_comma or (conventions.closing.match(closing.split()[-1]) and (" " in name or name.endswith("."))):
            return at
    return None


CLOSING_FORMULA_WORDS = 3  # a closing formula may end a sentence when it is this short: "Best greetings.", "Salut!"


def _is_closing(state: ReadState, text: str, *, formula: bool = False) -> bool:
    """Closing words ("Yours ever,", "I remain, Sir, your obedient servant"); with `formula`, also a short formula
    that ends a sentence ("Best greetings.", "Farewell!"), asked only of the lines just before a signature."""
    conventions = state.conventions
    if len(text) > 120:  # ("I have the Honor to be with the greatest respect Sir Yr Most Obedt Hble Servt")
        return False
    if conventions.sentence_end.search(text):
        return formula and len(text.split()) <= CLOSING_FORMULA_WORDS and bool(conventions.closing.match(text))
    if _SENTENCE_INSIDE.search(text):  # ("… the main thing.--Your" / "sincere friend,": a paragraph ending so)
        return False
    return bool(conventions.closing.match(text) or text.rstrip().endswith(","))


_SENTENCE_INSIDE = re.compile(r"[^\W\d_]{2}[.!?](?:--|—|\s)")


def _is_bare_salute(state: ReadState, text: str) -> bool:
    conventions = state.conventions
    if conventions.sentence_end.search(text):
        return False
    lines = text.split("\n")
    if len(lines) == 2 and all(len(line) <= SHORT for line in lines):  # "Comrade Vladimirsky (or any other member" / …
        return text.startswith(conventions.salute_bare_words)
    return len(text) <= SHORT and len(lines) == 1 and (text in conventions.salute_alone or text.startswith(conventions.salute_bare_words))


def _is_any_salute(state: ReadState, text: str) -> bool:
    return state.conventions.is_salute(text) or _is_bare_salute(state, text)


def _names_addressee(state: ReadState, text: str) -> bool:
    """A heading naming the addressee: "To JD. Hooker", "TO F. RIES", "Letter: TO W. E. HENLEY" (`letter_to_words`,
    after a `letter_label`), or writer and addressee: "Marx To Engels", "From Thomas Jefferson to George Washington"
    (`letter_heading`)."""
    conventions = state.conventions
    text = unlabelled(state, text)
    return text.partition(" ")[0] in conventions.letter_to_words or bool(conventions.letter_heading.match(text))


def _is_short_dateline(state: ReadState, b: Block) -> bool:
    """A short line naming a month, a weekday or a year ("Baden, June 12.", "1819.", "Friday Evening"), or an editor's
    bracket holding a date, perhaps conjectured, and its place ("[London, towards the end of December 1877]")."""
    text = b.text
    conventions = state.conventions
    if _is_bracketed_date(state, text):
        return True
    if (
        _LIFE_SPAN.search(text)  # ("Bebel, August (1840-1913)": a glossary's term, not a date line)
        or _names_addressee(state, text)
        or len(text) > SHORT
        or "\n" in text
        or text.endswith((":", "?"))
        or len(text.split()) > conventions.dateline_short_words
    ):
        return False
    if state.block_kinds.caps_headings and is_caps_heading(b) and not conventions.date_word.search(text.title()):
        return False
    return bool(conventions.date_word.search(text))


_LIFE_SPAN = re.compile(r"\((?:c\.[ \u00a0]?|b\.[ \u00a0]?)?\d{3,4}[–-](?:\d{2,4})?\)")


def _is_bracketed_date(state: ReadState, text: str) -> bool:
    if not (text.startswith("[") and text.endswith("]")) or "\n" in text or len(text) > 122 or "[" in text[1:]:
        return False
    found = state.conventions.dating.conjecture(text[1:-1], bracketed=True)
    if found is None:
        return False
    place = text[1 : found[0] - 1]  # (the place, the comma after it) before the date
    return found[0] == 0 or (
        bool(state.conventions.dateline_place.match(place.rstrip(","))) and not state.conventions.date_word.search(place)
    )


def _is_place(state: ReadState, b: Block) -> bool:
    text = b.text
    if len(text) > 50 or "\n" in text or _names_addressee(state, text) or (state.block_kinds.caps_headings and is_caps_heading(b)):
        return False
    if text.partition(" ")[0] in state.conventions.addressee_place_words:
        return False  # where the addressee was ("В ЦЮРИХ"): the heading's
    return bool(state.conventions.dateline_place.match(text))


def _is_date_or_place(state: ReadState, b: Block) -> bool:
    if "\n" in b.text:  # a date line over the sender's address ("Manchester, 3 August 1859" / "7 Southgate")
        lines = b.lines
        return len(lines) <= PART_LINES and all(len(line) <= SHORT for line in lines) and state.conventions.is_dateline(lines[0])
    return state.conventions.is_dateline(b.text) or _is_short_dateline(state, b) or _is_place(state, b)


def _is_address(state: ReadState, text: str) -> bool:
    """ "Name, Office": a short line naming the addressee and an office (`signed_titles`)."""
    conventions = state.conventions
    if len(text) > 80 or "\n" in text or ", " not in text or conventions.sentence_end.search(text):
        return False
    office = text.partition(", ")[2]
    return any(word in office for word in conventions.signed_titles)


def _fire(state: ReadState, name: str, b: Block, evidence: str) -> None:
    """Name the convention in the report, once per document (the report says where it first fired)."""
    if name not in state.letter_fired:
        state.letter_fired.add(name)
        state.convention(name, b, evidence)


def letter_part(state: ReadState, tag: str, b: Block, ctx: InlineContext) -> Node:
    state.count(tag)
    if tag == "dateline":
        return Node(tag, {}, _phrases(_dateline_children(state, b, ctx)))
    if tag == "address":
        return _address(b.text, b.start, ctx)
    return Node(tag, {}, read_inline(b.text, b.start, ctx))


def _address(text: str, start: int, ctx: InlineContext) -> Node:
    return Node("address", {}, [Node("addrLine", {}, _phrases(read_inline(text, start, ctx)))])


_INTER = frozenset({"stage"})  # of what read_inline writes, the one model.inter element (none in a dateline or addrLine)


def _phrases(children: list[Child]) -> list[Child]:
    """A dateline's or address line's children without block-like inline elements: a stage direction read in it
    ("(Applause)1000") stays its text there."""
    out: list[Child] = []
    for child in children:
        if isinstance(child, Node) and child.tag in _INTER:
            out.extend(_phrases(child.children))
        else:
            out.append(child)
    return out


def closer_line(state: ReadState, b: Block, ctx: InlineContext) -> Node:
    """ "Most truly yours | C. Darwin", "Yours, Lenin": one line, one signed (TEI: the signature with its closing
    salutation), the closing words a seg of it."""
    m = state.conventions.closer_line.match(b.text)
    if m is not None:
        closing_end, signed_start = m.end("closing"), m.start("signed")
    else:
        signed_start = closing_and_signature(state, b.text) or 0
        closing_end = len(b.text[:signed_start].rstrip())
    state.count("signed")
    children: list[Child] = [Node("seg", {"type": "salute"}, read_inline(b.text[:closing_end], b.start, ctx))]
    children.append(b.text[closing_end:signed_start])
    children += read_inline(b.text[signed_start:], b.start + signed_start, ctx)
    return Node("signed", {}, children)


def _dateline_children(state: ReadState, b: Block, ctx: InlineContext) -> list[Child]:
    """A place before the date ("Vienna, <date>"), or a place line alone, as placeName; a date its qualifier words
    make vague ("Manchester, about 20 August 1859"), with its bounds; the editor's place in brackets before the
    date ("[London,] 3 March 1869") a placeName inside its supplied."""
    text = b.text
    conventions = state.conventions
    cut = conventions.address_after_date(text)
    if cut is not None:  # "London, 21 November 1853 28 Dean Street, Soho": the date line, then the writer's address
        _fire(state, "letter-street-address", b, "a house number and street after the date line's year")
        date = text[:cut].rstrip(" \u00a0")
        return [
            *_dateline_children(state, Block(date, b.start, b.blank_before), ctx),
            text[len(date) : cut],
            _address(text[cut:], b.start + cut, ctx),
        ]
    before = _address_before_date(state, text)
    if before is not None:  # "608 Bush Street, San Francisco [December 26, 1879].": the writer's address, then the date
        address_end, date_start = before
        _fire(state, "letter-street-address", b, "a house number and street before the date line's date")
        return [
            _address(text[:address_end], b.start, ctx),
            text[address_end:date_start],
            *_dateline_children(state, Block(text[date_start:], b.start + date_start, b.blank_before), ctx),
        ]
    if "\n" not in text and _is_bracketed_date(state, text):  # "[MONASTIER, SEPTEMBER 1878.]": the editors' date line
        inner = text[1:-1]
        conjectured = conjectured_date(inner, ctx, bracketed=True)
        if conjectured is None:
            conjectured = _dateline_children(state, Block(inner, b.start + 1, b.blank_before), ctx)
        else:
            _fire(state, "letter-date-conjecture", b, "a date line's date made vague by its words ('about', 'end of', 'not before')")
        return [editors_bracket(conjectured, ctx)]
    if "\n" not in text and (conjectured := conjectured_date(text, ctx, bracketed=False)) is not None:
        _fire(state, "letter-date-conjecture", b, "a date line's date made vague by its words ('about', 'end of', 'not before')")
        return conjectured
    if text.startswith("["):
        children = read_inline(text, b.start, ctx)
        first = children[0] if children else None
        if isinstance(first, Node) and first.tag == "supplied" and len(first.children) == 1 and isinstance(first.children[0], str):
            inner = first.children[0]
            place = inner.rstrip(", ")
            if place and conventions.dateline_place.match(place) and not conventions.date_word.search(place):
                first.children = [Node("placeName", {}, [place]), *([inner[len(place) :]] if inner[len(place) :] else [])]
        return children
    if conventions.dateline_place.match(text) and not conventions.date_word.search(text):
        stripped = text.rstrip(".")
        return [Node("placeName", {}, read_inline(stripped, b.start, ctx, dates=False)), text[len(stripped) :]]
    place, comma, rest = _place_before_date(state, text)
    if comma:
        return [
            Node("placeName", {}, read_inline(place, b.start, ctx, dates=False)),
            comma,
            *read_inline(rest, b.start + len(place) + 2, ctx),
        ]
    if not comma and (m := _PLACE_BEFORE_DATE.match(text)) and conventions.dateline_place.fullmatch(m.group("place")):
        # "Stockholm den 3 maj 1889", "Paris le 5 mai 1870": the capitalised words before the date's words
        place = m.group("place")
        if not conventions.date_word.search(place) and conventions.date_word.search(text, m.end("place")):
            return [
                Node("placeName", {}, read_inline(place, b.start, ctx, dates=False)),
                *read_inline(text[len(place) :], b.start + len(place), ctx),
            ]
    return read_inline(text, b.start, ctx)


_ADDRESS_END = re.compile(r",?[ \u00a0]+(?=\[)|,[ \u00a0]+")


def _address_before_date(state: ReadState, text: str) -> tuple[int, int] | None:
    """(end of the address, start of the date) in a date line that begins with the writer's street address ("608
    Bush Street, San Francisco [December 26, 1879]."), or None."""
    conventions = state.conventions
    if "\n" in text or not text[:1].isdigit():
        return None
    for m in reversed(list(_ADDRESS_END.finditer(text))):
        address, rest = text[: m.start()], text[m.end() :]
        if conventions.street_address.match(address) and (conventions.is_dateline(rest) or _is_bracketed_date(state, rest.rstrip("."))):
            return m.start(), m.end()
    return None


DATELINE_PLACE_PARTS = 3  # "Wensleydale, Bournemouth, Sunday, 28th September 1884": the place in parts before the date


def _place_before_date(state: ReadState, text: str) -> tuple[str, str, str]:
    """(place, ", ", rest) of a date line whose place comes first in parts between commas ("Vienna, June 12",
    "Wensleydale, Bournemouth, Sunday, 28th September 1884"): the parts before the first that has a date's word,
    each a place by `dateline_place`; ("", "", text) for none."""
    conventions = state.conventions

    def dated(part: str) -> bool:  # (a weekday or month in capitals too: "SUNDAY")
        return bool(conventions.date_word.search(part) or (part.isupper() and conventions.date_word.search(part.title())))

    parts = text.split(", ", DATELINE_PLACE_PARTS)
    for k in range(1, len(parts)):
        if dated(parts[k]):
            place = ", ".join(parts[:k])
            if all(conventions.dateline_place.match(p) and not dated(p) for p in parts[:k]):
                return place, ", ", text[len(place) + 2 :]
            break
    return "", "", text


# a place and then, after lower-case words only ("den", "le", "am"), a number: the date
_PLACE_BEFORE_DATE = re.compile(r"(?P<place>[^\W\d_][^\d,]*?[^\W\d_])(?=(?:[ \u00a0]+[^\W\d_A-ZÀ-ÖØ-ÞА-ЯЁ][^\W\d_]*)*[ \u00a0]+\d)")


PART_LINES = 4  # a block of at most this many short lines may hold several of a letter's parts, one per line


def split_part_lines(state: ReadState, blocks: list[Block]) -> list[Block]:
    """A letter's parts printed without blank lines between them, one per line ("Manchester, 3 August 1859" over
    "7 Southgate"; "Your" over "F. E."): such a block among a section's first or last few blocks becomes one block
    per line, each joined to the one before (the source form keeps the single line ends). Evidence, line by line:
    at the top a date line or a salutation among short lines that are no sentences; at the bottom closing words
    over a signature."""
    if not state.block_kinds.letters or len(blocks) < 3:
        return blocks
    real = [i for i, b in enumerate(blocks) if b.role is None]
    top = set(real[:OPENER_ZONE])
    bottom = set(real[-(SIGNATURE_ZONE + 1) :])
    out: list[Block] = []
    for i, b in enumerate(blocks):
        lines = b.lines if (i in top or i in bottom) and "\n" in b.text else None
        if (
            lines
            and len(lines) <= PART_LINES
            and all(0 < len(line) <= SHORT and not line[0].isspace() for line in lines)
            and ((i in top and _opener_lines(state, lines)) or (i in bottom and _closer_lines(state, lines)))
        ):
            out += line_blocks(b)
            _fire(state, "letter-parts-lines", b, "a letter's parts on consecutive lines of one block")
        elif i in top and lines and _salute_over_prose(state, lines):
            out += line_blocks(b, [0, 1])  # (the salutation, then the paragraph on the next line)
            _fire(state, "letter-salute-line", b, "the salutation on the first line of the first paragraph")
        elif i in top and (cut := run_in_salute(state, b)) is not None:
            out += run_in_blocks(b, *cut)
            _fire(state, "letter-salute-run-in", b, "a salutation run into the first line of the first paragraph")
        elif i in bottom and (cut := run_in_closing(state, blocks, i)) is not None:
            out += run_in_blocks(b, *cut)
            _fire(state, "letter-closing-run-in", b, "closing words run into the last line of the last paragraph")
        else:
            out.append(b)
    return out


# closing words after the last sentence of the paragraph, on its last line: "… when you see it.--Ever yours,"
_RUN_IN_CLOSING = re.compile(r"(?<=[.!?])(?P<sep>--|—|[ \u00a0]+)(?P<closing>[^\W\d_][^\n.!?]{0,60}(?:\n[^\n.!?]{1,60})?,)$")


def run_in_closing(state: ReadState, blocks: list[Block], i: int) -> tuple[int, int] | None:
    """(end of the paragraph, start of the closing words) in a paragraph whose last line ends, after its last
    sentence, in closing words ("… when you see it.--Ever yours,", "… this matter. I am, Sir, yours faithfully,")
    with a signature as the next block; or None."""
    b = blocks[i]
    nxt = next((c for c in blocks[i + 1 :] if c.role is None), None)
    if nxt is None or not _is_signature_line(state, nxt.text):
        return None
    m = _RUN_IN_CLOSING.search(b.text)
    if m is None or m.start() < RUN_IN_REST:
        return None
    closing = m.group("closing")
    if not (
        closing[0].isupper() and len(closing.split()) <= CLOSING_LINE_WORDS and state.conventions.closing.match(closing.replace("\n", " "))
    ):
        return None
    dash = m.group("sep").strip() != ""
    return (m.end("sep"), m.start("closing")) if dash else (m.start("sep"), m.start("closing"))


def run_in_blocks(b: Block, end: int, start: int) -> list[Block]:
    """The block cut inside its line: text[:end] a block, text[start:] one that goes on the same line after the
    characters between (layout's `run-in`)."""
    return [
        Block(b.text[:end], b.start, b.blank_before, run_in=b.run_in),
        Block(b.text[start:], b.start + start, 0, run_in=b.text[end:start]),
    ]


SALUTE_LINE_WORDS = 4  # a salutation without punctuation over the first paragraph: "Dearest Girl", "My dear Hooker"


def _salute_over_prose(state: ReadState, lines: list[str]) -> bool:
    """The salutation alone on the first line of the letter's first paragraph ("Dearest Girl" / "I have just …"):
    with its punctuation, or without it when it is a few words beginning with salutation words and holding no comma
    (not a hard-wrapped sentence's first line, "My dear friend, I write to tell you")."""
    first, rest = lines[0], lines[1:]
    if not rest or not first or first[0].isspace() or len(first) > SHORT or not any(len(line) > SHORT for line in rest):
        return False
    if state.conventions.is_salute(first):
        return True
    return len(first.split()) <= SALUTE_LINE_WORDS and "," not in first and _is_bare_salute(state, first)


def _opener_lines(state: ReadState, lines: list[str]) -> bool:
    conventions = state.conventions
    if all(_caps_line(line) for line in lines):  # a heading in capitals over two lines
        return False
    if any(line[0].islower() for line in lines):  # a sentence going on ("and found himself …"): prose
        return False
    parts = 0
    for line in lines:
        b = Block(line, 0, 1)
        if conventions.is_dateline(line) or _is_any_salute(state, line) or _is_short_dateline(state, b):
            parts += 1
        elif conventions.sentence_end.search(line) and len(line.split()) > 3:
            return False  # a sentence: prose
    return parts >= 1


def _closer_lines(state: ReadState, lines: list[str]) -> bool:
    conventions = state.conventions
    return (
        len(lines) >= 2
        and len(lines) <= 3
        and _is_closing(state, lines[0])
        and conventions.is_signed(lines[-1])
        and not any(conventions.sentence_end.search(line) and len(line.split()) > 3 for line in lines)
        # (a sentence going on over the lines, "… the marines," / "and found himself …", is no closing)
        and not any(line[0].islower() and not conventions.closing.match(line) for line in lines[1:])
    )


def _caps_line(line: str) -> bool:
    letters = [ch for ch in line if ch.isalpha()]
    return bool(letters) and sum(ch.isupper() for ch in letters) >= 0.9 * len(letters)


def is_letter_heading(state: ReadState, b: Block) -> bool:
    """A heading before a letter's opener: its first line names the addressee ("To George Washington", "ENGELS TO
    MARX"), on at most three short lines that end no sentence."""
    lines = b.lines
    return (
        len(lines) <= 3
        and all(len(line) <= SHORT for line in lines)
        and (not state.conventions.sentence_end.search(b.text) or _printed_heading(state, b.text))
        and _names_addressee(state, lines[0])
    )


def _printed_heading(state: ReadState, text: str) -> bool:
    """A heading a volume prints with a full stop: in capitals ("TO THE SAME."), or the addressee's name and nothing
    else after the word "to" ("To Samuel Taylor Coleridge.": not "To be honest, I never liked it.")."""
    if "\n" in text or not text.endswith(".") or text.endswith(".."):
        return False
    if _caps_line(text):
        return True
    word, _, name = unlabelled(state, text).partition(" ")
    return word in state.conventions.letter_to_words and bool(state.conventions.person_name.fullmatch(name.rstrip(".")))
