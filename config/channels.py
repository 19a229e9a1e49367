"""The digest channels: which there are, who an email channel writes to, whether an empty
digest goes out. Read from the settings; a channel that cannot be served is a ConfigError."""

from __future__ import annotations

from config.delivery import ChannelSettings
from config.errors import ConfigError
from config.settings import Settings


def configured_channels(settings: Settings) -> tuple[ChannelSettings, ...]:
    """The channels to send digests to, checked against the delivery settings.

    Without ``[[digest.channels]]`` there is one channel named ``email`` when email is
    configured and one named ``slack`` when a webhook is set, each with no filter.
    """
    channels = settings.digest.channels
    if not channels:
        implicit = []
        if settings.email.configured:
            implicit.append(ChannelSettings(name="email", kind="email"))
        if settings.slack.webhook_url is not None:
            implicit.append(ChannelSettings(name="slack", kind="slack"))
        return tuple(implicit)
    for channel in channels:
        field = f"digest.channels.{channel.name}"
        if channel.kind == "slack" and settings.slack.webhook_url is None:
            raise ConfigError("a slack channel needs CYBERWATCH_SLACK_WEBHOOK_URL", field=field)
        if channel.kind == "email":
            missing = [
                variable
                for variable, value in (
                    ("CYBERWATCH_SMTP_HOST", settings.email.host),
                    ("CYBERWATCH_EMAIL_FROM", settings.email.sender),
                    ("CYBERWATCH_EMAIL_TO", channel.recipients or settings.email.recipients),
                )
                if not value
            ]
            if missing:
                raise ConfigError(
                    f"an email channel needs {', '.join(missing)} (or [email] settings)",
                    field=field,
                )
    return channels


def recipients_for(channel: ChannelSettings, settings: Settings) -> tuple[str, ...]:
    """Who an email channel writes to: its own recipients, else ``[email] recipients``."""
    return channel.recipients or settings.email.recipients


def sends_empty(channel: ChannelSettings, settings: Settings) -> bool:
    """Whether an empty digest is sent on this channel (never on an alert channel)."""
    if channel.alert:
        return False
    return settings.digest.send_empty if channel.send_empty is None else channel.send_empty


def alert_channels(settings: Settings) -> tuple[ChannelSettings, ...]:
    """The configured channels with ``alert = true``."""
    return tuple(c for c in configured_channels(settings) if c.alert)
