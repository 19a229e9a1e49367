"""Configuration: settings and the source catalogue, loaded once at the entry point."""

from config.analysis import AnalysisRules, builtin_rules, load_rules
from config.channels import configured_channels, recipients_for, sends_empty
from config.delivery import ChannelSettings, DigestSettings, EmailSettings, SlackSettings
from config.errors import ConfigError
from config.schedule import DigestSchedule, ScheduleSettings, ServeSettings, parse_duration
from config.settings import (
    AnalysisSettings,
    BackfillSettings,
    FetchSettings,
    PollSettings,
    Settings,
    builtin_sources,
    data_dir,
    load_settings,
)
from config.sources import EVIDENCE, KINDS, Source, load_sources

__all__ = [
    "EVIDENCE",
    "KINDS",
    "AnalysisRules",
    "AnalysisSettings",
    "BackfillSettings",
    "ChannelSettings",
    "ConfigError",
    "DigestSchedule",
    "DigestSettings",
    "EmailSettings",
    "FetchSettings",
    "PollSettings",
    "ScheduleSettings",
    "ServeSettings",
    "Settings",
    "SlackSettings",
    "Source",
    "builtin_rules",
    "builtin_sources",
    "configured_channels",
    "data_dir",
    "load_rules",
    "load_settings",
    "load_sources",
    "parse_duration",
    "recipients_for",
    "sends_empty",
]
