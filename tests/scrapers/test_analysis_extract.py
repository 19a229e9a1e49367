"""Extraction: parties, round, date held, place, chairs and topics, with their traps."""

from datetime import date
from pathlib import Path

import pytest

from config import AnalysisSettings
from flows.devtools.demo.server import SITES_DIR
from scrapers import html_to_text
from scrapers.analysis import TOPICS, Analysis, Rules, analyze
from scrapers.analysis.parties import compounds
from scrapers.analysis.when import Reference, find_dates, resolve

DATA = Path(__file__).resolve().parents[1] / "data" / "analysis"
RULES = Rules.compile(AnalysisSettings())
SEED = (DATA / "rok-uk-cyber-dialogue-2024-11.txt").read_text(encoding="utf-8")
MOFA_PAGE = SITES_DIR / "mofa" / "eng" / "brd" / "m_5676" / "view-321950.html"


def run(title: str, text: str, published: date | None = None, url: str | None = None) -> Analysis:
    return analyze(title, text, published=published, url=url, rules=RULES)


def test_everything_the_seed_release_says() -> None:
    found = run("The 4th Republic of Korea-UK Cyber Dialogue", SEED, date(2024, 11, 7))
    assert found.parties == ("GB", "KR")
    assert found.round == 4
    assert found.held_on == date(2024, 11, 6)
    assert found.location == "London"
    assert [(c.name, c.title.split(" in ")[0]) for c in found.chairs] == [
        ("Andrew Whittaker", "Cyber Director"),
        ("Rhee Dong-yeol", "Ambassador for International Cyber Affairs"),
    ]
    assert found.agencies[:3] == ("FCDO", "Cabinet Office", "National Cyber Security Centre (NCSC)")
    assert "Department for Science, Innovation and Technology (DSIT)" in found.agencies
    for topic in ("ransomware", "pall-mall-process", "dprk", "cryptocurrency", "it-workers",
                  "capacity-building", "cyber-skills", "deterrence", "cybercrime"):  # fmt: skip
        assert topic in found.topics


def test_the_mofa_counterpart_says_the_same_in_its_own_words() -> None:
    text = html_to_text(MOFA_PAGE.read_text(encoding="utf-8"))
    found = run("Outcome of the 4th ROK-UK Cyber Dialogue", text, date(2024, 11, 7))
    assert found.relevant
    # "The 3rd ROK-UK Cyber Dialogue was held in Seoul in February 2023" is another meeting.
    assert (found.parties, found.round, found.held_on, found.location) == (
        ("GB", "KR"), 4, date(2024, 11, 6), "London",
    )  # fmt: skip
    assert {c.name for c in found.chairs} == {"Rhee Dong-yeol", "Andrew Whittaker"}


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("the Republic of Korea (ROK)-United Kingdom (UK) Cyber Dialogue", ("KR", "GB")),
        ("South Korea and Britain held talks", ("KR", "GB")),
        ("the Japan-U.S. Cyber Dialogue", ("JP", "US")),
        ("제6차 한·미 사이버정책협의회", ("KR", "US")),
        ("한미일 외교당국간 실무그룹", ("KR", "US", "JP")),
        ("第3回日米豪印上級サイバーグループ", ("JP", "US", "AU", "IN")),
        ("第10回 日・ASEAN情報セキュリティ政策会議", ("JP", "ASEAN")),
        ("le dialogue franco-japonais", ("FR", "JP")),
        ("U.S. - Germany Cyber Bilateral Meeting", ("US", "DE")),
        ("EU and NATO hold first Structured Dialogue on Cyber", ("EU", "NATO")),
    ],
)
def test_party_compounds(text: str, codes: tuple[str, ...]) -> None:
    assert [c.codes for c in compounds(text)] == [codes]


@pytest.mark.parametrize(
    "text",
    [
        "Let us meet",  # "us" is not the United States
        "本日米国と協議",  # 日 of 本日 is not Japan
        "10월 21일 한편",  # 일 of a date is not Japan
    ],
)
def test_no_party_compounds_in_ordinary_words(text: str) -> None:
    assert list(compounds(text)) == []


