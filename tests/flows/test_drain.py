"""Stopping ``serve`` when its Prefect server no longer answers: drain says so and gives up at
once, so the runner is stopped without waiting (the real drain runs in test_serve.py)."""

import logging
import socket
import time

import pytest

from flows.orchestration.drain import drain


@pytest.mark.slow  # imports Prefect's client
def test_a_server_that_does_not_answer_is_not_waited_for(caplog: pytest.LogCaptureFixture) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: nobody listens there
    started = time.monotonic()
    drained = drain(f"http://127.0.0.1:{port}/api", [("poll", "scheduled")], timeout=60)
    assert drained is False
    assert time.monotonic() - started < 5.0
    assert any(
        r.levelno == logging.WARNING and "cannot wait for the runs in flight" in r.getMessage()
        for r in caplog.records
    )
