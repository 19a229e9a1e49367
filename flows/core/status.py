"""``cyberwatch status``: one screen on how the monitor is doing.

Each source (health, last success, last error, failures in a row, releases first seen in the last
30 days, next check), the last runs of each flow and the next scheduled one (from the Prefect
API: ``PREFECT_API_URL``, else the local server of a running ``cyberwatch serve``; never an
ephemeral server, so this stays fast), what the next digest holds, and the archive's size.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

from config import ConfigError, Settings, Source, load_sources
from flows.core.health import health_label
from flows.digest.subscription import configured_channels
from flows.orchestration.server import recorded_server
from storage import SourceState, Store

RECENT = timedelta(days=30)
FLOWS = ("poll", "digest")
RUNS_SHOWN = 3
API_TIMEOUT = 3.0


@dataclass(frozen=True, slots=True)
class SourceStatus:
    name: str
    enabled: bool
    health: str  # "ok", "never polled", "FAILING (n in a row)", "LAYOUT DRIFT? (...)"
    failing: bool
    last_success: datetime | None
    last_error: str | None
    last_error_at: datetime | None
    failures: int
    recent: int  # releases first seen in the last 30 days
    next_check: datetime | None  # None: due now


@dataclass(frozen=True, slots=True)
class FlowRun:
    flow: str
    name: str
    state: str
    start: datetime | None  # when it started, or was expected to
    seconds: float | None  # how long it ran
    scheduled: bool = False  # a future run, not one that happened


@dataclass(frozen=True, slots=True)
class Status:
    now: datetime
    db: Path
    size: int  # bytes of the archive with its WAL
    releases: int
    sources: tuple[SourceStatus, ...]
    prefect: str | None  # the API the runs come from, or None: no server reachable
    runs: tuple[FlowRun, ...]
    pending: dict[str, int] | None  # per digest channel, items waiting (None: not known)


def collect(settings: Settings, *, now: datetime, api_url: str | None = None) -> Status:
    """Everything ``status`` shows; ``api_url`` overrides how the Prefect server is found."""
    catalogue = load_sources(settings.sources)
    states: dict[str, SourceState] = {}
    counts: dict[str, int] = {}
    releases = 0
    pending: dict[str, int] | None = None
    if settings.db.exists():
        with Store.open(settings.db) as store:
            states = {s.name: s for s in store.source_states()}
            counts = store.releases_by_source(since=now - RECENT)
            releases = store.count_releases()
            pending = pending_digest(store, settings, now=now)
    api = api_url or find_api(settings)
    runs = flow_runs(api) if api else None
    return Status(
        now=now,
        db=settings.db,
        size=archive_size(settings.db),
        releases=releases,
        sources=tuple(
            source_status(s, states.get(s.name), counts.get(s.name, 0), settings=settings)
            for s in catalogue
        ),
        prefect=api if runs is not None else None,
        runs=runs or (),
        pending=pending,
    )


def pending_digest(store: Store, settings: Settings, *, now: datetime) -> dict[str, int] | None:
    """For each digest channel, the items (events and other cyber releases) waiting for it: in
    a digest composed but not accepted yet, or new since its last digest (before its filters).
    None when the channels are not configured right (the digest says why)."""
    try:
        channels = configured_channels(settings)
    except ConfigError:
        return None
    window = timedelta(days=settings.digest.first_window_days)
    waiting: dict[str, int] = {}
    for channel in channels:
        composed = store.pending_digest(channel.name)
        since = store.channel_cursor(channel.name) or now - window
        new = store.digest_candidates(channel.name, since=since)
        waiting[channel.name] = (composed.items if composed else 0) + len(new.events)
        waiting[channel.name] += len(new.releases)
    return waiting


def find_api(settings: Settings) -> str | None:
    """PREFECT_API_URL from the environment, else the server of a running ``cyberwatch serve``."""
    return os.environ.get("PREFECT_API_URL") or recorded_server(settings)


def source_status(
    source: Source, state: SourceState | None, recent: int, *, settings: Settings
) -> SourceStatus:
    state = state or SourceState(name=source.name)
    return SourceStatus(
        name=source.name,
        enabled=source.enabled,
        health=health_label(state, drift_after=settings.poll.drift_after),
        failing=state.failing,
        last_success=state.last_success,
        last_error=state.last_error,
        last_error_at=state.last_error_at,
        failures=state.consecutive_failures,
        recent=recent,
        next_check=state.next_check,
    )


def archive_size(db: Path) -> int:
    total = 0
    for path in (db, db.with_name(db.name + "-wal")):
        with suppress(OSError):
            total += path.stat().st_size
    return total


def flow_runs(
    api_url: str, flows: Sequence[str] = FLOWS, *, last: int = RUNS_SHOWN
) -> tuple[FlowRun, ...] | None:
    """The ``last`` runs (and the next scheduled one) of each flow; None when the server does
    not answer."""
    try:
        with httpx.Client(base_url=api_url.rstrip("/") + "/", timeout=API_TIMEOUT) as client:
            found = _post(client, "flows/filter", {"flows": {"name": {"any_": list(flows)}}})
            names = {f["id"]: f["name"] for f in found}
            runs: list[FlowRun] = []
            for flow_id, name in sorted(names.items(), key=lambda pair: flows.index(pair[1])):
                done = _post(client, "flow_runs/filter", _query(flow_id, past=True, limit=last))
                later = _post(client, "flow_runs/filter", _query(flow_id, past=False, limit=1))
                runs += [_run(name, r) for r in done]
                runs += [_run(name, r, scheduled=True) for r in later[:1]]
    except (httpx.HTTPError, ValueError, KeyError, TypeError):
        return None
    return tuple(runs)


def _query(flow_id: str, *, past: bool, limit: int) -> dict[str, Any]:
    types = {"not_any_" if past else "any_": ["SCHEDULED"]}
    return {
        "flows": {"id": {"any_": [flow_id]}},
        "flow_runs": {"state": {"type": types}},
        "sort": "START_TIME_DESC" if past else "EXPECTED_START_TIME_ASC",
        "limit": limit,
    }


def _post(client: httpx.Client, path: str, body: Mapping[str, Any]) -> list[dict[str, Any]]:
    response = client.post(path, json=body)
    response.raise_for_status()
    data = response.json()
    if not isinstance(data, list):
        raise ValueError(f"unexpected answer from {path}")
    return data


def _run(flow: str, data: Mapping[str, Any], *, scheduled: bool = False) -> FlowRun:
    stamp = data.get("start_time") or data.get("expected_start_time")
    seconds = data.get("total_run_time")
    return FlowRun(
        flow=flow,
        name=str(data.get("name", "")),
        state=str(data.get("state_name") or data.get("state_type") or "?"),
        start=datetime.fromisoformat(stamp).astimezone(UTC) if stamp else None,
        seconds=float(seconds) if seconds and not scheduled else None,
        scheduled=scheduled,
    )


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
    if status.prefect is None:
        lines.append("Flow runs: no Prefect server reachable (start `cyberwatch serve`).")
    elif not status.runs:
        lines.append(f"Flow runs ({status.prefect}): none yet.")
    else:
        lines.append(f"Flow runs ({status.prefect}):")
        for run in status.runs:
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
                "last_success": _iso(s.last_success),
                "last_error": s.last_error,
                "last_error_at": _iso(s.last_error_at),
                "failures": s.failures,
                "releases_30_days": s.recent,
                "next_check": _iso(s.next_check),
            }
            for s in status.sources
        ],
        "prefect": status.prefect,
        "runs": [
            {
                "flow": r.flow,
                "name": r.name,
                "state": r.state,
                "start": _iso(r.start),
                "seconds": r.seconds,
                "scheduled": r.scheduled,
            }
            for r in status.runs
        ],
        "pending_digest": status.pending,
    }


def dumps(status: Status) -> str:
    return json.dumps(to_json(status), ensure_ascii=False)


def _pending(pending: dict[str, int] | None) -> str:
    if pending is None:
        return "not known (a digest channel is misconfigured)"
    if not pending:
        return "no digest channel configured"
    return ", ".join(f"{name} {count}" for name, count in pending.items())


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


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
