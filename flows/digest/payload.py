"""A digest's fixed content, as the outbox keeps it (JSON), and the email message back from it.

Every payload holds ``kind``, ``subject``, ``text`` and ``html``. An email payload adds the
``message_id``, the ``recipients`` and ``mime``, the whole message as sent: every attempt sends
the same bytes with the same Message-ID, so mail clients can drop a copy. A Slack payload adds
``messages``, the Block Kit payloads in order.
"""

from __future__ import annotations

import email
from email.message import EmailMessage
from email.policy import default
from typing import Any

from config import ChannelSettings, Settings
from config.channels import recipients_for
from flows.digest.blocks import render_slack
from flows.digest.email import compose_email
from flows.digest.model import Digest
from flows.digest.render import render_html, render_text, subject
from flows.notify.smtp import new_message_id


def render_payload(
    digest: Digest, channel: ChannelSettings, settings: Settings, *, sending: bool = True
) -> dict[str, Any]:
    """The content of ``digest`` for ``channel``; without ``sending`` (a dry run) only the
    subject, text and HTML."""
    content: dict[str, Any] = {
        "kind": channel.kind,
        "subject": subject(digest),
        "text": render_text(digest),
        "html": render_html(digest),
    }
    if not sending:
        return content
    if channel.kind == "email":
        sender = settings.email.sender or ""
        recipients = recipients_for(channel, settings)
        message = compose_email(
            digest, sender=sender, recipients=recipients, message_id=new_message_id(sender)
        )
        content |= {
            "message_id": str(message["Message-ID"]),
            "recipients": list(recipients),
            "mime": message.as_string(),
        }
    else:
        content["messages"] = render_slack(
            digest, max_blocks=settings.slack.max_blocks, max_text=settings.slack.max_text
        )
    return content


def message_of(content: dict[str, Any]) -> EmailMessage:
    """The email message an email payload holds."""
    message = email.message_from_string(content["mime"], policy=default)
    assert isinstance(message, EmailMessage)  # the default policy's message class
    return message
