"""Exactly-once digests without Prefect: a real archive filled from the fixture sites, a real
SMTP server (aiosmtpd) and a real HTTP endpoint for Slack, all on 127.0.0.1."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from config import ChannelSettings, Settings
from flows.devtools.demo.slack import SlackStandIn
from flows.digest.outbox import LEASE, Context, compose, run_digests
from flows.digest.payload import message_of
from flows.notify.smtp import send_email
from storage import Store

from .conftest import PASSWORD, WEBHOOK_TOKEN, SmtpServer
from .outbox_helpers import (
    FILLED_AT,
    FRANCE_JAPAN,
    SEED,
    add_release,
    fill,
    flaky_smtp,
    login,
    received,
    text_of,
    with_digest,
    with_email,
    with_slack,
)

pytestmark = pytest.mark.slow

NOW = FILLED_AT + timedelta(hours=1)


def secrets_absent(db: Path, *secrets: str) -> None:
    for path in (db, db.with_name(db.name + "-wal")):
        if path.exists():
            raw = path.read_bytes()
            for secret in secrets:
                assert secret.encode() not in raw, f"{secret!r} stored in {path.name}"


def test_a_refused_digest_stays_pending_and_goes_out_once_with_the_next_run(
    settings: Settings,
) -> None:
    fill(settings)
    with flaky_smtp(refusals=1) as server:
        configured = login(with_email(settings, server))

        first = run_digests(configured, now=NOW)
        (outcome,) = first.outcomes
        assert outcome.status == "failed" and outcome.channel == "email"
        assert "451" in (outcome.error or "") and PASSWORD not in (outcome.error or "")
        assert server.mailbox.envelopes == []
        with Store.open(settings.db) as store:
            (pending,) = store.outbox("email")
            assert pending.status == "pending" and pending.attempts == 1
            assert "451" in (pending.last_error or "")
            assert PASSWORD not in (pending.last_error or "")
            assert all(d.delivered_at is None for d in store.deliveries("email"))
            assert store.pending_deliveries() == pending.items == 20
            assert store.channel_cursor("email") is None
        fixed_id = pending.content()["message_id"]

        second = run_digests(configured, now=NOW + timedelta(hours=1))
        (outcome,) = second.outcomes
        assert (outcome.status, outcome.resent, outcome.items) == ("sent", True, 20)
        assert outcome.message_id == fixed_id
        (message,) = received(server)
        assert message["Message-ID"] == fixed_id
        assert text_of(message).count(SEED) == 1
        with Store.open(settings.db) as store:
            (sent,) = store.outbox("email")
            assert (sent.status, sent.attempts) == ("sent", 2)
            assert sent.sent_at == NOW + timedelta(hours=1)
            assert all(d.delivered_at is not None for d in store.deliveries("email"))
            assert store.pending_deliveries() == 0
            assert store.channel_cursor("email") == pending.created_at == NOW

        third = run_digests(configured, now=NOW + timedelta(hours=2))
        assert [(o.status, o.line()) for o in third.outcomes] == [
            ("empty", "email: nothing new (an empty digest is not sent)")
        ]
        assert len(server.mailbox.envelopes) == 1
    secrets_absent(settings.db, PASSWORD)


def test_a_pending_digest_is_followed_by_what_came_in_meanwhile(settings: Settings) -> None:
    """The pending digest keeps its content; news first seen after it go out right after it."""
    fill(settings)
    with flaky_smtp(refusals=1) as server:
        configured = with_email(settings, server)
        assert run_digests(configured, now=NOW).outcomes[0].status == "failed"
        later = NOW + timedelta(hours=2)
        add_release(
            settings,
            "https://www.diplomatie.gouv.fr/en/france-japan-cyber-dialogue",
            "The 1st France-Japan Cyber Dialogue",
            FRANCE_JAPAN,
            origin="poll",
            now=later,
        )
        report = run_digests(configured, now=later)
        assert [(o.status, o.resent, o.items) for o in report.outcomes] == [
            ("sent", True, 20),
            ("sent", False, 1),
        ]
        old, new = received(server)
        assert "France-Japan" not in text_of(old)
        assert "1st France-Japan Cyber Dialogue, Paris, 3 November 2026" in text_of(new)


def test_slack_failing_midway_resumes_without_posting_twice(
    settings: Settings, slack: SlackStandIn
) -> None:
    fill(settings)
    configured = with_slack(settings, slack.url, max_blocks=12)
    slack.script[:] = [(200, {}, "ok"), (500, {}, "internal error")]

    first = run_digests(configured, now=NOW)
    (outcome,) = first.outcomes
    assert outcome.status == "failed" and "500" in (outcome.error or "")
    assert "1 of" in (outcome.error or "") and WEBHOOK_TOKEN not in (outcome.error or "")
    with Store.open(settings.db) as store:
        (pending,) = store.outbox("slack")
        assert pending.slack_progress == 1 and pending.status == "pending"
        messages = pending.content()["messages"]
    assert len(messages) >= 3
    assert slack.posts == messages[:2]  # the second was refused

    second = run_digests(configured, now=NOW + timedelta(hours=1))
    assert [(o.status, o.resent) for o in second.outcomes] == [("sent", True)]
    accepted = [slack.posts[0], *slack.posts[2:]]
    assert accepted == messages  # each message accepted once, in order
    assert run_digests(configured, now=NOW + timedelta(hours=2)).outcomes[0].status == "empty"
    assert len(slack.posts) == len(messages) + 1
    secrets_absent(settings.db, WEBHOOK_TOKEN)


def test_one_failing_channel_does_not_stop_the_other(
    settings: Settings, slack: SlackStandIn, smtp: SmtpServer
) -> None:
    fill(settings)
    unreachable = SmtpServer("127.0.0.1", 9, smtp.mailbox)  # nothing listens on port 9
    configured = with_slack(with_email(settings, unreachable), slack.url)
    report = run_digests(configured, now=NOW)
    by_channel = {o.channel: o for o in report.outcomes}
    assert by_channel["email"].status == "failed"
    assert "cannot reach 127.0.0.1:9" in (by_channel["email"].error or "")
    assert by_channel["slack"].status == "sent" and by_channel["slack"].items == 20
    assert report.failed == (by_channel["email"],)


def test_a_run_that_died_after_acceptance_resends_the_same_message_once(
    settings: Settings, smtp: SmtpServer
) -> None:
    """The documented window: sent, but the process died before marking it. Another run waits
    for the lease, then sends it again, with the same Message-ID."""
    fill(settings)
    configured = with_email(settings, smtp)
    context = Context.load(configured, now=NOW)
    with Store.open(settings.db) as store:
        channel = ChannelSettings(name="email", kind="email")
        record = compose(store, channel, context).record
        assert record is not None
        claimed = store.claim_digest(record.key, now=NOW, lease=LEASE)
        assert claimed is not None
    send_email(message_of(record.content()), configured.email)  # ... and the process dies here

    busy = run_digests(configured, now=NOW + LEASE / 2)
    assert [o.status for o in busy.outcomes] == ["busy"]
    assert len(smtp.mailbox.envelopes) == 1
    again = run_digests(configured, now=NOW + LEASE + timedelta(seconds=1))
    assert [(o.status, o.resent) for o in again.outcomes] == [("sent", True)]
    first, second = received(smtp)
    assert first["Message-ID"] == second["Message-ID"] == record.content()["message_id"]
    assert run_digests(configured, now=NOW + 2 * LEASE).outcomes[0].status == "empty"


def test_a_dry_run_renders_and_marks_nothing(settings: Settings, smtp: SmtpServer) -> None:
    fill(settings)
    configured = with_email(settings, smtp)
    (outcome,) = run_digests(configured, dry_run=True, now=NOW).outcomes
    assert outcome.status == "dry-run" and outcome.would_send and outcome.items == 20
    assert outcome.text.count(SEED) == 1 and SEED in outcome.html
    assert smtp.mailbox.envelopes == []
    with Store.open(settings.db) as store:
        assert store.outbox() == [] and store.deliveries("email") == []
        assert store.channel_cursor("email") is None
    (sent,) = run_digests(configured, now=NOW).outcomes
    assert sent.status == "sent" and sent.items == 20


def test_a_dry_run_shows_the_pending_digest_and_leaves_it_pending(settings: Settings) -> None:
    fill(settings)
    with flaky_smtp(refusals=5) as server:
        configured = with_email(settings, server)
        run_digests(configured, now=NOW)
        (outcome,) = run_digests(configured, dry_run=True, now=NOW + timedelta(hours=1)).outcomes
        assert outcome.status == "dry-run" and outcome.resent
        assert "a pending digest would be re-sent" in outcome.line()
        with Store.open(settings.db) as store:
            (pending,) = store.outbox()
        assert pending.status == "pending" and pending.attempts == 1
        assert outcome.text == pending.content()["text"]


def test_without_a_channel_a_dry_run_previews_an_email(settings: Settings) -> None:
    fill(settings)
    (outcome,) = run_digests(settings, dry_run=True, now=NOW).outcomes
    assert (outcome.channel, outcome.status) == ("preview", "dry-run")
    assert SEED in outcome.text


def test_an_empty_digest_is_sent_only_when_asked(settings: Settings, smtp: SmtpServer) -> None:
    configured = with_email(settings, smtp)  # an archive with nothing in it
    assert run_digests(configured, now=NOW).outcomes[0].status == "empty"
    assert smtp.mailbox.envelopes == []
    heartbeat = with_digest(configured, send_empty=True)
    (outcome,) = run_digests(heartbeat, now=NOW).outcomes
    assert outcome.status == "sent" and outcome.items == 0
    (message,) = received(smtp)
    assert "nothing new" in str(message["Subject"])
    (again,) = run_digests(heartbeat, now=NOW + timedelta(days=1)).outcomes
    assert again.status == "sent" and len(smtp.mailbox.envelopes) == 2  # one per run, by design


def test_late_commits_are_caught_and_delivered_events_do_not_come_back(
    settings: Settings, smtp: SmtpServer
) -> None:
    """A release a slow poll stamped before the last digest but committed after it still goes
    out; a new release about an event already given does not bring the event back."""
    fill(settings)
    configured = with_email(settings, smtp)
    assert run_digests(configured, now=NOW).outcomes[0].items == 20
    news = add_release(
        settings,
        "https://news.example.org/the-4th-republic-of-korea-uk-cyber-dialogue",
        "The 4th Republic of Korea-UK Cyber Dialogue",
        "The 4th Republic of Korea (ROK)-United Kingdom (UK) Cyber Dialogue was held in London "
        "on Wednesday 6 November 2024.",
        origin="poll",
        now=NOW + timedelta(minutes=5),
    )
    add_release(
        settings,
        "https://www.diplomatie.gouv.fr/en/france-japan-cyber-dialogue",
        "The 1st France-Japan Cyber Dialogue",
        FRANCE_JAPAN,
        origin="poll",
        now=NOW - timedelta(minutes=5),  # stamped before the digest, committed after it
    )
    with Store.open(settings.db) as store:
        event = store.event_of(news)
        assert event is not None and event.round == 4  # it joined the event already given
    (outcome,) = run_digests(configured, now=NOW + timedelta(hours=1)).outcomes
    assert (outcome.status, outcome.events, outcome.releases) == ("sent", 1, 0)
    latest = text_of(received(smtp)[1])
    assert "1st France-Japan Cyber Dialogue" in latest and SEED not in latest
