"""Dates held: the forms each language writes (CLDR month names, the numeric orders of the
style guides), a German ordinal that is not a sentence end, a day of the month alone, a date
split by a line break. The sentences are written for these tests."""

from datetime import date

import pytest

from config import AnalysisSettings
from scrapers.analysis import Rules, analyze
from scrapers.analysis.text import Doc
from scrapers.analysis.when import Reference, find_dates, resolve

RULES = Rules.compile(AnalysisSettings())


def held_on(title: str, text: str, published: date | None = None) -> date | None:
    return analyze(title, text, published=published, url=None, rules=RULES).held_on


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("11.05.2017", (2017, 5, 11)),  # German/Dutch/French numeric order: day.month.year
        ("el 10 de agosto de 2022", (2022, 8, 10)),  # Spanish "de" before month and year
        ("3 de marzo", (None, 3, 3)),
        ("op 9 juli 2020", (2020, 7, 9)),  # Dutch month name
        ("op 2 mei 2024", (2024, 5, 2)),
    ],
)
def test_dates_in_more_languages(text: str, expected: tuple[int | None, int, int]) -> None:
    (found,) = find_dates(text)
    assert (found.year, found.month, found.day) == expected


def test_a_german_ordinal_does_not_end_the_sentence() -> None:
    doc = Doc.of("T", "Am 21. Mai 2024 tagten die Fachleute. Die 3. Runde folgte.")
    texts = [s.text.strip() for s in doc.sentences[1:]]
    assert texts == ["Am 21. Mai 2024 tagten die Fachleute.", "Die 3. Runde folgte."]


def test_an_english_number_at_a_sentence_end_still_ends_it() -> None:
    doc = Doc.of("T", "The talks lasted 2. They ended well.")
    assert [s.text.strip() for s in doc.sentences[1:]] == [
        "The talks lasted 2.",
        "They ended well.",
    ]


def test_a_german_date_held() -> None:
    text = (
        "Am Donnerstag, 9. Juli 2020 fand der erste Cyberdialog zwischen Deutschland und "
        "Japan statt."
    )
    assert held_on("Deutsch-japanischer Cyberdialog", text) == date(2020, 7, 9)


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        # Korean "오는 29일(수)": the coming 29th, the month of the document's date.
        ("제2차 한-캐나다 사이버협의회가 오는 29일(수) 오타와에서 열린다.", date(2016, 6, 28),
         date(2016, 6, 29)),
        # Japanese "本27日": this 27th; near the start of a month it may be last month's.
        ("本27日,大阪において第2回日独サイバー協議が行われた。", date(2017, 7, 28),
         date(2017, 7, 27)),
        ("30日,大阪において第2回日独サイバー協議が行われた。", date(2017, 8, 2),
         date(2017, 7, 30)),
        # The second day of a range is not the day held.
        ("12月5日及び6日,大阪において第2回日独サイバー協議が行われた。", date(2023, 12, 8),
         date(2023, 12, 5)),
    ],
)  # fmt: skip
def test_a_day_of_the_month_alone(text: str, published: date, expected: date) -> None:
    assert held_on("サイバー対話", text, published) == expected


def test_a_day_alone_without_a_document_date_is_no_date() -> None:
    (day,) = find_dates("오는 29일")
    assert resolve(day, None) is None and resolve(day, Reference(2016)) is None


def test_a_date_cut_by_a_line_break() -> None:
    text = "The 4th Canada-India Cyber Dialogue took place on April\n11-12, 2019 in Ottawa."
    assert held_on("Canada-India Cyber Dialogue", text) == date(2019, 4, 11)


def test_a_dateline_after_the_title_is_not_the_meeting_date() -> None:
    text = "2019-11-19 기자\n\n정부는 11월 18일(월) 서울에서 제3차 한-호주 사이버협의회를 열었다."
    found = held_on("제3차 한-호주 사이버협의회 개최", text, date(2019, 11, 19))
    assert found == date(2019, 11, 18)


def test_a_date_and_place_label_line() -> None:
    text = "日時・場所：2024年3月5日 於 東京\n第2回日独サイバー協議を開催しました。"
    assert held_on("第2回日独サイバー協議", text) == date(2024, 3, 5)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # two days joined by each language's "and" or "to": the first is the day held
        ("los días 16 y 17 de junio de 2025", (2025, 6, 16)),
        ("del 16 al 17 de junio de 2025", (2025, 6, 16)),
        ("op 16 en 17 juni 2025", (2025, 6, 16)),
        ("van 16 tot 17 juni 2025", (2025, 6, 16)),
        ("les 16 et 17 juin 2025", (2025, 6, 16)),
    ],
)
def test_a_range_of_days_in_each_language(text: str, expected: tuple[int, int, int]) -> None:
    (found,) = find_dates(text)
    assert (found.year, found.month, found.day) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("16/06/2025", (2025, 6, 16)),  # only the day-first reading is a date
        ("6/16/2025", (2025, 6, 16)),  # only the month-first reading is a date
        ("06/05/2025", (2025, 6, 5)),  # both are: the month first, as before
    ],
)
def test_slashed_dates(text: str, expected: tuple[int, int, int]) -> None:
    (found,) = find_dates(text)
    assert (found.year, found.month, found.day) == expected
