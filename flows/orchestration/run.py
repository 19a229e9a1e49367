"""Run a flow once, from the command line, with cyberwatch's Prefect settings around it.

``run_poll`` and ``run_digest`` call the ``poll`` and ``digest`` flows and return their plain
reports; ``read_runs`` reads the flows' runs for ``status``. For the call,
``prefect.settings.temporary_settings`` applies cyberwatch's Prefect defaults
(``flows.core.logs.PREFECT_DEFAULTS``, each unless the environment sets it) and, when
PREFECT_API_URL is unset, the API of a running ``cyberwatch serve``. With neither, a
temporary server (``server.temporary_server``) is started first thing, so that it comes up
while this process imports the flow, and lives for the run (the run is recorded there, its log
lines are not sent to it). ``cyberwatch poll`` and ``digest`` start it earlier still, before
Prefect is imported (``server_ahead``; ``poll`` then reads the catalogue and opens the
archive): the server's start (about 5 s of CPU, its own imports mostly) is the longest part
of a warm poll's critical path. Meanwhile the run also imports what its first call would
(``RUN_MODULES``). Prefect reads these settings from the current
context: in the flow, in its log and event workers, and for the temporary server, whose process
gets the current settings as its environment.

Two values are not Prefect settings and are read from the process environment only, so they
are put there for the call and taken out after (when the environment did not have them):
``DO_NOT_TRACK`` (Prefect's client telemetry reads it when Prefect is imported, and when a run
starts) and ``PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL`` (an override of Prefect's logging.yml,
read when Prefect configures logging on its first import): Prefect's console stays quiet
unless ``verbose``. So Prefect is imported here only once they are set.
"""

from __future__ import annotations

import asyncio
import importlib
import os
import sys
from collections.abc import Callable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager, nullcontext, suppress
from typing import TYPE_CHECKING

from config import Settings
from flows.core import logs
from flows.orchestration.server import Starting, recorded_server, temporary_server

if TYPE_CHECKING:  # what the flows return: imported with them, not before the server starts
    from flows.core.results import PollReport
    from flows.core.status import FlowRuns
    from flows.digest.outcome import DigestReport

# What a flow run's first call imports (Prefect's engines; graphviz, for Flow.__call__'s
# visualization hook; FastAPI's encoder, for Flow.serialize_parameters; sqlite-utils, for the
# archive's first write), imported while the temporary server starts rather than after it
# answers: 0.2 s of a warm poll's critical path. One a later Prefect lacks is skipped.
RUN_MODULES = (
    "prefect.flow_engine",
    "prefect.task_engine",
    "prefect.utilities.visualization",
    "fastapi.encoders",
    "sqlite_utils",
)

# Read by Prefect from os.environ, not from its settings (see the module docstring).
ENVIRONMENT_ONLY = frozenset({"DO_NOT_TRACK", "PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL"})
QUIET_CONSOLE = {"PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL": "CRITICAL"}


def run_poll(
    settings: Settings,
    *,
    names: list[str] | None,
    all_sources: bool,
    verbose: bool,
    ahead: Starting | None = None,
) -> PollReport:
    """Run the ``poll`` flow: the named sources, every enabled one, or those due; on the
    server ``ahead`` started (``server_ahead``) when Prefect has no API of its own."""
    with prefect_settings(settings, verbose=verbose, server=True, ahead=ahead) as api:
        from flows.orchestration.poll_flow import poll  # while a temporary server starts

        _import_run_modules()
        with api():
            return asyncio.run(poll(settings=settings, sources=names, all_sources=all_sources))


def run_digest(
    settings: Settings,
    *,
    channel: str | None,
    dry_run: bool,
    verbose: bool,
    ahead: Starting | None = None,
) -> DigestReport:
    """Run the ``digest`` flow: every channel's digest, or ``channel``'s; on the server
    ``ahead`` started (``server_ahead``) when Prefect has no API of its own."""
    with prefect_settings(settings, verbose=verbose, server=True, ahead=ahead) as api:
        from flows.orchestration.digest_flow import digest  # while a temporary server starts

        _import_run_modules()
        with api():
            return asyncio.run(digest(settings=settings, channel=channel, dry_run=dry_run))


def read_runs(settings: Settings, api_url: str, *, verbose: bool) -> FlowRuns | None:
    """The last runs of each flow and the next scheduled ones, from the Prefect API at
    ``api_url`` (None when it does not answer in time); never starts a server."""
    with prefect_settings(settings, verbose=verbose):
        from flows.orchestration.runs import flow_runs

        return flow_runs(api_url)


def wanted_settings(
    settings: Settings, *, verbose: bool, environ: Mapping[str, str]
) -> dict[str, str]:
    """The Prefect values a run from the command line wants, by variable name: the defaults,
    a quiet console unless ``verbose``, the API of a running ``serve``; none that ``environ``
    sets already."""
    wanted = {**logs.PREFECT_DEFAULTS, **({} if verbose else QUIET_CONSOLE)}
    if "PREFECT_API_URL" not in environ:
        served = recorded_server(settings)
        if served is not None:
            wanted["PREFECT_API_URL"] = served
    return {name: value for name, value in wanted.items() if name not in environ}


