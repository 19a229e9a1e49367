"""The date a meeting was held (its first day), from the many ways releases write dates.

Read: "6 November 2024", "Wednesday 6 November 2024", "6th November 2024", "4 and 5 April
2022", "November 6 (Wed.)", "June 8 (Thu.) and 9 (Fri.), 2017", "May 9-10, 2013",
"le jeudi 7 mars 2019", "28. Januar 2026", "2024-11-06", "2023.12.07", "2026年1月28日",
"令和5年12月7日", "12月7日", "2014년 10월 21일", "11월 6일", "2.10.(금)".

The meeting's date is the best-scored candidate (ranking.py, weights in ``[ranking]``): every
date in a sentence naming the meeting (scored by a held verb, nearness to the name, the order
of report, a comma between), on a "Date/Time" or "日時" line, or in a lead sentence saying a
meeting was held; a date behind a reference to another meeting ("following the first ... on 2
November 2024") never wins, and one contradicted by the weekday written with it (weekdays.py)
nearly never. A date without a year takes it from the document's own date: the publication
date, else a dated line at the top of the text, else a date in the URL path (/2013/07/), else a
year in the title ("The 2021 Canada-EU Cyber Dialogue"); of the years around it, the one
putting the meeting nearest to the document's date. No year anywhere: no date. Last, a weekday
alone in a sentence saying the meeting was held ("held their fourth cyber dialogue in London on
Wednesday") counts back from the document's date (forward in a sentence about the future), and
"today" is the document's date.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from scrapers.analysis.anchored import Anchored
from scrapers.analysis.clauses import (
    CLAUSE_BREAK,
    reference_open,
    refers_elsewhere,
    with_continuation,
)
from scrapers.analysis.names import NameMention, reported_first
from scrapers.analysis.ranking import Candidate, Features, best, score
from scrapers.analysis.rules import Rules
from scrapers.analysis.text import Doc, Sentence
from scrapers.analysis.weekdays import agrees, written_weekday
from scrapers.date_words import (
    CJK_DATE,
    KOREAN_DOTTED_DATE,
    MONTH_NAME,
    WEEKDAYS,
    cjk_year,
    month_number,
)

_MONTH = f"(?P<m>{MONTH_NAME})"
_DAY = r"(?P<d>\d{1,2})(?:st|nd|rd|th|er)?"
_MORE_DAYS = r"(?:\s*(?:-|–|and|&|to|et|und|bis|au|y|al|en|tot)\s*\d{1,2}(?:st|nd|rd|th)?\.?)?"
_WEEKDAY_PAREN = r"(?:\s*\([A-Za-z.]{2,9}\))?"
_YEAR = r"(?P<y>(?:19|20)\d{2})"
# 6/16/2025 month first; 16/06/2025, where only the day-first reading is a date, day first.
_SLASHED = re.compile(rf"(?<![\d/])(?P<m>\d{{1,2}})/(?P<d>\d{{1,2}})/{_YEAR}(?!\d)")
_PATTERNS = (
    re.compile(  # 6 November 2024, 4 and 5 April 2022, 28. Januar 2026, el 10 de agosto de 2022
        rf"(?<![\d.]){_DAY}\.?{_MORE_DAYS}\s+(?:(?:of|de)\s+)?{_MONTH}(?![a-z])\.?,?"
        rf"(?:\s+(?:de\s+)?{_YEAR})?(?!\d)",
        re.IGNORECASE,
    ),
    re.compile(  # November 6 (Wed.), June 8 (Thurs.) and 9 (Fri.), 2017, May 9-10, 2013
        rf"{_MONTH}(?![a-z])\.?\s+{_DAY}(?!\d){_WEEKDAY_PAREN}{_MORE_DAYS}{_WEEKDAY_PAREN}"
        rf"(?:,?\s*{_YEAR})?(?!\d)",
        re.IGNORECASE,
    ),
    re.compile(rf"(?<!\d){_YEAR}[-./](?P<m>\d{{1,2}})[-./](?P<d>\d{{1,2}})(?!\d)"),
    _SLASHED,
    # 11.05.2017: day first, as the dotted numeric date is written in German, Dutch and French.
    re.compile(rf"(?<![\d.])(?P<d>\d{{1,2}})\.(?P<m>\d{{1,2}})\.{_YEAR}(?!\d)"),
    CJK_DATE,
    KOREAN_DOTTED_DATE,
)
_SEARCHED = tuple(Anchored(p) for p in _PATTERNS)
_DIGIT = re.compile(r"\d")  # every pattern here needs one
# A day of the month alone, in Korean and Japanese: "오는 29일(수)", "本27日": the month and year
# are the document's (the nearest such day to its date).
_CJK_DAY = Anchored(re.compile(r"(?<![\d월月.])(?P<d>\d{1,2})\s?[일日](?!\s?[0-9])(?![本間曜])"))
_LABEL = re.compile(
    r"^\s*(?:date\s*(?:/|and)\s*(?:time|venue|place)|dates? of (?:the )?meeting|日時(?:・場所)?等?|"
    r"開催日時?|일시(?:\s*(?:및|/)\s*장소)?|datum|fecha|date)\s*[:：]",
    re.IGNORECASE | re.MULTILINE,
)
_URL_DATE = re.compile(r"/((?:19|20)\d{2})[/\-]?(\d{2})(?:[/\-]?(\d{2}))?(?=[/\-_.]|$)")
_TITLE_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
HEADER_CHARS = 300
_RANGE_GAP = 8  # characters between a date and a day alone that ends its range


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date in the text; ``month`` 0 for a day of the month alone ("29일")."""

    start: int
    end: int
    month: int
    day: int
    year: int | None


