"""HTTP-dates, Retry-After and Expires: one reading for the fetcher, the schedule and Slack."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from scrapers.http_dates import http_date, retry_after_seconds, seconds_until

DATE = "Fri, 26 Jun 2026 08:00:00 GMT"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (DATE, datetime(2026, 6, 26, 8, tzinfo=UTC)),
        ("Fri, 26 Jun 2026 10:00:00 +0200", datetime(2026, 6, 26, 8, tzinfo=UTC)),
        ("Friday, 26-Jun-26 08:00:00 GMT", datetime(2026, 6, 26, 8, tzinfo=UTC)),  # RFC 850
        ("Fri Jun 26 08:00:00 2026", datetime(2026, 6, 26, 8, tzinfo=UTC)),  # asctime: UTC
        ("Fri, 26 Jun 2026 08:00:00 -0000", datetime(2026, 6, 26, 8, tzinfo=UTC)),
        ("0", None),
        ("-1", None),
        ("soon", None),
        ("", None),
        (None, None),
    ],
)
def test_http_date(value: str | None, expected: datetime | None) -> None:
    parsed = http_date(value)
    assert parsed == expected
    assert parsed is None or parsed.tzinfo is not None


@pytest.mark.parametrize(
    ("value", "date", "expected"),
    [
        ("7", None, 7.0),
        (" 120 ", None, 120.0),
        ("0", None, 0.0),
        ("Fri, 26 Jun 2026 08:01:00 GMT", DATE, 60.0),
        ("Fri, 26 Jun 2026 07:00:00 GMT", DATE, 0.0),  # already past: no wait
        ("Fri, 26 Jun 2026 08:01:00 GMT", None, None),  # a date needs the answer's Date
        ("soon", DATE, None),
        ("1.5", None, None),  # delta-seconds are whole seconds
        ("-3", None, None),
        ("\u00b2", None, None),  # a Unicode digit is not a delta-seconds
        ("", None, None),
        (None, None, None),
    ],
)
def test_retry_after_seconds(value: str | None, date: str | None, expected: float | None) -> None:
    assert retry_after_seconds(value, date=date) == expected


def test_seconds_until_is_signed_and_needs_both_dates() -> None:
    assert seconds_until("Fri, 26 Jun 2026 09:00:00 GMT", date=DATE) == 3600.0
    assert seconds_until("Fri, 26 Jun 2026 07:00:00 GMT", date=DATE) == -3600.0
    assert seconds_until("Fri, 26 Jun 2026 09:00:00 GMT", date=None) is None
    assert seconds_until("0", date=DATE) is None
