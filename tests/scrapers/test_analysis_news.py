"""News about a dialogue against the government's own release, in seven languages.

The sentences are written for these tests from news style (AP and Reuters datelines, the
reported speech of each language's grammar: French inverted subjects, German Konjunktiv I and
"heißt es", Spanish "según"/"de acuerdo con", Dutch "volgens"/"aldus", Korean and Japanese
agency datelines and quotative endings), not taken from any collected release."""

from datetime import date

import pytest

from config import AnalysisSettings
from scrapers.analysis import Analysis, Rules, analyze
from scrapers.analysis.news import news_cues, reads_as_news
from scrapers.analysis.text import Doc

RULES = Rules.compile(AnalysisSettings())
TITLE = "3rd Japan-Germany Cyber Consultations"
RELEASE = (
    "The 3rd Japan-Germany Cyber Consultations were held in Tokyo on 4 March 2024. "
    "The two sides discussed ransomware and capacity building."
)


def run(title: str, text: str, url: str | None = None) -> Analysis:
    return analyze(title, text, published=date(2024, 3, 5), url=url, rules=RULES)


def is_news(text: str, title: str = "Untitled") -> bool:
    return reads_as_news(news_cues(Doc.of(title, text), RULES), RULES)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("TOKYO (AP) — Japan and Germany held cyber talks.", id="AP dateline"),
        pytest.param(
            "SEOUL, Nov. 6 (Yonhap) -- Korea and Britain held cyber talks.", id="Yonhap dateline"
        ),
        pytest.param("Madrid, 3 jun (EFE).- España y Japón celebraron consultas.", id="EFE"),
        pytest.param("Berlin (dpa) - Deutschland und Japan berieten.", id="dpa dateline"),
        pytest.param("Lima, 12 mayo (PL) Perú y Japón celebraron consultas.", id="no dash"),
        pytest.param("(서울=연합뉴스) 한국과 일본이 협의회를 가졌다.", id="Korean wire"),
        pytest.param("【ベルリン時事】日独がサイバー協議を行った。", id="Japanese wire"),
        pytest.param("Companies in this story: none.", id="newsroom furniture"),
    ],
)
def test_a_wire_dateline_or_newsroom_furniture_makes_news_alone(text: str) -> None:
    assert is_news(text)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            "The talks covered ransomware, the statement said. Officials said more would follow.",
            id="en: the statement said",
        ),
        pytest.param(
            "According to a ministry statement, the talks covered ransomware, he said.",
            id="en: according to a statement",
        ),
        pytest.param(
            "The two governments have jointly released a statement on the talks, it said.",
            id="en: released a statement",
        ),
        pytest.param(
            "Les discussions ont porté sur les rançongiciels, a indiqué le ministère. "
            "« C'est utile », a-t-il ajouté.",
            id="fr: a indiqué le ministère, a-t-il ajouté",
        ),
        pytest.param(
            "Die Gespräche seien offen gewesen, heißt es in der Mitteilung. Man habe viel "
            "erreicht.",
            id="de: heißt es, Konjunktiv I",
        ),
        pytest.param(
            "Laut einer Mitteilung des Ministeriums sei das Treffen nützlich gewesen.",
            id="de: laut einer Mitteilung",
        ),
        pytest.param(
            "De acuerdo con un comunicado de la cancillería, la reunión fue útil, dijo el vocero.",
            id="es: de acuerdo con un comunicado",
        ),
        pytest.param(
            "El encuentro abordó la ciberdelincuencia, precisó el texto oficial. Según fuentes, "
            "habrá otra ronda.",
            id="es: precisó el texto",
        ),
        pytest.param(
            "Het overleg was nuttig, aldus het ministerie. Volgens de woordvoerder volgt meer.",
            id="nl: aldus het ministerie",
        ),
        pytest.param(
            "외교부는 “양측이 협력하기로 했다”고 밝혔다. 이어 “성과가 있었다”고 전했다.",
            id="ko: the ministry quoted",
        ),
        pytest.param(
            "外務省によると、両国は協議を行った。担当者は「有益」と述べた。",
            id="ja: によると",
        ),
    ],
)
def test_the_government_reported_in_the_third_person_is_news(text: str) -> None:
    assert is_news(text)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("The talks were useful, the foreign ministry said.", id="en: ministry said"),
        pytest.param("Japan and Germany held talks, a spokesperson told reporters.", id="en: told"),
        pytest.param("Japan and Germany held cyber talks, officials said on Wednesday.", id="en"),
        pytest.param("El vocero dijo este lunes que la reunión fue útil.", id="es"),
        pytest.param("Le ministre a déclaré mardi que la réunion était utile.", id="fr"),
        pytest.param("Die Ministerin sagte am Montag, das Treffen sei nützlich gewesen.", id="de"),
        pytest.param("De minister zei maandag dat het overleg nuttig was.", id="nl"),
        pytest.param("両国が協議したと伝えた。外務省も明らかにした。", id="ja: と伝えた"),
        pytest.param("The White House said the talks were useful.", id="en: the White House"),
        pytest.param("外交筋によると、次回は東京で開かれるとみられる。", id="ja: hedges"),
        pytest.param("외교 소식통은 “협의가 유익했다”고 말했다.", id="ko: sources"),
    ],
)
def test_a_reporter_telling_who_said_it_and_when_is_news(text: str) -> None:
    assert is_news(text)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(RELEASE + " The minister said the talks were useful.", id="en: a quote"),
        pytest.param(
            RELEASE + " According to Ambassador Meier, the talks were useful.",
            id="en: according to a person",
        ),
        pytest.param(
            "The governments issued the following joint statement: " + RELEASE,
            id="en: the following joint statement",
        ),
        pytest.param(
            "[Daily Cyber = Kim Minsu 기자] 외교부는 제3차 한-일 사이버정책협의회를 개최하였다고 "
            "밝혔다.",
            id="ko: a news site's byline on the ministry's text",
        ),
        pytest.param(
            "La France et le Japon ont tenu leurs consultations. Le ministre a déclaré sa "
            "satisfaction.",
            id="fr: a reporting verb alone",
        ),
        pytest.param(
            "Les deux délégations ont souligné la déclaration de Paris. La France a déclaré son "
            "soutien.",
            id="fr: a verb with a declaration as its object, not an incise",
        ),
        pytest.param(
            "El Ministerio informó sobre el comunicado conjunto de 2023 y dijo que habrá otra "
            "ronda.",
            id="es: the ministry informing, not an incise",
        ),
        pytest.param(
            "Die Delegation wurde von Botschafterin Schmidt geleitet. Sie sagte, das Treffen sei "
            "nützlich.",
            id="de: one quote in Konjunktiv",
        ),
    ],
)
def test_a_release_in_its_own_voice_is_not_news(text: str) -> None:
    assert not is_news(text)


