"""Warm polls by several versions of cyberwatch, alternating, on one farm and one cold archive.

    git worktree add --detach ../before REV
    python -m flows.devtools.bench.alternate --sources 1000 --tree ../before --tree . --rounds 3

The machine's speed drifts between runs (10-20% on a busy 2-core machine), so two versions are
compared in the same minutes, in alternating runs: one farm; one cold poll by the first tree's
core, whose archive every later run starts from (a fresh copy each time); then a warm-up run of
each contender (a new Prefect home costs its first runs more: not counted); then, each round,
every tree's warm poll by each contender. A tree is a checkout of cyberwatch: its code runs the
contender (``PYTHONPATH``), this one's runs the farm. Cyberwatch's modules are compiled first
in every tree (``bytecode``). Prints one Markdown row per counted run.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from flows.devtools.bench.bytecode import compile_modules
from flows.devtools.bench.farm import FarmSpec, write_catalogue
from flows.devtools.bench.runner import Measure, contender_command, farm, run_phase

ARCHIVE = ("archive.db", "archive.db-wal")  # what a cold poll leaves (the WAL, if any)


def alternate(
    spec: FarmSpec, trees: Sequence[Path], *, contenders: Sequence[str], rounds: int, work: Path
) -> list[tuple[int, Path, Measure]]:
    """Each round's warm runs: (round, tree, measure), in the order they ran."""
    for tree in trees:
        compile_modules(tree)
    runs: list[tuple[int, Path, Measure]] = []
    with farm(spec, work) as port:
        urls = work / "urls.txt"
        urls.write_text("\n".join(spec.feed_urls(port)), encoding="utf-8")
        catalogue = write_catalogue(spec, port, work / "sources.toml")
        cold = work / "cold"
        cold.mkdir(exist_ok=True)
        command = contender_command("core", spec, home=cold, urls=urls, catalogue=catalogue)
        run_phase("core", spec, "cold", command, home=cold, tree=trees[0])
        for number in range(rounds + 1):  # round 0: the warm-up
            for tree in trees[:1] if number == 0 else trees:
                for contender in contenders:
                    home = work / contender  # its Prefect home kept from run to run
                    home.mkdir(exist_ok=True)
                    _copy_archive(cold, home)
                    command = contender_command(
                        contender, spec, home=home, urls=urls, catalogue=catalogue
                    )
                    measure = run_phase(contender, spec, "warm", command, home=home, tree=tree)
                    if number > 0:
                        runs.append((number, tree, measure))
    return runs


def _copy_archive(source: Path, home: Path) -> None:
    for name in (*ARCHIVE, "archive.db-shm"):
        (home / name).unlink(missing_ok=True)
    for name in ARCHIVE:
        if (source / name).exists():
            shutil.copy(source / name, home / name)


def table(runs: Sequence[tuple[int, Path, Measure]]) -> list[str]:
    lines = [
        "| round | tree | contender | wall s | CPU s | peak MB | releases |",
        "|---:|---|---|---:|---:|---:|---:|",
    ]
    for number, tree, m in runs:
        failed = "" if m.ok else " FAILED"
        lines.append(
            f"| {number} | {tree} | {m.contender}{failed} | {m.wall:.2f} | {m.cpu:.2f} "
            f"| {m.peak_mb:.0f} | {m.releases:,} |"
        )
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tree", type=Path, action="append", required=True, help="(repeat)")
    parser.add_argument("--sources", type=int, default=1000)
    parser.add_argument("--hosts", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--only", action="append", choices=("core", "flow"), help="(repeat)")
    parser.add_argument("--workdir", type=Path, help="keep the archives and logs here")
    args = parser.parse_args(argv)
    trees = [tree.resolve() for tree in args.tree]
    missing = [str(tree) for tree in trees if not (tree / "flows" / "core" / "poll.py").exists()]
    if missing:
        parser.error(f"not a checkout of cyberwatch: {', '.join(missing)}")
    spec = FarmSpec(args.sources, args.hosts)
    with tempfile.TemporaryDirectory(prefix="cyberwatch-alternate-") as tmp:
        work = args.workdir or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        runs = alternate(
            spec, trees, contenders=args.only or ["core", "flow"], rounds=args.rounds, work=work
        )
        for line in table(runs):
            print(line)
    return 0 if all(m.ok for _, _, m in runs) else 1


if __name__ == "__main__":
    sys.exit(main())
