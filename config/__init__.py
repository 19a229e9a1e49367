"""Configuration: settings and the source catalogue, loaded once at the entry point.

Every name loads with its module on first use: a command that reads neither the analysis
rules' models (``config.analysis``) nor the catalogue's (``config.sources``), like ``cyberwatch
search``, does not build them, and a judging worker, which reads only the rules file's numbers
(``config.scores``), does not load pydantic.
"""

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the names, for type checkers; at run time each loads on first use
    from config.analysis import AnalysisRules, load_rules
    from config.channels import configured_channels, recipients_for, sends_empty
    from config.delivery import ChannelSettings, DigestSettings, EmailSettings, SlackSettings
    from config.errors import ConfigError
    from config.files import builtin_rules, builtin_sources
    from config.schedule import DigestSchedule, ScheduleSettings, ServeSettings, parse_duration
    from config.settings import (
        AnalysisSettings,
        BackfillSettings,
        FetchSettings,
        PollSettings,
        Settings,
        data_dir,
        load_settings,
    )
    from config.sources import EVIDENCE, KINDS, Source, load_sources

_LAZY = {
    "AnalysisRules": "config.analysis",
    "load_rules": "config.analysis",
    "configured_channels": "config.channels",
    "recipients_for": "config.channels",
    "sends_empty": "config.channels",
    "ChannelSettings": "config.delivery",
    "DigestSettings": "config.delivery",
    "EmailSettings": "config.delivery",
    "SlackSettings": "config.delivery",
    "ConfigError": "config.errors",
    "builtin_rules": "config.files",
    "builtin_sources": "config.files",
    "DigestSchedule": "config.schedule",
    "ScheduleSettings": "config.schedule",
    "ServeSettings": "config.schedule",
    "parse_duration": "config.schedule",
    "AnalysisSettings": "config.settings",
    "BackfillSettings": "config.settings",
    "FetchSettings": "config.settings",
    "PollSettings": "config.settings",
    "Settings": "config.settings",
    "data_dir": "config.settings",
    "load_settings": "config.settings",
    "EVIDENCE": "config.sources",
    "KINDS": "config.sources",
    "Source": "config.sources",
    "load_sources": "config.sources",
}

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


def __getattr__(name: str) -> object:
    """A name of `__all__`, imported from its module on first use (PEP 562) and kept here, so
    that a later use is a plain lookup rather than a call of this function (an import inside a
    function run for each release cost the write path about 2% of its time)."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value
