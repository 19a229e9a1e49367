"""Country names and adjectives from CLDR and ISO 3166, inflected by each language's grammar,
and the compounds of parties they make (examples written from grammars, not from releases)."""

from __future__ import annotations

import pytest

from scrapers.analysis.countries import PARTIES, display_name
from scrapers.analysis.country_names import cldr_names
from scrapers.analysis.demonyms import country_of_adjective
from scrapers.analysis.inflection import adjective_forms, name_forms
from scrapers.analysis.parties import compounds


@pytest.mark.parametrize(
    ("base", "lang", "forms"),
    [
        (
            "Deutsch",
            "de",
            {"deutsch", "deutsche", "deutschen", "deutscher", "deutsches", "deutschem"},
        ),
        ("allemand", "fr", {"allemand", "allemande", "allemands", "allemandes"}),
        ("coréen", "fr", {"coréen", "coréenne", "coréens", "coréennes"}),
        ("français", "fr", {"français", "française", "françaises"}),  # -s: the plural is the same
        ("russe", "fr", {"russe", "russes"}),
        ("ruso", "es", {"ruso", "rusa", "rusos", "rusas"}),
        ("francés", "es", {"francés", "francesa", "franceses", "francesas"}),  # accent dropped
        ("español", "es", {"español", "española", "españoles", "españolas"}),
        ("israelí", "es", {"israelí", "israelíes", "israelís"}),
        ("estadounidense", "es", {"estadounidense", "estadounidenses"}),
        ("Duits", "nl", {"Duits", "Duitse"}),
        ("Nederlands", "nl", {"Nederlands", "Nederlandse"}),
        ("Chinees", "nl", {"Chinees", "Chinese"}),  # open syllable: one vowel
        ("Japanese", "en", {"Japanese"}),
    ],
)
def test_adjectives_take_the_endings_of_their_language(
    base: str, lang: str, forms: set[str]
) -> None:
    assert set(adjective_forms(base, lang)) == forms


def test_german_names_take_the_genitive_and_decline_their_adjective() -> None:
    assert set(name_forms("Deutschland", "de")) == {"Deutschland", "Deutschlands"}
    assert "Vereinigten Staaten" in name_forms("Vereinigte Staaten", "de")
    assert "Vereinigten Königreichs" in name_forms("Vereinigtes Königreich", "de")
    assert name_forms("Schweiz", "de") == ("Schweiz",)  # no -s after a sibilant
    assert name_forms("Allemagne", "fr") == ("Allemagne",)


def test_cldr_names_every_country_in_the_seven_languages() -> None:
    uruguay = set(cldr_names()["UY"])
    assert {"Uruguay", "ウルグアイ", "우루과이"} <= uruguay
    assert {"Oostenrijk", "Autriche", "Österreich", "Austria"} <= set(cldr_names()["AT"])


@pytest.mark.parametrize(
    ("code", "names"),
    [
        # ISO 3166 official names as iso-codes translates them, index forms in prose order
        ("KR", {"República de Corea", "Republiek Korea", "République de Corée", "Republik Korea"}),
        ("DE", {"República Federal de Alemania", "Bondsrepubliek Duitsland"}),
        ("IR", {"République islamique d'Iran", "Islamische Republik Iran"}),
        ("US", {"Estados Unidos de América", "Verenigde Staten van Amerika"}),
    ],
)
def test_official_names_in_each_language(code: str, names: set[str]) -> None:
    assert names <= set(cldr_names()[code])


@pytest.mark.parametrize(
    ("text", "parties"),
    [
        ("entre España y la República de Corea", ("ES", "KR")),
        ("tussen Nederland en de Republiek Korea", ("NL", "KR")),
        ("zwischen der Bundesrepublik Deutschland und Japan", ("DE", "JP")),
    ],
)
def test_official_names_make_compounds(text: str, parties: tuple[str, ...]) -> None:
    assert [c.codes for c in compounds(text)] == [parties]


def test_a_language_name_is_an_adjective_only_of_the_country_it_is_named_after() -> None:
    names = cldr_names()
    assert {"französisch", "französischen", "Franse", "francesa"} <= set(names["FR"])
    assert "englisch" not in names["US"] and "English" not in names["US"]
    assert "hebräisch" not in names["IL"]


def codes(text: str) -> list[tuple[str, ...]]:
    return [c.codes for c in compounds(text)]


