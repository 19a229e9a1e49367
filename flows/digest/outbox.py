"""Exactly-once digests, without Prefect: compose (or reuse the pending digest), send, mark.

For each channel:

1. compose: if the channel has a pending digest (composed by an earlier run whose send failed)
   that one is used, unchanged; else the items first seen since the channel's last digest (the
   ``first_window_days`` before now for a new channel) that it was not given yet are chosen,
   filtered by its subscription and rendered, with no write lock held (polls go on meanwhile),
   then recorded with the content as it will be sent (the email with its Message-ID, the Slack
   messages) as pending, in a short write transaction. If another run gave the channel a digest
   meanwhile, nothing is recorded and the items are chosen again (``COMPOSE_ATTEMPTS``). An empty
   digest is recorded only for a channel that sends empty ones.
2. send, outside any transaction, holding a lease on the digest (``LEASE``) so that two runs at
   once do not both send it. A long Slack digest records each message the webhook accepted, so
   a resumed send posts only the rest.
3. on acceptance, in one transaction: the digest sent, its items delivered, the channel's cursor
   moved to when the digest was composed. On failure: the reason (no secret) is kept and the
   digest stays pending for the next run, which sends the same content.

A pending digest sent by a later run is followed, in that run, by a fresh one when anything new
came in meanwhile (never by an empty one).

The one window left: the process dies after the server accepted the digest and before step 3
commits. The digest is then still pending and is sent again once by a run after its lease ran
out (an email with the same Message-ID, which mail clients use to drop the copy; for Slack,
only the message whose progress was not recorded).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

import httpx

from config import ChannelSettings, ConfigError, Settings, Source, load_sources
from config.channels import alert_channels, configured_channels, sends_empty
from flows.core.redact import redact, secrets_of
from flows.digest.build import Built, build_digest
from flows.digest.outcome import ChannelOutcome, DigestReport
from flows.digest.payload import message_of, render_payload
from flows.notify.errors import DeliveryError
from flows.notify.slack import post_slack
from flows.notify.smtp import send_email
from scrapers.analysis import Rules
from storage import OutboxDigest, OutboxItem, Store

LEASE = timedelta(minutes=15)  # longer than any send; a crashed run's claim runs out after it
OVERLAP = timedelta(days=1)  # look back before the cursor for releases a slow poll committed late
PREVIEW = ChannelSettings(name="preview", kind="email")  # a dry run without any channel
COMPOSE_ATTEMPTS = 3  # another run can take the items only once: the second try finds its digest


class ComposeError(RuntimeError):
    """A channel's digest could not be recorded: other runs kept changing what it would hold."""


@dataclass(frozen=True, slots=True)
class Context:
    """What every channel of a run shares."""

    settings: Settings
    sources: tuple[Source, ...]
    rules: Rules
    now: datetime

    @classmethod
    def load(cls, settings: Settings, *, now: datetime) -> Context:
        sources = load_sources(settings.sources)
        return cls(settings, sources, Rules.compile(settings.analysis), now)


@dataclass(frozen=True, slots=True)
class Composed:
    record: OutboxDigest | None  # None: nothing to send
    reused: bool  # the pending digest of an earlier run


def select_channels(
    settings: Settings, name: str | None, *, dry_run: bool = False, required: bool = True
) -> tuple[ChannelSettings, ...]:
    """The configured channels, or the one named; a dry run without any channel previews an
    email. ``required``: no channel configured is a ``ConfigError``."""
    channels = configured_channels(settings) or ((PREVIEW,) if dry_run else ())
    if name is None:
        if not channels and required:
            raise ConfigError(
                "no digest channel: set CYBERWATCH_SMTP_HOST, CYBERWATCH_EMAIL_FROM and "
                "CYBERWATCH_EMAIL_TO, or CYBERWATCH_SLACK_WEBHOOK_URL, or [[digest.channels]]",
                field="digest.channels",
            )
        return channels
    chosen = tuple(c for c in channels if c.name == name)
    if not chosen:
        known = ", ".join(c.name for c in channels) or "none"
        raise ConfigError(f"no channel {name!r} (configured: {known})", field="digest.channels")
    return chosen


