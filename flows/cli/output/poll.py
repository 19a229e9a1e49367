"""What ``cyberwatch poll`` and ``cyberwatch demo`` print: a line per source, then the new
releases (relevant ones first, marked ``*``); with ``--json`` an object per source, then one per
new release."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

from flows.cli.output.formats import day, iso, json_line
from flows.core.results import PollReport, SourceResult
from storage import Release, SearchHit


def result_json(result: SourceResult) -> dict[str, Any]:
    """The JSON object of one source's poll."""
    return {
        "source": result.source,
        "status": result.status,
        "new": result.new,
        "updated": result.updated,
        "unchanged": result.unchanged,
        "items": result.items,
        "deferred": result.deferred,
        "error": result.error,
        "drift": result.drift,
        "attempts": result.attempts,
    }


def release_json(release: Release) -> dict[str, Any]:
    """The JSON object of a new release."""
    return {
        "id": release.id,
        "source": release.source,
        "title": release.title,
        "url": release.url,
        "published": iso(release.published),
        "relevant": release.relevant,
        "score": release.score,
        "reasons": list(release.reasons),
    }


def report_json_lines(report: PollReport, releases: Iterable[Release]) -> Iterator[str]:
    """``poll --json``: an object per source polled, then one per new release (read as it is
    written)."""
    for result in report.results:
        yield json_line(result_json(result), ascii_only=True)
    for release in releases:
        yield json_line(release_json(release))


def result_line(result: SourceResult, *, width: int) -> str:
    """One source's poll: ``govuk-fcdo  ok  2 new, 0 updated, 2 unchanged``."""
    if result.failed:
        return f"{result.source:<{width}}  {'FAILED':<12}  {result.error}"
    detail = (
        "no change since the last poll (304)"
        if result.not_modified
        else f"{result.new} new, {result.updated} updated, {result.unchanged} unchanged"
    )
    later = f", {result.deferred} left for the next poll" if result.deferred else ""
    if result.drift:
        later += f"; LAYOUT DRIFT? {result.drift}"
    return f"{result.source:<{width}}  {result.status:<12}  {detail}{later}"


def report_lines(report: PollReport, releases: Sequence[Release]) -> Iterator[str]:
    """``poll``: the sources not due, a line per source polled, then the new releases."""
    if report.not_due:
        soonest = report.next_due.strftime("%H:%M UTC") if report.next_due else "soon"
        yield (
            f"{len(report.not_due)} sources not due yet (next check {soonest}); "
            "`cyberwatch poll --all` polls them now."
        )
    width = max((len(r.source) for r in report.results), default=0)
    for result in report.results:
        yield result_line(result, width=width)
    if not releases:
        yield "\nNothing new."
        return
    relevant = sum(r.relevant for r in releases)
    yield f"\n{len(releases)} new releases, {relevant} marked as cyber dialogues (*):"
    oldest = datetime.min.replace(tzinfo=UTC)
    for release in sorted(
        releases, key=lambda r: (r.relevant, r.published or oldest), reverse=True
    ):
        mark = "*" if release.relevant else " "
        yield f" {mark} {day(release.published)}  {release.title}  ({release.source})"
        yield f"   {' ' * 10}  {release.url}"


def demo_search_lines(hits: Sequence[SearchHit]) -> Iterator[str]:
    """The demo's closing search, shown as a hint."""
    yield "\nTry a search - cyberwatch search 'Pall Mall':"
    for hit in hits:
        yield f"   {hit.title}  ({hit.source})\n   {hit.marked()}"
