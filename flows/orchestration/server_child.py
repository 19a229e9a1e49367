"""The temporary Prefect server's process: uvicorn, stopped when the process that started it
ends, however it ends.

``server.temporary_server`` starts it with a pipe as its standard input whose other end only
the starting process holds (its descriptors are not inherited by other children). A run killed
outright (SIGKILL, out of memory) never stops its server; the kernel closes the pipe instead,
and this process then stops itself as on SIGTERM: uvicorn shuts Prefect's server down, and if
that has not ended the process within ``STOP_TIMEOUT``, it exits.

Before uvicorn, the database of the server's home is brought up to date by a process of its
own, when it is not already (``server_database``): Prefect's server then starts without
migrating, and without the memory a migration leaves it. A database given by
``PREFECT_API_DATABASE_CONNECTION_URL`` (or its ``PREFECT_SERVER_`` name) is left to Prefect.

    python -m flows.orchestration.server_child [uvicorn's options]
"""

from __future__ import annotations

import gc
import os
import runpy
import signal
import sys
import threading
import time

from flows.orchestration.server_database import MigrationError, migrate_first

STOP_TIMEOUT = 30.0  # seconds uvicorn has to stop, as ``server.stop`` gives it


def _stop_when_orphaned() -> None:
    """Wait for the end of standard input (its starter has gone), then stop this process."""
    sys.stdin.buffer.read()  # nothing is ever written: returns when the other end closes
    os.kill(os.getpid(), signal.SIGTERM)
    time.sleep(STOP_TIMEOUT)
    os._exit(1)


def _migrate_first() -> None:
    """Bring the home's database up to date unless it is (``server_database``); the server
    then starts without migrating. A failed migration ends this process with its status."""
    try:
        os.environ.update(migrate_first(os.environ))
    except MigrationError as e:  # its traceback is the server's last output
        sys.stdout.flush()
        # Not sys.exit: the interpreter's shutdown would abort on the watch's read of stdin.
        os._exit(e.status if e.status > 0 else 1)


def main() -> None:
    threading.Thread(target=_stop_when_orphaned, name="orphan-watch", daemon=True).start()
    _migrate_first()
    sys.argv = ["uvicorn", *sys.argv[1:]]
    try:
        runpy.run_module("uvicorn", run_name="__main__", alter_sys=True)
    finally:
        # No garbage collection over Prefect's whole heap as the interpreter exits (as in
        # flows.cli.app.main): the run that stops this server waits for its end.
        gc.freeze()


if __name__ == "__main__":
    main()
