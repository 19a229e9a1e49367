"""A process that forks the poll or the digest on demand and kills it with SIGKILL on time.

The crash-safety tests run many poll and digest processes and kill each at a random moment.
Starting a fresh interpreter for each would cost a second of imports before any work; instead
``Zygote`` starts this module once (``python -c "from tests.flows.crash_child import main;
main()"``), which imports the pipeline and warms it, then for each job read from standard input
forks a child running the plain core (``flows.core.poll.poll_source`` for every source, or
``flows.digest.outbox.run_digests``: the work the ``poll`` and ``digest`` flows wrap, without
Prefect), waits up to ``kill_after`` seconds, sends the child SIGKILL if it is still running,
and answers one JSON line. The zygote is single-threaded, so forking it is safe.

Protocol, one JSON object per line:

    job      {"job": "poll" | "digest", "params": {...}, "kill_after": seconds | null}
    answer   {"pid": int, "killed": bool, "seconds": float, "status": int}
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
import traceback
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from config import (
    EmailSettings,
    FetchSettings,
    PollSettings,
    Settings,
    SlackSettings,
    Source,
    load_sources,
)
from flows.core.poll import poll_source, record_failure
from flows.core.results import SourceResult
from flows.core.runtime import Runtime, open_runtime
from flows.digest.outbox import run_digests
from scrapers import TransientFetchError
from scrapers.analysis import Rules, analyze

ROOT = Path(__file__).resolve().parents[2]
START = "from tests.flows.crash_child import main; main()"
SENDER = "cyberwatch <cyberwatch@ministry.example>"
TO = "desk@ministry.example"
HOLD_SECONDS = 0.1  # a poll's writes held this long at a time (``flows.core.runtime``)


def poll_settings(params: dict[str, Any]) -> Settings:
    """The test settings of ``tests/flows/conftest.py`` (no pacing, no retry delay), with
    timeouts long enough for a loaded machine: a timed-out article is left for the next poll,
    which would make a rerun differ from a clean run for a reason other than the kill."""
    return Settings(
        db=Path(params["db"]),
        sources=Path(params["sources"]),
        fetch=FetchSettings(timeout=20.0, connect_timeout=20.0, rate=1000, robots=False),
        poll=PollSettings(retries=1, retry_delay=0.0),
    )


def digest_settings(params: dict[str, Any]) -> Settings:
    """Email through the SMTP server on ``smtp_port``, Slack to ``slack_url`` in messages of at
    most three blocks (so that a digest is many posts, each recorded as it is accepted)."""
    email = EmailSettings(
        host="127.0.0.1",
        port=params["smtp_port"],
        tls="none",
        sender=SENDER,
        recipients=(TO,),
        timeout=5,
    )
    slack = SlackSettings.model_validate(
        {"webhook_url": params["slack_url"], "retries": 0, "retry_delay": 0, "max_blocks": 3}
    )
    return poll_settings(params).model_copy(update={"email": email, "slack": slack})


async def poll_all(settings: Settings, now: datetime) -> list[SourceResult]:
    """Every source of the catalogue (the disabled ones too), concurrently, as ``poll --all``
    does without Prefect (transient failures recorded, not retried), its writes committed
    ``HOLD_SECONDS`` at a time: a run of about a second has several commits for the kills to
    fall between, however fast the machine (with the default, one second, a run of 1.1 s
    committed once, at its end)."""
    async with open_runtime(settings, hold=HOLD_SECONDS) as runtime:

        async def one(source: Source, runtime: Runtime) -> SourceResult:
            try:
                return await poll_source(
                    source, fetcher=runtime.fetcher, store=runtime.store, settings=settings, now=now
                )
            except TransientFetchError as e:
                return record_failure(runtime.store, source, e, now=now, rules=settings.schedule)

        sources = load_sources(settings.sources)
        return list(await asyncio.gather(*(one(s, runtime) for s in sources)))


def run_job(job: str, params: dict[str, Any]) -> None:
    now = datetime.fromisoformat(params["now"])
    if job == "poll":
        asyncio.run(poll_all(poll_settings(params), now))
    elif job == "digest":
        report = run_digests(digest_settings(params), now=now)
        failed = [o for o in report.outcomes if o.status not in ("sent", "empty")]
        if failed:
            raise RuntimeError(f"digest did not complete: {failed}")
    else:
        raise ValueError(f"unknown job {job!r}")


def _warm() -> None:
    """Load what the first analysis loads (language models, gazetteers) before any fork."""
    rules = Rules.compile(Settings().analysis)
    title, text = "The 4th Republic of Korea-UK Cyber Dialogue", "It was held in London."
    analyze(title, text, published=None, url=None, rules=rules)


def _fork(job: str, params: dict[str, Any]) -> int:
    pid = os.fork()
    if pid == 0:  # the child: never back into the loop, never on the protocol's stdout
        code = 0
        try:
            os.dup2(2, 1)
            run_job(job, params)
        except BaseException:
            traceback.print_exc()
            code = 1
        finally:
            sys.stderr.flush()
            os._exit(code)
    return pid


def _wait(pid: int, kill_after: float | None) -> tuple[bool, int]:
    """Wait for the child, killing it after ``kill_after`` seconds; (killed, status)."""
    deadline = None if kill_after is None else time.monotonic() + kill_after
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return False, os.waitstatus_to_exitcode(status)
        if deadline is not None and time.monotonic() >= deadline:
            os.kill(pid, signal.SIGKILL)
            _, status = os.waitpid(pid, 0)
            return True, os.waitstatus_to_exitcode(status)
        time.sleep(0.001)


def main() -> None:
    _warm()
    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        request = json.loads(line)
        started = time.monotonic()
        pid = _fork(request["job"], request["params"])
        killed, status = _wait(pid, request.get("kill_after"))
        answer = {"pid": pid, "killed": killed, "seconds": time.monotonic() - started}
        print(json.dumps({**answer, "status": status}), flush=True)


@dataclass(frozen=True)
class ChildRun:
    """How one forked job ended: killed (by SIGKILL, after ``seconds``) or finished."""

    pid: int
    killed: bool
    seconds: float
    status: int


class Zygote:
    """The forking process, seen from the test: ``run(job, params, kill_after=)``."""

    def __init__(self, log: Path) -> None:
        self._log = log.open("w")
        self._process = subprocess.Popen(
            [sys.executable, "-c", START],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._log,
            text=True,
            env={**os.environ, "PREFECT_SERVER_ANALYTICS_ENABLED": "false"},
        )
        self._read()  # {"ready": true} once imported and warm

    def _read(self) -> dict[str, Any]:
        assert self._process.stdout is not None
        line = self._process.stdout.readline()
        assert line, f"the zygote died; see {self._log.name}"
        answer: dict[str, Any] = json.loads(line)
        return answer

    def run(self, job: str, params: dict[str, Any], *, kill_after: float | None) -> ChildRun:
        assert self._process.stdin is not None
        request = {"job": job, "params": params, "kill_after": kill_after}
        self._process.stdin.write(json.dumps(request) + "\n")
        self._process.stdin.flush()
        answer = self._read()
        return ChildRun(answer["pid"], answer["killed"], answer["seconds"], answer["status"])

    def close(self) -> None:
        if self._process.stdin is not None:
            self._process.stdin.close()
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        if self._process.stdout is not None:
            self._process.stdout.close()
        self._log.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
