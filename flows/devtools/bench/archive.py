"""The archive's figures: import throughput, search latency, bytes per release, digest rendering.

    python -m flows.devtools.bench.archive --count 100000

Imports ``count`` synthetic releases (``imports.releases``) through ``cyberwatch import``'s path
into a fresh archive (with its judging workers, ``[poll] workers``: one pool for the whole
import), then times typical searches on it, measures the file per release beyond the releases'
own text, and renders a digest of 500 events (HTML, text and Slack blocks).
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from config import Settings
from flows.core.judging import Judges
from flows.core.records import import_records
from flows.devtools.bench.bytecode import compile_modules
from flows.devtools.bench.imports import releases
from flows.devtools.bench.percentiles import p95
from flows.digest.blocks import render_slack
from flows.digest.render import render_html, render_text
from flows.digest.sample import sample_digest, seed_event
from scrapers.analysis import Rules
from storage import Store

QUERIES = (
    "cyber dialogue",
    "ransomware",
    "Pall Mall Process",
    "Republic of Korea",
    "critical infrastructure protection",
    "Tallinn",
    "U.S.-Japan",
)
BATCH = 1000  # releases per import call


@dataclass(frozen=True, slots=True)
class ArchiveFigures:
    releases: int
    import_per_second: float
    import_ms_first: float  # ms per release over the first tenth of the import
    import_ms_last: float  # ... and over the last tenth
    search_p50_ms: float
    search_p95_ms: float
    bytes_per_release: float  # the file, less the releases' titles and texts
    digest_ms: float  # rendering a digest of 500 events


def measure(count: int, db: Path) -> ArchiveFigures:
    """Every figure, on a fresh archive of ``count`` releases at ``db``."""
    settings = Settings(db=db)
    rules = Rules.compile(settings.analysis)
    now = datetime(2026, 1, 1, tzinfo=UTC)
    tenth = max(count // 10, 1)
    chunk = min(BATCH, tenth)
    marks: list[float] = []
    with Store.open(db) as store, Judges(rules, workers=settings.poll.pool_workers) as judges:
        started = time.perf_counter()
        pending = []
        for number, record in enumerate(releases(count), 1):
            pending.append(record)
            if len(pending) == chunk or number % tenth == 0 or number == count:
                import_records(pending, store, rules=rules, now=now, judges=judges)
                pending = []
            if number % tenth == 0:
                marks.append(time.perf_counter())
        total = time.perf_counter() - started
        edges = [started, *marks]
        first = (edges[1] - edges[0]) * 1000 / tenth
        last = (edges[-1] - edges[-2]) * 1000 / tenth
        latencies = _search_latencies(store)
        stored = store.count_releases()
    connection = sqlite3.connect(db)
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        text = connection.execute(
            "SELECT sum(length(CAST(title AS BLOB)) + length(CAST(body AS BLOB))) FROM releases"
        ).fetchone()[0]
    finally:
        connection.close()
    size = db.stat().st_size
    return ArchiveFigures(
        releases=stored,
        import_per_second=count / total,
        import_ms_first=first,
        import_ms_last=last,
        search_p50_ms=statistics.median(latencies),
        search_p95_ms=p95(latencies),
        bytes_per_release=(size - (text or 0)) / max(stored, 1),
        digest_ms=_digest_ms(),
    )


def _search_latencies(store: Store, rounds: int = 10) -> list[float]:
    latencies = []
    for _ in range(rounds):
        for query in QUERIES:
            started = time.perf_counter()
            store.search(query, limit=10)
            latencies.append((time.perf_counter() - started) * 1000)
    return latencies


def _digest_ms(events: int = 500) -> float:
    digest = sample_digest()
    digest = replace(digest, events=tuple(seed_event() for _ in range(events)))
    started = time.perf_counter()
    render_html(digest)
    render_text(digest)
    render_slack(digest)
    return (time.perf_counter() - started) * 1000


def table(figures: Sequence[ArchiveFigures]) -> list[str]:
    """A Markdown table, one row per archive size."""
    lines = [
        "| releases | import /s | ms per release, first tenth | last tenth | search p50 ms "
        "| p95 ms | bytes per release beyond text | digest of 500 events ms |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for f in figures:
        lines.append(
            f"| {f.releases:,} | {f.import_per_second:,.0f} | {f.import_ms_first:.2f} "
            f"| {f.import_ms_last:.2f} | {f.search_p50_ms:.1f} | {f.search_p95_ms:.1f} "
            f"| {f.bytes_per_release:,.0f} | {f.digest_ms:.0f} |"
        )
    return lines


def run(counts: Sequence[int]) -> list[str]:
    """The table for archives of each of ``counts`` releases (temporary files)."""
    compile_modules()  # the judging workers' imports
    figures = []
    for count in counts:
        with tempfile.TemporaryDirectory(prefix="cyberwatch-bench-") as tmp:
            figures.append(measure(count, Path(tmp) / "archive.db"))
    return table(figures)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Import, search, size and digest figures.")
    parser.add_argument("--count", type=int, action="append", help="releases (repeat)")
    args = parser.parse_args(argv)
    for line in run(args.count or [10_000]):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
