"""Names of cyber meetings in each language: Dutch and Spanish vocabulary, French noun-first
order, paraphrases of "cyber" (the UN's "security in the use of ICTs"), and blocking words
that are part of a real name. Sentences written from the languages' grammar and ministries'
usage, not copied from releases."""

from __future__ import annotations

import pytest

from config import AnalysisSettings
from scrapers.analysis import Rules, analyze
from scrapers.analysis.names import find_names, main_names
from scrapers.analysis.text import Doc

RULES = Rules.compile(AnalysisSettings())


def named(sentence: str) -> list[str]:
    doc = Doc.of("Title", sentence)
    return [doc.full[n.start : n.end] for n in main_names(find_names(doc, RULES))]


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        # Dutch: compounds with cyber, and the noun before its subject
        ("Het eerste cyberoverleg tussen Nederland en Japan vond plaats.", "cyberoverleg"),
        ("De cyberdialoog werd in Den Haag gehouden.", "cyberdialoog"),
        ("Een dialoog over cyberveiligheid werd gehouden.", "dialoog over cyber"),
        ("De werkgroep inzake cyberzaken kwam bijeen.", "werkgroep inzake cyber"),
        # Spanish: adjective after the noun, "consultas", "grupo de trabajo ... sobre"
        ("El Diálogo Cibernético entre España y México se celebró.", "Diálogo Ciber"),
        ("Las consultas bilaterales sobre ciberseguridad tuvieron lugar.",
         "consultas bilaterales sobre ciber"),
        ("El Grupo de Trabajo sobre Asuntos Cibernéticos se reunió.",
         "Grupo de Trabajo sobre Asuntos Ciber"),
        # French: the noun, then the parties, then the subject
        ("Les consultations franco-allemandes en matière de cybersécurité ont eu lieu.",
         "consultations franco-allemandes en matière de cybersécurité"),
        ("Le dialogue franco-indien sur le cyberespace s'est tenu à Paris.",
         "dialogue franco-indien sur le cyber"),
        # paraphrases of cyber
        ("Bilateral Consultations regarding Security in the Use of ICTs took place.",
         "Consultations regarding Security in the Use of ICT"),
        ("Die Konsultationen über Sicherheit bei der Nutzung von IKT wurden fortgesetzt.",
         "Konsultationen über Sicherheit bei der Nutzung von IKT"),
        ("Le dialogue sur la sécurité des TIC s'est tenu.", "dialogue sur la sécurité des TIC"),
        ("Die Gespräche zur IKT-Sicherheit fanden statt.", "Gespräche zur IKT-Sicherheit"),
        # a blocker joined to "cyber" names the subject, not another meeting
        ("The Cyber Defence Staff Talks were held in Brussels.", "Cyber Defence Staff Talks"),
    ],
)  # fmt: skip
def test_a_meeting_name_in_each_language(sentence: str, name: str) -> None:
    assert name in named(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "They discussed cyber issues at the Strategic Dialogue.",  # another kind of meeting
        "Se habló de ciberseguridad en el Diálogo Estratégico.",
        "Le dialogue stratégique a abordé la cybersécurité et le commerce.",
        "Cyber and economic issues were on the agenda of the Trade Dialogue.",
    ],
)
def test_cyber_beside_another_kind_of_meeting_is_no_name(sentence: str) -> None:
    assert named(sentence) == []


def test_a_spanish_release_of_a_cyber_dialogue_is_relevant() -> None:
    text = (
        "El primer Diálogo Cibernético entre España y México se celebró en Madrid el 3 de "
        "marzo de 2025. Las delegaciones abordaron la ciberseguridad y la protección de "
        "infraestructuras críticas."
    )
    result = analyze("España y México celebran su primer Diálogo Cibernético", text,
                     published=None, url=None, rules=RULES)  # fmt: skip
    assert result.relevant
    assert result.parties == ("ES", "MX")
    assert result.round == 1


def test_a_dutch_release_of_a_cyber_consultation_is_relevant() -> None:
    text = (
        "Op 12 maart 2025 vond in Den Haag het eerste cyberoverleg tussen Nederland en "
        "Duitsland plaats. Beide delegaties spraken over digitale dreigingen."
    )
    result = analyze("Eerste Nederlands-Duits cyberoverleg", text,
                     published=None, url=None, rules=RULES)  # fmt: skip
    assert result.relevant
    assert result.parties == ("DE", "NL")


@pytest.mark.parametrize(
    ("title", "text", "round_"),
    [
        ("Cyberdialog", "Die 2. Runde der deutsch-polnischen Cyberkonsultationen fand statt.", 2),
        ("Cyberdialog", "Zum dritten deutsch-japanischen Cyberdialog trafen sich beide.", 3),
        ("Ciberdiálogo", "La tercera reunión del Diálogo Cibernético España-México se celebró.", 3),
        ("Ciberdiálogo", "El 3.º Diálogo Cibernético entre España y México se celebró.", 3),
        ("Cyberoverleg", "Het tweede cyberoverleg tussen Nederland en Duitsland vond plaats.", 2),
        ("Cyberoverleg", "Het 4de cyberoverleg tussen Nederland en Duitsland vond plaats.", 4),
        ("Cyber", "Ordinal dots are German: in 2. Cyber Dialogue of the UK and Japan.", None),
    ],
)  # fmt: skip
def test_the_round_in_each_language(title: str, text: str, round_: int | None) -> None:
    result = analyze(title, text, published=None, url=None, rules=RULES)
    assert result.round == round_
