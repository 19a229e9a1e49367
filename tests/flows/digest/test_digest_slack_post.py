"""Posting to a real HTTP endpoint on 127.0.0.1 standing in for Slack's incoming webhook."""

from __future__ import annotations

import logging
from dataclasses import replace

import httpx
import pytest
from pydantic import SecretStr

from config import SlackSettings
from flows.devtools.demo.slack import SlackStandIn
from flows.digest import Digest, render_slack
from flows.digest.sample import seed_event
from flows.notify.errors import PermanentDeliveryError, TransientDeliveryError
from flows.notify.slack import post_slack

from .conftest import WEBHOOK_TOKEN, free_port


def settings_for(url: str, **kwargs: object) -> SlackSettings:
    return SlackSettings.model_validate({"webhook_url": url, "timeout": 5, **kwargs})


class Sleeps(list[float]):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def test_messages_are_posted_in_order_as_json(slack: SlackStandIn, digest: Digest) -> None:
    long = replace(digest, events=(seed_event(),) * 40)
    messages = render_slack(long, max_blocks=20)
    assert len(messages) > 2
    sleeps = Sleeps()
    post_slack(messages, settings_for(slack.url), sleep=sleeps)
    assert slack.posts == messages
    assert set(slack.paths) == {f"/services/{WEBHOOK_TOKEN}"}
    assert sleeps == []


def test_a_429_waits_for_retry_after_then_posts_once_more(
    slack: SlackStandIn, digest: Digest
) -> None:
    messages = render_slack(digest)
    slack.script.append((429, {"Retry-After": "7"}, "rate_limited"))
    sleeps = Sleeps()
    post_slack(messages, settings_for(slack.url), sleep=sleeps)
    assert sleeps == [7.0]
    assert slack.posts == [messages[0], messages[0]]  # refused once, accepted once


def test_a_too_long_retry_after_is_a_transient_failure(slack: SlackStandIn, digest: Digest) -> None:
    slack.script.append((429, {"Retry-After": "3600"}, "rate_limited"))
    sleeps = Sleeps()
    with pytest.raises(TransientDeliveryError, match="Retry-After 3600") as err:
        post_slack(render_slack(digest), settings_for(slack.url), sleep=sleeps)
    assert err.value.status == 429 and sleeps == []


def test_5xx_is_retried_with_doubling_delays(slack: SlackStandIn, digest: Digest) -> None:
    messages = render_slack(digest)
    slack.script.extend([(500, {}, "oops"), (503, {}, "busy")])
    sleeps = Sleeps()
    post_slack(messages, settings_for(slack.url, retry_delay=0.5), sleep=sleeps)
    assert sleeps == [0.5, 1.0]
    assert len(slack.posts) == 3


def test_5xx_past_the_retries_is_transient_and_says_what_was_delivered(
    slack: SlackStandIn, digest: Digest
) -> None:
    messages = render_slack(replace(digest, events=(seed_event(),) * 40), max_blocks=20)
    slack.script.extend([(200, {}, "ok")] + [(502, {}, "bad gateway")] * 3)
    with pytest.raises(TransientDeliveryError) as err:
        post_slack(messages, settings_for(slack.url, retries=2), sleep=Sleeps())
    assert err.value.status == 502 and err.value.delivered == 1
    # resuming sends the rest, not the first message again
    post_slack(messages[err.value.delivered :], settings_for(slack.url), sleep=Sleeps())
    accepted = [slack.posts[0], *slack.posts[-(len(messages) - 1) :]]
    assert accepted == messages


def test_other_4xx_is_permanent_and_never_shows_the_webhook(
    slack: SlackStandIn, digest: Digest, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    slack.script.append((404, {}, f"no_service for {slack.url}"))
    with pytest.raises(PermanentDeliveryError) as err:
        post_slack(render_slack(digest), settings_for(slack.url), sleep=Sleeps())
    assert err.value.status == 404 and "no_service" in str(err.value)
    secret = WEBHOOK_TOKEN.split("/")[-1]
    assert secret not in str(err.value) and secret not in repr(err.value)
    assert secret not in caplog.text
    assert "HTTP Request: POST" in caplog.text  # httpx did log the request, redacted
    assert "[slack webhook]" in caplog.text


def test_an_error_page_echoing_only_the_webhook_path_never_shows_the_token(
    slack: SlackStandIn, digest: Digest
) -> None:
    page = f"Not Found: The requested URL /services/{WEBHOOK_TOKEN} was not found on this server."
    slack.script.append((404, {}, page))
    with pytest.raises(PermanentDeliveryError) as err:
        post_slack(render_slack(digest), settings_for(slack.url), sleep=Sleeps())
    assert str(err.value).endswith(
        "The requested URL [slack webhook] was not found on this server."
    )
    assert WEBHOOK_TOKEN.split("/")[-1] not in str(err.value)


def test_nobody_listening_is_transient_after_retries(digest: Digest) -> None:
    url = f"http://127.0.0.1:{free_port()}/services/{WEBHOOK_TOKEN}"
    sleeps = Sleeps()
    with pytest.raises(TransientDeliveryError) as err:
        post_slack(render_slack(digest), settings_for(url, retries=2), sleep=sleeps)
    assert len(sleeps) == 2
    assert "xoxSecretWebhookToken" not in str(err.value)
    assert err.value.__cause__ is None and err.value.__suppress_context__


def test_missing_or_bad_webhook_is_permanent(digest: Digest) -> None:
    with pytest.raises(PermanentDeliveryError, match="CYBERWATCH_SLACK_WEBHOOK_URL"):
        post_slack(render_slack(digest), SlackSettings())
    bad = SlackSettings(webhook_url=SecretStr("hooks.slack.example/T/B/secret"))
    with pytest.raises(PermanentDeliveryError) as err:
        post_slack(render_slack(digest), bad)
    assert "secret" not in str(err.value)


def test_a_given_client_is_used_and_left_open(slack: SlackStandIn, digest: Digest) -> None:
    with httpx.Client(timeout=5) as client:
        post_slack(render_slack(digest), settings_for(slack.url), client=client)
        assert not client.is_closed
    assert len(slack.posts) == 1


def test_the_webhook_is_masked_in_settings_repr(slack: SlackStandIn) -> None:
    assert WEBHOOK_TOKEN not in repr(settings_for(slack.url))
    assert WEBHOOK_TOKEN not in str(settings_for(slack.url))
