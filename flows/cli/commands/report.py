"""``cyberwatch report --html FILE``: the dialogues over time on one self-contained page."""

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from config import Settings
from flows.cli.context import EXIT_CONFIG
from flows.cli.failures import check_output, require_archive
from storage import Store


def report_command(
    ctx: typer.Context,
    html: Annotated[Path, typer.Option("--html", help="Write the page to this file.")],
) -> None:
    """Write one HTML page: a timeline of the dialogues per pair of parties (how often they
    meet, the last round, which series have gone quiet) and the recent events, with links."""
    from flows.core.report import render_report  # Jinja and the parties' table: only here
    from flows.core.timeline import timeline

    settings: Settings = ctx.obj.settings
    require_archive(settings)
    check_output(html, settings, option="--html")
    now = datetime.now(UTC)
    with Store.open(settings.db) as store:
        events = store.events()
    page = render_report(
        timeline(events, today=now.date()), generated=now, archive=settings.db.name
    )
    try:
        html.write_text(page, encoding="utf-8")
    except OSError as e:
        typer.echo(f"cyberwatch: cannot write {html}: {e.strerror}", err=True)
        raise typer.Exit(EXIT_CONFIG) from e
    typer.echo(str(html))
