"""The dialogue judgement against other kinds of cyber events and pages in seven languages: a
conference, seminar, workshop, symposium, exercise or training, and consultations of the
public. The titles are written for these tests from each language's words for the events."""

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


@pytest.mark.parametrize(
    "title",
    [
        "Japan-Germany cyber symposium on the margins of the Cyber Consultations",
        "Joint cyber exercise after the Japan-Germany Cyber Consultations",
        "Deutsch-japanische Cyber-Konferenz",
        "Seminar zu den deutsch-japanischen Cyber-Konsultationen",
        "Séminaire franco-japonais sur la cybersécurité",
        "Atelier franco-japonais de cybersécurité",
        "Seminario hispano-japonés de ciberseguridad",
        "Taller sobre el diálogo cibernético",
        "Japans-Duitse cyberconferentie",
        "日独サイバーセキュリティ・シンポジウム",
        "日独サイバー演習",
        "日独サイバーセキュリティ会議の開催について",
        "ミュンヘン安全保障会議と日独サイバー協議",
        "한-독 사이버안보 세미나",
        "한-독 사이버 워크숍",
        "Openbare consultatie over het cyberoverleg",
        "Appel à contributions : consultations cyber",
        "Courtesy call on the Minister after the Japan-Germany Cyber Consultations",
        "Telefonat zu den deutsch-japanischen Cyber-Konsultationen",
        "Llamada telefónica sobre el diálogo cibernético",
        "日独サイバー協議代表による外務副大臣表敬",
        "한-독 사이버 협의 대표 접견",
    ],
)
def test_a_title_naming_another_kind_of_event_is_not_a_dialogue(title: str) -> None:
    found = run(title, RELEASE)
    assert (found.relevant, found.kind) == (False, "other")
    assert any(r.startswith("title is not a dialogue release") for r in found.reasons)


def test_a_japanese_cyber_security_policy_meeting_is_a_dialogue() -> None:
    text = "第2回日独サイバーセキュリティ政策会議が2024年3月4日に東京で開催されました。"
    assert run("第2回日独サイバーセキュリティ政策会議の開催", text).relevant


def test_a_dialogue_release_mentioning_a_workshop_in_its_text_stays_a_dialogue() -> None:
    text = RELEASE + " They agreed to hold a joint workshop and a seminar next year."
    assert run("3rd Japan-Germany Cyber Consultations", text).relevant


@pytest.mark.parametrize(
    "ask",
    [
        "Please submit your comments by 30 April; the closing date is firm. Respond to the "
        "consultation online.",
        "Stellungnahmen bis zum 30. April. Stellungnahme einreichen über das Portal.",
        "Les contributions avant le 30 avril. Contributions jusqu'au 30 avril.",
        "意見募集は4月30日まで。パブリックコメントを受け付けます。",
    ],
)
def test_a_page_asking_the_public_for_comments_is_not_a_dialogue(ask: str) -> None:
    found = run("Japan-Germany Cyber Consultations", "Japan-Germany Cyber Consultations. " + ask)
    assert not found.relevant
    assert any(r.startswith("asks the public for comments") for r in found.reasons)
