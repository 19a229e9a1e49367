"""Digests: what one holds, how it reads (email text and HTML, Slack blocks), how it is sent.

Rendering is pure; the senders either return once the server accepted the digest or raise a
``DeliveryError`` telling a transient failure from a permanent one.
"""

from flows.digest.blocks import render_slack
from flows.digest.model import (
    Chair,
    Digest,
    DigestEvent,
    DigestRelease,
    Link,
    Party,
    SourceHealth,
    SourceIssue,
    should_send,
)
from flows.digest.parties import party
from flows.digest.render import render_html, render_text, subject, summary_line
from flows.digest.subscription import (
    configured_channels,
    filter_for,
    recipients_for,
    sends_empty,
)
from flows.digest.wording import excerpt, headline, ordinal
from flows.notify.errors import DeliveryError, PermanentDeliveryError, TransientDeliveryError
from flows.notify.mail import compose_email, new_message_id, send_email
from flows.notify.slack import post_slack

__all__ = [
    "Chair",
    "DeliveryError",
    "Digest",
    "DigestEvent",
    "DigestRelease",
    "Link",
    "Party",
    "PermanentDeliveryError",
    "SourceHealth",
    "SourceIssue",
    "TransientDeliveryError",
    "compose_email",
    "configured_channels",
    "excerpt",
    "filter_for",
    "headline",
    "new_message_id",
    "ordinal",
    "party",
    "post_slack",
    "recipients_for",
    "render_html",
    "render_slack",
    "render_text",
    "send_email",
    "sends_empty",
    "should_send",
    "subject",
    "summary_line",
]
