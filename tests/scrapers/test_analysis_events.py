"""The event rule as an agreement score: what two releases of one meeting share across
languages, and which disagreements are soft (a slip in one field of a date, a missing date)."""

from datetime import date

from scrapers.analysis import Chair, EventFacts, agreement, chair_surnames, same_event
from scrapers.analysis.marks import marks

WINDOWS = {"window": 3, "report_window": 45}
MARKS = frozenset({"swisscovid", "covid-19", "2020", "twint"})


def facts(**given: object) -> EventFacts:
    return EventFacts(("CH", "US"), **given)  # type: ignore[arg-type]


def same(a: EventFacts, b: EventFacts) -> bool:
    return same_event(a, b, **WINDOWS)


def test_a_month_slip_in_a_translation_joins_through_round_and_marks() -> None:
    original = facts(round=1, held_on=date(2020, 7, 9), dated=date(2020, 7, 9), marks=MARKS)
    translation = facts(round=1, held_on=date(2020, 6, 9), dated=date(2020, 6, 9), marks=MARKS)
    assert same(original, translation)
    # Without the marks the slip keeps them apart: nothing else agrees enough.
    assert not same(
        facts(round=1, held_on=date(2020, 7, 9)), facts(round=1, held_on=date(2020, 6, 9))
    )


def test_a_year_slip_is_soft_but_another_date_contradicts() -> None:
    a = facts(round=3, held_on=date(2019, 6, 28), location="Brussels")
    assert same(a, facts(round=3, held_on=date(2020, 6, 28), location="Brussels"))
    assert not same(a, facts(round=3, held_on=date(2019, 9, 12), location="Brussels"))


def test_the_next_round_a_year_later_stays_apart() -> None:
    a = facts(round=3, held_on=date(2019, 6, 28), marks=MARKS)
    assert not same(a, facts(round=4, held_on=date(2020, 6, 28), marks=MARKS))


def test_a_missing_date_is_no_contradiction() -> None:
    dated = facts(round=5, held_on=date(2019, 6, 28), location="Brussels")
    assert same(dated, facts(round=5, location="Brussels"))


def test_place_and_chairs_add_to_the_agreement() -> None:
    a = facts(dated=date(2024, 1, 10), location="Bern", chairs=frozenset({"wechsler"}))
    b = facts(dated=date(2024, 3, 30), location="Bern", chairs=frozenset({"wechsler"}))
    assert agreement(a, b, **WINDOWS) == 2.0  # no date agreement: place +1, a chair +1
    assert agreement(a, facts(location="Geneva"), **WINDOWS) == -1.0
    assert agreement(a, EventFacts(("CH", "DE")), **WINDOWS) is None


def test_few_common_marks_are_not_enough() -> None:
    a = facts(dated=date(2024, 1, 10), marks=frozenset({"2024", "ncsc", "a", "b", "c", "d"}))
    b = facts(dated=date(2024, 3, 30), marks=frozenset({"2024", "ncsc", "x", "y"}))
    assert agreement(a, b, **WINDOWS) == 0.0


def test_marks_are_what_a_translation_keeps() -> None:
    english = marks(
        "Cyber dialogue",
        "On 9 July 2020 the Swiss delegation discussed the SwissCovid app with NCSC "
        "and Mr Pawel Herczynski.",
    )
    korean = marks(
        "사이버 대화",
        "2020년 7월 9일 파웰 헤르진스키(Pawel Herczynski) 국장과 SwissCovid, NCSC 논의",
    )
    assert {"2020", "swisscovid", "ncsc", "pawel", "herczynski"} <= english & korean
    assert "on" not in english and "the" not in english  # sentence starts, lower case


def test_words_every_release_shares_are_not_marks() -> None:
    found = marks(
        "T", "Text. He met the Ambassador of Switzerland in July with Switzerland's envoy."
    )
    assert found == frozenset()


def test_chair_surnames_across_scripts() -> None:
    chairs = [Chair("Kim Gunn"), Chair("파웰 헤르진스키(Pawel Herczynski)"), Chair("김건")]
    assert chair_surnames(chairs) == {"gunn", "herczynski", "김건"}