@contextmanager
def server_ahead(settings: Settings, *, verbose: bool) -> Iterator[Starting | None]:
    """Start the temporary server a run will need, now, before Prefect is imported: when
    neither the environment nor a running ``serve`` gives Prefect an API (None then). Its
    environment is this process's with the values ``wanted_settings`` adds; Prefect's profile
    and settings files are its own to read, as they are this process's. Should Prefect's
    settings name an API after all (a profile's PREFECT_API_URL), ``prefect_settings`` stops it
    unused. Stopped when the block ends."""
    wanted = wanted_settings(settings, verbose=verbose, environ=os.environ)
    known = "PREFECT_API_URL" in os.environ or "PREFECT_API_URL" in wanted
    # Prefect imported already (a test's harness, a run in a served process): it can say.
    if known or ("prefect.settings" in sys.modules and not _needs_a_server()):
        yield None
        return
    with temporary_server({**os.environ, **wanted}) as starting:
        yield starting


@contextmanager
def prefect_settings(
    settings: Settings, *, verbose: bool, server: bool = False, ahead: Starting | None = None
) -> Iterator[Callable[[], AbstractContextManager[None]]]:
    """Apply ``wanted_settings`` while the block runs (see the module docstring). It gives
    ``api``: run the flow inside ``with api():``. With ``server``, when Prefect has no API to
    use (no PREFECT_API_URL in its settings, no ``serve``), a temporary server starts at once
    (``server.temporary_server``) and ``api()`` waits for it and points Prefect at it; it is
    stopped when the block ends, once Prefect's log and event workers have sent what they
    hold. A server started ``ahead`` is used instead of a new one, and stopped when the block
    ends."""
    wanted = wanted_settings(settings, verbose=verbose, environ=os.environ)
    environment = {name: v for name, v in wanted.items() if name in ENVIRONMENT_ONLY}
    os.environ.update(environment)
    try:
        import prefect.settings  # after DO_NOT_TRACK is set: it is read on import

        updates = {
            getattr(prefect.settings, name): value
            for name, value in wanted.items()
            if name not in ENVIRONMENT_ONLY
        }
        with prefect.settings.temporary_settings(updates=updates):
            if not (server and _needs_a_server()):
                if ahead is not None:
                    ahead.stop()  # Prefect's own settings name an API: not needed
                yield nullcontext
                return
            current = prefect.settings.get_current_settings()
            timeout = current.server.ephemeral.startup_timeout_seconds
            if ahead is not None:
                try:
                    yield lambda: _pointed_at(lambda: ahead.ready(timeout))
                finally:  # inside the settings: outside them, Prefect's API log handler
                    ahead.stop()  # warned on the stop's log line (it has no flow run)
                return
            env = {**os.environ, **current.to_environment_variables(exclude_unset=True)}
            with temporary_server(env) as starting:
                yield lambda: _pointed_at(lambda: starting.ready(timeout))
    finally:
        for name in environment:
            os.environ.pop(name, None)


def _import_run_modules() -> None:
    """Import ``RUN_MODULES`` now (each a later Prefect lacks skipped)."""
    for name in RUN_MODULES:
        with suppress(ImportError):
            importlib.import_module(name)


def _needs_a_server() -> bool:
    """Whether Prefect would start a temporary server of its own for a flow run."""
    import prefect.settings

    current = prefect.settings.get_current_settings()
    return not current.api.url and current.server.ephemeral.enabled


@contextmanager
def _pointed_at(ready: Callable[[], str]) -> Iterator[None]:
    """Prefect's API is the temporary server's (waiting until it answers) while the block
    runs; its log and event workers finish what they hold before the server stops."""
    import prefect.settings
    from prefect.events.clients import NullEventsClient
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    # The server lives for this run only: the run's log lines go to the terminal and to
    # cyberwatch's log, not to it (each would be a request and a row nobody reads), and its
    # events nowhere: the server's services that would read them are off (UNREAD_SERVICES), so
    # sending them cost both processes CPU for nothing (a warm poll of 1,000 sources: 0.4 s).
    # No heartbeats either: they tell a server that the run is still alive, and this one lives
    # and dies with the run (the first could also come after a short run's end, its events
    # worker stopped: Prefect then logs an error).
    updates = {
        prefect.settings.PREFECT_API_URL: ready(),
        prefect.settings.PREFECT_LOGGING_TO_API_ENABLED: False,
        prefect.settings.PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None,
    }
    with prefect.settings.temporary_settings(updates=updates):
        EventsWorker.set_client_override(NullEventsClient)
        try:
            yield
        finally:
            APILogWorker.drain_all(timeout=5)
            EventsWorker.drain_all(timeout=5)
            EventsWorker.set_client_override(None)
