"""Which sources a poll takes (flows/core/selection.py): pure, no archive."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from config import ConfigError, ScheduleSettings, Source
from flows.core.selection import by_host, select_sources, shares_by_source, split_due
from storage import SourceState

NOW = datetime(2024, 11, 20, 9, 0, tzinfo=UTC)
RULES = ScheduleSettings(poll_interval=timedelta(minutes=30))
ALPHA = Source(name="alpha", kind="feed", url="https://a.example/feed")
BETA = Source(name="beta", kind="feed", url="https://b.example/feed")
GAMMA = Source(name="gamma", kind="feed", url="https://c.example/feed", enabled=False)
CATALOGUE = (ALPHA, BETA, GAMMA)


def names(sources: tuple[Source, ...]) -> list[str]:
    return [s.name for s in sources]


def test_without_names_the_enabled_sources_are_taken_in_catalogue_order() -> None:
    assert names(select_sources(CATALOGUE, None)) == ["alpha", "beta"]
    assert names(select_sources(CATALOGUE, [])) == ["alpha", "beta"]


def test_named_sources_are_taken_in_the_given_order_even_when_disabled() -> None:
    assert names(select_sources(CATALOGUE, ["gamma", "alpha"])) == ["gamma", "alpha"]


def test_an_unknown_name_is_refused_naming_it_and_the_known_ones() -> None:
    with pytest.raises(ConfigError) as refused:
        select_sources(CATALOGUE, ["alpha", "delta", "epsilon"])

    assert str(refused.value) == "unknown source 'delta', 'epsilon' (known: alpha, beta, gamma)"


def test_a_source_never_polled_or_without_a_next_check_is_due() -> None:
    states = {"beta": SourceState(name="beta", last_attempt=NOW - timedelta(hours=1))}

    due, waiting = split_due((ALPHA, BETA), states, now=NOW, rules=RULES)

    assert (names(due), names(waiting)) == (["alpha", "beta"], [])


def test_a_source_whose_next_check_has_come_is_due_and_a_later_one_waits() -> None:
    states = {
        "alpha": SourceState(name="alpha", next_check=NOW - timedelta(minutes=1)),
        "beta": SourceState(name="beta", next_check=NOW + timedelta(hours=1)),
    }

    due, waiting = split_due((ALPHA, BETA), states, now=NOW, rules=RULES)

    assert (names(due), names(waiting)) == (["alpha"], ["beta"])


def test_a_source_due_within_a_tenth_of_the_poll_interval_is_taken_now() -> None:
    almost = {"alpha": SourceState(name="alpha", next_check=NOW + timedelta(minutes=3))}
    not_yet = {"alpha": SourceState(name="alpha", next_check=NOW + timedelta(minutes=3, seconds=1))}

    assert names(split_due((ALPHA,), almost, now=NOW, rules=RULES)[0]) == ["alpha"]
    assert names(split_due((ALPHA,), not_yet, now=NOW, rules=RULES)[1]) == ["alpha"]


def test_sources_on_one_host_share_it_enabled_or_named() -> None:
    again = Source(name="alpha-2", kind="feed", url="https://A.example/other")
    hidden = Source(name="alpha-3", kind="feed", url="https://a.example/x", enabled=False)
    catalogue = (ALPHA, BETA, again, hidden)
    assert shares_by_source(catalogue, (ALPHA, BETA)) == {"alpha": 2, "beta": 1}
    # a disabled source polled by name takes its share while it is polled
    assert shares_by_source(catalogue, (hidden,)) == {"alpha-3": 3}


def test_sources_are_grouped_by_host_in_the_order_given() -> None:
    again = Source(name="alpha-2", kind="feed", url="https://A.example/other")
    other_port = Source(name="alpha-3", kind="feed", url="https://a.example:8443/x")
    grouped = by_host((BETA, ALPHA, other_port, again))
    assert {host: names(tuple(group)) for host, group in grouped.items()} == {
        "b.example": ["beta"],
        "a.example": ["alpha", "alpha-2"],
        "a.example:8443": ["alpha-3"],
    }
    assert list(grouped) == ["b.example", "a.example", "a.example:8443"]
