"""The ``cyberwatch`` command: run flows on demand and search the archive.

Exit status: 0 success; 1 a poll in which at least one source failed (each is named on one
line with the reason); 2 a usage or configuration error; 3 the archive cannot be used; 4 the
Prefect server cannot be started or reached (``serve``); 130 interrupted (Ctrl-C).
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from config import ConfigError, Settings, load_settings, load_sources
from flows.core import logs, progress
from flows.core.health import health_label
from flows.core.results import PollReport
from flows.core.selection import select_sources
from flows.orchestration.server import ServerError, find_api, recorded_server
from scrapers.analysis import Rules
from storage import Release, SearchHit, SourceState, StorageError, Store

EXIT_SOURCE_FAILED = 1
EXIT_CONFIG = 2
EXIT_STORAGE = 3
EXIT_SERVER = 4
EXIT_INTERRUPTED = 130

app = typer.Typer(
    name="cyberwatch",
    help="Watch official sources for government cyber-dialogue releases.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@dataclass(frozen=True, slots=True)
class Context:
    settings: Settings
    verbose: bool
    config: Path | None = None  # --config, when given


@app.callback()
def options(
    ctx: typer.Context,
    config: Annotated[
        Path | None,
        typer.Option("--config", help="Settings file (default: ./cyberwatch.toml if present)."),
    ] = None,
    db: Annotated[
        Path | None, typer.Option("--db", help="Archive file [env: CYBERWATCH_DB].")
    ] = None,
    sources: Annotated[
        Path | None,
        typer.Option("--sources", help="Source catalogue [env: CYBERWATCH_SOURCES]."),
    ] = None,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Show Prefect's run logs.")
    ] = False,
) -> None:
    """Settings come from defaults < the TOML file < CYBERWATCH_* variables < these flags."""
    settings = load_settings(config_file=config, overrides={"db": db, "sources": sources})
    logs.install(settings)
    ctx.obj = Context(settings=settings, verbose=verbose, config=config)


@app.command("poll")
def poll_command(
    ctx: typer.Context,
    source: Annotated[
        list[str] | None,
        typer.Option("--source", "-s", help="Poll this source, due or not (repeat)."),
    ] = None,
    all_sources: Annotated[
        bool, typer.Option("--all", help="Poll every enabled source, due or not.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per line.")] = False,
) -> None:
    """Poll the sources that are due now (runs the Prefect flow `poll`); print what is new."""
    context: Context = ctx.obj
    select_sources(load_sources(context.settings.sources), source)  # refuse unknown names now
    report = _run_poll(context, names=source, all_sources=all_sources)
    _print_report(report, context.settings, as_json=as_json)
    if report.failed:
        raise typer.Exit(EXIT_SOURCE_FAILED)


@app.command("search")
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
    if as_json:
        for hit in hits:
            typer.echo(json.dumps(_hit_json(hit), ensure_ascii=False))
        return
    if not hits:
        typer.echo(f"No releases match {query!r}.")
        return
    for number, hit in enumerate(hits, 1):
        typer.echo(f"{number}. {hit.title}")
        typer.echo(f"   {_date(hit.published)}  {hit.source}  {hit.url}")
        if hit.snippet:
            typer.echo(f"   {hit.snippet}")


sources_app = typer.Typer(
    name="sources",
    help="List the sources and their state; `sources check` tests them live.",
    invoke_without_command=True,
)
app.add_typer(sources_app)


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
    catalogue = load_sources(settings.sources)
    states: dict[str, SourceState] = {}
    if settings.db.exists():
        with Store.open(settings.db) as store:
            states = {s.name: s for s in store.source_states()}
    for source in catalogue:
        state = states.get(source.name)
        if as_json:
            row: dict[str, Any] = {
                "name": source.name,
                "kind": source.kind,
                "url": source.url,
                "enabled": source.enabled,
                "publisher": source.publisher,
                "health": health_label(state, drift_after=drift_after),
            }
            if state is not None:
                row.update(
                    last_success=_iso(state.last_success),
                    last_error=state.last_error,
                    last_error_at=_iso(state.last_error_at),
                    consecutive_failures=state.consecutive_failures,
                    items_last_poll=state.items_last_poll,
                    drifting=state.drifting(after=drift_after),
                    empty_polls=state.empty_polls,
                    drift_since=_iso(state.drift_since),
                    drift_reason=state.drift_reason,
                )
            typer.echo(json.dumps(row, ensure_ascii=False))
            continue
        flag = "" if source.enabled else " (disabled)"
        typer.echo(f"{source.name}{flag}  [{source.kind}]  {source.url}")
        typer.echo(f"   {health_label(state, drift_after=drift_after)}{_state_line(state)}")


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
    from flows.core.check import check_sources, render_line, result_json

    settings: Settings = ctx.obj.settings
    chosen = select_sources(load_sources(settings.sources), names)
    results = asyncio.run(check_sources(chosen, settings=settings))
    width = max((len(r.source) for r in results), default=0)
    for result in results:
        if as_json:
            typer.echo(json.dumps(result_json(result), ensure_ascii=False))
        else:
            typer.echo(render_line(result, width=width))
    if any(r.broken for r in results):
        raise typer.Exit(EXIT_SOURCE_FAILED)


@app.command("backfill")
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
    from flows.core.backfill import report_json, report_line, run_backfill

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
    typer.echo(json.dumps(report_json(report)) if as_json else report_line(report))
    if report.failed:
        raise typer.Exit(EXIT_SOURCE_FAILED)


@app.command("demo")
def demo_command(
    ctx: typer.Context,
    keep: Annotated[
        bool, typer.Option("--keep", help="Keep the demo archive and print its path.")
    ] = False,
) -> None:
    """Serve the bundled fixture sites of every publisher on 127.0.0.1, poll them all, show what
    was found."""
    from flows.devtools.demo.server import (
        SITES_DIR,
        SOURCES_TEMPLATE,
        FixtureServer,
        render_sources,
    )

    context: Context = ctx.obj
    workdir = Path(tempfile.mkdtemp(prefix="cyberwatch-demo-"))
    with FixtureServer(SITES_DIR) as server:
        catalogue = render_sources(SOURCES_TEMPLATE, server.base_url, workdir / "sources.toml")
        settings = context.settings.model_copy(
            update={
                "db": workdir / "demo.db",
                "sources": catalogue,
                # Our own server: no pacing needed (robots.txt is still read and obeyed).
                "fetch": context.settings.fetch.model_copy(
                    update={"host_rates": {"127.0.0.1": 1000.0}}
                ),
            }
        )
        typer.echo(f"Serving fixture sites at {server.base_url}; archive {settings.db}")
        # Every fixture source, the disabled ones too: the demo shows each publisher.
        every = [source.name for source in load_sources(catalogue)]
        report = _run_poll(
            Context(settings=settings, verbose=context.verbose), names=every, all_sources=True
        )
    _print_report(report, settings, as_json=False)
    with Store.open(settings.db) as store:
        hits = store.search("Pall Mall", limit=3)
    typer.echo("\nTry a search - cyberwatch search 'Pall Mall':")
    for hit in hits:
        typer.echo(f"   {hit.title}  ({hit.source})\n   {hit.snippet}")
    if keep:
        typer.echo(f"\nKept: cyberwatch --db {settings.db} search 'cyber dialogue'")
    else:
        for path in sorted(workdir.iterdir()):
            path.unlink()
        workdir.rmdir()


@app.command("analyze")
def analyze_command(
    ctx: typer.Context,
    file: Annotated[str, typer.Argument(help="JSON lines to read; - for standard input.")] = "-",
) -> None:
    """Judge and extract releases given as JSON lines; print one JSON object per line."""
    from flows.core.records import RecordError, analysis_json, analyze_record, read_records

    rules = Rules.compile(ctx.obj.settings.analysis)
    failed = False
    for record in read_records(_lines(file)):
        if isinstance(record, RecordError):
            failed = True
            typer.echo(f"cyberwatch: {record}", err=True)
            typer.echo(json.dumps({"url": None, "error": str(record)}))
            continue
        out = analysis_json(record.url, analyze_record(record, rules))
        typer.echo(json.dumps(out, ensure_ascii=False))
    if failed:
        raise typer.Exit(EXIT_CONFIG)


@app.command("import")
def import_command(
    ctx: typer.Context,
    file: Annotated[str, typer.Argument(help="JSON lines to store; - for standard input.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the counts as JSON.")] = False,
) -> None:
    """Store releases given as JSON lines, as a poll would: judge, extract, find copies, events."""
    from flows.core.records import import_records, read_records

    settings: Settings = ctx.obj.settings
    rules = Rules.compile(settings.analysis)
    with Store.open(settings.db) as store, progress.shown():
        done = import_records(read_records(_lines(file)), store, rules=rules, now=datetime.now(UTC))
    for error in done.errors:
        typer.echo(f"cyberwatch: {error}", err=True)
    counts = {"new": done.new, "updated": done.updated, "unchanged": done.unchanged}
    if as_json:
        typer.echo(json.dumps({**counts, "errors": len(done.errors)}))
    else:
        typer.echo(f"{done.new} new, {done.updated} updated, {done.unchanged} unchanged"
                   f"{f', {len(done.errors)} lines refused' if done.errors else ''}")  # fmt: skip
    if done.errors:
        raise typer.Exit(EXIT_CONFIG)


@app.command("events")
def events_command(
    ctx: typer.Context,
    limit: Annotated[int | None, typer.Option("--limit", "-n", min=1, help="At most N.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per line.")] = False,
) -> None:
    """List the meetings found: parties, round, date, place and the releases reporting each."""
    from flows.core.records import event_json

    settings: Settings = ctx.obj.settings
    if not _archive_exists(settings):
        return
    with Store.open(settings.db) as store:
        events = store.events(limit=limit)
    for event in events:
        if as_json:
            typer.echo(json.dumps(event_json(event), ensure_ascii=False))
            continue
        held = event.held_on.isoformat() if event.held_on else "(date not known)"
        round_ = f"round {event.round}" if event.round is not None else "round not known"
        typer.echo(f"{held}  {'-'.join(event.parties)}  {round_}  {event.location or ''}".rstrip())
        if event.chairs:
            typer.echo(f"   chaired by {', '.join(event.chairs)}")
        for release in event.releases:
            flag = "official" if release.official else ""
            typer.echo(f"   {release.role:<8} {flag:<8} {release.source}  {release.url}")
    if not events and not as_json:
        typer.echo("No events yet.")


@app.command("digest")
def digest_command(
    ctx: typer.Context,
    channel: Annotated[
        str | None,
        typer.Option("--channel", "-c", help="Only this channel (email, slack or its name)."),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Render only: nothing is sent or marked delivered.")
    ] = False,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Dry run: the HTML here (default: a temporary file)."),
    ] = None,
    preview: Annotated[
        bool, typer.Option("--preview", help="Dry run, and open the HTML in a browser.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per line.")] = False,
) -> None:
    """Send each channel what is new since its last digest (runs the Prefect flow `digest`),
    exactly once. Exit 1 when a channel failed: its digest stays pending for the next run."""
    from flows.cli.digest_output import show
    from flows.digest.outbox import select_channels

    context: Context = ctx.obj
    if output is not None and not (dry_run or preview):
        raise typer.BadParameter("--output goes with --dry-run or --preview", param_hint="--output")
    dry = dry_run or preview
    select_channels(context.settings, channel, dry_run=dry)  # refuse unknown names now
    with _prefect_console(context.settings, verbose=context.verbose):
        from flows.orchestration.digest_flow import digest

        report = asyncio.run(digest(settings=context.settings, channel=channel, dry_run=dry))
    show(report, output=output, preview=preview, as_json=as_json)
    if report.failed:
        raise typer.Exit(EXIT_SOURCE_FAILED)


@app.command("status")
def status_command(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object.")] = False,
) -> None:
    """One screen: each source's health and next check, the last runs of each flow, pending
    digest items and the archive's size."""
    from flows.cli.output.status import dumps, render
    from flows.core.status import collect

    context: Context = ctx.obj
    runs = None
    api = find_api(context.settings)  # never an ephemeral server: status stays fast
    if api is not None:
        with _prefect_console(context.settings, verbose=context.verbose):
            from flows.orchestration.runs import flow_runs

            runs = flow_runs(api)
    status = collect(context.settings, now=datetime.now(UTC), flow_runs=runs)
    typer.echo(dumps(status) if as_json else "\n".join(render(status)))


