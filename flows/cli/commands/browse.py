"""``cyberwatch browse``: the archive in Datasette (the optional extra ``cyberwatch[browse]``),
read-only, with search, facets and canned queries (``flows.core.browse``)."""

import importlib.util
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Annotated

import typer

from config import Settings
from flows.cli.context import EXIT_CONFIG
from flows.cli.failures import require_archive
from flows.core.browse import metadata
from storage import Store

INSTALL_HINT = "Datasette is not installed: pip install 'cyberwatch[browse]'"


def browse_command(
    ctx: typer.Context,
    port: Annotated[
        int, typer.Option("--port", "-p", min=0, max=65535, help="0: any free port.")
    ] = 8001,
    host: Annotated[str, typer.Option("--host", help="Listen here (the local machine only).")] = (
        "127.0.0.1"
    ),
    open_browser: Annotated[
        bool, typer.Option("--open/--no-open", help="Open it in a web browser.")
    ] = True,
) -> None:
    """Browse the archive in Datasette until Ctrl-C: full-text search, facets on parties,
    topics, source and year, and canned queries. Read-only: a running poll is never blocked."""
    settings: Settings = ctx.obj.settings
    if importlib.util.find_spec("datasette") is None:
        typer.echo(f"cyberwatch: {INSTALL_HINT}", err=True)
        raise typer.Exit(EXIT_CONFIG)
    require_archive(settings)
    with Store.open(settings.db):
        pass  # an archive from an older cyberwatch gets the current schema, as any command does
    with tempfile.TemporaryDirectory(prefix="cyberwatch-browse-") as scratch:
        meta = Path(scratch) / "metadata.json"
        meta.write_text(json.dumps(metadata(settings.db.stem)), encoding="utf-8")
        command = [
            sys.executable, "-m", "datasette", "serve", str(settings.db),
            "--metadata", str(meta), "--host", host, "--port", str(port),
            "--setting", "sql_time_limit_ms", "5000",
            *(["--open"] if open_browser else []),
        ]  # fmt: skip
        typer.echo(f"Browsing {settings.db} read-only with Datasette; Ctrl-C to stop.", err=True)
        try:
            done = subprocess.run(command, check=False)
        except KeyboardInterrupt:
            return
    if done.returncode not in (0, -2, 130):
        raise typer.Exit(done.returncode)
