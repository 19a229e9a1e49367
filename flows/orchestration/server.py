"""The local Prefect server ``cyberwatch serve`` runs when no ``PREFECT_API_URL`` is set.

    with local_server(settings) as api_url:   # "http://127.0.0.1:PORT/api", answering
        ...

It is ``prefect server start --host 127.0.0.1 --port PORT`` in a process group of its own (so a
Ctrl-C in the terminal reaches ``serve``, which stops it last, after the runner), with its home and
SQLite database in cyberwatch's data directory (``[serve] home``, default ``<data dir>/prefect``),
analytics off, and old flow runs vacuumed (``PREFECT_SERVER_SERVICES_DB_VACUUM_ENABLED``,
retention ``[serve] retention``). Its output goes to ``server.log`` in that home. While it runs,
``server.json`` there records its URL, so ``cyberwatch status`` and ``cyberwatch poll`` find it,
with its process and the ``serve`` process that owns it. A ``serve`` killed outright (SIGKILL,
the OOM killer) cannot stop its server, which then runs on in its own session; the next
``serve`` finds that record with its owner gone, stops the orphan and starts afresh, instead of
refusing to start beside a server nobody runs.
"""

from __future__ import annotations

import http.client
import importlib.util
import json
import logging
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO
from urllib.parse import urlsplit

from config import Settings, data_dir

log = logging.getLogger("cyberwatch.serve")

HOST = "127.0.0.1"
SERVER_FILE = "server.json"
SERVER_LOG = "server.log"
STOP_TIMEOUT = 30.0  # seconds the server has to stop after SIGTERM before it is killed
# The server's database is ours (SQLite in its home), whatever the environment says.
_PREFECT_DATABASE = (
    "PREFECT_API_DATABASE_CONNECTION_URL",
    "PREFECT_SERVER_DATABASE_CONNECTION_URL",
)
# What a temporary server does for each event the run sends (three per task run: pending,
# running, done) that nobody reads from a server living for one run: storing the events and the
# task runs they describe, matching them against automations, streaming them out. The flow run
# itself is still recorded; each source's result is in the poll's summary and log lines.
UNREAD_SERVICES = {
    "PREFECT_SERVER_SERVICES_TASK_RUN_RECORDER_ENABLED": "false",
    "PREFECT_SERVER_SERVICES_EVENT_PERSISTER_ENABLED": "false",
    "PREFECT_SERVER_SERVICES_TRIGGERS_ENABLED": "false",
    "PREFECT_SERVER_EVENTS_STREAM_OUT_ENABLED": "false",
    "PREFECT_SERVER_LOGS_STREAM_OUT_ENABLED": "false",
}


class ServerError(RuntimeError):
    """The local Prefect server could not be started, or stopped answering."""


def prefect_home(settings: Settings) -> Path:
    """Where the local server keeps its database and logs."""
    return settings.serve.home or data_dir() / "prefect"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        port: int = s.getsockname()[1]
        return port


