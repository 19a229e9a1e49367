"""parse_datetime and from_struct_time: every form publishers use, always aware UTC."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest

import scrapers.dates
from scrapers import from_struct_time, parse_datetime
from scrapers.analysis.when import find_dates
from scrapers.date_words import MONTHS
from scrapers.dates import date_from_url


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-11-07T10:50:00+00:00", datetime(2024, 11, 7, 10, 50, tzinfo=UTC)),
        ("2024-11-07T10:50:00+01:00", datetime(2024, 11, 7, 9, 50, tzinfo=UTC)),
        ("2018-10-19T12:06:29-04:00", datetime(2018, 10, 19, 16, 6, 29, tzinfo=UTC)),
        ("2017-01-10T10:52:47.712Z", datetime(2017, 1, 10, 10, 52, 47, 712000, tzinfo=UTC)),
        ("2019-11-12T21:07:00.000+00:00", datetime(2019, 11, 12, 21, 7, tzinfo=UTC)),
        ("2024-11-07T10:50:00", datetime(2024, 11, 7, 10, 50, tzinfo=UTC)),
        ("2024-11-06", datetime(2024, 11, 6, tzinfo=UTC)),
        ("Fri, 26 Jun 2026 08:00:03 GMT", datetime(2026, 6, 26, 8, 0, 3, tzinfo=UTC)),
        ("Sat, 11 Jul 2026 13:09:35 +0000", datetime(2026, 7, 11, 13, 9, 35, tzinfo=UTC)),
        ("Tue, 14 Jul 2026 10:11:16 +0900", datetime(2026, 7, 14, 1, 11, 16, tzinfo=UTC)),
        ("6 November 2024", datetime(2024, 11, 6, tzinfo=UTC)),
        ("6 Nov 2024", datetime(2024, 11, 6, tzinfo=UTC)),
        ("November 6, 2024", datetime(2024, 11, 6, tzinfo=UTC)),
        ("December 12, 2017", datetime(2017, 12, 12, tzinfo=UTC)),
        ("Wednesday, July 16, 2025, 3:45 p.m.", datetime(2025, 7, 16, tzinfo=UTC)),
        ("Updated: 9 November 2023", datetime(2023, 11, 9, tzinfo=UTC)),
        ("2024.11.06", datetime(2024, 11, 6, tzinfo=UTC)),
        ("2024/11/06", datetime(2024, 11, 6, tzinfo=UTC)),
        ("• Date : 2021-06-23 20:42:19", datetime(2021, 6, 23, 20, 42, 19, tzinfo=UTC)),
        ("2024년 11월 6일", datetime(2024, 11, 6, tzinfo=UTC)),
        ("2024년11월6일 (수)", datetime(2024, 11, 6, tzinfo=UTC)),
        ("2024年11月6日", datetime(2024, 11, 6, tzinfo=UTC)),
        ("  6\u00a0November\n2024 ", datetime(2024, 11, 6, tzinfo=UTC)),
    ],
)
def test_known_forms(value: str, expected: datetime) -> None:
    parsed = parse_datetime(value)
    assert parsed == expected
    assert parsed is not None and parsed.tzinfo is UTC


@pytest.mark.parametrize(
    "value",
    [
        None,
        "",
        "   ",
        "soon",
        "11/07/2024",
        "07/11/2024",
        "32 November 2024",
        "2024-13-01",
        "May 2024",
    ],
)
def test_unknown_or_ambiguous_gives_none(value: str | None) -> None:
    assert parse_datetime(value) is None


def test_explicit_format_decides_slash_dates() -> None:
    assert parse_datetime("11/07/2024", fmt="%m/%d/%Y") == datetime(2024, 11, 7, tzinfo=UTC)
    assert parse_datetime("11/07/2024", fmt="%d/%m/%Y") == datetime(2024, 7, 11, tzinfo=UTC)
    assert parse_datetime("11/07/2024 10:50", fmt="%m/%d/%Y %H:%M") == datetime(
        2024, 11, 7, 10, 50, tzinfo=UTC
    )


def test_format_that_does_not_fit_falls_back_to_known_forms() -> None:
    assert parse_datetime("2024-11-06", fmt="%m/%d/%Y") == datetime(2024, 11, 6, tzinfo=UTC)


def test_from_struct_time() -> None:
    parsed = time.strptime("2026-06-26 08:00:03", "%Y-%m-%d %H:%M:%S")
    assert from_struct_time(parsed) == datetime(2026, 6, 26, 8, 0, 3, tzinfo=UTC)
    assert from_struct_time(None) is None
    leap = time.struct_time((2016, 12, 31, 23, 59, 60, 5, 366, 0))
    assert from_struct_time(leap) == datetime(2016, 12, 31, 23, 59, 59, tzinfo=UTC)


WIRED_GOV = r"\+(?P<d>\d{2})(?P<m>\d{2})(?P<y>\d{4})(?P<H>\d{2})(?P<M>\d{2})(?P<S>\d{2})(?:[?/]|$)"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "https://www.wired-gov.net/wg/news.nsf/articles/"
            "the+3rd+rokuk+cyber+dialogue+held+in+seoul+27022023141000?open",
            datetime(2023, 2, 27, 14, 10, tzinfo=UTC),
        ),
        (
            "https://www.wired-gov.net/wg/news.nsf/print/ICO+fines+a+company+01072020093015",
            datetime(2020, 7, 1, 9, 30, 15, tzinfo=UTC),
        ),
        ("https://www.wired-gov.net/wg/news.nsf/articles/no+stamp?open", None),
        ("https://www.wired-gov.net/wg/news.nsf/articles/bad+stamp+32132023141000?open", None),
    ],
)
def test_date_from_url(url: str, expected: datetime | None) -> None:
    assert date_from_url(url, WIRED_GOV) == expected


def test_date_from_url_without_time_groups() -> None:
    pattern = r"/(?P<y>\d{4})/(?P<m>\d{2})/(?P<d>\d{2})/"
    assert date_from_url("https://example.org/news/2024/11/07/x", pattern) == datetime(
        2024, 11, 7, tzinfo=UTC
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("6-Nov-2024", datetime(2024, 11, 6, tzinfo=UTC)),
        ("2024 November 6", datetime(2024, 11, 6, tzinfo=UTC)),
        ("Tuesday 6th of November, 2024", datetime(2024, 11, 6, tzinfo=UTC)),
        ("6 may 2024", datetime(2024, 5, 6, tzinfo=UTC)),
        ("28. Januar 2026", datetime(2026, 1, 28, tzinfo=UTC)),
        ("2024-Nov-06 23:30 -0500", datetime(2024, 11, 7, 4, 30, tzinfo=UTC)),
    ],
)
def test_other_forms_with_a_month_word_are_read_by_dateparser(
    value: str, expected: datetime
) -> None:
    parsed = parse_datetime(value)
    assert parsed == expected
    assert parsed is not None and parsed.tzinfo is UTC


@pytest.mark.parametrize(
    "value",
    [
        "yesterday",  # relative dates: no anchor a publication date could trust
        "2 days ago",
        "next Tuesday",
        "today 10:00",
        "1730851200",  # a bare number is no timestamp
        "6 Nov 24",  # a two-digit year is not guessed
        "Published 11/07/2024",  # all-numeric day and month: never guessed, even among words
        "Wed 11.07.2024",
        "Date 2024-13-01",  # dateparser would read year-day-month
        "November 2024",  # no day
        "Tuesday 6 November",  # no year
    ],
)
def test_dateparser_is_kept_from_guessing(value: str) -> None:
    assert parse_datetime(value) is None


def test_the_known_forms_never_reach_dateparser(monkeypatch: pytest.MonkeyPatch) -> None:
    """dateparser costs milliseconds a string (and half a second to load): the forms read by
    the fast path must not pay for it."""

    def refuse(text: str) -> datetime | None:
        raise AssertionError(f"dateparser asked to read {text!r}")

    monkeypatch.setattr(scrapers.dates, "_dateparser", refuse)
    for value in ("6 November 2024", "November 6, 2024", "2024-11-06", "2024년 11월 6일"):
        assert parse_datetime(value) is not None
    assert parse_datetime("Fri, 26 Jun 2026 08:00:03 GMT") is not None


def test_japanese_era_dates() -> None:
    assert parse_datetime("令和5年12月7日") == datetime(2023, 12, 7, tzinfo=UTC)
    assert parse_datetime("令和元年5月1日") == datetime(2019, 5, 1, tzinfo=UTC)
    assert parse_datetime("12月7日") is None  # no year


@pytest.mark.parametrize(("name", "number"), sorted(MONTHS.items()))
def test_every_month_name_is_read_alike_in_dates_and_in_meeting_texts(
    name: str, number: int
) -> None:
    written = f"6 {name.capitalize()} 2024"
    assert parse_datetime(written) == datetime(2024, number, 6, tzinfo=UTC)
    (mention,) = find_dates(f"The dialogue was held on {written}.")
    assert (mention.year, mention.month, mention.day) == (2024, number, 6)
