"""The cyber-dialogue keyword rule."""

from __future__ import annotations

import pytest

from config import RelevanceSettings
from scrapers import Relevance, judge

RULES = RelevanceSettings()


@pytest.mark.parametrize(
    ("title", "reason"),
    [
        (
            "The 4th Republic of Korea-UK Cyber Dialogue was held in London",
            "'cyber' near 'dialogue'",
        ),
        ("제6차 한·미 사이버정책협의회 개최", "'사이버' near '협의회'"),
        ("第3回日豪サイバー協議の開催", "'サイバー' near '協議'"),
        ("Japan-US Cyber Dialogue (Director-level Intersessional)", "'cyber' near 'dialogue'"),
        ("Cybersecurity consultations between India and Japan", "'cyber' near 'consultation'"),
        ("UK-France dialogues on cyberspace", "'cyber' near 'dialogue'"),
        ("First meeting of the cyber working group", "'cyber' near 'working group'"),
    ],
)
def test_relevant_titles(title: str, reason: str) -> None:
    assert judge(title, "", RULES) == Relevance(
        relevant=True, score=1.0, reasons=(f"title: {reason}",)
    )


@pytest.mark.parametrize(
    "title",
    [
        "UK sanctions Russian hackers",
        "Strategic Dialogue between the UK and Korea",
        "Cyber attack on a hospital",
        "The group was working on cyber",  # "working group" is a phrase, in order
        "",
    ],
)
def test_irrelevant_titles(title: str) -> None:
    assert judge(title, "", RULES) == Relevance(relevant=False, score=0.0, reasons=())


def test_terms_far_apart_are_not_relevant() -> None:
    filler = " ".join(["word"] * 30)
    text = f"The Strategic Dialogue opened with remarks. {filler} Cyber issues were mentioned."
    assert not judge("Strategic Dialogue held", text, RULES).relevant


def test_match_in_text_only_scores_lower() -> None:
    text = (
        "Officials met in Seoul. The two sides held the first working group on cyberspace issues."
    )
    assert judge("Minister visits Seoul", text, RULES) == Relevance(
        relevant=True, score=0.7, reasons=("text: 'cyber' near 'working group'",)
    )


def test_match_in_both_lists_both_reasons() -> None:
    verdict = judge("Cyber Dialogue", "The cyber dialogue met.", RULES)
    assert verdict.score == 1.0
    assert verdict.reasons == ("title: 'cyber' near 'dialogue'", "text: 'cyber' near 'dialogue'")


def test_window_is_counted_in_words() -> None:
    rules = RelevanceSettings(window=2)
    assert judge("cyber policy dialogue", "", rules).relevant  # distance 2
    assert not judge("cyber and policy dialogue", "", rules).relevant  # distance 3


def test_korean_words_are_counted_by_spaces() -> None:
    rules = RelevanceSettings(window=1)
    assert judge("사이버 안보 협의회", "", rules).relevant is False
    assert judge("사이버 협의회", "", rules).relevant is True


def test_custom_terms_are_case_insensitive() -> None:
    rules = RelevanceSettings(topic=("CYBER",), meeting=("Talks",), window=3)
    assert judge("cyber TALKS", "", rules).reasons == ("title: 'CYBER' near 'Talks'",)
