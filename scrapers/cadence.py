"""How often a source is checked: its own publishing rhythm, and its host's share of requests.

The rhythm is the source's usual gap between two releases: over its ``RECENT`` newest dated
releases, the time from the oldest of them until now divided by their number, so the quiet time
since the newest one counts too (a source that fell silent slows down) and day-only dates
(many publishers give no time) are as good as timestamps. A source is checked
``[schedule] checks_per_gap`` times per gap, between ``min_interval`` and ``quiet_interval``:
with the defaults, a feed publishing every hour is checked every 5 minutes, one publishing
twice a day every hour, a quiet one every 3 hours. Until it has ``MIN_DATES`` dated releases
its interval is ``check_interval``.

Several sources on one host share its budget, ``[schedule] host_rate`` requests a minute on
average: each of a host's ``shares`` sources may make ``host_rate / shares`` of them. A source
that reads each new release's page spends ``1 / gap`` of its share on those pages, and its
checks of the list get the rest: it waits at least ``1 / (its share - 1 / gap)`` (plus the
margin by which a poll may take a source early, ``is_due``), so together they never exceed the
budget whatever their rhythms and servers say. A source publishing faster than its share
allows is checked once a ``max_interval``: its release pages alone exceed it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from config import ScheduleSettings

RECENT = 10  # the newest dated releases the rhythm is measured over
MIN_DATES = 3  # fewer dated releases say nothing about a rhythm
DUE_FRACTION = 10  # a source due within poll_interval / 10 is polled now (scrapers.schedule)
MINUTE = timedelta(minutes=1)
_INSTANT = timedelta(seconds=1)  # a gap of zero (a burst) is read as a second


def publishing_gap(
    dates: Iterable[datetime], *, now: datetime, recent: int = RECENT
) -> timedelta | None:
    """The source's usual gap between releases from their publication ``dates`` (any order;
    dates after ``now`` are ignored): ``(now - oldest of the newest recent) / their number``.
    None with fewer than ``MIN_DATES`` dates."""
    past = sorted((d for d in dates if d <= now), reverse=True)[:recent]
    if len(past) < MIN_DATES:
        return None
    return (now - past[-1]) / len(past)


def rhythm_interval(gap: timedelta | None, *, rules: ScheduleSettings) -> timedelta:
    """The interval the rhythm asks for: ``checks_per_gap`` checks per ``gap``, clamped to
    ``[min_interval, quiet_interval]``; ``check_interval`` while the rhythm is unknown."""
    if gap is None:
        return rules.check_interval
    wanted = gap / rules.checks_per_gap
    return max(min(wanted, rules.quiet_interval), rules.min_interval)


def due_margin(rules: ScheduleSettings) -> timedelta:
    """How early a poll may take a source: its next check within this is due now."""
    return rules.poll_interval / DUE_FRACTION


def host_floor(
    shares: int, *, rules: ScheduleSettings, articles: timedelta | None = None
) -> timedelta:
    """The shortest interval of each of a host's ``shares`` sources so that together they stay
    within ``host_rate`` requests a minute, even when each is taken ``due_margin`` early;
    ``articles``: the source reads a release page every so often (its gap) on top of its list."""
    share = rules.host_rate / max(shares, 1)  # requests a minute
    pages = 0.0 if articles is None else MINUTE / max(articles, _INSTANT)
    if pages >= share:
        return rules.max_interval + due_margin(rules)  # its pages alone are over its share
    # Longer than ``max_interval`` when the host's budget asks for it: the budget wins.
    return MINUTE / (share - pages) + due_margin(rules)


def host_of(url: str) -> str:
    """The host a source's URL is on (lower case, port kept: another port is another server)."""
    return urlsplit(url).netloc.lower()


def host_shares(urls: Iterable[str]) -> dict[str, int]:
    """How many of the sources at ``urls`` each host serves."""
    shares: dict[str, int] = {}
    for url in urls:
        host = host_of(url)
        shares[host] = shares.get(host, 0) + 1
    return shares
