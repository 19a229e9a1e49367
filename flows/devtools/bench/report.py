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
    phase (a cold run with the default rate is compared with the bare cold run), and, when the
    analysing bare script ran, against its run too."""
    bases = [("bare", "wall x", "CPU x")]
    if any(m.contender == "bare-analysis" for m in measures):
        bases.append(("bare-analysis", "wall x analysing", "CPU x analysing"))
    runs = {(m.contender, m.sources, m.phase): m for m in measures}
    head = "| sources | run | contender | wall s | CPU s | peak MB | releases |"
    head += "".join(f" {wall} | {cpu} |" for _, wall, cpu in bases)
    lines = [head, "|---:|---|---|---:|---:|---:|---:|" + "---:|---:|" * len(bases)]
    for m in measures:
        failed = "" if m.ok else " FAILED"
        line = (
            f"| {m.sources:,} | {m.phase} | {LABELS.get(m.contender, m.contender)}{failed} "
            f"| {m.wall:.1f} | {m.cpu:.1f} | {m.peak_mb:.0f} | {m.releases:,} |"
        )
        for contender, _, _ in bases:
            base = runs.get((contender, m.sources, m.phase.split(",")[0]))
            wall = f"{m.wall / base.wall:.1f}" if base and base.wall else "-"
            cpu = f"{m.cpu / base.cpu:.1f}" if base and base.cpu else "-"
            line += f" {wall} | {cpu} |"
        lines.append(line)
    return lines
