"""Worker tasks for the judging tests, importable by a spawned worker process: one that dies
like a crashed process when a chunk holds an item titled ``CRASH``, one that is slow."""

from __future__ import annotations

import os
import time
from collections.abc import Sequence

from flows.core.judging import Judgement, Unjudged, judge_chunk
from scrapers import Item

CRASH = "CRASH"


def crashing_chunk(items: Sequence[Item], listed: bool) -> list[Judgement]:
    """``judge_chunk``, except that the worker process dies (no exception, no cleanup) on a
    chunk holding an item titled ``CRASH``."""
    if any(item.title == CRASH for item in items):
        os._exit(70)
    return judge_chunk(items, listed)


IN_A_WORKER = "judged in a worker process"


def slow_chunk(items: Sequence[Item], listed: bool) -> list[Judgement]:
    """A slow worker that marks its items: each chunk takes a second (the main process judges
    the ``HELD`` chunks it reads ahead in about 0.3 s, several times that on a loaded machine),
    and every item comes back as ``Unjudged(IN_A_WORKER)``, unlike an item judged in the main
    process."""
    time.sleep(1.0)
    return [Unjudged(IN_A_WORKER) for _ in items]
