"""Settings for running on a schedule: when polls and digests run, how each source's next check
is chosen, and the local Prefect server ``cyberwatch serve`` starts.

Durations are written ``"30s"``, ``"30m"``, ``"2h"``, ``"1d"`` or combined (``"1h30m"``); a bare
number is minutes (``poll_interval = 30``).

```toml
[schedule]
poll_interval = "5m"             # the poll runs this often and checks the sources that are due
check_interval = "30m"           # a source whose publishing rhythm is not known yet is checked so
checks_per_gap = 12              # else this many times per its usual gap between two releases ...
quiet_interval = "3h"            # ... at most this far apart (a quiet source)
min_interval = "5m"              # a source is never checked sooner, whatever it says
max_interval = "1d"              # nor later, however long its Cache-Control, Expires or ttl
host_rate = 1.0                  # checks a minute per host on average, shared by its sources
backoff_factor = 2.0             # a failing source waits check_interval, then x2, x4, ...
max_backoff = "12h"              # ... up to this
jitter = 0.2                     # each failure's wait randomised by up to +-20 %
digest_cron = "0 8 * * *"        # the digest: every day at 08:00 ...
timezone = "Europe/London"       # ... in this time zone (default: [digest] timezone)
check_cron = "0 6 * * *"         # `sources check` of every enabled source, daily ("": never)

[[schedule.digests]]             # several digests, each with its own schedule (replaces the one)
name = "daily-email"
channel = "email"                # a [[digest.channels]] name; unset = every channel
cron = "0 8 * * *"

[[schedule.digests]]
name = "slack-new-events"
channel = "slack"
interval = "30m"                 # a Slack post soon after each new event (empty ones not sent)

[serve]
home = "/srv/cyberwatch/prefect" # the local Prefect server's home and database (default: data dir)
port = 0                         # 0: any free port on 127.0.0.1
startup_timeout = 120            # seconds to wait for it to answer
retention = "30d"                # flow runs older than this are vacuumed from its database
```
"""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

_DURATION = re.compile(r"(?:(\d+(?:\.\d+)?)\s*([dhms]))", re.IGNORECASE)
_UNITS = {"d": 86400.0, "h": 3600.0, "m": 60.0, "s": 1.0}


