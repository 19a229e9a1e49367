"""The SQLite archive of releases, their versions and per-source polling state."""

from storage.errors import ReleaseNotFound, StorageError
from storage.identity import canonical_url, content_hash, listing_hash
from storage.model import KnownRelease, Release, SaveOutcome, SaveResult, SearchHit, SourceState
from storage.store import Store

__all__ = [
    "KnownRelease",
    "Release",
    "ReleaseNotFound",
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
