"""A flow run from the command line gets cyberwatch's Prefect settings for the call only
(flows/orchestration/run.py): through Prefect's settings context, and through the process
environment for the two values Prefect reads only there."""

import os
import subprocess
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import pytest
from prefect.settings import PREFECT_API_URL, get_current_settings, temporary_settings
from typer.testing import CliRunner

import config
from config import ServeSettings, Settings
from flows.cli import app
from flows.orchestration import server
from flows.orchestration.run import prefect_settings, server_ahead, wanted_settings

ENVIRONMENT_ONLY = ("DO_NOT_TRACK", "PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL")


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """No ``cyberwatch serve`` is running: its home has no server.json."""
    return Settings(db=tmp_path / "archive.db", serve=ServeSettings(home=tmp_path / "prefect"))


def test_what_the_environment_sets_is_left_alone(settings: Settings) -> None:
    environ = {"PREFECT_LOGGING_EXTRA_LOGGERS": "mine", "DO_NOT_TRACK": "0"}
    wanted = wanted_settings(settings, verbose=False, environ=environ)
    assert "PREFECT_LOGGING_EXTRA_LOGGERS" not in wanted and "DO_NOT_TRACK" not in wanted
    assert wanted["PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL"] == "CRITICAL"
    assert wanted["PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW"] == "ignore"
    assert "PREFECT_API_URL" not in wanted  # no serve running: the flow starts its own server
    verbose = wanted_settings(settings, verbose=True, environ={})
    assert "PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL" not in verbose


def test_the_settings_apply_inside_the_block_only(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in (*ENVIRONMENT_ONLY, "PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW"):
        monkeypatch.delenv(name, raising=False)
    before = get_current_settings().logging.to_api.when_missing_flow
    with prefect_settings(settings, verbose=False):
        inside = get_current_settings()
        assert inside.logging.to_api.when_missing_flow == "ignore"
        assert inside.logging.extra_loggers == ["cyberwatch"]
        assert inside.server.ephemeral.startup_timeout_seconds == 90
        # What a temporary server's process is given as its environment:
        passed = inside.to_environment_variables(exclude_unset=True)
        assert passed["PREFECT_LOGGING_EXTRA_LOGGERS"] == "cyberwatch"
        assert {name: os.environ.get(name) for name in ENVIRONMENT_ONLY} == {
            "DO_NOT_TRACK": "1",
            "PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL": "CRITICAL",
        }
    assert not any(name in os.environ for name in ENVIRONMENT_ONLY)
    assert get_current_settings().logging.to_api.when_missing_flow == before


def test_no_server_is_started_ahead_when_the_environment_names_an_api(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PREFECT_API_URL", "http://127.0.0.1:9/api")
    with server_ahead(settings, verbose=False) as ahead:
        assert ahead is None


def test_no_server_is_started_ahead_when_prefect_s_own_settings_name_an_api(
    settings: Settings,
) -> None:
    with (
        temporary_settings(updates={PREFECT_API_URL: "http://127.0.0.1:9/api"}),
        server_ahead(settings, verbose=False) as ahead,
    ):
        assert ahead is None


def test_poll_starts_the_server_before_it_reads_the_catalogue_and_reads_it_once(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The server's start is the longest part of a warm poll: reading a large catalogue (0.2
    s for 1,000 sources) overlaps it instead of delaying it. The temporary server is real; the
    run is stopped at the catalogue's read, and the server with it."""
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    monkeypatch.setenv("PREFECT_HOME", str(tmp_path / "prefect-home"))
    catalogue = tmp_path / "sources.toml"
    catalogue.write_text(
        '[[source]]\nname = "a"\nkind = "feed"\nurl = "http://127.0.0.1:9/feed.xml"\n'
    )
    seen: list[str] = []
    processes: list[subprocess.Popen[bytes]] = []
    read, start = config.load_sources, server.temporary_server

    class StopHereError(Exception):
        pass

    def load_sources(path: Path) -> tuple[config.Source, ...]:
        seen.append("catalogue")
        sources = read(path)
        if "server" in seen:
            assert processes[0].poll() is None  # the server's process is on its way up
            raise StopHereError  # the run itself is not this test's
        return sources

    @contextmanager
    def temporary_server(env: Mapping[str, str]) -> Iterator[server.Starting]:
        with start(env) as starting:
            seen.append("server")
            processes.append(starting._process)
            yield starting

    monkeypatch.setattr(config, "load_sources", load_sources)
    monkeypatch.setattr("flows.orchestration.run.temporary_server", temporary_server)
    result = CliRunner().invoke(
        app, ["--db", str(settings.db), "--sources", str(catalogue), "poll"]
    )
    assert isinstance(result.exception, StopHereError), result.output
    assert seen == ["server", "catalogue"]
    assert processes[0].returncode is not None  # stopped with the command
