"""France MEAE (DSFR cards, English ordinal dates without a comma, French dates) and Spain's
Exteriores (no list date: the date is read from the YYYYMMDD_NOTA file name)."""

from datetime import UTC, datetime

from config import Source
from tests.scrapers.catalogue_helpers import Fetch, article, listing


def test_meae_english_list_with_ordinal_dates(catalogue: dict[str, Source], fetch: Fetch) -> None:
    source = catalogue["fr-meae-news"]
    (item,) = listing(source, fetch)
    assert item.title == "France and India hold cyber dialogue"
    # the slug is French even for the English page
    assert item.url.endswith(
        "/fr/en/presse-et-ressources/decouvrir-et-informer/actualites/dialogue-cyber-franco-indien"
    )
    assert item.published == datetime(2024, 11, 28, tzinfo=UTC)  # "November 28th 2024"
    text = article(source, item, fetch).text
    assert text.startswith("France and India held their cyber dialogue in Paris")
    assert "proliferation of commercial cyber intrusion capabilities" in text
    assert "Share" not in text  # the share bar inside the body: exclude_selectors


def test_meae_french_list(catalogue: dict[str, Source], fetch: Fetch) -> None:
    source = catalogue["fr-meae-actualites"]
    (item,) = listing(source, fetch)
    assert item.title == "Tenue du dialogue cyber franco-indien (28 novembre 2024)"
    assert item.published == datetime(2024, 11, 28, tzinfo=UTC)
    assert "ont tenu leur dialogue cyber à Paris" in article(source, item, fetch).text


def test_exteriores_date_from_the_file_name(catalogue: dict[str, Source], fetch: Fetch) -> None:
    source = catalogue["es-exteriores-notas"]
    (item,) = listing(source, fetch)
    assert item.title.startswith("Celebrado en Madrid el primer diálogo sobre ciberseguridad")
    assert item.url.endswith("/2024_NOTAS_P/20241129_NOTA101.aspx")
    assert item.published == datetime(2024, 11, 29, tzinfo=UTC)
    text = article(source, item, fetch).text
    assert "celebraron el 29 de noviembre de 2024 en Madrid su primer diálogo" in text
