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
    # The page also recalls the 3rd dialogue (Seoul, 2023): another meeting.
    assert (found.parties, found.round, found.held_on, found.location) == (
        ("GB", "KR"), 4, date(2024, 11, 6), "London",
    )  # fmt: skip
    assert {c.name for c in found.chairs} == {"Rhee Dong-yeol", "Andrew Whittaker"}


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("the United Kingdom (UK)-Republic of Korea (ROK) Cyber Policy Talks", ("GB", "KR")),
        ("South Korea and Britain held talks", ("KR", "GB")),
        ("the Japan-U.S. Cyber Dialogue", ("JP", "US")),
        ("제6차 한·미 사이버정책협의회", ("KR", "US")),
        ("한일미 사이버 협의", ("KR", "JP", "US")),
        ("第2回日豪印米サイバー協議", ("JP", "AU", "IN", "US")),
        ("第4回 日・ASEANサイバー政策対話", ("JP", "ASEAN")),
        ("le dialogue franco-japonais", ("FR", "JP")),
        ("U.S. - France Cyber Bilateral Talks", ("US", "FR")),
        ("NATO and the EU hold a structured cyber dialogue", ("NATO", "EU")),
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
    text = "Quad Senior Cyber Group principals gathered in Canberra on March 4-5, 2025."
    found = run("Quad Senior Cyber Group statement", text)
    assert (found.parties, found.held_on, found.location) == (
        ("AU", "IN", "JP", "US"), date(2025, 3, 4), "Canberra",
    )  # fmt: skip


@pytest.mark.parametrize("text", ["the İndo-Pacific region", "İNDIA", "İndonesia and Japan"])
def test_a_dotted_capital_i_that_only_case_insensitive_matching_pairs_names_no_party(
    text: str,
) -> None:
    """ "İndo" matches the parties' case-insensitive expression (İ pairs with i) but folds to
    "i̇ndo", which names no party: it was a KeyError that failed the release's analysis."""
    assert all("IN" not in c.codes and "ID" not in c.codes for c in compounds(text))


@pytest.mark.parametrize(
    ("title", "text", "expected"),
    [
        ("The Seventh U.S.-Japan Cyber Dialogue", "They followed up on the Sixth dialogue.", 7),
        ("Inaugural Australia-India Cyber Policy Dialogue", "", 1),
        ("Japan-Canada Cyber Dialogue (first), June 2019", "", 1),
        ("5e cyber dialogue entre la France et l'Inde", "", 5),
        ("제 2차 한일 사이버 정책협의회", "", 2),
        ("EU-Japan Cyber Dialogue", "The dialogue discussed the 11th OEWG session.", None),
        ("Singapore-US Cyber Dialogue", "It took place at the 7th Singapore Cyber Week.", None),
    ],
)
def test_rounds(title: str, text: str, expected: int | None) -> None:
    assert run(title, text).round == expected


@pytest.mark.parametrize(
    ("text", "published", "url", "expected"),
    [
        ("held in Berlin on Thursday 3 April 2025.", None, None, date(2025, 4, 3)),
        ("held in Ottawa on Tuesday, March 14th.", date(2023, 3, 20), None, date(2023, 3, 14)),
        ("held in Canberra on May 7 (Wed.).", date(2025, 5, 8), None, date(2025, 5, 7)),
        ("held on November 28 and 29.", date(2022, 1, 4), None, date(2021, 11, 28)),
        ("held on June 8 (Thurs.) and 9 (Fri.), 2017.", None, None, date(2017, 6, 8)),
        ("will take place on July 15.", None, "https://b.example/2013/07/x.html",
         date(2013, 7, 15)),
        ("held in Canberra on 12 May.", None, None, None),  # no year anywhere
        ("3月9日(木曜日),ソウルにおいて開催された。", date(2017, 3, 10), None, date(2017, 3, 9)),
        ("令和2年10月20日(火)に開催された。", None, None, date(2020, 10, 20)),
        ("2014년 10월 21일 개최되었다.", None, None, date(2014, 10, 21)),
        ("3.29(금) 워싱턴에서 개최되었다.", date(2024, 3, 30), None, date(2024, 3, 29)),
        ("s'est tenu à Ottawa le jeudi 7 mars 2019.", None, None, date(2019, 3, 7)),
    ],
)  # fmt: skip
def test_dates_held(
    text: str, published: date | None, url: str | None, expected: date | None
) -> None:
    found = run("The 3rd Japan-Canada Cyber Policy Dialogue", text, published, url)
    assert found.held_on == expected


