"""Expressions searched only when they can match: the anchors, and results kept as they were."""

import re
import sys

import pytest

from config import AnalysisSettings
from scrapers.analysis.anchored import (
    Anchored,
    _folds_apart,
    anchors_of,
    finditer_at,
    finditer_from,
    starts_of,
)
from scrapers.analysis.rules import Rules
from scrapers.analysis.text import terms_pattern


@pytest.mark.parametrize(
    ("pattern", "anchors"),
    [
        (r"\bdprk\b", ("dprk",)),
        (r"critical (?:national )?infrastructure", ("infrastructure",)),
        (r"ransomware|rançongiciel", ("somware", "çongiciel")),  # "ran" is common to both
        (r"(?:cyber)+ ab", ("cyber",)),  # a group repeated at least once is in every match
        (r"IT\s?인력", ("it",)),  # the first of the longest
        (r"(부|처|청|정부|당국)(는|은|이|가)", None),  # a one-letter alternative: not worth it
        (r"[a-z]+ing", ("ing",)),
        (r"a.b", None),
    ],
)
def test_the_anchors_are_runs_every_match_contains(
    pattern: str, anchors: tuple[str, ...] | None
) -> None:
    assert anchors_of(re.compile(pattern, re.IGNORECASE)) == anchors


def test_a_terms_pattern_is_anchored_by_the_longest_word_of_each_term() -> None:
    pattern = terms_pattern(["cyber dialogue", "Cyber-Konsultationen", "사이버정책협의회"])
    assert anchors_of(pattern) == ("cyber-konsultationen", "dialogue", "사이버정책협의회")


@pytest.mark.parametrize(
    "text",
    [
        "The CYBER Dialogue was held",
        "no term here at all",
        "THE CYBER DİALOGUE",  # İ folds to i when matched without case
        "cyber dıalogue",  # so does dotless ı
        "cyber dialogue" + "ſ",
        "다음 사이버정책협의회",
    ],
)
def test_results_are_those_of_the_expression(text: str) -> None:
    pattern = terms_pattern(["cyber dialogue", "사이버정책협의회"])
    anchored = Anchored(pattern)
    assert anchored.anchors is not None
    assert [m.span() for m in anchored.finditer(text)] == [m.span() for m in pattern.finditer(text)]
    assert bool(anchored.search(text)) == bool(pattern.search(text))


def test_a_text_without_an_anchor_is_not_searched() -> None:
    anchored = Anchored(re.compile(r"\bheld\b", re.IGNORECASE))
    assert not anchored.may_match("The meeting took place in Seoul")
    assert anchored.may_match("It was HELD in Seoul")


@pytest.mark.slow
def test_every_letter_matched_with_an_anchor_letter_lowers_to_it_or_is_searched_in_full() -> None:
    """Over every code point: for each letter of the rules' anchors, a letter that matching
    without case pairs with it lower-cases to it, or makes the text searched in full."""
    rules = Rules.compile(AnalysisSettings())
    letters = {
        char
        for field in ("cyber", "meeting", "tight", "blockers", "references", "linkers", "held")
        for anchor in getattr(rules, field).anchors or ()
        for char in anchor
    }
    everything = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c < 0xE000)
    odd = _folds_apart()
    for letter in letters:
        for char in re.findall(re.escape(letter), everything, re.IGNORECASE):
            assert char.lower() == letter or odd.match(char), (letter, char)


@pytest.mark.parametrize(
    "text",
    [
        "The talks were held and co-chaired; it was held again, HELD twice: held.",
        "upheld, withheld and beheld are not held",  # a start inside a word: lookbehind
        "It was co-chaired by Japan and chaired by Korea, then held",
        "nothing of the kind",
    ],
)
def test_matches_tried_only_where_a_start_occurs_are_those_of_the_expression(text: str) -> None:
    pattern = terms_pattern(["held", "co-chaired", "chaired", "a eu lieu"], whole=True)
    anchored = Anchored(pattern)
    assert anchored.starts == ("a", "chaired", "co-chaired", "held")
    assert [m.span() for m in anchored.finditer(text)] == [m.span() for m in pattern.finditer(text)]
    found, expected = anchored.search(text), pattern.search(text)
    assert (found and found.span()) == (expected and expected.span())
    assert anchored.findall(text) == pattern.findall(text)


@pytest.mark.parametrize(
    ("pattern", "starts"),
    [
        (r"(?<![\d.])(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.", tuple("0123456789")),  # "\d": digits
        (r"[월月]\s?\d", ("月", "월")),  # a class of letters: each letter
        (r"(?:令和|平成)?\s?\d+年", None),  # an optional part, then a space that may be absent
        (
            r"(?:令和|平成\s?)?\d+年",
            ("0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "令和", "平成"),
        ),
        (r"(cyber )?exercises?", ("cyber ", "exercise")),  # the optional part or what follows
        (r"(?:held)+ x", ("held",)),  # repeated at least once: its own start
        (r"(?:a?)?b", None),  # a part that may match nothing, inside an optional one
        (r"[^a]b", None),  # a negated class
        (r"\w+ing", None),  # a class not read here
    ],
)
def test_the_starts_of_classes_digits_and_optional_parts(
    pattern: str, starts: tuple[str, ...] | None
) -> None:
    assert starts_of(re.compile(pattern, re.IGNORECASE)) == starts


@pytest.mark.parametrize(
    "text",
    [
        "held on 9 October 2023 (October 9, 2023; 2023-10-09), 4.2.2022, 12/03/2021",
        "2023년 9월 14일",
        "2025年3月4日、令和4年11月2日 and 本27日",
        "dated ٦ November ٢٠٢٤ and ६ November",  # Arabic-Indic and Devanagari digits
        "14.06.2019 and 3.7.(월)",
        "no date here",
    ],
)
def test_expressions_starting_with_a_digit_find_what_the_expression_finds(text: str) -> None:
    from scrapers.analysis.when import _CJK_DAY, _SEARCHED

    for anchored in (*_SEARCHED, _CJK_DAY):
        expected = [m.span() for m in anchored.regex.finditer(text)]
        assert [m.span() for m in anchored.finditer(text)] == expected, anchored.pattern
        found = anchored.search(text)
        assert (found and found.span()) == (expected[0] if expected else None)
    assert any(anchored.regex.search("٦ November ٢٠٢٤") for anchored in _SEARCHED)


@pytest.mark.parametrize(
    "text",
    [
        "The Kingdom of Spain-Republic of Korea (ROK) cyber consultations, U.S.-Japan talks",
        "한·영 사이버정책협의회, 日米豪印 and the deutsch-israelischen Konsultationen",
        "EE. UU. y México; Canada, Japan, Korea and the United Kingdom",
        "EE. UU. y México; CANADA, Japan, Korea and the United Kingdom",
        "uncanadalike xjapan, Thus US",  # names inside words: not matched
    ],
)
def test_party_names_found_from_starts_or_where_a_name_occurs_are_those_of_finditer(
    text: str,
) -> None:
    from scrapers.analysis.parties import _places, _table

    mention, starts = _table()[:2]
    places = _places()
    assert places is not None
    expected = [m.span() for m in mention.finditer(text)]
    assert [m.span() for m in finditer_from(mention, starts, text)] == expected
    assert [m.span() for m in finditer_at(mention, places(text.lower()), text)] == expected
    assert expected or text.startswith("uncanadalike")
