"""The grouping rules, without an archive: whether and how a release joins an event, which
events merge, and which facts the event keeps."""

from datetime import date

import pytest

from scrapers.analysis import (
    Analysis,
    EventFacts,
    JoinEvent,
    Kind,
    KnownEvent,
    Meeting,
    NewEvent,
    choose_event,
    joined_meeting,
    learned,
    merged,
    release_facts,
    release_meeting,
    role_in_event,
    unique_key,
)

WINDOWS = {"window": 3, "report_window": 14}
NOV_6 = date(2024, 11, 6)


def dialogue(kind: Kind = "dialogue", parties: tuple[str, ...] = ("KR", "GB")) -> Analysis:
    return Analysis(relevant=kind == "dialogue", score=1.0, kind=kind, parties=parties)


@pytest.mark.parametrize(
    ("kind", "parties", "copies", "role"),
    [
        ("dialogue", ("GB", "KR"), False, "original"),
        ("dialogue", ("GB", "KR"), True, "copy"),
        ("commentary", ("GB", "KR"), False, "report"),
        ("commentary", ("GB", "KR"), True, "copy"),
        ("other", ("GB", "KR"), False, None),
        ("other", ("GB", "KR"), True, None),
        ("dialogue", ("GB",), False, None),
        ("commentary", (), True, None),
    ],
)
def test_the_role_in_an_event_follows_kind_parties_and_copying(
    kind: Kind, parties: tuple[str, ...], copies: bool, role: str | None
) -> None:
    assert role_in_event(dialogue(kind, parties), copies=copies) == role


def test_a_release_is_dated_by_its_date_held_else_by_its_publication() -> None:
    held = Analysis(True, 1.0, "dialogue", parties=("KR", "GB"), round=4, held_on=NOV_6)
    facts = release_facts(held, published=date(2024, 11, 7))
    assert facts == EventFacts(("GB", "KR"), 4, NOV_6, NOV_6)
    undated = release_facts(dialogue(), published=date(2024, 11, 7))
    assert (undated.held_on, undated.dated) == (None, date(2024, 11, 7))
    assert release_facts(dialogue(), published=None).dated is None


def test_what_a_release_says_of_its_meeting_includes_its_place() -> None:
    analysis = Analysis(True, 1.0, "dialogue", ("KR", "GB"), round=4, location="London")
    facts = release_facts(analysis, published=NOV_6)
    assert release_meeting(analysis, facts) == Meeting(4, None, "London", NOV_6)


def facts(round_: int | None = None, held_on: date | None = None) -> EventFacts:
    return EventFacts(("GB", "KR"), round_, held_on, held_on)


def test_a_release_like_no_stored_event_starts_one() -> None:
    other_round = KnownEvent(1, facts(3))
    other_parties = KnownEvent(2, EventFacts(("JP", "KR"), 4))
    choice = choose_event(facts(4), [other_round, other_parties], copied_event=None, **WINDOWS)
    assert choice == NewEvent()
    assert choose_event(facts(4), [], copied_event=None, **WINDOWS) == NewEvent()


def test_a_release_joins_the_oldest_matching_event_and_absorbs_the_others() -> None:
    candidates = [
        KnownEvent(9, facts(4)),
        KnownEvent(5, facts(None, NOV_6)),
        KnownEvent(7, facts(3)),
    ]
    choice = choose_event(facts(4, NOV_6), candidates, copied_event=None, **WINDOWS)
    assert choice == JoinEvent(5, absorbed=(9,))


def test_the_candidates_order_does_not_matter() -> None:
    candidates = [KnownEvent(i, facts(4)) for i in (8, 2, 6)]
    for order in (candidates, candidates[::-1], sorted(candidates, key=lambda c: c.id)):
        assert choose_event(facts(4), order, copied_event=None, **WINDOWS) == JoinEvent(2, (6, 8))


def test_a_copy_joins_the_event_of_its_original_first() -> None:
    candidates = [KnownEvent(2, facts(4)), KnownEvent(8, facts(4))]
    choice = choose_event(facts(4), candidates, copied_event=8, **WINDOWS)
    assert choice == JoinEvent(8, absorbed=(2,))
    unrelated = choose_event(facts(4), [KnownEvent(3, facts(5))], copied_event=8, **WINDOWS)
    assert unrelated == JoinEvent(8)


def test_official_facts_replace_the_events_but_its_date_stays_the_first() -> None:
    event = Meeting(round=3, held_on=date(2024, 11, 5), location="Seoul", dated=date(2024, 11, 1))
    release = Meeting(round=4, held_on=NOV_6, location="London", dated=NOV_6)
    assert learned(event, release, official=True) == Meeting(4, NOV_6, "London", date(2024, 11, 1))


def test_official_facts_left_unknown_keep_the_events() -> None:
    event = Meeting(round=3, held_on=None, location="Seoul", dated=None)
    release = Meeting(round=None, held_on=NOV_6, location=None, dated=NOV_6)
    assert learned(event, release, official=True) == Meeting(3, NOV_6, "Seoul", NOV_6)


def test_syndicated_facts_only_fill_the_events_gaps() -> None:
    event = Meeting(round=3, held_on=None, location="Seoul", dated=None)
    release = Meeting(round=4, held_on=NOV_6, location="London", dated=NOV_6)
    assert learned(event, release, official=False) == Meeting(3, NOV_6, "Seoul", NOV_6)


def test_an_empty_place_is_a_known_place() -> None:
    assert learned(Meeting(location=""), Meeting(location="London"), official=False).location == ""
    assert learned(Meeting(location="London"), Meeting(location=""), official=True).location == ""


def test_a_merged_event_only_fills_the_gaps_of_the_one_kept() -> None:
    keep = Meeting(round=4, held_on=None, location=None, dated=NOV_6)
    other = Meeting(round=5, held_on=date(2024, 11, 5), location="London", dated=date(2024, 11, 1))
    assert merged(keep, other) == Meeting(4, date(2024, 11, 5), "London", NOV_6)


def test_joining_merges_the_absorbed_events_in_order_then_learns_from_the_release() -> None:
    event = Meeting(round=4)
    absorbed = [Meeting(location="London"), Meeting(location="Seoul", held_on=NOV_6)]
    quiet = Meeting()
    assert joined_meeting(event, absorbed, quiet, official=True) == Meeting(4, NOV_6, "London")
    official = Meeting(location="Paris", dated=NOV_6)
    assert joined_meeting(event, absorbed, official, official=True) == Meeting(
        4, NOV_6, "Paris", NOV_6
    )
    assert joined_meeting(event, [], official, official=False) == Meeting(4, None, "Paris", NOV_6)


def test_a_taken_event_key_is_numbered() -> None:
    key = "GB-KR|4|2024-11-06"
    assert unique_key(key, set()) == key
    assert unique_key(key, {key}) == f"{key}#2"
    assert unique_key(key, {key, f"{key}#2", f"{key}#4"}) == f"{key}#3"
    assert unique_key(key, {f"{key}#2"}) == key
