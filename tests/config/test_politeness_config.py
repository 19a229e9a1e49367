"""Settings and source keys of politeness, drift and backfill."""

from datetime import date
from pathlib import Path

import pytest

from config import ConfigError, FetchSettings, load_settings, load_sources
from config.sources import render_backfill_url

BOARD = """
[[source]]
name = "board"
kind = "html"
url = "https://www.mofa.go.kr/eng/brd/m_5676/list.do"
item = "table tbody tr"
title = "td a"
link = "td a"
"""


def test_politeness_defaults() -> None:
    settings = load_settings(environ={}, cwd=Path("/nonexistent"))
    assert (settings.fetch.rate, settings.fetch.robots, settings.fetch.max_retry_after) == (
        2.0,
        True,
        5.0,
    )
    assert settings.poll.drift_after == 3
    assert settings.backfill.max_pages == 50


def test_host_rates_from_toml_and_environment(tmp_path: Path) -> None:
    config = tmp_path / "cyberwatch.toml"
    config.write_text('[fetch]\nrate = 1\n[fetch.host_rates]\n"WWW.GOV.UK" = 10\n')
    settings = load_settings(config_file=config, environ={})
    assert settings.fetch.rate_for("www.gov.uk") == 10.0
    assert settings.fetch.rate_for("www.mofa.go.kr") == 1.0
    from_env = load_settings(
        environ={"CYBERWATCH_FETCH__HOST_RATES": "www.gov.uk=10, www.mofa.go.kr=0.5"},
        cwd=tmp_path / "none",
    )
    assert from_env.fetch.host_rates == {"www.gov.uk": 10.0, "www.mofa.go.kr": 0.5}


def test_a_rate_must_be_positive() -> None:
    with pytest.raises(ConfigError, match=r"fetch\.host_rates\.www\.gov\.uk"):
        load_settings(environ={"CYBERWATCH_FETCH__HOST_RATES": "www.gov.uk=0"}, cwd=Path("/x"))
    with pytest.raises(ValueError, match="greater than 0"):
        FetchSettings(rate=0)


def test_backfill_url_template_formats_pages_and_dates(tmp_path: Path) -> None:
    catalogue = tmp_path / "sources.toml"
    catalogue.write_text(
        BOARD + 'backfill_url = "https://www.mofa.go.kr/eng/brd/m_5676/list.do?'
        'srchFr={since:%Y%m%d}&srchTo={until:%Y%m%d}&page={page}"\n'
    )
    (source,) = load_sources(catalogue)
    assert source.can_backfill
    assert source.backfill_url is not None
    url = render_backfill_url(
        source.backfill_url, page=3, since=date(2024, 1, 1), until=date(2024, 11, 30)
    )
    assert url.endswith("list.do?srchFr=20240101&srchTo=20241130&page=3")


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('backfill_url = "https://x.org/list?p={pages}"', "template does not format (KeyError"),
        ('backfill_url = "https://x.org/list?p={page:%Y}"', "template does not format"),
        ('backfill_url = "x.org/list?p={page}"', "not an http(s) URL"),
        ('backfill_url = "https://x.org/list?from={since}"', "needs {page}, or a next_page"),
        ('next_page = "a >> b"', "CSS selector does not parse"),
    ],
)
def test_broken_backfill_keys_are_refused(tmp_path: Path, line: str, message: str) -> None:
    catalogue = tmp_path / "sources.toml"
    catalogue.write_text(f"{BOARD}{line}\n")
    with pytest.raises(ConfigError) as caught:
        load_sources(catalogue)
    assert caught.value.source == "board"
    assert caught.value.field == line.split(" ")[0]
    assert message in caught.value.message


def test_a_date_range_search_without_pages_needs_a_next_link(tmp_path: Path) -> None:
    catalogue = tmp_path / "sources.toml"
    catalogue.write_text(
        BOARD + 'backfill_url = "https://x.org/list?from={since}"\nnext_page = "a.next"\n'
    )
    (source,) = load_sources(catalogue)
    assert source.can_backfill
