"""Judging releases (classify, extract, fingerprint): in this process, or in worker processes.

The analysis is pure and CPU-bound (``scrapers.analysis``), so a large run, a cold poll with
hundreds of new items or a bulk import, judges in a pool of worker processes while the main
process keeps fetching and writing; a small one (a warm poll, a demo, a test) never starts one.
``Judges`` decides: the first ``pool_after`` items of a run are judged in this process; once a
run has had more, or its polls announce more (``expect``: the pool starts while their pages are
fetched), and ``[poll] workers`` is not 0, a pool of that many processes is started, once per
run, and judges the rest in chunks. While it is not behind (``backlogged``) it also takes other
CPU work off the event loop: a feed's parse (``offload``), the article pages (read where they
are judged: ``flows.core.articles``). Its processes are spawned (fresh interpreters: this
process may run threads, Prefect's or the event loop's helpers, which forking would copy
mid-work), without this process's main module (``flows.core.spawning``), children of this
one so that their CPU time counts in its own; each receives the run's compiled rules when it
starts and judges one text at once, so that what the analysis loads on first use is loaded
before its first chunk. Starting one costs about 0.6 s of CPU (interpreter, imports, rules),
paid in the worker while this process goes on.

A failure while judging one item, an error in the analysis or a worker process that died, is
that item's failure only (``Unjudged``, with the reason): the caller leaves it for the next poll
or reports it, and goes on with the others. A pool that lost a worker is replaced for the rest
of the run.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from functools import cached_property
from multiprocessing.process import BaseProcess
from types import TracebackType
from typing import TYPE_CHECKING, Any, Generic, Self, TypeVar

from flows.core.articles import Page, complete
from flows.core.spawning import MainlessSpawn
from scrapers import Item

if TYPE_CHECKING:  # the analysis loads when the first item is judged: a warm poll never needs it
    from config import AnalysisSettings
    from scrapers.analysis import Analysis, Fingerprint, Rules

log = logging.getLogger("cyberwatch.pipeline")

POOL_AFTER = 200  # items judged in this process in a run before a pool starts
CHUNK = 16  # items sent to a worker at once
RESTARTS = 3  # pools replaced in a run after losing a worker; then pooled items wait
AHEAD = 4  # chunks per worker in flight when reading ahead (``stream``)
HELD = 16  # chunks per worker read ahead at most, those judged here while waiting included
# Items queued per worker beyond which the pool is behind (``backlogged``): about 5 s of its work.
# A cold poll of 1,000 sources on 2 cores is bound by this process, the one worker busy about
# half the time; with 4 chunks the queue (often 100-400 items, 1,120 at the start) passed it
# most of the time, and this process parsed feeds and read pages the worker had time for: 12-17%
# more wall time (docs/performance.md, session 21).
BACKLOG = 64 * CHUNK

K = TypeVar("K")
R = TypeVar("R")


@dataclass(frozen=True, slots=True)
class Judged:
    """The pure work of storing a release: its verdict and extraction, its fingerprint, and
    whether it is official; ``item``: the release as read from its article page, when it was
    judged from one (a ``Page``)."""

    analysis: Analysis
    fingerprint: Fingerprint
    official: bool
    item: Item | None = None


@dataclass(frozen=True, slots=True)
class Unjudged:
    """An item that could not be judged now, and why."""

    reason: str


Judgement = Judged | Unjudged
Work = Item | Page  # a release, or one still to be read from its article page
Task = Callable[[Sequence[Work], bool], list[Judgement]]


def judge(item: Item, *, rules: Rules, listed: bool = True) -> Judged:
    """Classify, extract and fingerprint ``item`` (CPU work, no writes)."""
    from scrapers.analysis import analyze, is_official  # loaded on first use
    from scrapers.analysis.fingerprint import fingerprint

    text = item.body or item.summary
    return Judged(
        analyze(item.title, text, published=item.published, url=item.url, rules=rules),
        fingerprint(item.title, text, rules),
        is_official(item.url, rules, listed=listed),
    )


def judge_one(work: Work, *, rules: Rules, listed: bool) -> Judgement:
    """``judge`` (a ``Page`` read first: ``Judged.item`` is what it gave), with any failure
    of the reading or the analysis made this item's ``Unjudged``."""
    try:
        if isinstance(work, Page):
            item = complete(work)
            return replace(judge(item, rules=rules, listed=listed), item=item)
        return judge(work, rules=rules, listed=listed)
    except Exception as e:  # the analysis of one text must never stop the others
        url = work.item.url if isinstance(work, Page) else work.url
        log.warning("%s: not judged: %s: %s", url, type(e).__name__, e)
        return Unjudged(f"not judged ({type(e).__name__}: {e})")


