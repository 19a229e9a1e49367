"""Channels and their subscriptions: who gets a digest, and what each one lets through.

A channel filters by parties, topics and minimum score. Each filter that is set must be met:
an event passes the parties filter when one of its parties is listed, the topics filter when
one of its topics is listed (case does not matter), and the score filter when its score is at
least ``min_score``. Other releases are filtered the same way, so a release whose parties are
not known does not reach a channel that asks for particular parties.
"""

from __future__ import annotations

from dataclasses import replace

from config import ChannelSettings, ConfigError, Settings
from flows.digest.model import Digest


def _passes(
    channel: ChannelSettings, parties: tuple[str, ...], topics: tuple[str, ...], score: float
) -> bool:
    if score < channel.min_score:
        return False
    if channel.parties and not set(channel.parties) & {p.upper() for p in parties}:
        return False
    wanted = {t.casefold() for t in channel.topics}
    return not wanted or bool(wanted & {t.casefold() for t in topics})


def filter_for(channel: ChannelSettings, digest: Digest) -> Digest:
    """The part of ``digest`` that ``channel`` subscribes to, addressed to that channel."""
    events = tuple(
        e
        for e in digest.events
        if _passes(channel, tuple(p.code for p in e.parties), e.topics, e.score)
    )
    others = tuple(
        r for r in digest.other_releases if _passes(channel, r.parties, r.topics, r.score)
    )
    return replace(digest, channel=channel.name, events=events, other_releases=others)


def configured_channels(settings: Settings) -> tuple[ChannelSettings, ...]:
    """The channels to send digests to, checked against the delivery settings.

    Without ``[[digest.channels]]`` there is one channel named ``email`` when email is
    configured and one named ``slack`` when a webhook is set, each with no filter.
    """
    channels = settings.digest.channels
    if not channels:
        implicit = []
        if settings.email.configured:
            implicit.append(ChannelSettings(name="email", kind="email"))
        if settings.slack.webhook_url is not None:
            implicit.append(ChannelSettings(name="slack", kind="slack"))
        return tuple(implicit)
    for channel in channels:
        field = f"digest.channels.{channel.name}"
        if channel.kind == "slack" and settings.slack.webhook_url is None:
            raise ConfigError("a slack channel needs CYBERWATCH_SLACK_WEBHOOK_URL", field=field)
        if channel.kind == "email":
            missing = [
                variable
                for variable, value in (
                    ("CYBERWATCH_SMTP_HOST", settings.email.host),
                    ("CYBERWATCH_EMAIL_FROM", settings.email.sender),
                    ("CYBERWATCH_EMAIL_TO", channel.recipients or settings.email.recipients),
                )
                if not value
            ]
            if missing:
                raise ConfigError(
                    f"an email channel needs {', '.join(missing)} (or [email] settings)",
                    field=field,
                )
    return channels


def recipients_for(channel: ChannelSettings, settings: Settings) -> tuple[str, ...]:
    """Who an email channel writes to: its own recipients, else ``[email] recipients``."""
    return channel.recipients or settings.email.recipients


def sends_empty(channel: ChannelSettings, settings: Settings) -> bool:
    """Whether an empty digest is sent on this channel."""
    return settings.digest.send_empty if channel.send_empty is None else channel.send_empty
