"""What ``cyberwatch digest`` prints: a line per channel; for a dry run the plain text, and the
HTML written to ``--output`` (or a temporary file) whose path is printed, opened in a browser
with ``--preview``. Failures go to standard error."""

from __future__ import annotations

import json
import os
import tempfile
import webbrowser
from pathlib import Path

import typer

from flows.digest.outcome import ChannelOutcome, DigestReport


def html_path(outcome: ChannelOutcome, output: Path | None, *, several: bool) -> Path:
    """Where a dry run's HTML goes: ``output`` (``name-channel.html`` when several channels were
    rendered), else a new temporary file."""
    if output is not None:
        return (
            output.with_name(f"{output.stem}-{outcome.channel}{output.suffix}")
            if several
            else output
        )
    handle, name = tempfile.mkstemp(prefix=f"cyberwatch-digest-{outcome.channel}-", suffix=".html")
    os.close(handle)
    return Path(name)


def show(
    report: DigestReport,
    *,
    output: Path | None = None,
    preview: bool = False,
    as_json: bool = False,
) -> list[Path]:
    """Print the report; write (and with ``preview`` open) each dry run's HTML. Returns the
    HTML files written."""
    rendered = [o for o in report.outcomes if o.status == "dry-run"]
    written: list[Path] = []
    for outcome in report.outcomes:
        path: Path | None = None
        if outcome.status == "dry-run":
            path = html_path(outcome, output, several=len(rendered) > 1)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(outcome.html, encoding="utf-8")
            written.append(path)
        if as_json:
            typer.echo(json.dumps({**outcome.json(), "html": str(path) if path else None}))
        else:
            typer.echo(outcome.line(), err=outcome.failed)
            if path is not None:
                typer.echo(f"\n{outcome.text.rstrip()}\n\nHTML: {path}")
        if path is not None and preview:
            webbrowser.open(path.resolve().as_uri())
    if not report.outcomes and not as_json:
        typer.echo("No digest channel is configured: nothing sent.")
    return written
