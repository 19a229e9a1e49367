"""One redaction for errors, log lines and the archive: every secret, the longest first."""

import logging
import sys

import pytest
from pydantic import SecretStr

from config import EmailSettings, Settings, SlackSettings
from flows.core.redact import REDACTED, Redact, redact, redacting, secrets_of, url_secrets

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
    path = "/services/T000/B000/XXXXSECRET"
    assert secrets_of(settings) == ("pw-long-enough", WEBHOOK, path, "XXXXSECRET")
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


def test_a_secret_url_is_hidden_with_each_part_that_is_secret_on_its_own() -> None:
    url = "https://bot:hunter2-pw@hooks.example.org/hooks/abcdef123456?token=tok-9876&ch=7"
    assert url_secrets(url) == (
        url,
        "hunter2-pw",  # the userinfo's password
        "/hooks/abcdef123456?token=tok-9876&ch=7",  # the path and query, where a token lives
        "abcdef123456",  # the path's last segment
        "tok-9876",  # each query value long enough to be one
    )
    echoed = "proxy: no route for /hooks/abcdef123456?token=tok-9876&ch=7 (user bot)"
    assert redact(echoed, url_secrets(url)) == f"proxy: no route for {REDACTED} (user bot)"
    # A short path is no secret; text that is not a URL is the secret as a whole.
    assert url_secrets("https://example.org/hook") == ("https://example.org/hook",)
    assert url_secrets("http://[::1") == ("http://[::1",)


def test_any_url_loses_its_userinfo_password_and_credential_parameters() -> None:
    line = (
        "GET https://reader:s3cr3t@feeds.example.org/rss?page=2&api_key=AbC123&token=xyz "
        "failed; see http://example.org/news?keyword=cyber&sig=f00d#top"
    )
    assert redact(line, []) == (
        f"GET https://reader:{REDACTED}@feeds.example.org/rss?page=2&api_key={REDACTED}"
        f"&token={REDACTED} failed; see http://example.org/news?keyword=cyber&sig={REDACTED}#top"
    )
    assert redact("mailto:desk@example.org and https://www.gov.uk/news?page=2", []) == (
        "mailto:desk@example.org and https://www.gov.uk/news?page=2"
    )


def test_the_filter_masks_url_credentials_even_without_secrets() -> None:
    record = logging.LogRecord(
        "t", logging.WARNING, __file__, 1, "fetching %s", ("https://u:pw12@x.org/f",), None
    )
    assert Redact([]).filter(record)
    assert record.getMessage() == f"fetching https://u:{REDACTED}@x.org/f"
