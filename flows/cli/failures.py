"""How a failure reaches the user: one line on standard error and an exit status, never a
traceback (see ``flows.cli.context`` for the statuses).

``FailureGroup`` is the root command's class: the errors of every command, and of the global
options (the settings file), are turned into that line inside the command itself, so a test
through ``typer.testing.CliRunner`` sees exactly what a user sees.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, NoReturn

import typer
from typer.core import TyperGroup

from config import ConfigError, Settings
from flows.cli.context import EXIT_CONFIG, EXIT_INTERRUPTED, EXIT_SERVER, EXIT_STORAGE
from flows.cli.output.terminal import inert_stdout
from storage import StorageError

SERVER = "flows.orchestration.server"  # imported by the commands that use Prefect, only them


class FailureGroup(TyperGroup):
    """The root ``cyberwatch`` group: known errors become one line and their exit status."""

    def invoke(self, ctx: Any) -> Any:  # typer's own copy of click.Context
        try:
            with inert_stdout():  # stored text never drives the terminal
                return super().invoke(ctx)
        except ConfigError as e:
            fail(f"configuration error: {e}", EXIT_CONFIG)
        except StorageError as e:
            fail(f"archive error: {e}", EXIT_STORAGE)
        except KeyboardInterrupt:
            fail("interrupted", EXIT_INTERRUPTED)
        except Exception as e:
            if _is_server_error(e):
                fail(f"Prefect server error: {e}", EXIT_SERVER)
            raise


def _is_server_error(error: Exception) -> bool:
    """A ``ServerError``: only a command that imported Prefect's server module can raise one,
    so a command that did not (``search``) need not import it to tell."""
    server = sys.modules.get(SERVER)
    return server is not None and isinstance(error, server.ServerError)


def fail(message: str, status: int) -> NoReturn:
    """Say ``message`` on one line of standard error and exit with ``status``."""
    typer.echo(f"cyberwatch: {message}", err=True)
    raise typer.Exit(status)


def require_archive(settings: Settings) -> None:
    """Reading commands never create an archive: refuse when there is none yet."""
    if not settings.db.exists():
        raise StorageError(
            "no archive here yet: run `cyberwatch poll` (or `import`) first, "
            "or give --db the archive's path",
            path=str(settings.db),
        )


def check_output(path: Path, settings: Settings, *, option: str, makes_dirs: bool = False) -> None:
    """Refuse, before any work, an output file that cannot be written or would replace the
    archive: a usage error naming the option. ``makes_dirs``: the command creates a missing
    directory itself."""
    target = path.expanduser()
    if target.is_dir():
        fail(f"{option} {path}: is a directory: give a file name", EXIT_CONFIG)
    if not makes_dirs and not target.parent.is_dir():
        fail(f"{option} {path}: no directory {target.parent}: create it first", EXIT_CONFIG)
    archive = settings.db.expanduser()
    for kept in (archive, Path(f"{archive}-wal"), Path(f"{archive}-shm")):
        if target.resolve() == kept.resolve():
            fail(f"{option} {path}: that is the archive: give another file name", EXIT_CONFIG)
