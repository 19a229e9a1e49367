"""How the archive writes and reads moments: ISO-8601 text in UTC, to the microsecond."""

from __future__ import annotations

from datetime import UTC, datetime


def to_text(moment: datetime) -> str:
    """The stored form of an aware datetime; a naive one is refused rather than guessed."""
    if moment.tzinfo is None:
        raise ValueError(f"naive datetime {moment!r}: pass a timezone-aware one")
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def from_text(value: str) -> datetime:
    """An aware UTC datetime from its stored form."""
    return datetime.fromisoformat(value).astimezone(UTC)


def from_text_or_none(value: str | None) -> datetime | None:
    """``from_text`` for a nullable column."""
    return from_text(value) if value else None
