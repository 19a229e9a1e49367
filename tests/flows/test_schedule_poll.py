"""Each poll records when its source is due again; `cyberwatch status` shows it, and failures."""

import asyncio
import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from random import Random

import pytest
from typer.testing import CliRunner

from config import Settings, Source, load_sources
from flows.cli import app
from flows.core.poll import poll_source, record_failure
from flows.core.results import SourceResult
from flows.core.runtime import open_runtime
from flows.core.selection import split_due
from flows.devtools.demo.server import FixtureServer
from scrapers import TransientFetchError
from storage import SourceState, Store

T0 = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
ERRORING = """
[[source]]
name = "erroring"
kind = "feed"
url = "{{BASE}}/_fault/500"
"""
TTL_FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Slow feed</title><link>{{BASE}}/</link>
<description>asks to be read every two hours</description><ttl>120</ttl>
<item><title>Cyber dialogue held</title><link>{{BASE}}/news/1.html</link>
<guid>news-1</guid><pubDate>Fri, 27 Nov 2026 10:00:00 GMT</pubDate>
<description>The cyber dialogue was held.</description></item>
</channel></rss>
"""


def poll(settings: Settings, source: Source, *, at: datetime) -> SourceResult:
    async def run() -> SourceResult:
        async with open_runtime(settings) as runtime:
            try:
                return await poll_source(
                    source,
                    fetcher=runtime.fetcher,
                    store=runtime.store,
                    settings=settings,
                    now=at,
                    rng=Random(7),
                )
            except TransientFetchError as e:  # the flow would retry it, then record it
                return record_failure(
                    runtime.store, source, e, now=at, rules=settings.schedule, rng=Random(7)
                )

    return asyncio.run(run())


def state(settings: Settings, name: str) -> SourceState:
    with Store.open(settings.db) as store:
        return store.source_state(name)


@pytest.mark.slow
def test_a_quiet_source_is_due_again_after_the_quiet_interval(settings: Settings) -> None:
    fcdo = next(s for s in load_sources(settings.sources) if s.name == "govuk-fcdo")
    assert poll(settings, fcdo, at=T0).new == 4  # its four releases are from 2024: quiet
    assert state(settings, "govuk-fcdo").next_check == T0 + timedelta(hours=3)
    assert poll(settings, fcdo, at=T0 + timedelta(hours=3)).not_modified  # a 304 too
    assert state(settings, "govuk-fcdo").next_check == T0 + timedelta(hours=6)


def busy_feed(count: int) -> str:
    """An RSS feed with ``count`` items, one an hour up to T0."""
    items = "".join(
        f"<item><title>Release {n}</title><link>{{{{BASE}}}}/news/{n}.html</link>"
        f"<guid>news-{n}</guid>"
        f"<pubDate>{(T0 - timedelta(hours=n)).strftime('%a, %d %b %Y %H:%M:%S GMT')}</pubDate>"
        f"<description>Release number {n}.</description></item>"
        for n in range(count)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Busy</title><link>{{{{BASE}}}}/</link><description>hourly</description>"
        f"{items}</channel></rss>"
    )


@pytest.mark.parametrize(
    ("items", "interval"),
    [
        (10, timedelta(minutes=5)),  # hourly: 12 checks an hour would be 5 minutes
        (2, timedelta(minutes=30)),  # too few dates for a rhythm: check_interval
    ],
)
def test_a_source_publishing_every_hour_is_checked_every_5_minutes(
    tmp_path: Path,
    settings_for: Callable[[Path, Path], Settings],
    items: int,
    interval: timedelta,
) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "feed.rss").write_text(busy_feed(items))
    with FixtureServer(site) as busy:
        catalogue = tmp_path / "sources.toml"
        catalogue.write_text(
            f'[[source]]\nname = "busy"\nkind = "feed"\nurl = "{busy.base_url}/feed.rss"\n'
            "fetch_article = false\n"
        )
        settings = settings_for(tmp_path, catalogue)
        (source,) = load_sources(catalogue)
        assert poll(settings, source, at=T0).new == items
    assert state(settings, "busy").next_check == T0 + interval


def test_a_feed_ttl_stretches_the_interval(
    tmp_path: Path, settings_for: Callable[[Path, Path], Settings]
) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "feed.rss").write_text(TTL_FEED)
    with FixtureServer(site) as slow:
        catalogue = tmp_path / "sources.toml"
        catalogue.write_text(
            f'[[source]]\nname = "slow"\nkind = "feed"\nurl = "{slow.base_url}/feed.rss"\n'
            "fetch_article = false\n"
        )
        settings = settings_for(tmp_path, catalogue)
        (source,) = load_sources(catalogue)
        assert poll(settings, source, at=T0).new == 1
    assert state(settings, "slow").next_check == T0 + timedelta(hours=2)


@pytest.mark.slow
def test_a_failing_source_backs_off_and_is_retried(
    server: FixtureServer,
    catalogue_with: Callable[[FixtureServer, str], Path],
    settings_for: Callable[[Path, Path], Settings],
    tmp_path: Path,
) -> None:
    settings = settings_for(tmp_path, catalogue_with(server, ERRORING))
    erroring = next(s for s in load_sources(settings.sources) if s.name == "erroring")
    waits = []
    at = T0
    for _ in range(4):
        assert poll(settings, erroring, at=at).failed
        retry = state(settings, "erroring").next_check
        assert retry is not None
        waits.append(retry - at)
        at = retry
    jitter = settings.schedule.jitter
    for n, wait in enumerate(waits):
        expected = timedelta(minutes=30) * 2**n
        assert expected * (1 - jitter) <= wait <= expected * (1 + jitter)
    assert state(settings, "erroring").consecutive_failures == 4


def test_only_due_sources_are_selected(settings: Settings) -> None:
    sources = load_sources(settings.sources)
    a, b, c = sources[:3]
    states = {
        a.name: SourceState(name=a.name, next_check=T0 - timedelta(minutes=1)),
        b.name: SourceState(name=b.name, next_check=T0 + timedelta(minutes=20)),
    }
    due, waiting = split_due((a, b, c), states, now=T0, rules=settings.schedule)
    assert (due, waiting) == ((a, c), (b,))  # c: never polled


@pytest.fixture
def polled_with_a_broken_source(
    server: FixtureServer,
    catalogue_with: Callable[[FixtureServer, str], Path],
    settings_for: Callable[[Path, Path], Settings],
    tmp_path: Path,
) -> Settings:
    settings = settings_for(tmp_path, catalogue_with(server, ERRORING))
    for source in load_sources(settings.sources):
        if source.enabled:
            poll(settings, source, at=datetime.now(UTC))
    return settings


def status(settings: Settings, *args: str) -> str:
    result = CliRunner().invoke(
        app, ["--db", str(settings.db), "--sources", str(settings.sources), "status", *args]
    )
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.slow
def test_status_shows_the_broken_source_failing_with_its_reason(
    polled_with_a_broken_source: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    lines = status(polled_with_a_broken_source).splitlines()
    assert lines[0].startswith(f"Archive {polled_with_a_broken_source.db}: ")
    assert lines[0].endswith(", 24 releases")
    (broken,) = [line for line in lines if line.startswith("erroring ")]
    assert "FAILING (1 in a row)" in broken
    assert "never" in broken  # no success yet
    reason = lines[lines.index(broken) + 1]
    assert "last error" in reason
    assert "HTTP 500 Internal Server Error" in reason
    (fcdo,) = [line for line in lines if line.startswith("govuk-fcdo ")]
    assert " ok " in fcdo
    assert "in 2 h 59 min" in fcdo or "in 3 h 0 min" in fcdo  # a quiet source (fixtures of 2024)
    assert "Flow runs: no Prefect server reachable" in lines[-2]
    assert lines[-1] == "Pending digest items: no digest channel configured"


@pytest.mark.slow
def test_status_json(
    polled_with_a_broken_source: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    data = json.loads(status(polled_with_a_broken_source, "--json"))
    sources = {s["source"]: s for s in data["sources"]}
    broken = sources["erroring"]
    assert broken["failing"] is True
    assert broken["failures"] == 1
    assert broken["last_error"].startswith("HTTP 500 Internal Server Error")
    assert broken["last_success"] is None
    assert sources["govuk-fcdo"]["releases_30_days"] == 4
    assert sources["govuk-fcdo"]["next_check"] is not None
    assert sources["govuk-fcdo-org"]["health"] == "never polled"
    assert data["archive"]["releases"] == 24
    assert data["archive"]["bytes"] > 0
    assert data["prefect"] is None
    assert data["runs"] == []
    assert data["pending_digest"] == {}


@pytest.mark.slow
def test_status_counts_what_waits_for_each_digest_channel(
    polled_with_a_broken_source: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    monkeypatch.setenv("CYBERWATCH_SLACK_WEBHOOK_URL", "https://hooks.slack.invalid/services/T/B/x")
    data = json.loads(status(polled_with_a_broken_source, "--json"))
    assert set(data["pending_digest"]) == {"slack"}
    assert data["pending_digest"]["slack"] > 0  # everything polled is new to a new channel
    text = status(polled_with_a_broken_source)
    assert f"Pending digest items: slack {data['pending_digest']['slack']}" in text
    assert "hooks.slack" not in text
