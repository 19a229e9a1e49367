"""Judges: items judged in this process while a run is small, in worker processes once it is
large, with the same results; a failure while judging one item is that item's only."""

from __future__ import annotations

import asyncio
import os
import pickle
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from config import PollSettings, Settings
from flows.core.judging import AHEAD, CHUNK, Judged, Judges, Unjudged, judge
from flows.core.records import Record, RecordError, import_records, to_item
from flows.devtools.bench.imports import releases
from scrapers import Item, analysis
from scrapers.analysis import Rules
from storage import Store

from .judging_tasks import CRASH, IN_A_WORKER, crashing_chunk, slow_chunk

NOW = datetime(2026, 1, 1, tzinfo=UTC)
ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def rules() -> Rules:
    return Rules.compile(Settings().analysis)


def items(count: int) -> list[Item]:
    """``count`` synthetic releases of the import benchmark (dialogues, others, near copies)."""
    return [to_item(record) for record in releases(count)]


def test_a_small_run_is_judged_here_as_judge_would(rules: Rules) -> None:
    some = items(5)
    judges = Judges(rules, workers=2, pool_after=10)

    done = asyncio.run(judges.judge(some, listed=True))

    assert done == [judge(item, rules=rules, listed=True) for item in some]
    assert not judges.pooled


def test_without_workers_a_large_run_stays_here(rules: Rules) -> None:
    judges = Judges(rules, workers=0, pool_after=0)

    done = asyncio.run(judges.judge(items(3), listed=False))

    assert all(isinstance(j, Judged) for j in done)
    assert not judges.pooled


