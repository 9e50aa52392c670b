"""Languages, detected (TEI P5 vi.1, 2.4.2): the document's main language, the language of each paragraph that is in
another, and short runs in another language ("“Leben und Thaten des berühmten Ritters Schnapphahnski,”", an
italic "La musica merita d'esser studiata.") where the detection is reliable; words mixing Latin and Cyrillic
letters (a homoglyph: "ехрrimons") are kept as they are and reported (W150) so that an editor can decide.

The identification is lingua (lingua-language-detector: its models ship inside the wheel, nothing is fetched at run
time; deterministic), in its low-accuracy (trigram) mode, which loads in a millisecond, among the languages the
profile's [conventions] `languages` lists. It runs on text the cheap test below cannot settle: a paragraph whose
words are for a good part the main language's function words (`function_words`) is in the main language.

Where it is written: `text/@xml:lang` and `TEI/@xml:lang` (the main language), `langUsage` (every language found),
`@xml:lang` on a paragraph (`p`, `head`, `l`'s `lg`…) in another language, on a `hi` or `q` whose whole content is
in another language, and `foreign` around a quoted run in another language. The metadata's language wins over the
detection of the main language ([document] language), as does a Project Gutenberg "Language:" line.
"""

from __future__ import annotations

import functools
import re
from typing import cast

from tei_edition import codes
from tei_edition.diagnostics import warning
from tei_edition.model import Child, Document, Node

PARAGRAPH_TAGS = frozenset({"p", "head", "lg", "ab", "quote", "item", "salute", "signed", "dateline", "titlePart"})
RUN_TAGS = frozenset({"hi", "q", "title"})  # an inline element whose whole content may be in another language
LEAF_CONTAINERS = PARAGRAPH_TAGS - {"lg", "quote", "item"}  # not descended into: only inline content inside
RUN_CONTAINERS = PARAGRAPH_TAGS | RUN_TAGS | {"l", "cell", "seg", "addrLine", "label"}  # where runs are looked for
NOT_PROSE = frozenset({"sourceInfo", "chrome", "navigation"})  # a page's info block and chrome: no passages
SKIP_TAGS = frozenset(
    {"note", "date", "gap", "lb", "pb", "fw", "ref", "foreign", "bibl"}
)  # (a bibl names a work: its title may be in any language)
PARAGRAPH_LETTERS = 60  # a paragraph shorter than this keeps the language around it
RUN_LETTERS = 12  # a run shorter than this is never marked
RUN_WORDS = 2
PARAGRAPH_CONFIDENCE = 0.9
RUN_CONFIDENCE = 0.98
MAIN_CONFIDENCE = 0.6  # a paragraph whose detection is less sure than this does not vote for the main language
MAIN_SAMPLE = 4000  # letters of the body read to decide the main language
FUNCTION_SHARE = 0.12  # this share of a paragraph's first words being the main language's function words settles it
_PUNCTUATION = ".,;:!?\"'()[]«»“”„‘’—–-"
_PUNCTUATION_RE = re.compile("[" + re.escape(_PUNCTUATION) + "]+")  # (re.sub: six times faster than str.translate)
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
# a quoted run: the text between a pair of quotation marks, on one line
_QUOTED = re.compile(r"“([^“”\n]{6,200})”|„([^„“”\n]{6,200})[“”]|«([^«»\n]{6,200})»|\"([^\"\n]{6,200})\"")
_MIXED = re.compile(r"\b(?=[^\W\d_]*[A-Za-z])(?=[^\W\d_]*[\u0400-\u04ff])[^\W\d_]{2,}\b")


@functools.lru_cache(maxsize=8)
def detector(languages: tuple[str, ...]):
    """lingua's detector for these ISO 639-1 codes (those lingua knows), built once per process."""
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    known = []
    for code in languages:
        try:
            known.append(Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper())))
        except (AttributeError, ValueError):
            continue
    if len(known) < 2:
        return None
    return LanguageDetectorBuilder.from_languages(*known).with_low_accuracy_mode().build()


@functools.lru_cache(maxsize=8)  # the profile's word lists, the same for every document a process converts
def _function_sets(function_words: tuple[tuple[str, tuple[str, ...]], ...]) -> dict[str, frozenset[str]]:
    return {lang: frozenset(w.lower() for w in words) for lang, words in function_words}


