"""Peak memory of a process and its descendants together, sampled from ``/proc`` (Linux).

``os.wait4`` reports the largest resident set of any one process of a tree, not their sum: a
poll judging in worker processes would look as small as its largest process. ``TreeMemory``
samples the sum of the resident sets of a process and every descendant (its worker processes)
a few times a second while it runs; elsewhere than Linux it measures nothing (0).
"""

from __future__ import annotations

import os
import threading
from types import TracebackType
from typing import Self

from flows.devtools.bench.processes import PROC, tree

PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


class TreeMemory:
    """Samples the resident memory of ``pid`` and its descendants every ``every`` seconds
    while the block runs; ``peak_mb`` is the largest sum seen."""

    def __init__(self, pid: int, *, every: float = 0.1) -> None:
        self._pid = pid
        self._every = every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self.peak_mb = 0.0

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._stop.set()
        self._thread.join()

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.peak_mb = max(self.peak_mb, tree_rss(self._pid) / 2**20)
            self._stop.wait(self._every)


def tree_rss(pid: int) -> int:
    """Bytes resident in ``pid`` and its descendants now (0 without ``/proc``)."""
    total = 0
    for member in tree(pid):
        try:
            total += int((PROC / str(member) / "statm").read_text().split()[1]) * PAGE
        except (OSError, IndexError, ValueError):
            continue
    return total
