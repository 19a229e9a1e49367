"""`cyberwatch report --html`: the page opened in headless Chromium renders, its timeline has one
row per pair of parties, and no request leaves the page (read from Chromium's own network log,
checked against a page that does make one). The series' facts are checked without a browser."""

import json
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flows.cli import app
from flows.core.timeline import timeline
from flows.devtools.preview import BROWSERS
from flows.devtools.sample import build
from storage import Store

CHROMIUM = next((b for b in map(shutil.which, BROWSERS) if b), None)
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="no Chromium binary on PATH (apt-get install chromium)"
)


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("sample") / "archive.db")


def test_series_say_who_meets_how_often_and_who_went_quiet(archive: Path) -> None:
    with Store.open(archive) as store:
        made = timeline(store.events(), today=date(2026, 12, 1))
    assert [(s.key, len(s.meetings), s.last_round) for s in made.series] == [
        ("GB-KR", 3, 4),
        ("JP-US", 2, 8),
        ("AU-JP", 2, 2),
    ]
    kr_gb, jp_us, au_jp = made.series
    assert kr_gb.usual_interval == 816 and kr_gb.quiet_days is None  # 755 days since round 4
    assert jp_us.usual_interval == 768 and jp_us.quiet_days == 1330
    assert au_jp.quiet_days == (date(2026, 12, 1) - date(2019, 2, 7)).days
    assert made.recent[0].day == date(2024, 11, 6)
    assert len(made.recent) == 7


def write_report(archive: Path, page: Path) -> None:
    result = CliRunner().invoke(app, ["--db", str(archive), "report", "--html", str(page)])
    assert result.exit_code == 0, result.output


def test_the_page_is_self_contained(archive: Path, tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    write_report(archive, page)
    html = page.read_text()
    assert "default-src 'none'" in html  # the page's policy forbids every request
    assert "<script" not in html and "@import" not in html and "<link" not in html
    assert html.count('<g class="pair') == 3


def chromium(page: Path, work: Path, *args: str) -> tuple[str, set[str]]:
    """Open ``page`` headless; its DOM after loading and the URLs the page itself requested."""
    assert CHROMIUM is not None
    netlog = work / "netlog.json"
    done = subprocess.run(
        [
            CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            f"--user-data-dir={work / 'profile'}", f"--log-net-log={netlog}", *args,
            page.resolve().as_uri(),
        ],
        capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    log = json.loads(netlog.read_text())
    start_job = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    requested = {
        event["params"]["url"]
        for event in log["events"]
        if event["type"] == start_job
        # requests made by a file:// page; the browser's own (updates, accounts) are not
        and "file://" in event["params"].get("network_isolation_key", "")
        and not event["params"]["url"].startswith("file:")
    }
    return done.stdout, requested


@pytest.mark.slow
@needs_chromium
def test_chromium_sees_a_request_a_page_makes(tmp_path: Path) -> None:
    """The check below can fail: a page loading an image from 127.0.0.1 is caught."""
    page = tmp_path / "leaky.html"
    page.write_text('<html><body><img src="http://127.0.0.1:9/pixel.png"></body></html>')
    _, requested = chromium(page, tmp_path, "--dump-dom")
    assert requested == {"http://127.0.0.1:9/pixel.png"}


@pytest.mark.slow
@needs_chromium
def test_the_report_renders_in_chromium_one_row_per_pair_no_request(
    archive: Path, tmp_path: Path
) -> None:
    page = tmp_path / "report.html"
    write_report(archive, page)
    dom, requested = chromium(page, tmp_path, "--dump-dom")
    assert requested == set()
    assert '<svg id="timeline"' in dom
    rows = [line for line in dom.splitlines() if '<g class="pair' in line]
    assert sorted(row.split('data-pair="')[1].split('"')[0] for row in rows) == [
        "AU-JP",
        "GB-KR",
        "JP-US",
    ]
    shot = tmp_path / "report.png"
    chromium(page, tmp_path, f"--screenshot={shot}", "--window-size=1100,900")
    assert shot.stat().st_size > 20_000  # a page drawn, not a blank one
