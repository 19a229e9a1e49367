"""The language of a release, and sentence ends that know each language's abbreviations and
ordinal dots (written from the languages' spelling rules, not from releases)."""

from __future__ import annotations

import pytest

from scrapers.analysis import language
from scrapers.analysis.abbreviations import is_abbreviation
from scrapers.analysis.language import UNKNOWN, language_of
from scrapers.analysis.text import Doc


@pytest.mark.parametrize(
    ("title", "text", "lang"),
    [
        ("Ministers meet", "The two governments held talks on security in the capital.", "en"),
        ("장관 회담", "양국 정부는 수도에서 안보에 관한 회담을 가졌다.", "ko"),
        ("外相会談", "両国政府は首都で安全保障に関する協議を行いました。", "ja"),
        ("Treffen", "Die beiden Regierungen haben sich in der Hauptstadt getroffen.", "de"),
        ("Rencontre", "Les deux gouvernements se sont réunis dans la capitale.", "fr"),
        ("Overleg", "De twee regeringen hebben in de hoofdstad met elkaar gesproken.", "nl"),
        ("Reunión", "Los dos gobiernos se reunieron en la capital para hablar.", "es"),
    ],
)
def test_the_language_of_a_release_in_each_language_read(title: str, text: str, lang: str) -> None:
    assert language_of(title, text) == lang


ENGLISH_RELEASE = (
    "The third Cyber Dialogue between the two governments was held in Seoul on 4 June. The "
    "delegations discussed the protection of critical infrastructure, the application of "
    "international law to cyberspace and cooperation on capacity building in the region, and "
    "agreed to hold the next round of the dialogue in London."
)
GERMAN_WITH_ENGLISH = (
    "Die dritte Runde des Cyber-Dialogs fand in Berlin statt. Die Delegationen sprachen über "
    "den Schutz kritischer Infrastrukturen und die Anwendung des Völkerrechts im Cyberraum, "
    "über the Cyber Security Strategy of the United Kingdom and the Pall Mall Process."
)


def test_plain_english_is_decided_without_the_detector(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_detector() -> None:
        raise AssertionError("the detector was asked")

    monkeypatch.setattr(language, "_detector", no_detector)
    assert language_of("Cyber Dialogue held", ENGLISH_RELEASE) == "en"


def test_other_languages_quoting_english_are_left_to_the_detector() -> None:
    """German function words (and too few words, and other scripts) keep the cheap check out."""
    assert not language._plainly_english(GERMAN_WITH_ENGLISH)
    assert language_of("Cyber-Dialog", GERMAN_WITH_ENGLISH) == "de"
    assert not language._plainly_english("The two sides met in the capital.")  # too short
    assert language_of("Ministers meet", "The two sides met in the capital.") == "en"


def test_a_text_without_letters_has_no_language() -> None:
    assert language_of("2024", "12 - 13") == UNKNOWN


def test_doc_carries_its_language_or_the_one_given() -> None:
    assert Doc.of("Treffen", "Die Regierungen haben sich getroffen.").lang == "de"
    assert Doc.of("x", "y", lang="fr").lang == "fr"


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("am 9. Juli", "de"),  # German ordinal: a number and a dot
        ("zum 3. Mal", "de"),
        ("z. B. die", "de"),
        ("bzw. die", "de"),
        ("M. Dupont", "fr"),  # monsieur
        ("MM. Dupont", "fr"),  # messieurs
        ("dhr. Jansen", "nl"),
        ("bijv. de", "nl"),
        ("Sr. García", "es"),
        ("Dña. García", "es"),
        ("EE. UU.", "es"),  # Estados Unidos
        ("Robert L. Strayer", "en"),
        ("Mr. Smith", "en"),
    ],
)
def test_dots_that_do_not_end_a_sentence(text: str, lang: str) -> None:
    dot = text.index(". ")
    assert is_abbreviation(text, dot, lang)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("im Jahr 2020. Die", "de"),  # a year is no ordinal
        ("in London 9. The", "en"),  # ordinal dots are German, not English
        ("a Madrid. El", "es"),
    ],
)
def test_dots_that_end_a_sentence(text: str, lang: str) -> None:
    assert not is_abbreviation(text, text.index(". "), lang)


def test_a_german_date_stays_in_its_sentence() -> None:
    doc = Doc.of("Cyberdialog", "Am Dienstag, 14. März 2023 tagten beide. Danach ging es.")
    assert [s.text.strip() for s in doc.sentences[1:]] == [
        "Am Dienstag, 14. März 2023 tagten beide.",
        "Danach ging es.",
    ]


def test_an_english_page_with_korean_menus_is_english() -> None:
    menus = "메뉴 열기\n본문으로 이동\n전체 메뉴\n검색\n"
    text = menus + "The two ministries held their first consultation on security issues in Seoul."
    assert language_of("Ministries hold consultation", text) == "en"


def test_the_language_is_detected_only_when_a_decision_depends_on_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    asked: list[str] = []

    def detect(title: str, text: str) -> str:
        asked.append(title)
        return "de"

    monkeypatch.setattr(language, "language_of", detect)
    plain = Doc.of("Cyber talks", "The talks were held in Seoul. They went well.")
    assert len(plain.sentences) == 3
    assert asked == []  # no dot whose meaning depends on the language
    ordinal = Doc.of("Cyberdialog", "Die Gespräche fanden am 9. Juli statt. Es war gut.")
    assert asked == ["Cyberdialog"]  # "9." is an ordinal in German, a sentence end elsewhere
    assert [s.text.strip() for s in ordinal.sentences][
        1
    ] == "Die Gespräche fanden am 9. Juli statt."
    assert ordinal.lang == "de" and asked == ["Cyberdialog"]  # detected once, then kept
