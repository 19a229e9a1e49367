"""The ``digest`` flow on a real Prefect run (prefect_test_harness) and ``cyberwatch digest``
running it, against a real SMTP server and a real Slack endpoint on 127.0.0.1."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import Result
from prefect.testing.utilities import prefect_test_harness
from typer.testing import CliRunner

from config import Settings
from flows.cli import app
from flows.devtools.demo.slack import SlackStandIn
from flows.orchestration.digest_flow import digest
from storage import Store

from .conftest import SmtpServer
from .outbox_helpers import SEED, SENDER, TO, fill, flaky_smtp, received, with_email, with_slack


def fill_now(settings: Settings) -> None:
    """The fixture releases, first seen an hour ago (the command runs at the real time)."""
    fill(settings, now=datetime.now(UTC) - timedelta(hours=1))


pytestmark = pytest.mark.slow


@pytest.fixture(scope="module", autouse=True)
def prefect_server() -> Iterator[None]:
    with prefect_test_harness(server_startup_timeout=120):
        yield


def test_the_flow_sends_each_channel_once_and_isolates_a_failing_one(
    settings: Settings, smtp: SmtpServer, slack: SlackStandIn
) -> None:
    fill_now(settings)
    configured = with_slack(with_email(settings, smtp), slack.url)
    slack.script[:] = [(404, {}, "no_service")]  # permanent, until someone fixes the webhook

    first = asyncio.run(digest(settings=configured))
    by_channel = {o.channel: o for o in first.outcomes}
    assert by_channel["email"].status == "sent" and by_channel["email"].items == 20
    assert by_channel["slack"].status == "failed" and "404" in (by_channel["slack"].error or "")
    assert len(received(smtp)) == 1

    second = asyncio.run(digest(settings=configured))
    assert {o.channel: (o.status, o.resent) for o in second.outcomes} == {
        "email": ("empty", False),
        "slack": ("sent", True),
    }
    only_slack = asyncio.run(digest(settings=configured, channel="slack"))
    assert [(o.channel, o.status) for o in only_slack.outcomes] == [("slack", "empty")]
    assert len(received(smtp)) == 1


def cyberwatch(settings: Settings, *args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(
        app,
        ["--db", str(settings.db), "--sources", str(settings.sources), "digest", *args],
        env=env,
    )


def smtp_env(server: SmtpServer) -> dict[str, str]:
    return {
        "CYBERWATCH_SMTP_HOST": server.host,
        "CYBERWATCH_SMTP_PORT": str(server.port),
        "CYBERWATCH_SMTP_TLS": "none",
        "CYBERWATCH_EMAIL_FROM": SENDER,
        "CYBERWATCH_EMAIL_TO": TO,
    }


def test_a_second_digest_right_after_a_successful_one_sends_nothing(
    settings: Settings, smtp: SmtpServer
) -> None:
    fill_now(settings)
    env = smtp_env(smtp)
    done = cyberwatch(settings, env=env)
    assert done.exit_code == 0, done.output
    assert done.stdout.strip() == "email: sent 20 items (17 events, 3 other releases)"
    again = cyberwatch(settings, "--json", env=env)
    assert again.exit_code == 0, again.output
    (line,) = again.stdout.splitlines()
    assert json.loads(line)["status"] == "empty"
    (message,) = received(smtp)
    assert "17 new cyber dialogues and 3 other cyber releases" in str(message["Subject"])


def test_a_refused_digest_exits_1_then_goes_out_with_the_next_run(settings: Settings) -> None:
    fill_now(settings)
    with flaky_smtp(refusals=1) as server:
        env = {**smtp_env(server)}
        failed = cyberwatch(settings, env=env)
        assert failed.exit_code == 1
        assert failed.stdout == ""
        assert failed.stderr.startswith("email: FAILED: email: 127.0.0.1:")
        assert "451" in failed.stderr and "pending, will retry" in failed.stderr
        done = cyberwatch(settings, "--channel", "email", env=env)
        assert done.exit_code == 0, done.output
        assert done.stdout.startswith(
            "email: sent 20 items (17 events, 3 other releases), composed"
        )
        assert len(server.mailbox.envelopes) == 1


def test_a_dry_run_prints_the_text_writes_the_html_and_sends_nothing(
    settings: Settings, smtp: SmtpServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fill_now(settings)
    env = smtp_env(smtp)
    html = tmp_path / "out" / "digest.html"
    done = cyberwatch(settings, "--dry-run", "--output", str(html), env=env)
    assert done.exit_code == 0, done.output
    assert done.stdout.startswith("email: dry run: 20 items (17 events, 3 other releases)")
    assert SEED in done.stdout and f"HTML: {html}" in done.stdout
    assert SEED in html.read_text(encoding="utf-8")
    opened: list[str] = []
    monkeypatch.setattr("webbrowser.open", lambda url, *a, **k: opened.append(url) or True)
    shown = cyberwatch(settings, "--preview", env=env)  # no --output: a temporary file
    assert shown.exit_code == 0, shown.output
    (url,) = opened
    temporary = Path(url.removeprefix("file://"))
    assert f"HTML: {temporary}" in shown.stdout and SEED in temporary.read_text(encoding="utf-8")
    temporary.unlink()
    assert smtp.mailbox.envelopes == []
    with Store.open(settings.db) as store:
        assert store.outbox() == [] and store.channel_cursor("email") is None
    sent = cyberwatch(settings, env=env)
    assert sent.stdout.startswith("email: sent 20 items")


def test_an_unknown_channel_and_a_stray_output_are_refused(
    settings: Settings, smtp: SmtpServer, tmp_path: Path
) -> None:
    unknown = cyberwatch(settings, "--channel", "pigeon", env=smtp_env(smtp))
    assert unknown.exit_code == 2
    assert "no channel 'pigeon' (configured: email)" in unknown.stderr
    stray = cyberwatch(settings, "--output", str(tmp_path / "x.html"), env=smtp_env(smtp))
    assert stray.exit_code == 2 and "--output goes with --dry-run" in stray.output
    assert not (tmp_path / "x.html").exists()


def test_the_window_is_first_window_days_for_a_new_channel(
    settings: Settings, smtp: SmtpServer
) -> None:
    """Releases first seen more than first_window_days ago are not news for a new channel."""
    fill(settings, now=datetime.now(UTC) - timedelta(days=8))
    done = cyberwatch(settings, env=smtp_env(smtp))
    assert done.exit_code == 0 and done.stdout.strip().startswith("email: nothing new")