def judge_chunk(items: Sequence[Work], listed: bool) -> list[Judgement]:
    """A worker's task: judge ``items`` with the rules its process started with."""
    rules = _WORKER["rules"]
    return [judge_one(item, rules=rules, listed=listed) for item in items]


# A worker process's own state: the run's rules, set once by ``_start_worker``. Only worker
# processes ever write it.
_WORKER: dict[str, Rules] = {}


def _start_worker(rules: Rules) -> None:
    """In a new worker: end with the process that started it, keep the run's rules and judge
    one text, so that what the analysis loads on first use (the language detector, the
    gazetteer) is loaded before the first task."""
    from scrapers.analysis.cldr import build_tables

    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=_end_with, args=(parent,), daemon=True).start()
    _WORKER["rules"] = rules
    sample = "The 2nd Cyber Dialogue was held in London on 3 March 2024. " * 3
    judge_one(
        Item(source="-", url="https://example.org/", title="Cyber", body=sample),
        rules=rules,
        listed=False,
    )
    build_tables()  # and let go of the CLDR data they were read from


def _end_with(parent: BaseProcess) -> None:
    """Exit once ``parent`` has ended: a poll killed outright (SIGKILL, out of memory) leaves
    no worker behind, waiting for chunks that will never come."""
    parent.join()
    os._exit(0)


