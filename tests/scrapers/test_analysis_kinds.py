"""Kinds of pages that are not a dialogue release though they name dialogues: pages listing
many meetings, strategies and white papers, consultations of the public, and news in more
languages. The texts are written for these tests."""

from datetime import date

import pytest

from config import AnalysisSettings
from scrapers.analysis import Analysis, Rules, analyze

RULES = Rules.compile(AnalysisSettings())
RELEASE = (
    "The 3rd Japan-Germany Cyber Consultations were held in Tokyo on 4 March 2024. "
    "The two sides discussed ransomware and capacity building."
)


def run(title: str, text: str) -> Analysis:
    return analyze(title, text, published=date(2024, 3, 5), url=None, rules=RULES)


def test_a_release_of_one_meeting_is_a_dialogue() -> None:
    assert run("3rd Japan-Germany Cyber Consultations", RELEASE).relevant


def test_a_page_naming_many_rounds_lists_meetings() -> None:
    text = (
        "The 1st Japan-Germany Cyber Consultations were held in Berlin. "
        "The 2nd Japan-Germany Cyber Consultations were held in Tokyo. "
        "The 3rd Japan-Germany Cyber Consultations were held in Berlin."
    )
    found = run("Japan-Germany Cyber Consultations", text)
    assert not found.relevant
    assert any(r.startswith("lists many meetings: 3 rounds") for r in found.reasons)


def test_a_page_dated_in_many_years_lists_meetings() -> None:
    text = (
        "Japan-Germany Cyber Consultations were held on 4 March 2021, on 5 May 2022, "
        "on 6 June 2023 and on 7 July 2024."
    )
    found = run("Japan-Germany Cyber Consultations", text)
    assert not found.relevant
    assert "lists many meetings: dates in 4 years" in found.reasons


@pytest.mark.parametrize(
    "title",
    [
        "White Paper on Japan-Germany Cyber Consultations",
        "National Cyber Strategy: the Japan-Germany Cyber Consultations",
        "2024 Year in Review: Japan-Germany Cyber Consultations",
        "Public consultation on the Japan-Germany Cyber Consultations",
        "Consultation publique : consultations cyber franco-japonaises",
        "Öffentliche Konsultation zu den deutsch-japanischen Cyber-Konsultationen",
        "Consulta pública sobre las consultas cibernéticas",
        "日独サイバー協議 白書",
    ],
)
def test_titles_of_other_kinds_of_pages(title: str) -> None:
    found = run(title, RELEASE)
    assert not found.relevant
    assert any(r.startswith("title is not a dialogue release") for r in found.reasons)


@pytest.mark.parametrize(
    "lead",
    [
        "【東京共同】",  # a Japanese wire dateline
        "Según la cancillería, ",  # Spanish attribution "according to"
        "Volgens het ministerie ",  # Dutch "according to"
        "BLUF: ",  # an analysis report's "bottom line up front"
    ],
)
def test_news_and_analysis_in_more_languages(lead: str) -> None:
    text = lead + RELEASE + " The minister said the talks went well."  # a weak cue
    found = run("3rd Japan-Germany Cyber Consultations", text)
    assert found.kind == "commentary" and not found.relevant


def test_a_reporting_verb_alone_does_not_make_news() -> None:
    found = run("3rd Japan-Germany Cyber Consultations", RELEASE + " Le ministre a déclaré.")
    assert found.relevant
