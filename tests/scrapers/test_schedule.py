"""The next-check and backoff rules, on a fixed clock and a fixed draw of the jitter."""

from datetime import UTC, datetime, timedelta
from random import Random

import pytest

from config import ScheduleSettings
from scrapers.schedule import (
    Hints,
    backoff,
    cache_max_age,
    expires_in,
    feed_ttl,
    hints_from,
    is_due,
    next_check,
)

NOW = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
RULES = ScheduleSettings(
    poll_interval=timedelta(minutes=30),
    check_interval=timedelta(minutes=30),
    min_interval=timedelta(minutes=5),
    max_interval=timedelta(days=1),
    backoff_factor=2.0,
    max_backoff=timedelta(hours=12),
    jitter=0.2,
)
MIN = timedelta(minutes=1)


class Draw(Random):
    """A 'random' source that always draws the same number."""

    def __init__(self, value: float) -> None:
        super().__init__()
        self.value = value

    def random(self) -> float:
        return self.value


MIDDLE = Draw(0.5)  # no jitter either way


def test_an_answer_is_checked_again_after_the_base_interval() -> None:
    assert next_check(NOW, rules=RULES, rng=MIDDLE) == NOW + 30 * MIN
    assert next_check(NOW, rules=RULES, hints=Hints(), rng=MIDDLE) == NOW + 30 * MIN


@pytest.mark.parametrize(
    "hints",
    [
        Hints(max_age=3600),
        Hints(expires=3600),
        Hints(retry_after=3600),
        Hints(ttl=3600),
        Hints(max_age=600, expires=3600, ttl=60),  # the longest wins
    ],
)
def test_what_the_server_says_stretches_the_interval(hints: Hints) -> None:
    assert next_check(NOW, rules=RULES, hints=hints, rng=MIDDLE) == NOW + 60 * MIN


def test_what_the_server_says_never_shortens_it() -> None:
    assert next_check(NOW, rules=RULES, hints=Hints(max_age=60), rng=MIDDLE) == NOW + 30 * MIN


def test_the_interval_is_clamped_to_the_minimum_and_maximum() -> None:
    a_week = Hints(max_age=7 * 86400)
    assert next_check(NOW, rules=RULES, hints=a_week, rng=MIDDLE) == NOW + timedelta(days=1)
    eager = RULES.model_copy(update={"check_interval": timedelta(seconds=30)})
    assert next_check(NOW, rules=eager, rng=MIDDLE) == NOW + 5 * MIN


def test_failures_back_off_exponentially_up_to_the_cap() -> None:
    waits = [next_check(NOW, rules=RULES, failures=n, rng=MIDDLE) - NOW for n in range(1, 9)]
    assert waits == [
        30 * MIN,
        60 * MIN,
        120 * MIN,
        240 * MIN,
        480 * MIN,
        720 * MIN,  # capped at max_backoff, 12 hours
        720 * MIN,
        720 * MIN,
    ]


def test_a_failing_source_is_never_abandoned() -> None:
    for failures in (10, 100, 10_000):
        retry = next_check(NOW, rules=RULES, failures=failures, rng=Draw(0.999))
        assert NOW < retry <= NOW + timedelta(days=1)


def test_jitter_spreads_the_wait_by_the_configured_fraction() -> None:
    assert backoff(2, rules=RULES, rng=Draw(0.0)) == 48 * MIN  # 60 min - 20 %
    assert backoff(2, rules=RULES, rng=Draw(1.0)) == 72 * MIN  # 60 min + 20 %
    waits = {backoff(3, rules=RULES, rng=Random(seed)) for seed in range(20)}
    assert len(waits) > 1
    assert all(96 * MIN <= wait <= 144 * MIN for wait in waits)


def test_a_retry_after_longer_than_the_backoff_is_waited_out() -> None:
    hints = Hints(retry_after=3 * 3600)
    retry = next_check(NOW, rules=RULES, hints=hints, failures=1, rng=MIDDLE)
    assert retry == NOW + timedelta(hours=3)


def test_a_source_never_checked_is_due() -> None:
    assert is_due(None, NOW, rules=RULES)


def test_a_source_is_due_once_its_next_check_has_come_or_nearly() -> None:
    assert is_due(NOW - MIN, NOW, rules=RULES)
    assert is_due(NOW, NOW, rules=RULES)
    assert is_due(NOW + 2 * MIN, NOW, rules=RULES)  # within a tenth of the 30-minute interval
    assert not is_due(NOW + 10 * MIN, NOW, rules=RULES)


def test_a_poll_interval_later_every_source_checked_is_due_again() -> None:
    # A poll that starts a few seconds earlier than the last one did still finds it due.
    checked = next_check(NOW + timedelta(seconds=20), rules=RULES, rng=MIDDLE)
    assert is_due(checked, NOW + 30 * MIN, rules=RULES)


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("max-age=600", 600.0),
        ("public, max-age=600", 600.0),
        ('public, max-age="600"', 600.0),
        ("s-maxage=900, max-age=60", 60.0),  # s-maxage is for shared caches
        ("s-maxage=900", None),
        ("MAX-AGE=120", 120.0),
        ("no-cache, max-age=600", None),
        ("no-store", None),
        ("private", None),
        ("", None),
        (None, None),
    ],
)
def test_cache_control_max_age(value: str | None, seconds: float | None) -> None:
    assert cache_max_age(value) == seconds


def test_expires_is_measured_against_the_answers_own_date() -> None:
    date = "Sat, 28 Nov 2026 09:00:00 GMT"
    assert expires_in("Sat, 28 Nov 2026 10:00:00 GMT", date=date) == 3600.0
    assert expires_in("Sat, 28 Nov 2026 08:00:00 GMT", date=date) is None  # already past
    assert expires_in("0", date=date) is None
    assert expires_in("Sat, 28 Nov 2026 10:00:00 GMT", date=None) is None


def test_an_rss_ttl_is_minutes() -> None:
    feed = b"<?xml version='1.0'?><rss><channel><title>x</title><ttl>90</ttl><item/></channel>"
    assert feed_ttl(feed) == 5400.0
    assert feed_ttl(b"<rss><channel><ttl>0</ttl></channel></rss>") is None
    assert feed_ttl(b"<feed xmlns='http://www.w3.org/2005/Atom'/>") is None


def test_hints_from_an_answer() -> None:
    headers = {
        "cache-control": "max-age=1200",
        "date": "Sat, 28 Nov 2026 09:00:00 GMT",
        "expires": "Sat, 28 Nov 2026 09:40:00 GMT",
        "retry-after": "120",
    }
    hints = hints_from(headers, b"<rss><channel><ttl>60</ttl></channel></rss>")
    assert hints == Hints(max_age=1200.0, expires=2400.0, retry_after=120.0, ttl=3600.0)
    assert hints.longest == 3600.0
    assert hints_from({}).longest is None
