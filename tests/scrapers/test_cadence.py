"""The publishing rhythm and the per-host budget behind each source's next check: pure
functions on a fixed clock, and the budget as a property over any mix of sources."""

from datetime import UTC, datetime, timedelta
from random import Random

from hypothesis import example, given, settings
from hypothesis import strategies as st

from config import ScheduleSettings
from scrapers.cadence import (
    due_margin,
    host_floor,
    host_of,
    host_shares,
    publishing_gap,
    rhythm_interval,
)
from scrapers.schedule import Hints, feed_ttl, next_check

NOW = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)
RULES = ScheduleSettings()  # the defaults: poll every 5 min, 12 checks a gap, 1 a minute a host
MIN = timedelta(minutes=1)
HOUR = timedelta(hours=1)


def hourly(count: int, *, newest: timedelta = timedelta(0)) -> list[datetime]:
    return [NOW - newest - n * HOUR for n in range(count)]


def test_the_gap_is_the_mean_interval_counting_the_quiet_time_since_the_newest() -> None:
    assert publishing_gap(hourly(10), now=NOW) == timedelta(minutes=54)  # 9 h over 10 releases
    assert publishing_gap(hourly(10, newest=11 * HOUR), now=NOW) == 2 * HOUR  # silent since


def test_the_gap_reads_only_the_newest_releases_and_ignores_the_future() -> None:
    old = [NOW - timedelta(days=400 + n) for n in range(50)]
    assert publishing_gap([*hourly(10), *old], now=NOW) == timedelta(minutes=54)
    assert publishing_gap([NOW + HOUR, *hourly(3)], now=NOW) == 40 * MIN


def test_day_only_dates_give_a_rhythm_too() -> None:
    days = [datetime(2026, 12, d, tzinfo=UTC) for d in (3, 3, 2, 1, 1, 1)]  # 3 a day or so
    assert publishing_gap(days, now=NOW) == timedelta(hours=10)  # 60 h over 6


def test_too_few_dates_say_nothing() -> None:
    assert publishing_gap([], now=NOW) is None
    assert publishing_gap(hourly(2), now=NOW) is None


def test_a_frequent_publisher_is_checked_every_5_to_10_minutes() -> None:
    assert rhythm_interval(HOUR, rules=RULES) == 5 * MIN
    assert rhythm_interval(2 * HOUR, rules=RULES) == 10 * MIN
    assert rhythm_interval(10 * MIN, rules=RULES) == 5 * MIN  # never below min_interval


def test_a_quiet_publisher_is_checked_every_few_hours_and_an_unknown_one_every_30_minutes() -> None:
    assert rhythm_interval(timedelta(hours=12), rules=RULES) == HOUR
    assert rhythm_interval(timedelta(days=20), rules=RULES) == 3 * HOUR  # quiet_interval
    assert rhythm_interval(None, rules=RULES) == 30 * MIN  # check_interval


def test_next_check_follows_the_rhythm_stretched_by_the_server() -> None:
    rng = Random(0)
    assert next_check(NOW, rules=RULES, gap=HOUR, rng=rng) == NOW + 5 * MIN
    assert next_check(NOW, rules=RULES, gap=HOUR, hints=Hints(max_age=900), rng=rng) == (
        NOW + 15 * MIN
    )
    assert next_check(NOW, rules=RULES, gap=timedelta(days=9), rng=rng) == NOW + 3 * HOUR


def test_sources_sharing_a_host_wait_for_their_share() -> None:
    assert host_floor(1, rules=RULES) == MIN + 30 * timedelta(seconds=1)
    assert host_floor(12, rules=RULES) == 12 * MIN + timedelta(seconds=30)
    assert next_check(NOW, rules=RULES, gap=HOUR, shares=12, rng=Random(0)) == (
        NOW + 12 * MIN + timedelta(seconds=30)
    )


def test_a_source_reading_release_pages_spends_part_of_its_share_on_them() -> None:
    # two sources: half a request a minute each; one page every 4 minutes leaves a quarter
    four = 4 * MIN
    assert host_floor(2, rules=RULES, articles=four) == 4 * MIN + timedelta(seconds=30)
    # three sources: a third each; one page every 4 minutes leaves a twelfth: 12 minutes
    at = next_check(NOW, rules=RULES, gap=four, shares=3, reads_articles=True, rng=Random(0))
    assert at == NOW + 12 * MIN + timedelta(seconds=30)
    assert next_check(NOW, rules=RULES, gap=four, shares=3, rng=Random(0)) == NOW + 5 * MIN
    # publishing faster than its share: checked once a max_interval (its pages are read anyway)
    assert host_floor(2, rules=RULES, articles=MIN) == timedelta(days=1, seconds=30)


