"""The temporary Prefect server a flow run from the command line starts itself when Prefect has
no API (flows/orchestration/server.py ``temporary_server``, run.py ``prefect_settings``)."""

import json
import os
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import httpx
import pytest
from prefect.events.clients import NullEventsClient
from prefect.events.worker import EventsWorker
from prefect.settings import PREFECT_API_URL, get_current_settings, temporary_settings

from config import ServeSettings, Settings
from flows.devtools.demo.server import FixtureServer
from flows.orchestration.run import prefect_settings
from flows.orchestration.server import ServerError, local_server, temporary_server
from flows.orchestration.server_database import STAMP, revision, up_to_date

from .conftest import write_catalogue

pytestmark = pytest.mark.slow  # a Prefect server process
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """No ``cyberwatch serve`` is running: its home has no server.json."""
    return Settings(db=tmp_path / "archive.db", serve=ServeSettings(home=tmp_path / "prefect"))


def environment(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    return {**env, "PREFECT_HOME": str(home), "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}


STARTED = """
import sys
import httpx
from flows.orchestration.server import temporary_server

with temporary_server(dict(__import__("os").environ)) as starting:
    api_url = starting.ready(120)
    assert httpx.get(f"{api_url}/health", timeout=5).status_code == 200
    assert "prefect.server.api.server" not in sys.modules  # started, never imported here
try:
    httpx.get(f"{api_url}/health", timeout=2)
except httpx.HTTPError:
    print("stopped")
"""


def test_it_answers_once_ready_and_is_gone_after(tmp_path: Path) -> None:
    """In a process of its own, so that no other test has imported Prefect's server."""
    done = subprocess.run(
        [sys.executable, "-c", STARTED],
        env=environment(tmp_path / "prefect"),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "stopped"
    assert (tmp_path / "prefect").is_dir()  # its database is in the home it was given


def test_its_database_is_migrated_before_it_starts_and_only_once(tmp_path: Path) -> None:
    """A new home's database is migrated by a process of its own, which leaves a stamp; the
    next start finds it up to date and migrates nothing (the stamp is not rewritten)."""
    home = tmp_path / "prefect"
    written: list[int] = []
    for _ in range(2):
        with temporary_server(environment(home)) as starting:
            api_url = starting.ready(120)
            flows = httpx.post(f"{api_url}/flows/filter", json={}, timeout=5)
            assert flows.status_code == 200, flows.text  # its tables are there: migrated
            assert flows.json() == []
            stamped = json.loads((home / STAMP).read_text(encoding="utf-8"))
            assert stamped["database"] == str((home / "prefect.db").resolve())
            assert stamped["revision"] == revision(home / "prefect.db") is not None
            assert up_to_date(home)
            written.append((home / STAMP).stat().st_mtime_ns)
    assert written[0] == written[1]


def test_a_database_that_cannot_be_migrated_is_a_clear_error(tmp_path: Path) -> None:
    home = tmp_path / "prefect"
    (home / "prefect.db").mkdir(parents=True)  # a directory where the database should be
    with temporary_server(environment(home)) as starting, pytest.raises(ServerError) as caught:
        starting.ready(120)
    assert "the temporary Prefect server exited with status 1" in str(caught.value)
    assert "unable to open database file" in str(caught.value)  # the migration's own error
    assert not (home / STAMP).exists()


def test_serve_s_server_has_its_database_migrated_first_too(settings: Settings) -> None:
    home = settings.serve.home
    assert home is not None
    environ = environment(home)
    with local_server(settings, environ=environ) as api_url:
        flows = httpx.post(f"{api_url}/flows/filter", json={}, timeout=5)
        assert flows.status_code == 200, flows.text  # migrated, although not by the server
        assert up_to_date(home)


def test_serve_s_server_whose_database_cannot_be_migrated_is_a_clear_error(
    settings: Settings,
) -> None:
    home = settings.serve.home
    assert home is not None
    (home / "prefect.db").mkdir(parents=True)
    with pytest.raises(ServerError) as caught, local_server(settings, environ=environment(home)):
        pass
    message = str(caught.value)
    assert "the local Prefect server's database could not be migrated (status 1)" in message
    assert "unable to open database file" in message
    assert not (home / "server.json").exists()


KILLED = """
import os, time
from flows.orchestration.server import temporary_server

with temporary_server(dict(os.environ)) as starting:
    print(starting.ready(120), flush=True)
    time.sleep(600)  # killed meanwhile
"""


def running(pid: int) -> bool:
    """Whether process ``pid`` exists and has not ended (a zombie waiting to be reaped has)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "\tZ (zombie)" not in status and "\tX (dead)" not in status


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc (Linux)")
def test_a_run_killed_outright_leaves_no_server(tmp_path: Path) -> None:
    """SIGKILL gives the run no chance to stop its server: the server stops itself."""
    run = subprocess.Popen(
        [sys.executable, "-c", KILLED],
        env=environment(tmp_path / "prefect"),
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert run.stdout is not None
        api_url = run.stdout.readline().strip()
        assert httpx.get(f"{api_url}/health", timeout=5).status_code == 200
        children = Path(f"/proc/{run.pid}/task/{run.pid}/children").read_text().split()
        (server,) = [int(pid) for pid in children]
        run.kill()
        run.wait()
        for _ in range(600):  # up to 60 s
            if not running(server):
                break
            time.sleep(0.1)
        assert not running(server)
        with pytest.raises(httpx.TransportError):
            httpx.get(f"{api_url}/health", timeout=2)
    finally:
        run.kill()
        run.wait()


def test_a_server_that_cannot_start_is_a_clear_error(tmp_path: Path) -> None:
    env = environment(tmp_path / "prefect")
    env["PREFECT_API_DATABASE_CONNECTION_URL"] = "nosuchdb://nowhere"
    with temporary_server(env) as starting, pytest.raises(ServerError) as caught:
        starting.ready(120)
    assert "the temporary Prefect server exited with status" in str(caught.value)


def test_a_run_points_prefect_at_it_and_sends_it_no_log_lines_or_events(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    monkeypatch.setenv("PREFECT_HOME", str(tmp_path / "home"))
    with temporary_settings(restore_defaults={PREFECT_API_URL}):
        with prefect_settings(settings, verbose=False, server=True) as api, api():
            inside = get_current_settings()
            assert inside.api.url and inside.api.url.startswith("http://127.0.0.1:")
            assert httpx.get(f"{inside.api.url}/health", timeout=5).status_code == 200
            assert inside.logging.to_api.enabled is False
            assert EventsWorker.instance().client_type is NullEventsClient  # events: none sent
            assert inside.flows.heartbeat_frequency is None  # nor heartbeats
            served = httpx.get(f"{inside.api.url}/admin/settings", timeout=5).json()["server"]
        assert not get_current_settings().api.url
        assert EventsWorker._client_override is None  # later runs send theirs again
    # nothing kept of the run's task runs and events: nobody reads a temporary server
    assert served["services"]["task_run_recorder"]["enabled"] is False
    assert served["services"]["event_persister"]["enabled"] is False
    assert served["services"]["triggers"]["enabled"] is False
    assert served["events"]["stream_out_enabled"] is False


def test_no_server_when_prefect_has_an_api(settings: Settings) -> None:
    with (
        temporary_settings(updates={PREFECT_API_URL: "http://127.0.0.1:9/api"}),
        prefect_settings(settings, verbose=False, server=True) as api,
        api(),
    ):
        assert get_current_settings().api.url == "http://127.0.0.1:9/api"


def _left_running(home: Path) -> list[int]:
    """The processes whose environment names ``home`` as their Prefect home."""
    marker = f"PREFECT_HOME={home}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and marker in (entry / "environ").read_bytes().split(b"\0"):
                found.append(int(entry.name))
        except OSError:  # gone meanwhile, or not ours to read
            continue
    return found


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="reads /proc (Linux)")
def test_a_poll_without_an_api_runs_records_its_run_and_leaves_no_server(
    server: FixtureServer, tmp_path: Path
) -> None:
    """``cyberwatch poll`` starts the temporary server ahead (before Prefect is imported): the
    run still goes through Prefect, is recorded in the server's database, and the server is
    gone when the command exits."""
    home = tmp_path / "prefect"
    env = environment(home)
    env.update(
        CYBERWATCH_SOURCES=str(write_catalogue(server, tmp_path / "sources.toml")),
        CYBERWATCH_DB=str(tmp_path / "archive.db"),
        CYBERWATCH_SERVE__HOME=str(tmp_path / "serve"),  # no ``serve`` running
        CYBERWATCH_FETCH__RATE="1000",  # our own loopback server: no pacing
    )
    command = [sys.executable, "-c", "from flows.cli import main; main()"]
    done = subprocess.run(
        [*command, "poll", "--json", "--source", "govuk-fcdo"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    polled = json.loads(done.stdout.splitlines()[0])  # then one line per new release
    assert polled["source"] == "govuk-fcdo" and polled["new"] > 0
    with closing(sqlite3.connect(home / "prefect.db")) as db:
        runs = db.execute(
            "select flow.name, flow_run.state_type from flow_run"
            " join flow on flow.id = flow_run.flow_id"
        ).fetchall()
    assert runs == [("poll", "COMPLETED")]
    assert _left_running(home) == []


def test_a_server_started_ahead_is_stopped_when_prefect_has_an_api(settings: Settings) -> None:
    with temporary_server(environment(settings.serve.home or Path())) as ahead:
        with (
            temporary_settings(updates={PREFECT_API_URL: "http://127.0.0.1:9/api"}),
            prefect_settings(settings, verbose=False, server=True, ahead=ahead) as api,
            api(),
        ):
            assert get_current_settings().api.url == "http://127.0.0.1:9/api"
        with pytest.raises(ServerError, match="exited with status"):
            ahead.ready(5)  # stopped, unused
