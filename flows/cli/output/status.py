"""``cyberwatch status`` shown: lines for a terminal (``render``) or one JSON object (``dumps``,
a stable form scripts may rely on)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flows.cli.output.formats import iso, json_line
from flows.core.status import Status


def render(status: Status) -> list[str]:
    """The status as lines for a terminal."""
    names = [s.name if s.enabled else f"{s.name} (off)" for s in status.sources]
    width = max(map(len, names), default=6)
    lines = [
        f"Archive {status.db}: {_size(status.size)}, {status.releases} releases",
        "",
        f"{'SOURCE':<{width}}  {'HEALTH':<21} {'LAST SUCCESS':<16} {'FAILS':>5} {'30 DAYS':>7}"
        "  NEXT CHECK",
    ]
    for name, s in zip(names, status.sources, strict=True):
        lines.append(
            f"{name:<{width}}  {s.health:<21} {_when(s.last_success):<16} {s.failures:>5} "
            f"{s.recent:>7}  {_next(s.next_check, status.now) if s.enabled else '-'}"
        )
        if s.failing and s.last_error:
            lines.append(f"{'':<{width}}  last error {_when(s.last_error_at)}: {s.last_error}")
    lines.append("")
    known = status.flow_runs
    if known is None:
        lines.append("Flow runs: no Prefect server reachable (start `cyberwatch serve`).")
    elif not known.runs:
        lines.append(f"Flow runs ({known.api}): none yet.")
    else:
        lines.append(f"Flow runs ({known.api}):")
        for run in known.runs:
            took = f"  {run.seconds:.1f} s" if run.seconds is not None else ""
            state = "next" if run.scheduled else run.state
            lines.append(f"  {run.flow:<8} {_when(run.start):<17} {state:<10} {run.name}{took}")
    lines.append(f"Pending digest items: {_pending(status.pending)}")
    return lines


def to_json(status: Status) -> dict[str, Any]:
    """The stable JSON form (``status --json``)."""
    return {
        "now": status.now.isoformat(),
        "archive": {"path": str(status.db), "bytes": status.size, "releases": status.releases},
        "sources": [
            {
                "source": s.name,
                "enabled": s.enabled,
                "health": s.health,
                "failing": s.failing,
                "last_success": iso(s.last_success),
                "last_error": s.last_error,
                "last_error_at": iso(s.last_error_at),
                "failures": s.failures,
                "releases_30_days": s.recent,
                "next_check": iso(s.next_check),
            }
            for s in status.sources
        ],
        "prefect": status.flow_runs.api if status.flow_runs else None,
        "runs": [
            {
                "flow": r.flow,
                "name": r.name,
                "state": r.state,
                "start": iso(r.start),
                "seconds": r.seconds,
                "scheduled": r.scheduled,
            }
            for r in (status.flow_runs.runs if status.flow_runs else ())
        ],
        "pending_digest": status.pending,
    }


def dumps(status: Status) -> str:
    return json_line(to_json(status))


def _pending(pending: dict[str, int] | None) -> str:
    if pending is None:
        return "not known (a digest channel is misconfigured)"
    if not pending:
        return "no digest channel configured"
    return ", ".join(f"{name} {count}" for name, count in pending.items())


def _when(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else "never"


def _next(value: datetime | None, now: datetime) -> str:
    if value is None or value <= now:
        return "due now"
    seconds = int((value - now).total_seconds())
    minutes = seconds // 60
    if minutes < 1:
        wait = f"{seconds} s"
    elif minutes < 120:
        wait = f"{minutes} min"
    else:
        wait = f"{minutes // 60} h {minutes % 60} min"
    return f"in {wait} ({value.strftime('%H:%M')} UTC)"


def _size(size: int) -> str:
    value = float(size)
    for unit in ("B", "KB", "MB"):
        if value < 1024:
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} GB"
