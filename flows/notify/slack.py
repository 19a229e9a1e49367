"""Posting a digest to a Slack incoming webhook.

Each message is posted in order. A 429 waits for its ``Retry-After`` and tries again; a 5xx or a
refused connection is retried with a doubling delay; any other answer but 200 is permanent.
The webhook URL is a secret (whoever has it can post to the channel): it never appears in an
error, and httpx's request log lines are redacted while a digest is posted.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import httpx

from config import SlackSettings
from flows.core.redact import redact, redacting, url_secrets
from flows.notify.errors import PermanentDeliveryError, TransientDeliveryError
from scrapers.http_dates import retry_after_seconds

KIND = "slack"
WEBHOOK_MARK = "[slack webhook]"  # what stands for the webhook URL in errors and logs


def _post_one(
    client: httpx.Client,
    url: str,
    payload: Mapping[str, Any],
    settings: SlackSettings,
    *,
    delivered: int,
    sleep: Callable[[float], None],
) -> None:
    delay = settings.retry_delay
    for attempt in range(settings.retries + 1):
        last = attempt == settings.retries
        try:
            response = client.post(url, json=payload)
        except (httpx.ConnectError, httpx.ConnectTimeout) as e:
            if last:
                raise TransientDeliveryError(
                    f"cannot reach the webhook ({type(e).__name__})", kind=KIND, delivered=delivered
                ) from None
            sleep(delay)
            delay *= 2
            continue
        except httpx.HTTPError as e:
            # The request may have reached Slack: retrying now could post the message twice.
            raise TransientDeliveryError(
                f"no answer from the webhook ({type(e).__name__}); it may have been posted",
                kind=KIND,
                delivered=delivered,
            ) from None
        status = response.status_code
        if status == 200:
            return
        # A proxy's error page may echo the path alone: the token is in it.
        body = redact(" ".join(response.text.split()), url_secrets(url), mark=WEBHOOK_MARK)[:200]
        if status == 429:
            said = retry_after_seconds(
                response.headers.get("retry-after"), date=response.headers.get("date")
            )
            wait = delay if said is None else said
            if last or wait > settings.max_retry_after:
                raise TransientDeliveryError(
                    f"rate limited (429, Retry-After {wait:g} s)",
                    kind=KIND,
                    status=status,
                    delivered=delivered,
                )
            sleep(wait)
            continue
        if status >= 500:
            if last:
                raise TransientDeliveryError(
                    f"Slack answered {status} {body}".rstrip(),
                    kind=KIND,
                    status=status,
                    delivered=delivered,
                )
            sleep(delay)
            delay *= 2
            continue
        raise PermanentDeliveryError(
            f"Slack refused the message: {status} {body}".rstrip(),
            kind=KIND,
            status=status,
            delivered=delivered,
        )


def post_slack(
    messages: Sequence[Mapping[str, Any]],
    settings: SlackSettings,
    *,
    client: httpx.Client | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> None:
    """POST each message (a Block Kit payload) to the webhook, in order.

    Returns when Slack accepted every message. Raises ``TransientDeliveryError`` (429 past the
    retries or a too-long Retry-After, 5xx, no connection) or ``PermanentDeliveryError``
    (other 4xx, no or bad webhook URL); ``delivered`` on the error counts the messages that
    were accepted, so a retry can send ``messages[error.delivered:]``.
    """
    if settings.webhook_url is None:
        raise PermanentDeliveryError(
            "no webhook URL configured (CYBERWATCH_SLACK_WEBHOOK_URL)", kind=KIND
        )
    url = settings.webhook_url.get_secret_value()
    if not url.startswith(("https://", "http://")):
        raise PermanentDeliveryError("the webhook URL is not an http(s) URL", kind=KIND)
    own = client is None
    http = client or httpx.Client(timeout=settings.timeout)
    try:
        # httpx's "HTTP Request: POST <url>" lines show no webhook URL
        with redacting(("httpx", "httpcore"), url_secrets(url), mark=WEBHOOK_MARK):
            for delivered, payload in enumerate(messages):
                _post_one(http, url, payload, settings, delivered=delivered, sleep=sleep)
    except httpx.InvalidURL:
        raise PermanentDeliveryError("the webhook URL is not a valid URL", kind=KIND) from None
    finally:
        if own:
            http.close()
