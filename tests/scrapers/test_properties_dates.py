"""Properties of date reading (``scrapers.dates.parse_datetime``) on any text."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from scrapers.dates import EARLIEST, LATEST, parse_datetime

QUICK = settings(max_examples=200, deadline=None)
DATES = st.dates(min_value=EARLIEST.date(), max_value=LATEST.date())
ZONES = st.integers(min_value=-14 * 60, max_value=14 * 60).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)
DATE_LIKE = st.one_of(
    st.text(max_size=60),
    st.from_regex(r"\d{1,5}[-./ ]\d{1,2}[-./ ]\d{1,5}([ T]\d{1,2}:\d\d(:\d\d)?)?", fullmatch=True),
    st.builds(lambda d, rest: f"{d.day} November {d.year}{rest}", DATES, st.text(max_size=10)),
    st.builds(lambda y: f"{y}년 11월 6일", st.integers(0, 99_999)),
    st.builds(lambda y: f"Fri, 06 Nov {y} 08:00:03 +1400", st.integers(0, 99_999)),
)


@pytest.mark.slow  # over 0.3 s
@QUICK
@given(DATE_LIKE)
@example("0001-01-01T00:00:00+01:00")  # a day before year 1 in UTC
@example("9999-12-31T23:59:59-01:00")  # a day after year 9999 in UTC
@example("Fri, 31 Dec 9999 23:59:59 -1400")
@example("1 January 0001")
def test_never_raises_and_never_leaves_the_sane_range(text: str) -> None:
    parsed = parse_datetime(text)
    if parsed is not None:
        assert parsed.tzinfo is UTC
        assert EARLIEST <= parsed <= LATEST


@QUICK
@given(DATES)
def test_iso_dates_round_trip(day: date) -> None:
    assert parse_datetime(day.isoformat()) == datetime(day.year, day.month, day.day, tzinfo=UTC)


@QUICK
@given(st.datetimes(min_value=datetime(1971, 1, 1), max_value=datetime(2199, 12, 30)), ZONES)
def test_iso_datetimes_with_an_offset_round_trip(moment: datetime, zone: timezone) -> None:
    aware = moment.replace(tzinfo=zone)
    assert parse_datetime(aware.isoformat()) == aware.astimezone(UTC)