def test_the_quad_is_listed_as_its_members() -> None:
    text = "The principals of the Quad Senior Cyber Group met in New Delhi on January 30-31, 2023."
    found = run("Quad Senior Cyber Group Joint Statement", text)
    assert (found.parties, found.held_on, found.location) == (
        ("AU", "IN", "JP", "US"), date(2023, 1, 30), "New Delhi",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("title", "text", "expected"),
    [
        ("The Seventh U.S.-Japan Cyber Dialogue", "They followed up on the Sixth dialogue.", 7),
        ("Inaugural Australia-India Cyber Policy Dialogue", "", 1),
        ("Japan-U.S. Cyber Dialogue (first), May 2013", "", 1),
        ("7e cyber dialogue entre le Japon et l'Union européenne", "", 7),
        ("제 1차 한중일 사이버 정책협의회", "", 1),
        ("EU-Japan Cyber Dialogue", "The dialogue discussed the 11th OEWG session.", None),
        ("Singapore-US Cyber Dialogue", "It took place at the 7th Singapore Cyber Week.", None),
    ],
)
def test_rounds(title: str, text: str, expected: int | None) -> None:
    assert run(title, text).round == expected


@pytest.mark.parametrize(
    ("text", "published", "url", "expected"),
    [
        ("held in London on Wednesday 6 November 2024.", None, None, date(2024, 11, 6)),
        ("held in Seoul on Friday, February 10th.", date(2023, 2, 27), None, date(2023, 2, 10)),
        ("held in London on November 6 (Wed.).", date(2024, 11, 7), None, date(2024, 11, 6)),
        ("held on December 15 and 16.", date(2023, 1, 3), None, date(2022, 12, 15)),
        ("held on October 20 (Thurs.) and 21 (Fri.), 2016.", None, None, date(2016, 10, 20)),
        ("will take place on July 15.", None, "https://b.example/2013/07/x.html",
         date(2013, 7, 15)),
        ("held in New Delhi on 24 August.", None, None, None),  # no year anywhere
        ("12月11日(月曜日),東京において開催された。", date(2017, 12, 12), None, date(2017, 12, 11)),
        ("令和2年10月20日(火)に開催された。", None, None, date(2020, 10, 20)),
        ("2014년 10월 21일 개최되었다.", None, None, date(2014, 10, 21)),
        ("3.29(금) 워싱턴에서 개최되었다.", date(2024, 3, 30), None, date(2024, 3, 29)),
        ("s'est tenu à Tokyo le mardi 12 juin 2018.", None, None, date(2018, 6, 12)),
    ],
)  # fmt: skip
def test_dates_held(
    text: str, published: date | None, url: str | None, expected: date | None
) -> None:
    found = run("The 2nd Japan-Australia Cyber Policy Dialogue", text, published, url)
    assert found.held_on == expected


def test_a_date_of_another_meeting_in_the_sentence_is_not_taken() -> None:
    text = (
        "On March 29, the United States hosted the second meeting of the U.S.-Japan-ROK "
        "Working Group to counter cyber threats, following the first Working Group in Tokyo "
        "on 7 December 2023."
    )
    found = run("Second Trilateral Working Group on DPRK Cyber Activities", text, date(2024, 3, 30))
    assert (found.held_on, found.location) == (date(2024, 3, 29), None)


def test_a_year_in_the_title_dates_the_meeting() -> None:
    text = "The 2022 U.S.-EU Cyber Dialogue was held in Washington, DC, on December 15 and 16."
    found = run("The 2022 U.S.-EU Cyber Dialogue", text)
    assert (found.held_on, found.location) == (date(2022, 12, 15), "Washington, D.C.")


