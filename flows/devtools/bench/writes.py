"""The archive's write path alone: ``python -m flows.devtools.bench.writes``.

Judges ``--count`` synthetic releases first (``imports.releases``: the analysis, not timed),
then stores them judged (``store_item(..., judged=)``: save, copies, event), ``--batch`` to a
transaction as ``cyberwatch import`` does, and prints the CPU time (this process, user +
system) and the wall time per release of that part only. ``--db`` names the archive (default:
a new temporary one); ``--rollback`` stores everything in one transaction rolled back at the
end, so that an archive of a given size (``make bench-scale``'s) can be measured again and
again unchanged. The releases' URLs are ``https://writes.example/<seed>/<n>``, new to any
archive the other benchmarks built.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from config import Settings
from flows.core.ingest import store_item
from flows.core.judging import Judged, judge
from flows.core.records import to_item
from flows.devtools.bench.imports import releases
from scrapers import Item
from scrapers.analysis import Rules
from storage import Store


@dataclass(frozen=True, slots=True)
class WriteCost:
    releases: int  # stored by the timed part
    archive: int  # releases in the archive before it
    cpu_ms: float  # per release
    wall_ms: float  # per release


def judged(count: int, seed: int, rules: Rules) -> list[tuple[Item, Judged]]:
    """``count`` synthetic releases with their analysis, at URLs no other benchmark uses."""
    work = []
    for record in releases(count, seed=seed):
        item = replace(to_item(record), url=f"https://writes.example/{seed}/{record.line}")
        work.append((item, judge(item, rules=rules, listed=False)))
    return work


def measure(
    db: Path, work: Sequence[tuple[Item, Judged]], *, rules: Rules, batch: int, rollback: bool
) -> WriteCost:
    """Store ``work`` in the archive at ``db``; its cost per release."""
    with Store.open(db) as store:
        archive = store.count_releases()
        if not rollback:
            cpu, wall = _store(store, work, rules=rules, batch=batch)
            return WriteCost(store.count_releases() - archive, archive, cpu, wall)
        try:
            with store.batch():  # the batches inside join it: one transaction, rolled back
                cpu, wall = _store(store, work, rules=rules, batch=batch)
                stored = store.count_releases() - archive
                raise _RollBackError
        except _RollBackError:
            return WriteCost(stored, archive, cpu, wall)


def _store(
    store: Store, work: Sequence[tuple[Item, Judged]], *, rules: Rules, batch: int
) -> tuple[float, float]:
    """Store the judged releases, ``batch`` to a transaction; CPU and wall ms per release."""
    now = datetime(2026, 1, 1, tzinfo=UTC)
    cpu, wall = time.process_time(), time.perf_counter()
    for start in range(0, len(work), batch):
        with store.batch():
            for item, verdict in work[start : start + batch]:
                store_item(store, item, rules=rules, now=now, origin="import", listed=False,
                           judged=verdict)  # fmt: skip
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    return cpu * 1000 / len(work), wall * 1000 / len(work)


class _RollBackError(Exception):
    """Raised inside the outer batch so that it rolls back."""


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="The archive's write path, per release.")
    parser.add_argument("--count", type=int, default=3000, help="releases stored")
    parser.add_argument("--seed", type=int, default=13, help="of the synthetic releases")
    parser.add_argument("--batch", type=int, default=500, help="releases per transaction")
    parser.add_argument("--db", type=Path, help="archive (default: a new temporary one)")
    parser.add_argument("--rollback", action="store_true", help="leave the archive unchanged")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="cyberwatch-writes-") as tmp:
        db = args.db or Path(tmp) / "writes.db"
        rules = Rules.compile(Settings(db=db).analysis)
        print(f"judging {args.count:,} synthetic releases (not timed)", flush=True)
        work = judged(args.count, args.seed, rules)
        cost = measure(db, work, rules=rules, batch=args.batch, rollback=args.rollback)
    print(
        f"stored {cost.releases:,} new releases into {cost.archive:,}: "
        f"{cost.cpu_ms:.3f} ms CPU, {cost.wall_ms:.3f} ms wall per release"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