@dataclass(frozen=True, slots=True)
class Reference:
    """The document's own date: a full date, or only a year."""

    year: int
    day: date | None = None


def find_dates(text: str, offset: int = 0) -> list[DateMention]:
    """Every date in ``text``, in order, overlaps resolved in favour of the longest (every
    date has a digit: a text without one is not searched; ``_PATTERNS`` are searched only
    where they can match, ``anchored.py``)."""
    if _DIGIT.search(text) is None:
        return []
    found: list[DateMention] = []
    for pattern in _SEARCHED:
        for match in pattern.finditer(text):
            mention = _mention(match, offset)
            if mention is not None:
                found.append(mention)
    for match in _CJK_DAY.finditer(text):
        if 1 <= int(match["d"]) <= 31:
            found.append(
                DateMention(match.start() + offset, match.end() + offset, 0, int(match["d"]), None)
            )
    found.sort(key=lambda m: (m.start, -(m.end - m.start)))
    kept: list[DateMention] = []
    for mention in found:
        if kept and mention.start < kept[-1].end:
            continue
        if kept and mention.month == 0 and mention.start - kept[-1].end <= _RANGE_GAP:
            continue  # the last day of a range: "12月5日及び6日", "5일부터 6일까지"
        kept.append(mention)
    return kept


def document_date(doc: Doc, *, published: date | None, url: str | None) -> Reference | None:
    """The date the document speaks from, for dates written without a year."""
    if published is not None:
        return Reference(published.year, published)
    for mention in find_dates(doc.body[:HEADER_CHARS]):
        day = _valid(mention.year, mention.month, mention.day)
        if day is not None:
            return Reference(day.year, day)
    if url:
        match = _URL_DATE.search(url)
        if match:
            year, month = int(match.group(1)), int(match.group(2))
            day = _valid(year, month, int(match.group(3) or 15))
            if day is not None:
                return Reference(year, day)
    years = set(_TITLE_YEAR.findall(doc.title))
    if len(years) == 1:
        return Reference(int(years.pop()))
    return None


_RELATIVE = re.compile(
    r"\b(?:on\s+|le\s+|am\s+)?(?P<weekday>"
    + "|".join(WEEKDAYS)
    + r")\b(?!,?\s*(?:\d|the\s+\d|"
    + _MONTH
    + r"))|\b(?P<today>today|this morning|aujourd'hui|heute)\b",
    re.IGNORECASE,
)
_FUTURE = re.compile(r"\bwill\b|\bto be held\b|\bupcoming\b|\bse tiendra\b|\bwird\b", re.I)


def relative_day(text: str, reference: Reference | None) -> date | None:
    """A weekday alone ("on Wednesday") or "today", counted from the document's full date:
    the last such day on or before it, or the next one after it in a sentence about the
    future ("will be held on Tuesday")."""
    if reference is None or reference.day is None:
        return None
    match = _RELATIVE.search(text)
    if match is None:
        return None
    anchor = reference.day
    if match.group("today"):
        return anchor
    weekday = WEEKDAYS[match.group("weekday").casefold()]
    if _FUTURE.search(text):
        return anchor + timedelta(days=(weekday - anchor.weekday()) % 7)
    return anchor - timedelta(days=(anchor.weekday() - weekday) % 7)


def extract_held_on(
    doc: Doc,
    names: Sequence[NameMention],
    rules: Rules,
    *,
    published: date | None,
    url: str | None,
) -> date | None:
    """The first day of the meeting reported, or None."""
    reference = document_date(doc, published=published, url=url)
    chosen = best(date_candidates(doc, names, rules, reference), rules.ranking)
    if chosen is not None:
        return chosen.value
    for name in reported_first(tuple(names)):
        if rules.held.search(name.sentence.text):
            day = relative_day(name.sentence.text, reference)
            if day is not None:
                return day
    return None


