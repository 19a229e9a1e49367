"""The running service's commands: ``digest`` sends the digests, ``status`` shows how
everything is doing, ``serve`` runs the schedules."""

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from flows.cli.context import EXIT_SOURCE_FAILED, Context
from flows.cli.failures import check_output
from storage import Store


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
    from flows.cli.output.digest import show
    from flows.digest.outbox import select_channels
    from flows.orchestration.run import run_digest, server_ahead

    context: Context = ctx.obj
    settings, verbose = context.settings, context.verbose
    if output is not None and not (dry_run or preview):
        raise typer.BadParameter("--output goes with --dry-run or --preview", param_hint="--output")
    dry = dry_run or preview
    if output is not None:
        check_output(output, settings, option="--output", makes_dirs=True)
    select_channels(settings, channel, dry_run=dry)  # refuse unknown names now
    with Store.open(settings.db):
        pass  # refuse an archive that cannot be used before the flow starts
    # Prefect's temporary server (when there is no API) comes up while Prefect is imported.
    with server_ahead(settings, verbose=verbose) as ahead:
        report = run_digest(settings, channel=channel, dry_run=dry, verbose=verbose, ahead=ahead)
    show(report, output=output, preview=preview, as_json=as_json)
    if report.failed:
        raise typer.Exit(EXIT_SOURCE_FAILED)


def status_command(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object.")] = False,
) -> None:
    """One screen: each source's health and next check, the last runs of each flow, pending
    digest items and the archive's size."""
    from flows.cli.output.status import dumps, render
    from flows.core.status import collect
    from flows.orchestration.server import find_api

    context: Context = ctx.obj
    runs = None
    api = find_api(context.settings)  # never a temporary server: status stays fast
    if api is not None:
        from flows.orchestration.run import read_runs

        runs = read_runs(context.settings, api, verbose=context.verbose)
    status = collect(context.settings, now=datetime.now(UTC), flow_runs=runs)
    typer.echo(dumps(status) if as_json else "\n".join(render(status)))


def serve_command(ctx: typer.Context) -> None:
    """Run the schedules until Ctrl-C: the poll of due sources every 5 minutes, the sources
    check and the digest daily (see [schedule]); starts a local Prefect server unless
    PREFECT_API_URL is set."""
    import logging

    from flows.orchestration.serve import LOG_FORMAT, serve

    context: Context = ctx.obj
    with Store.open(context.settings.db):
        pass  # refuse an archive that cannot be used before anything starts
    logging.basicConfig(level=logging.WARNING, format=LOG_FORMAT)
    code = serve(context.settings, config_file=context.config)
    if code:
        raise typer.Exit(code)