def test_hosts_are_counted_by_name_and_port() -> None:
    urls = [
        "https://www.gov.uk/a.atom",
        "https://WWW.GOV.UK/b.atom",
        "https://www.mofa.go.kr/eng/x.do",
        "http://127.0.0.1:8000/x",
        "http://127.0.0.1:8001/y",
    ]
    assert host_of(urls[1]) == "www.gov.uk"
    assert host_shares(urls) == {
        "www.gov.uk": 2,
        "www.mofa.go.kr": 1,
        "127.0.0.1:8000": 1,
        "127.0.0.1:8001": 1,
    }


def test_sy_update_period_and_frequency_are_a_ttl() -> None:
    channel = (
        b'<rss xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"><channel>'
        b"<sy:updatePeriod>hourly</sy:updatePeriod><sy:updateFrequency>2</sy:updateFrequency>"
    )
    assert feed_ttl(channel) == 1800.0
    assert feed_ttl(b"<channel><sy:updatePeriod> daily </sy:updatePeriod>") == 86400.0
    assert feed_ttl(b"<channel><ttl>60</ttl><sy:updatePeriod>daily</sy:updatePeriod>") == 3600.0
    assert feed_ttl(b"<channel><sy:updatePeriod>sometimes</sy:updatePeriod>") is None


seconds = st.floats(min_value=1, max_value=7 * 86400, allow_nan=False)
source = st.fixed_dictionaries(
    {
        "gap": st.none() | st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=60)),
        "hint": st.none() | seconds,
        "failures": st.integers(min_value=0, max_value=20),
        "reads": st.booleans(),
    }
)
rules = st.builds(
    ScheduleSettings,
    poll_interval=st.timedeltas(min_value=timedelta(seconds=10), max_value=HOUR),
    check_interval=st.timedeltas(min_value=timedelta(seconds=10), max_value=4 * HOUR),
    min_interval=st.timedeltas(min_value=timedelta(seconds=1), max_value=10 * MIN),
    checks_per_gap=st.integers(min_value=1, max_value=100),
    host_rate=st.floats(min_value=0.01, max_value=60, allow_nan=False),
)


@settings(max_examples=50, deadline=None)
@given(rules=rules, sources=st.lists(source, min_size=1, max_size=30), seed=st.integers())
@example(  # three busy sources reading their pages: the pages must come out of the shares
    rules=RULES,
    sources=[{"gap": 4 * MIN, "hint": None, "failures": 0, "reads": True}] * 3,
    seed=0,
)
@example(  # a budget below one check per max_interval each: the budget wins over max_interval
    rules=ScheduleSettings(
        poll_interval=timedelta(seconds=10),
        check_interval=timedelta(seconds=10),
        min_interval=timedelta(seconds=1),
        checks_per_gap=1,
        host_rate=0.01,
    ),
    sources=[{"gap": None, "hint": None, "failures": 0, "reads": False}] * 7
    + [{"gap": timedelta(days=1), "hint": None, "failures": 0, "reads": True}],
    seed=0,
)
def test_a_hosts_sources_never_exceed_its_budget_on_average(
    rules: ScheduleSettings, sources: list[dict[str, object]], seed: int
) -> None:
    """Whatever their rhythms, hints and failures, and even if every poll takes each source as
    early as it may (``due_margin``), a host's sources together make at most ``host_rate``
    requests a minute: list checks, and one release page per gap for those reading them. Only a
    source whose pages alone are over its share is let through, checked once a
    ``max_interval``."""
    rng = Random(seed)
    share = rules.host_rate / len(sources)
    rate = 0.0
    for s in sources:
        hint, gap, reads = s["hint"], s["gap"], s["reads"] is True
        at = next_check(
            NOW,
            rules=rules,
            hints=Hints(max_age=hint) if isinstance(hint, float) else None,
            gap=gap if isinstance(gap, timedelta) else None,
            failures=s["failures"] if isinstance(s["failures"], int) else 0,
            shares=len(sources),
            reads_articles=reads,
            rng=rng,
        )
        spacing = (at - NOW - due_margin(rules)) / MIN  # taken early by the due margin
        assert spacing > 0
        pages = MIN / max(gap, timedelta(seconds=1)) if reads and isinstance(gap, timedelta) else 0
        if pages >= share:
            assert at - NOW >= rules.max_interval
            continue
        rate += 1 / spacing + pages
    assert rate <= rules.host_rate * (1 + 1e-6)  # timedelta rounds to microseconds
