"""What the digest outbox holds and hands back: digests, their items and deliveries, frozen."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

ItemKind = Literal["event", "link", "release"]
DigestStatus = Literal["pending", "sent"]


@dataclass(frozen=True, slots=True)
class OutboxItem:
    """An item of a digest: an event, a release linked from an event, or another release."""

    kind: ItemKind
    id: int


@dataclass(frozen=True, slots=True)
class Delivery:
    """An item given to a channel, in digest ``digest_key``; delivered once accepted."""

    channel: str
    item: OutboxItem
    digest_key: str
    delivered_at: datetime | None


@dataclass(frozen=True, slots=True)
class OutboxDigest:
    """A digest in the outbox. ``payload`` is its fixed content as JSON text (``content()``)."""

    key: str
    channel: str
    created_at: datetime  # when it was composed; the channel's cursor once it is sent
    since: datetime  # the start of what it covers
    events: int
    releases: int
    payload: str
    status: DigestStatus
    attempts: int = 0
    last_attempt_at: datetime | None = None
    last_error: str | None = None  # the last failed attempt's reason (never a secret)
    claimed_until: datetime | None = None  # a run is sending it until then
    slack_progress: int = 0  # Slack messages of it already posted
    sent_at: datetime | None = None

    @property
    def items(self) -> int:
        return self.events + self.releases

    def content(self) -> dict[str, Any]:
        content: dict[str, Any] = json.loads(self.payload)
        return content


@dataclass(frozen=True, slots=True)
class DigestCandidates:
    """Events with a release first seen in the window and other releases first seen in it,
    none of them given to the channel yet."""

    events: tuple[int, ...]
    releases: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class ReleaseFacts:
    """What the analysis stored about a release, as a digest shows it."""

    id: int
    kind: str | None
    parties: tuple[str, ...]
    topics: tuple[str, ...]
    chairs: tuple[tuple[str, str], ...]  # (name, title)
    official: bool
    score: float