def parse_duration(value: Any) -> Any:
    """``"1h30m"`` -> 90 minutes; a bare number (or numeric string) is minutes. Anything else
    (a timedelta, an ISO 8601 ``"PT30M"``) is left to pydantic."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return timedelta(minutes=value)
    if not isinstance(value, str):
        return value
    text = value.strip()
    try:
        return timedelta(minutes=float(text))
    except ValueError:
        pass
    parts = _DURATION.findall(text)
    if parts and _DURATION.sub("", text).strip() == "":
        return timedelta(seconds=sum(float(n) * _UNITS[unit.lower()] for n, unit in parts))
    if text.upper().startswith("P"):
        return text  # ISO 8601, as model_dump(mode="json") writes it
    raise ValueError(f"not a duration: {value!r} (write e.g. '30s', '30m', '2h', '1d')")


Duration = Annotated[timedelta, BeforeValidator(parse_duration)]


def _positive(value: timedelta) -> timedelta:
    if value <= timedelta(0):
        raise ValueError("must be longer than zero")
    return value


def _zone(value: str | None) -> str | None:
    if value is None:
        return value
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError) as e:
        raise ValueError(f"unknown time zone: {value!r}") from e
    return value


def _cron(value: str | None) -> str | None:
    if value is not None and len(value.split()) not in (5, 6):
        raise ValueError(f"not a cron expression (5 fields, e.g. '0 8 * * *'): {value!r}")
    return value


class _Section(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class DigestSchedule(_Section):
    """One scheduled digest: which channel (None: every channel) and when."""

    name: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
    channel: str | None = Field(None, description="a [[digest.channels]] name; unset = every one")
    cron: str | None = Field(None, description="e.g. '0 8 * * *'; unset = [schedule] digest_cron")
    interval: Duration | None = Field(None, description="instead of cron: every so often")
    timezone: str | None = Field(None, description="for cron; unset = [schedule] timezone")

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str | None) -> str | None:
        return _zone(value)

    @field_validator("cron")
    @classmethod
    def _cron_fields(cls, value: str | None) -> str | None:
        return _cron(value)

    @field_validator("interval")
    @classmethod
    def _positive_interval(cls, value: timedelta | None) -> timedelta | None:
        return None if value is None else _positive(value)

    @model_validator(mode="after")
    def _cron_or_interval(self) -> DigestSchedule:
        if self.cron is not None and self.interval is not None:
            raise ValueError("set cron or interval, not both")
        return self


class ScheduleSettings(_Section):
    """When the scheduled poll and digests run, and the rules for each source's next check."""

    poll_interval: Duration = Field(
        timedelta(minutes=5), description="the poll runs this often and checks the due sources"
    )
    check_interval: Duration = Field(
        timedelta(minutes=30),
        description="a source's interval while its publishing rhythm is unknown; backoff base",
    )
    checks_per_gap: int = Field(
        12, ge=1, description="checks per the source's usual gap between two of its releases"
    )
    quiet_interval: Duration = Field(
        timedelta(hours=3), description="the longest interval a quiet rhythm gives"
    )
    host_rate: float = Field(
        1.0, gt=0, description="checks a minute per host on average, shared by its sources"
    )
    min_interval: Duration = Field(
        timedelta(minutes=5), description="a source is never checked sooner than this"
    )
    max_interval: Duration = Field(
        timedelta(days=1), description="nor later than this, whatever the server says"
    )
    backoff_factor: float = Field(2.0, ge=1.0, description="a failing source's wait grows so")
    max_backoff: Duration = Field(
        timedelta(hours=12), description="the longest wait after failures"
    )
    jitter: float = Field(0.2, ge=0.0, le=1.0, description="failure waits randomised by +-this")
    digest_cron: str = Field("0 8 * * *", description="when the digest is sent")
    digest_interval: Duration | None = Field(
        None, description="instead of digest_cron: every so often (tests, frequent posts)"
    )
    timezone: str | None = Field(None, description="of the cron schedules; unset = [digest]")
    check_cron: str = Field(
        "0 6 * * *", description="when serve runs `sources check`, in timezone; '' = never"
    )
    digests: tuple[DigestSchedule, ...] = Field(
        (), description="several scheduled digests; unset = one 'daily' digest of every channel"
    )

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str | None) -> str | None:
        return _zone(value)

    @field_validator("digest_cron")
    @classmethod
    def _cron_fields(cls, value: str) -> str:
        return _cron(value) or value

    @field_validator("check_cron")
    @classmethod
    def _check_cron_fields(cls, value: str) -> str:
        return _cron(value) or value if value.strip() else ""

    @field_validator(
        "poll_interval",
        "check_interval",
        "quiet_interval",
        "min_interval",
        "max_interval",
        "max_backoff",
    )
    @classmethod
    def _positive_duration(cls, value: timedelta) -> timedelta:
        return _positive(value)

    @field_validator("digest_interval")
    @classmethod
    def _positive_interval(cls, value: timedelta | None) -> timedelta | None:
        return None if value is None else _positive(value)

    @field_validator("digests")
    @classmethod
    def _unique_names(cls, value: tuple[DigestSchedule, ...]) -> tuple[DigestSchedule, ...]:
        names = [d.name for d in value]
        doubles = sorted({n for n in names if names.count(n) > 1})
        if doubles:
            raise ValueError(f"digest names must be unique: {', '.join(doubles)}")
        return value

    @model_validator(mode="after")
    def _min_below_max(self) -> ScheduleSettings:
        if self.min_interval > self.max_interval:
            raise ValueError("min_interval must not be longer than max_interval")
        return self

    def digest_schedules(self, *, timezone: str) -> tuple[DigestSchedule, ...]:
        """Every scheduled digest with its schedule resolved: its own cron or interval, else
        ``digest_interval``, else ``digest_cron``; time zone its own, else ours, else
        ``timezone`` (the digest's)."""
        entries = self.digests or (DigestSchedule(name="daily"),)
        resolved = []
        for entry in entries:
            zone = entry.timezone or self.timezone or timezone
            if entry.cron is None and entry.interval is None:
                if self.digest_interval is not None:
                    entry = entry.model_copy(update={"interval": self.digest_interval})
                else:
                    entry = entry.model_copy(update={"cron": self.digest_cron})
            resolved.append(entry.model_copy(update={"timezone": zone}))
        return tuple(resolved)


class ServeSettings(_Section):
    """The local Prefect server ``cyberwatch serve`` starts when PREFECT_API_URL is not set."""

    home: Path | None = Field(None, description="its PREFECT_HOME; unset = <data dir>/prefect")
    port: int = Field(0, ge=0, le=65535, description="0: any free port on 127.0.0.1")
    startup_timeout: float = Field(120.0, gt=0, description="seconds to wait for it to answer")
    retention: Duration = Field(
        timedelta(days=30), description="flow runs older than this are vacuumed"
    )

    @field_validator("retention")
    @classmethod
    def _positive_retention(cls, value: timedelta) -> timedelta:
        return _positive(value)
