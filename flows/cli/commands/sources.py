"""The source commands: ``sources`` lists them and their state, ``sources check`` tests them
live, ``backfill`` fills the archive with one's past releases."""

from datetime import UTC, datetime
from typing import Annotated

import typer

from config import Settings
from flows.cli.context import EXIT_SOURCE_FAILED
from flows.cli.output.formats import json_line
from flows.cli.output.sources import (
    backfill_json,
    backfill_line,
    check_json,
    check_line,
    source_json,
    source_lines,
)
from flows.core import progress
from storage import SourceState, Store

sources_app = typer.Typer(
    name="sources",
    help="List the sources and their state; `sources check` tests them live.",
    invoke_without_command=True,
    rich_markup_mode=None,  # plain help, as the root's (flows.cli.app)
)


@sources_app.callback()
def sources_command(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per line.")] = False,
) -> None:
    """List the configured sources and their state in the archive."""
    if ctx.invoked_subcommand is not None:
        return
    settings: Settings = ctx.obj.settings
    drift_after = settings.poll.drift_after
    from config import load_sources

    catalogue = load_sources(settings.sources)
    states: dict[str, SourceState] = {}
    if settings.db.exists():
        with Store.open(settings.db) as store:
            states = {s.name: s for s in store.source_states()}
    for source in catalogue:
        state = states.get(source.name)
        if as_json:
            typer.echo(json_line(source_json(source, state, drift_after=drift_after)))
            continue
        for line in source_lines(source, state, drift_after=drift_after):
            typer.echo(line)


@sources_app.command("check")
def sources_check_command(
    ctx: typer.Context,
    names: Annotated[
        list[str] | None,
        typer.Argument(help="Sources to check (default: every enabled one).", show_default=False),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per line.")] = False,
) -> None:
    """Fetch each source live and say whether it still works; exit 1 if one is broken.

    One line per source: ok or BROKEN, HTTP status, items parsed, newest item date, selectors
    matched. Nothing is stored; meant for cron or CI too."""
    import asyncio

    from config import load_sources
    from flows.core.check import check_sources  # the fetcher and the readers: only here
    from flows.core.selection import select_sources

    settings: Settings = ctx.obj.settings
    chosen = select_sources(load_sources(settings.sources), names)
    results = asyncio.run(check_sources(chosen, settings=settings))
    width = max((len(r.source) for r in results), default=0)
    for result in results:
        typer.echo(json_line(check_json(result)) if as_json else check_line(result, width=width))
    if any(r.broken for r in results):
        raise typer.Exit(EXIT_SOURCE_FAILED)


def backfill_command(
    ctx: typer.Context,
    source: Annotated[str, typer.Argument(help="The source whose archive to walk.")],
    since: Annotated[
        datetime, typer.Option("--since", formats=["%Y-%m-%d"], help="Oldest date wanted.")
    ],
    until: Annotated[
        datetime | None,
        typer.Option("--until", formats=["%Y-%m-%d"], help="Newest date wanted (default: today)."),
    ] = None,
    restart: Annotated[
        bool, typer.Option("--restart", help="Walk again from the first page.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Fill the archive with a source's releases from SINCE on, page by page, politely; run it
    again to continue where it stopped. Exit 1 when a page failed (progress is kept)."""
    import asyncio

    from config import load_sources
    from flows.core.backfill import run_backfill  # the fetcher and the readers: only here
    from flows.core.selection import select_sources

    settings: Settings = ctx.obj.settings
    (chosen,) = select_sources(load_sources(settings.sources), [source])
    with progress.shown():
        report = asyncio.run(
            run_backfill(
                chosen,
                settings=settings,
                since=since.date(),
                until=until.date() if until else None,
                restart=restart,
                now=datetime.now(UTC),
            )
        )
    typer.echo(
        json_line(backfill_json(report), ascii_only=True) if as_json else backfill_line(report)
    )
    if report.failed:
        raise typer.Exit(EXIT_SOURCE_FAILED)
