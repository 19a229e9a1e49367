"""Configuration: settings and the source catalogue, loaded once at the entry point.

The settings load at once; the analysis rules' models (``config.analysis``) and the catalogue's
(``config.sources``) on first use, so that a command which reads neither (``cyberwatch search``)
does not build them.
"""

from importlib import import_module
from typing import TYPE_CHECKING

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

if TYPE_CHECKING:  # the names, for type checkers; at run time each loads on first use
    from config.analysis import AnalysisRules, load_rules
    from config.sources import EVIDENCE, KINDS, Source, load_sources

_LAZY = {
    "AnalysisRules": "config.analysis",
    "load_rules": "config.analysis",
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
