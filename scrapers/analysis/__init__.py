"""Analysis of a release, pure (no I/O): is it a cyber dialogue, what does it say about the
meeting, and how to recognise its text and its event elsewhere.

``analyze(title, text, published=, url=, rules=)`` gives an ``Analysis``; ``fingerprint``
gives the hashes for finding copies; ``same_event`` groups releases into events. Build the
``Rules`` once with ``Rules.compile(settings.analysis)``. How the archive files a release, as
intents it applies, is decided here too: ``link_copy`` (copies) and ``choose_event``,
``learned``, ``merged`` (events).
"""

from __future__ import annotations

from datetime import date, datetime

from scrapers.analysis.agencies import extract_agencies
from scrapers.analysis.chairs import extract_chairs
from scrapers.analysis.classify import classify
from scrapers.analysis.copies import (
    BecomesOriginal,
    CopyLink,
    CopyOf,
    IsTheRoot,
    NotACopy,
    Root,
    candidates_by_shared_bands,
    link_copy,
    most_similar,
)
from scrapers.analysis.events import EventFacts, agreement, event_key, needs_detail, same_event
from scrapers.analysis.fingerprint import fingerprint, pack, similarity, unpack
from scrapers.analysis.grouping import (
    EventChoice,
    JoinEvent,
    KnownEvent,
    Meeting,
    NewEvent,
    choose_event,
    joined_meeting,
    learned,
    merged,
    release_facts,
    release_meeting,
    role_in_event,
    unique_key,
)
from scrapers.analysis.hosts import host_of, is_aggregator, is_official
from scrapers.analysis.marks import chair_surnames, marks
from scrapers.analysis.model import Analysis, Chair, Fingerprint, Kind, Role, Verdict
from scrapers.analysis.names import find_names
from scrapers.analysis.parties import extract_parties
from scrapers.analysis.places import extract_place
from scrapers.analysis.rounds import extract_round, round_of
from scrapers.analysis.rules import Rules
from scrapers.analysis.text import Doc
from scrapers.analysis.topics import TOPICS, Topic, extract_topics
from scrapers.analysis.when import extract_held_on

__all__ = [
    "TOPICS",
    "Analysis",
    "BecomesOriginal",
    "Chair",
    "CopyLink",
    "CopyOf",
    "EventChoice",
    "EventFacts",
    "Fingerprint",
    "IsTheRoot",
    "JoinEvent",
    "Kind",
    "KnownEvent",
    "Meeting",
    "NewEvent",
    "NotACopy",
    "Role",
    "Root",
    "Rules",
    "Topic",
    "Verdict",
    "agreement",
    "analyze",
    "candidates_by_shared_bands",
    "chair_surnames",
    "choose_event",
    "event_key",
    "fingerprint",
    "host_of",
    "is_aggregator",
    "is_official",
    "joined_meeting",
    "learned",
    "link_copy",
    "marks",
    "merged",
    "most_similar",
    "needs_detail",
    "pack",
    "release_facts",
    "release_meeting",
    "role_in_event",
    "same_event",
    "similarity",
    "unique_key",
    "unpack",
]


def analyze(
    title: str,
    text: str,
    *,
    published: date | datetime | None,
    url: str | None,
    rules: Rules,
) -> Analysis:
    """Classify a release and extract what it says about the meeting it reports; the
    extraction never depends on the verdict (only on the text mentioning cyber at all)."""
    day = published.date() if isinstance(published, datetime) else published
    doc = Doc.of(title, text)
    names = find_names(doc, rules)
    parties = extract_parties(doc, names)
    round_ = extract_round(doc, names, rules)
    official = url is not None and is_official(url, rules)
    verdict = classify(doc, names, parties=parties, round_=round_, rules=rules, official=official)
    # The facts are extracted whatever the verdict: a release judged "other" by a narrow
    # margin keeps its facts for the reader, the archive and the event it may join. A text
    # that never mentions cyber reports no cyber meeting: nothing to extract.
    if not rules.cyber.search(doc.full):
        return Analysis(
            relevant=False, score=verdict.score, kind=verdict.kind, reasons=verdict.reasons,
            parties=parties,
        )  # fmt: skip
    # Names carrying another round than the one reported name another meeting.
    names = tuple(n for n in names if round_of(doc, n) in (None, round_))
    location, virtual = extract_place(doc, names, rules)
    return Analysis(
        relevant=verdict.relevant,
        score=verdict.score,
        kind=verdict.kind,
        reasons=verdict.reasons,
        parties=parties,
        round=round_,
        held_on=extract_held_on(doc, names, rules, published=day, url=url),
        location=location,
        chairs=extract_chairs(doc, rules),
        agencies=extract_agencies(doc),
        topics=extract_topics(doc),
        virtual=virtual,
    )
