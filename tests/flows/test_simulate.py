"""A simulated day of the scheduling policy over the built-in catalogue (flows/devtools/
simulate.py): the real next-check rules on a fake clock keep every host within its budget."""

from typing import Any

import pytest

from config import Settings, load_sources
from flows.devtools.simulate import simulate

pytestmark = pytest.mark.slow


def day(*, stress: bool, enabled_only: bool) -> dict[str, Any]:
    settings = Settings()
    sources = load_sources(settings.sources)
    if enabled_only:
        sources = tuple(s for s in sources if s.enabled)
    return simulate(sources, settings, stress=stress, seed=1)


def test_every_host_stays_within_a_request_a_minute_even_when_everyone_publishes() -> None:
    result = day(stress=True, enabled_only=False)
    hosts = result["hosts"]
    assert len(hosts) == 18
    for host, h in hosts.items():
        assert h["mean_per_minute"] <= 1.0, host
        assert h["max_per_minute_over_an_hour"] <= 1.0, host
    assert hosts["www.gov.uk"]["mean_per_minute"] > 0.5  # four sources: the budget binds
    assert result["seen_after_minutes"]["max"] <= 15  # yet every release is seen in minutes


def test_busy_sources_are_checked_more_often_than_quiet_ones() -> None:
    checks = day(stress=False, enabled_only=True)["checks"]
    assert checks["govuk-fcdo"] >= 12 * 8  # a release every 3 hours: every 15 minutes or less
    assert checks["govuk-cyber-dialogue"] == 24 // 3  # once a month: the quiet interval
    assert checks["govuk-fcdo"] > checks["aa-en-press"] > checks["govuk-cyber-dialogue"]