class Judges:
    """The run's judging: its rules compiled once (from ``analysis`` on first use, unless
    given compiled), and a pool of ``workers`` processes started when the run has judged, or
    expects, more than ``pool_after`` items (0 workers: always in this process). ``task`` is
    what a worker runs for a chunk (a test may give one that fails)."""

    def __init__(
        self,
        analysis: Rules | AnalysisSettings,
        *,
        workers: int = 0,
        pool_after: int = POOL_AFTER,
        task: Task = judge_chunk,
    ) -> None:
        self._analysis = analysis
        self._workers = workers
        self._pool_after = pool_after
        self._task = task
        self._seen = 0
        self._expected = 0
        self._pool: ProcessPoolExecutor | None = None
        self._restarts = 0  # pools replaced after losing a worker
        self._queued = 0  # items sent to the pool and not judged yet
        self._count = threading.Lock()  # the pool's threads report judged items

    @cached_property
    def rules(self) -> Rules:
        """The rules every item of the run is judged by."""
        from config import AnalysisSettings  # here, not at the top: a worker never loads it
        from scrapers.analysis import Rules  # compiled on first use

        if isinstance(self._analysis, AnalysisSettings):
            return Rules.compile(self._analysis)
        return self._analysis

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Stop the pool, if one was started."""
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)

    @property
    def pooled(self) -> bool:
        """Whether a pool of worker processes judges now."""
        return self._pool is not None

    async def judge(self, items: Sequence[Work], *, listed: bool) -> list[Judgement]:
        """Judge ``items`` (each ``Page`` read first), in order: in the pool when it runs (the
        event loop stays free for other work meanwhile), else here, one at a time, yielding to
        the loop between them."""
        if not self._wants_pool(len(items)):
            judged: list[Judgement] = []
            for item in items:
                judged.append(judge_one(item, rules=self.rules, listed=listed))
                await asyncio.sleep(0)
            return judged
        self._start_once()  # spawning returns at once: the workers start up on their own
        chunks = [items[i : i + CHUNK] for i in range(0, len(items), CHUNK)]
        sent = [self._submit(chunk, listed) for chunk in chunks]
        done = await asyncio.gather(
            *(self._settle(s, c) for s, c in zip(sent, chunks, strict=True))
        )
        return [judgement for part in done for judgement in part]

    def stream(
        self, pairs: Iterable[tuple[K, Item | None]], *, listed: bool
    ) -> Iterator[tuple[K, Judgement | None]]:
        """Judge a long run of items (an import), in order, reading ahead: while the caller
        stores one chunk's results, the workers judge the next ones, and while the oldest chunk
        is still being judged, this process judges others itself (``_meanwhile``) rather than
        wait. Each key comes back with its item's judgement (None for a None item)."""
        lines = iter(pairs)
        ahead: deque[_Chunk[K]] = deque()
        while True:
            self._read_ahead(ahead, lines, listed)
            if not ahead:
                return
            while not ahead[0].done and self._meanwhile(ahead, lines, listed):
                pass
            chunk = ahead.popleft()
            judged = iter(self._result(chunk.sent, chunk.items) if chunk.sent is not None else [])
            for key, item in chunk.pairs:
                yield key, None if item is None else next(judged)

    def _read_ahead(
        self, ahead: deque[_Chunk[K]], lines: Iterator[tuple[K, Item | None]], listed: bool
    ) -> None:
        """Send chunks to the pool until ``AHEAD`` a worker are waiting there (one chunk at a
        time without a pool), ``ahead`` holding at most ``HELD`` a worker."""
        while not ahead or (
            sum(chunk.waiting for chunk in ahead) < self._workers * AHEAD
            and len(ahead) < self._workers * HELD
        ):
            chunk = _Chunk(_take(lines))
            if not chunk.pairs:
                return
            chunk.sent = self._submit_sync(chunk.items, listed) if chunk.items else None
            ahead.append(chunk)

    def _meanwhile(
        self, ahead: deque[_Chunk[K]], lines: Iterator[tuple[K, Item | None]], listed: bool
    ) -> bool:
        """Judge one chunk here while the pool judges the oldest: the next of the input, while
        ``ahead`` has room, else the newest one sent that no worker has taken yet (cancelled
        in the pool). False when there is neither: the caller waits for the pool."""
        if len(ahead) < self._workers * HELD and (pairs := _take(lines)):
            chunk = _Chunk(pairs)
            chunk.sent = self._here(chunk.items, listed) if chunk.items else None
            ahead.append(chunk)
            return True
        for chunk in reversed(ahead):
            if chunk.sent is not None and chunk.sent.future.cancel():  # its tally: undone
                chunk.sent = self._here(chunk.items, listed)
                return True
        return False

    def expect(self, count: int) -> None:
        """``count`` more items of the run are on their way to be judged (their pages being
        fetched): once the run expects more than ``pool_after``, the pool is started, so that
        its workers are ready when the items come, and take the run's parsing meanwhile."""
        self._expected += count
        if self._workers > 0 and self._expected > self._pool_after:
            self._start_once()

    @property
    def backlogged(self) -> bool:
        """Whether the pool has more items queued than ``BACKLOG`` a worker: it is behind, so
        CPU work this process could hand over (``offload``, reading pages) is better done
        here."""
        return self._pool is not None and self._queued > BACKLOG * self._workers

    async def offload(self, task: Callable[..., R], *args: Any) -> R | None:
        """``task(*args)`` in a worker process while the pool runs and is not behind, so that
        other CPU work of the run (a feed's parse) leaves the event loop too; None when no
        pool runs, it is ``backlogged`` or its worker died meanwhile (the caller then does the
        work itself). ``task`` must be a module-level function and never raise: a worker's
        exception would reach the caller."""
        pool = self._pool
        if pool is None or self.backlogged:
            return None
        try:
            return await asyncio.wrap_future(pool.submit(task, *args))
        except BrokenProcessPool as e:
            log.warning("a worker process died (%s): %s done here instead", e, task.__name__)
            self._lost(e, pool, ())
            return None

    def _wants_pool(self, count: int) -> bool:
        self._seen += count
        return self._workers > 0 and (self._pool is not None or self._seen > self._pool_after)

    def _submit_sync(self, items: Sequence[Item], listed: bool) -> _Sent:
        if not self._wants_pool(len(items)):
            return self._here(items, listed)
        self._start_once()
        return self._submit(items, listed)

    def _here(self, items: Sequence[Item], listed: bool) -> _Sent:
        """``items`` judged in this process, now."""
        done: Future[list[Judgement]] = Future()
        done.set_result([judge_one(item, rules=self.rules, listed=listed) for item in items])
        return _Sent(None, done)

    def _start_once(self) -> None:
        """Start the run's pool unless it has one, or had one that lost a worker (``_lost``
        replaces that)."""
        if self._pool is None and self._restarts == 0:
            self._start()

    def _start(self) -> None:
        began = time.perf_counter()
        pool = ProcessPoolExecutor(
            self._workers,
            mp_context=MainlessSpawn(),
            initializer=_start_worker,
            initargs=(self.rules,),
        )
        for _ in range(self._workers):  # every worker now, each warming up while others work
            pool.submit(int)
        self._pool = pool
        took = time.perf_counter() - began
        log.info("judging in %d worker processes (spawned in %.2f s)", self._workers, took)

    def _submit(self, items: Sequence[Work], listed: bool) -> _Sent:
        pool = self._pool
        if pool is None:  # workers kept dying: nothing more is judged in this run
            return _Sent(None, _failed(BrokenProcessPool("worker processes kept dying")))
        try:
            future = pool.submit(self._task, list(items), listed)
        except BrokenProcessPool as e:
            return _Sent(pool, _failed(e))
        self._tally(len(items))
        future.add_done_callback(lambda _: self._tally(-len(items)))  # judged, failed or dropped
        return _Sent(pool, future)

    def _tally(self, items: int) -> None:
        with self._count:
            self._queued += items

    async def _settle(self, sent: _Sent, items: Sequence[Work]) -> list[Judgement]:
        try:
            return await asyncio.wrap_future(sent.future)
        except BrokenProcessPool as e:
            return self._lost(e, sent.pool, items)

    def _result(self, sent: _Sent, items: Sequence[Item]) -> list[Judgement]:
        try:
            return sent.future.result()
        except BrokenProcessPool as e:
            return self._lost(e, sent.pool, items)

    def _lost(
        self, error: BrokenProcessPool, pool: ProcessPoolExecutor | None, items: Sequence[Work]
    ) -> list[Judgement]:
        """A worker died: the items of the chunks it took down are not judged now, and the
        pool is replaced (at most ``RESTARTS`` times a run; after that the pooled items are
        left unjudged, for the next run)."""
        if pool is not None and pool is self._pool:
            self._pool = None
            pool.shutdown(wait=False, cancel_futures=True)
            self._restarts += 1
            if self._restarts <= RESTARTS:
                self._start()
        if items:
            log.warning("%d items not judged: a worker process died (%s)", len(items), error)
        return [Unjudged(f"not judged (a worker process died: {error})") for _ in items]


