"""One redaction for errors, log lines and the archive: every secret, the longest first."""

import logging
import sys

import pytest
from pydantic import SecretStr

from config import EmailSettings, Settings, SlackSettings
from flows.core.redact import REDACTED, Redact, redact, redacting, secrets_of

WEBHOOK = "https://hooks.slack.com/services/T000/B000/XXXXSECRET"


def test_every_secret_is_replaced_the_longest_first() -> None:
    # "XXXXSECRET" inside the URL must not leave the rest of the URL behind
    text = f"posting to {WEBHOOK} with XXXXSECRET"
    assert redact(text, ["XXXXSECRET", WEBHOOK]) == f"posting to {REDACTED} with {REDACTED}"
    assert redact(text, [WEBHOOK], mark="[slack webhook]") == (
        "posting to [slack webhook] with XXXXSECRET"
    )


def test_an_empty_secret_changes_nothing() -> None:
    assert redact("nothing to hide", ["", ""]) == "nothing to hide"


def test_the_secrets_of_the_settings_are_the_password_and_the_webhook_not_short_ones() -> None:
    settings = Settings(
        email=EmailSettings(host="smtp.example.org", password=SecretStr("pw-long-enough")),
        slack=SlackSettings(webhook_url=SecretStr(WEBHOOK)),
    )
    assert secrets_of(settings) == ("pw-long-enough", WEBHOOK)
    short = Settings(email=EmailSettings(host="smtp.example.org", password=SecretStr("abc")))
    assert secrets_of(short) == ()


def test_the_filter_redacts_the_message_its_arguments_and_the_traceback() -> None:
    try:
        raise RuntimeError(f"cannot reach {WEBHOOK}")
    except RuntimeError:
        record = logging.LogRecord(
            "t", logging.ERROR, __file__, 1, "posting to %s", (WEBHOOK,), exc_info=None
        )
        record.exc_info = sys.exc_info()
    assert Redact([WEBHOOK]).filter(record)
    assert record.getMessage() == f"posting to {REDACTED}"
    assert record.exc_text is not None and WEBHOOK not in record.exc_text
    assert f"RuntimeError: cannot reach {REDACTED}" in record.exc_text


def test_redacting_filters_the_named_loggers_for_the_block_only(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO)
    log = logging.getLogger("httpx")
    with redacting(["httpx"], [WEBHOOK], mark="[slack webhook]"):
        log.info("HTTP Request: POST %s", WEBHOOK)
    log.info("after: %s", WEBHOOK)
    assert caplog.messages == ["HTTP Request: POST [slack webhook]", f"after: {WEBHOOK}"]
