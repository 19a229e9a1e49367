"""When to check a source next: pure rules, given the time, the server's hints, the source's
publishing rhythm, its host's share and its failures.

A source that answered is checked again after the interval its rhythm asks for
(``scrapers.cadence``: ``checks_per_gap`` checks per its usual gap between releases, between
``min_interval`` and ``quiet_interval``; ``check_interval`` while unknown), stretched by what
the server said (``Cache-Control: max-age``, ``Expires``, ``Retry-After``, an RSS ``<ttl>`` or
``sy:updatePeriod``/``sy:updateFrequency``), never shortened by it, and clamped to
``[min_interval, max_interval]`` (Miniflux's rule: ``clamp(max(base, hints), min, max)``).

A source that failed waits ``check_interval * backoff_factor ** (failures - 1)``, at most
``max_backoff``, randomised by ``+-jitter`` so failing sources do not all come back together, at
least as long as a ``Retry-After`` it sent, and clamped the same way. It is retried for ever:
never abandoned.

Either way it waits at least its host's floor (``cadence.host_floor``): the sources of one host
share ``host_rate`` requests a minute (their lists and the release pages they read), and that
budget wins over every other rule.

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
from scrapers.cadence import due_margin, host_floor, rhythm_interval
from scrapers.http_dates import retry_after_seconds, seconds_until

_MAX_AGE = re.compile(r"(?:^|,)\s*max-age\s*=\s*\"?(\d+)\"?", re.IGNORECASE)
_NO_CACHE = re.compile(r"(?:^|,)\s*(?:no-cache|no-store)\b", re.IGNORECASE)
_TTL = re.compile(rb"<ttl>\s*(\d+)\s*</ttl>", re.IGNORECASE)
_UPDATE_PERIOD = re.compile(rb"<sy:updatePeriod>\s*(\w+)\s*</sy:updatePeriod>", re.IGNORECASE)
_UPDATE_FREQUENCY = re.compile(
    rb"<sy:updateFrequency>\s*(\d+)\s*</sy:updateFrequency>", re.IGNORECASE
)
_PERIODS = {b"hourly": 3600.0, b"daily": 86400.0, b"weekly": 604800.0}
_PERIODS |= {b"monthly": 30 * 86400.0, b"yearly": 365 * 86400.0}
_TTL_WINDOW = 16 * 1024  # <ttl> and sy:* belong to <channel>, before the items


@dataclass(frozen=True, slots=True)
class Hints:
    """How long the server asked us to wait before asking again, in seconds (None: not said)."""

    max_age: float | None = None  # Cache-Control: max-age
    expires: float | None = None  # Expires, measured against the answer's Date
    retry_after: float | None = None  # Retry-After
    ttl: float | None = None  # an RSS channel's <ttl> or sy:updatePeriod/Frequency, in seconds

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
    """Seconds from an RSS channel's ``<ttl>`` (minutes), else from its syndication module's
    ``sy:updatePeriod`` divided by ``sy:updateFrequency`` (default 1), read from the start of
    the body."""
    head = content[:_TTL_WINDOW]
    match = _TTL.search(head)
    if match and int(match.group(1)) > 0:
        return float(match.group(1)) * 60
    period = _UPDATE_PERIOD.search(head)
    seconds = _PERIODS.get(period.group(1).lower()) if period else None
    if seconds is None:
        return None
    frequency = _UPDATE_FREQUENCY.search(head)
    times = int(frequency.group(1)) if frequency else 1
    return seconds / times if times > 0 else seconds


def next_check(
    now: datetime,
    *,
    rules: ScheduleSettings,
    hints: Hints | None = None,
    failures: int = 0,
    rng: Random,
    gap: timedelta | None = None,
    shares: int = 1,
    reads_articles: bool = False,
) -> datetime:
    """When to check a source next: after ``failures`` failures in a row (0: it answered), with
    what the server said in ``hints``, the source's usual ``gap`` between releases (None:
    unknown; ``cadence.publishing_gap``) and the ``shares`` of sources on its host, whose
    budget its release pages take from too when it ``reads_articles``. ``rng`` draws the
    jitter of failure waits."""
    said = timedelta(seconds=(hints.longest or 0.0) if hints else 0.0)
    if failures <= 0:
        wait = max(rhythm_interval(gap, rules=rules), said)
    else:
        wait = max(backoff(failures, rules=rules, rng=rng), said)
    clamped = min(max(wait, rules.min_interval), rules.max_interval)
    articles = gap if reads_articles else None
    return now + max(clamped, host_floor(shares, rules=rules, articles=articles))


def backoff(failures: int, *, rules: ScheduleSettings, rng: Random) -> timedelta:
    """The wait after ``failures`` (>= 1) failures in a row: exponential, capped, jittered."""
    exponent = min(max(failures - 1, 0), 64)  # far past any cap; no float overflow
    grown = rules.check_interval.total_seconds() * rules.backoff_factor**exponent
    capped = min(grown, rules.max_backoff.total_seconds())
    spread = 1.0 + rules.jitter * (2.0 * rng.random() - 1.0)
    return timedelta(seconds=capped * spread)


def is_due(next_at: datetime | None, now: datetime, *, rules: ScheduleSettings) -> bool:
    """Whether a source whose next check is ``next_at`` (None: never checked) is polled now."""
    if next_at is None:
        return True
    return next_at <= now + due_margin(rules)
