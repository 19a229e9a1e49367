"""The SQLite archive of releases, their versions and per-source polling state."""

from storage.errors import ReleaseNotFound, StorageError
from storage.identity import canonical_url, content_hash, listing_hash
from storage.model import (
    Analysed,
    BackfillState,
    Copy,
    Event,
    EventRelease,
    Filed,
    KnownRelease,
    Origin,
    Release,
    ReleaseVersion,
    Role,
    SaveOutcome,
    SaveResult,
    SearchHit,
    SourceState,
)
from storage.outbox_model import (
    Delivery,
    DigestCandidates,
    OutboxDigest,
    OutboxItem,
    ReleaseFacts,
)
from storage.query import Filters
from storage.store import Store

__all__ = [
    "Analysed",
    "BackfillState",
    "Copy",
    "Delivery",
    "DigestCandidates",
    "Event",
    "EventRelease",
    "Filed",
    "Filters",
    "KnownRelease",
    "Origin",
    "OutboxDigest",
    "OutboxItem",
    "Release",
    "ReleaseFacts",
    "ReleaseNotFound",
    "ReleaseVersion",
    "Role",
    "SaveOutcome",
    "SaveResult",
    "SearchHit",
    "SourceState",
    "StorageError",
    "Store",
    "canonical_url",
    "content_hash",
    "listing_hash",
]
