"""The archive at 100,000 and 1,000,000 releases: search latency, size, and the cost of
importing more.

    python -m flows.devtools.bench.scale --count 100000 --count 1000000

Importing a million releases through the analysis would take hours here, so the large archive
is made in bulk: ``--seed`` synthetic releases (``imports.releases``) are imported through
``cyberwatch import``'s path, then their rows are copied in SQL until the archive holds
``count`` releases. Each copy gets its own id and URL, its dates shifted by a day per copy,
its LSH band keys shifted so they are distinct keys, and its text indexed by the FTS triggers
like any release; copies keep the seed's analysis columns (parties, topics, kind) and join no
event. The text repeats, so the index holds ``count`` documents over the seed's vocabulary:
common words have ``count``-long posting lists, which is what makes a search dear.

Printed, for each size: the bulk build's time; the file per release beyond the releases' own
text; each typical search's p50 and p95 over ``ROUNDS`` runs (and its p95 in CPU time), a page
of 10 hits without and with filters (the query's own matches, then kept by filter: all of them,
though a page ranks only the newest ``storage.search.WINDOW``); and the cost per release of
importing ``--more`` further releases (a different seed) through the real path into that
archive.
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
from datetime import UTC, date, datetime
from pathlib import Path

from config import Settings
from flows.core.records import import_records
from flows.devtools.bench.imports import releases
from flows.devtools.bench.percentiles import p95
from scrapers.analysis import Rules
from storage import Filters, Store

ROUNDS = 40  # runs of each search: its p95 lies between the second and third slowest
SEARCHES: tuple[tuple[str, str, Filters], ...] = (
    ("cyber dialogue", "none", Filters()),
    ("Pall Mall Process", "none", Filters()),
    ("U.S.-Japan", "none", Filters()),
    ("Tallinn", "none", Filters()),
    ("cyber dialogue", "parties KR GB", Filters(parties=("KR", "GB"))),
    ("ransomware", "kind dialogue, 2020", Filters(kind="dialogue", since=date(2020, 1, 1),
                                                  until=date(2020, 12, 31))),
    ("capacity building", "topic ransomware", Filters(topics=("ransomware",))),
)  # fmt: skip
BUILD_CACHE_KIB = 1 << 20
COMMIT_ROWS = 50_000  # copies written per transaction
_SKIPPED = {"id", "year", "canonical_url", "url", "published", "first_seen", "last_seen", "copy_of"}


@dataclass(frozen=True, slots=True)
class SearchFigure:
    query: str
    filters: str
    hits: int  # what the query keeps, copies folded (limit 10 shown: these are all of them)
    p50_ms: float
    p95_ms: float
    cpu_p95_ms: float  # this process's CPU time: what a busy machine does not inflate


@dataclass(frozen=True, slots=True)
class ScaleFigures:
    releases: int
    build_s: float
    bytes_per_release: float
    searches: tuple[SearchFigure, ...]
    import_ms: float  # per release, importing ``more`` releases into the archive (wall)
    import_cpu_ms: float  # ... its CPU time (this process)


def build(db: Path, count: int, seed: int) -> float:
    """Make or grow the archive at ``db`` to ``count`` releases: ``seed`` imported when it is
    new, the rest copies of those in bulk; the seconds it took."""
    started = time.perf_counter()
    rules = Rules.compile(Settings(db=db).analysis)
    with Store.open(db) as store:
        if not store.count_releases():
            now = datetime(2026, 1, 1, tzinfo=UTC)
            import_records(releases(seed), store, rules=rules, now=now)
    connection = sqlite3.connect(db)
    try:
        # A throwaway archive: no fsync, and a cache (up to 1 GiB) that holds the indexes being
        # grown, so each copy's index entries are written once per commit, not read back first.
        connection.execute("PRAGMA synchronous = OFF")
        connection.execute(f"PRAGMA cache_size = -{BUILD_CACHE_KIB}")
        _copy_seed(connection, count, seed)
    finally:
        connection.close()
    return time.perf_counter() - started


def _copy_seed(connection: sqlite3.Connection, count: int, seed: int) -> None:
    """Copy the seed's rows (ids 1 to ``seed``) and their bands until ``count`` releases."""
    columns = [row[1] for row in connection.execute("PRAGMA table_info(releases)")]
    kept = ", ".join(c for c in columns if c not in _SKIPPED)
    connection.execute(
        "CREATE TEMP TABLE seed_bands AS "
        f"SELECT band, release_id FROM release_bands WHERE release_id <= {seed} "
        f"UNION SELECT band, release_id FROM release_bands_recent WHERE release_id <= {seed}"
    )
    stored = connection.execute("SELECT count(*) FROM releases").fetchone()[0]
    pending = 0
    while stored < count:
        rows = min(seed, count - stored)
        offset = connection.execute("SELECT max(id) FROM releases").fetchone()[0]
        copy = stored // seed  # its dates a day later each copy; its URLs end in its offset
        connection.execute(
            f"""
            INSERT INTO releases (id, url, canonical_url, published, first_seen, last_seen,
                                  copy_of, {kept})
            SELECT id + {offset}, url || '?copy={offset}', canonical_url || '?copy={offset}',
                   strftime('%Y-%m-%dT%H:%M:%f000+00:00', published, '+{copy} days'),
                   first_seen, last_seen, copy_of + {offset}, {kept}
            FROM releases WHERE id <= {rows}
            """
        )
        connection.execute(
            f"""
            INSERT OR IGNORE INTO release_bands (band, release_id)
            SELECT (band % 4611686018427387904) + {copy} * 1000003, release_id + {offset}
            FROM temp.seed_bands WHERE release_id <= {rows}
            """
        )
        stored, pending = stored + rows, pending + rows
        if pending >= COMMIT_ROWS or stored >= count:
            connection.commit()
            pending = 0
    connection.execute("DROP TABLE temp.seed_bands")


