"""Chairs: the cues of each language, taken from its grammar, and what is not a name.

The sentences are written for these tests (not copied from releases): each shows one
grammatical pattern a language uses to say who led a delegation or chaired a meeting.
"""

import pytest

from scrapers.analysis.chairs import extract_chairs
from scrapers.analysis.text import Doc


def chairs(text: str) -> list[str]:
    return [c.name for c in extract_chairs(Doc.of("Cyber consultations", text))]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # German passive: the agent between "von"/"durch" and the participle.
        ("Die Delegation wurde von Botschafterin Anna Keller, der Beauftragten für "
         "Cyber-Außenpolitik, geleitet.", ["Anna Keller"]),
        ("Die Delegation wurde durch die Beauftragte für Abrüstung, Sonderbotschafterin "
         "Dr. Paula Weber geleitet.", ["Paula Weber"]),
        # "an der Spitze ... stand": the head stands at the top of the delegation.
        ("Der Delegation, an deren Spitze die Sonderbeauftragte der Regierung Eva M. Lindqvist "
         "stand, gehörten Fachleute aus drei Ministerien an.", ["Eva M. Lindqvist"]),
        ("Die Gespräche fanden unter Leitung von Staatssekretär Jan Vogel statt.", ["Jan Vogel"]),
        ("Delegationsleiter Markus Brandt eröffnete die Konsultationen.", ["Markus Brandt"]),
        # French: past participle + "par", "ont coprésidé".
        ("Les délégations étaient menées par Claire Dubois et Pierre Martin.",
         ["Claire Dubois", "Pierre Martin"]),
        ("Claire Dubois et Pierre Martin ont coprésidé le dialogue.",
         ["Claire Dubois", "Pierre Martin"]),
        # Spanish and Dutch participles.
        ("La reunión fue copresidida por Ana López y Luis Pérez.", ["Ana López", "Luis Pérez"]),
        ("De delegatie werd geleid door Pieter de Vries.", ["Pieter de Vries"]),
        # English: "were the head delegates", "led the ... engagement".
        ("Mr. Alan Reed, Ambassador for Cyber Affairs, and Ms. Mia Stone, Director, were the "
         "two head delegates to the Consultation.", ["Alan Reed", "Mia Stone"]),
        ("Deputy Assistant Secretary Sam Hill led the U.S. engagement.", ["Sam Hill"]),
        # A name followed by its role in parentheses.
        ("Talks between Jane Roe (head of the Japanese delegation) and Max Muster (head of "
         "the German delegation) were constructive.", ["Jane Roe", "Max Muster"]),
        ("Les échanges entre Claire Dubois (cheffe de la délégation française) et Jan Vogel "
         "ont porté sur la résilience.", ["Claire Dubois"]),
    ],
)  # fmt: skip
def test_cues_in_each_language(text: str, names: list[str]) -> None:
    assert chairs(text) == names


def test_a_portfolio_after_for_is_not_a_name() -> None:
    text = (
        "The talks were chaired by Undersecretary for Infrastructure Management, Security "
        "and Skills, Tom Park."
    )
    assert chairs(text) == ["Tom Park"]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Leiter der deutschen Delegation war Sonderbeauftragter Jan Becker.", ["Jan Becker"]),
        ("Head of the Canadian delegation was Ambassador Marie Tremblay.", ["Marie Tremblay"]),
        ("Le chef de la délégation française était M. Jean Moreau, ambassadeur pour le "
         "numérique.", ["Jean Moreau"]),
        ("La jefa de la delegación española fue la embajadora Lucía Fernández.",
         ["Lucía Fernández"]),
        ("Hoofd van de Nederlandse delegatie was ambassadeur Pieter Jansen.", ["Pieter Jansen"]),
        ("The head of the delegation is responsible for the report.", []),
        # a German title is a compound ending in a title noun
        ("Die Gespräche fanden unter Leitung von Cyberbotschafterin Eva Lange statt.",
         ["Eva Lange"]),
    ],
)  # fmt: skip
def test_the_head_of_a_delegation_named_after_the_verb(text: str, names: list[str]) -> None:
    assert chairs(text) == names


