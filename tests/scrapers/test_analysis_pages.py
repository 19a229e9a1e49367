"""Pages that list the cyber meetings of many partners (an overview of a ministry's dialogues,
a year in review) against a release of one meeting. The texts are written for these tests."""

from datetime import date

import pytest

from config import AnalysisSettings
from scrapers.analysis import Analysis, Rules, analyze
from scrapers.analysis.names import find_names
from scrapers.analysis.pages import party_sets
from scrapers.analysis.text import Doc

RULES = Rules.compile(AnalysisSettings())


def run(title: str, text: str) -> Analysis:
    return analyze(title, text, published=date(2024, 3, 5), url=None, rules=RULES)


OVERVIEWS = [
    pytest.param(
        "Japan's bilateral cyber dialogues",
        "Japan holds cyber dialogues with many partners. The Japan-US Cyber Dialogue was held "
        "in Tokyo. The Japan-UK Cyber Dialogue was held in London. The Japan-France Cyber "
        "Consultations were held in Paris.",
        id="en",
    ),
    pytest.param(
        "Cyber-Außenpolitik",
        "Deutschland führt Cyber-Konsultationen mit vielen Partnern. Die deutsch-japanischen "
        "Cyber-Konsultationen fanden in Tokio statt. Die deutsch-französischen "
        "Cyber-Konsultationen fanden in Paris statt. Die deutsch-indischen Cyber-Konsultationen "
        "fanden in Berlin statt.",
        id="de",
    ),
    pytest.param(
        "사이버 외교",
        "한-미 사이버정책협의회가 워싱턴에서 개최되었다. 한-일 사이버정책협의회가 도쿄에서 "
        "개최되었다. 한-영 사이버정책협의회가 런던에서 개최되었다.",
        id="ko",
    ),
]


@pytest.mark.parametrize(("title", "text"), OVERVIEWS)
def test_a_page_naming_meetings_with_three_partners_lists_meetings(title: str, text: str) -> None:
    found = run(title, text)
    assert not found.relevant
    assert any(r.startswith("lists many meetings: 3 sets of parties") for r in found.reasons)


def test_a_release_naming_another_partner_in_passing_is_a_dialogue() -> None:
    text = (
        "The 3rd Japan-Germany Cyber Consultations were held in Tokyo on 4 March 2024. Both "
        "sides welcomed the Japan-France Cyber Consultations held last year."
    )
    found = run("3rd Japan-Germany Cyber Consultations", text)
    assert found.relevant and found.kind == "dialogue"


def test_party_sets_are_those_of_the_named_meetings() -> None:
    doc = Doc.of(
        "Cyber dialogues",
        "The Japan-US Cyber Dialogue met. The Japan-UK Cyber Dialogue met. Japan and India "
        "trade tea.",
    )
    assert party_sets(doc, find_names(doc, RULES)) == {("JP", "US"), ("GB", "JP")}
