"""A release's history: its earlier versions (kept each time its publisher edited it) and finding
a release by its URL. Mixed into ``Store``."""

from __future__ import annotations

from storage.base import StoreBase
from storage.identity import canonical_url
from storage.model import ReleaseVersion
from storage.timestamps import from_text, from_text_or_none


class VersionsMixin(StoreBase):
    """``versions(release_id)``, ``release_id_of(url)``."""

    def versions(self, release_id: int) -> list[ReleaseVersion]:
        """The release's texts, oldest first, the current one last: each with the hash of its
        text and when it was seen first (the release's first sighting, or the edit before) and
        replaced (None for the current one)."""
        with self._guard(f"cannot read the versions of release {release_id}"):
            current = self._rows(
                "SELECT title, body, content_hash, first_seen FROM releases WHERE id = ?",
                [release_id],
            )
            earlier = self._rows(
                "SELECT title, body, content_hash, replaced_at FROM release_versions "
                "WHERE release_id = ? ORDER BY replaced_at, id",
                [release_id],
            )
        if not current:
            return []
        versions = []
        since = from_text(current[0]["first_seen"])
        for row in [*earlier, {**current[0], "replaced_at": None}]:
            replaced = from_text_or_none(row["replaced_at"])
            versions.append(
                ReleaseVersion(row["title"], row["body"], row["content_hash"], since, replaced)
            )
            since = replaced or since
        return versions

    def release_id_of(self, url: str) -> int | None:
        """The release published at ``url`` (compared as canonical URLs), if archived."""
        with self._guard("cannot look up a release by URL"):
            rows = self._rows(
                "SELECT id FROM releases WHERE canonical_url = ?", [canonical_url(url)]
            )
        return int(rows[0]["id"]) if rows else None