@pytest.mark.parametrize(
    "text",
    [
        # an adverb between the participle and "by": jointly, conjointement, conjuntamente
        "The meeting was chaired jointly by Ambassador Anna Berg and Director-General Tomás Silva.",
        "La réunion était présidée conjointement par Mme Anna Berg et M. Tomás Silva.",
        "La reunión fue presidida conjuntamente por la embajadora Anna Berg y el director "
        "general Tomás Silva.",
        "Die Konsultationen fanden unter dem gemeinsamen Vorsitz von Botschafterin Anna Berg "
        "und Generaldirektor Tomás Silva statt.",
        # the subject after the verb
        "Heading the delegations were Ambassador Anna Berg and Director-General Tomás Silva.",
    ],
)
def test_joint_chairs_in_other_word_orders(text: str) -> None:
    assert chairs(text) == ["Anna Berg", "Tomás Silva"]


def test_a_co_chairs_label_is_not_the_possessive_of_a_title() -> None:
    text = (
        "Co-Chairs' Statement on the Second Canada-Chile Cyber Dialogue\n\n"
        "Begin Text:\n\nThe dialogue took place in Santiago."
    )
    assert chairs(text) == []
    assert chairs("Co-Chairs: Ms. Ana Silva (Chile) and Mr. Paul Dubois (Canada)\n") == [
        "Ana Silva",
        "Paul Dubois",
    ]


def test_a_possessive_is_not_a_name() -> None:
    text = "The delegation was led by Eva Roth, head of the Ministry's Digital Division."
    assert chairs(text) == ["Eva Roth"]


def test_someone_the_head_worked_with_is_not_a_chair() -> None:
    text = "Our delegation was led by Mr Omar Haddad, working with Dr Lina Saleh, Adviser."
    assert chairs(text) == ["Omar Haddad"]


def test_a_shorter_form_of_the_same_name_is_one_person() -> None:
    text = (
        "The first session was chaired by Jeffrey Ian C. Dy. The second session was chaired "
        "by Jeffrey Dy."
    )
    assert chairs(text) == ["Jeffrey Ian C. Dy"]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # Subject marker 이/가 + 수석대표로 참석: the subject heads the delegation.
        ("협의회에는 우리측 박민수 외교부 국제안보대사와 미국측 존 스미스(John Smith) 국무부 "
         "조정관이 각각 수석대표로 참석하였다.", ["박민수", "존 스미스(John Smith)"]),
        ("회의에는 박민수 국제안보대사와 Sarah Lee 외교부 국장이 수석대표를 맡았다.",
         ["박민수", "Sarah Lee"]),
        # A country name after a transliterated name is the title, not the name.
        ("회의에는 박민수 대사와 안나 코발스카 폴란드 사이버대사가 수석대표로 참석했다.",
         ["박민수", "안나 코발스카"]),
        # A place before the subject ("서울에서") is not part of the first name.
        ("제2차 협의회가 5일 부산에서 우리측 박민수 대사와 EU측 마리 뒤퐁(Marie Dupont) "
         "국장을 수석대표로 열렸다.", ["박민수", "마리 뒤퐁(Marie Dupont)"]),
    ],
)  # fmt: skip
def test_korean_heads_of_delegation(text: str, names: list[str]) -> None:
    assert chairs(text) == names


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # Korean: a topic (는), a place or side (에서는, 측) or a determiner (이번) before the
        # subject closes a phrase; the name starts after it.
        ("이번 협의회는 김영수 외교부 국제사이버협력대사와 후안 로페스 칠레 외교부 국장이 공동 "
         "주재하였다.", ["김영수", "후안 로페스"]),
        ("우리측에서는 김영수 국제사이버협력대사가, 칠레측에서는 후안 로페스 국장이 "
         "수석대표를 맡았다.", ["김영수", "후안 로페스"]),
        # Japanese: "それぞれ議長を務め", a side marker "側は", "…の共同議長の下で"
        ("本対話では、日本側は山本一郎外務省サイバー政策担当大使が、チリ側はフアン・ロペス外務省"
         "国際安全保障局長がそれぞれ議長を務めました。", ["山本一郎", "フアン・ロペス"]),
        ("今次協議は、鈴木花子総合外交政策局審議官とジョン・スミス国務省次官補代理の共同議長の"
         "下で行われた。", ["鈴木花子", "ジョン・スミス"]),
    ],
)  # fmt: skip
def test_cjk_name_boundaries(text: str, names: list[str]) -> None:
    assert chairs(text) == names
