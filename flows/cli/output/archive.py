"""What the archive commands print: ``events`` (a meeting and its releases), ``analyze`` (the
stable JSON form of an analysis) and ``import`` (the counts)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from flows.cli.output.formats import iso, json_line
from storage import Event

if TYPE_CHECKING:  # the import path's values: not imported by `show` and `events`
    from flows.core.records import ImportReport, RecordError
    from scrapers.analysis import Analysis


def event_json(event: Event) -> dict[str, Any]:
    """The stable JSON form of an event (``cyberwatch events --json``)."""
    return {
        "event_id": event.id,
        "key": event.key,
        "parties": list(event.parties),
        "round": event.round,
        "held_on": iso(event.held_on),
        "location": event.location,
        "chairs": list(event.chairs),
        "releases": [
            {
                "url": r.url,
                "source": r.source,
                "role": r.role,
                "official": r.official,
                "title": r.title,
                "published": r.published.date().isoformat() if r.published else None,
            }
            for r in event.releases
        ],
    }


def event_lines(event: Event) -> Iterator[str]:
    """An event: date, parties, round and place; its chairs; a line per release about it."""
    held = event.held_on.isoformat() if event.held_on else "(date not known)"
    round_ = f"round {event.round}" if event.round is not None else "round not known"
    yield f"{held}  {'-'.join(event.parties)}  {round_}  {event.location or ''}".rstrip()
    if event.chairs:
        yield f"   chaired by {', '.join(event.chairs)}"
    for release in event.releases:
        flag = "official" if release.official else ""
        yield f"   {release.role:<8} {flag:<8} {release.source}  {release.url}"


def analysis_json(url: str, analysis: Analysis) -> dict[str, Any]:
    """The stable JSON form of an analysis: ``cyberwatch analyze``'s output format."""
    return {
        "url": url,
        "relevant": analysis.relevant,
        "score": analysis.score,
        "kind": analysis.kind,
        "parties": list(analysis.parties),
        "round": analysis.round,
        "held_on": iso(analysis.held_on),
        "location": analysis.location,
        "chairs": [c.name for c in analysis.chairs],
        "chair_titles": [{"name": c.name, "title": c.title} for c in analysis.chairs],
        "topics": list(analysis.topics),
        "agencies": list(analysis.agencies),
        "virtual": analysis.virtual,
        "reasons": list(analysis.reasons),
    }


def analysis_line(url: str, analysis: Analysis) -> str:
    return json_line(analysis_json(url, analysis))


def refused_line(error: RecordError) -> str:
    """``analyze``'s line for an input line it could not read."""
    return json_line({"url": None, "error": str(error)}, ascii_only=True)


def import_line(done: ImportReport) -> str:
    """``3 new, 0 updated, 1 unchanged[, 2 lines refused]``."""
    refused = f", {len(done.errors)} lines refused" if done.errors else ""
    return f"{done.new} new, {done.updated} updated, {done.unchanged} unchanged{refused}"


def import_json(done: ImportReport) -> dict[str, Any]:
    return {
        "new": done.new,
        "updated": done.updated,
        "unchanged": done.unchanged,
        "errors": len(done.errors),
    }
