"""Errors raised while loading configuration.

ConfigError           a settings file or a source catalogue cannot be used
"""

from __future__ import annotations

from pathlib import Path


class ConfigError(Exception):
    """A configuration problem, rendered as one line naming the file, the source and the field."""

    def __init__(
        self,
        message: str,
        *,
        path: Path | str | None = None,
        source: str | None = None,
        field: str | None = None,
    ) -> None:
        self.message = message
        self.path = str(path) if path is not None else None
        self.source = source
        self.field = field
        super().__init__(str(self))

    def __str__(self) -> str:
        where = []
        if self.path:
            where.append(self.path)
        if self.source:
            where.append(f"source {self.source!r}")
        if self.field:
            where.append(f"field {self.field!r}")
        prefix = ": ".join(where)
        return f"{prefix}: {self.message}" if prefix else self.message