@app.command("serve")
def serve_command(ctx: typer.Context) -> None:
    """Run the schedules until Ctrl-C: the poll every 30 minutes, the digest daily at 08:00
    (see [schedule]); starts a local Prefect server unless PREFECT_API_URL is set."""
    import logging

    from flows.orchestration.serve import LOG_FORMAT, serve

    context: Context = ctx.obj
    logging.basicConfig(level=logging.WARNING, format=LOG_FORMAT)
    code = serve(context.settings, config_file=context.config)
    if code:
        raise typer.Exit(code)


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


def _run_poll(context: Context, *, names: list[str] | None, all_sources: bool) -> PollReport:
    with _prefect_console(context.settings, verbose=context.verbose), progress.shown():
        from flows.orchestration.poll_flow import poll

        return asyncio.run(poll(settings=context.settings, sources=names, all_sources=all_sources))


@contextmanager
def _prefect_console(settings: Settings, *, verbose: bool) -> Iterator[None]:
    """Keep Prefect's own console logging quiet unless asked for; runs are still recorded, on
    the server of a running ``cyberwatch serve`` when there is one and PREFECT_API_URL is unset
    (else on a temporary one)."""
    defaults = dict(logs.PREFECT_DEFAULTS)
    if not verbose:
        defaults["PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL"] = "CRITICAL"
    if "PREFECT_API_URL" not in os.environ:
        served = recorded_server(settings)
        if served is not None:
            defaults["PREFECT_API_URL"] = served
    added = [k for k in defaults if k not in os.environ]
    for key in added:
        os.environ[key] = defaults[key]
    try:
        yield
    finally:
        for key in added:
            os.environ.pop(key, None)


