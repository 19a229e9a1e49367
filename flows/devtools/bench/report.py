"""The benchmark's table: one row per run, with ratios to the bare script's run."""

from __future__ import annotations

import os
import platform
from collections.abc import Sequence

from flows.devtools.bench.runner import Measure

LABELS = {
    "bare": "bare script",
    "bare-analysis": "bare script, analysing",
    "core": "cyberwatch core",
    "flow": "cyberwatch poll (flow)",
}


def machine() -> str:
    """The machine, as the table's heading says it."""
    cpu = platform.processor() or platform.machine()
    return (
        f"{os.cpu_count()} cores ({cpu}), Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}"
    )


def poll_table(measures: Sequence[Measure]) -> list[str]:
    """A Markdown table of the poll runs; ratios against the bare run of the same scale and
    phase (a cold run with the default rate is compared with the bare cold run)."""
    bare = {(m.sources, m.phase): m for m in measures if m.contender == "bare"}
    lines = [
        "| sources | run | contender | wall s | CPU s | peak MB | releases | wall x | CPU x |",
        "|---:|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for m in measures:
        base = bare.get((m.sources, m.phase.split(",")[0]))
        ratio = f"{m.wall / base.wall:.1f}" if base and base.wall else "-"
        cpu = f"{m.cpu / base.cpu:.1f}" if base and base.cpu else "-"
        failed = "" if m.ok else " FAILED"
        lines.append(
            f"| {m.sources:,} | {m.phase} | {LABELS.get(m.contender, m.contender)}{failed} "
            f"| {m.wall:.1f} | {m.cpu:.1f} | {m.peak_mb:.0f} | {m.releases:,} | {ratio} | {cpu} |"
        )
    return lines