def test_an_error_in_the_analysis_fails_that_item_only(
    rules: Rules, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = analysis.analyze  # what judging imports when it judges

    def analyze(title: str, text: str, **kwargs: object) -> object:
        if title == "broken":
            raise ValueError("no analysis for you")
        return real(title, text, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(analysis, "analyze", analyze)
    good, other = items(2)
    bad = Item(source="s", url="https://example.org/bad", title="broken", body="Text.")

    done = asyncio.run(Judges(rules).judge([good, bad, other], listed=True))

    assert isinstance(done[0], Judged) and isinstance(done[2], Judged)
    assert done[1] == Unjudged("not judged (ValueError: no analysis for you)")


def test_stream_keeps_order_and_passes_none_through(rules: Rules) -> None:
    some = items(20)
    pairs = [(n, None if n % 7 == 0 else item) for n, item in enumerate(some)]

    out = list(Judges(rules).stream(pairs, listed=False))

    assert [key for key, _ in out] == list(range(20))
    assert [j is None for _, j in out] == [n % 7 == 0 for n in range(20)]
    assert out[1][1] == judge(some[1], rules=rules, listed=False)


@pytest.mark.parametrize(("cores", "workers"), [(8, 7), (2, 1), (1, 1), (None, 1)])
def test_the_default_workers_are_one_per_core_but_one_and_zero_means_none(
    monkeypatch: pytest.MonkeyPatch, cores: int | None, workers: int
) -> None:
    monkeypatch.setattr(os, "cpu_count", lambda: cores)
    assert PollSettings().pool_workers == workers
    assert PollSettings(workers=0).pool_workers == 0
    assert PollSettings(workers=3).pool_workers == 3
    with pytest.raises(ValueError, match="workers"):
        PollSettings(workers=-1)


@pytest.mark.slow
def test_a_large_run_is_judged_in_workers_with_the_same_results(rules: Rules) -> None:
    some = items(3 * CHUNK + 5)
    with Judges(rules, workers=2, pool_after=CHUNK) as judges:
        first = asyncio.run(judges.judge(some[:CHUNK], listed=True))  # here: not over yet
        assert not judges.pooled
        rest = asyncio.run(judges.judge(some[CHUNK:], listed=True))
        assert judges.pooled

    assert first + rest == [judge(item, rules=rules, listed=True) for item in some]


@pytest.mark.slow
def test_a_worker_that_dies_fails_its_chunk_only_and_the_pool_is_replaced(rules: Rules) -> None:
    some = items(2 * CHUNK)
    crash = Item(source="s", url="https://example.org/crash", title=CRASH, body="Text.")
    with Judges(rules, workers=1, pool_after=0, task=crashing_chunk) as judges:
        lost = asyncio.run(judges.judge([crash, *some[: CHUNK - 1]], listed=True))
        later = asyncio.run(judges.judge(some, listed=True))

    assert len(lost) == CHUNK
    assert all(isinstance(j, Unjudged) and "worker process died" in j.reason for j in lost)
    assert later == [judge(item, rules=rules, listed=True) for item in some]


@pytest.mark.slow
def test_a_stream_judges_here_while_the_pool_is_slow_in_order_and_tallied(rules: Rules) -> None:
    some = items((AHEAD + 4) * CHUNK)
    judge(some[0], rules=rules, listed=False)  # what the analysis loads on first use, loaded
    with Judges(rules, workers=1, pool_after=0, task=slow_chunk) as judges:
        asyncio.run(judges.judge(some[:1], listed=False))  # the worker is up: it takes chunks
        out = list(judges.stream(enumerate(some), listed=False))
        queued = judges._queued  # a cancelled chunk must leave the tally too

    assert [key for key, _ in out] == list(range(len(some)))
    by_worker = [j == Unjudged(IN_A_WORKER) for _, j in out]
    assert by_worker[0]  # the first chunk went to the worker, and was waited for
    assert not all(by_worker)
    assert all(j == judge(some[n], rules=rules, listed=False) for n, j in out if not by_worker[n])
    # the last chunk sent to the pool before waiting was taken back (cancelled) and judged here
    assert not any(by_worker[(AHEAD - 1) * CHUNK : AHEAD * CHUNK])
    assert queued == 0


def dump(path: Path) -> list[str]:
    """Every row of every table of the archive at ``path``, as SQL (less the migrations'
    timestamps)."""
    connection = sqlite3.connect(path)
    try:
        return [line for line in connection.iterdump() if "_sqlite_migrations" not in line]
    finally:
        connection.close()


@pytest.mark.slow
def test_a_bulk_import_in_workers_stores_what_an_import_here_stores(
    rules: Rules, tmp_path: Path
) -> None:
    records: list[Record | RecordError] = list(releases(300))
    records.insert(10, RecordError("line 11: not JSON: Expecting value"))
    with Store.open(tmp_path / "here.db") as here:
        alone = import_records(records, here, rules=rules, now=NOW)
    with Store.open(tmp_path / "pooled.db") as pooled, Judges(rules, workers=2) as judges:
        report = import_records(records, pooled, rules=rules, now=NOW, judges=judges)
        assert judges.pooled

    assert report == alone
    assert report.new == 300 and report.errors == ("line 11: not JSON: Expecting value",)
    assert dump(tmp_path / "pooled.db") == dump(tmp_path / "here.db")


# A run that starts a pool of one worker, prints the worker's pid, then waits to be killed.
KILLED_RUN = """
import asyncio, multiprocessing, sys, time
from config import Settings
from flows.core.judging import Judges
from flows.devtools.bench.imports import releases
from flows.core.records import to_item
from scrapers.analysis import Rules

if __name__ == "__main__":
    judges = Judges(Rules.compile(Settings().analysis), workers=1, pool_after=0)
    asyncio.run(judges.judge([to_item(r) for r in releases(2)], listed=True))
    print(*(p.pid for p in multiprocessing.active_children()), flush=True)
    time.sleep(60)
"""


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.slow
def test_workers_end_when_the_run_that_started_them_is_killed() -> None:
    command = [sys.executable, "-c", KILLED_RUN]
    run = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, cwd=ROOT)
    assert run.stdout is not None
    workers = [int(pid) for pid in run.stdout.readline().split()]
    assert workers and all(alive(pid) for pid in workers)

    run.send_signal(signal.SIGKILL)
    run.wait()

    deadline = time.monotonic() + 30
    while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(alive(pid) for pid in workers)


WORKER = """
import pickle, sys
from flows.core.articles import Page
from flows.core.judging import Judged, _start_worker, judge_chunk
from scrapers import Item, Response

rules = pickle.loads(sys.stdin.buffer.read())
_start_worker(rules)
body = b"<p>The 3rd Ruritania-Freedonia Cyber Dialogue took place in Valletta on 9 May 2031.</p>"
page = Page(
    Item(source="s", url="https://example.org/a", title="Cyber Dialogue"),
    Response(url="https://example.org/a", status=200, headers={}, content=body),
    selector="p",
)
item = Item(source="s", url="https://example.org/b", title="Cyber Dialogue", body=body.decode())
judged = judge_chunk([page, item], True)
print(all(isinstance(j, Judged) for j in judged), "pydantic" in sys.modules)
"""


def test_a_worker_judges_without_loading_pydantic(rules: Rules) -> None:
    """What a spawned worker imports, unpickles and runs: the rules' numbers are plain values
    and the modules it reads import ``config`` for types only (pydantic is 9 MB a worker)."""
    done = subprocess.run(
        [sys.executable, "-c", WORKER],
        input=pickle.dumps(rules),
        cwd=Path(__file__).resolve().parents[3],
        capture_output=True,
        check=True,
        timeout=120,
    )
    assert done.stdout.decode().split() == ["True", "False"]


HEAVY_MAIN = """
import asyncio
import sys

from flows.cli import main  # what the ``cyberwatch`` console script imports: the whole command
from config import Settings
from flows.core.judging import Judges

if __name__ == "__main__":
    with Judges(Settings().analysis, workers=1, pool_after=0) as judges:
        judges.expect(1)
        loaded = asyncio.run(judges.offload(eval, "sorted(__import__('sys').modules)"))
    heavy = ("flows.cli", "typer")
    print(*(name for name in heavy if name in sys.modules), "|", *(n for n in heavy if n in loaded))
"""


@pytest.mark.slow
@pytest.mark.parametrize("started_as", ["script", "module"])
def test_workers_do_not_run_the_main_module_of_the_run_that_spawned_them(
    tmp_path: Path, started_as: str
) -> None:
    """``cyberwatch poll`` is a console script and a scheduled run is ``python -m
    prefect.engine``: a spawned worker would import either again (13 and 53 MB a worker)."""
    (tmp_path / "heavy_main.py").write_text(HEAVY_MAIN)
    command = ["heavy_main.py"] if started_as == "script" else ["-m", "heavy_main"]
    done = subprocess.run(
        [sys.executable, *command],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["flows.cli", "typer", "|"]
