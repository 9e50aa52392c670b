"""Note calls that only a note list confirms: digits glued to a word or to punctuation ("Excellency1 is",
"Butterflies.3", "[23 October 1857]1"), superscript digits ("word¹") and glued parentheses ("word(1)").

Such a mark is a call only when the note list's numbers 1..N are found in that order in the text, each at the end of
a word or after punctuation (never inside a number: "5°.20′", "2d", "1857", "p. 221" are not calls). The list
confirms the form; the sequence may go on past N (a copy that lost the last bodies: those calls become notes whose
body is a gap, tei_edition/reader/inline.py). The confirmed calls are handed to the inline reader as source offsets
(ReadState.calls): the inline scanner stays as fast as it was (no rule starts at every digit).
"""

from __future__ import annotations

import re

from tei_edition.model import Block
from tei_edition.reader.context import ReadState

SUPERSCRIPTS = str.maketrans("¹²³⁴⁵⁶⁷⁸⁹⁰", "1234567890")

# One candidate call of each form, found in one scan of a block. A glued number: after a letter or a closing mark
# (not after a digit, a space, a currency sign, nor the point of a decimal "5°.20"), before a space, punctuation or
# the end (not before a letter, digit, degree, prime or percent sign).
CANDIDATE = re.compile(
    r"(?P<glued>(?<=[^\W\d_]|[.,;:!?)\]’”\"'—–»›])(?<![\d°′][.,:])[1-9]\d{0,2}(?![\w°′″%/.,]\d|[\w°′″%/]))"
    r"|(?P<sup>[¹²³⁴⁵⁶⁷⁸⁹][¹²³⁴⁵⁶⁷⁸⁹⁰]{0,2})"
    r"|(?P<paren>(?<=[^\W\d_]|[.,;:!?’”])\((?P<pn>[1-9]\d{0,2})\))"
)
FORMS = ("glued", "sup", "paren")
MARK_CALL = re.compile(r"(?<=[^\s*†‡§])(?:\*\*?|[†‡§])(?![\w*†‡§])")  # "word.*", "word†": a mark after a word
BRACKETS = {"glued": "glued", "sup": "sup", "paren": "()"}  # Note.bracket of the notes each form calls


def candidates(blocks: list[Block]) -> dict[str, list[tuple[int, int, str]]]:
    """Every candidate call of each form, in source order: (source offset, number, the call as written)."""
    found: dict[str, list[tuple[int, int, str]]] = {form: [] for form in FORMS}
    for b in blocks:
        text = b.text
        for m in CANDIDATE.finditer(text):
            form = m.lastgroup if m.lastgroup != "pn" else "paren"
            assert form is not None  # every alternative is a named group
            call = m.group()
            number = m.group("pn") if form == "paren" else call.translate(SUPERSCRIPTS)
            found[form].append((b.start + m.start(), int(number), call))
    return found


def in_order(found: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The longest run 1, 2, 3, … taken in source order from the candidates (others are skipped): one pass."""
    run: list[tuple[int, int, str]] = []
    for candidate in found:
        if candidate[1] == len(run) + 1:
            run.append(candidate)
    return run


def confirm(state: ReadState, blocks: list[Block], count: int, first: Block | None) -> bool:
    """Find the calls of a note list of `count` bodies in `blocks`: the form whose sequence 1..count is found in
    order (the longest when several are) has its calls recorded in state.calls (offset → (call, n, bracket)), and
    the convention in the report. True when a form was confirmed."""
    if count <= 0:
        return False
    runs = {form: in_order(found) for form, found in candidates(blocks).items()}
    form = max(FORMS, key=lambda f: len(runs[f]))
    run = runs[form]
    if len(run) < count:
        return False
    for offset, n, call in run:
        state.calls[offset] = (call, str(n), BRACKETS[form])
    evidence = f"calls 1..{len(run)} {form} in order ({run[0][2]!r} …), answering a note list of {count}"
    if first is not None:
        state.convention(f"note-calls-{form}", first, evidence)
    state.count(f"note-calls-{form}", len(run))
    return True


BRACKETED_CALL = re.compile(r"(?<=\S)\[([1-9]\d{0,2})\]|(?<=\S)\{([1-9]\d{0,2})\}")


def bracketed_in_order(blocks: list[Block], count: int) -> bool:
    """Calls "[1]" … "[count]" (or "{1}" …) found in order in `blocks`: a numbered list at the end that they answer
    is a note list (the profile's call rule reads the calls themselves)."""
    run = 0
    for b in blocks:
        if "[" not in b.text and "{" not in b.text:
            continue
        for m in BRACKETED_CALL.finditer(b.text):
            if int(m.group(1) or m.group(2)) == run + 1:
                run += 1
                if run >= count:
                    return True
    return False


def confirm_marks(state: ReadState, blocks: list[Block], marks: list[str], first: Block | None) -> bool:
    """A note list of mark bodies ("* …", "† …") is confirmed by as many marks glued to words in the text, the k-th
    answering the k-th body; they are recorded in state.calls unless the profile reads such calls itself (its
    star-call rule: then its own count pairs them)."""
    found = [(b.start + m.start(), m.group()) for b in blocks for m in MARK_CALL.finditer(b.text)]
    if len(found) < len(marks):
        return False
    if not reads_star_calls(state):
        for k, (offset, call) in enumerate(found, 1):
            state.calls[offset] = (call, str(k), "*")
    if first is not None:
        state.convention("note-calls-marks", first, f"{len(found)} marks glued to words, answering {len(marks)} mark bodies")
    return True


def reads_star_calls(state: ReadState) -> bool:
    return any(r.action == "note-call" and "(?P<star>" in r.pattern for r in state.profile.rules)
