"""A local Prefect server's database (the temporary server's, ``serve``'s), brought up to date by
a process of its own before the server starts, so that the server never migrates it.

Prefect's server runs its database migrations when it starts: all of them on a new home (about 7
s of CPU), and on every later start Alembic's reading of them to find none is due (0.8 s). The
memory this takes stays with the server's process for the rest of its life: 212-220 MB on a new
home against 166 without (docs/performance.md, session 24). So the server's starter asks
``up_to_date`` first; when the database is new, or was migrated by another Prefect version, it
runs this module in a process that ends once the database is migrated, and starts the server
with ``PREFECT_SERVER_DATABASE_MIGRATE_ON_START=false``.

A migration records what it left in ``STAMP`` in Prefect's home: Prefect's version, the
database's file and its Alembic revision. The database is up to date while all three still hold.

``migrate_first(env)`` does all of it for a server about to start with ``env`` as its
environment (the temporary server's ``server_child``, ``serve``'s ``local_server``). A database
given by ``PREFECT_API_DATABASE_CONNECTION_URL`` (or its ``PREFECT_SERVER_`` name) is left to
Prefect.

    python -m flows.orchestration.server_database   # migrate, then write the stamp
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from collections.abc import Iterator, Mapping
from contextlib import closing, contextmanager
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import IO

STAMP = "cyberwatch-migrated.json"
LOCK = "cyberwatch-migrating.lock"  # held by the run migrating the home's database
DATABASE_URLS = ("PREFECT_API_DATABASE_CONNECTION_URL", "PREFECT_SERVER_DATABASE_CONNECTION_URL")
MIGRATE_ON_START = "PREFECT_SERVER_DATABASE_MIGRATE_ON_START"


class MigrationError(RuntimeError):
    """The process migrating a server's database ended with an error (``status``)."""

    def __init__(self, status: int) -> None:
        super().__init__(f"its database could not be migrated (status {status})")
        self.status = status


def prefect_version() -> str | None:
    try:
        return version("prefect")
    except PackageNotFoundError:
        return None


def revision(database: Path) -> str | None:
    """The Alembic revision of the SQLite database ``database``, or None (no such file, or no
    revision in it)."""
    if not database.is_file():
        return None
    try:
        uri = f"{database.absolute().as_uri()}?mode=ro"
        with closing(sqlite3.connect(uri, uri=True)) as db:
            row = db.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.Error:
        return None
    return str(row[0]) if row else None


def up_to_date(home: Path) -> bool:
    """Whether the database of the Prefect home ``home`` was migrated by the installed Prefect
    and has not changed revision since (a missing or unreadable stamp: no)."""
    try:
        stamp = json.loads((home / STAMP).read_text(encoding="utf-8"))
        database = Path(stamp["database"])
    except (OSError, ValueError, KeyError, TypeError):
        return False
    found = revision(database)
    return (
        found is not None
        and stamp.get("revision") == found
        and stamp.get("prefect") == prefect_version()
    )


def migrate_first(env: Mapping[str, str], output: IO[bytes] | None = None) -> dict[str, str]:
    """The environment for a Prefect server that starts with ``env`` and must not migrate its
    database: once the database of ``env``'s Prefect home is up to date (migrated now, by a
    process with ``env`` as its environment and its output to ``output``, if it was not), ``env``
    with migrating on start turned off. ``env`` as it is when it names a database of its own.
    Raises ``MigrationError``."""
    if any(name in env for name in DATABASE_URLS):
        return dict(env)
    home = Path(env.get("PREFECT_HOME", "~/.prefect")).expanduser()
    if not up_to_date(home):
        home.mkdir(parents=True, exist_ok=True)
        with _exclusive(home / LOCK):  # runs starting together on a new home migrate in turn
            if not up_to_date(home):  # the one before may have migrated it meanwhile
                command = [sys.executable, "-m", "flows.orchestration.server_database"]
                status = subprocess.call(command, env=env, stdout=output, stderr=output)
                if status != 0:
                    raise MigrationError(status)
    return {**env, MIGRATE_ON_START: "false"}


@contextmanager
def _exclusive(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on the file ``path`` (made if missing) while the block runs."""
    import fcntl

    with path.open("a") as file:
        fcntl.flock(file, fcntl.LOCK_EX)  # released when the file is closed
        yield


def migrate() -> None:
    """Migrate the database of Prefect's current settings, then write the stamp in its home."""
    import asyncio

    from prefect.server.database import provide_database_interface
    from prefect.settings import get_current_settings
    from sqlalchemy.engine import make_url

    settings = get_current_settings()
    asyncio.run(provide_database_interface().create_db())
    connection = settings.server.database.connection_url
    url = make_url(connection.get_secret_value()) if connection is not None else None
    if url is None or url.get_backend_name() != "sqlite" or not url.database:
        return  # not a file: no stamp, so the next start migrates it first again
    database = Path(url.database).resolve()
    stamp = {"prefect": prefect_version(), "database": str(database)}
    stamp["revision"] = revision(database)
    home = Path(settings.home)
    temporary = home / f"{STAMP}.tmp"
    temporary.write_text(json.dumps(stamp), encoding="utf-8")
    temporary.replace(home / STAMP)


if __name__ == "__main__":
    migrate()
