"""``python -m flows.devtools.bench [--quick]``: the poll benchmark's table (and the import's)."""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from flows.devtools.bench import archive
from flows.devtools.bench.farm import FarmSpec
from flows.devtools.bench.report import machine, poll_table
from flows.devtools.bench.runner import CONTENDERS, Measure, run_scale


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Poll benchmark: cyberwatch against a bare script."
    )
    parser.add_argument("--quick", action="store_true", help="a scaled-down run (under a minute)")
    parser.add_argument("--sources", type=int, action="append", help="sources per run (repeat)")
    parser.add_argument("--hosts", type=int, help="loopback hosts (default 50; quick 10)")
    parser.add_argument("--entries", type=int, default=20, help="entries per feed")
    parser.add_argument("--latency", type=float, default=0.1, help="seconds per answer")
    parser.add_argument(
        "--only", action="append", choices=CONTENDERS, help="run only these contenders (repeat)"
    )
    parser.add_argument(
        "--archive",
        type=int,
        action="append",
        help="releases for the import, search and size figures (repeat; 0: none; "
        "default 10,000 and 100,000, quick 2,000)",
    )
    parser.add_argument("--workdir", type=Path, help="keep the archives and logs here")
    args = parser.parse_args(argv)
    scales = args.sources or ([50] if args.quick else [100, 1000])
    hosts = args.hosts or (10 if args.quick else 50)
    # The quick run (under a minute) leaves out the analysing script.
    contenders = args.only or [c for c in CONTENDERS if not (args.quick and c == "bare-analysis")]
    print(f"# cyberwatch poll benchmark: {machine()}", flush=True)
    print(
        f"farm: {hosts} loopback hosts, {args.entries} entries per source, "
        f"{args.latency * 1000:.0f} ms per answer, every article read\n",
        flush=True,
    )
    with tempfile.TemporaryDirectory(prefix="cyberwatch-bench-") as tmp:
        root = args.workdir or Path(tmp)
        measures: list[Measure] = []
        for count in scales:
            spec = FarmSpec(count, hosts, args.entries, args.latency)
            politeness = not args.quick and count <= 100
            measures += run_scale(
                spec, root / f"poll-{count}", contenders=contenders, politeness=politeness
            )
        for line in poll_table(measures):
            print(line)
    counts = [n for n in args.archive or ([2000] if args.quick else [10_000, 100_000]) if n > 0]
    if counts:
        print("\nimport, search (no filters), size, digest:\n", flush=True)
        for line in archive.run(counts):
            print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
