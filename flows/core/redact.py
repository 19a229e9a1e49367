"""Secrets out of text and log lines: the SMTP password and the Slack webhook URL.

    redact(text, secrets)                  the text with each secret replaced by "[redacted]"
    Redact(secrets)                        a logging filter doing the same to every record
    with redacting(["httpx"], secrets): ... that filter on some loggers for a block

``secrets_of(settings)`` gives the values to hide; ``url_secrets(url)`` those of a secret URL
(the webhook): the URL and each part that is secret on its own (its userinfo's password, its
path and query, where a webhook's token is, the path's last segment, each query value), so
that a server echoing only the path, or a log line showing the URL without its userinfo, shows
none of it. Besides the secrets it is given, ``redact`` masks the password of any URL's
userinfo (``https://user:[redacted]@host``) and the value of any query parameter named like a
credential (``?token=[redacted]``). Errors, log lines and the archive (a failed digest's reason)
all go through these, so a secret is hidden the same way everywhere.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from urllib.parse import parse_qsl, urlsplit

from config import Settings

REDACTED = "[redacted]"
SHORTEST_SECRET = 4  # a 1-3 character "secret" would mask noise
SHORTEST_URL_PART = 8  # a URL's path or last segment shorter than this ("/hook") is no secret
# The password of a URL's userinfo: scheme://user:PASSWORD@host
_USERINFO = re.compile(r"(?P<head>\b[a-zA-Z][a-zA-Z0-9+.-]*://[^/\s:@]*:)[^/\s@]+@")
# The value of a query parameter named like a credential: ?token=VALUE, &api_key=VALUE
_CREDENTIAL_PARAMETER = re.compile(
    r"(?i)(?P<head>[?&](?:access_token|api_?key|auth|client_secret|key|passwd|password|secret"
    r"|sig|signature|token)=)[^&#\s'\"<>]+"
)


def secrets_of(settings: Settings) -> tuple[str, ...]:
    """The secret values in ``settings`` that must never be shown."""
    values = []
    if settings.email.password is not None:
        values.append(settings.email.password.get_secret_value())
    if settings.slack.webhook_url is not None:
        values.extend(url_secrets(settings.slack.webhook_url.get_secret_value()))
    return tuple(dict.fromkeys(v for v in values if len(v) >= SHORTEST_SECRET))


def url_secrets(url: str) -> tuple[str, ...]:
    """A secret URL and its parts that are secret on their own (see the module docstring)."""
    try:
        parts = urlsplit(url)
        password = parts.password
    except ValueError:  # not a URL after all: the whole value is the secret
        return (url,)
    found = [url]
    if password:
        found.append(password)
    tail = parts.path + (f"?{parts.query}" if parts.query else "")
    last = parts.path.rstrip("/").rpartition("/")[2]
    found += [part for part in (tail, last) if len(part) >= SHORTEST_URL_PART]
    found += [value for _, value in parse_qsl(parts.query) if len(value) >= SHORTEST_SECRET]
    return tuple(dict.fromkeys(found))


def redact(text: str, secrets: Iterable[str], *, mark: str = REDACTED) -> str:
    """``text`` with every secret (the longest first, none empty) replaced by ``mark``, and the
    credentials of any URL in it masked (a userinfo's password, a token parameter's value)."""
    for secret in sorted({s for s in secrets if s}, key=len, reverse=True):
        text = text.replace(secret, mark)
    text = _USERINFO.sub(lambda m: f"{m['head']}{mark}@", text)
    return _CREDENTIAL_PARAMETER.sub(lambda m: f"{m['head']}{mark}", text)


class Redact(logging.Filter):
    """Replaces secret values in a record's message (with its arguments) and traceback."""

    def __init__(self, secrets: Iterable[str], *, mark: str = REDACTED) -> None:
        super().__init__()
        self.secrets = tuple(s for s in secrets if s)
        self.mark = mark

    def filter(self, record: logging.LogRecord) -> bool:
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
