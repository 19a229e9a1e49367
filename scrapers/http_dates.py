"""HTTP dates and the waits servers ask for (``Retry-After``, ``Expires``), in seconds.

An HTTP-date (RFC 9110 section 5.6.7: ``Fri, 26 Jun 2026 08:00:03 GMT``, or the obsolete RFC 850
and asctime forms) is read by ``email.utils.parsedate_to_datetime``. A wait is always measured
against the answer's own ``Date`` header, so no local clock is read.
"""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime


def http_date(value: str | None) -> datetime | None:
    """An HTTP-date as an aware datetime (a date without a zone is taken as UTC), or None."""
    if not value or not value.strip():
        return None
    try:
        parsed = parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError):
        return None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def seconds_until(value: str | None, *, date: str | None) -> float | None:
    """Seconds from the HTTP-date ``date`` (the answer's Date) to the HTTP-date ``value``;
    negative when ``value`` is earlier, None when either is missing or not a date."""
    until, sent = http_date(value), http_date(date)
    if until is None or sent is None:
        return None
    return (until - sent).total_seconds()


def retry_after_seconds(value: str | None, *, date: str | None) -> float | None:
    """Seconds to wait from a Retry-After header: delta-seconds (digits only), or an HTTP-date
    measured against the answer's Date header (a date already past waits 0 s). None when there
    is no header, it is neither form, or it is a date and the answer has no Date."""
    if not value or not value.strip():
        return None
    text = value.strip()
    if text.isascii() and text.isdigit():
        return float(text)
    wait = seconds_until(text, date=date)
    return max(wait, 0.0) if wait is not None else None
