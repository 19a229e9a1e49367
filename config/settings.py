"""Settings: built-in defaults < TOML file < CYBERWATCH_* environment < command-line flags.

The TOML file is ``cyberwatch.toml`` in the working directory, or the path given by ``--config``
(``CYBERWATCH_CONFIG``). Nested tables map to environment variables with a double underscore:
``[fetch] timeout = 5`` is ``CYBERWATCH_FETCH__TIMEOUT=5``.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from importlib.resources import files
from pathlib import Path
from typing import Any

import platformdirs
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from config.errors import ConfigError

ENV_PREFIX = "CYBERWATCH_"
DEFAULT_CONFIG_NAME = "cyberwatch.toml"
VERSION = "0.1.0"


def data_dir() -> Path:
    """The per-user data directory: ``~/.local/share/cyberwatch`` on Linux (XDG_DATA_HOME)."""
    return Path(platformdirs.user_data_dir("cyberwatch", appauthor=False))


def builtin_sources() -> Path:
    """The path of the built-in source catalogue shipped in this package."""
    return Path(str(files("config").joinpath("sources.toml")))


class _Section(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class FetchSettings(_Section):
    """How cyberwatch talks HTTP."""

    timeout: float = Field(20.0, gt=0, description="seconds for each read, write and pool wait")
    connect_timeout: float = Field(10.0, gt=0, description="seconds to open a connection")
    max_body_bytes: int = Field(10 * 1024 * 1024, gt=0, description="larger answers are refused")
    max_redirects: int = Field(5, ge=0)
    per_host: int = Field(2, ge=1, description="requests in flight to one host at a time")
    concurrency: int = Field(8, ge=1, description="sources polled at the same time")
    max_articles: int = Field(
        40, ge=0, description="article pages fetched per source and poll; the rest wait"
    )
    contact: str = Field("", description="contact address put in the User-Agent")
    user_agent: str = ""

    def agent(self) -> str:
        """The User-Agent header: the configured one, or a descriptive default."""
        if self.user_agent:
            return self.user_agent
        contact = f"; {self.contact}" if self.contact else ""
        return f"cyberwatch/{VERSION} (government cyber-dialogue release monitor{contact})"


class PollSettings(_Section):
    """How the poll flow retries a source that failed for a transient reason."""

    retries: int = Field(2, ge=0)
    retry_delay: float = Field(10.0, ge=0, description="seconds before the first retry; doubles")


class RelevanceSettings(_Section):
    """Keyword rule marking cyber-dialogue releases.

    A release is relevant when a ``topic`` term and a ``meeting`` term occur within ``window``
    words of each other in its title or text. Terms are matched case-insensitively as word
    prefixes (so "dialogue" also matches "dialogues"); terms in scripts without spaces
    (Korean, Japanese) match anywhere.
    """

    topic: tuple[str, ...] = ("cyber", "cyberspace", "사이버", "サイバー", "cybersécurité")
    meeting: tuple[str, ...] = (
        "dialogue",
        "dialog",
        "consultation",
        "consultations",
        "talks",
        "working group",
        "협의회",
        "대화",
        "협의",
        "対話",
        "協議",
        "dialogo",
    )
    window: int = Field(6, ge=1)

    @field_validator("topic", "meeting", mode="before")
    @classmethod
    def _split_commas(cls, value: Any) -> Any:
        """Lists can be given as one comma-separated string (the environment's only form)."""
        if isinstance(value, str):
            return tuple(v.strip() for v in value.split(",") if v.strip())
        return value


class Settings(_Section):
    """Everything cyberwatch can be told, with its defaults."""

    db: Path = Field(default_factory=lambda: data_dir() / "cyberwatch.db")
    sources: Path = Field(default_factory=builtin_sources)
    fetch: FetchSettings = FetchSettings()
    poll: PollSettings = PollSettings()
    relevance: RelevanceSettings = RelevanceSettings()


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
        layers.append(_read_toml(path))
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


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as f:
            return tomllib.load(f)
    except FileNotFoundError as e:
        raise ConfigError("file not found", path=path) from e
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"not valid TOML: {e}", path=path) from e
    except OSError as e:
        raise ConfigError(f"cannot read: {e.strerror}", path=path) from e


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
    return out


def _deep_merge(into: dict[str, Any], layer: Mapping[str, Any]) -> None:
    for key, value in layer.items():
        if isinstance(value, Mapping) and isinstance(into.get(key), dict):
            _deep_merge(into[key], value)
        else:
            into[key] = dict(value) if isinstance(value, Mapping) else value