class Identifier:
    """The language of a piece of text, with the profile's languages and function words."""

    def __init__(self, languages: list[str], function_words: dict[str, list[str]]):
        self.languages = tuple(languages)
        self.function_words = _function_sets(tuple((lang, tuple(words)) for lang, words in function_words.items()))

    def identify(self, text: str) -> tuple[str, float] | None:
        d = detector(self.languages)
        if d is None:
            return None
        values = d.compute_language_confidence_values(text)
        if not values:
            return None
        best = values[0]
        return best.language.iso_code_639_1.name.lower(), best.value

    def by_function_words(self, words: list[str]) -> str | None:
        """The language whose function words make the largest share (FUNCTION_SHARE at least) of the first 40."""
        first = [w.lower() for w in words[:40]]
        if not first:
            return None
        shares = {lang: sum(map(function.__contains__, first)) for lang, function in self.function_words.items()}
        ranked = sorted(shares.values(), reverse=True)
        if not ranked or ranked[0] < max(1, FUNCTION_SHARE * len(first)) or (len(ranked) > 1 and ranked[1] == ranked[0]):
            return None  # too few, or a tie ("in" is English, German, Italian and Swedish): detection decides
        return max(shares, key=shares.__getitem__)

    def is_mostly(self, lang: str, text: str) -> bool:
        """A good share of the first words of `text` (about 40) are `lang`'s function words (no detection needed)."""
        function = self.function_words.get(lang)
        head = text[:240].lower()
        words = len(head.split())
        if not function or not words:
            return False
        hits = sum(map(function.__contains__, _PUNCTUATION_RE.sub("", head).split()))
        return hits >= FUNCTION_SHARE * words


def own_text(node: Node) -> str:
    """The node's text without what notes, dates, gaps and other non-prose children hold (a line break is a space)."""
    try:
        return "".join(cast("list[str]", node.children))  # (most paragraphs: text only; else TypeError)
    except TypeError:
        pass
    out: list[str] = []
    for c in node.children:
        if type(c) is str:
            out.append(c)
        elif isinstance(c, Node):
            if c.tag == "lb":
                out.append(" ")
            elif c.children and c.tag not in SKIP_TAGS:
                out.append(own_text(c))
    return "".join(out)


def walk(nodes: list[Node]):
    """Every Node under `nodes`, in document order, notes and the page's info block and chrome left out."""
    stack: list[Child] = list(reversed(nodes))
    while stack:
        item = stack.pop()
        if isinstance(item, Node) and item.tag != "note" and item.attrs.get("type") not in NOT_PROSE:
            yield item
            if item.tag not in LEAF_CONTAINERS:  # a paragraph's inline children are its runs' business
                stack.extend(reversed(item.children))


def mark(doc: Document, state) -> None:
    """Decide and write the languages of `doc` (see the module's docstring); doc.language, doc.languages."""
    c = state.conventions
    ident = Identifier(c.languages, c.function_words)
    bodies = [n for w in doc.witnesses for n in w.body]
    given = state.meta.get("document", "language") or language_of_header(doc)
    main = given or frame_language(ident, doc, state, main_language(ident, bodies)) or "en"
    doc.language = main
    found = {main}
    passages = state.profile.blocks.get("languages", True)  # `plain` marks none: it interprets nothing
    for node in walk(bodies + list(doc.front)) if passages else ():
        if node.tag in PARAGRAPH_TAGS and "xml:lang" not in node.attrs:
            lang = paragraph_language(ident, node, main)
            if lang is not None:
                node.attrs["xml:lang"] = lang
                found.add(lang)
                state.count("language-passage")
        if node.tag not in RUN_CONTAINERS:
            continue
        context = node.attrs.get("xml:lang") or main
        for lang in mark_runs(ident, node, context):
            found.add(lang)
            state.count("language-run")
    doc.languages = [main] + sorted(found - {main})
    report_mixed_scripts(state)


def language_of_header(doc: Document) -> str | None:
    names = {"english": "en", "german": "de", "french": "fr", "russian": "ru", "italian": "it", "spanish": "es", "swedish": "sv"}
    return names.get(doc.header_fields.get("language", "").strip().lower())


def main_language(ident: Identifier, bodies: list[Node]) -> str | None:
    """The language most of the first MAIN_SAMPLE letters of the body's prose are in: each paragraph votes with its
    letters, for the language whose function words it is made of, else for what detection says (verse and headings
    vote only where there is no prose: an English book quoting German verse is English)."""
    votes: dict[str, int] = {}
    fallback: dict[str, int] = {}
    letters = 0
    for node in walk(bodies):
        if node.tag not in ("p", "ab", "lg", "head"):
            continue
        text = own_text(node)
        lang = ident.by_function_words(_WORD.findall(text))
        if lang is None and len(text) >= 20:
            found = ident.identify(text)
            lang = found[0] if found and found[1] >= MAIN_CONFIDENCE else None
        if lang is not None:
            box = votes if node.tag in ("p", "ab") else fallback
            box[lang] = box.get(lang, 0) + len(text)
        letters += len(text)
        if letters >= MAIN_SAMPLE:
            break
    votes = votes or fallback
    return max(sorted(votes), key=votes.__getitem__) if votes else None


