"""Errors raised while delivering a digest.

DeliveryError                 root; the channel kind, the status and how much was delivered
├── TransientDeliveryError    try again later: connection refused or dropped, timeout,
│                             SMTP 4xx, HTTP 429 and 5xx
└── PermanentDeliveryError    trying again will fail the same way until someone acts:
                              SMTP 5xx, login refused, TLS failure, HTTP 4xx, missing settings

Messages never contain the SMTP password or the Slack webhook URL.
"""

from __future__ import annotations


class DeliveryError(Exception):
    """A digest, or part of it, was not accepted by the server.

    ``delivered`` counts the messages the server accepted before the failure (a long Slack
    digest is several messages), so a retry can resume with the rest instead of repeating them.
    """

    transient = False

    def __init__(
        self, message: str, *, kind: str, status: int | None = None, delivered: int = 0
    ) -> None:
        self.message = message
        self.kind = kind
        self.status = status
        self.delivered = delivered
        super().__init__(str(self))

    def __str__(self) -> str:
        return f"{self.kind}: {self.message}"


class TransientDeliveryError(DeliveryError):
    """The server could not take the digest now; the same send may succeed later."""

    transient = True


class PermanentDeliveryError(DeliveryError):
    """The server refused the digest; settings or the message must change first."""