def digest_key(channel: str, since: datetime, items: Sequence[OutboxItem]) -> str:
    """The same channel, start and items give the same key (a retried compose is idempotent)."""
    ids = sorted(f"{item.kind}:{item.id}" for item in items)
    text = "\n".join([channel, since.astimezone(UTC).isoformat(), *ids])
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def compose(
    store: Store, channel: ChannelSettings, context: Context, *, news_only: bool = False
) -> Composed:
    """The channel's pending digest, else a new one recorded as pending (None when there is
    nothing to send; ``news_only``: an empty digest is never sent)."""
    settings, now = context.settings, context.now
    for _ in range(COMPOSE_ATTEMPTS):
        with store.outbox_snapshot():  # one state of the archive, and no write lock
            pending = store.pending_digest(channel.name)
            if pending is not None:
                return Composed(pending, reused=True)
            cursor = store.channel_cursor(channel.name)
            built = _build(store, channel, context, cursor=cursor)
        if built.digest.is_empty and (news_only or not sends_empty(channel, settings)):
            return Composed(None, reused=False)
        record = store.record_digest(
            key=digest_key(channel.name, built.digest.since, built.items),
            channel=channel.name,
            created_at=now,
            since=built.digest.since,
            payload=json.dumps(render_payload(built.digest, channel, settings)),
            items=built.items,
            cursor=cursor,
        )
        if record is not None:
            return Composed(record, reused=record.created_at < now)
    raise ComposeError(
        f"channel {channel.name!r}: other digest runs kept giving it items while this one "
        f"composed ({COMPOSE_ATTEMPTS} attempts); the next run will try again"
    )


def _build(
    store: Store, channel: ChannelSettings, context: Context, *, cursor: datetime | None
) -> Built:
    settings, now = context.settings, context.now
    since = cursor or now - timedelta(days=settings.digest.first_window_days)
    return build_digest(
        store,
        channel,
        settings,
        since=since,
        window=since - OVERLAP if cursor else since,
        now=now,
        sources=context.sources,
        rules=context.rules,
    )


def _deliver(store: Store, record: OutboxDigest, settings: Settings) -> str | None:
    """Send the digest's content; the email's Message-ID, or None for Slack."""
    content = record.content()
    if content["kind"] == "email":
        return send_email(message_of(content), settings.email)
    messages = content["messages"]
    with httpx.Client(timeout=settings.slack.timeout) as client:
        for index in range(record.slack_progress, len(messages)):
            try:
                post_slack([messages[index]], settings.slack, client=client)
            except DeliveryError as e:
                e.delivered = index
                e.message += f" ({index} of {len(messages)} messages posted)"
                raise
            store.record_progress(record.key, posted=index + 1)
    return None


def send(
    store: Store, record: OutboxDigest, channel: ChannelSettings, context: Context, *, reused: bool
) -> ChannelOutcome:
    """Send a pending digest under a lease; mark it sent once the channel accepted it."""
    settings, now = context.settings, context.now
    base = ChannelOutcome(
        channel=channel.name,
        kind=channel.kind,
        status="sent",
        events=record.events,
        releases=record.releases,
        key=record.key,
        created_at=record.created_at,
        resent=reused,
        subject=record.content().get("subject", ""),
    )
    claimed = store.claim_digest(record.key, now=now, lease=LEASE)
    if claimed is None:
        latest = store.outbox_digest(record.key)
        until = latest.claimed_until if latest else None
        held = f"held until {until:%Y-%m-%d %H:%M} UTC" if until else "sent meanwhile"
        return replace(base, status="busy", error=held)
    try:
        message_id = _deliver(store, claimed, settings)
    except Exception as e:  # any failure leaves the digest pending, reason kept
        said = str(e) if isinstance(e, DeliveryError) else f"{type(e).__name__}: {e}"
        reason = redact(said, secrets_of(settings))
        store.digest_failed(record.key, error=reason)
        return replace(base, status="failed", error=reason, attempts=claimed.attempts)
    store.mark_sent(record.key, now=now)
    return replace(base, message_id=message_id, attempts=claimed.attempts)


