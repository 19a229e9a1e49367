"""Worker processes spawned without this process's main module.

A process spawned by ``multiprocessing`` runs the parent's main module again, as
``__mp_main__``, before it does anything else, so that functions defined there can be found. The
judging workers need nothing from it (their tasks live in named modules), and what it loads can
be most of what they hold: ``cyberwatch poll`` is a console script that imports the whole
command (typer, pydantic: a started worker held 63 MB instead of 50 and spent 0.2 s more CPU),
and a scheduled run's process is ``python -m prefect.engine`` (all of Prefect: 103 MB instead
of 50, 1.2 s more CPU).
``MainlessSpawn`` is the spawn context whose processes start from a bare interpreter instead.
"""

from __future__ import annotations

import sys
import types
from collections.abc import Iterator
from contextlib import contextmanager
from multiprocessing.context import SpawnContext, SpawnProcess
from typing import Any


@contextmanager
def _main_hidden() -> Iterator[None]:
    """While spawning, a bare ``__main__`` stands in for this process's: the spawned process
    is told neither its name nor its file, so it imports neither. The main module is back as
    soon as the child's start-up data is written, a few milliseconds; another thread that reads
    ``sys.modules["__main__"]`` meanwhile sees the stand-in (no thread of a poll reads it)."""
    main = sys.modules["__main__"]
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        sys.modules["__main__"] = main


class MainlessProcess(SpawnProcess):
    """A spawned process that does not run the parent's main module."""

    @staticmethod
    def _Popen(process_obj: Any) -> Any:  # noqa: N802 (multiprocessing's name)
        with _main_hidden():
            return SpawnProcess._Popen(process_obj)


class MainlessSpawn(SpawnContext):
    """The spawn start method, its processes ``MainlessProcess``es (a context for
    ``ProcessPoolExecutor(mp_context=...)``)."""

    Process = MainlessProcess
