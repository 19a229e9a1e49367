"""Errors raised by the archive.

StorageError          root; the archive could not be opened, read or written (names the file)
└── ReleaseNotFound   no release has the requested id
"""

from __future__ import annotations


class StorageError(Exception):
    """Renders as ``path: message`` so one line says what failed and in which archive."""

    def __init__(self, message: str, *, path: str | None = None) -> None:
        self.message = message
        self.path = path
        super().__init__(str(self))

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class ReleaseNotFound(StorageError):  # noqa: N818 - reads as a fact, like reader's EntryNotFound
    """The archive has no release with this id."""

    def __init__(self, release_id: int, *, path: str | None = None) -> None:
        self.release_id = release_id
        super().__init__(f"no release with id {release_id}", path=path)
