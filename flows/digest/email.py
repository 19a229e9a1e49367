"""A digest as an email message: ``multipart/alternative``, the plain text then the HTML.

``compose_email`` is pure: give it the same digest and Message-ID and it builds the same
message, so an outbox can fix the Message-ID before the first attempt and every retry sends the
same message (``flows.notify.smtp.send_email`` sends it).
"""

from __future__ import annotations

from collections.abc import Sequence
from email.message import EmailMessage
from email.utils import format_datetime

from flows.digest.model import Digest
from flows.digest.render import render_html, render_text, subject
from flows.notify.smtp import new_message_id


def compose_email(
    digest: Digest,
    *,
    sender: str,
    recipients: Sequence[str],
    message_id: str | None = None,
) -> EmailMessage:
    """``multipart/alternative``: the plain text, then the HTML, with Date, Message-ID, From, To."""
    if not recipients:
        raise ValueError("an email needs at least one recipient")
    message = EmailMessage()
    message["Subject"] = subject(digest)
    message["From"] = sender
    message["To"] = ", ".join(recipients)
    message["Date"] = format_datetime(digest.generated_at)
    message["Message-ID"] = message_id or new_message_id(sender)
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(render_text(digest))
    message.add_alternative(render_html(digest), subtype="html")
    return message
