"""The `poll` flow on a real Prefect run (prefect_test_harness) against the fixture sites."""

import asyncio
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from prefect.testing.utilities import prefect_test_harness

from config import Settings
from flows.demo.server import FixtureServer
from flows.poll import poll
from storage import Store

pytestmark = pytest.mark.slow

BROKEN_SOURCES = """
[[source]]
name = "slow"
kind = "feed"
url = "{{BASE}}/_fault/timeout"

[[source]]
name = "erroring"
kind = "feed"
url = "{{BASE}}/_fault/500"

[[source]]
name = "waf-page"
kind = "feed"
url = "{{BASE}}/_fault/html"
"""


@pytest.fixture(scope="module", autouse=True)
def prefect_server() -> Iterator[None]:
    with prefect_test_harness(server_startup_timeout=120):
        yield


def test_poll_flow_isolates_broken_sources_and_is_idempotent(
    server: FixtureServer,
    tmp_path: Path,
    catalogue_with: Callable[[FixtureServer, str], Path],
    settings_for: Callable[[Path, Path], Settings],
) -> None:
    settings = settings_for(tmp_path, catalogue_with(server, BROKEN_SOURCES))
    report = asyncio.run(poll(settings=settings))
    results = {r.source: r for r in report.results}
    assert {name: r.new for name, r in results.items() if not r.failed} == {
        "govuk-fcdo": 4,
        "mofa-press-releases": 3,
        "mofa-press-briefings": 3,
        "mofa-board": 2,
    }
    assert {r.source for r in report.failed} == {"slow", "erroring", "waf-page"}
    assert "timed out" in (results["slow"].error or "").lower()
    assert "500" in (results["erroring"].error or "")
    assert "HTML" in (results["waf-page"].error or "")
    # transient failures were retried once (settings: retries=1), the HTML page was not
    attempts = [r.path for r in server.requests]
    assert attempts.count("/_fault/500") == 2
    assert attempts.count("/_fault/html") == 1
    with Store.open(settings.db) as store:
        assert store.count_releases() == 12
        states = {s.name: s for s in store.source_states()}
        assert states["erroring"].consecutive_failures == 1
        assert "500" in (states["erroring"].last_error or "")
        assert states["govuk-fcdo"].consecutive_failures == 0

    server.clear_requests()
    again = asyncio.run(poll(settings=settings, sources=["govuk-fcdo", "mofa-board"]))
    assert [(r.source, r.status) for r in again.results] == [
        ("govuk-fcdo", "not modified"),
        ("mofa-board", "not modified"),
    ]
    assert [r.status for r in server.requests] == [304, 304]
    with Store.open(settings.db) as store:
        assert store.count_releases() == 12
        hits = store.search("Pall Mall")
        assert hits[0].title == "The 4th Republic of Korea-UK Cyber Dialogue"
