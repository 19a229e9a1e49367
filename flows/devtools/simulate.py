"""A simulated day of the scheduling policy over the whole catalogue: requests per host.

    python -m flows.devtools.simulate                 # the enabled sources, recorded rhythms
    python -m flows.devtools.simulate --all-sources   # the disabled ones too
    python -m flows.devtools.simulate --stress        # every source publishing every 20 min

A fake clock, no network: the poll runs every ``[schedule] poll_interval``; each source is
taken when ``scrapers.schedule.is_due`` says so, costs one request to its host plus one per new
release whose page it reads (``fetch_article``, at most ``[fetch] max_articles``), and gets its
next check from the real ``next_check`` with its rhythm (``scrapers.cadence.publishing_gap``
over the releases it has seen) and its host's share. Servers send no caching hints here.

Publishing rhythms: the intervals between the dates of a real capture, replayed in a loop
(State's press releases RSS, 2022-08-03; Global Affairs Canada's Atom, 2018-10:
``../shared/fixtures/real``), else an ASSUMED mean gap per source (a few releases a day for a
busy ministry, one a week for a filtered or small publisher), each replayed from a random
phase. ``--stress`` replaces them all by one release every 20 minutes, the worst case for
the host budget. Prints, per host, the mean and the highest requests a minute (over the day,
and over any 60-minute window), the checks per source and how long a new release waited to
be seen.
"""

from __future__ import annotations

import argparse
import json
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from random import Random
from statistics import mean

from config import Settings, Source, load_sources
from scrapers.cadence import RECENT, host_of, host_shares, publishing_gap
from scrapers.schedule import is_due, next_check

DAY = timedelta(days=1)
T0 = datetime(2026, 12, 1, tzinfo=UTC)


def _gaps(stamps: Sequence[str]) -> tuple[timedelta, ...]:
    dates = sorted(datetime.fromisoformat(s) for s in stamps)
    return tuple(b - a for a, b in pairwise(dates) if b > a)


# The <pubDate>s of ../shared/fixtures/real/us_state/state_gov_press-releases_feed_2022-08-03.rss
STATE = _gaps(
    [
        "2022-08-03T19:49:23+00:00",
        "2022-08-03T16:21:35+00:00",
        "2022-08-03T14:26:17+00:00",
        "2022-08-03T12:08:13+00:00",
        "2022-08-03T00:20:31+00:00",
        "2022-08-02T23:00:59+00:00",
        "2022-08-02T17:11:42+00:00",
        "2022-08-02T03:08:12+00:00",
        "2022-08-01T20:34:39+00:00",
        "2022-08-01T19:20:56+00:00",
    ]
)
# The <updated>s of ../shared/fixtures/real/canada/canada_news_centre_manitoba_en_2018-10.atom.xml
CANADA = _gaps(
    [
        "2018-10-25T08:50:38-04:00",
        "2018-10-19T12:06:29-04:00",
        "2018-10-18T12:20:46-04:00",
        "2018-10-18T10:15:00-04:00",
        "2018-10-16T08:30:00-04:00",
        "2018-10-12T11:30:00-04:00",
        "2018-10-11T15:37:52-04:00",
        "2018-10-10T11:38:00-04:00",
        "2018-10-09T11:50:12-04:00",
        "2018-10-04T09:22:46-04:00",
        "2018-09-24T12:18:34-04:00",
        "2018-09-22T18:47:44-04:00",
        "2018-09-22T18:47:29-04:00",
        "2018-09-22T11:19:47-04:00",
        "2018-09-21T14:57:39-04:00",
        "2018-09-21T11:12:58-04:00",
        "2018-09-21T10:00:26-04:00",
        "2018-09-14T15:30:21-04:00",
        "2018-09-14T15:30:02-04:00",
    ]
)
RECORDED = {"us-state-press-releases": STATE, "canada-gac-news": CANADA}
H = timedelta(hours=1)
ASSUMED = {  # mean gaps, not measured: a guess per publisher from its kind of output
    "govuk-fcdo": 3 * H,
    "govuk-fcdo-org": 3 * H,
    "govuk-ncsc": 24 * H,
    "govuk-cyber-dialogue": 30 * DAY,
    "mofa-kr-press-releases": 8 * H,
    "mofa-kr-press-briefings": 24 * H,
    "mofa-kr-board": 8 * H,
    "mofa-kr-ko-press-releases": 6 * H,
    "japan-mofa-press-releases": 6 * H,
    "japan-mofa-ja-press-releases": 5 * H,
    "aa-de-press": 6 * H,
    "aa-en-press": 12 * H,
    "eu-council-press": 5 * H,
    "nl-rijksoverheid-cyber": 3 * DAY,
    "sg-csa-press": 7 * DAY,
}
DEFAULT_GAP = 24 * H


