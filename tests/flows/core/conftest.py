"""An in-memory archive for unit tests of the core: the real Store, no file."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlite_utils import Database

from storage import Store


@pytest.fixture
def db() -> Database:
    return Database(memory=True)


@pytest.fixture
def store(db: Database) -> Iterator[Store]:
    archive = Store(db)
    yield archive
    archive.close()
