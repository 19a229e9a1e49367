"""What ``show`` prints: one release with its facts, every place that published it, the event
it reports and its earlier versions (``--diff``: what each edit changed); or one event."""

from __future__ import annotations

import difflib
import itertools
from collections.abc import Iterator, Mapping, Sequence

from flows.cli.output.archive import event_lines
from flows.cli.output.formats import day
from storage import Event, Release, ReleaseVersion, SearchHit


def release_lines(
    release: Release,
    hit: SearchHit,
    event: Event | None,
    versions: Sequence[ReleaseVersion],
    publishers: Mapping[str, str],
    names: Mapping[str, str],
) -> Iterator[str]:
    """The release: title, the citation facts, the analysis' facts (the parties by their
    headline ``names``), who else published it, its event and its versions."""
    yield release.title
    yield f"  release     {release.id}"
    yield f"  publisher   {publishers.get(release.source, release.source)} ({release.source})"
    yield f"  url         {release.url}"
    yield f"  published   {day(release.published)}"
    yield f"  first seen  {release.first_seen.isoformat()}"
    yield f"  last seen   {release.last_seen.isoformat()}"
    yield f"  sha-256     {release.content_hash}"
    yield f"  kind        {hit.kind or 'not analysed'} (score {release.score:.2f})"
    if hit.parties:
        yield f"  parties     {', '.join(f'{names.get(p, p)} ({p})' for p in hit.parties)}"
    if hit.topics:
        yield f"  topics      {', '.join(hit.topics)}"
    if hit.copy_of is not None:
        yield f"  a copy of   release {hit.copy_of}"
    if release.original_url:
        yield f"  original    {release.original_url}"
    if hit.copies:
        yield "  also published by"
        for copy in hit.copies:
            yield f"    {copy.source}  {copy.url}  (release {copy.id})"
    if event is not None:
        yield f"  event {event.id}:"
        for line in event_lines(event):
            yield f"    {line}"
    earlier = versions[:-1]
    if earlier:
        yield f"  earlier versions ({len(earlier)}):"
        for version in earlier:
            yield f"    {_span(version)}  sha-256 {version.content_hash[:16]}…  {version.title}"


def diff_lines(versions: Sequence[ReleaseVersion]) -> Iterator[str]:
    """A unified diff of each version against the next, paragraph by paragraph."""
    if len(versions) < 2:
        yield "No earlier versions: the publisher has not edited this release."
        return
    for before, after in itertools.pairwise(versions):
        yield from difflib.unified_diff(
            _text(before),
            _text(after),
            fromfile=f"{before.content_hash[:12]} ({_span(before)})",
            tofile=f"{after.content_hash[:12]} ({_span(after)})",
            lineterm="",
        )


def event_show_lines(event: Event) -> Iterator[str]:
    """An event: its facts and every release reporting it."""
    yield f"event {event.id}  first seen {event.first_seen.isoformat()}"
    yield from event_lines(event)


def _span(version: ReleaseVersion) -> str:
    until = version.replaced_at.isoformat() if version.replaced_at else "now"
    return f"{version.seen_from.isoformat()} to {until}"


def _text(version: ReleaseVersion) -> list[str]:
    return [version.title, "", *version.body.splitlines()]
