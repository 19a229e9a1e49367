"""Candidates ranked rather than the first taken: the meeting a readout reports before the one it
announces, a place in the name's own clause before one in a clause about an earlier meeting,
and "last week" as the time of this meeting, not a reference to another. Sentences written for
these tests from each language's grammar, not copied from releases."""

from datetime import date

import pytest

from config import AnalysisSettings
from scrapers.analysis import Rules, analyze

RULES = Rules.compile(AnalysisSettings())
PUBLISHED = date(2025, 6, 20)


def facts(title: str, text: str) -> tuple[int | None, date | None, str | None]:
    found = analyze(title, text, published=PUBLISHED, url=None, rules=RULES)
    return found.round, found.held_on, found.location


def test_the_meeting_held_comes_before_the_one_announced() -> None:
    text = (
        "The two sides agreed that the 6th Cyber Dialogue will take place in Ottawa in 2026. "
        "The 5th Canada-Japan Cyber Dialogue met in Tokyo on 16 June 2025."
    )
    assert facts("Canada-Japan Cyber Dialogue", text) == (5, date(2025, 6, 16), "Tokyo")


def test_an_announcement_keeps_the_meeting_it_announces() -> None:
    text = "The 5th Canada-Japan Cyber Dialogue will be held in Tokyo on 24 June 2025."
    assert facts("Canada-Japan Cyber Dialogue", text) == (5, date(2025, 6, 24), "Tokyo")


@pytest.mark.parametrize(
    ("title", "text"),
    [
        ("Dialogue cyber franco-japonais", "Après une première session à Paris en 2024, la "
         "deuxième session du dialogue cyber franco-japonais s'est tenue à Tokyo le 16 juin 2025."),
        ("Diálogo cibernético España-Japón", "Tras la primera edición celebrada en Madrid en "
         "2024, la segunda edición del diálogo cibernético entre España y Japón tuvo lugar en "
         "Tokio el 16 de junio de 2025."),
    ],
)  # fmt: skip
def test_the_place_in_the_names_own_clause_wins(title: str, text: str) -> None:
    assert facts(title, text) == (2, date(2025, 6, 16), "Tokyo")


@pytest.mark.parametrize(
    "text",
    [
        "The inaugural UK-Mongolia Cyber Dialogue took place in Ulaanbaatar last week, on 12 June.",
        "Le premier dialogue cyber franco-mongol s'est tenu à Oulan-Bator la semaine dernière, "
        "le 12 juin.",
    ],
)
def test_last_week_is_when_this_meeting_took_place(text: str) -> None:
    assert facts("Cyber Dialogue", text)[:2] == (1, date(2025, 6, 12))


def test_last_year_still_points_at_another_meeting() -> None:
    text = (
        "The UK-Mongolia Cyber Dialogue covered resilience. The first round was held last year "
        "on 12 June in London."
    )
    assert facts("UK-Mongolia Cyber Dialogue", text)[1] is None
