"""Groups of strings found in one pass: the same answers as a substring test for each string."""

import pickle
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scrapers.analysis.anchored import Anchored
from scrapers.analysis.presence import Presence, Starts, shared_starts
from scrapers.analysis.text import terms_pattern

LETTERS = st.text(alphabet="abcs -", max_size=40)  # few letters: many overlaps and repeats
GROUPS = st.lists(st.lists(st.text(alphabet="abcs", min_size=1, max_size=4), max_size=4))


@given(groups=GROUPS, texts=st.lists(LETTERS, max_size=4))
def test_a_group_is_found_exactly_when_one_of_its_strings_occurs(
    groups: list[list[str]], texts: list[str]
) -> None:
    presence = Presence()
    bits = [presence.register(group) for group in groups]
    for text in texts:
        found = presence.found(text)
        assert [found & bit != 0 for bit in bits] == [any(s in text for s in g) for g in groups]


def test_overlapping_and_nested_strings_are_all_found() -> None:
    presence = Presence()
    whole, inner, across = (presence.register([s]) for s in ("cyberattacks", "attack", "berat"))
    absent = presence.register(["attacker"])
    assert presence.found("cyberattacks") == whole | inner | across
    assert presence.found("cyberattacks") & absent == 0


def test_a_group_registered_after_a_search_is_found_too() -> None:
    presence = Presence()
    first = presence.register(["held"])
    assert presence.found("it was held in seoul") == first
    second = presence.register(["seoul"])
    assert presence.found("it was held in seoul") == first | second
    assert Presence().found("anything") == 0  # no group: nothing found


def test_an_empty_string_is_refused() -> None:
    with pytest.raises(ValueError, match="empty string"):
        Presence().register(["held", ""])


@given(strings=st.lists(st.text(alphabet="abs", min_size=1, max_size=3), max_size=5), text=LETTERS)
def test_starts_are_every_place_where_a_string_starts(strings: list[str], text: str) -> None:
    expected = sorted({i for s in strings for i in range(len(text)) if text.startswith(s, i)})
    assert Starts(strings)(text) == tuple(expected)


def test_expressions_sharing_a_presence_keep_their_own_results() -> None:
    presence = Presence()
    held = Anchored(terms_pattern(["held", "convened"], whole=True), presence)
    dialogue = Anchored(re.compile(r"cyber\s+dialogue", re.IGNORECASE), presence)
    text = "The Cyber  Dialogue was convened in Seoul."
    found = held.search(text)
    assert found is not None and found.group() == "convened"
    assert [m.span() for m in dialogue.finditer(text)] == [(4, 19)]
    assert held.search("A dialogue on cyber matters") is None
    assert dialogue.search("Cyber matters, and a dialogue") is None


@given(
    groups=GROUPS,
    text=LETTERS,
    cuts=st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40)), max_size=6),
)
def test_the_parts_of_a_text_searched_are_answered_as_texts_of_their_own(
    groups: list[list[str]], text: str, cuts: list[tuple[int, int]]
) -> None:
    presence = Presence()
    bits = [presence.register(group) for group in groups]
    starts = Starts([s for group in groups for s in group])
    strings = {s for group in groups for s in group}
    for part in (text, *(text[i:j] for i, j in cuts), text + "s"):  # the whole first, as analysed
        found = presence.found(part)
        assert [found & bit != 0 for bit in bits] == [any(s in part for s in g) for g in groups]
        expected = sorted({i for s in strings for i in range(len(part)) if part.startswith(s, i)})
        assert starts(part) == tuple(expected)


def test_a_presence_and_starts_sent_to_a_worker_answer_as_before() -> None:
    presence = Presence()
    held, seoul = presence.register(["held", "convened"]), presence.register(["seoul"])
    text = "it was convened in seoul"
    assert presence.found(text) == held | seoul  # searched once: automaton and cache built
    copy = pickle.loads(pickle.dumps(presence))
    assert copy.found(text) == held | seoul
    assert copy.found("held in tokyo") == held
    starts = pickle.loads(pickle.dumps(Starts(["in", "se"])))
    assert starts(text) == (16, 19)


def test_expressions_with_the_same_starts_share_them_and_still_do_once_sent() -> None:
    day = Anchored(re.compile(r"(?<!\d)\d{1,2} may", re.IGNORECASE))
    year = Anchored(re.compile(r"(?<!\d)\d{4}\b"))
    assert day._places is year._places is shared_starts(tuple("0123456789"))
    day_copy, year_copy = pickle.loads(pickle.dumps((day, year)))
    assert day_copy._places is year_copy._places
    text = "On 12 May 2024 and 3 may"
    assert [m.span() for m in day_copy.finditer(text)] == [(3, 9), (19, 24)]
    assert [m.span() for m in year_copy.finditer(text)] == [(10, 14)]
