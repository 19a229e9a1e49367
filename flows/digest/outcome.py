"""What a digest run did on each channel, and the line saying so (for the terminal and the log;
the JSON object is the CLI's, ``flows.cli.output.digest``).

``sent``: the channel accepted a digest (``resent``: one composed by an earlier run whose send
had failed). ``empty``: nothing new, and the channel does not send empty digests. ``failed``:
the channel did not accept it; it stays pending and goes out with the next run. ``busy``:
another run is sending the channel's digest. ``dry-run``: rendered, nothing sent or marked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

Status = Literal["sent", "empty", "failed", "busy", "dry-run"]


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


@dataclass(frozen=True, slots=True)
class ChannelOutcome:
    channel: str
    kind: str
    status: Status
    events: int = 0
    releases: int = 0
    key: str | None = None  # the digest's key in the outbox
    created_at: datetime | None = None  # when the digest was composed
    attempts: int = 0
    resent: bool = False
    message_id: str | None = None  # email
    error: str | None = None  # failed: why (never a secret); busy: until when
    subject: str = ""
    text: str = ""  # dry-run: the plain text
    html: str = ""  # dry-run: the HTML
    would_send: bool = True  # dry-run: an empty digest the channel would not send

    @property
    def items(self) -> int:
        return self.events + self.releases

    @property
    def failed(self) -> bool:
        return self.status == "failed"

    def counts(self) -> str:
        if not self.items:
            return "nothing new"
        events = _plural(self.events, "event")
        releases = _plural(self.releases, "other release")
        return f"{_plural(self.items, 'item')} ({events}, {releases})"

    def line(self) -> str:
        """One line: ``email: sent 3 items (2 events, 1 other release)``."""
        earlier = (
            f", composed {self.created_at:%Y-%m-%d %H:%M} UTC, attempt {self.attempts}"
            if self.resent and self.created_at
            else ""
        )
        if self.status == "sent":
            said = "sent" if self.items else "sent the empty digest:"
            return f"{self.channel}: {said} {self.counts()}{earlier}"
        if self.status == "empty":
            return f"{self.channel}: nothing new (an empty digest is not sent)"
        if self.status == "failed":
            return f"{self.channel}: FAILED: {self.error} (pending, will retry with the next run)"
        if self.status == "busy":
            return f"{self.channel}: another run is sending its digest ({self.error})"
        if self.resent:
            return f"{self.channel}: dry run: a pending digest would be re-sent, {self.counts()}"
        verdict = "would be sent" if self.would_send else "would not be sent"
        return f"{self.channel}: dry run: {self.counts()}, {verdict}"


@dataclass(frozen=True, slots=True)
class DigestReport:
    """What one run of the digest did, channel by channel."""

    started: datetime
    outcomes: tuple[ChannelOutcome, ...]

    @property
    def failed(self) -> tuple[ChannelOutcome, ...]:
        return tuple(o for o in self.outcomes if o.failed)

    @property
    def sent(self) -> tuple[ChannelOutcome, ...]:
        return tuple(o for o in self.outcomes if o.status == "sent")
