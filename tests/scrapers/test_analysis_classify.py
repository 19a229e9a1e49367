"""The classifier on hand-written releases: dialogues in several languages, and near misses."""

from datetime import date
from pathlib import Path

import pytest

from config import AnalysisSettings
from scrapers.analysis import Analysis, Rules, analyze

DATA = Path(__file__).resolve().parents[1] / "data" / "analysis"
RULES = Rules.compile(AnalysisSettings())
SEED = (DATA / "rok-uk-cyber-dialogue-2024-11.txt").read_text(encoding="utf-8")

KOREAN = (
    "□ 우리측 이동열 외교부 국제사이버협력대사와 미국측 존 스미스(John Smith) 국무부 "
    "사이버대사가 주재한 가운데 제6차 한·미 사이버정책협의회가 9.12.(목) 서울에서 "
    "개최되었다.\n"
    "ㅇ 양측은 북한의 가상자산 탈취와 랜섬웨어 대응, 중요 기반시설 보호 협력을 논의하였다."
)

JAPANESE = """報道発表
第7回日仏サイバー対話の開催
令和6年7月24日
7月20日及び21日、東京において、第7回日仏サイバー対話を開催しました。
今次対話においては、山田太郎外務省サイバー政策担当大使を筆頭に、幅広い政府関係者が参加しました。"""

FRENCH = (
    "Le troisième cyber dialogue entre la France et l'Inde s'est tenu à Paris le 4 mars 2024.\n"
    "Cette réunion a été coprésidée par M. Jean Dupont, ambassadeur pour le numérique, et "
    "M. Ravi Kumar, secrétaire adjoint, avec la participation de représentants des ministères."
)


def run(title: str, text: str, published: date | None = None) -> Analysis:
    return analyze(title, text, published=published, url="https://example.org/r", rules=RULES)


def test_the_seed_release_is_a_dialogue() -> None:
    found = run("The 4th Republic of Korea-UK Cyber Dialogue", SEED, date(2024, 11, 7))
    assert (found.relevant, found.kind) == (True, "dialogue")
    assert found.score > 0.9
    assert any("names a cyber meeting in the title" in reason for reason in found.reasons)


def test_a_korean_policy_consultation_is_a_dialogue() -> None:
    found = run("제6차 한·미 사이버정책협의회 개최", KOREAN, date(2024, 9, 13))
    assert (found.relevant, found.kind) == (True, "dialogue")
    assert found.parties == ("KR", "US")
    assert found.round == 6
    assert found.held_on == date(2024, 9, 12)
    assert found.location == "Seoul"
    assert [c.name for c in found.chairs] == ["이동열", "존 스미스(John Smith)"]  # as written


def test_a_japanese_dialogue_takes_its_year_from_the_era_date() -> None:
    found = run("第7回日仏サイバー対話の開催", JAPANESE)
    assert found.relevant
    assert (found.parties, found.round, found.held_on, found.location) == (
        ("FR", "JP"), 7, date(2024, 7, 20), "Tokyo",
    )  # fmt: skip
    assert [c.name for c in found.chairs] == ["山田太郎"]


def test_a_french_dialogue() -> None:
    found = run("Troisième cyber dialogue franco-indien", FRENCH)
    assert found.relevant
    assert (found.parties, found.round, found.held_on, found.location) == (
        ("FR", "IN"), 3, date(2024, 3, 4), "Paris",
    )  # fmt: skip
    assert [c.name for c in found.chairs] == ["Jean Dupont", "Ravi Kumar"]


def test_a_french_dialogue_named_noun_first() -> None:
    text = (
        "Le deuxième dialogue cyber entre la France et le Canada s'est tenu à Ottawa le "
        "8 avril 2025. Les délégations ont échangé sur la lutte contre la cybercriminalité."
    )
    found = run("Dialogue cyber franco-canadien", text, date(2025, 4, 9))
    assert (found.relevant, found.kind) == (True, "dialogue")
    assert (found.parties, found.round, found.held_on, found.location) == (
        ("CA", "FR"), 2, date(2025, 4, 8), "Ottawa",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("title", "text"),
    [
        pytest.param(
            "UK sanctions ransomware operators targeting British businesses",
            "The UK has today sanctioned members of a ransomware group. The sanctions on the "
            "group follow a joint investigation with the United States.",
            id="sanctions",
        ),
        pytest.param(
            "Joint advisory highlights increased threat of ransomware",
            "The cyber agencies of Canada, New Zealand and the United Kingdom issued a joint "
            "advisory on ransomware against hospitals.",
            id="ransomware advisory",
        ),
        pytest.param(
            "Police arrest suspects in cybercrime operation",
            "Police in Germany and France arrested four suspects of a cybercrime network.",
            id="arrests",
        ),
        pytest.param(
            "The 5th Japan-Australia Strategic Dialogue",
            "Japan and Australia held their Strategic Dialogue in Tokyo on 3 May 2024. The "
            "ministers discussed maritime security, economic security and cyber issues.",
            id="strategic dialogue mentioning cyber",
        ),
        pytest.param(
            "Singapore and the UK sign a cyber security MoU",
            "The two countries signed a Memorandum of Understanding on cyber security. Its "
            "work plan is to be agreed at the next Canada-Singapore Cyber Dialogue.",
            id="MoU naming the next dialogue",
        ),
        pytest.param(
            "Vice Minister's Remarks at the Working Group on Cybersecurity",
            "Remarks by the Deputy Minister at the opening of the third Working Group on "
            "Cybersecurity, co-hosted by Korea, Estonia and Poland.",
            id="speech",
        ),
    ],
)
def test_near_misses_are_not_dialogues(title: str, text: str) -> None:
    found = run(title, text, date(2024, 11, 12))
    assert (found.relevant, found.kind) == (False, "other")
    assert found.score < 0.5


def test_a_news_report_about_a_dialogue_is_commentary_linked_to_the_event() -> None:
    text = (
        "By Jane Miller, Staff Reporter\n"
        "SEOUL (Yonhap) -- South Korea and Britain held their fourth cyber dialogue in London "
        "on Wednesday, the foreign ministry said, as the allies seek to counter North Korean "
        "hacking. According to the ministry, the 4th Korea-UK Cyber Dialogue was co-chaired "
        "by Rhee Dong-yeol and Andrew Whittaker, and analysts said the talks matter."
    )
    found = run("S. Korea, Britain hold cyber dialogue", text, date(2024, 11, 7))
    assert (found.relevant, found.kind) == (False, "commentary")
    assert found.score < 0.5
    assert (found.parties, found.round, found.held_on, found.location) == (
        ("GB", "KR"), 4, date(2024, 11, 6), "London",
    )  # fmt: skip


def test_a_copy_on_an_aggregator_is_still_relevant() -> None:
    copy = "Advertisement\n" + SEED + "\nShare this article"
    assert run("Korea and the UK hold their fourth Cyber Dialogue", copy).relevant


def test_thresholds_come_from_the_settings() -> None:
    strict = Rules.compile(AnalysisSettings(threshold=20.0))
    found = analyze("The 4th Republic of Korea-UK Cyber Dialogue", SEED, published=None,
                    url=None, rules=strict)  # fmt: skip
    assert (found.relevant, found.kind) == (False, "other")
