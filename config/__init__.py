"""Configuration: settings and the source catalogue, loaded once at the entry point."""

from config.errors import ConfigError
from config.settings import (
    FetchSettings,
    PollSettings,
    RelevanceSettings,
    Settings,
    builtin_sources,
    data_dir,
    load_settings,
)
from config.sources import KINDS, Source, load_sources

__all__ = [
    "KINDS",
    "ConfigError",
    "FetchSettings",
    "PollSettings",
    "RelevanceSettings",
    "Settings",
    "Source",
    "builtin_sources",
    "data_dir",
    "load_settings",
    "load_sources",
]
