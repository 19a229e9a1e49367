"""Run a flow once, from the command line, with cyberwatch's Prefect settings around it.

``run_poll`` and ``run_digest`` call the ``poll`` and ``digest`` flows and return their plain
reports; ``read_runs`` reads the flows' runs for ``status``. For the call,
``prefect.settings.temporary_settings`` applies cyberwatch's Prefect defaults
(``flows.core.logs.PREFECT_DEFAULTS``, each unless the environment sets it) and, when
PREFECT_API_URL is unset, the API of a running ``cyberwatch serve`` (else the flow starts a
temporary server, and is recorded there). Prefect reads these settings from the current
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
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from config import Settings
from flows.core import logs
from flows.core.results import PollReport
from flows.core.status import FlowRuns
from flows.digest.outcome import DigestReport
from flows.orchestration.server import recorded_server

# Read by Prefect from os.environ, not from its settings (see the module docstring).
ENVIRONMENT_ONLY = frozenset({"DO_NOT_TRACK", "PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL"})
QUIET_CONSOLE = {"PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL": "CRITICAL"}


def run_poll(
    settings: Settings, *, names: list[str] | None, all_sources: bool, verbose: bool
) -> PollReport:
    """Run the ``poll`` flow: the named sources, every enabled one, or those due."""
    with prefect_settings(settings, verbose=verbose):
        from flows.orchestration.poll_flow import poll

        return asyncio.run(poll(settings=settings, sources=names, all_sources=all_sources))


def run_digest(
    settings: Settings, *, channel: str | None, dry_run: bool, verbose: bool
) -> DigestReport:
    """Run the ``digest`` flow: every channel's digest, or ``channel``'s."""
    with prefect_settings(settings, verbose=verbose):
        from flows.orchestration.digest_flow import digest

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
def prefect_settings(settings: Settings, *, verbose: bool) -> Iterator[None]:
    """Apply ``wanted_settings`` while the block runs (see the module docstring)."""
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
            yield
    finally:
        for name in environment:
            os.environ.pop(name, None)