def server_environment(settings: Settings, environ: Mapping[str, str]) -> dict[str, str]:
    """The local server's environment: its home (and so its SQLite database) ours, no
    telemetry, flow runs and events older than ``[serve] retention`` vacuumed."""
    env = {k: v for k, v in environ.items() if k not in ("PREFECT_API_URL", *_PREFECT_DATABASE)}
    env["PREFECT_HOME"] = str(prefect_home(settings))
    env["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
    env.setdefault("PREFECT_SERVER_SERVICES_DB_VACUUM_ENABLED", "events,flow_runs")
    retention = int(settings.serve.retention.total_seconds())
    env.setdefault("PREFECT_SERVER_SERVICES_DB_VACUUM_RETENTION_PERIOD", str(retention))
    return env


def healthy(api_url: str, *, timeout: float = 2.0) -> bool:
    """Whether a Prefect server answers at ``api_url`` (``.../api``, one of ours on the
    loopback): its health check through ``http.client`` (an httpx client sets up TLS for each
    new client, ~0.1 s of CPU, and a start-up waits on this many times)."""
    url = urlsplit(f"{api_url}/health")
    kind = http.client.HTTPSConnection if url.scheme == "https" else http.client.HTTPConnection
    connection = kind(url.hostname or HOST, url.port, timeout=timeout)
    try:
        connection.request("GET", url.path)
        return connection.getresponse().status == 200
    except (OSError, http.client.HTTPException):
        return False
    finally:
        connection.close()


def recorded_server(settings: Settings) -> str | None:
    """The API URL of the local server a running ``cyberwatch serve`` started, if it answers."""
    try:
        url = json.loads((prefect_home(settings) / SERVER_FILE).read_text())["url"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return url if isinstance(url, str) and healthy(url) else None


def find_api(settings: Settings) -> str | None:
    """PREFECT_API_URL from the environment, else the server of a running ``cyberwatch serve``."""
    return os.environ.get("PREFECT_API_URL") or recorded_server(settings)


@contextmanager
def local_server(
    settings: Settings,
    *,
    environ: Mapping[str, str] | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> Iterator[str]:
    """Start the local Prefect server (its database migrated first, by a process of its own:
    ``server_database``), wait until it answers, yield its API URL; stop it (and everything in
    its process group) however the block ends."""
    home = prefect_home(settings)
    home.mkdir(parents=True, exist_ok=True)
    running = recorded_server(settings)
    if running is not None and not stop_orphan(home):
        # two servers on one SQLite database would fight over its lock
        raise ServerError(f"a cyberwatch serve is already running with its server at {running}")
    port = settings.serve.port or free_port()
    api_url = f"http://{HOST}:{port}/api"
    command = [sys.executable, "-m", "prefect", "server", "start", "--host", HOST]
    command += ["--port", str(port), "--analytics-off"]
    env = server_environment(settings, os.environ if environ is None else environ)
    log.info("starting a local Prefect server at %s (home %s)", api_url.removesuffix("/api"), home)
    # Imported here: a poll imports this module to start its server first, before anything else.
    from flows.orchestration.server_database import MigrationError, migrate_first

    with (home / SERVER_LOG).open("ab") as output:
        try:  # before it starts, in a process of its own: the server then keeps none of it
            env = migrate_first(env, output)
        except MigrationError as e:
            raise ServerError(
                f"the local Prefect server's database could not be migrated (status {e.status});"
                f" see {home / SERVER_LOG}: {_tail(home / SERVER_LOG)}"
            ) from e
        process = subprocess.Popen(
            command,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own group: the terminal's Ctrl-C reaches serve only
        )
    record = home / SERVER_FILE
    try:
        _wait_until_ready(process, api_url, settings.serve.startup_timeout, home, clock)
        record.write_text(json.dumps({"url": api_url, "pid": process.pid, "owner": os.getpid()}))
        yield api_url
    finally:
        with suppress(OSError):
            record.unlink()
        stop(process)


def stop_orphan(home: Path, *, clock: Callable[[], float] = time.monotonic) -> bool:
    """Stop the server ``home``'s record names if the ``serve`` that started it is gone (it was
    killed without stopping it); False, touching nothing, when its owner still runs or the
    record does not say who it is."""
    try:
        record = json.loads((home / SERVER_FILE).read_text())
        url, pid, owner = str(record["url"]), int(record["pid"]), int(record["owner"])
    except (OSError, ValueError, KeyError, TypeError):
        return False
    if _alive(owner):
        return False
    log.warning("stopping the local Prefect server a killed serve left running at %s", url)
    with suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGTERM)
    deadline = clock() + STOP_TIMEOUT
    while healthy(url, timeout=0.5) and clock() < deadline:
        time.sleep(0.1)
    with suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)
    with suppress(OSError):
        (home / SERVER_FILE).unlink()
    return True


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def _wait_until_ready(
    process: subprocess.Popen[bytes],
    api_url: str,
    timeout: float,
    home: Path,
    clock: Callable[[], float],
) -> None:
    started = clock()
    while not healthy(api_url):
        if process.poll() is not None:
            raise ServerError(
                f"the local Prefect server exited with status {process.returncode}; "
                f"see {home / SERVER_LOG}: {_tail(home / SERVER_LOG)}"
            )
        if clock() - started > timeout:
            raise ServerError(
                f"the local Prefect server did not answer within {timeout:.0f} s "
                f"([serve] startup_timeout); see {home / SERVER_LOG}"
            )
        time.sleep(0.25)
    log.info("the local Prefect server is ready (%.1f s)", clock() - started)


class Starting:
    """A temporary server on its way up: ``ready`` waits until it answers and returns its API
    URL; ``stop`` stops it (and is done anyway when ``temporary_server``'s block ends)."""

    def __init__(self, process: subprocess.Popen[bytes], api_url: str, output: IO[bytes]):
        self._process = process
        self._api_url = api_url
        self._output = output

    def ready(self, timeout: float) -> str:
        """Wait until it answers (at most ``timeout`` seconds from now); its API URL."""
        started = time.monotonic()
        process = self._process
        while not healthy(self._api_url, timeout=1.0):
            if process.poll() is not None or time.monotonic() - started > timeout:
                raise ServerError(
                    f"the temporary Prefect server {_failure(process, timeout)}: "
                    f"{_said(self._output)}"
                )
            time.sleep(0.05)
        return self._api_url

    def stop(self) -> None:
        stop(self._process)


@contextmanager
def temporary_server(env: Mapping[str, str]) -> Iterator[Starting]:
    """Start the temporary Prefect server a run without an API needs, at once; yield it on its
    way up (``Starting``); stop it however the block ends.

    The command is the one Prefect's client would start (``SubprocessASGIServer`` in
    ``prefect/server/api/server.py``: uvicorn serving ``create_app`` as an ephemeral server, no
    UI, its database in ``PREFECT_HOME``), with ``env`` as its environment, less the services
    that only keep what nobody reads from it (``UNREAD_SERVICES``), run by ``server_child``,
    which migrates its database first (``server_database``) and stops it should this process
    end without stopping it (killed outright). Started here, Prefect's server modules are never
    imported into this process (about 2 s of CPU), and the server starts while this process
    imports the flow.
    """
    spec = importlib.util.find_spec("prefect")
    if spec is None or not spec.submodule_search_locations:
        raise ServerError("Prefect is not installed")
    package = Path(next(iter(spec.submodule_search_locations)))
    api_url = f"http://{HOST}:{free_port()}/api"
    command = [sys.executable, "-m", "flows.orchestration.server_child"]  # uvicorn, watched
    command += ["--app-dir", str(package.parent), "--factory"]
    command += ["prefect.server.api.server:create_app", "--host", HOST]
    command += ["--port", api_url.split(":")[-1].removesuffix("/api"), "--log-level", "error"]
    command += ["--lifespan", "on"]
    ephemeral = {"PREFECT_UI_ENABLED": "0", "PREFECT__SERVER_EPHEMERAL": "1", **UNREAD_SERVICES}
    with tempfile.TemporaryFile() as output:
        process = subprocess.Popen(
            command,
            env={**env, **ephemeral, "PREFECT__SERVER_FINAL": "1"},
            stdin=subprocess.PIPE,  # closed when this process ends: the server then stops
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # stopped with its group, like the local server
        )
        try:
            yield Starting(process, api_url, output)
        finally:
            stop(process)
            if process.stdin is not None:
                process.stdin.close()


def _failure(process: subprocess.Popen[bytes], timeout: float) -> str:
    if process.returncode is not None:
        return f"exited with status {process.returncode}"
    return f"did not answer within {timeout:.0f} s"


def _said(output: IO[bytes]) -> str:
    """The last lines a process wrote to ``output``."""
    output.seek(0)
    lines = output.read().decode(errors="replace").strip().splitlines()[-3:]
    return " | ".join(line.strip() for line in lines) or "no output"


def stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM to the server's process group, then SIGKILL if it has not stopped in time."""
    if process.poll() is not None:
        return
    log.info("stopping the local Prefect server")
    _signal_group(process, signal.SIGTERM)
    try:
        process.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        log.warning("the local Prefect server did not stop in %.0f s: killing it", STOP_TIMEOUT)
        _signal_group(process, signal.SIGKILL)
        process.wait()
    # Anything it started in its group goes with it.
    with suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)


def _signal_group(process: subprocess.Popen[bytes], sig: signal.Signals) -> None:
    try:
        os.killpg(process.pid, sig)
    except ProcessLookupError:
        pass
    except PermissionError:
        process.send_signal(sig)


def _tail(path: Path, lines: int = 3) -> str:
    try:
        text = path.read_text(errors="replace")
    except OSError:
        return ""
    return " | ".join(line.strip() for line in text.splitlines()[-lines:] if line.strip())