def resolve(mention: DateMention, reference: Reference | None) -> date | None:
    """The date of ``mention``, taking a missing year (or month) from ``reference``."""
    if mention.month == 0:
        return _day_of_month(mention.day, reference)
    if mention.year is not None:
        return _valid(mention.year, mention.month, mention.day)
    if reference is None:
        return None
    if reference.day is None:
        return _valid(reference.year, mention.month, mention.day)
    options = [
        d
        for y in (reference.year - 1, reference.year, reference.year + 1)
        if (d := _valid(y, mention.month, mention.day)) is not None
    ]
    assert reference.day is not None
    anchor = reference.day
    return min(options, key=lambda d: abs((d - anchor).days)) if options else None


def _day_of_month(day: int, reference: Reference | None) -> date | None:
    if reference is None or reference.day is None:
        return None
    anchor = reference.day
    options = [
        d
        for shift in (-1, 0, 1)
        if (d := _valid(*_month_shift(anchor.year, anchor.month, shift), day)) is not None
    ]
    return min(options, key=lambda d: abs((d - anchor).days)) if options else None


def _month_shift(year: int, month: int, shift: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + shift
    return index // 12, index % 12 + 1


def date_candidates(
    doc: Doc, names: Sequence[NameMention], rules: Rules, reference: Reference | None
) -> list[Candidate[date]]:
    """Every date that may be the meeting's, with its features: those in sentences naming it
    (each with its nearest name), on a "Date:" line, and in lead sentences saying a meeting was
    held; one per place in the text, the best scored."""
    found: dict[int, Candidate[date]] = {}
    dated: dict[int, list[DateMention]] = {}  # the dates of each sentence, found once

    def dates_in(sentence: Sentence) -> list[DateMention]:
        if sentence.index not in dated:
            dated[sentence.index] = find_dates(*with_continuation(doc, sentence))
        return dated[sentence.index]

    def add(mention: DateMention, features: Features) -> None:
        day = resolve(mention, reference)
        if day is None:
            return
        weekday = written_weekday(doc.full, mention.start, mention.end)
        agreement = 0 if weekday is None else (1 if agrees(day, weekday) else -1)
        candidate = Candidate(
            day,
            mention.start,
            replace(features, partial=mention.month == 0, weekday=agreement),
        )
        known = found.get(mention.start)
        if known is None or _better(candidate, known, rules):
            found[mention.start] = candidate

    order: dict[int, int] = {}  # sentence index: its rank among sentences naming the meeting
    for name in reported_first(tuple(names)):
        sentence = name.sentence
        later = order.setdefault(sentence.index, len(order))
        held = rules.held.search(sentence.text) is not None
        for mention in dates_in(sentence):
            add(
                mention,
                Features(
                    names_meeting=True,
                    held_verb=held,
                    title=sentence.in_title,
                    reference=_reference_between(doc.full, name, mention, rules),
                    clause_break=CLAUSE_BREAK.search(_between(doc.full, name, mention)) is not None,
                    distance=_distance(name, mention),
                    later=later,
                ),
            )
    for label in _LABEL.finditer(doc.full):
        line_end = doc.full.find("\n", label.end())
        for mention in find_dates(
            doc.full[label.end() : line_end if line_end > 0 else None], label.end()
        ):
            add(mention, Features(label_line=True))
    far = rules.ranking.max_distance
    for sentence in doc.sentences:
        if sentence.in_lead and rules.held.search(sentence.text):
            elsewhere = refers_elsewhere(sentence.text, rules)
            for mention in dates_in(sentence):
                add(
                    mention,
                    Features(lead=True, held_verb=True, reference=elsewhere, distance=far),
                )
    return sorted(found.values(), key=lambda c: c.start)


def _better(one: Candidate[date], other: Candidate[date], rules: Rules) -> bool:
    if one.features.reference != other.features.reference:
        return other.features.reference
    return score(one.features, rules.ranking) > score(other.features, rules.ranking)


def _reference_between(full: str, name: NameMention, mention: DateMention, rules: Rules) -> bool:
    return reference_open(_between(full, name, mention), rules)


def _between(full: str, name: NameMention, mention: DateMention) -> str:
    if mention.start >= name.end:
        return full[name.end : mention.start]
    return full[mention.end : name.start]


def _distance(name: NameMention, mention: DateMention) -> int:
    if mention.start >= name.end:
        return mention.start - name.end
    return max(0, name.start - mention.end)


def _mention(match: re.Match[str], offset: int) -> DateMention | None:
    month_text = match["m"]
    month = int(month_text) if month_text.isdigit() else month_number(month_text)
    year = cjk_year(match) if match.re is CJK_DATE else _year(match)
    day = int(match["d"])
    if match.re is _SLASHED and month is not None and month > 12 >= day:
        month, day = day, month
    if month is None or not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return DateMention(match.start() + offset, match.end() + offset, month, day, year)


def _year(match: re.Match[str]) -> int | None:
    year = match.groupdict().get("y")
    return int(year) if year else None


def _valid(year: int | None, month: int, day: int) -> date | None:
    if year is None:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None
