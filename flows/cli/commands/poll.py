"""``cyberwatch poll`` and ``cyberwatch demo``: run the ``poll`` flow and show what is new."""

import tempfile
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from config import Settings
from flows.cli.context import EXIT_SOURCE_FAILED, Context
from flows.core import progress
from storage import Store

if TYPE_CHECKING:  # a poll's modules load when a poll runs, not for every command
    from flows.core.results import PollReport
    from flows.orchestration.server import Starting


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
    from config import load_sources
    from flows.core.selection import select_sources
    from flows.orchestration.run import server_ahead

    context: Context = ctx.obj
    settings, verbose = context.settings, context.verbose
    # Prefect's temporary server (when there is no API) starts first: it comes up meanwhile.
    with server_ahead(settings, verbose=verbose) as ahead:
        # A broken catalogue is refused here, not before (READ_THE_CATALOGUE_FIRST); unknown
        # names too.
        select_sources(load_sources(settings.sources), source)
        with Store.open(settings.db):
            pass  # refuse an archive that cannot be used before the flow starts
        report = _poll(
            settings, names=source, all_sources=all_sources, verbose=verbose, ahead=ahead
        )
    _print_report(report, context.settings, as_json=as_json)
    if report.failed:
        raise typer.Exit(EXIT_SOURCE_FAILED)


def demo_command(
    ctx: typer.Context,
    keep: Annotated[
        bool, typer.Option("--keep", help="Keep the demo archive and print its path.")
    ] = False,
) -> None:
    """Serve the bundled fixture sites of every publisher on 127.0.0.1, poll them all, show what
    was found."""
    from config import load_sources
    from flows.cli.output.poll import demo_search_lines
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
        report = _poll(settings, names=every, all_sources=True, verbose=context.verbose)
    _print_report(report, settings, as_json=False)
    with Store.open(settings.db) as store:
        hits = store.search("Pall Mall", limit=3)
    for line in demo_search_lines(hits):
        typer.echo(line)
    if keep:
        typer.echo(f"\nKept: cyberwatch --db {settings.db} search 'cyber dialogue'")
    else:
        for path in sorted(workdir.iterdir()):
            path.unlink()
        workdir.rmdir()


def _poll(
    settings: Settings,
    *,
    names: list[str] | None,
    all_sources: bool,
    verbose: bool,
    ahead: "Starting | None" = None,
) -> "PollReport":
    from flows.orchestration.run import run_poll  # Prefect's shell: only for a poll

    with progress.shown():
        return run_poll(
            settings, names=names, all_sources=all_sources, verbose=verbose, ahead=ahead
        )


def _print_report(report: "PollReport", settings: Settings, *, as_json: bool) -> None:
    """The report, with the new releases read from the archive: one at a time for ``--json``
    (a first poll's 20,000 releases held at once took 50 MB), all together for the text
    report, which sorts them."""
    from flows.cli.output.poll import report_json_lines, report_lines

    with ExitStack() as stack:
        store = stack.enter_context(Store.open(settings.db)) if report.new_ids else None
        read = (store.release(i) for i in report.new_ids) if store else iter(())
        lines = report_json_lines(report, read) if as_json else report_lines(report, list(read))
        for line in lines:
            typer.echo(line)
