"""Helpers for the outbox tests: an archive filled from the fixture sites by the plain pipeline,
delivery settings pointing at the local SMTP server and Slack endpoint, and an SMTP server that
refuses the first messages with a 451."""

from __future__ import annotations

import asyncio
import email
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from email.policy import default
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

from config import EmailSettings, Settings, SlackSettings, load_sources
from flows.core.ingest import store_item
from flows.core.poll import poll_source
from flows.core.runtime import open_runtime
from scrapers.analysis import Rules
from scrapers.model import Item
from storage import Origin, Store

from .conftest import PASSWORD, USER, Mailbox, SmtpServer, free_port

FILLED_AT = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
SENDER = "cyberwatch <cyberwatch@ministry.example>"
TO = "desk@ministry.example"
SEED = "4th Republic of Korea-UK Cyber Dialogue, London, 6 November 2024"
FRANCE_JAPAN = (
    "The 1st France-Japan Cyber Dialogue was held in Paris on 3 November 2026. The meeting was "
    "co-chaired by officials of the two foreign ministries. The two sides discussed ransomware "
    "and capacity building."
)


def fill(settings: Settings, *, now: datetime = FILLED_AT) -> None:
    """Poll every fixture source (the disabled ones too) into the archive, without Prefect."""

    async def run() -> None:
        async with open_runtime(settings) as runtime:
            for source in load_sources(settings.sources):
                await poll_source(
                    source,
                    fetcher=runtime.fetcher,
                    store=runtime.store,
                    settings=settings,
                    now=now,
                )

    asyncio.run(run())


def add_release(
    settings: Settings,
    url: str,
    title: str,
    text: str,
    *,
    origin: Origin,
    now: datetime,
    busy_timeout: float | None = None,
) -> int:
    """Store one release through the poll's own path, as a backfill, an import or a poll;
    ``busy_timeout``: at most these seconds waiting for another connection's write lock."""
    item = Item(source=origin, url=url, title=title, published=None, body=text)
    with Store.open(settings.db) as store:
        if busy_timeout is not None:
            store._db.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
        rules = Rules.compile(settings.analysis)
        return store_item(store, item, rules=rules, now=now, origin=origin, listed=False).id


def with_email(settings: Settings, server: SmtpServer, **changes: Any) -> Settings:
    """``settings`` sending email through ``server`` (login when it wants one)."""
    values: dict[str, Any] = {
        "host": server.host,
        "port": server.port,
        "tls": "none",
        "sender": SENDER,
        "recipients": [TO],
        "timeout": 5,
        **changes,
    }
    return settings.model_copy(update={"email": EmailSettings.model_validate(values)})


def with_slack(settings: Settings, url: str, **changes: Any) -> Settings:
    values: dict[str, Any] = {"webhook_url": url, "retries": 0, "retry_delay": 0, **changes}
    return settings.model_copy(update={"slack": SlackSettings.model_validate(values)})


def with_digest(settings: Settings, **changes: Any) -> Settings:
    return settings.model_copy(update={"digest": settings.digest.model_copy(update=changes)})


def received(server: SmtpServer) -> list[EmailMessage]:
    messages = []
    for envelope in server.mailbox.envelopes:
        content = envelope.original_content or envelope.content
        assert isinstance(content, bytes)
        message = email.message_from_bytes(content, policy=default)
        assert isinstance(message, EmailMessage)
        messages.append(message)
    return messages


def text_of(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    assert part is not None
    return str(part.get_content())


@dataclass
class Flaky(Mailbox):
    """Answers 451 to the first ``refusals`` messages (echoing the password, as a careless relay
    might), then accepts."""

    refusals: int = 0

    async def handle_DATA(  # noqa: N802 (aiosmtpd's hook name)
        self, server: SMTP, session: Session, envelope: Envelope
    ) -> str:
        if self.refusals > 0:
            self.refusals -= 1
            return f"451 4.3.0 queue full for {PASSWORD}, try again later"
        return await super().handle_DATA(server, session, envelope)


@contextmanager
def flaky_smtp(refusals: int) -> Iterator[SmtpServer]:
    """A real SMTP server on 127.0.0.1 wanting a login (``USER``), refusing at first."""
    mailbox = Flaky(refusals=refusals)
    port = free_port()
    controller = Controller(
        mailbox,
        hostname="127.0.0.1",
        port=port,
        authenticator=mailbox.authenticate,
        auth_require_tls=False,
    )
    controller.start()
    try:
        yield SmtpServer("127.0.0.1", port, mailbox)
    finally:
        controller.stop()


def login(settings: Settings) -> Settings:
    """``settings`` logging in as ``USER`` with ``PASSWORD`` (the secret under test)."""
    email_settings = settings.email.model_copy(update={"user": USER})
    values = {**email_settings.model_dump(), "password": PASSWORD}
    return settings.model_copy(update={"email": EmailSettings.model_validate(values)})
