"""The archive's commands: ``search`` and ``events`` read it; ``analyze`` judges releases given
as JSON lines and ``import`` stores them."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from config import ConfigError, Settings
from flows.cli.context import EXIT_CONFIG
from flows.cli.output.archive import (
    analysis_line,
    event_json,
    event_lines,
    hit_json,
    hit_lines,
    import_json,
    import_line,
    refused_line,
)
from flows.cli.output.formats import json_line
from flows.core import progress
from flows.core.records import RecordError, analyze_record, import_records, read_records
from scrapers.analysis import Rules
from storage import Store


def search_command(
    ctx: typer.Context,
    query: Annotated[str, typer.Argument(help="Words to find; any text is safe.")],
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="At most N results.")] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per line.")] = False,
) -> None:
    """Search the archive: best matches first, with a snippet."""
    settings: Settings = ctx.obj.settings
    if not _archive_exists(settings):
        return
    with Store.open(settings.db) as store:
        hits = store.search(query, limit=limit)
    lines = (json_line(hit_json(hit)) for hit in hits) if as_json else hit_lines(query, hits)
    for line in lines:
        typer.echo(line)


def events_command(
    ctx: typer.Context,
    limit: Annotated[int | None, typer.Option("--limit", "-n", min=1, help="At most N.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per line.")] = False,
) -> None:
    """List the meetings found: parties, round, date, place and the releases reporting each."""
    settings: Settings = ctx.obj.settings
    if not _archive_exists(settings):
        return
    with Store.open(settings.db) as store:
        events = store.events(limit=limit)
    for event in events:
        for line in [json_line(event_json(event))] if as_json else event_lines(event):
            typer.echo(line)
    if not events and not as_json:
        typer.echo("No events yet.")


def analyze_command(
    ctx: typer.Context,
    file: Annotated[str, typer.Argument(help="JSON lines to read; - for standard input.")] = "-",
) -> None:
    """Judge and extract releases given as JSON lines; print one JSON object per line."""
    rules = Rules.compile(ctx.obj.settings.analysis)
    failed = False
    for record in read_records(_lines(file)):
        if isinstance(record, RecordError):
            failed = True
            typer.echo(f"cyberwatch: {record}", err=True)
            typer.echo(refused_line(record))
            continue
        typer.echo(analysis_line(record.url, analyze_record(record, rules)))
    if failed:
        raise typer.Exit(EXIT_CONFIG)


def import_command(
    ctx: typer.Context,
    file: Annotated[str, typer.Argument(help="JSON lines to store; - for standard input.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the counts as JSON.")] = False,
) -> None:
    """Store releases given as JSON lines, as a poll would: judge, extract, find copies, events."""
    settings: Settings = ctx.obj.settings
    rules = Rules.compile(settings.analysis)
    with Store.open(settings.db) as store, progress.shown():
        done = import_records(read_records(_lines(file)), store, rules=rules, now=datetime.now(UTC))
    for error in done.errors:
        typer.echo(f"cyberwatch: {error}", err=True)
    typer.echo(json_line(import_json(done)) if as_json else import_line(done))
    if done.errors:
        raise typer.Exit(EXIT_CONFIG)


def _lines(file: str) -> Iterator[str]:
    if file == "-":
        yield from sys.stdin
        return
    try:
        with Path(file).open(encoding="utf-8") as f:
            yield from f
    except OSError as e:
        raise ConfigError(f"cannot read: {e.strerror}", path=file) from e


def _archive_exists(settings: Settings) -> bool:
    """Reading commands never create an archive: say so when there is none yet."""
    if settings.db.exists():
        return True
    typer.echo(f"No archive at {settings.db} yet: run `cyberwatch poll` first.", err=True)
    return False