@dataclass
class Simulated:
    """One source in the simulation: when it publishes, what it has seen, what it cost."""

    source: Source
    host: str
    publishes: list[datetime]  # future publications, oldest first
    seen: list[datetime]  # publication dates it has stored
    next_at: datetime | None = None
    checks: int = 0
    waits: list[timedelta] = field(default_factory=list)


def rhythm(source: Source, *, stress: bool) -> tuple[timedelta, ...]:
    if stress:
        return (timedelta(minutes=20),)
    return RECORDED.get(source.name) or (ASSUMED.get(source.name, DEFAULT_GAP),)


def publications(gaps: tuple[timedelta, ...], *, rng: Random) -> tuple[list[datetime], ...]:
    """The releases before T0 (history) and during the day, replaying ``gaps`` in a loop from
    a random phase."""
    start = rng.randrange(len(gaps))
    offset = gaps[start] * rng.random()
    history: list[datetime] = []
    day: list[datetime] = []
    at, i = T0 - offset, start
    while len(history) < RECENT:
        history.append(at)
        i = (i - 1) % len(gaps)
        at -= gaps[i]
    at, i = T0 - offset, start
    while at < T0 + DAY:
        at += gaps[i]
        i = (i + 1) % len(gaps)
        if at < T0 + DAY:
            day.append(at)
    return history, day


def simulate(
    sources: Sequence[Source], settings: Settings, *, stress: bool, seed: int
) -> dict[str, object]:
    rules = settings.schedule
    rng = Random(seed)
    shares = host_shares(s.url for s in sources)
    sims = []
    for source in sources:
        history, day = publications(rhythm(source, stress=stress), rng=rng)
        sims.append(Simulated(source, host_of(source.url), day, sorted(history)))
    requests: dict[str, list[datetime]] = defaultdict(list)
    tick = T0
    while tick < T0 + DAY:
        for n, sim in enumerate(sims):
            now = tick + timedelta(seconds=2 * n)  # each a moment later in the poll
            if not is_due(sim.next_at, now, rules=rules):
                continue
            sim.checks += 1
            new = [p for p in sim.publishes if p <= now]
            sim.publishes = sim.publishes[len(new) :]
            sim.waits += [now - p for p in new]
            sim.seen += new
            read = min(len(new), settings.fetch.max_articles) if sim.source.fetch_article else 0
            requests[sim.host] += [now] * (1 + read)
            gap = publishing_gap(sim.seen[-RECENT:], now=now)
            sim.next_at = next_check(
                now,
                rules=rules,
                gap=gap,
                shares=shares[sim.host],
                reads_articles=sim.source.fetch_article,
                rng=rng,
            )
        tick += rules.poll_interval
    return report(sims, requests)


def report(sims: list[Simulated], requests: dict[str, list[datetime]]) -> dict[str, object]:
    hosts = {}
    for host, times in sorted(requests.items()):
        times = sorted(times)
        hour = _busiest(times, H)
        minute = _busiest(times, timedelta(minutes=1))
        hosts[host] = {
            "sources": sorted(s.source.name for s in sims if s.host == host),
            "requests": len(times),
            "mean_per_minute": round(len(times) / 1440, 3),
            "max_per_minute_over_an_hour": round(hour / 60, 3),
            "max_in_one_minute": minute,
        }
    waits = [w / timedelta(minutes=1) for s in sims for w in s.waits]
    return {
        "hosts": hosts,
        "checks": {s.source.name: s.checks for s in sims},
        "released": len(waits),
        "seen_after_minutes": {
            "mean": round(mean(waits), 1) if waits else None,
            "max": round(max(waits), 1) if waits else None,
        },
    }


def _busiest(times: list[datetime], window: timedelta) -> int:
    """The most of the sorted ``times`` within any ``window`` starting at one of them."""
    return max(bisect_left(times, t + window) - i for i, t in enumerate(times))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--all-sources", action="store_true", help="the disabled ones too")
    parser.add_argument("--stress", action="store_true", help="every source every 20 minutes")
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    settings = Settings()
    catalogue = load_sources(settings.sources)
    sources = catalogue if args.all_sources else tuple(s for s in catalogue if s.enabled)
    result = simulate(sources, settings, stress=args.stress, seed=args.seed)
    if args.json:
        print(json.dumps(result, indent=2))
        return
    hosts = result["hosts"]
    assert isinstance(hosts, dict)
    print(f"{'host':<28} {'src':>3} {'req/day':>7} {'mean/min':>8} {'max/min 1h':>10} {'1 min':>5}")
    for host, h in hosts.items():
        print(
            f"{host:<28} {len(h['sources']):>3} {h['requests']:>7} {h['mean_per_minute']:>8} "
            f"{h['max_per_minute_over_an_hour']:>10} {h['max_in_one_minute']:>5}"
        )
    checks = result["checks"]
    assert isinstance(checks, dict)
    print("checks per source:", ", ".join(f"{n} {c}" for n, c in checks.items()))
    print(
        f"{result['released']} releases published in the day, seen after "
        f"{result['seen_after_minutes']} minutes"
    )


if __name__ == "__main__":
    main()
