"""What a digest holds: new cyber-dialogue events, other cyber releases, and source health.

One ``DigestEvent`` per event, not per release: the 4th ROK-UK Cyber Dialogue reported by
gov.uk, by Korea's MOFA and by an aggregator is one event with three links, official first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True, slots=True)
class Party:
    """A country or organisation taking part: its code (``KR``, ``GB``, ``EU``) and name."""

    code: str
    name: str


@dataclass(frozen=True, slots=True)
class Chair:
    """A head of delegation or co-chair: ``Andrew Whittaker``, ``Cyber Director, FCDO``."""

    name: str
    title: str = ""


@dataclass(frozen=True, slots=True)
class Link:
    """A release about the event. ``official`` marks a government's own publication."""

    title: str
    url: str
    publisher: str
    official: bool
    published: datetime | None = None  # timezone-aware UTC


@dataclass(frozen=True, slots=True)
class DigestEvent:
    """One cyber-dialogue event, with every release about it."""

    headline: str  # "4th Republic of Korea-UK Cyber Dialogue, London, 6 November 2024"
    parties: tuple[Party, ...]
    round: int | None
    held_on: date | None
    location: str
    chairs: tuple[Chair, ...]
    topics: tuple[str, ...]
    excerpt: str  # two or three sentences of the best release, plain text
    links: tuple[Link, ...]
    score: float = 1.0  # the best relevance score among its releases

    @property
    def ordered_links(self) -> tuple[Link, ...]:
        """The links, official ones first, otherwise in the order given."""
        return tuple(sorted(self.links, key=lambda link: not link.official))


@dataclass(frozen=True, slots=True)
class DigestRelease:
    """A release that matched the watch rules but is not about a dialogue."""

    title: str
    url: str
    publisher: str
    published: datetime | None = None  # timezone-aware UTC
    summary: str = ""  # a sentence or two, plain text
    parties: tuple[str, ...] = ()  # codes, when known
    topics: tuple[str, ...] = ()
    score: float = 0.0


@dataclass(frozen=True, slots=True)
class SourceIssue:
    """A source that is failing (``reason`` is the last error) or silent for too long."""

    name: str
    reason: str
    since: datetime | None = None  # failing since, or last new release


@dataclass(frozen=True, slots=True)
class SourceHealth:
    """How the sources behind a digest are doing."""

    total: int
    failing: tuple[SourceIssue, ...] = ()
    silent: tuple[SourceIssue, ...] = ()

    @property
    def healthy(self) -> int:
        """Sources neither failing nor silent."""
        troubled = {s.name for s in self.failing} | {s.name for s in self.silent}
        return max(self.total - len(troubled), 0)

    @property
    def all_healthy(self) -> bool:
        return not self.failing and not self.silent


@dataclass(frozen=True, slots=True)
class Digest:
    """Everything new for one channel between ``since`` and ``generated_at``."""

    channel: str
    since: datetime  # timezone-aware; the end of the channel's last digest
    generated_at: datetime  # timezone-aware
    events: tuple[DigestEvent, ...]
    other_releases: tuple[DigestRelease, ...]
    health: SourceHealth
    timezone: str = "UTC"  # IANA name used to show dates and times
    contact: str = ""  # who to write to to change the subscription
    alert: bool = False  # an alert channel's: new events only, each posted on its own

    def __post_init__(self) -> None:
        for name in ("since", "generated_at"):
            if getattr(self, name).utcoffset() is None:
                raise ValueError(f"Digest.{name} must be timezone-aware")

    @property
    def is_empty(self) -> bool:
        """Nothing new: no event and no other release (source health alone is not news)."""
        return not self.events and not self.other_releases


def should_send(digest: Digest, *, send_empty: bool) -> bool:
    """A digest with news is always sent; an empty one only when the channel asks for it."""
    return not digest.is_empty or send_empty
