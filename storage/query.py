"""What a reader asks the archive for: the filters of ``search``, ``export`` and ``browse``'s
questions, and the FTS5 query a user's text becomes.

Pure: builds SQL text and parameters, runs nothing.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

Kind = Literal["dialogue", "other"]
Sort = Literal["rank", "date"]

# The day a release is dated by for --since/--until: its publication date, else when first seen.
RELEASE_DAY = "substr(coalesce(r.published, r.first_seen), 1, 10)"

_TERMS = re.compile(r'"([^"]*)"?|(\S+)')
# A private-use character that starts the index's facet words (``storage.facet_words``): it
# never comes from a user's text, so no search text matches a facet word.
FACET_MARK = "\ue000"
# FTS5 ends a string at NUL: never in a query; nor the facet words' mark.
_CONTROLS = re.compile(f"[\x00-\x1f\x7f-\x9f{FACET_MARK}]")


@dataclass(frozen=True, slots=True)
class Filters:
    """Which releases a query keeps. Every party and every topic named must be among the
    release's (``parties=("KR", "GB")``: both took part); ``sources`` any of them; dates are
    inclusive. Copies are folded under their original unless ``all_copies``."""

    parties: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    since: date | None = None
    until: date | None = None
    sources: tuple[str, ...] = ()
    kind: Kind | None = None
    all_copies: bool = False
    ids: tuple[int, ...] = ()  # only these releases (none named: any)


EVERYTHING = Filters()  # no filter: every release, copies folded


def fts_match(text: str) -> str:
    """The FTS5 query for a user's ``text``: every word must occur; ``"a b"`` is a phrase,
    ``word*`` a prefix. Everything else is literal, so any text is safe (``U.S.-Japan``, ``AND``,
    an unbalanced quote, control characters). Empty when the text has no words. A term given
    twice counts once (2,000 repeats of a word would make FTS5 take seconds)."""
    terms: list[str] = []
    for match in _TERMS.finditer(_CONTROLS.sub(" ", text)):
        phrase, word = match.group(1), match.group(2)
        if phrase is not None:
            if phrase.strip():
                terms.append(_quoted(phrase))
            continue
        prefix = word.endswith("*") and len(word.rstrip("*")) > 0
        core = word.rstrip("*") if prefix else word
        if not any(c.isalnum() for c in core):
            continue
        terms.append(_quoted(core) + ("*" if prefix else ""))
    return " ".join(dict.fromkeys(terms))


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def where(filters: Filters) -> tuple[list[str], list[Any]]:
    """The conditions on ``releases AS r`` that ``filters`` asks for, and their parameters."""
    conditions: list[str] = []
    params: list[Any] = []
    for column, values in (("parties", filters.parties), ("topics", filters.topics)):
        for value in values:
            # instr: a cheap first look at the JSON array's text (as storage writes it); the
            # EXISTS decides, so a release is kept exactly when the value is one of its own.
            conditions.append(
                f"instr(r.{column}, ?) AND EXISTS (SELECT 1 FROM json_each(r.{column}) "
                "WHERE value = ?)"
            )
            params.extend([json.dumps(value, ensure_ascii=False), value])
    if filters.since is not None:
        conditions.append(f"{RELEASE_DAY} >= ?")
        params.append(filters.since.isoformat())
    if filters.until is not None:
        conditions.append(f"{RELEASE_DAY} <= ?")
        params.append(filters.until.isoformat())
    if filters.sources:
        conditions.append(f"r.source IN ({', '.join('?' for _ in filters.sources)})")
        params.extend(filters.sources)
    if filters.ids:
        conditions.append(f"r.id IN ({', '.join('?' for _ in filters.ids)})")
        params.extend(filters.ids)
    if filters.kind == "dialogue":
        conditions.append("r.kind = 'dialogue'")
    elif filters.kind == "other":
        conditions.append("coalesce(r.kind, '') != 'dialogue'")
    return conditions, params
