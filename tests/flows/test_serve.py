"""`cyberwatch serve` as a real process: its own Prefect server, scheduled polls and a digest,
then Ctrl-C (SIGINT) stops everything and leaves no process behind."""

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from config import Settings, load_settings
from flows.core.status import FlowRun
from flows.devtools.demo.server import FixtureServer
from flows.orchestration.runs import flow_runs
from flows.orchestration.server import recorded_server

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
DEADLINE = 120.0  # seconds for the server to start and the runs to happen; usually ~25
ERRORING = """
[[source]]
name = "erroring"
kind = "feed"
url = "{{BASE}}/_fault/500"
"""


def processes() -> dict[int, tuple[int, str]]:
    """Every process: pid -> (parent pid, start time), from /proc."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        found[int(entry.name)] = (int(fields[1]), fields[19])  # ppid, starttime
    return found


def descendants(root: int) -> dict[tuple[int, str], str]:
    """Every process below ``root``: (pid, start time) -> its command line."""
    table = processes()
    found: dict[tuple[int, str], str] = {}
    todo = [root]
    while todo:
        parent = todo.pop()
        for pid, (ppid, started) in table.items():
            if ppid == parent and (pid, started) not in found:
                found[(pid, started)] = _cmdline(pid)
                todo.append(pid)
    return found


def alive(pid: int, started: str) -> bool:
    """Whether that very process (not a later one with its pid) still runs."""
    table = processes()
    return pid in table and table[pid][1] == started


@pytest.fixture
def serve_env(
    server: FixtureServer, tmp_path: Path, catalogue_with: Callable[[FixtureServer, str], Path]
) -> Iterator[dict[str, str]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API")}
    env.update(
        {
            "PREFECT_HOME": str(tmp_path / "prefect-client"),
            "PREFECT_RUNNER_POLL_FREQUENCY": "1",
            "CYBERWATCH_SOURCES": str(catalogue_with(server, ERRORING)),
            "CYBERWATCH_DB": str(tmp_path / "archive.db"),
            "CYBERWATCH_FETCH__RATE": "1000",
            "CYBERWATCH_FETCH__ROBOTS": "false",
            "CYBERWATCH_POLL__RETRY_DELAY": "0",
            "CYBERWATCH_SCHEDULE__POLL_INTERVAL": "5s",
            "CYBERWATCH_SCHEDULE__MIN_INTERVAL": "1s",
            "CYBERWATCH_SCHEDULE__DIGEST_INTERVAL": "5s",
            "CYBERWATCH_SERVE__HOME": str(tmp_path / "prefect-server"),
        }
    )
    yield env


def settings_of(env: dict[str, str]) -> Settings:
    return load_settings(environ=env, cwd=ROOT / "tests")


def completed(runs: tuple[FlowRun, ...], flow: str) -> int:
    return sum(1 for r in runs if r.flow == flow and r.state == "Completed")


def test_serve_polls_and_sends_digests_on_schedule_and_stops_on_ctrl_c(
    serve_env: dict[str, str], tmp_path: Path
) -> None:
    settings = settings_of(serve_env)
    log = tmp_path / "serve.log"
    with log.open("wb") as output:
        serve = subprocess.Popen(
            [sys.executable, "-c", "from flows.cli import main; main()", "serve"],
            cwd=ROOT,
            env=serve_env,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # like a terminal's foreground job
        )
    seen: dict[tuple[int, str], str] = {}
    runs: tuple[FlowRun, ...] = ()
    try:
        deadline = time.monotonic() + DEADLINE
        while time.monotonic() < deadline and serve.poll() is None:
            seen.update(descendants(serve.pid))
            api = recorded_server(settings)
            known = flow_runs(api, last=50) if api else None
            runs = known.runs if known else ()
            if completed(runs, "poll") >= 2 and completed(runs, "digest") >= 1:
                break
            time.sleep(1.0)
        output_so_far = log.read_text(errors="replace")
        assert serve.poll() is None, output_so_far
        assert completed(runs, "poll") >= 2, (runs, output_so_far)
        assert completed(runs, "digest") >= 1, (runs, output_so_far)
        seen.update(descendants(serve.pid))
        # `status` finds the server of the running serve; a second serve is refused.
        shown = cyberwatch("status", env=serve_env)
        assert shown.returncode == 0, shown.stderr
        assert "Flow runs (http://127.0.0.1:" in shown.stdout
        assert "FAILING" in shown.stdout and "HTTP 500" in shown.stdout
        second = cyberwatch("serve", env=serve_env)
        assert second.returncode == 4
        assert "a cyberwatch serve is already running" in second.stderr
    finally:
        if serve.poll() is None:
            os.killpg(serve.pid, signal.SIGINT)  # Ctrl-C
        try:
            serve.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(serve.pid, signal.SIGKILL)
            serve.wait()
    output = log.read_text(errors="replace")
    assert serve.returncode == 0, output
    assert any("prefect server start" in command for command in seen.values()), seen
    assert any("prefect.engine" in command for command in seen.values()), seen  # the runs
    left = [command for (pid, started), command in seen.items() if alive(pid, started)]
    assert left == [], output
    assert recorded_server(settings) is None  # the server stopped and its record is gone
    assert "Traceback" not in output
    assert "database is locked" not in output
    assert "erroring: failed (1 in a row" in output  # a failing source: one line, its reason


def cyberwatch(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-c", "from flows.cli import main; main()", *args]
    return subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False
    )


def _cmdline(pid: int) -> str:
    try:
        return (Path("/proc") / str(pid) / "cmdline").read_text().replace("\0", " ")
    except OSError:
        return ""
