"""What ``cyberwatch digest`` prints: a line per channel (``ChannelOutcome.line``, which the
flow's log says too), or with ``--json`` an object per channel; for a dry run the plain text,
and the HTML written to ``--output`` (or a temporary file) whose path is printed, opened in a
browser with ``--preview``. Failures go to standard error."""

from __future__ import annotations

import os
import tempfile
import webbrowser
from pathlib import Path
from typing import Any

import typer

from flows.cli.output.formats import iso, json_line
from flows.digest.outcome import ChannelOutcome, DigestReport


def outcome_json(outcome: ChannelOutcome, *, html: Path | None = None) -> dict[str, Any]:
    """The JSON object of one channel's digest; ``html``: where a dry run wrote its HTML."""
    return {
        "channel": outcome.channel,
        "kind": outcome.kind,
        "status": outcome.status,
        "events": outcome.events,
        "releases": outcome.releases,
        "key": outcome.key,
        "created_at": iso(outcome.created_at),
        "attempts": outcome.attempts,
        "resent": outcome.resent,
        "message_id": outcome.message_id,
        "error": outcome.error,
        "subject": outcome.subject,
        "html": str(html) if html else None,
    }


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
            typer.echo(json_line(outcome_json(outcome, html=path), ascii_only=True))
        else:
            typer.echo(outcome.line(), err=outcome.failed)
            if path is not None:
                typer.echo(f"\n{outcome.text.rstrip()}\n\nHTML: {path}")
        if path is not None and preview:
            webbrowser.open(path.resolve().as_uri())
    if not report.outcomes and not as_json:
        typer.echo("No digest channel is configured: nothing sent.")
    return written
