"""Secrets out of text and log lines: the SMTP password and the Slack webhook URL.

    redact(text, secrets)                  the text with each secret replaced by "[redacted]"
    Redact(secrets)                        a logging filter doing the same to every record
    with redacting(["httpx"], secrets): ... that filter on some loggers for a block

``secrets_of(settings)`` gives the values to hide. Errors, log lines and the archive (a failed
digest's reason) all go through these, so a secret is hidden the same way everywhere.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from config import Settings

REDACTED = "[redacted]"
SHORTEST_SECRET = 4  # a 1-3 character "secret" would mask noise


def secrets_of(settings: Settings) -> tuple[str, ...]:
    """The secret values in ``settings`` that must never be shown."""
    values = []
    if settings.email.password is not None:
        values.append(settings.email.password.get_secret_value())
    if settings.slack.webhook_url is not None:
        values.append(settings.slack.webhook_url.get_secret_value())
    return tuple(v for v in values if len(v) >= SHORTEST_SECRET)


def redact(text: str, secrets: Iterable[str], *, mark: str = REDACTED) -> str:
    """``text`` with every secret (the longest first, none empty) replaced by ``mark``."""
    for secret in sorted({s for s in secrets if s}, key=len, reverse=True):
        text = text.replace(secret, mark)
    return text


class Redact(logging.Filter):
    """Replaces secret values in a record's message (with its arguments) and traceback."""

    def __init__(self, secrets: Iterable[str], *, mark: str = REDACTED) -> None:
        super().__init__()
        self.secrets = tuple(s for s in secrets if s)
        self.mark = mark

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.secrets:
            return True
        message = record.getMessage()
        cleaned = redact(message, self.secrets, mark=self.mark)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text, self.secrets, mark=self.mark)
        return True


@contextmanager
def redacting(
    loggers: Iterable[str], secrets: Iterable[str], *, mark: str = REDACTED
) -> Iterator[None]:
    """A ``Redact`` filter on the named loggers while the block runs."""
    chosen = [logging.getLogger(name) for name in loggers]
    redactor = Redact(secrets, mark=mark)
    for logger in chosen:
        logger.addFilter(redactor)
    try:
        yield
    finally:
        for logger in chosen:
            logger.removeFilter(redactor)
