"""A release's text prepared for analysis: normalised, split into sentences, searchable by terms.

Text is NFKC-normalised (full-width digits and Latin letters become ASCII, so "２０２３年" reads
as "2023年"), typographic apostrophes become "'", and runs of spaces collapse. The title is the
first sentence. Sentences end at a line break, at "。", or at ".", "!", "?" or ";" followed by
a space, except after an abbreviation, an initial or an ordinal of the release's language
("U.S.", "Mr.", "z. B.", "am 9. Juli": abbreviations.py). The language is detected
(language.py) unless given, and only when first asked for: the analysis reads it only where a
language's rules differ (an abbreviation or ordinal of one language, Spanish "EU"), so most
releases never need the detector.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from scrapers.analysis.abbreviations import is_abbreviation
from scrapers.analysis.language import Language
from scrapers.date_words import MONTH_NAME

CJK = "\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
_CJK_CHAR = re.compile(f"[{CJK}]")
_SPACES = re.compile(r"[ \t\u00a0\u3000]+")
_END = re.compile(r"\n+|。|[.!?;](?=\s)")
_ORDINAL = re.compile(r"(?<![\d.])\d{1,2}$")
_MONTH_AFTER = re.compile(rf"[ \t]+(?:{MONTH_NAME})\b", re.IGNORECASE)
_ORDINAL_LEADS = frozenset(["am", "vom", "zum", "zur", "bis", "ab", "seit", "der", "die", "das",
                            "den", "dem", "des", "im", "beim", "ihrer", "seiner"])  # fmt: skip
LEAD_CHARS = 700  # the first characters of the text count as its lead


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of the release, with its place: ``index`` 0 is the title."""

    index: int
    start: int  # offset in Doc.full
    end: int
    text: str
    in_title: bool
    in_lead: bool


@dataclass(frozen=True, slots=True)
class Doc:
    """Title and text of a release, normalised, as one string with its sentences."""

    title: str
    body: str
    full: str  # title + "\n" + body
    sentences: tuple[Sentence, ...]
    language: Language  # gives the language, detected on first use

    @property
    def lang(self) -> str:
        """ISO 639-1 ("en", "ko", "de" ...), or "und"."""
        return self.language()

    @classmethod
    def of(cls, title: str, text: str, lang: str | None = None) -> Doc:
        """The release, its language detected unless ``lang`` is given."""
        clean_title = normalise(title).strip()
        body = normalise(text).strip()
        full = f"{clean_title}\n{body}"
        language = Language(clean_title, body, lang or None)
        sentences = tuple(_sentences(full, len(clean_title), language))
        return cls(clean_title, body, full, sentences, language)

    def sentence_at(self, offset: int) -> Sentence:
        for sentence in self.sentences:
            if sentence.start <= offset < sentence.end:
                return sentence
        return self.sentences[-1]


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u00ad", "")
    lines = (_SPACES.sub(" ", line).strip() for line in text.splitlines())
    return "\n".join(lines)


def has_cjk(text: str) -> bool:
    return _CJK_CHAR.search(text) is not None


def terms_pattern(
    terms: Iterable[str], *, after_cyber: bool = False, whole: bool = False
) -> re.Pattern[str]:
    """One case-insensitive regex for ``terms``, longest first.

    A Latin term matches at the start of a word (as a prefix); its spaces match any run of
    spaces or hyphens. A term with Korean or Japanese characters matches anywhere.
    ``after_cyber`` also lets a Latin term start right after "cyber" or "ciber" ("Cyberdialog",
    "cyberoverleg", "ciberdiálogo");
    ``whole`` makes Latin terms match whole words only ("met" but not "method").
    """
    parts = []
    for term in sorted({t.strip().casefold() for t in terms if t.strip()}, key=len, reverse=True):
        if has_cjk(term):
            parts.append(re.escape(term))
            continue
        body = r"[\s\-]+".join(re.escape(word) for word in term.split())
        start = r"(?:(?<!\w)|(?<=cyber)|(?<=ciber))" if after_cyber else r"(?<!\w)"
        parts.append(start + body + (r"(?!\w)" if whole else ""))
    return re.compile("|".join(parts) or r"(?!x)x", re.IGNORECASE)


def word_count(text: str) -> int:
    """Words in ``text``: Latin words, and for Korean/Japanese every 3 characters."""
    latin = len(re.findall(r"[^\W\d_]+|\d+", _CJK_CHAR.sub(" ", text)))
    return latin + (len(_CJK_CHAR.findall(text)) + 2) // 3


def find_all(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    return pattern.finditer(text)


def any_match(patterns: Sequence[re.Pattern[str]], text: str) -> re.Pattern[str] | None:
    for pattern in patterns:
        if pattern.search(text):
            return pattern
    return None


def _sentences(full: str, title_end: int, lang: Callable[[], str]) -> Iterator[Sentence]:
    start = 0
    index = 0
    for match in _END.finditer(full):
        end = match.end()
        if match.group().startswith(".") and (
            is_abbreviation(full, match.start(), lang) or _ordinal_before(full, match.start())
        ):
            continue
        if start == 0 and end < title_end:
            continue  # the title is one sentence
        yield from _sentence(full, start, end, index, title_end)
        index += 1
        start = end
    if start < len(full):
        yield from _sentence(full, start, len(full), index, title_end)


def _sentence(full: str, start: int, end: int, index: int, title_end: int) -> Iterator[Sentence]:
    text = full[start:end].strip()
    if text:
        yield Sentence(
            index=index,
            start=start,
            end=end,
            text=full[start:end],
            in_title=start < title_end,
            in_lead=start < title_end + LEAD_CHARS,
        )


def _ordinal_before(text: str, dot: int) -> bool:
    """A German ordinal ("am 9. Juli", "die 2. Runde"; Duden: ordinals take a period), not a
    sentence end: a number of one or two digits before the dot, followed by a month name or
    preceded by an article or a preposition of time."""
    number = _ORDINAL.search(text, max(0, dot - 20), dot)
    if number is None:
        return False
    if _MONTH_AFTER.match(text, dot + 1):
        return True
    before = text[max(0, number.start() - 8) : number.start()].split()
    return bool(before) and before[-1].casefold() in _ORDINAL_LEADS
