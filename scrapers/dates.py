"""Dates as publishers write them, read into timezone-aware UTC datetimes.

Understood without a format, fastest first: ISO 8601 (with or without offset, date only, ``T``
or space), RFC 822 (``Fri, 26 Jun 2026 08:00:03 GMT``), ``6 November 2024``, ``November 6,
2024`` (month names in English, French or German: ``scrapers.date_words``), ``2024-11-06`` /
``2024.11.06`` / ``2024/11/06``, Korean ``2024년 11월 6일`` and Japanese ``2024年11月6日`` or
``令和5年12月7日``. These forms are searched for, so ``Updated: 9 November 2023`` works.

Anything else with a month written as a word (``6-Nov-2024``, ``2024 November 6``, ``Tuesday
6th of November, 2024``) is left to ``dateparser``, held on a short leash because it guesses:
only English, French and German, absolute dates only (no "yesterday", "2 days ago"), day, month
and year all required, the year written in full, and never a string holding an all-numeric
date (which it would read month first). Its first use loads its language data (over half a
second); each reading then costs milliseconds, against microseconds for the forms above.

Slash dates such as ``11/07/2024`` are ambiguous (7 November in the US, 11 July in the UK), so
they are never guessed: without an explicit ``fmt`` they give None. Pass ``fmt="%m/%d/%Y"``
(or ``"%d/%m/%Y"``) for a source known to use one order. Values without a zone are taken as UTC.
"""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

from scrapers.date_words import CJK_DATE, MONTH_NAME, cjk_year, month_number

_MONTH = rf"(?P<month>{MONTH_NAME})(?![a-z])\.?"
_DAY_MONTH_YEAR = re.compile(
    rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH}\s+(?P<year>\d{{4}})\b", re.IGNORECASE
)
_MONTH_DAY_YEAR = re.compile(
    rf"\b{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})\b", re.IGNORECASE
)
_YEAR_MONTH_DAY = re.compile(
    r"(?<!\d)(?P<year>\d{4})(?P<sep>[-./])(?P<month>\d{1,2})(?P=sep)(?P<day>\d{1,2})(?!\d)"
    r"(?:[ T](?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?)?"
)
_RFC822_SHAPE = re.compile(r"(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{2,4}\s+\d{1,2}:\d{2}")
# dateparser is only given a string with a word and a year in full, and no all-numeric date.
_WORD = re.compile(r"[^\W\d_]{3,}")
_FULL_YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)")
_NUMERIC_DATE = re.compile(r"(?<!\d)\d{1,4}[-./]\d{1,2}[-./]\d{1,4}(?!\d)")
DATEPARSER_LANGUAGES = ("en", "fr", "de")


# The dates a release can have: anything outside is a typo or a hostile feed, not a date.
EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
LATEST = datetime(2199, 12, 31, 23, 59, 59, tzinfo=UTC)


def parse_datetime(value: str | None, *, fmt: str | None = None) -> datetime | None:
    """Read a date or date-time; None when the value is empty, not understood or outside
    EARLIEST..LATEST."""
    if value is None:
        return None
    text = " ".join(value.split())
    if not text:
        return None
    if fmt is not None:
        try:
            return _sane(datetime.strptime(text, fmt))
        except ValueError:
            pass
    for reader in (_iso, _rfc822, _textual, _dateparser):
        parsed = reader(text)
        if parsed is not None:
            return _sane(parsed)
    return None


def _sane(value: datetime) -> datetime | None:
    """``value`` in UTC if within EARLIEST..LATEST (compared before the shift to UTC, which
    overflows at the ends of ``datetime``'s range)."""
    if not EARLIEST.year <= value.year <= LATEST.year:
        return None
    utc = _to_utc(value)
    return utc if EARLIEST <= utc <= LATEST else None


def date_from_url(url: str, pattern: str) -> datetime | None:
    """The date stamped in a URL, read with ``pattern``: a regex with the named groups ``y``,
    ``m``, ``d`` and optionally ``H``, ``M``, ``S`` (wired-gov's ``...+27022023141000?open`` is
    27 February 2023 14:10:00). Taken as UTC; None when the URL does not match."""
    match = re.search(pattern, url)
    if match is None:
        return None
    groups = match.groupdict()
    if not (groups.get("y") and groups.get("m") and groups.get("d")):
        return None
    built = _build(
        groups["y"],
        groups["m"],
        groups["d"],
        hour=groups.get("H"),
        minute=groups.get("M"),
        second=groups.get("S"),
    )
    return _sane(built) if built is not None else None


def from_struct_time(value: time.struct_time | None) -> datetime | None:
    """A UTC ``struct_time`` (feedparser's ``*_parsed`` fields) as an aware datetime."""
    if value is None:
        return None
    try:
        return datetime(*value[:5], min(value[5], 59), tzinfo=UTC)
    except (TypeError, ValueError, OverflowError):
        return None


def _to_utc(value: datetime) -> datetime:
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def _iso(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def _rfc822(text: str) -> datetime | None:
    if not _RFC822_SHAPE.match(text):
        return None
    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None


def _textual(text: str) -> datetime | None:
    for pattern in (_DAY_MONTH_YEAR, _MONTH_DAY_YEAR):
        for match in pattern.finditer(text):
            month = month_number(match["month"])
            if month is not None:
                return _build(match["year"], str(month), match["day"])
    numeric = _YEAR_MONTH_DAY.search(text)
    if numeric is not None:
        return _build(
            numeric["year"],
            numeric["month"],
            numeric["day"],
            hour=numeric["hour"],
            minute=numeric["minute"],
            second=numeric["second"],
        )
    for cjk in CJK_DATE.finditer(text):
        year = cjk_year(cjk)
        if year is not None:
            return _build(str(year), cjk["m"], cjk["d"])
    return None


def _dateparser(text: str) -> datetime | None:
    """``text`` read by dateparser, within the limits in the module docstring."""
    years = {int(year) for year in _FULL_YEAR.findall(text)}
    if not years or _WORD.search(text) is None or _NUMERIC_DATE.search(text) is not None:
        return None
    import dateparser  # here: half a second to import, and most polls never need it

    parsed: datetime | None = dateparser.parse(
        text, languages=list(DATEPARSER_LANGUAGES), settings=_dateparser_settings()
    )
    # The year must be one written in the text (a day's shift to UTC aside), not a guess.
    if parsed is None or not any(abs(parsed.year - year) <= 1 for year in years):
        return None
    return parsed


def _dateparser_settings() -> dict[str, object]:
    return {
        "PARSERS": ["absolute-time"],  # no relative dates, no timestamps from bare numbers
        "REQUIRE_PARTS": ["day", "month", "year"],  # "May 2024" is no date
        "STRICT_PARSING": True,
        "TIMEZONE": "UTC",  # a time without a zone is UTC, as for the other forms
        "TO_TIMEZONE": "UTC",
        "RETURN_AS_TIMEZONE_AWARE": True,
    }


def _build(
    year: str,
    month: str,
    day: str,
    hour: str | None = None,
    minute: str | None = None,
    second: str | None = None,
) -> datetime | None:
    try:
        return datetime(
            int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0)
        )
    except ValueError:
        return None


FUTURE_SLACK = timedelta(days=1)  # time zones, clocks and embargoes: a day ahead is believed


def plausible(published: datetime | None, now: datetime) -> datetime | None:
    """``published``, unless it is more than a day after ``now``: a release from 2120 is a
    broken or hostile feed, and its date would sort it first for a century. Unknown then."""
    if published is not None and published > now + FUTURE_SLACK:
        return None
    return published