def _print_report(report: PollReport, settings: Settings, *, as_json: bool) -> None:
    releases: list[Release] = []
    if report.new_ids:
        with Store.open(settings.db) as store:
            releases = [store.release(i) for i in report.new_ids]
    if as_json:
        for result in report.results:
            typer.echo(
                json.dumps(
                    {
                        "source": result.source,
                        "status": result.status,
                        "new": result.new,
                        "updated": result.updated,
                        "unchanged": result.unchanged,
                        "items": result.items,
                        "deferred": result.deferred,
                        "error": result.error,
                        "drift": result.drift,
                    }
                )
            )
        for release in releases:
            typer.echo(json.dumps(_release_json(release), ensure_ascii=False))
        return
    if report.not_due:
        soonest = report.next_due.strftime("%H:%M UTC") if report.next_due else "soon"
        typer.echo(
            f"{len(report.not_due)} sources not due yet (next check {soonest}); "
            "`cyberwatch poll --all` polls them now."
        )
    width = max((len(r.source) for r in report.results), default=0)
    for result in report.results:
        if result.failed:
            typer.echo(f"{result.source:<{width}}  {'FAILED':<12}  {result.error}")
            continue
        detail = (
            "no change since the last poll (304)"
            if result.not_modified
            else f"{result.new} new, {result.updated} updated, {result.unchanged} unchanged"
        )
        later = f", {result.deferred} left for the next poll" if result.deferred else ""
        if result.drift:
            later += f"; LAYOUT DRIFT? {result.drift}"
        typer.echo(f"{result.source:<{width}}  {result.status:<12}  {detail}{later}")
    if releases:
        relevant = sum(r.relevant for r in releases)
        typer.echo(f"\n{len(releases)} new releases, {relevant} marked as cyber dialogues (*):")
        oldest = datetime.min.replace(tzinfo=UTC)
        for release in sorted(
            releases, key=lambda r: (r.relevant, r.published or oldest), reverse=True
        ):
            mark = "*" if release.relevant else " "
            typer.echo(f" {mark} {_date(release.published)}  {release.title}  ({release.source})")
            typer.echo(f"   {' ' * 10}  {release.url}")
    else:
        typer.echo("\nNothing new.")


