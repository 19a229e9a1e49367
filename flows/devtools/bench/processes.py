"""A process and its descendants as ``/proc`` shows them now (Linux): who they are, and the
CPU time they have used together. Elsewhere than Linux a tree is its root alone, with no CPU
time read (0)."""

from __future__ import annotations

import os
from pathlib import Path

PROC = Path("/proc")
TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100  # clock ticks a second


def tree(pid: int) -> list[int]:
    """``pid`` and its descendants alive now."""
    children: dict[int, list[int]] = {}
    for stat in PROC.glob("[0-9]*/stat"):
        try:
            parent = int(_fields(stat.read_text())[1])
            children.setdefault(parent, []).append(int(stat.parent.name))
        except (OSError, IndexError, ValueError):  # gone meanwhile
            continue
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo += children.get(current, [])
    return found


def tree_cpu(pid: int) -> float:
    """Seconds of CPU (user and system) used by ``pid`` and its descendants alive now (a
    process that has ended is no longer counted)."""
    ticks = 0
    for member in tree(pid):
        try:
            fields = _fields((PROC / str(member) / "stat").read_text())
            ticks += int(fields[11]) + int(fields[12])  # utime, stime
        except (OSError, IndexError, ValueError):
            continue
    return ticks / TICK


def _fields(stat: str) -> list[str]:
    """The fields of a ``/proc/<pid>/stat`` line after the command's name (``state``, ``ppid``,
    ...): the name may hold spaces and parentheses, so the line is split after its last ")"."""
    return stat.rsplit(")", 1)[1].split()
