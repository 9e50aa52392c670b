"""The [conventions] of a profile compiled once: the word lists and patterns the structure modules recognise by.

The data is tei_edition/profiles/conventions.toml, merged under every profile (a profile's own [conventions] table
overrides its keys; docs/profiles.md). "{=name}" in a pattern stands for the word list `name`, as an alternation of its
entries taken literally, in order. Patterns go through Profile.compiled, except that the keys a user's profile did not
give itself are the shipped ones and run with `re`: the keys a user's profile gives run with a time bound.

The tests that letters ask of every block's text (date line? salutation? signature?) are kept for recent texts, per
profile: a letter's first and last blocks are asked twice (does the section look like a letter? which parts are which?).
"""

from __future__ import annotations

import functools
import re

from tei_edition.reader.dating import dating_for
from tei_edition.reader.profile import Profile, _compile

PATTERN_KEYS = (
    "dateline",
    "salute",
    "closing",
    "sentence_end",
    "signed",
    "dateline_place",
    "closer_line",
    "letter_source_note",
    "author",
    "author_name",
    "heading_end",
    "heading_end_exception",
    "first_published",
    "periodical",
    "info_field",
    "info_other_field",
    "info_volume",
    "info_pages",
    "info_sent",
    "person_name",
    "catalogue_line",
    "series_year",
    "series_volume",
    "series_author",
    "letters_of",
    "letter_heading",
    "letter_label",
    "salute_run_in",
    "numbered_addressee",
    "letter_number_heading",
    "responsibility",
    "section_label",
    "furniture_page_number",
    "contents_entry",
)
_WORD_LIST = re.compile(r"\{=(\w+)\}")


def expand(pattern: str, conventions: dict) -> str:
    """`pattern` with each "{=name}" replaced by the alternation of the word list `name` (KeyError: no such list), and
    "{name}" by the `person_name` pattern."""
    if "{name}" in pattern:
        pattern = pattern.replace("{name}", conventions["person_name"])
    return _WORD_LIST.sub(lambda m: "(?:" + "|".join(re.escape(w) for w in conventions[m.group(1)]) + ")", pattern)


def check_patterns(conventions: dict, trusted: bool) -> list[tuple[str, str]]:
    """(key, problem) for each pattern of `conventions` that does not compile (or names no word list)."""
    problems = []
    for key in PATTERN_KEYS + ("list_label",):
        try:
            pattern = expand(conventions[key], conventions)
            re.compile(pattern)
            if not trusted:
                from tei_edition.reader.profile import _regex

                _regex().compile(pattern)
        except KeyError as exc:
            problems.append((key, f"names no word list {exc}"))
        except (re.error, TypeError) as exc:
            problems.append((key, f"bad pattern: {exc}"))
        except Exception as exc:  # noqa: BLE001 - the regex module's own error type
            problems.append((key, f"bad pattern: {exc}"))
    return problems


# a four-digit year, then (after a comma or a space) a number: where a street address may follow a date line's date
_YEAR_THEN_NUMBER = re.compile(r"(?<!\d)(?P<year>\d{4})\.?,?[ \u00a0]+(?P<address>\d)")