def _state_line(state: SourceState | None) -> str:
    if state is None or state.last_attempt is None:
        return ""
    parts = [f"last success {_iso(state.last_success) or 'never'}"]
    if state.items_last_poll is not None:
        parts.append(f"{state.items_last_poll} items listed")
    if state.consecutive_failures and state.last_error:
        parts.append(f"last error: {state.last_error}")
    if state.empty_polls and state.drift_reason:
        parts.append(f"last poll: {state.drift_reason}")
    return "; " + "; ".join(parts)


def _hit_json(hit: SearchHit) -> dict[str, Any]:
    return {
        "id": hit.id,
        "title": hit.title,
        "url": hit.url,
        "source": hit.source,
        "published": _iso(hit.published),
        "snippet": hit.snippet,
        "rank": hit.rank,
    }


def _release_json(release: Release) -> dict[str, Any]:
    return {
        "id": release.id,
        "source": release.source,
        "title": release.title,
        "url": release.url,
        "published": _iso(release.published),
        "relevant": release.relevant,
        "score": release.score,
        "reasons": list(release.reasons),
    }


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _date(value: datetime | None) -> str:
    return value.date().isoformat() if value else "(no date)"


def main() -> None:
    """Entry point: configuration and archive errors become one line and an exit status."""
    try:
        app()
    except ConfigError as e:
        typer.echo(f"cyberwatch: configuration error: {e}", err=True)
        sys.exit(EXIT_CONFIG)
    except StorageError as e:
        typer.echo(f"cyberwatch: archive error: {e}", err=True)
        sys.exit(EXIT_STORAGE)
    except ServerError as e:
        typer.echo(f"cyberwatch: Prefect server error: {e}", err=True)
        sys.exit(EXIT_SERVER)
    except KeyboardInterrupt:
        typer.echo("cyberwatch: interrupted", err=True)
        sys.exit(EXIT_INTERRUPTED)
