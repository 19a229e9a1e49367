"""The archive's commands: ``search`` (with its filters) and ``events`` read it; ``analyze``
judges releases given as JSON lines and ``import`` stores them."""

import os
import shutil
import sys
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, BinaryIO, NoReturn

import typer

from config import ConfigError, Settings
from config.publishers import read_publishers
from flows.cli.commands import options
from flows.cli.context import EXIT_CONFIG
from flows.cli.failures import require_archive
from flows.cli.output import search as search_output
from flows.cli.output import show
from flows.cli.output.archive import (
    analysis_line,
    event_json,
    event_lines,
    import_json,
    import_line,
    refused_line,
)
from flows.cli.output.formats import json_line
from flows.core import progress
from flows.core.party_names import display_names
from storage import Filters, ReleaseNotFound, Store


def search_command(
    ctx: typer.Context,
    query: Annotated[
        str,
        typer.Argument(help='Words to find (all of them); "a phrase", prefix*. Any text is safe.'),
    ],
    party: options.Party = None,
    topic: options.Topic = None,
    since: options.Since = None,
    until: options.Until = None,
    source: options.SourceName = None,
    kind: options.Kind = None,
    all_copies: options.AllCopies = False,
    sort: Annotated[
        options.SortChoice, typer.Option("--sort", help="Best match first, or newest first.")
    ] = options.SortChoice.rank,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="At most N results.")] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per line.")] = False,
    as_csv: Annotated[bool, typer.Option("--csv", help="CSV with a header line.")] = False,
    as_table: Annotated[bool, typer.Option("--table", help="A table, one row per hit.")] = False,
) -> None:
    """Search the archive: best matches first, with a snippet; filter by party, topic, date,
    source and kind."""
    settings: Settings = ctx.obj.settings
    if as_json + as_csv + as_table > 1:
        raise typer.BadParameter("choose one of --json, --csv and --table")
    filters = options.filters_of(party, topic, since, until, source, kind, all_copies)
    require_archive(settings)
    with Store.open(settings.db) as store:
        hits = store.search(
            query, filters=filters, sort=sort.value, limit=min(limit, options.LARGEST)
        )
    color = _color()
    if as_csv:
        typer.echo(search_output.hits_csv(hits, publishers(settings)), nl=False)
    elif as_json:
        issuers = publishers(settings)
        for hit in hits:
            typer.echo(json_line(search_output.hit_json(hit, issuers)))
    elif as_table and hits:
        names = display_names()  # the parties' headline names: only for a table
        typer.echo(search_output.hits_table(hits, names, color=color, width=_width()))
    else:
        for line in search_output.hit_lines(query, hits, color=color):
            typer.echo(line)


def show_command(
    ctx: typer.Context,
    what: Annotated[str, typer.Argument(help="A release's id or URL, or e<ID> for an event.")],
    diff: Annotated[bool, typer.Option("--diff", help="What each edit changed.")] = False,
) -> None:
    """Show one release (its facts, who published it, its event and earlier versions) or one
    event (e12)."""
    settings: Settings = ctx.obj.settings
    require_archive(settings)
    with Store.open(settings.db) as store:
        if (event_id := _event_id(what)) is not None:
            event = store.event(event_id)
            if event is None:
                _not_found(f"no event {what}")
            for line in show.event_show_lines(event):
                typer.echo(line)
            return
        number = _number(what)
        release_id = number if number is not None else store.release_id_of(what)
        if release_id is None:
            _not_found(f"no release {what}")
        try:
            release = store.release(release_id)
        except ReleaseNotFound:
            _not_found(f"no release {what}")
        (hit,) = store.listing(Filters(ids=(release_id,), all_copies=True))
        versions = store.versions(release_id)
        event = store.event_of(release_id)
        hit = replace(hit, copies=tuple(store.copies_of(release_id)))
    lines = (
        show.diff_lines(versions)
        if diff
        else show.release_lines(
            release, hit, event, versions, publishers(settings), display_names()
        )
    )
    for line in lines:
        typer.echo(line)


def _event_id(what: str) -> int | None:
    number = what.removeprefix("event:").removeprefix("e")
    return _number(number) if number != what else None


def _number(text: str) -> int | None:
    """``text`` as an id: ASCII digits (not ``²``), at most SQLite's largest integer."""
    if not (text.isascii() and text.isdigit()):
        return None
    return min(int(text), options.LARGEST)


def _not_found(message: str) -> NoReturn:
    typer.echo(f"cyberwatch: {message}", err=True)
    raise typer.Exit(EXIT_CONFIG)


def events_command(
    ctx: typer.Context,
    limit: Annotated[int | None, typer.Option("--limit", "-n", min=1, help="At most N.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per line.")] = False,
) -> None:
    """List the meetings found: parties, round, date, place and the releases reporting each."""
    settings: Settings = ctx.obj.settings
    require_archive(settings)
    with Store.open(settings.db) as store:
        events = store.events(limit=None if limit is None else min(limit, options.LARGEST))
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
    from flows.core.records import RecordError, analyze_record, read_records
    from scrapers.analysis import Rules

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
    from flows.core.judging import Judges
    from flows.core.records import import_records, read_records
    from scrapers.analysis import Rules

    settings: Settings = ctx.obj.settings
    rules = Rules.compile(settings.analysis)
    lines = _lines(file)  # a file that cannot be read is refused before the archive is opened
    judges = Judges(rules, workers=settings.poll.pool_workers)  # a pool once the input is long
    with Store.open(settings.db) as store, progress.shown(), judges:
        now = datetime.now(UTC)
        done = import_records(read_records(lines), store, rules=rules, now=now, judges=judges)
    for error in done.errors:
        typer.echo(f"cyberwatch: {error}", err=True)
    typer.echo(json_line(import_json(done)) if as_json else import_line(done))
    if done.errors:
        raise typer.Exit(EXIT_CONFIG)


def _lines(file: str) -> Iterator[bytes]:
    """The lines of ``file`` (``-``: standard input) as bytes, each decoded by
    ``read_records`` (a line that is not UTF-8 is a bad line); the file is opened now."""
    if file == "-":
        return _read(sys.stdin.buffer, "standard input")
    try:
        handle = Path(file).open("rb")  # noqa: SIM115 - closed by _read
    except OSError as e:
        raise ConfigError(f"cannot read: {e.strerror}", path=file) from e
    return _read(handle, file)


def _read(handle: BinaryIO, name: str) -> Iterator[bytes]:
    with handle:
        try:
            yield from handle
        except OSError as e:
            raise ConfigError(f"cannot read: {e.strerror}", path=name) from e


def publishers(settings: Settings) -> dict[str, str]:
    """Each source's issuing body, from the catalogue (checked by the CLI's start)."""
    return read_publishers(settings.sources)


def _color() -> bool:
    """Styles on a terminal only, and never with NO_COLOR set."""
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ


def _width() -> int | None:
    return shutil.get_terminal_size().columns if sys.stdout.isatty() else None