@pytest.mark.parametrize(
    ("text", "parties"),
    [
        # German: declined adjectives joined by a hyphen, names in the genitive and dative
        ("die deutsch-französischen Konsultationen", ("DE", "FR")),
        ("beim russisch-deutschen Treffen", ("RU", "DE")),
        ("ein israelisch-deutscher Austausch", ("IL", "DE")),
        ("zwischen Deutschland und den Vereinigten Staaten", ("DE", "US")),
        ("die Regierungen Frankreichs und Deutschlands", ("FR", "DE")),
        # French: gender and number, combining forms
        ("les consultations franco-allemandes", ("FR", "DE")),
        ("le dialogue sino-japonais", ("CN", "JP")),
        ("la coopération russo-chinoise", ("RU", "CN")),
        ("les relations américano-suisses", ("US", "CH")),
        # Spanish: gender and number, "EE. UU."
        ("las consultas ruso-chinas", ("RU", "CN")),
        ("entre España y Alemania", ("ES", "DE")),
        ("la mesa redonda de EE. UU. y México", ("US", "MX")),
        ("la reunión germano-española", ("DE", "ES")),
        # Dutch: the attributive -e
        ("de Duits-Nederlandse samenwerking", ("DE", "NL")),
        ("het Frans-Belgische overleg", ("FR", "BE")),
        # English combining forms, Korean and Japanese names from CLDR
        ("the Sino-Japanese talks", ("CN", "JP")),
        ("대한민국과 스위스", ("KR", "CH")),
        ("アメリカ合衆国とスイス", ("US", "CH")),
    ],
)
def test_compounds_of_parties_in_each_language(text: str, parties: tuple[str, ...]) -> None:
    assert codes(text) == [parties]


def test_in_spanish_eu_is_the_united_states_and_ue_the_european_union() -> None:
    assert [c.codes for c in compounds("el grupo de trabajo México-EU", "es")] == [("MX", "US")]
    assert [c.codes for c in compounds("la cooperación México-UE", "es")] == [("MX", "EU")]
    assert [c.codes for c in compounds("the Mexico-EU dialogue", "en")] == [("MX", "EU")]


@pytest.mark.parametrize(
    ("word", "code"),
    [
        # adjectives CLDR does not list, derived from the country's name in some language
        ("chilenischen", "CL"), ("chilien", "CL"), ("chilena", "CL"), ("Chileense", "CL"),
        ("Chilean", "CL"), ("kanadische", "CA"), ("canadiense", "CA"), ("mexicaine", "MX"),
        ("Mexicaanse", "MX"), ("kenianisch", "KE"), ("marocain", "MA"), ("brasileño", "BR"),
        ("australien", "AU"), ("österreichischen", "AT"), ("autrichienne", "AT"),
        # no country's stem, or no adjective ending after it
        ("Sitzung", None), ("security", None), ("delegation", None), ("Chileabc", None),
    ],
)  # fmt: skip
def test_adjectives_derived_from_country_names(word: str, code: str | None) -> None:
    assert country_of_adjective(word) == code


@pytest.mark.parametrize(
    ("text", "parties"),
    [
        ("die deutsch-chilenischen Konsultationen", ("DE", "CL")),
        ("chilenisch-deutsche Gespräche", ("CL", "DE")),
        ("le dialogue franco-chilien", ("FR", "CL")),
        ("el diálogo hispano-mexicano", ("ES", "MX")),
        ("de Nederlands-Keniaanse dialoog", ("NL", "KE")),
        ("the Japan-Chilean dialogue", ("JP", "CL")),
    ],
)
def test_derived_adjectives_make_compounds(text: str, parties: tuple[str, ...]) -> None:
    assert [c.codes for c in compounds(text)] == [parties]


def test_a_derived_adjective_counts_only_joined_to_a_party() -> None:
    assert list(compounds("the chilenischen delegation and the cyber-security dialogue")) == []


def test_the_parties_table_repeats_no_name_cldr_gives() -> None:
    """The table holds only what CLDR and ISO 3166 lack: none of its names is one of
    country_names.py's forms for the same party."""
    cldr = cldr_names()
    repeated = {p.code: set(p.names) & set(cldr.get(p.code, ())) for p in PARTIES if p.listed}
    assert {code: names for code, names in repeated.items() if names} == {}


@pytest.mark.parametrize(
    ("code", "form"),
    [
        ("JP", "Japan"),  # no longer in the table: CLDR's English name
        ("JP", "japonaises"),  # CLDR's French language name, inflected
        ("US", "Vereinigten Staaten"),  # a CLDR German name, declined
        ("KR", "République de Corée"),  # ISO 3166's French official name
        ("KR", "ROK"),  # the table's abbreviation
        ("US", "EE. UU."),
        ("DK", "dänischen"),  # CLDR's German language name, inflected
        ("CO", "colombianas"),  # an adjective of a country without a row
    ],
)
def test_every_party_has_the_table_and_cldr_forms(code: str, form: str) -> None:
    (party,) = [p for p in PARTIES if p.code == code]
    assert form in party.forms


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("KR", "Republic of Korea"),  # _HEADLINE_NAMES: CLDR says "South Korea"
        ("GB", "UK"),
        ("JP", "Japan"),  # CLDR's English name
        ("CZ", "Czech Republic"),  # CLDR says "Czechia"
        ("ASEAN", "Association of Southeast Asian Nations"),  # an organisation's first name
        ("CO", "Colombia"),  # a country without a row
        ("UN", "UN"),  # a code nobody names
    ],
)
def test_headline_names(code: str, name: str) -> None:
    assert display_name(code) == name