def test_a_byline_is_a_weak_cue_in_every_language() -> None:
    for byline in ("Von Anna Schmidt", "Par Marie Dupont", "Por Ana García", "Door Jan Jansen"):
        cues = news_cues(Doc.of("Titel", byline + "\n" + RELEASE), RULES)
        assert (cues.weak, cues.strong, cues.decisive) == (1, (), ()), byline


def test_an_agency_named_with_a_reporting_verb_is_news() -> None:
    assert is_news("Das Treffen sei nützlich gewesen, meldete die KNA.")
    assert is_news("La reunión fue útil, dijo la Agencia EFE.")


def test_a_news_report_keeps_its_facts_but_is_not_relevant() -> None:
    text = "BERLIN (Reuters) - " + RELEASE + " The ministry said the talks went well."
    found = run(TITLE, text)
    assert (found.relevant, found.kind) == (False, "commentary")
    assert (found.round, found.location) == (3, "Tokyo")
    assert any(r.startswith("reads as news or commentary") for r in found.reasons)


def test_a_release_quoting_its_chair_stays_a_dialogue() -> None:
    text = RELEASE + " “The talks were useful,” said Ambassador Meier."
    assert run(TITLE, text).kind == "dialogue"


def test_on_a_governments_own_site_only_a_wire_dateline_makes_news() -> None:
    newsy = RELEASE + " According to the ministry, the talks were useful, officials said."
    assert run(TITLE, newsy, "https://www.news.example/cyber").kind == "commentary"
    assert run(TITLE, newsy, "https://www.mofa.go.jp/press/release").kind == "dialogue"
    assert run(TITLE, newsy, "https://www.exteriores.gob.es/nota").kind == "dialogue"
    wire = "TOKYO (Kyodo) -- " + RELEASE
    assert run(TITLE, wire, "https://www.mofa.go.jp/press/release").kind == "commentary"