@pytest.mark.parametrize(
    ("text", "location", "virtual"),
    [
        ("The dialogue was held in Washington D.C. on July 27.", "Washington, D.C.", False),
        ("Both sides agreed to hold the next Cyber Dialogue in Brussels.", None, False),
        ("The Cyber Dialogue was held online on October 20, 2020.", None, True),
        ("東京において、第5回日米サイバー対話が開催されました。", "Tokyo", False),
        ("제3차 한·영 사이버정책협의회가 서울 외교부 청사에서 개최되었다.", "Seoul", False),
        ("第7回サイバー対話をベルギー・ブリュッセルで開催した。", "Brussels", False),
    ],
)
def test_places(text: str, location: str | None, virtual: bool) -> None:
    found = run("Japan-UK Cyber Dialogue", text, date(2024, 1, 1))
    assert (found.location, found.virtual) == (location, virtual)


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (
            "Co-chaired by Cyber Security Agency of Singapore (CSA) Chief Executive David Koh "
            "and United States Ambassador at Large for Cyberspace and Digital Policy Nate Fick, "
            "the dialogue was attended by officials.",
            ["David Koh", "Nate Fick"],
        ),
        (
            "Mr. Christopher Painter, Coordinator for Cyber Issues, U.S. Department of State, "
            "led the U.S. delegation, which included representatives from the Department of "
            "Defense. Mr. Koichi Mizushima, Japan's Ambassador in charge of Cyber Policy, led "
            "the Japanese delegation.",
            ["Christopher Painter", "Koichi Mizushima"],
        ),
        (
            "The meeting was co-chaired by Mr. Masato OTAKA, Ambassador in charge of Cyber "
            "Policy, and Dr. Tobias Feakin, Ambassador for Cyber Affairs, with the "
            "participation of officials from the National Police Agency.",
            ["Masato OTAKA", "Tobias Feakin"],
        ),
        (
            "Placée sous la co-présidence de M. YAMAMOTO Takeomi (directeur) et de Mme "
            "Christiane KIRKETERP de VIRON (directrice), cette session a réuni des fonctionnaires.",
            ["YAMAMOTO Takeomi", "Christiane KIRKETERP de VIRON"],
        ),
        (
            "石月英雄外務省サイバー政策担当大使、ジュン・パク米国国務省北朝鮮担当特別代表代行、"
            "李埈一(イ・ジュンイル)韓国外交部北朝鮮核外交企画団長が共同議長を務めました。",
            ["石月英雄", "ジュン・パク", "李埈一"],
        ),
        (
            "米側からは、クリストファー・ペインター国務省サイバー問題調整官(Mr. Christopher "
            "Painter, Coordinator for Cyber Issues, Department of State)を筆頭に参加しました。",
            ["Christopher Painter"],
        ),
        (
            "각국 수석대표로 중국 외교부 사이버조정관, 일본 외무성 사이버 정책 담당대사가 "
            "참석하였다.",
            [],  # titles only, no names
        ),
        (
            "The ministers discussed cyber issues. Mr. John Brown gave a keynote speech.",
            [],  # a speaker is not a chair
        ),
    ],
)
def test_chairs(text: str, names: list[str]) -> None:
    found = run("The 2nd Japan-France Cyber Dialogue", text, date(2024, 1, 1))
    assert [c.name for c in found.chairs] == names


def test_dates_in_many_forms() -> None:
    text = "6 November 2024; November 6 (Wed.); 2023.12.07; 2026年1月28日; 28. Januar 2026"
    found = [(d.year, d.month, d.day) for d in find_dates(text)]
    assert found == [(2024, 11, 6), (None, 11, 6), (2023, 12, 7), (2026, 1, 28), (2026, 1, 28)]
    (no_year,) = find_dates("on 2 January")
    assert resolve(no_year, Reference(2024, date(2023, 12, 30))) == date(2024, 1, 2)


def test_topics_come_from_the_documented_taxonomy() -> None:
    tags = [t.tag for t in TOPICS]
    assert len(tags) == len(set(tags))
    assert {"ransomware", "dprk", "critical-infrastructure", "capacity-building", "un-norms",
            "cybercrime", "ai", "pall-mall-process"} <= set(tags)  # fmt: skip
    found = run("UK-Japan Cyber Dialogue", "They discussed artificial intelligence and 5G.")
    assert set(found.topics) == {"ai", "5g"}
