"""Secrets never leak: a full poll and digest with a known SMTP password and Slack webhook URL,
through the command line (real processes) and through the Prefect flows, then every output and
file searched for them.

Searched: the standard output and error of every command (``-v`` shows Prefect's run logs on the
console), ``--json`` and ``status`` outputs, the reasons of failing sends (a wrong password, a
Slack 500 whose body echoes the webhook, unreachable hosts), every file the runs left (the
archives, as bytes and as the text of every table, Prefect's home and any log file) and
Prefect's run records: the test server's database (flow and task runs, their parameters and
states, the logs the runs sent) as bytes, and the logs read back through its API.

A secret is searched in every form it could take: the password, its base64 (SMTP AUTH), the
webhook URL, its path (the token) and the token's last part alone.
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import socket
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import asdict, dataclass
from pathlib import Path

import pytest
from prefect.logging.handlers import APILogHandler
from prefect.testing.utilities import prefect_test_harness
from pydantic import SecretStr

from config import EmailSettings, Settings, SlackSettings
from flows.devtools.demo.server import FixtureServer
from flows.devtools.demo.slack import SlackStandIn
from flows.orchestration.digest_flow import digest
from flows.orchestration.poll_flow import poll
from tests.flows.digest.conftest import PASSWORD, USER, SmtpServer, slack, smtp_auth

pytestmark = pytest.mark.slow

__all__ = ["slack", "smtp_auth"]  # the digest tests' SMTP server (with login) and Slack stand-in
ROOT = Path(__file__).resolve().parents[2]
WRONG_PASSWORD = "Wr0ng-but-still-SECRET-pw"
TOKEN = "T0SECRET/B0SECRET/xoxSecretWebhookToken"  # the path of the digest tests' webhook


@dataclass(frozen=True)
class Prefect:
    """The test server: its API URL and its database file."""

    api_url: str
    database: Path


@pytest.fixture(scope="module")
def prefect() -> Iterator[Prefect]:
    with prefect_test_harness(server_startup_timeout=120):
        from prefect.settings import PREFECT_API_URL, PREFECT_SERVER_DATABASE_CONNECTION_URL

        database = str(PREFECT_SERVER_DATABASE_CONNECTION_URL.value())
        database = database.removeprefix("sqlite+aiosqlite:///")
        yield Prefect(str(PREFECT_API_URL.value()), Path(database))


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def forms(*secrets: str) -> list[str]:
    """Each secret and the forms it could be shown in: its base64, a URL's path and token."""
    found: set[str] = set()
    for secret in secrets:
        found |= {secret, base64.b64encode(secret.encode()).decode()}
        if "://" in secret:
            path = "/" + secret.split("://", 1)[1].split("/", 1)[1]
            found |= {path, path.rsplit("/", 1)[1]}
    found.add(base64.b64encode(f"\0{USER}\0{PASSWORD}".encode()).decode())  # AUTH PLAIN
    return sorted(found)


def leaks(text: str | bytes, secrets: list[str]) -> list[str]:
    data = text.encode() if isinstance(text, str) else text
    return [s for s in secrets if s.encode() in data]


def copy_archive(source: Path, dest: Path) -> None:
    with closing(sqlite3.connect(source)) as original, closing(sqlite3.connect(dest)) as copy:
        original.backup(copy)


def table_text(db: Path) -> str:
    """Every row of every table of an SQLite file, as text."""
    conn = sqlite3.connect(db)
    try:
        return "\n".join(conn.iterdump())
    finally:
        conn.close()


def file_leaks(folder: Path, secrets: list[str]) -> dict[str, list[str]]:
    """Every file under ``folder`` holding a secret, as bytes or (SQLite) as table text."""
    found: dict[str, list[str]] = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        hits = leaks(path.read_bytes(), secrets)
        if path.suffix == ".db":
            hits += leaks(table_text(path), secrets)
        if hits:
            found[str(path)] = sorted(set(hits))
    return found


@dataclass
class Runs:
    """Every command run, with its output, for the search at the end."""

    env: dict[str, str]
    outputs: dict[str, str]

    def cyberwatch(self, *args: str, expect: int = 0, **env: str) -> str:
        command = [sys.executable, "-c", "from flows.cli import main; main()", *args]
        done = subprocess.run(
            command,
            capture_output=True,
            text=True,
            cwd=ROOT,
            env={**os.environ, **self.env, **env},
            timeout=300,
            check=False,
        )
        name = " ".join(args) + (f" ({', '.join(sorted(env))})" if env else "")
        self.outputs[name] = done.stdout + done.stderr
        assert done.returncode == expect, (name, done.stdout, done.stderr)
        assert "Traceback" not in done.stderr, (name, done.stderr)
        return done.stdout + done.stderr


