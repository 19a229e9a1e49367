"""Reading a TOML file, with every failure as a ConfigError naming the file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from config.errors import ConfigError


def read_toml(path: Path) -> dict[str, Any]:
    """The file's tables; a missing, unreadable or malformed file is a ConfigError."""
    import tomllib  # only when there is a file to read

    try:
        with path.open("rb") as f:
            return tomllib.load(f)
    except FileNotFoundError as e:
        raise ConfigError("file not found", path=path) from e
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"not valid TOML: {e}", path=path) from e
    except UnicodeDecodeError as e:
        raise ConfigError(f"not UTF-8 text ({e.reason}): save it as UTF-8", path=path) from e
    except OSError as e:
        raise ConfigError(f"cannot read: {e.strerror}", path=path) from e
