"""Settings for sending digests: the SMTP relay, the Slack webhook, and the digest channels.

The secrets (``email.password``, ``slack.webhook_url``) are ``SecretStr``: their repr is masked,
and they are read from the environment only (``CYBERWATCH_SMTP_PASSWORD``,
``CYBERWATCH_SLACK_WEBHOOK_URL``); a settings file that holds one is refused.

```toml
[email]
host = "smtp.example.org"        # CYBERWATCH_SMTP_HOST
tls = "starttls"                 # CYBERWATCH_SMTP_TLS: starttls (port 587), ssl (465) or none (25)
user = "cyberwatch"              # CYBERWATCH_SMTP_USER; the password: CYBERWATCH_SMTP_PASSWORD
sender = "cyberwatch <cyberwatch@example.org>"      # CYBERWATCH_EMAIL_FROM
recipients = ["desk@example.org", "ana@example.org"]  # CYBERWATCH_EMAIL_TO, comma-separated

[digest]
send_empty = true                # "nothing new, all N sources healthy" instead of silence
timezone = "Europe/London"       # dates and times in the digest

[[digest.channels]]
name = "korea-desk"              # unique and stable: it keys what this channel was sent
kind = "email"
recipients = ["korea-desk@example.org"]   # instead of [email] recipients
parties = ["KR"]                 # only events with one of these parties (ISO 3166 codes)
topics = ["ransomware"]          # only events about one of these topics
min_score = 0.5                  # only releases the relevance rule scored at least this
```
"""

from __future__ import annotations

from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator, model_validator

TlsMode = Literal["starttls", "ssl", "none"]
DEFAULT_SMTP_PORTS = MappingProxyType({"starttls": 587, "ssl": 465, "none": 25})
PARTY_ALIASES = MappingProxyType({"UK": "GB"})  # the code people write -> the ISO 3166 code


class _Section(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


def _comma_list(value: Any) -> Any:
    """A list may be given as one comma-separated string (the environment's only form)."""
    if isinstance(value, str):
        return tuple(v.strip() for v in value.split(",") if v.strip())
    return value


def _check_address(address: str) -> str:
    from email.utils import parseaddr  # only when an address is given

    if "@" not in parseaddr(address)[1]:
        raise ValueError(f"not an email address: {address!r}")
    return address


class EmailSettings(_Section):
    """The SMTP relay digests are sent through, and who they go to."""

    host: str | None = Field(None, description="SMTP server; unset = no email")
    port: int = Field(587, ge=1, le=65535, description="default by tls: 587, 465 or 25")
    tls: TlsMode = "starttls"
    user: str | None = Field(None, description="log in when user and password are both set")
    password: SecretStr | None = Field(None, description="from CYBERWATCH_SMTP_PASSWORD only")
    sender: str | None = Field(None, description="the From address, e.g. 'cw <cw@example.org>'")
    recipients: tuple[str, ...] = Field((), description="the To addresses")
    timeout: float = Field(30.0, gt=0, description="seconds to wait for the server")
    ca_file: Path | None = Field(None, description="certificates to trust besides the system's")

    @model_validator(mode="before")
    @classmethod
    def _port_from_tls(cls, data: Any) -> Any:
        if isinstance(data, dict) and data.get("port") in (None, ""):
            tls = data.get("tls", "starttls")
            data = {**data, "port": DEFAULT_SMTP_PORTS.get(tls, 587)}
        return data

    @field_validator("recipients", mode="before")
    @classmethod
    def _split_recipients(cls, value: Any) -> Any:
        return _comma_list(value)

    @field_validator("recipients")
    @classmethod
    def _check_recipients(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(_check_address(a) for a in value)

    @field_validator("sender")
    @classmethod
    def _check_sender(cls, value: str | None) -> str | None:
        return None if value is None else _check_address(value)

    @property
    def configured(self) -> bool:
        """A host, a sender and at least one recipient: enough to send."""
        return bool(self.host and self.sender and self.recipients)


class SlackSettings(_Section):
    """The Slack incoming webhook digests are posted to, and Slack's limits."""

    webhook_url: SecretStr | None = Field(None, description="from the environment only")
    max_blocks: int = Field(50, ge=3, le=50, description="blocks per message (Slack: 50)")
    max_text: int = Field(3000, ge=200, le=3000, description="characters per text (Slack: 3000)")
    retries: int = Field(3, ge=0, description="for 429 and 5xx answers and refused connections")
    retry_delay: float = Field(1.0, ge=0, description="seconds before the first 5xx retry; doubles")
    max_retry_after: float = Field(
        120.0, ge=0, description="a longer Retry-After gives up for now (a transient failure)"
    )
    timeout: float = Field(10.0, gt=0)


class ChannelSettings(_Section):
    """One subscription: where a digest goes and which events and releases it lets through."""

    name: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
    kind: Literal["email", "slack"]
    parties: tuple[str, ...] = Field((), description="ISO 3166 codes; empty = every party")
    topics: tuple[str, ...] = Field((), description="empty = every topic")
    min_score: float = Field(0.0, ge=0)
    recipients: tuple[str, ...] = Field((), description="email: instead of [email] recipients")
    send_empty: bool | None = Field(None, description="unset = [digest] send_empty")
    alert: bool = Field(
        False,
        description="post each new dialogue event right after the poll that found it "
        "(events only, never empty) instead of waiting for the scheduled digest",
    )

    @field_validator("parties", "topics", "recipients", mode="before")
    @classmethod
    def _split_lists(cls, value: Any) -> Any:
        return _comma_list(value)

    @field_validator("parties")
    @classmethod
    def _party_codes(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        codes = (code.strip().upper() for code in value)
        return tuple(PARTY_ALIASES.get(code, code) for code in codes)

    @field_validator("recipients")
    @classmethod
    def _check_recipients(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(_check_address(a) for a in value)

    @model_validator(mode="after")
    def _recipients_are_for_email(self) -> ChannelSettings:
        if self.recipients and self.kind != "email":
            raise ValueError("recipients are for email channels only")
        if self.alert and self.send_empty:
            raise ValueError("an alert channel never sends an empty message: drop send_empty")
        return self


class DigestSettings(_Section):
    """What a digest covers and how it reads; the channels it is sent to."""

    first_window_days: int = Field(7, ge=1, description="a new channel's first digest looks back")
    silent_after_days: int = Field(
        14, ge=1, description="a source without a success or a new release this long is silent"
    )
    include_archive: bool = Field(
        False, description="releases brought in by backfill or import enter digests too"
    )
    send_empty: bool = Field(False, description="send 'nothing new' rather than nothing")
    timezone: str = Field("UTC", description="IANA name used for dates, e.g. Europe/London")
    contact: str = Field("", description="who readers write to to change their subscription")
    channels: tuple[ChannelSettings, ...] = Field(
        (), description="unset = one 'email' and one 'slack' channel, each if configured"
    )

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as e:
            raise ValueError(f"unknown time zone: {value!r}") from e
        return value

    @field_validator("channels")
    @classmethod
    def _unique_names(cls, value: tuple[ChannelSettings, ...]) -> tuple[ChannelSettings, ...]:
        names = [c.name for c in value]
        doubles = sorted({n for n in names if names.count(n) > 1})
        if doubles:
            raise ValueError(f"channel names must be unique: {', '.join(doubles)}")
        return value
