"""The filters ``search`` and ``export`` share, as typer options, and the ``Filters`` they make."""

from datetime import datetime
from enum import StrEnum
from typing import Annotated

import typer

from config.delivery import PARTY_ALIASES
from storage import Filters


class KindChoice(StrEnum):
    dialogue = "dialogue"
    other = "other"


class SortChoice(StrEnum):
    rank = "rank"
    date = "date"


_DAY = ["%Y-%m-%d"]
LARGEST = 2**63 - 1  # SQLite's largest integer: a larger --limit or id means "all" or "none"

Party = Annotated[
    list[str] | None,
    typer.Option(
        "--party",
        "-p",
        help="Only releases this party took part in (KR, GB or UK, JP; repeat: all of them).",
    ),
]
Topic = Annotated[
    list[str] | None,
    typer.Option(
        "--topic", "-t", help="Only releases on this topic (ransomware, ...; repeat: all)."
    ),
]
Since = Annotated[
    datetime | None, typer.Option("--since", formats=_DAY, help="Published on or after YYYY-MM-DD.")
]
Until = Annotated[
    datetime | None,
    typer.Option("--until", formats=_DAY, help="Published on or before YYYY-MM-DD."),
]
SourceName = Annotated[
    list[str] | None, typer.Option("--source", "-s", help="Only from this source (repeat: any).")
]
Kind = Annotated[
    KindChoice | None, typer.Option("--kind", help="Cyber dialogues, or every other release.")
]
AllCopies = Annotated[
    bool,
    typer.Option("--all-copies", help="List copies on their own, not folded under the original."),
]


def filters_of(
    parties: list[str] | None,
    topics: list[str] | None,
    since: datetime | None,
    until: datetime | None,
    sources: list[str] | None,
    kind: KindChoice | None,
    all_copies: bool,
) -> Filters:
    """The ``Filters`` the options ask for; party names as codes (``uk`` is ``GB``)."""
    return Filters(
        parties=_codes(parties or []),
        topics=tuple(t.strip().lower() for t in topics or ()),
        since=since.date() if since else None,
        until=until.date() if until else None,
        sources=tuple(sources or ()),
        kind=None if kind is None else "dialogue" if kind is KindChoice.dialogue else "other",
        all_copies=all_copies,
    )


def _codes(parties: list[str]) -> tuple[str, ...]:
    """The parties' codes, in capitals (``kr`` is ``KR``, ``uk`` is ``GB``), without the parties'
    table: a code it does not have simply matches nothing."""
    codes = (p.strip().upper() for p in parties)
    return tuple(dict.fromkeys(PARTY_ALIASES.get(code, code) for code in codes))
