"""Fixture sites on a real HTTP server at 127.0.0.1, and settings pointing at them."""

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from config import FetchSettings, PollSettings, Settings
from flows.demo.server import SITES_DIR, SOURCES_TEMPLATE, FixtureServer, render_sources


@pytest.fixture
def server() -> Iterator[FixtureServer]:
    with FixtureServer(SITES_DIR, fault_delay=3.0) as running:
        yield running


def write_catalogue(server: FixtureServer, dest: Path, *, extra: str = "") -> Path:
    """The demo catalogue rendered for this server, with ``extra`` sources appended."""
    template = dest.with_suffix(".template.toml")
    template.write_text(SOURCES_TEMPLATE.read_text() + extra)
    return render_sources(template, server.base_url, dest)


def make_settings(tmp_path: Path, catalogue: Path) -> Settings:
    """Fast settings for tests: short timeouts, no retry delay."""
    return Settings(
        db=tmp_path / "archive.db",
        sources=catalogue,
        fetch=FetchSettings(timeout=1.0, connect_timeout=1.0),
        poll=PollSettings(retries=1, retry_delay=0.0),
    )


@pytest.fixture
def settings(server: FixtureServer, tmp_path: Path) -> Settings:
    return make_settings(tmp_path, write_catalogue(server, tmp_path / "sources.toml"))


@pytest.fixture
def settings_for() -> Callable[[Path, Path], Settings]:
    """``settings_for(tmp_path, catalogue)`` for tests that build their own sites."""
    return make_settings


@pytest.fixture
def catalogue_with(tmp_path: Path) -> Callable[[FixtureServer, str], Path]:
    """``catalogue_with(server, extra)``: the demo catalogue plus extra sources."""
    return lambda server, extra: write_catalogue(server, tmp_path / "sources.toml", extra=extra)
