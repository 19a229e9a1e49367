"""A channel's digest, from the archive: new events, other cyber releases, source health.

Events: one ``DigestEvent`` per event with a release first seen in the window that the channel
was not given yet; its parties in the order its best release names them, its round, date and
place, the chairs (with titles) its releases name, every topic of its releases, a two or three
sentence excerpt of its best release (official first) and a link to every release about it.
Other releases: those first seen in the window that are in no event and copy no other release,
and that mention cyber (the analysis rules' ``cyber`` terms). Then the channel's filter
(``filter_for``) decides what it gets; ``items`` are the outbox rows of what it kept.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from config import ChannelSettings, Settings, Source
from flows.digest.health import source_health
from flows.digest.model import Chair, Digest, DigestEvent, DigestRelease, Link, Party
from flows.digest.parties import ordered_parties, party
from flows.digest.subscription import filter_for
from flows.digest.wording import excerpt, headline
from scrapers.analysis import Rules
from scrapers.analysis.text import Doc
from scrapers.analysis.topics import TOPICS, extract_topics
from storage import Event, OutboxItem, Release, ReleaseFacts, Store

_TOPIC_ORDER = {topic.tag: n for n, topic in enumerate(TOPICS)}
_LATEST = datetime.max.replace(tzinfo=UTC)
_PROSE_END = re.compile(r"[.!?。…\"”’)]$")


@dataclass(frozen=True, slots=True)
class Built:
    """A channel's digest and the outbox items it holds."""

    digest: Digest
    items: tuple[OutboxItem, ...]


def prose(text: str) -> str:
    """The paragraphs of ``text`` that end like sentences: without headings, bylines and
    datelines ("Office of the Spokesperson", "News release"); all of it if none does."""
    paragraphs = [p.strip() for p in text.splitlines() if p.strip()]
    return "\n".join(p for p in paragraphs if _PROSE_END.search(p)) or text


def _topics(facts: Sequence[ReleaseFacts]) -> tuple[str, ...]:
    tags = {tag for fact in facts for tag in fact.topics}
    return tuple(sorted(tags, key=lambda t: (_TOPIC_ORDER.get(t, len(_TOPIC_ORDER)), t)))


def _chairs(event: Event, facts: Mapping[int, ReleaseFacts]) -> tuple[Chair, ...]:
    for member in event.releases:
        fact = facts.get(member.release_id)
        if fact is not None and fact.chairs:
            return tuple(Chair(name, title.rstrip(" .,;:")) for name, title in fact.chairs)
    return tuple(Chair(name) for name in event.chairs)


def digest_event(
    event: Event,
    best: Release,
    facts: Mapping[int, ReleaseFacts],
    publishers: Mapping[str, str],
) -> DigestEvent:
    """The digest entry of ``event``; ``best`` is its first release (official ones first)."""
    codes = ordered_parties(event.parties, best.title)
    parties: tuple[Party, ...] = tuple(party(code) for code in codes)
    known = [facts[m.release_id] for m in event.releases if m.release_id in facts]
    return DigestEvent(
        headline=headline(
            parties, round=event.round, location=event.location or "", held_on=event.held_on
        ),
        parties=parties,
        round=event.round,
        held_on=event.held_on,
        location=event.location or "",
        chairs=_chairs(event, facts),
        topics=_topics(known),
        excerpt=excerpt(prose(best.body or best.summary), sentences=3),
        links=tuple(
            Link(
                title=m.title,
                url=m.url,
                publisher=publishers.get(m.source, m.source),
                official=m.official,
                published=m.published.astimezone(UTC) if m.published else None,
            )
            for m in event.releases
        ),
        score=max((fact.score for fact in known), default=0.0),
    )


def digest_release(
    release: Release, fact: ReleaseFacts | None, publishers: Mapping[str, str]
) -> DigestRelease:
    """The one-line entry of another cyber release."""
    return DigestRelease(
        title=release.title,
        url=release.url,
        publisher=publishers.get(release.source, release.source),
        published=release.published,
        summary=excerpt(prose(release.body or release.summary), sentences=1, max_chars=300),
        parties=fact.parties if fact else (),
        topics=extract_topics(Doc.of(release.title, release.body or release.summary)),
        score=fact.score if fact else release.score,
    )


def _held(event: Event) -> datetime:
    if event.held_on is not None:
        return datetime(event.held_on.year, event.held_on.month, event.held_on.day, tzinfo=UTC)
    dates = [m.published for m in event.releases if m.published is not None]
    return min(dates, default=_LATEST)


def build_digest(
    store: Store,
    channel: ChannelSettings,
    settings: Settings,
    *,
    since: datetime,
    window: datetime,
    now: datetime,
    sources: Sequence[Source],
    rules: Rules,
) -> Built:
    """What ``channel`` gets now: the items first seen from ``window`` on that it was not given
    yet, filtered by its subscription; ``since`` is the start the digest shows."""
    candidates = store.digest_candidates(
        channel.name, since=window, archive=settings.digest.include_archive
    )
    publishers = {s.name: s.publisher or s.name for s in sources}
    events = [e for e in map(store.event, candidates.events) if e is not None and e.releases]
    events.sort(key=lambda e: (_held(e), e.id))
    others = [store.release(i) for i in candidates.releases]
    others = [r for r in others if rules.cyber.search(f"{r.title}\n{r.body or r.summary}")]
    members = [m.release_id for e in events for m in e.releases]
    facts = store.release_facts([*members, *(r.id for r in others)])
    entries = [
        (e, digest_event(e, store.release(e.releases[0].release_id), facts, publishers))
        for e in events
    ]
    lines = [(r, digest_release(r, facts.get(r.id), publishers)) for r in others]
    health = source_health(
        sources,
        store.source_states(),
        store.newest_releases(),
        now=now,
        silent_after=timedelta(days=settings.digest.silent_after_days),
        drift_after=settings.poll.drift_after,
    )
    full = Digest(
        channel=channel.name,
        since=since,
        generated_at=now,
        events=tuple(entry for _, entry in entries),
        other_releases=tuple(line for _, line in lines),
        health=health,
        timezone=settings.digest.timezone,
        contact=settings.digest.contact,
    )
    digest = filter_for(channel, full)
    kept = {id(entry) for entry in (*digest.events, *digest.other_releases)}
    items: list[OutboxItem] = []
    for event, entry in entries:
        if id(entry) in kept:
            items.append(OutboxItem("event", event.id))
            items.extend(OutboxItem("link", m.release_id) for m in event.releases)
    items.extend(OutboxItem("release", r.id) for r, line in lines if id(line) in kept)
    return Built(digest=digest, items=tuple(items))
