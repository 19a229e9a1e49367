"""When to check a source next: pure rules, given the time, the server's hints and the failures.

A source that answered is checked again after the base interval (``[schedule] poll_interval``),
stretched by what the server said (``Cache-Control: max-age``, ``Expires``, ``Retry-After``, an
RSS ``<ttl>``), never shortened by it, and clamped to ``[min_interval, max_interval]`` (Miniflux's
rule: ``clamp(max(base, hints), min, max)``).

A source that failed waits ``poll_interval * backoff_factor ** (failures - 1)``, at most
``max_backoff``, randomised by ``+-jitter`` so failing sources do not all come back together, at
least as long as a ``Retry-After`` it sent, and clamped the same way. It is retried for ever:
never abandoned.

A source is due when its next check is at most a tenth of the poll interval away, so a poll that
starts a few seconds early does not skip it for a whole interval; a source never checked is due.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from random import Random

from config import ScheduleSettings
from scrapers.http_dates import retry_after_seconds, seconds_until

_MAX_AGE = re.compile(r"(?:^|,)\s*max-age\s*=\s*\"?(\d+)\"?", re.IGNORECASE)
_NO_CACHE = re.compile(r"(?:^|,)\s*(?:no-cache|no-store)\b", re.IGNORECASE)
_TTL = re.compile(rb"<ttl>\s*(\d+)\s*</ttl>", re.IGNORECASE)
_TTL_WINDOW = 16 * 1024  # <ttl> belongs to <channel>, before the items
DUE_FRACTION = 10  # a source due within poll_interval / 10 is polled now


@dataclass(frozen=True, slots=True)
class Hints:
    """How long the server asked us to wait before asking again, in seconds (None: not said)."""

    max_age: float | None = None  # Cache-Control: max-age
    expires: float | None = None  # Expires, measured against the answer's Date
    retry_after: float | None = None  # Retry-After
    ttl: float | None = None  # an RSS channel's <ttl>, in seconds

    @property
    def longest(self) -> float | None:
        said = [v for v in (self.max_age, self.expires, self.retry_after, self.ttl) if v]
        return max(said) if said else None


def hints_from(
    headers: Mapping[str, str], content: bytes = b"", *, retry_after: float | None = None
) -> Hints:
    """The hints of an answer: its (lower-case) headers, and the body for an RSS ``<ttl>``.
    ``retry_after`` is a Retry-After already read (in seconds) from an answer that failed."""
    date = headers.get("date")
    waited = retry_after
    if waited is None:
        waited = retry_after_seconds(headers.get("retry-after"), date=date)
    return Hints(
        max_age=cache_max_age(headers.get("cache-control")),
        expires=expires_in(headers.get("expires"), date=date),
        retry_after=waited,
        ttl=feed_ttl(content),
    )


def cache_max_age(value: str | None) -> float | None:
    """Seconds from ``Cache-Control: max-age=N`` (``s-maxage`` is for shared caches, not us);
    None with ``no-cache`` or ``no-store``, which ask for no waiting at all."""
    if not value or _NO_CACHE.search(value):
        return None
    ages = [float(m) for m in _MAX_AGE.findall(value)]
    return max(ages) if ages else None


def expires_in(value: str | None, *, date: str | None) -> float | None:
    """Seconds from ``Date`` until ``Expires`` (both from the answer, so no local clock is read);
    None without both, or when Expires is not a date (``0``, ``-1``) or already past."""
    seconds = seconds_until(value, date=date)
    return seconds if seconds is not None and seconds > 0 else None


def feed_ttl(content: bytes) -> float | None:
    """Seconds from an RSS channel's ``<ttl>`` (minutes), read from the start of the body."""
    match = _TTL.search(content[:_TTL_WINDOW])
    return float(match.group(1)) * 60 if match and int(match.group(1)) > 0 else None


def next_check(
    now: datetime,
    *,
    rules: ScheduleSettings,
    hints: Hints | None = None,
    failures: int = 0,
    rng: Random,
) -> datetime:
    """When to check a source next: after ``failures`` failures in a row (0: it answered), with
    what the server said in ``hints``. ``rng`` draws the jitter of failure waits."""
    said = timedelta(seconds=(hints.longest or 0.0) if hints else 0.0)
    if failures <= 0:
        wait = max(rules.poll_interval, said)
    else:
        wait = max(backoff(failures, rules=rules, rng=rng), said)
    return now + min(max(wait, rules.min_interval), rules.max_interval)


def backoff(failures: int, *, rules: ScheduleSettings, rng: Random) -> timedelta:
    """The wait after ``failures`` (>= 1) failures in a row: exponential, capped, jittered."""
    exponent = min(max(failures - 1, 0), 64)  # far past any cap; no float overflow
    grown = rules.poll_interval.total_seconds() * rules.backoff_factor**exponent
    capped = min(grown, rules.max_backoff.total_seconds())
    spread = 1.0 + rules.jitter * (2.0 * rng.random() - 1.0)
    return timedelta(seconds=capped * spread)


def is_due(next_at: datetime | None, now: datetime, *, rules: ScheduleSettings) -> bool:
    """Whether a source whose next check is ``next_at`` (None: never checked) is polled now."""
    if next_at is None:
        return True
    return next_at <= now + rules.poll_interval / DUE_FRACTION