def measure(db: Path, *, more: int) -> tuple[float, tuple[SearchFigure, ...], float, float]:
    """Bytes per release beyond text, the searches, and the import cost of ``more`` releases."""
    connection = sqlite3.connect(db)
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        stored, text = connection.execute(
            "SELECT count(*), sum(length(CAST(title AS BLOB)) + length(CAST(body AS BLOB))) "
            "FROM releases"
        ).fetchone()
    finally:
        connection.close()
    size = (db.stat().st_size - text) / stored
    figures = []
    with Store.open(db) as store:
        for query, label, filters in SEARCHES:
            latencies, cpu_times = [], []
            for _ in range(ROUNDS):
                started, cpu = time.perf_counter(), time.process_time()
                store.search(query, filters=filters, limit=10)
                latencies.append((time.perf_counter() - started) * 1000)
                cpu_times.append((time.process_time() - cpu) * 1000)
            hits = len(store.search(query, filters=filters, limit=None))
            figures.append(
                SearchFigure(
                    query,
                    label,
                    hits,
                    statistics.median(latencies),
                    p95(latencies),
                    p95(cpu_times),
                )
            )
        rules = Rules.compile(Settings(db=db).analysis)
        started, cpu = time.perf_counter(), time.process_time()
        fresh = (
            replace(r, url=f"https://more.example/{stored}/{r.line}")
            for r in releases(more, seed=11)
        )
        import_records(fresh, store, rules=rules, now=datetime(2026, 2, 1, tzinfo=UTC))
        import_ms = (time.perf_counter() - started) * 1000 / more
        import_cpu_ms = (time.process_time() - cpu) * 1000 / more
    return size, tuple(figures), import_ms, import_cpu_ms


def table(figures: Sequence[ScaleFigures]) -> list[str]:
    lines = [
        "| releases | build s | bytes per release beyond text | import ms per release "
        "(CPU ms) | query | filters | matches kept | p50 ms | p95 ms | p95 CPU ms |",
        "|---:|---:|---:|---:|---|---|---:|---:|---:|---:|",
    ]
    for f in figures:
        for number, s in enumerate(f.searches):
            head = (
                f"| {f.releases:,} | {f.build_s:.0f} | {f.bytes_per_release:,.0f} "
                f"| {f.import_ms:.1f} ({f.import_cpu_ms:.1f}) "
                if number == 0
                else "| | | | "
            )
            lines.append(
                f"{head}| {s.query} | {s.filters} | {s.hits:,} | {s.p50_ms:.1f} | {s.p95_ms:.1f} "
                f"| {s.cpu_p95_ms:.1f} |"
            )
    return lines


def run(counts: Sequence[int], *, seed: int, more: int, workdir: Path | None) -> list[str]:
    """The table for an archive grown to each of ``counts`` in turn (one file, grown). A
    ``workdir`` kept from an earlier run may hold an archive larger than a count: that count is
    skipped (said so) unless it is the last, which measures the archive as it is; each row
    gives the size of the archive it measured."""
    figures = []
    ordered = sorted(counts)
    with tempfile.TemporaryDirectory(prefix="cyberwatch-bench-") as tmp:
        db = (workdir or Path(tmp)) / "scale.db"
        for count in ordered:
            held = _stored(db)
            if held > count and count != ordered[-1]:
                print(f"skipped {count:,}: {db} holds {held:,} releases (use a new --workdir)")
                continue
            built = build(db, count, min(seed, count))
            print(f"built {count:,} releases in {built:.0f} s", flush=True)
            stored = max(held, count)  # ``build`` copies up to ``count`` exactly, never down
            size, searches, import_ms, import_cpu_ms = measure(db, more=more)
            figures.append(ScaleFigures(stored, built, size, searches, import_ms, import_cpu_ms))
    return table(figures)


def _stored(db: Path) -> int:
    """The releases in the archive at ``db`` (0: none yet)."""
    if not db.exists():
        return 0
    with Store.open(db) as store:
        return store.count_releases()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Search, size and import cost at scale.")
    parser.add_argument("--count", type=int, action="append", help="releases (repeat)")
    parser.add_argument("--seed", type=int, default=2000, help="releases imported for real")
    parser.add_argument("--more", type=int, default=1000, help="releases imported at the end")
    parser.add_argument("--workdir", type=Path, help="keep the archives here")
    args = parser.parse_args(argv)
    counts = args.count or [100_000, 1_000_000]
    for line in run(counts, seed=args.seed, more=args.more, workdir=args.workdir):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
