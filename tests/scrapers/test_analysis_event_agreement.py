"""The rest of the event agreement of issue 10: which facts outweigh which. The facts are made
up for these tests."""

from datetime import date

from scrapers.analysis import EventFacts, agreement, same_event

WINDOWS = {"window": 3, "report_window": 45}


def facts(**given: object) -> EventFacts:
    return EventFacts(("JP", "US"), **given)  # type: ignore[arg-type]


def same(a: EventFacts, b: EventFacts) -> bool:
    return same_event(a, b, **WINDOWS)


def test_the_same_date_held_outweighs_a_round_in_dispute() -> None:
    # Sources disagree on rounds more often than on the date of a meeting.
    assert same(facts(round=3, held_on=date(2024, 5, 2)), facts(round=4, held_on=date(2024, 5, 2)))


def test_another_city_is_soft_against_the_same_date() -> None:
    a = facts(held_on=date(2024, 5, 2), location="Tokyo")
    b = facts(held_on=date(2024, 5, 3), location="Yokohama")
    assert agreement(a, b, **WINDOWS) == 3.0 and same(a, b)


def test_publications_a_year_apart_without_dates_held_are_two_rounds() -> None:
    a = facts(round=2, dated=date(2022, 5, 2))
    assert not same(a, facts(round=2, dated=date(2023, 9, 1)))


def test_a_translation_without_its_date_joins_through_its_round_and_marks() -> None:
    marks = frozenset({"cisa", "nisc", "2024", "ransomware"})
    original = facts(round=7, held_on=date(2024, 5, 2), marks=marks)
    translation = facts(round=7, marks=marks | {"kishida"})
    assert agreement(original, translation, **WINDOWS) == 3.5


def test_other_parties_never_join_whatever_else_agrees() -> None:
    a = facts(round=7, held_on=date(2024, 5, 2), location="Tokyo")
    b = EventFacts(("JP", "KR", "US"), round=7, held_on=date(2024, 5, 2), location="Tokyo")
    assert agreement(a, b, **WINDOWS) is None and not same(a, b)