def test_no_secret_in_any_output_file_or_prefect_record(
    server: FixtureServer,
    tmp_path: Path,
    catalogue_with: Callable[[FixtureServer, str], Path],
    prefect: Prefect,
    smtp_auth: SmtpServer,
    slack: SlackStandIn,
) -> None:
    unreachable = f"http://127.0.0.1:{closed_port()}/services/{TOKEN}"
    secrets = forms(PASSWORD, WRONG_PASSWORD, slack.url, unreachable)
    home = tmp_path / "home"
    (home / "prefect").mkdir(parents=True)
    runs = Runs(
        env={
            "PREFECT_API_URL": prefect.api_url,
            "PREFECT_HOME": str(home / "prefect"),
            "XDG_DATA_HOME": str(home / "data"),
            "CYBERWATCH_DB": str(tmp_path / "archive.db"),
            "CYBERWATCH_SOURCES": str(catalogue_with(server, "")),
            "CYBERWATCH_FETCH__RATE": "1000",
            "CYBERWATCH_FETCH__ROBOTS": "false",
            "CYBERWATCH_SMTP_HOST": smtp_auth.host,
            "CYBERWATCH_SMTP_PORT": str(smtp_auth.port),
            "CYBERWATCH_SMTP_TLS": "none",
            "CYBERWATCH_SMTP_USER": USER,
            "CYBERWATCH_SMTP_PASSWORD": PASSWORD,
            "CYBERWATCH_EMAIL_FROM": "cyberwatch <cw@ministry.example>",
            "CYBERWATCH_EMAIL_TO": "desk@ministry.example",
            "CYBERWATCH_SLACK_WEBHOOK_URL": slack.url,
            "CYBERWATCH_SLACK__RETRIES": "0",
        },
        outputs={},
    )

    # The command line: a poll and a digest that goes out, then what a user looks at.
    runs.cyberwatch("-v", "poll", "--all", "--json")
    failing = tmp_path / "failing.db"  # the polled archive, for the failing sends below
    copy_archive(Path(runs.env["CYBERWATCH_DB"]), failing)
    sent = runs.cyberwatch("-v", "digest", "--json")
    assert [json.loads(line)["status"] for line in sent.splitlines() if line.startswith("{")] == [
        "sent",
        "sent",
    ]
    assert len(smtp_auth.mailbox.envelopes) == 1 and slack.posts
    runs.cyberwatch("status")
    runs.cyberwatch("status", "--json")
    runs.cyberwatch("sources", "--json")
    runs.cyberwatch("digest", "--dry-run", "--output", str(tmp_path / "preview.html"))

    # Failing sends on a fresh archive: a refused login and a Slack 500 whose error page echoes
    # the webhook's path, then both hosts unreachable; each reason goes to the terminal, --json
    # and the archive.
    slack.script[:] = [(500, {}, f"Bad gateway: upstream failed for /services/{TOKEN}")]
    refused = runs.cyberwatch(
        "-v",
        "digest",
        "--json",
        expect=1,
        CYBERWATCH_DB=str(failing),
        CYBERWATCH_SMTP_PASSWORD=WRONG_PASSWORD,
    )
    assert "535" in refused and "500" in refused  # the reasons are there, without the secrets
    runs.cyberwatch(
        "-v",
        "digest",
        "--json",
        expect=1,
        CYBERWATCH_DB=str(failing),
        CYBERWATCH_SMTP_PORT=str(closed_port()),
        CYBERWATCH_SLACK_WEBHOOK_URL=unreachable,
    )
    runs.cyberwatch("status", "--json", CYBERWATCH_DB=str(failing))

    # The flows themselves, in this process, with the secrets in their settings parameter.
    flows_db = tmp_path / "flows.db"
    settings = Settings(
        db=flows_db,
        sources=Path(runs.env["CYBERWATCH_SOURCES"]),
        email=EmailSettings(
            host=smtp_auth.host,
            port=smtp_auth.port,
            tls="none",
            user=USER,
            password=SecretStr(WRONG_PASSWORD),
            sender="cw@ministry.example",
            recipients=("desk@ministry.example",),
        ),
        slack=SlackSettings(webhook_url=SecretStr(slack.url), retries=0),
    )
    settings = settings.model_copy(
        update={"fetch": settings.fetch.model_copy(update={"rate": 1000.0, "robots": False})}
    )
    asyncio.run(poll(settings=settings, all_sources=True))
    slack.script[:] = [(500, {}, f"echo {slack.url}")]
    report = asyncio.run(digest(settings=settings))
    assert {o.status for o in report.outcomes} == {"failed"}
    runs.outputs["flow outcomes"] = json.dumps([asdict(o) for o in report.outcomes], default=str)
    APILogHandler().flush()  # the flows' logs, sent to the server before it is searched

    output_leaks = {name: leaks(text, secrets) for name, text in runs.outputs.items()}
    assert {name: hits for name, hits in output_leaks.items() if hits} == {}
    assert file_leaks(tmp_path, secrets) == {}
    assert file_leaks(prefect.database.parent, secrets) == {}
