"""The small value formats every output shares."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any


def iso(value: datetime | date | None) -> str | None:
    """ISO 8601, or None (JSON null) when there is no value."""
    return value.isoformat() if value else None


def day(value: datetime | None) -> str:
    """The date of ``value`` for a person: ``2024-11-06``, or ``(no date)``."""
    return value.date().isoformat() if value else "(no date)"


def json_line(data: Any, *, ascii_only: bool = False) -> str:
    """One JSON object on one line; non-ASCII text as itself unless ``ascii_only``."""
    return json.dumps(data, ensure_ascii=ascii_only)
