"""The `poll` flow on a real Prefect run (prefect_test_harness) against the fixture sites."""

import asyncio
import io
import logging
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from prefect.testing.utilities import prefect_test_harness

from config import Settings, Source, load_sources
from flows.core import progress
from flows.devtools.demo.server import FixtureServer
from flows.orchestration.poll_flow import poll
from storage import Release, Store

pytestmark = pytest.mark.slow

CheckArchive = Callable[[Store, tuple[Source, ...], str], dict[str, Release]]
SEED = "/govuk/government/news/the-4th-republic-of-korea-uk-cyber-dialogue"
PUBT_COPY = "/pubt/view/0EE8B98111E08DAD3AFEEF4BF80D0269963743CA"

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


class Lines(logging.Handler):
    """The messages logged to it."""

    def __init__(self) -> None:
        super().__init__()
        self.said: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.said.append(record.getMessage())


@pytest.fixture(scope="module", autouse=True)
def prefect_server() -> Iterator[None]:
    with prefect_test_harness(server_startup_timeout=120):
        yield


def test_poll_flow_isolates_broken_sources_and_is_idempotent(
    server: FixtureServer,
    tmp_path: Path,
    catalogue_with: Callable[[FixtureServer, str], Path],
    settings_for: Callable[[Path, Path], Settings],
    check_fixture_releases: CheckArchive,
) -> None:
    """Every publisher's fixture site polled at once (disabled sources named), with three
    broken sources beside them."""
    settings = settings_for(tmp_path, catalogue_with(server, BROKEN_SOURCES))
    sources = load_sources(settings.sources)
    lines = Lines()
    logging.getLogger("prefect.task_runs").addHandler(lines)
    try:
        report = asyncio.run(poll(settings=settings, sources=[s.name for s in sources]))
    finally:
        logging.getLogger("prefect.task_runs").removeHandler(lines)
    results = {r.source: r for r in report.results}
    # Concurrent sources share releases: which one stores a shared release first varies,
    # so count what each listed and what all stored.
    assert {name: r.items for name, r in results.items() if not r.failed} == {
        "govuk-fcdo": 4,
        "govuk-ncsc": 2,
        "govuk-cyber-dialogue": 2,
        "govuk-fcdo-org": 3,
        "mofa-kr-press-releases": 3,
        "mofa-kr-press-briefings": 3,
        "mofa-kr-board": 2,
        "mofa-kr-ko-press-releases": 2,
        "us-state-press-releases": 2,
        "japan-mofa-press-releases": 2,
        "japan-mofa-ja-press-releases": 2,
        "eu-eeas-press": 2,
        "eu-eeas-press-material": 2,
        "canada-gac-news": 2,
        "australia-dfat-news": 2,
        "aa-de-press": 2,
        "aa-en-press": 1,
        "fr-meae-news": 1,
        "fr-meae-actualites": 1,
        "nl-rijksoverheid-cyber": 1,
        "es-exteriores-notas": 1,
        "eu-council-press": 1,
        "ec-presscorner": 2,
        "sg-csa-press": 1,
        "sg-mfa-press": 1,
        "australia-fm-media-releases": 1,
        "pubt-io": 2,
        "wired-gov": 2,
    }
    assert sum(r.new for r in report.results) == 47
    assert not any(r.deferred for r in report.results)
    assert {r.source for r in report.failed} == {"slow", "erroring", "waf-page"}
    assert "timed out" in (results["slow"].error or "").lower()
    assert "500" in (results["erroring"].error or "")
    assert "HTML" in (results["waf-page"].error or "")
    # transient failures were retried once (settings: retries=1), the HTML page was not
    attempts = [r.path for r in server.requests]
    assert attempts.count("/_fault/500") == 2
    assert attempts.count("/_fault/html") == 1
    assert results["erroring"].attempts == 2  # the retry is in the summary
    assert results["waf-page"].attempts == 1
    assert results["govuk-fcdo"].attempts == 1
    # ... and in the log, under its host's task run
    assert any(line.startswith("erroring: retry 1 of 1 in 0 s: ") for line in lines.said)
    assert any(line.startswith("govuk-fcdo: new (") for line in lines.said)
    with Store.open(settings.db) as store:
        assert store.count_releases() == 47
        stored = check_fixture_releases(store, sources, server.base_url)
        assert stored[SEED].source in ("govuk-fcdo", "govuk-cyber-dialogue", "govuk-fcdo-org")
        assert stored[PUBT_COPY].original_url == server.base_url + SEED
        states = {s.name: s for s in store.source_states()}
        assert states["erroring"].consecutive_failures == 1
        assert "500" in (states["erroring"].last_error or "")
        assert states["govuk-fcdo"].consecutive_failures == 0

    server.clear_requests()
    again = asyncio.run(poll(settings=settings, sources=["govuk-fcdo", "mofa-kr-board"]))
    assert [(r.source, r.status) for r in again.results] == [
        ("govuk-fcdo", "not modified"),
        ("mofa-kr-board", "not modified"),
    ]
    # A timed-out request of the first poll may still be answered now: the faults are not ours.
    answered = [r.status for r in server.requests if not r.path.startswith("/_fault/")]
    assert answered == [304, 304]
    with Store.open(settings.db) as store:
        assert store.count_releases() == 47
        hits = store.search("Pall Mall")
        assert hits[0].title == "The 4th Republic of Korea-UK Cyber Dialogue"


def test_a_poll_without_names_polls_the_due_sources_only(
    settings: Settings, server: FixtureServer
) -> None:
    enabled = {s.name for s in load_sources(settings.sources) if s.enabled}
    lines = io.StringIO()
    with progress.shown(lines):  # not a terminal: one plain line per source done
        first = asyncio.run(poll(settings=settings))
    assert {r.source for r in first.results} == enabled  # never polled: all due
    assert first.not_due == ()
    said = lines.getvalue().splitlines()
    assert len(said) == len(enabled)
    assert said[-1].startswith(f"cyberwatch: poll {len(enabled)}/{len(enabled)}: ")

    server.clear_requests()
    second = asyncio.run(poll(settings=settings))  # at once: nothing is due for 30 minutes
    assert second.results == ()
    assert set(second.not_due) == enabled
    assert second.next_due is not None and second.next_due > first.started
    assert server.requests == []

    every = asyncio.run(poll(settings=settings, all_sources=True))
    assert {r.source for r in every.results} == enabled
    assert {r.status for r in every.results} == {"not modified"}
