"""Weekdays written with dates (CLDR names in the seven languages) and the dates they rule out.
Examples written from the calendars and the languages' date formats, not from releases."""

from datetime import date

import pytest

from config import AnalysisSettings
from scrapers.analysis import Rules, analyze
from scrapers.analysis.weekdays import agrees, written_weekday

RULES = Rules.compile(AnalysisSettings())


@pytest.mark.parametrize(
    ("text", "written", "weekday"),
    [
        ("le jeudi 9 juillet", "9 juillet", 3),
        ("Am Donnerstag, 9. Juli", "9. Juli", 3),
        ("el miércoles 3 de mayo", "3 de mayo", 2),
        ("op vrijdag 5 april", "5 april", 4),
        ("Wednesday 6 November 2024", "6 November 2024", 2),
        ("November 6 (Wed.)", "November 6", 2),
        ("October 19 (Thurs.) and 20 (Fri.), 2023", "October", 3),  # the first day's
        ("12月11日(月曜日)", "12月11日", 0),
        ("7月20日(水)", "7月20日", 2),
        ("9.12.(목)", "9.12.", 3),
        ("on 6 November 2024", "6 November 2024", None),
        ("May 3 (Ma)", "May 3", None),  # "ma" starts Monday in Dutch and Tuesday in French: unknown
        ("2024-11-06 (in London)", "2024-11-06", None),
    ],
)
def test_the_weekday_written_with_a_date(text: str, written: str, weekday: int | None) -> None:
    start = text.index(written)
    assert written_weekday(text, start, start + len(written)) == weekday


def test_agreement() -> None:
    assert agrees(date(2020, 7, 9), 3) and agrees(date(2020, 7, 9), None)
    assert not agrees(date(2020, 6, 9), 3)


def test_a_date_contradicted_by_its_weekday_gives_way_to_one_that_agrees() -> None:
    # 9 June 2026 is a Tuesday, 9 July 2026 a Thursday: the lead's date is a slip.
    text = (
        "Le jeudi 9 juin 2026, la Belgique et le Canada ont tenu leur premier dialogue cyber.\n"
        "Le dialogue cyber belgo-canadien s'est tenu à Bruxelles le jeudi 9 juillet."
    )
    found = analyze("Dialogue cyber", text, published=None, url=None, rules=RULES)
    assert found.held_on == date(2026, 7, 9)


def test_a_contradicted_date_is_still_better_than_none() -> None:
    text = "Le dialogue cyber belgo-canadien s'est tenu à Bruxelles le lundi 9 juillet 2026."
    found = analyze("Dialogue cyber", text, published=None, url=None, rules=RULES)
    assert found.held_on == date(2026, 7, 9)
