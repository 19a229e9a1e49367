"""Analysis of a release, pure (no I/O): is it a cyber dialogue, what does it say about the
meeting, and how to recognise its text and its event elsewhere.

``analyze(title, text, published=, url=, rules=)`` gives an ``Analysis``; ``fingerprint``
gives the hashes for finding copies; ``same_event`` groups releases into events. Build the
``Rules`` once with ``Rules.compile(settings.analysis)``. How the archive files a release, as
intents it applies, is decided here too: ``link_copy`` (copies) and ``choose_event``,
``learned``, ``merged`` (events).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the names, for type checkers; at run time each loads on first use
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
    from scrapers.analysis.fingerprint import pack, similarity, unpack
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
    from scrapers.analysis.marks import chair_surnames
    from scrapers.analysis.model import Analysis, Chair, Fingerprint, Kind, Role, Verdict
    from scrapers.analysis.pipeline import analyze
    from scrapers.analysis.rules import Rules
    from scrapers.analysis.topics import TOPICS, Topic

# Each name and the module it comes from, imported on first use: the archive reads `Verdict`
# without compiling the parties' table or loading the language detector. (`classify`,
# `fingerprint` and `marks` share their module's name: import them from their modules.)
_LAZY = {
    "Analysis": "scrapers.analysis.model",
    "BecomesOriginal": "scrapers.analysis.copies",
    "Chair": "scrapers.analysis.model",
    "CopyLink": "scrapers.analysis.copies",
    "CopyOf": "scrapers.analysis.copies",
    "EventChoice": "scrapers.analysis.grouping",
    "EventFacts": "scrapers.analysis.events",
    "Fingerprint": "scrapers.analysis.model",
    "IsTheRoot": "scrapers.analysis.copies",
    "JoinEvent": "scrapers.analysis.grouping",
    "Kind": "scrapers.analysis.model",
    "KnownEvent": "scrapers.analysis.grouping",
    "Meeting": "scrapers.analysis.grouping",
    "NewEvent": "scrapers.analysis.grouping",
    "NotACopy": "scrapers.analysis.copies",
    "Role": "scrapers.analysis.model",
    "Root": "scrapers.analysis.copies",
    "Rules": "scrapers.analysis.rules",
    "TOPICS": "scrapers.analysis.topics",
    "Topic": "scrapers.analysis.topics",
    "Verdict": "scrapers.analysis.model",
    "agreement": "scrapers.analysis.events",
    "analyze": "scrapers.analysis.pipeline",
    "candidates_by_shared_bands": "scrapers.analysis.copies",
    "chair_surnames": "scrapers.analysis.marks",
    "choose_event": "scrapers.analysis.grouping",
    "event_key": "scrapers.analysis.events",
    "host_of": "scrapers.analysis.hosts",
    "is_aggregator": "scrapers.analysis.hosts",
    "is_official": "scrapers.analysis.hosts",
    "joined_meeting": "scrapers.analysis.grouping",
    "learned": "scrapers.analysis.grouping",
    "link_copy": "scrapers.analysis.copies",
    "merged": "scrapers.analysis.grouping",
    "most_similar": "scrapers.analysis.copies",
    "needs_detail": "scrapers.analysis.events",
    "pack": "scrapers.analysis.fingerprint",
    "release_facts": "scrapers.analysis.grouping",
    "release_meeting": "scrapers.analysis.grouping",
    "role_in_event": "scrapers.analysis.grouping",
    "same_event": "scrapers.analysis.events",
    "similarity": "scrapers.analysis.fingerprint",
    "unique_key": "scrapers.analysis.grouping",
    "unpack": "scrapers.analysis.fingerprint",
}

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
    "host_of",
    "is_aggregator",
    "is_official",
    "joined_meeting",
    "learned",
    "link_copy",
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


def __getattr__(name: str) -> object:
    """A name of `__all__`, imported from its module on first use (PEP 562) and kept here, so
    that a later use is a plain lookup rather than a call of this function (an import inside a
    function run for each release cost the write path about 2% of its time)."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value
