"""A ``serve`` killed with SIGKILL leaves its local Prefect server running (in a session of its
own) and its record behind; the next ``serve`` stops that orphan instead of refusing to start.
A stand-in answers ``/api/health`` like the server, in its own session as the real one is."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from flows.orchestration.server import SERVER_FILE, healthy, stop_orphan

pytestmark = pytest.mark.slow

STAND_IN = """
import http.server, sys
class Health(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200 if self.path == "/api/health" else 404)
        self.end_headers()
    def log_message(self, *args):
        pass
server = http.server.HTTPServer(("127.0.0.1", 0), Health)
print(server.server_address[1], flush=True)
server.serve_forever()
"""


@pytest.fixture
def server() -> Iterator[tuple[subprocess.Popen[str], str]]:
    process = subprocess.Popen(
        [sys.executable, "-c", STAND_IN],
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    assert process.stdout is not None
    url = f"http://127.0.0.1:{process.stdout.readline().strip()}/api"
    try:
        yield process, url
    finally:
        process.kill()
        process.wait()
        process.stdout.close()


def dead_pid() -> int:
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    return gone.pid


def record(home: Path, url: str, pid: int, owner: int) -> None:
    (home / SERVER_FILE).write_text(json.dumps({"url": url, "pid": pid, "owner": owner}))


def test_the_server_of_a_killed_serve_is_stopped_and_its_record_removed(
    server: tuple[subprocess.Popen[str], str], tmp_path: Path
) -> None:
    process, url = server
    assert healthy(url)
    record(tmp_path, url, process.pid, owner=dead_pid())
    assert stop_orphan(tmp_path) is True
    assert process.wait(timeout=10) is not None  # SIGTERM reached it
    assert not healthy(url)
    assert not (tmp_path / SERVER_FILE).exists()


def test_the_server_of_a_running_serve_or_of_an_unknown_owner_is_left_alone(
    server: tuple[subprocess.Popen[str], str], tmp_path: Path
) -> None:
    process, url = server
    record(tmp_path, url, process.pid, owner=process.pid)  # a live owner
    assert stop_orphan(tmp_path) is False
    (tmp_path / SERVER_FILE).write_text(json.dumps({"url": url, "pid": process.pid}))  # older
    assert stop_orphan(tmp_path) is False
    assert stop_orphan(tmp_path / "nowhere") is False
    assert healthy(url) and process.poll() is None
