"""Alert channels: each new dialogue event posted once, right after the poll that found it,
through the digest outbox; later reports of an event post nothing; a failed post is retried
without posting anything twice. Real fixture sites, a real archive and a real local Slack
stand-in; the last test runs the Prefect poll flow."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from prefect.testing.utilities import prefect_test_harness

from config import ChannelSettings, Settings, load_sources
from flows.core.poll import poll_source
from flows.core.runtime import open_runtime
from flows.devtools.demo.slack import SlackStandIn
from flows.digest.outbox import run_alerts
from flows.orchestration.poll_flow import poll

from .outbox_helpers import FILLED_AT, SEED, with_digest, with_slack

UK_JAPAN = "UK-Japan Cyber Dialogue, Tokyo, 19 November 2024"  # its round: in MOFA's release
CANADA_GERMANY = "Canada-Germany Cyber Dialogue, Ottawa"
ALERTS = ChannelSettings(name="alerts", kind="slack", alert=True)


def alerting(settings: Settings, slack: SlackStandIn) -> Settings:
    return with_digest(with_slack(settings, slack.url), channels=(ALERTS,))


def poll_only(settings: Settings, *names: str, hours: int) -> None:
    """Poll the named fixture sources into the archive, ``hours`` after FILLED_AT."""
    wanted = [s for s in load_sources(settings.sources) if s.name in names]

    async def run() -> None:
        async with open_runtime(settings) as runtime:
            for source in wanted:
                await poll_source(
                    source,
                    fetcher=runtime.fetcher,
                    store=runtime.store,
                    settings=settings,
                    now=FILLED_AT + timedelta(hours=hours),
                )

    asyncio.run(run())


def headline_of(post: dict[str, Any]) -> str:
    """The event headline a single-event alert message carries."""
    assert post["blocks"][0]["text"]["text"] == "New cyber dialogue"
    text = json.dumps(post["blocks"], ensure_ascii=False)
    assert "Sources." not in text  # source health is the digest's, not an alert's
    found = [h for h in (SEED, UK_JAPAN, CANADA_GERMANY) if h in text]
    assert len(found) == 1, text
    return found[0]


@pytest.mark.slow
def test_one_post_per_new_event_and_none_for_later_reports(
    settings: Settings, slack: SlackStandIn
) -> None:
    configured = alerting(settings, slack)
    poll_only(configured, "govuk-fcdo", hours=0)  # the seed and the UK-Japan dialogue
    (outcome,) = run_alerts(configured, now=FILLED_AT + timedelta(minutes=1)).outcomes
    assert (outcome.status, outcome.events, outcome.releases) == ("sent", 2, 0)
    assert sorted(headline_of(p) for p in slack.posts) == sorted([SEED, UK_JAPAN])
    # Korea's and Japan's releases on the same two meetings, and an aggregator's copy: they
    # join the events already alerted, and nobody is alerted again
    later = (
        "mofa-kr-board",
        "japan-mofa-press-releases",
        "japan-mofa-ja-press-releases",
        "pubt-io",
    )
    poll_only(configured, *later, hours=1)
    (again,) = run_alerts(configured, now=FILLED_AT + timedelta(hours=1, minutes=1)).outcomes
    assert again.status == "empty" and len(slack.posts) == 2, [headline_of(p) for p in slack.posts]
    # a new meeting is one more post
    poll_only(configured, "canada-gac-news", hours=2)
    (third,) = run_alerts(configured, now=FILLED_AT + timedelta(hours=2, minutes=1)).outcomes
    assert (third.status, third.events) == ("sent", 1)
    assert [headline_of(p) for p in slack.posts[2:]] == [CANADA_GERMANY]


@pytest.mark.slow
def test_a_failed_alert_is_retried_and_nothing_is_posted_twice(
    settings: Settings, slack: SlackStandIn
) -> None:
    configured = alerting(settings, slack)
    poll_only(configured, "govuk-fcdo", hours=0)
    slack.script[:] = [(200, {}, "ok"), (500, {}, "internal error")]
    (failed,) = run_alerts(configured, now=FILLED_AT + timedelta(minutes=1)).outcomes
    assert failed.status == "failed" and "1 of 2 messages posted" in (failed.error or "")
    (retried,) = run_alerts(configured, now=FILLED_AT + timedelta(minutes=2)).outcomes
    assert retried.status == "sent" and retried.resent
    (after,) = run_alerts(configured, now=FILLED_AT + timedelta(minutes=3)).outcomes
    assert after.status == "empty"
    accepted = [slack.posts[0], *slack.posts[2:]]  # the second post was refused
    assert sorted(headline_of(p) for p in accepted) == sorted([SEED, UK_JAPAN])
    assert slack.posts[1] == slack.posts[2]  # the refused one, posted again once


@pytest.fixture
def prefect_server() -> Iterator[None]:
    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.mark.slow
def test_the_poll_flow_alerts_right_after_polling(
    settings: Settings, slack: SlackStandIn, prefect_server: None
) -> None:
    configured = alerting(settings, slack)
    asyncio.run(poll(settings=configured, sources=["govuk-fcdo"]))
    assert sorted(headline_of(p) for p in slack.posts) == sorted([SEED, UK_JAPAN])
    asyncio.run(poll(settings=configured, sources=["govuk-fcdo", "mofa-kr-board"]))
    assert len(slack.posts) == 2  # the same meetings again: no alert
