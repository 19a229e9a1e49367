"""The rules file's numbers, ``[weights]`` and ``[ranking]``, as plain frozen dataclasses.

They travel with the compiled rules to every judging worker (``scrapers.analysis.Rules``), so
this module imports no pydantic: a worker that unpickles them does not load it (a worker that
has judged its first text is 51 MB instead of 60; docs/performance.md, session 24). Pydantic
still validates them when the rules file is read (``config.analysis``), from their types, their
bounds (``annotated_types``) and ``__pydantic_config__``: an unknown key or a value out of
bounds is refused with its path.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, ClassVar

from annotated_types import Ge, Gt, Le

_FORBID_EXTRA: dict[str, str] = {"extra": "forbid"}  # pydantic's ConfigDict, as a plain dict


@dataclass(frozen=True, slots=True)
class Weights:
    """What each piece of evidence adds to (or takes from) a release's score."""

    __pydantic_config__: ClassVar[dict[str, str]] = _FORBID_EXTRA

    title_name: float = 3.0
    text_name: float = 2.0
    later_name: float = 1.0
    held: float = 1.0
    parties: float = 1.0
    one_party: float = -2.0
    ordinal: float = 0.5
    negative_title: float = -4.0
    negative_text: float = -1.0
    max_negative_text: Annotated[int, Ge(0)] = 3
    commentary: float = -3.0
    list_page: float = -3.0
    consultation: float = -4.0
    list_rounds: Annotated[int, Ge(2)] = 3
    list_sets: Annotated[int, Ge(2)] = 3
    list_years: Annotated[int, Ge(2)] = 4
    scale: Annotated[float, Gt(0)] = 1.0


@dataclass(frozen=True, slots=True)
class Ranking:
    """The linear score that ranks the candidates for a field (a date, a city): the candidate
    with the highest sum of the weights of its features wins (scrapers/analysis/ranking.py)."""

    __pydantic_config__: ClassVar[dict[str, str]] = _FORBID_EXTRA

    names_meeting: float = 8.0
    held_verb: float = 4.0
    label_line: float = 6.0
    lead: float = 2.0
    title: float = 1.0
    clause_break: float = -1.0
    distance: Annotated[float, Le(0)] = -0.01
    max_distance: Annotated[int, Ge(0)] = 300
    later: Annotated[float, Le(0)] = -1.0
    max_later: Annotated[int, Ge(0)] = 5
    partial: float = -3.0
    gazetteer: float = -4.0
    weekday_agrees: float = 1.0
    weekday_contradicts: float = -20.0
