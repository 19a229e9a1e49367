"""Rounds written as each language writes ordinals (from the languages' grammars and style
guides, not from releases): German ordinal dots and declined words, French "2e" and Roman "IIe",
Dutch "tweede" and "2de", Spanish "segunda", "2.ª" and Roman "II"."""

from datetime import date

import pytest

from config import AnalysisSettings
from scrapers.analysis import Rules, analyze
from scrapers.analysis.rounds import roman_value

RULES = Rules.compile(AnalysisSettings())


@pytest.mark.parametrize(
    ("title", "text", "expected"),
    [
        ("Cyberkonsultationen", "Die 2. Runde der deutsch-japanischen Cyberkonsultationen "
         "fand in Berlin statt.", 2),
        ("Cyberkonsultationen", "In der zweiten Runde der deutsch-kanadischen "
         "Cyberkonsultationen ging es um Resilienz.", 2),
        ("Dialogue cyber", "Le 3e dialogue cyber franco-canadien s'est tenu à Ottawa.", 3),
        ("Dialogue cyber", "Le troisième dialogue cyber franco-canadien s'est tenu à Ottawa.", 3),
        ("Dialogue cyber", "Le IIIe dialogue cyber franco-canadien s'est tenu à Ottawa.", 3),
        ("Dialogue cyber", "Le Ier dialogue cyber franco-canadien s'est tenu à Ottawa.", 1),
        ("Cyberdialoog", "De derde cyberdialoog tussen Nederland en Canada vond plaats.", 3),
        ("Cyberdialoog", "De 3de cyberdialoog tussen Nederland en Canada vond plaats.", 3),
        ("Diálogo cibernético", "La tercera ronda del diálogo cibernético entre España y "
         "Canadá se celebró en Madrid.", 3),
        ("Diálogo cibernético", "La 3.ª ronda del diálogo cibernético entre España y Canadá "
         "se celebró en Madrid.", 3),
        ("Diálogo cibernético", "El III Diálogo cibernético entre España y Canadá se celebró "
         "en Madrid.", 3),
        ("Diálogo cibernético", "La IV Reunión del diálogo cibernético entre España y Canadá "
         "se celebró en Madrid.", 4),
    ],
)  # fmt: skip
def test_ordinals_in_each_language(title: str, text: str, expected: int) -> None:
    found = analyze(title, text, published=date(2024, 5, 2), url=None, rules=RULES)
    assert found.round == expected


def test_a_roman_numeral_before_another_noun_is_no_round() -> None:
    text = "Sous la Ve République, le dialogue cyber franco-canadien s'est tenu à Ottawa."
    found = analyze("Dialogue cyber", text, published=date(2024, 5, 2), url=None, rules=RULES)
    assert found.round is None


@pytest.mark.parametrize(
    ("numeral", "value"),
    [("I", 1), ("IV", 4), ("IX", 9), ("XIV", 14), ("XXXIX", 39), ("IIII", None), ("VX", None)],
)
def test_roman_values(numeral: str, value: int | None) -> None:
    assert roman_value(numeral) == value
