"""``cyberwatch status`` shown from a ``Status`` value: the flow runs it is given, in text and
JSON; and no Prefect server answering is said, quickly."""

import json
import socket
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from flows.cli.output.status import dumps, render
from flows.core.status import FlowRun, FlowRuns, SourceStatus, Status
from flows.orchestration.runs import flow_runs

NOW = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
API = "http://127.0.0.1:4200/api"
SOURCE = SourceStatus(
    name="govuk-fcdo",
    enabled=True,
    health="ok",
    failing=False,
    last_success=NOW - timedelta(minutes=5),
    last_error=None,
    last_error_at=None,
    failures=0,
    recent=4,
    next_check=NOW + timedelta(minutes=25),
)
RUNS = (
    FlowRun("poll", "brave-otter", "Completed", NOW - timedelta(minutes=5), 12.34),
    FlowRun("poll", "calm-lynx", "Scheduled", NOW + timedelta(minutes=25), None, scheduled=True),
)


def status_with(flow_runs: FlowRuns | None) -> Status:
    return Status(
        now=NOW,
        db=Path("/data/archive.db"),
        size=3 * 1024 * 1024,
        releases=16,
        sources=(SOURCE,),
        flow_runs=flow_runs,
        pending={"email": 2},
    )


def test_the_runs_are_listed_with_the_server_they_come_from() -> None:
    lines = render(status_with(FlowRuns(API, RUNS)))
    assert lines[0] == "Archive /data/archive.db: 3.0 MB, 16 releases"
    start = lines.index(f"Flow runs ({API}):")
    assert lines[start + 1].split() == [
        "poll", "2026-11-28", "08:55", "Completed", "brave-otter", "12.3", "s"
    ]  # fmt: skip
    assert lines[start + 2].split() == ["poll", "2026-11-28", "09:25", "next", "calm-lynx"]
    assert lines[-1] == "Pending digest items: email 2"


def test_a_server_without_runs_and_no_server_are_told_apart() -> None:
    assert f"Flow runs ({API}): none yet." in render(status_with(FlowRuns(API, ())))
    assert "Flow runs: no Prefect server reachable (start `cyberwatch serve`)." in render(
        status_with(None)
    )


def test_the_json_form_holds_the_server_and_its_runs() -> None:
    data = json.loads(dumps(status_with(FlowRuns(API, RUNS))))
    assert data["prefect"] == API
    assert data["runs"][0] == {
        "flow": "poll",
        "name": "brave-otter",
        "state": "Completed",
        "start": "2026-11-28T08:55:00+00:00",
        "seconds": 12.34,
        "scheduled": False,
    }
    assert data["runs"][1]["scheduled"] is True and data["runs"][1]["seconds"] is None
    none = json.loads(dumps(status_with(None)))
    assert (none["prefect"], none["runs"]) == (None, [])


@pytest.mark.slow  # imports Prefect's client
def test_no_server_listening_gives_no_runs_at_once() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: nobody listens there
    started = time.monotonic()
    assert flow_runs(f"http://127.0.0.1:{port}/api") is None
    assert time.monotonic() - started < 3.0  # no retries, no ephemeral server
