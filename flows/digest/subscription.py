"""Subscriptions: what each channel lets through (the channels themselves: config/channels.py).

A channel filters by parties, topics and minimum score. Each filter that is set must be met:
an event passes the parties filter when one of its parties is listed, the topics filter when
one of its topics is listed (case does not matter), and the score filter when its score is at
least ``min_score``. Other releases are filtered the same way, so a release whose parties are
not known does not reach a channel that asks for particular parties. An alert channel
(``alert = true``) gets the new events only.
"""

from __future__ import annotations

from dataclasses import replace

from config import ChannelSettings
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
        r
        for r in digest.other_releases
        if not channel.alert and _passes(channel, r.parties, r.topics, r.score)
    )
    return replace(
        digest, channel=channel.name, events=events, other_releases=others, alert=channel.alert
    )
