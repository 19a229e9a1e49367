"""The files shipped in this package: the built-in source catalogue and analysis rules."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def builtin_sources() -> Path:
    """The path of the built-in source catalogue shipped in this package."""
    return Path(str(files("config").joinpath("sources.toml")))


def builtin_rules() -> Path:
    """The path of the built-in analysis rules shipped in this package."""
    return Path(str(files("config").joinpath("analysis.toml")))