class Conventions:
    """The compiled conventions of one profile (Profile.structure): patterns, word lists and the cached letter tests."""

    def __init__(self, profile: Profile):
        data = profile.conventions
        own = profile.own_conventions

        def compiled(key: str, pattern: str | None = None):
            pattern = expand(data[key] if pattern is None else pattern, data)
            if profile.trusted or key not in own:
                return _compile(pattern)
            return profile.compiled(pattern, 0, f"[conventions] {key}")

        self.dateline = compiled("dateline")
        self.salute = compiled("salute")
        self.closing = compiled("closing")
        self.sentence_end = compiled("sentence_end")
        self.signed = compiled("signed")
        # the letter's parts that only its place tells (tei_edition/reader/letters.py)
        self.dateline_place = compiled("dateline_place")
        self.street_address = compiled("street_address")
        self.closer_line = compiled("closer_line")
        self.salute_run_in = compiled("salute_run_in")
        self.letter_source_note = compiled("letter_source_note")
        self.salute_alone = frozenset(data["salute_alone"])
        self.signed_titles = tuple(data["signed_titles"])
        self.name_particles = tuple(data["name_particles"])
        self.addressee_place_words = frozenset(data["addressee_place_words"])
        self.letter_to_words = frozenset(data["letter_to_words"])
        self.letter_words = frozenset(data["letter_words"])
        self.salute_bare_words = tuple(data["salute_bare_words"])
        self.dateline_short_words = int(data["dateline_short_words"])
        month_forms = [w for names in data["month_names"].values() for m in names for w in m.split("|")] + list(data["months"])
        self.date_word = compiled(
            "weekdays",
            r"(?<!\w)(?:"
            + "|".join(re.escape(w) for w in sorted(set(month_forms + data["weekdays"]), key=len, reverse=True))
            + r")(?!\w)|\b1[0-9]{3}\b|\b20[0-9]{2}\b",
        )
        self.author = compiled("author")
        self.author_name = compiled("author_name")
        self.heading_end = compiled("heading_end")
        self.heading_end_exception = compiled("heading_end_exception")
        self.first_published = compiled("first_published")
        self.periodical = compiled("periodical")
        # the front matter's title, author and series lines (tei_edition/reader/front.py)
        self.catalogue_line = compiled("catalogue_line")
        self.series_year = compiled("series_year")
        self.series_volume = compiled("series_volume")
        self.series_author = compiled("series_author")
        self.letters_of = compiled("letters_of")
        self.letter_heading = compiled("letter_heading")
        self.letter_label = compiled("letter_label")
        self.person_name = compiled("person_name")
        self.numbered_addressee = compiled("numbered_addressee")
        self.letter_number_heading = compiled("letter_number_heading")
        self.responsibility = compiled("responsibility")
        self.section_label = compiled("section_label")
        self.byline_words = tuple(w + " " for w in data["byline_words"])
        self.title_continuation_words = frozenset(data["title_continuation_words"])
        self.source_note_words = tuple(data["source_note_words"])
        self.copy_text_words = tuple(data["copy_text_words"])
        self.source_note_starts = self.source_note_words + self.copy_text_words  # (str.startswith takes the tuple)
        self.months = tuple(data["months"])
        self.postscript = tuple(data["postscript"])
        self.witness_kinds = tuple((k["word"], k["type"], k["id"], k["siglum"]) for k in data["witness_kinds"])
        self.version_kinds = tuple((k["type"], frozenset(w.casefold() for w in k["words"])) for k in data["version_kinds"])
        self.dateline_ends_in_year = bool(data["dateline_ends_in_year"])
        self.salute_ends = tuple(data["salute_ends"])
        # the info block (tei_edition/reader/infoblock.py) and the chrome (tei_edition/reader/chrome.py)
        self.info_field = compiled("info_field")
        self.info_other_field = compiled("info_other_field")
        self.info_volume = compiled("info_volume")
        self.info_pages = compiled("info_pages")
        self.info_sent = compiled("info_sent")
        self.info_strong = frozenset(data["info_strong"])
        self.info_zone = int(data["info_zone"])
        self.info_max_chars = int(data["info_max_chars"])
        self.info_resp = tuple((r["word"], r["resp"]) for r in data["info_resp"])
        self.info_source = frozenset(data["info_source"])
        self.info_written = frozenset(data["info_written"])
        self.info_table_labels = frozenset(data["info_labels"]) | frozenset(data["info_table_labels"])
        self.info_author = frozenset(data["info_author"])
        self.info_licence = frozenset(data["info_licence"])
        self.licences = tuple(
            (profile.compiled(lic["pattern"], 0, "[conventions] licences"), lic["url"], lic.get("default", "")) for lic in data["licences"]
        )
        self.chrome_separators = tuple(data["chrome_separators"])
        self.chrome_item_chars = int(data["chrome_item_chars"])
        self.chrome_words = frozenset(data["chrome_words"])
        self.chrome_line_chars = int(data["chrome_line_chars"])
        self.chrome_zone = int(data["chrome_zone"])
        self.chrome_phrases = frozenset(p.casefold() for p in data["chrome_phrases"])
        self.chrome_prefixes = tuple(p.casefold() for p in data["chrome_prefixes"])
        self.chrome_titles = tuple(profile.compiled(t, 0, "[conventions] chrome_titles") for t in data["chrome_titles"])
        self.furniture_page_number = compiled("furniture_page_number", rf"(?:{data['furniture_page_number']})\Z")
        self.furniture_head_chars = int(data["furniture_head_chars"])
        # a book's contents and index (tei_edition/reader/regions.py)
        self.contents_heads = tuple(h.casefold() for h in data["contents_heads"])
        self.contents_entry = compiled("contents_entry", rf"(?:{data['contents_entry']})\Z")
        self.index_heads = frozenset(h.casefold() for h in data["index_heads"])
        self.index_order = float(data["index_order"])
        self.book_zone = int(data["book_zone"])
        label = data["list_label"]
        self.list_line = compiled("list_label", rf"^(?P<label>{label}) (?P<item>\S.*)$")
        # a block whose every line is a list line, in one regex (the reader asks it of every block of several lines)
        self.list_block = compiled("list_label", rf"(?:(?:{label}) \S[^\n]*\n)*(?:{label}) \S[^\n]*")
        # dates in the text (tei_edition/reader/dating.py): the month names of every language listed, compiled once
        self.dating = dating_for(
            tuple((lang, tuple(names)) for lang, names in sorted(data["month_names"].items())),
            tuple(
                (lang, tuple((kind, tuple(words)) for kind, words in sorted(table.items())))
                for lang, table in sorted(data["date_qualifiers"].items())
            ),
        )
        # languages (tei_edition/reader/languages.py): the candidates of detection and their function words
        self.languages = list(data["languages"])
        self.function_words = {lang: list(words) for lang, words in data["function_words"].items()}
        # each instance keeps its own answers (no state shared between profiles)
        self.is_dateline = functools.lru_cache(maxsize=256)(self._is_dateline)
        self.is_salute = functools.lru_cache(maxsize=256)(self._is_salute)
        self.is_signed = functools.lru_cache(maxsize=256)(self._is_signed)

    def _is_dateline(self, text: str) -> bool:
        """`dateline`, tried only where it can match: at most 120 characters, ending in a four-digit year (and perhaps
        a full stop) when `dateline_ends_in_year`, or in a `street_address` after such a date; a heading naming
        writer and addressee is none."""
        if len(text) > 120 or self.letter_heading.match(text):  # "From George Washington to John Hancock, 25 September 1776"
            return False
        if self.address_after_date(text) is not None:
            return True
        return (not self.dateline_ends_in_year or text.rstrip(".]")[-4:].isdigit()) and bool(self.dateline.match(text))

    def address_after_date(self, text: str) -> int | None:
        """Where a street address begins after a date line's year on its line ("London, 21 November 1853 28 Dean
        Street, Soho"; "[London,] 2 September 1854, 28 Dean Street, Soho"), or None."""
        m = _YEAR_THEN_NUMBER.search(text)
        if m is None or "\n" in text:
            return None
        date, address = text[: m.end("year")], text[m.start("address") :]
        if self.street_address.match(address) and self.dateline.match(date):
            return m.start("address")
        return None

    def _is_salute(self, text: str) -> bool:
        """`salute`, tried only where it can match: at most 120 characters, ending in one of `salute_ends`."""
        return len(text) <= 120 and text[-1:] in self.salute_ends and bool(self.salute.match(text))

    def _is_signed(self, text: str) -> bool:
        return bool(self.signed.match(text))

    def is_heading(self, b) -> bool:
        """Short lines (at most three) that do not end a sentence ("(B.)" of a party name does not)."""
        end, exception = self.heading_end, self.heading_end_exception
        return len(b.lines) <= 3 and all(
            len(line) <= 150 and (not end.search(line.rstrip()) or exception.search(line.rstrip())) for line in b.lines
        )