FRAME_LETTERS = 80  # the edition's own words (headings, notes, source notes) that may outvote the text's language


def frame_language(ident: Identifier, doc: Document, state, text_language: str | None) -> str | None:
    """The edition's language where it frames a text in another (a Russian edition's headings, notes and source
    notes around a French letter: the document is Russian, the letter's paragraphs French); else the text's."""
    words: list[str] = []
    notes_after = [n for w in doc.witnesses for n in w.letter_back] + [n for n in doc.back if n.attrs.get("type") == "sourceNote"]
    for node in walk(list(doc.front) + notes_after):
        if node.tag in ("head", "titlePart", "p"):
            words.append(own_text(node))
    words += [note.block.text for note in state.notes.values()]
    frame = " ".join(words)
    if text_language is None or sum(map(len, _WORD.findall(frame))) < FRAME_LETTERS:
        return text_language
    lang = ident.by_function_words(_WORD.findall(frame))
    if lang is None:
        found = ident.identify(frame[:1000])
        lang = found[0] if found and found[1] >= PARAGRAPH_CONFIDENCE else None
    return lang or text_language


def paragraph_language(ident: Identifier, node: Node, main: str) -> str | None:
    """The paragraph's language when it is not `main` and the detection is confident; else None."""
    text = own_text(node)
    if len(text) < PARAGRAPH_LETTERS or ident.is_mostly(main, text):
        return None
    if sum(map(len, _WORD.findall(text, 0, 400))) < PARAGRAPH_LETTERS:
        return None
    found = ident.identify(text)
    if found is None or found[0] == main or found[1] < PARAGRAPH_CONFIDENCE:
        return None
    return found[0]


def mark_runs(ident: Identifier, node: Node, context: str) -> list[str]:
    """Runs in another language inside `node`: a hi/q child whose content is one (its @xml:lang), a quoted run in a
    text child (wrapped in foreign). The languages marked."""
    marked: list[str] = []
    children = node.children
    for child in children:  # (most nodes hold neither: one look at each child)
        if type(child) is str:
            if '"' in child or "“" in child or "„" in child or "«" in child:
                break
        elif cast(Node, child).tag in RUN_TAGS:
            break
    else:
        return marked
    i = 0
    while i < len(children):
        child = children[i]
        if isinstance(child, Node) and child.tag in RUN_TAGS and "xml:lang" not in child.attrs:
            lang = run_language(ident, own_text(child), context)
            if lang:
                child.attrs["xml:lang"] = lang
                marked.append(lang)
        elif type(child) is str and ('"' in child or "“" in child or "„" in child or "«" in child) and node.tag not in SKIP_TAGS:
            pieces = quoted_runs(ident, child, context)
            if pieces is not None:
                children[i : i + 1] = pieces
                marked += [p.attrs["xml:lang"] for p in pieces if isinstance(p, Node)]
                i += len(pieces)
                continue
        i += 1
    return marked


def quoted_runs(ident: Identifier, text: str, context: str) -> list[Child] | None:
    """`text` with each quoted run in another language as a foreign element (the quotation marks stay outside)."""
    out: list[Child] = []
    pos = 0
    for m in _QUOTED.finditer(text):
        inner = next(g for g in m.groups() if g is not None)
        lang = run_language(ident, inner, context)
        if lang is None:
            continue
        start = m.start() + 1
        out += [text[pos:start], Node("foreign", {"xml:lang": lang}, [inner])]
        pos = start + len(inner)
    if not out:
        return None
    out.append(text[pos:])
    return [p for p in out if not isinstance(p, str) or p]


def run_language(ident: Identifier, text: str, context: str) -> str | None:
    words = _WORD.findall(text)
    if len(words) < RUN_WORDS or sum(map(len, words)) < RUN_LETTERS or ident.is_mostly(context, text):
        return None
    found = ident.identify(text)
    if found is None or found[0] == context or found[1] < RUN_CONFIDENCE:
        return None
    return found[0]


def report_mixed_scripts(state) -> None:
    """W150 for each word that mixes Latin and Cyrillic letters, at its place (kept as it is)."""
    text = state.source.text
    if not (re.search(r"[\u0400-\u04ff]", text) and re.search(r"[A-Za-z]", text)):
        return
    for m in _MIXED.finditer(text):
        state.diagnostics.append(
            warning(
                codes.MIXED_SCRIPT,
                f"the word {m.group()!r} mixes Latin and Cyrillic letters (a homoglyph?); kept as it is",
                state.source.span(m.start(), m.end()),
                hint="check the letters against the printed source; correct them in the source if they are a mistake",
            )
        )
