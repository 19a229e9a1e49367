"""``cyberwatch serve``: run the poll and the digests on their schedules until stopped.

Deployments (served by one Prefect runner, each run in a subprocess of its own):

- ``poll/scheduled``: the ``poll`` flow every ``[schedule] poll_interval`` (30 minutes), polling
  the sources that are due; at most one at a time (a poll still running when the next is due
  makes the next one cancelled, not queued);
- ``digest/<name>``: the ``digest`` flow for each ``[[schedule.digests]]`` entry (by default one,
  ``digest/daily``, every channel at ``digest_cron`` 08:00 in the digest's time zone), one at a
  time each;
- ``check/daily``: the ``check`` flow (``sources check`` of every enabled source, recorded for
  ``status`` and the digest, new breakages told to the alert channels) at ``check_cron``,
  06:00 in the same time zone; none when ``check_cron`` is empty.

The flows get no settings as parameters: each run loads them as the command line would, from the
environment ``serve`` passes on (``CYBERWATCH_CONFIG``, ``CYBERWATCH_DB`` and
``CYBERWATCH_SOURCES`` set to what this command was given, as absolute paths, and every other
``CYBERWATCH_*`` variable, secrets included, which never reach Prefect's database).

Three kinds of processes, each in a session of its own so that a Ctrl-C in the terminal
reaches ``serve`` alone, which then stops the others in order:

    cyberwatch serve              the supervisor: starts the rest, stops them on Ctrl-C / SIGTERM
    ├── prefect server start      without PREFECT_API_URL only (``flows.orchestration.server``)
    └── python -m flows.orchestration.serve     the Prefect runner (``prefect.serve``)
        └── python -m prefect.engine   one per flow run

On Ctrl-C or SIGTERM the deployments are paused (so no run piles up while nothing serves them;
the next ``serve`` resumes them) and the runs in flight get ``STOP_TIMEOUT`` seconds to finish
(``flows.orchestration.drain``; a second Ctrl-C cuts this short), then the runner gets SIGTERM
(Prefect's stop: anything still running is cancelled), then the local server is stopped. With
``PREFECT_API_URL`` set, that server is used and left running.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from datetime import timedelta
from pathlib import Path
from types import FrameType
from typing import Any

from config import DigestSchedule, Settings, load_settings
from config.settings import DEFAULT_CONFIG_NAME
from flows.core import logs
from flows.orchestration.server import ServerError, healthy, local_server

log = logging.getLogger("cyberwatch.serve")

POLL_DEPLOYMENT = "scheduled"
CHECK_DEPLOYMENT = "daily"
RUNNER_NAME = "cyberwatch"
STOP_TIMEOUT = 60.0  # seconds the runs in flight get to finish, then the runner to stop
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def flow_environment(
    settings: Settings, *, config_file: Path | None, environ: Mapping[str, str], cwd: Path
) -> dict[str, str]:
    """What the served runs need in their environment to load the same settings: the settings
    file, archive and catalogue this command resolved, as absolute paths."""
    env = {
        "CYBERWATCH_DB": str(settings.db.absolute()),
        "CYBERWATCH_SOURCES": str(settings.sources.absolute()),
    }
    named = environ.get("CYBERWATCH_CONFIG")
    config = config_file or (Path(named) if named else None)
    if config is None and (cwd / DEFAULT_CONFIG_NAME).exists():
        config = cwd / DEFAULT_CONFIG_NAME
    if config is not None:
        env["CYBERWATCH_CONFIG"] = str(config.absolute())
    return env


def deployment_names(settings: Settings) -> list[tuple[str, str]]:
    """(flow, deployment) of every deployment served."""
    digests = settings.schedule.digest_schedules(timezone=settings.digest.timezone)
    names = [("poll", POLL_DEPLOYMENT)] + [("digest", entry.name) for entry in digests]
    return names + ([("check", CHECK_DEPLOYMENT)] if settings.schedule.check_cron else [])


def describe(settings: Settings) -> list[str]:
    """One line per deployment: its name and when it runs."""
    lines = [f"poll/{POLL_DEPLOYMENT}: every {_span(settings.schedule.poll_interval)}"]
    for entry in settings.schedule.digest_schedules(timezone=settings.digest.timezone):
        channel = entry.channel or "every channel"
        if entry.interval is not None:
            when = f"every {_span(entry.interval)}"
        else:
            when = f"at '{entry.cron}' ({entry.timezone})"
        lines.append(f"digest/{entry.name}: {channel}, {when}")
    if settings.schedule.check_cron:
        zone = _zone(settings)
        lines.append(f"check/{CHECK_DEPLOYMENT}: at '{settings.schedule.check_cron}' ({zone})")
    return lines


def _zone(settings: Settings) -> str:
    return settings.schedule.timezone or settings.digest.timezone


def deployments(settings: Settings) -> list[Any]:
    """The runner deployments of the poll and of each scheduled digest."""
    from prefect.client.schemas.objects import ConcurrencyLimitConfig, ConcurrencyLimitStrategy
    from prefect.schedules import Cron
    from prefect.types.entrypoint import EntrypointType

    from flows.orchestration.check_flow import check
    from flows.orchestration.digest_flow import digest
    from flows.orchestration.poll_flow import poll

    one_at_a_time = ConcurrencyLimitConfig(
        limit=1, collision_strategy=ConcurrencyLimitStrategy.CANCEL_NEW
    )
    polls = poll.to_deployment(
        name=POLL_DEPLOYMENT,
        interval=settings.schedule.poll_interval,
        concurrency_limit=one_at_a_time,
        paused=False,
        description="Poll the sources that are due into the archive.",
        entrypoint_type=EntrypointType.MODULE_PATH,
    )
    served = [polls]
    for entry in settings.schedule.digest_schedules(timezone=settings.digest.timezone):
        served.append(
            digest.to_deployment(
                name=entry.name,
                schedules=[_schedule(entry)],
                parameters={"channel": entry.channel} if entry.channel else {},
                concurrency_limit=one_at_a_time,
                paused=False,
                description=f"Send the digest to {entry.channel or 'every channel'}.",
                entrypoint_type=EntrypointType.MODULE_PATH,
            )
        )
    if settings.schedule.check_cron:
        served.append(
            check.to_deployment(
                name=CHECK_DEPLOYMENT,
                schedules=[Cron(settings.schedule.check_cron, timezone=_zone(settings))],
                concurrency_limit=one_at_a_time,
                paused=False,
                description="Check every enabled source live; record and announce what broke.",
                entrypoint_type=EntrypointType.MODULE_PATH,
            )
        )
    return served


def _schedule(entry: DigestSchedule) -> Any:
    from prefect.schedules import Cron, Interval

    if entry.interval is not None:
        return Interval(entry.interval, timezone=entry.timezone)
    assert entry.cron is not None  # digest_schedules() resolves one or the other
    return Cron(entry.cron, timezone=entry.timezone)


def serve(settings: Settings, *, config_file: Path | None = None) -> int:
    """Serve the deployments until Ctrl-C or SIGTERM, starting (and then stopping) a local Prefect
    server when ``PREFECT_API_URL`` is not set. Returns 0 once stopped, else the status of a
    runner that stopped by itself."""
    # Ctrl-C stops serve even when started where SIGINT is ignored (a background job); SIGTERM
    # (systemd, docker stop) stops it the same way.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _interrupt)
    defaults = {k: v for k, v in logs.PREFECT_DEFAULTS.items() if k not in os.environ}
    env = {**os.environ, **defaults}
    env.update(flow_environment(settings, config_file=config_file, environ=env, cwd=Path.cwd()))
    for line in describe(settings):
        log.info("serving %s", line)
    try:
        with _api(settings) as api_url:
            env["PREFECT_API_URL"] = api_url
            return _supervise(_start_runner(env), api_url, deployment_names(settings))
    except KeyboardInterrupt:  # before the runner was up
        return 0
    finally:
        log.info("stopped")


def _start_runner(env: Mapping[str, str]) -> subprocess.Popen[bytes]:
    """The runner, ``python -m flows.orchestration.serve``, in a session of its own: a Ctrl-C in
    the terminal reaches serve only, which stops the runner (and its runs) first and the server
    last."""
    return subprocess.Popen(
        [sys.executable, "-m", "flows.orchestration.serve"],
        env=dict(env),
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )


def _supervise(runner: subprocess.Popen[bytes], api_url: str, served: list[tuple[str, str]]) -> int:
    try:
        code = runner.wait()
        log.error("the runner stopped by itself (status %s)", code)
        return code or 1
    except KeyboardInterrupt:
        log.info(
            "stopping: no new runs; waiting up to %.0f s for the runs in flight "
            "(Ctrl-C again to cancel them)",
            STOP_TIMEOUT,
        )
        with suppress(KeyboardInterrupt):
            _drain(api_url, served)
        log.info("stopping the runner")
        runner.send_signal(signal.SIGTERM)  # Prefect's stop: what still runs is cancelled
        try:
            runner.wait(timeout=STOP_TIMEOUT)
        except (subprocess.TimeoutExpired, KeyboardInterrupt):
            log.warning("the runner did not stop: killing it")
        return 0
    finally:
        with suppress(ProcessLookupError, PermissionError):
            os.killpg(runner.pid, signal.SIGKILL)  # whatever is left of it and its runs
        runner.wait()


def _drain(api_url: str, served: list[tuple[str, str]]) -> None:
    """``drain``, importing Prefect (its client) only now: serve's own process needs it for
    nothing else. Prefect reads ``DO_NOT_TRACK`` from the environment when it is imported (it
    is none of its settings), so its telemetry stays off here as in every cyberwatch process."""
    os.environ.setdefault("DO_NOT_TRACK", logs.PREFECT_DEFAULTS["DO_NOT_TRACK"])
    from flows.orchestration.drain import drain

    drain(api_url, served, timeout=STOP_TIMEOUT)


def run_runner() -> None:
    """The runner process (``python -m flows.orchestration.serve``): serve the deployments until
    SIGTERM. Settings come from the environment ``serve`` gave it."""
    logging.basicConfig(level=logging.WARNING, format=LOG_FORMAT)
    settings = load_settings()
    from prefect import serve as prefect_serve

    logs.install(settings)
    logs.quiet_stops()
    prefect_serve(
        *deployments(settings),
        pause_on_shutdown=True,
        print_starting_message=False,
        name=RUNNER_NAME,
    )


@contextmanager
def _api(settings: Settings) -> Iterator[str]:
    """The Prefect API to use: PREFECT_API_URL, else a local server started for the block."""
    given = os.environ.get("PREFECT_API_URL")
    if given:
        if not healthy(given):
            raise ServerError(f"no Prefect server answers at PREFECT_API_URL={given}")
        log.info("using the Prefect server at %s", given)
        yield given
        return
    with local_server(settings) as url:
        yield url


def _interrupt(signum: int, frame: FrameType | None) -> None:
    """SIGTERM before the runner runs: stop like Ctrl-C, so the local server is stopped too."""
    raise KeyboardInterrupt


def _span(interval: timedelta) -> str:
    seconds = int(interval.total_seconds())
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size and seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


if __name__ == "__main__":
    run_runner()
