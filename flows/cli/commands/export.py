"""``cyberwatch export``: the releases a query keeps as JSON lines or CSV, or the dialogue events
they report as an Atom feed, to standard output or a file."""

import io
import sys
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from config import Settings
from flows.cli.commands import options
from flows.cli.commands.archive import publishers
from flows.cli.context import EXIT_CONFIG
from flows.cli.failures import check_output, require_archive
from flows.cli.output.formats import json_line
from flows.core.export import release_record, write_csv
from storage import Store


class ExportFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"
    atom = "atom"


def export_command(
    ctx: typer.Context,
    format_: Annotated[
        ExportFormat,
        typer.Option("--format", "-f", help="JSON lines or CSV of releases; Atom of the events."),
    ] = ExportFormat.jsonl,
    query: Annotated[
        str | None, typer.Option("--query", "-q", help="Only releases matching these words.")
    ] = None,
    party: options.Party = None,
    topic: options.Topic = None,
    since: options.Since = None,
    until: options.Until = None,
    source: options.SourceName = None,
    kind: options.Kind = None,
    all_copies: options.AllCopies = False,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here, not to standard output.")
    ] = None,
) -> None:
    """Export the archive with citations: releases as JSON lines or CSV, or the dialogue events
    as an Atom feed for a feed reader."""
    from flows.core.atom import dialogue_feed  # the parties' table: only for the feed

    settings: Settings = ctx.obj.settings
    filters = options.filters_of(party, topic, since, until, source, kind, all_copies)
    require_archive(settings)
    if output is not None:
        check_output(output, settings, option="--output")
    names = publishers(settings)
    out = io.StringIO()
    with Store.open(settings.db) as store:
        if format_ is ExportFormat.atom:
            out.write(dialogue_feed(store, filters, names, now=datetime.now(UTC)) + "\n")
        else:
            hits = (
                store.search(query, filters=filters, limit=None)
                if query
                else store.listing(filters)
            )
            records = (release_record(hit, names) for hit in hits)
            if format_ is ExportFormat.csv:
                write_csv(records, out)
            else:
                out.writelines(json_line(record) + "\n" for record in records)
    if output is None:
        sys.stdout.write(out.getvalue())
        return
    try:
        output.write_text(out.getvalue(), encoding="utf-8")
    except OSError as e:
        typer.echo(f"cyberwatch: cannot write {output}: {e.strerror}", err=True)
        raise typer.Exit(EXIT_CONFIG) from e
