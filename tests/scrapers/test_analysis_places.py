"""Places: the mode word "online" as a topic, cities in more languages and spellings, the
capital named before the city, a place after a line break, a reference word before a date.
The sentences are written for these tests."""

import pytest

from config import AnalysisSettings
from scrapers.analysis import Analysis, Rules, analyze
from scrapers.analysis.places import katakana_variants

RULES = Rules.compile(AnalysisSettings())


def run(title: str, text: str) -> Analysis:
    return analyze(title, text, published=None, url=None, rules=RULES)


@pytest.mark.parametrize(
    ("text", "location", "virtual"),
    [
        # "online" as a topic is not the meeting's mode.
        ("The Canada-India Cyber Dialogue met in Ottawa and discussed online radicalisation.",
         "Ottawa", False),
        ("Le dialogue cyber franco-indien s'est tenu à Paris sur la radicalisation en ligne.",
         "Paris", False),
        # The mode next to the verb or the meeting is.
        ("The Japan-India Cyber Dialogue was held online on 3 March 2021.", None, True),
        ("The Japan-India Cyber Dialogue took place in a virtual format.", None, True),
        ("第3回日印サイバー対話をオンライン形式で開催した。", None, True),
        ("제3차 한-인도 사이버정책협의회가 화상으로 개최되었다.", None, True),
        # Spanish and Dutch names, a capital named before its city.
        ("El diálogo cibernético entre España y Japón se celebró en Bruselas.", "Brussels", False),
        ("De cyberdialoog tussen Nederland en Japan vond plaats in Den Haag.", "The Hague", False),
        ("Germany and Brazil held cyber consultations in the Brazilian capital Brasília.",
         "Brasília", False),
        # A date right after a reference word ("지난 13일": the past 13th) is no other meeting.
        ("정부는 지난 8일 프라하에서 제2차 한-체코 사이버협의회를 갖고 공조 방안을 논의했다.",
         "Prague", False),
        # A sentence cut by a line break goes on on the next line.
        ("The 3rd India-Canada Cyber Dialogue took place on March\n9-10, 2022 in New Delhi.",
         "New Delhi", False),
    ],
)  # fmt: skip
def test_places(text: str, location: str | None, virtual: bool) -> None:
    found = run("Cyber Dialogue", text)
    assert (found.location, found.virtual) == (location, virtual)


def test_katakana_spellings_with_and_without_vu() -> None:
    assert katakana_variants("ジュネーブ") == {"ジュネーブ", "ジュネーヴ"}
    assert katakana_variants("ヴィリニュス") == {"ヴィリニュス", "ビリニュス"}
    found = run("日EUサイバー対話", "第8回日EUサイバー対話がジュネーヴにおいて開催された。")
    assert found.location == "Geneva"


@pytest.mark.parametrize(
    "text",
    [
        "Le Canada et la Belgique ont tenu leur troisième dialogue cyber en ligne le 4 mars 2025.",
        "Kanada und Belgien führten ihre dritten Cyberkonsultationen per Videokonferenz durch.",
        "Canada and Belgium held their third Cyber Dialogue virtually, with experts from Ghent.",
    ],
)
def test_the_mode_right_after_the_meeting_name_makes_it_virtual(text: str) -> None:
    found = analyze("Cyber", text, published=None, url=None, rules=RULES)
    assert (found.location, found.virtual) == (None, True)
