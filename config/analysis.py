"""The analysis rules file: term lists, weights, cues and host lists, read from TOML.

The built-in file is ``config/analysis.toml``; ``[analysis] rules = PATH`` replaces it. Every
regex is compiled here once, so a broken pattern is refused at start with the file and field.
"""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from config.errors import ConfigError
from config.files import builtin_rules
from config.scores import Ranking, Weights
from config.toml import read_toml

__all__ = ["AnalysisRules", "Ranking", "Weights", "load_rules"]


class _Table(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Terms(_Table):
    """Words that make up the name of a cyber meeting, and what breaks such a name."""

    cyber: tuple[str, ...]
    meeting: tuple[str, ...]
    blockers: tuple[str, ...] = ()
    references: tuple[str, ...] = ()
    tight: tuple[str, ...] = ()
    linkers: tuple[str, ...] = ()
    held: tuple[str, ...] = ()


class LanguageTerms(_Table):
    """One language's terms, added to the lists of ``[terms]`` (``[languages.es]``)."""

    cyber: tuple[str, ...] = ()
    meeting: tuple[str, ...] = ()
    blockers: tuple[str, ...] = ()
    references: tuple[str, ...] = ()
    tight: tuple[str, ...] = ()
    linkers: tuple[str, ...] = ()
    held: tuple[str, ...] = ()


def _check_patterns(value: tuple[str, ...]) -> tuple[str, ...]:
    for pattern in value:
        try:
            re.compile(pattern)
        except re.error as e:
            raise ValueError(f"regex does not compile: {pattern!r}: {e}") from e
    return value


class Negative(_Table):
    """Cues (regex) of releases that are about cyber but are not dialogues."""

    title: tuple[str, ...] = ()
    text: tuple[str, ...] = ()
    consultation: tuple[str, ...] = ()

    _patterns = field_validator("title", "text", "consultation")(_check_patterns)


class Commentary(_Table):
    """Cues (regex) of news reports and commentary: decisive ones make news alone, strong ones
    count 2, weak ones 1."""

    decisive: tuple[str, ...] = ()
    strong: tuple[str, ...] = ()
    weak: tuple[str, ...] = ()

    _patterns = field_validator("decisive", "strong", "weak")(_check_patterns)


class Hosts(_Table):
    """Domains of aggregators and news sites, and of governments (a host or a parent)."""

    aggregators: tuple[str, ...] = ()
    official: tuple[str, ...] = ()


class Boilerplate(_Table):
    """Whole lines (regex) dropped before a release's text is hashed."""

    lines: tuple[str, ...] = ()

    _patterns = field_validator("lines")(_check_patterns)


class AnalysisRules(_Table):
    """Everything the analysis reads from the rules file."""

    terms: Terms
    languages: dict[str, LanguageTerms] = Field(default_factory=dict)
    weights: Weights = Weights()
    ranking: Ranking = Ranking()
    negative: Negative = Negative()
    commentary: Commentary = Commentary()
    hosts: Hosts = Hosts()
    boilerplate: Boilerplate = Boilerplate()

    def all_terms(self) -> Terms:
        """``[terms]`` with every language's terms added."""
        merged = {
            field: tuple(getattr(self.terms, field))
            + tuple(t for lang in self.languages.values() for t in getattr(lang, field))
            for field in Terms.model_fields
        }
        return Terms(**merged)


def load_rules(path: Path | None = None) -> AnalysisRules:
    """Read and check the rules file (the built-in one by default)."""
    path = path or builtin_rules()
    data = read_toml(path)
    try:
        return AnalysisRules.model_validate(data)
    except ValidationError as e:
        err = e.errors()[0]
        field = ".".join(str(p) for p in err["loc"])
        raise ConfigError(err["msg"], path=path, field=field) from e
