"""Settings: built-in defaults < TOML file < CYBERWATCH_* environment < command-line flags.

The TOML file is ``cyberwatch.toml`` in the working directory, or the path given by ``--config``
(``CYBERWATCH_CONFIG``). Nested tables map to environment variables with a double underscore:
``[fetch] timeout = 5`` is ``CYBERWATCH_FETCH__TIMEOUT=5``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from config.delivery import DigestSettings, EmailSettings, SlackSettings
from config.errors import ConfigError
from config.files import builtin_rules, builtin_sources
from config.schedule import ScheduleSettings, ServeSettings
from config.toml import read_toml

ENV_PREFIX = "CYBERWATCH_"
DEFAULT_CONFIG_NAME = "cyberwatch.toml"
VERSION = "0.1.0"


def data_dir() -> Path:
    """The per-user data directory: ``~/.local/share/cyberwatch`` on Linux (XDG_DATA_HOME)."""
    import platformdirs  # only when no archive path is given

    return Path(platformdirs.user_data_dir("cyberwatch", appauthor=False))


class _Section(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class FetchSettings(_Section):
    """How cyberwatch talks HTTP."""

    timeout: float = Field(20.0, gt=0, description="seconds for each read, write and pool wait")
    connect_timeout: float = Field(10.0, gt=0, description="seconds to open a connection")
    first_byte: float = Field(
        15.0, gt=0, description="seconds until an answer's status and headers, connect included"
    )
    deadline: float = Field(
        30.0, gt=0, description="seconds for a whole answer: connect, headers, body, redirects"
    )
    max_body_bytes: int = Field(10 * 1024 * 1024, gt=0, description="larger answers are refused")
    max_redirects: int = Field(5, ge=0)
    per_host: int = Field(2, ge=1, description="requests in flight to one host at a time")
    concurrency: int = Field(
        1000, ge=1, description="sources polled at once; per_host and rate bound each host"
    )
    max_articles: int = Field(
        40, ge=0, description="article pages fetched per source and poll; the rest wait"
    )
    contact: str = Field("", description="contact address put in the User-Agent")
    user_agent: str = ""
    rate: float = Field(2.0, gt=0, description="requests per second to one host")
    host_rates: dict[str, Annotated[float, Field(gt=0)]] = Field(
        default_factory=dict, description="requests per second for named hosts, over `rate`"
    )
    robots: bool = Field(True, description="obey each host's robots.txt (RFC 9309)")
    max_retry_after: float = Field(
        5.0,
        ge=0,
        description="429/503 Retry-After waits up to this long are waited out; a longer one "
        "becomes the source's next check",
    )

    @field_validator("host_rates", mode="before")
    @classmethod
    def _host_rate_pairs(cls, value: Any) -> Any:
        """Host names in lower case; the environment's form is ``"www.gov.uk=10,a.org=1"``."""
        if isinstance(value, str):
            pairs = (p.partition("=") for p in value.split(",") if p.strip())
            return {host.strip().lower(): rate.strip() for host, _, rate in pairs}
        if isinstance(value, Mapping):
            return {str(host).lower(): rate for host, rate in value.items()}
        return value

    def rate_for(self, host: str) -> float:
        """Requests per second allowed to ``host``: its own entry in host_rates, else rate."""
        return self.host_rates.get(host.lower(), self.rate)

    def agent(self) -> str:
        """The User-Agent header: the configured one, or a descriptive default."""
        if self.user_agent:
            return self.user_agent
        contact = f"; {self.contact}" if self.contact else ""
        return f"cyberwatch/{VERSION} (government cyber-dialogue release monitor{contact})"


class PollSettings(_Section):
    """How the poll flow retries a source that failed for a transient reason, and when a
    source that answers with nothing usable counts as a layout drift."""

    retries: int = Field(2, ge=0)
    retry_delay: float = Field(10.0, ge=0, description="seconds before the first retry; doubles")
    source_deadline: float = Field(
        60.0,
        gt=0,
        description="seconds for one source's whole poll, retries included, from its start",
    )
    drift_after: int = Field(
        3, ge=1, description="polls in a row with no items or unmatched selectors: layout drift"
    )
    workers: int | None = Field(
        None,
        ge=0,
        description="processes judging new releases (and, in a poll, parsing feeds and reading "
        "article pages) once a poll, backfill or import expects more than 200; 0: all in the "
        "main process; unset: one per core but one (the main process fetches and writes on its "
        "own core, and parses while the workers are behind), at least one",
    )

    @property
    def pool_workers(self) -> int:
        """The worker processes of a large poll or import (``workers``, else one per core but
        the main process's: on 2 cores, 2 workers beside it took 3.6x the bare script's wall
        time on a cold poll of 1,000 sources and 1 took 2.5x, 70 MB less; docs/performance.md)."""
        return self.workers if self.workers is not None else max((os.cpu_count() or 1) - 1, 1)


class BackfillSettings(_Section):
    """How ``cyberwatch backfill`` walks a source's archive pages."""

    max_pages: int = Field(
        50, ge=1, description="pages walked per run; a later run continues where it stopped"
    )