def preview(store: Store, channel: ChannelSettings, context: Context) -> ChannelOutcome:
    """A dry run: what would be sent now, rendered; nothing is sent, recorded or marked."""
    pending = store.pending_digest(channel.name)
    if pending is not None:
        content = pending.content()
        return ChannelOutcome(
            channel=channel.name,
            kind=channel.kind,
            status="dry-run",
            events=pending.events,
            releases=pending.releases,
            key=pending.key,
            created_at=pending.created_at,
            attempts=pending.attempts,
            resent=True,
            subject=content["subject"],
            text=content["text"],
            html=content["html"],
        )
    built = _build(store, channel, context, cursor=store.channel_cursor(channel.name))
    content = render_payload(built.digest, channel, context.settings, sending=False)
    return ChannelOutcome(
        channel=channel.name,
        kind=channel.kind,
        status="dry-run",
        events=len(built.digest.events),
        releases=len(built.digest.other_releases),
        subject=content["subject"],
        text=content["text"],
        html=content["html"],
        would_send=not built.digest.is_empty or sends_empty(channel, context.settings),
    )


def run_channel(
    store: Store, channel: ChannelSettings, context: Context, *, dry_run: bool = False
) -> tuple[ChannelOutcome, ...]:
    """Compose, send and mark one channel's digest (a pending one first, then anything new)."""
    if dry_run:
        return (preview(store, channel, context),)
    composed = compose(store, channel, context)
    if composed.record is None:
        return (ChannelOutcome(channel=channel.name, kind=channel.kind, status="empty"),)
    first = send(store, composed.record, channel, context, reused=composed.reused)
    if not (composed.reused and first.status == "sent"):
        return (first,)
    fresh = compose(store, channel, context, news_only=True)
    if fresh.record is None:
        return (first,)
    return (first, send(store, fresh.record, channel, context, reused=fresh.reused))


def run_one(
    settings: Settings, channel: ChannelSettings, *, now: datetime, dry_run: bool = False
) -> tuple[ChannelOutcome, ...]:
    """``run_channel`` on a Store of its own (one per thread)."""
    context = Context.load(settings, now=now)
    with Store.open(settings.db) as store:
        return run_channel(store, channel, context, dry_run=dry_run)


def run_digests(
    settings: Settings, *, channel: str | None = None, dry_run: bool = False, now: datetime
) -> DigestReport:
    """Every channel (or the named one), one after the other; one failing channel (even with an
    archive error) does not stop the others."""
    outcomes: list[ChannelOutcome] = []
    for chosen in select_channels(settings, channel, dry_run=dry_run):
        try:
            outcomes.extend(run_one(settings, chosen, now=now, dry_run=dry_run))
        except Exception as e:  # reported as the channel's failure
            outcomes.append(failed(chosen, e, settings))
    return DigestReport(started=now, outcomes=tuple(outcomes))


def run_alerts(settings: Settings, *, now: datetime) -> DigestReport:
    """Each alert channel's new events, right after a poll, through the same outbox as digests:
    an event is posted once per channel (a later report of it is not an alert), and an alert
    that failed stays pending and goes out with the next poll's run."""
    outcomes: list[ChannelOutcome] = []
    for chosen in alert_channels(settings):
        try:
            outcomes.extend(run_one(settings, chosen, now=now))
        except Exception as e:  # reported as the channel's failure; the poll is unaffected
            outcomes.append(failed(chosen, e, settings))
    return DigestReport(started=now, outcomes=tuple(outcomes))


def failed(channel: ChannelSettings, error: BaseException, settings: Settings) -> ChannelOutcome:
    """A channel whose run broke before or outside a send."""
    reason = redact(str(error) or type(error).__name__, secrets_of(settings))
    return ChannelOutcome(channel=channel.name, kind=channel.kind, status="failed", error=reason)
