"""Secrets never reach a log line; progress is a bar in a terminal, plain lines elsewhere."""

import io
import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import SecretStr
from typer.testing import CliRunner

from config import EmailSettings, Settings, SlackSettings
from flows.cli import app
from flows.core import logs, progress, records, redact

PASSWORD = "correct-horse-battery"
WEBHOOK = "https://hooks.slack.com/services/T000/B000/XXXXSECRET"


@pytest.fixture
def captured() -> Iterator[io.StringIO]:
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.setFormatter(logging.Formatter("%(name)s %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield out
    finally:
        root.removeHandler(handler)


def secret_settings() -> Settings:
    return Settings(
        email=EmailSettings(host="smtp.example.org", password=SecretStr(PASSWORD)),
        slack=SlackSettings(webhook_url=SecretStr(WEBHOOK)),
    )


def test_secrets_are_redacted_from_messages_arguments_and_tracebacks(
    captured: io.StringIO,
) -> None:
    logs.install(secret_settings())
    log = logging.getLogger("cyberwatch.test")
    log.info("posting to %s", WEBHOOK)
    log.warning(f"login refused for password {PASSWORD}")
    try:
        raise RuntimeError(f"cannot reach {WEBHOOK}")
    except RuntimeError:
        log.exception("slack: failed")
    text = captured.getvalue()
    assert PASSWORD not in text
    assert "XXXXSECRET" not in text
    assert text.count(redact.REDACTED) == 3
    assert "cyberwatch.test posting to [redacted]" in text
    assert "RuntimeError: cannot reach [redacted]" in text  # the traceback too
    logs.install(Settings())  # no secrets: nothing redacted, one filter per handler
    root_filters = [f for h in logging.getLogger().handlers for f in h.filters]
    assert sum(isinstance(f, redact.Redact) for f in root_filters) == len(
        logging.getLogger().handlers
    )


def test_cyberwatch_lines_are_info_level(captured: io.StringIO) -> None:
    logs.install(Settings())
    logging.getLogger("cyberwatch.pipeline").info("govuk-fcdo: 2 new")
    assert "cyberwatch.pipeline govuk-fcdo: 2 new" in captured.getvalue()


def test_a_run_stopped_by_shutdown_is_one_line(captured: io.StringIO) -> None:
    class TerminationSignal(BaseException):  # Prefect's, as the filter knows it: by name
        pass

    logs.install(Settings())
    logs.quiet_stops()
    try:
        raise TerminationSignal()
    except TerminationSignal:
        logging.getLogger("asyncio").error("unhandled exception", exc_info=True)
    text = captured.getvalue()
    assert "Traceback" not in text
    assert "asyncio unhandled exception: run stopped by shutdown (SIGTERM)" in text


def test_progress_is_plain_lines_when_not_in_a_terminal() -> None:
    out = io.StringIO()
    with progress.shown(out):
        progress.report("poll", done=1, total=2, item="govuk-fcdo new")
        progress.report("poll", done=2, total=2, item="mofa FAILED")
    progress.report("poll", done=3, total=3, item="not shown: the block is over")
    assert out.getvalue().splitlines() == [
        "cyberwatch: poll 1/2: govuk-fcdo new",
        "cyberwatch: poll 2/2: mofa FAILED",
    ]


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_is_a_bar_in_a_terminal() -> None:
    out = Terminal()
    logger = logging.getLogger(progress.PROGRESS_LOGGER)
    handlers = list(logger.handlers)
    with progress.shown(out):
        for done in range(1, 4):
            progress.report("backfill", done=done, total=3, item=f"board page {done}")
        progress.report("import", done=1000, total=None, item="line 1000")
    assert "cyberwatch: backfill" not in out.getvalue()  # drawn, not printed as lines
    assert logger.handlers == handlers  # put back as it was


def test_import_reports_progress_every_so_many_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(records, "PROGRESS_EVERY", 2)
    data = tmp_path / "releases.jsonl"
    rows = [
        {
            "url": f"https://example.org/{n}",
            "title": f"Release {n}",
            "text": "Text.",
            "published": None,
        }
        for n in range(5)
    ]
    data.write_text("".join(json.dumps(r) + "\n" for r in rows))
    result = CliRunner().invoke(app, ["--db", str(tmp_path / "a.db"), "import", str(data)])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "5 new, 0 updated, 0 unchanged"
    assert result.stderr.splitlines() == [
        "cyberwatch: import 2: line 2",
        "cyberwatch: import 4: line 4",
    ]