class AnalysisSettings(_Section):
    """How releases are judged, compared and grouped into events.

    Term lists and cues are in the rules file (built-in: ``config/analysis.toml``); the
    thresholds that decide are here.
    """

    rules: Path = Field(default_factory=builtin_rules, description="the analysis rules file")
    threshold: float = Field(3.0, description="score at which a release is a cyber dialogue")
    commentary: float = Field(
        3.0, gt=0, description="commentary cue points at which a text is a news report"
    )
    near_duplicate: float = Field(
        0.6, gt=0, le=1, description="estimated Jaccard similarity at which a text is a copy"
    )
    signature: int = Field(128, ge=8, description="MinHash values per release")
    bands: int = Field(32, ge=1, description="LSH bands (signature / bands values each)")
    shingle: int = Field(4, ge=1, description="words per shingle")
    event_window: int = Field(3, ge=0, description="days between two dates of one meeting")
    report_window: int = Field(
        45, ge=0, description="days between releases grouped without a common round or date"
    )

    @model_validator(mode="after")
    def _bands_divide_signature(self) -> AnalysisSettings:
        if self.signature % self.bands:
            raise ValueError(f"bands ({self.bands}) must divide signature ({self.signature})")
        return self


class Settings(_Section):
    """Everything cyberwatch can be told, with its defaults."""

    db: Path = Field(default_factory=lambda: data_dir() / "cyberwatch.db")
    sources: Path = Field(default_factory=builtin_sources)
    fetch: FetchSettings = FetchSettings()
    poll: PollSettings = PollSettings()
    backfill: BackfillSettings = BackfillSettings()
    analysis: AnalysisSettings = AnalysisSettings()
    email: EmailSettings = EmailSettings()
    slack: SlackSettings = SlackSettings()
    digest: DigestSettings = DigestSettings()
    schedule: ScheduleSettings = ScheduleSettings()
    serve: ServeSettings = ServeSettings()


def load_settings(
    *,
    config_file: Path | None = None,
    environ: Mapping[str, str] | None = None,
    overrides: Mapping[str, Any] | None = None,
    cwd: Path | None = None,
) -> Settings:
    """Build the settings from every layer; ``overrides`` are command-line flags (None = unset)."""
    environ = os.environ if environ is None else environ
    explicit = config_file or (
        Path(environ[f"{ENV_PREFIX}CONFIG"]) if environ.get(f"{ENV_PREFIX}CONFIG") else None
    )
    path = explicit or (cwd or Path.cwd()) / DEFAULT_CONFIG_NAME
    layers: list[dict[str, Any]] = []
    if explicit is not None or path.exists():
        layers.append(_refuse_secrets(read_toml(path), path))
    layers.append(_from_environ(environ))
    layers.append({k: v for k, v in (overrides or {}).items() if v is not None})
    merged: dict[str, Any] = {}
    for layer in layers:
        _deep_merge(merged, layer)
    try:
        return Settings.model_validate(merged)
    except ValidationError as e:
        err = e.errors()[0]
        field = ".".join(str(p) for p in err["loc"])
        origin = path if explicit is not None or path.exists() else None
        raise ConfigError(err["msg"], path=origin, field=field) from e


# Short environment names for the delivery settings; the nested form (CYBERWATCH_EMAIL__HOST)
# works too, and the short name wins when both are set.
ENV_ALIASES: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "CYBERWATCH_SMTP_HOST": ("email", "host"),
        "CYBERWATCH_SMTP_PORT": ("email", "port"),
        "CYBERWATCH_SMTP_USER": ("email", "user"),
        "CYBERWATCH_SMTP_PASSWORD": ("email", "password"),
        "CYBERWATCH_SMTP_TLS": ("email", "tls"),
        "CYBERWATCH_EMAIL_FROM": ("email", "sender"),
        "CYBERWATCH_EMAIL_TO": ("email", "recipients"),
        "CYBERWATCH_SLACK_WEBHOOK_URL": ("slack", "webhook_url"),
    }
)
# Secrets are read from the environment only; a settings file holding one is refused.
SECRETS: Mapping[tuple[str, str], str] = MappingProxyType(
    {
        ("email", "password"): "CYBERWATCH_SMTP_PASSWORD",
        ("slack", "webhook_url"): "CYBERWATCH_SLACK_WEBHOOK_URL",
    }
)


def _refuse_secrets(layer: dict[str, Any], path: Path) -> dict[str, Any]:
    for (section, key), variable in SECRETS.items():
        table = layer.get(section)
        if isinstance(table, Mapping) and key in table:
            raise ConfigError(
                f"secrets are read from the environment only: set {variable}",
                path=path,
                field=f"{section}.{key}",
            )
    return layer


def _from_environ(environ: Mapping[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in environ.items():
        if not key.startswith(ENV_PREFIX) or key == f"{ENV_PREFIX}CONFIG":
            continue
        parts = key[len(ENV_PREFIX) :].lower().split("__")
        if parts[0] not in Settings.model_fields:
            continue  # other CYBERWATCH_* variables belong to later features
        node = out
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value
    for key, (section, field) in ENV_ALIASES.items():
        if key in environ:
            out.setdefault(section, {})[field] = environ[key]
    return out


def _deep_merge(into: dict[str, Any], layer: Mapping[str, Any]) -> None:
    for key, value in layer.items():
        if isinstance(value, Mapping) and isinstance(into.get(key), dict):
            _deep_merge(into[key], value)
        else:
            into[key] = dict(value) if isinstance(value, Mapping) else value
