"""A digest as an email: a subject, a plain-text part and an HTML part, from Jinja2 templates.

Rendering is pure: the same digest gives the same text. The HTML is built for mail clients:
tables for layout, inline CSS only, no scripts, no images, every value escaped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from flows.digest.model import Digest, DigestEvent, DigestRelease, Link, SourceHealth
from flows.digest.wording import date_range, local, long_date, ordinal, short_date

PRODUCT = "cyberwatch"
ABOUT = (
    "cyberwatch watches the official publishers of government cyber diplomacy and reports each "
    "new cyber-dialogue event once, with every release about it."
)


@dataclass(frozen=True, slots=True)
class Fact:
    """A row of an event's facts table; ``chips`` rows (topics) are short items, not lines."""

    label: str
    lines: tuple[str, ...]
    chips: bool = False


def _environment(*, html: bool) -> Environment:
    return Environment(
        loader=PackageLoader("flows.digest", "templates"),
        autoescape=html,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def period(digest: Digest) -> str:
    """The days a digest covers, in its time zone: ``6–20 November 2024``."""
    start = local(digest.since, digest.timezone).date()
    end = local(digest.generated_at, digest.timezone).date()
    return date_range(min(start, end), end)


def _moment(moment: datetime, timezone: str) -> str:
    at = local(moment, timezone)
    return f"{long_date(at.date())}, {at:%H:%M} {at.tzname()}"


def counts(digest: Digest) -> str:
    """``2 new cyber dialogues and 1 other cyber release``."""
    events = _plural(len(digest.events), "new cyber dialogue")
    others = _plural(len(digest.other_releases), "other cyber release")
    return f"{events} and {others}"


def health_line(health: SourceHealth, timezone: str = "UTC") -> str:
    """``All 4 sources healthy.`` or who is failing or silent, and since when."""
    if health.all_healthy:
        return f"All {_plural(health.total, 'source')} healthy."
    parts = [f"{health.healthy} of {_plural(health.total, 'source')} healthy."]
    for label, issues in (("Failing", health.failing), ("Silent", health.silent)):
        if issues:
            named = []
            for issue in issues:
                since = (
                    f", since {short_date(local(issue.since, timezone).date())}"
                    if issue.since
                    else ""
                )
                named.append(f"{issue.name} ({issue.reason}{since})")
            parts.append(f"{label}: {'; '.join(named)}.")
    return " ".join(parts)


def summary_line(digest: Digest) -> str:
    """One line saying what the digest holds, or that nothing is new."""
    if digest.is_empty:
        return f"Nothing new in {period(digest)}. {health_line(digest.health, digest.timezone)}"
    return f"{counts(digest)}, {period(digest)}."


def subject(digest: Digest) -> str:
    """The email subject: the one event's headline, or the counts, with the period.

    The period has an ASCII hyphen: a folded header with an encoded en dash gains a space.
    """
    days = period(digest).replace("–", "-")
    if digest.is_empty:
        health = health_line(digest.health, digest.timezone).split(".")[0]
        return f"{PRODUCT}: nothing new, {days}; {health[0].lower()}{health[1:]}"
    if len(digest.events) == 1 and not digest.other_releases:
        return f"{PRODUCT}: {digest.events[0].headline}"
    return f"{PRODUCT}: {counts(digest)}, {days}"


def facts(event: DigestEvent) -> tuple[Fact, ...]:
    """The facts table of an event; unknown facts are left out."""
    rows = [
        Fact("Parties", (", ".join(p.name for p in event.parties),) if event.parties else ()),
        Fact("Round", (ordinal(event.round),) if event.round else ()),
        Fact("Date", (long_date(event.held_on),) if event.held_on else ()),
        Fact("Place", (event.location,) if event.location else ()),
        Fact("Chairs", tuple(", ".join(filter(None, (c.name, c.title))) for c in event.chairs)),
        Fact("Topics", event.topics, chips=True),
    ]
    return tuple(row for row in rows if row.lines)


def _link(link: Link, timezone: str) -> dict[str, Any]:
    published = short_date(local(link.published, timezone).date()) if link.published else ""
    return {
        "title": link.title,
        "url": link.url,
        "publisher": link.publisher,
        "official": link.official,
        "published": published,
    }


def _release(release: DigestRelease, timezone: str) -> dict[str, Any]:
    published = short_date(local(release.published, timezone).date()) if release.published else ""
    return {
        "title": release.title,
        "url": release.url,
        "publisher": release.publisher,
        "published": published,
        "summary": release.summary,
    }


def footer(digest: Digest) -> str:
    """What cyberwatch is, and how to change this subscription."""
    how = (
        f"write to {digest.contact}"
        if digest.contact
        else f"edit the channel '{digest.channel}' in the cyberwatch configuration"
    )
    return (
        f"{ABOUT} You receive this digest as channel '{digest.channel}'. To change the parties, "
        f"topics or minimum score it covers, or to stop it, {how}."
    )


def context(digest: Digest) -> dict[str, Any]:
    """Everything the templates show, already worded."""
    tz = digest.timezone
    return {
        "product": PRODUCT,
        "subject": subject(digest),
        "period": period(digest),
        "generated": _moment(digest.generated_at, tz),
        "summary": summary_line(digest),
        "counts": counts(digest),
        "empty": digest.is_empty,
        "events": [
            {
                "headline": e.headline,
                "url": e.ordered_links[0].url if e.links else "",
                "facts": facts(e),
                "excerpt": e.excerpt,
                "links": [_link(link, tz) for link in e.ordered_links],
            }
            for e in digest.events
        ],
        "others": [_release(r, tz) for r in digest.other_releases],
        "health": health_line(digest.health, tz),
        "healthy": digest.health.all_healthy,
        "footer": footer(digest),
    }


def render_text(digest: Digest) -> str:
    """The plain-text part."""
    return _environment(html=False).get_template("digest.txt").render(context(digest))


def render_html(digest: Digest) -> str:
    """The HTML part: inline CSS, no scripts, no images, every value escaped."""
    return _environment(html=True).get_template("digest.html").render(context(digest))
