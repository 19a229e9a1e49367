"""Verbs saying a meeting was held, in the tenses and agreements each language's grammar gives
them (examples written from the grammars, not from releases)."""

from datetime import date

import pytest

from config import AnalysisSettings
from scrapers.analysis import Rules, analyze

RULES = Rules.compile(AnalysisSettings())


@pytest.mark.parametrize(
    "verb",
    ["a tenu", "s'est déroulée", "se sont déroulées"],  # passé composé, any subject or gender
)
def test_a_french_past_tense_says_the_meeting_was_held(verb: str) -> None:
    text = (
        "Le dialogue cyber belgo-canadien porte sur la résilience des réseaux.\n"
        f"Le 3 mai 2024, la rencontre {verb} à Bruxelles."
    )
    found = analyze("Dialogue cyber", text, published=None, url=None, rules=RULES)
    assert found.held_on == date(2024, 5, 3)