def test_a_date_of_another_meeting_in_the_sentence_is_not_taken() -> None:
    text = (
        "On May 14, Australia hosted round two of the Australia-India-Japan "
        "Working Group to counter cyber threats, after the first Working Group in Tokyo "
        "on 2 November 2024."
    )
    found = run("Second Trilateral Working Group on Cyber Threats", text, date(2025, 5, 15))
    assert (found.held_on, found.location) == (date(2025, 5, 14), None)


def test_a_year_in_the_title_dates_the_meeting() -> None:
    text = "The 2021 U.S.-Canada Cyber Dialogue took place in Washington, DC, on November 3 and 4."
    found = run("The 2021 U.S.-Canada Cyber Dialogue", text)
    assert (found.held_on, found.location) == (date(2021, 11, 3), "Washington, D.C.")


@pytest.mark.parametrize(
    ("text", "location", "virtual"),
    [
        ("The talks took place in Washington D.C. on 9 May.", "Washington, D.C.", False),
        ("The two delegations will meet for the next Cyber Dialogue in Madrid.", None, False),
        ("This year's Cyber Dialogue took place online on 4 June 2021.", None, True),
        ("大阪において、第3回日独サイバー協議を開催しました。", "Osaka", False),
        ("제2차 한·독 사이버협의회가 서울 정부청사에서 열렸다.", "Seoul", False),
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
            "Co-chaired by Australian Signals Directorate (ASD) Director-General Jane Miller "
            "and Canadian Ambassador for Cyber Affairs Paul Dubois, the talks brought together "
            "officials.",
            ["Jane Miller", "Paul Dubois"],
        ),
        (
            "Ms. Laura Becker, Director for Cyber Policy, German Federal Foreign Office, led "
            "the German delegation, which also had members from the Ministry of the Interior. "
            "Mr. Kenji Sato, Japan's Ambassador for Cyber Policy, led the Japanese delegation.",
            ["Laura Becker", "Kenji Sato"],
        ),
        (
            "The talks were co-chaired by Mr. Hiroshi TANAKA, Director-General for Cyber "
            "Policy, and Dr. Emma Walsh, Ambassador for Digital Affairs, joined by officials "
            "from the Ministry of Defence.",
            ["Hiroshi TANAKA", "Emma Walsh"],
        ),
        (
            "Sous la co-présidence de M. SATO Kenji (directeur) et de Mme Marie LEFEBVRE "
            "de BRIANT (directrice), la réunion a rassemblé des experts des deux pays.",
            ["SATO Kenji", "Marie LEFEBVRE de BRIANT"],
        ),
        (
            "山田太郎外務省サイバー政策担当大使、ジョン・スミス米国国務省サイバー担当特別代表、"
            "金哲洙(キム・チョルス)韓国外交部国際安全保障局長が共同議長を務めました。",
            ["山田太郎", "ジョン・スミス", "金哲洙"],
        ),
        (
            "独側からは、アンナ・シュミット外務省サイバー政策調整官(Ms. Anna Schmidt, "
            "Coordinator for Cyber Policy, Federal Foreign Office)を筆頭に参加しました。",
            ["Anna Schmidt"],
        ),
        (
            "양국 수석대표로 독일 외교부 사이버대사, 프랑스 외교부 디지털 담당대사가 참석하였다.",
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
