"""The daily `sources check` that `serve` runs: what it records on each source, how `status`,
`sources` and the digest's health line show a broken source, and the one notice to the alert
channels per breakage (the `check` flow on a real Prefect run against the fixture sites)."""

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from prefect.testing.utilities import prefect_test_harness
from pydantic import SecretStr

from config import ChannelSettings, Settings, Source, load_sources
from config.delivery import DigestSettings, SlackSettings
from flows.core.health import assess, health_label
from flows.devtools.demo.server import FixtureServer
from flows.devtools.demo.slack import slack_stand_in
from flows.digest.breakage import Broken, notice_text
from flows.digest.health import source_health
from flows.orchestration.check_flow import check
from scrapers import Validators
from storage import SourceState, Store

T0 = datetime(2026, 12, 3, 6, 0, tzinfo=UTC)
CATALOGUE = """
[[source]]
name = "good"
kind = "feed"
url = "{base}/govuk/search/news-and-communications.atom"
body = ".gem-c-govspeak"

[[source]]
name = "redesigned"
kind = "html"
url = "{base}/mofa/eng/brd/m_5676/backfill/page-1.do"
item = "div.board_list ul.list li"
title = "a"
link = "a"

[[source]]
name = "not-checked"
kind = "feed"
url = "{base}/_fault/500"
enabled = false
"""


def test_a_check_records_a_problem_and_says_whether_it_is_new(tmp_path: Path) -> None:
    with Store.open(tmp_path / "a.db") as store:
        assert store.record_check("s", problem="no items", now=T0) is True
        assert store.record_check("s", problem="no items", now=T0 + timedelta(days=1)) is False
        state = store.source_state("s")
        assert (state.check_problem, state.checked_at) == ("no items", T0 + timedelta(days=1))
        assert store.record_check("s", problem=None, now=T0 + timedelta(days=2)) is False
        assert not store.source_state("s").broken
        assert store.record_check("s", problem="HTTP 404", now=T0 + timedelta(days=3)) is True


def test_a_poll_keeps_what_the_check_found(tmp_path: Path) -> None:
    with Store.open(tmp_path / "a.db") as store:
        store.record_check("s", problem="no items", now=T0)
        later = T0 + timedelta(hours=1)
        store.record_success("s", validators=Validators(), status=200, items=0, now=later)
        assert store.source_state("s").check_problem == "no items"


def test_a_broken_source_is_shown_broken_unless_its_polls_fail() -> None:
    broken = SourceState(name="s", last_attempt=T0, check_problem="no items", checked_at=T0)
    assert assess(broken, drift_after=3).condition == "broken"
    assert health_label(broken, drift_after=3) == "BROKEN (sources check 2026-12-03: no items)"
    failing = SourceState(name="s", consecutive_failures=2, check_problem="HTTP 500")
    assert health_label(failing, drift_after=3) == "FAILING (2 in a row)"


def test_the_digest_health_line_lists_a_broken_source_with_the_failing() -> None:
    state = SourceState(
        name="s", last_attempt=T0, last_success=T0, check_problem="no items", checked_at=T0
    )
    health = source_health(
        [Source(name="s", kind="feed", url="https://example.org/feed")],
        [state],
        {"s": T0},
        now=T0,
        silent_after=timedelta(days=14),
        drift_after=3,
    )
    (issue,) = health.failing
    assert (issue.name, issue.reason, issue.since) == ("s", "sources check: no items", T0)
    assert health.healthy == 0


def test_the_notice_names_each_broken_source_with_its_problem() -> None:
    text = notice_text([Broken("a", "no items"), Broken("b", "HTTP 404:\n  gone")], checked=13)
    assert text.splitlines() == [
        "cyberwatch: 2 of 13 sources broke (daily sources check)",
        "- a: no items",
        "- b: HTTP 404: gone",
        "Run `cyberwatch sources check` to see them again.",
    ]


@pytest.fixture
def prefect_server() -> Iterator[None]:
    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.mark.slow
def test_the_check_flow_records_and_announces_each_breakage_once(
    server: FixtureServer, tmp_path: Path, settings: Settings, prefect_server: None
) -> None:
    catalogue = tmp_path / "daily.toml"
    catalogue.write_text(CATALOGUE.format(base=server.base_url))
    with slack_stand_in(token="T/B/check") as slack:
        alerts = ChannelSettings(name="alerts", kind="slack", alert=True)
        webhook = SecretStr(slack.url)
        settings = settings.model_copy(
            update={
                "sources": catalogue,
                "digest": DigestSettings(channels=(alerts,)),
                "slack": SlackSettings(webhook_url=webhook, retries=0),
            }
        )
        first = asyncio.run(check(settings=settings))
        second = asyncio.run(check(settings=settings))
        posts = list(slack.bodies)
    assert [r.source for r in first.results] == ["good", "redesigned"]  # enabled ones only
    assert first.broken == first.newly_broken == ("redesigned",)
    assert first.notices == ("alerts: told of 1 broken sources",)
    assert (second.broken, second.newly_broken, second.notices) == (("redesigned",), (), ())
    (post,) = posts  # once, not every day it stays broken
    assert "1 of 2 sources broke" in post and "redesigned: " in post
    with Store.open(settings.db) as store:
        states = {s.name: s for s in store.source_states()}
    assert states["good"].check_problem is None and states["good"].checked_at is not None
    assert states["redesigned"].broken
    assert health_label(states["redesigned"], drift_after=3).startswith("BROKEN (sources check ")
    assert "not-checked" not in states
    assert load_sources(catalogue)[2].enabled is False
