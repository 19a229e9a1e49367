"""A notice to the alert channels that the daily ``sources check`` found sources broken.

Sent once per breakage: only the sources broken now that were not at the check before (the
archive says which: ``Store.record_check``), so a source that stays broken is not announced
every day (it stays in ``status`` and in every digest's health line until it works again).
Plain text, one message per alert channel; a channel that refuses it is reported, never
retried: tomorrow's check says it again only if the source broke anew, and the digest's health
line carries it meanwhile.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime

from config import ChannelSettings, Settings
from config.channels import alert_channels, recipients_for
from flows.core.redact import redact, secrets_of
from flows.notify.errors import DeliveryError
from flows.notify.slack import post_slack
from flows.notify.smtp import new_message_id, send_email


@dataclass(frozen=True, slots=True)
class Broken:
    """A source the check found broken, and why."""

    source: str
    problem: str


def notice_text(broken: Sequence[Broken], *, checked: int) -> str:
    """The notice: how many of the checked sources broke, one line each with its problem."""
    count = len(broken)
    head = f"cyberwatch: {count} of {checked} sources broke (daily sources check)"
    lines = [f"- {b.source}: {' '.join(b.problem.split())}" for b in broken]
    return "\n".join([head, *lines, "Run `cyberwatch sources check` to see them again."])


def announce_broken(
    broken: Sequence[Broken], *, checked: int, settings: Settings, now: datetime
) -> list[str]:
    """Send the notice to every alert channel; one outcome line per channel."""
    if not broken:
        return []
    text = notice_text(broken, checked=checked)
    lines = []
    for channel in alert_channels(settings):
        try:
            _send(channel, text, settings=settings, now=now, count=len(broken))
            lines.append(f"{channel.name}: told of {len(broken)} broken sources")
        except (DeliveryError, OSError, ValueError) as e:
            reason = redact(str(e) or type(e).__name__, secrets_of(settings))
            lines.append(f"{channel.name}: FAILED to tell of the broken sources: {reason}")
    return lines


def _send(
    channel: ChannelSettings, text: str, *, settings: Settings, now: datetime, count: int
) -> None:
    if channel.kind == "slack":
        post_slack([{"text": text}], settings.slack)
        return
    sender = settings.email.sender or ""
    message = EmailMessage()
    message["Subject"] = f"cyberwatch: {count} sources broke"
    message["From"] = sender
    message["To"] = ", ".join(recipients_for(channel, settings))
    message["Date"] = format_datetime(now)
    message["Message-ID"] = new_message_id(sender)
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(text)
    send_email(message, settings.email)
