"""``cyberwatch status``: one screen on how the monitor is doing, as data.

Each source (health, last success, last error, failures in a row, releases first seen in the last
30 days, next check), what the next digest holds, the archive's size, and the flow runs it is
given: the last runs of each flow and the next scheduled one, which the Prefect shell reads
(``flows.orchestration.runs``). ``flows.cli.output.status`` shows it as text or JSON.
"""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from config import ConfigError, Settings, Source, load_sources
from config.channels import configured_channels
from flows.core.health import health_label
from storage import SourceState, Store

RECENT = timedelta(days=30)


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
class FlowRuns:
    """The runs the Prefect server at ``api`` knows: the last ones of each flow, then its next."""

    api: str
    runs: tuple[FlowRun, ...]


@dataclass(frozen=True, slots=True)
class Status:
    now: datetime
    db: Path
    size: int  # bytes of the archive with its WAL
    releases: int
    sources: tuple[SourceStatus, ...]
    flow_runs: FlowRuns | None  # None: no Prefect server reachable
    pending: dict[str, int] | None  # per digest channel, items waiting (None: not known)


def collect(settings: Settings, *, now: datetime, flow_runs: FlowRuns | None) -> Status:
    """Everything ``status`` shows, with the ``flow_runs`` read from Prefect (None: none)."""
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
    return Status(
        now=now,
        db=settings.db,
        size=archive_size(settings.db),
        releases=releases,
        sources=tuple(
            source_status(s, states.get(s.name), counts.get(s.name, 0), settings=settings)
            for s in catalogue
        ),
        flow_runs=flow_runs,
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
