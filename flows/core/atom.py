"""The dialogue events as an Atom feed (RFC 4287), so a feed reader can follow what cyberwatch
finds: one entry per event, its ``updated`` the moment the latest release reporting it was first
seen (a new report moves the entry up), its content the facts of the meeting and, for each
release, what a citation needs (title, issuing body, date, permanent link, content hash, first
seen)."""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import datetime
from urllib.parse import quote

from scrapers.analysis.countries import display_name
from storage import Event, Filters, SearchHit, Store

ATOM = "http://www.w3.org/2005/Atom"
FEED_ID = "urn:cyberwatch:dialogue-events"


def dialogue_feed(
    store: Store, filters: Filters, publishers: Mapping[str, str], *, now: datetime
) -> str:
    """The feed of the events at least one release ``filters`` keeps reports, newest first."""
    kept = {hit.id: hit for hit in store.listing(replace(filters, all_copies=True))}
    events = [e for e in store.events() if any(r.release_id in kept for r in e.releases)]
    missing = {r.release_id for e in events for r in e.releases} - kept.keys()
    if missing:
        cited = Filters(ids=tuple(sorted(missing)), all_copies=True)
        kept.update({hit.id: hit for hit in store.listing(cited)})
    return atom_feed(events, kept, publishers, now=now)


def atom_feed(
    events: Sequence[Event],
    releases: Mapping[int, SearchHit],
    publishers: Mapping[str, str],
    *,
    now: datetime,
) -> str:
    """The feed of ``events``; ``releases`` holds the citation facts of their releases by id."""
    feed = ET.Element("feed", xmlns=ATOM)
    _text(feed, "id", FEED_ID)
    _text(feed, "title", "cyberwatch: government cyber dialogues")
    _text(feed, "subtitle", "Meetings found in official releases, with their sources")
    entries = [_entry(event, releases, publishers) for event in events]
    stamps = [_updated(event, releases) for event in events]
    _text(feed, "updated", max(stamps, default=now).isoformat())
    author = ET.SubElement(feed, "author")
    _text(author, "name", "cyberwatch")
    _text(feed, "generator", "cyberwatch")
    feed.extend(entries)
    return ET.tostring(feed, encoding="unicode", xml_declaration=True)


def event_title(event: Event) -> str:
    """``Republic of Korea-UK cyber dialogue, round 4, 2024-11-06``."""
    parts = ["-".join(display_name(code) for code in event.parties) + " cyber dialogue"]
    if event.round is not None:
        parts.append(f"round {event.round}")
    if event.held_on is not None:
        parts.append(event.held_on.isoformat())
    return ", ".join(parts)


def _entry(
    event: Event, releases: Mapping[int, SearchHit], publishers: Mapping[str, str]
) -> ET.Element:
    entry = ET.Element("entry")
    _text(entry, "id", f"urn:cyberwatch:event:{quote(event.key, safe='')}")
    _text(entry, "title", event_title(event))
    _text(entry, "updated", _updated(event, releases).isoformat())
    _text(entry, "published", event.first_seen.isoformat())
    lead = event.releases[0] if event.releases else None
    author = ET.SubElement(entry, "author")
    _text(author, "name", publishers.get(lead.source, lead.source) if lead else "cyberwatch")
    for n, release in enumerate(event.releases):
        rel = "alternate" if n == 0 else "related"
        ET.SubElement(entry, "link", rel=rel, href=release.url, title=release.title)
    for code in event.parties:
        ET.SubElement(entry, "category", term=code, label=display_name(code))
    content = ET.SubElement(entry, "content", type="html")
    content.text = _content(event, releases, publishers)
    return entry


def _content(event: Event, releases: Mapping[int, SearchHit], publishers: Mapping[str, str]) -> str:
    facts = [
        ("Parties", ", ".join(display_name(code) for code in event.parties)),
        ("Round", str(event.round) if event.round is not None else "not known"),
        ("Held on", event.held_on.isoformat() if event.held_on else "not known"),
        ("Place", event.location or "not known"),
    ]
    if event.chairs:
        facts.append(("Chaired by", ", ".join(event.chairs)))
    lines = [f"<p><b>{name}:</b> {html.escape(value)}</p>" for name, value in facts]
    lines.append("<ul>")
    for release in event.releases:
        hit = releases.get(release.release_id)
        published = release.published.date().isoformat() if release.published else "no date"
        cite = [
            f'<a href="{html.escape(release.url)}">{html.escape(release.title)}</a>',
            html.escape(publishers.get(release.source, release.source)),
            published,
            release.role + (", official" if release.official else ""),
        ]
        if hit is not None:
            cite.append(f"SHA-256 {hit.content_hash}")
            cite.append(f"first seen {hit.first_seen.isoformat() if hit.first_seen else '?'}")
        lines.append(f"<li>{'; '.join(cite)}</li>")
    lines.append("</ul>")
    return "\n".join(lines)


def _updated(event: Event, releases: Mapping[int, SearchHit]) -> datetime:
    seen = [
        hit.first_seen
        for r in event.releases
        if (hit := releases.get(r.release_id)) is not None and hit.first_seen is not None
    ]
    return max(seen, default=event.first_seen)


def _text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, f"{tag}")
    element.text = text
    return element