@dataclass(frozen=True, slots=True)
class _Sent:
    """A chunk sent to a pool, and the pool it was sent to (None: none would take it)."""

    pool: ProcessPoolExecutor | None
    future: Future[list[Judgement]]


@dataclass(slots=True)
class _Chunk(Generic[K]):
    """A chunk of a ``stream``: its keys and items, and where they are judged (None: no item
    to judge)."""

    pairs: list[tuple[K, Item | None]]
    sent: _Sent | None = None

    @property
    def items(self) -> list[Item]:
        return [item for _, item in self.pairs if item is not None]

    @property
    def done(self) -> bool:
        """Whether its judgements are ready (or failed)."""
        return self.sent is None or self.sent.future.done()

    @property
    def waiting(self) -> bool:
        """Whether it is still in the pool, being judged or waiting for a worker."""
        return self.sent is not None and self.sent.pool is not None and not self.done


def _take(lines: Iterator[tuple[K, Item | None]]) -> list[tuple[K, Item | None]]:
    """The next ``CHUNK`` pairs of ``lines`` (fewer at its end; none once it has ended)."""
    return [pair for _, pair in zip(range(CHUNK), lines, strict=False)]


def _failed(error: BaseException) -> Future[list[Judgement]]:
    future: Future[list[Judgement]] = Future()
    future.set_exception(error)
    return future
