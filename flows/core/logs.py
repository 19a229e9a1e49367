"""Logging: cyberwatch's lines at INFO, secrets redacted from every handler's output.

Inside a flow, cyberwatch's standard loggers (``cyberwatch.*``) are sent to Prefect with the flow's
own logs (``PREFECT_LOGGING_EXTRA_LOGGERS=cyberwatch``, see ``prefect_environment``); outside
one they go to standard error. Every line names its source (``"govuk-fcdo: failed: ..."``).

``install(settings)`` puts a ``Redact`` filter (``flows.core.redact``) on every handler known at
that moment (the root's, Prefect's console and API handlers, ours), replacing the SMTP password
and the Slack webhook URL with ``[redacted]`` in messages, arguments and tracebacks. Call it
again after Prefect configures its logging (the flows do, when they start).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from types import MappingProxyType

from config import Settings
from flows.core.redact import Redact, secrets_of

LOGGER = "cyberwatch"
# Prefect settings every cyberwatch process wants, unless the user set them: no telemetry
# offline, cyberwatch's own loggers sent with the flow's logs.
PREFECT_DEFAULTS: Mapping[str, str] = MappingProxyType(
    {
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",  # Prefect's client-side telemetry, checked when it is imported
        "PREFECT_LOGGING_EXTRA_LOGGERS": LOGGER,
        # Our lines outside a flow run (serve, the CLI) are not for Prefect's API: no warning.
        "PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW": "ignore",
        # A temporary server can take longer than Prefect's 20 s to start on a busy 2-core
        # machine; a poll should wait for it rather than fail.
        "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "90",
    }
)


# What stopping ``serve`` does to runs, and is expected: the exception's class name (Prefect's,
# matched by name so this module needs no Prefect) -> what the log line says instead.
STOP_ERRORS: Mapping[str, str] = MappingProxyType(
    {
        "TerminationSignal": "run stopped by shutdown (SIGTERM)",
        "ObjectNotFound": "the run no longer exists (its deployment was paused to stop serving)",
    }
)


class QuietStop(logging.Filter):
    """A run stopped by ``serve``'s shutdown is expected: one INFO line saying so instead of an
    error with a traceback (see ``STOP_ERRORS``)."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        said = _stop_error(error) if error is not None else None
        if said is not None:
            record.msg, record.args = f"{record.getMessage()}: {said}", ()
            record.exc_info, record.exc_text = None, None
            record.levelno, record.levelname = logging.INFO, "INFO"
        return True


def _stop_error(error: BaseException) -> str | None:
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        said = STOP_ERRORS.get(type(current).__name__)
        if said is not None:
            return said
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return None


def quiet_stops() -> None:
    """``QuietStop`` on every handler (the ``serve`` runner's process: Prefect's runner logs
    the runs it loses to the shutdown)."""
    for handler in _handlers():
        if not any(isinstance(f, QuietStop) for f in handler.filters):
            handler.addFilter(QuietStop())


def install(settings: Settings) -> None:
    """cyberwatch's loggers at INFO, a ``Redact`` filter for ``settings``' secrets on every
    handler (replacing one installed before), and ``QuietStop`` on asyncio's logger."""
    logging.getLogger(LOGGER).setLevel(logging.INFO)
    loop_log = logging.getLogger("asyncio")
    if not any(isinstance(f, QuietStop) for f in loop_log.filters):
        loop_log.addFilter(QuietStop())
    redact = Redact(secrets_of(settings))
    for handler in _handlers():
        for old in [f for f in handler.filters if isinstance(f, Redact)]:
            handler.removeFilter(old)
        handler.addFilter(redact)


def _handlers() -> list[logging.Handler]:
    loggers: list[logging.Logger] = [logging.getLogger()]
    loggers += [
        logger
        for logger in logging.Logger.manager.loggerDict.values()
        if isinstance(logger, logging.Logger)
    ]
    seen: dict[int, logging.Handler] = {}
    for logger in loggers:
        for handler in logger.handlers:
            seen.setdefault(id(handler), handler)
    return list(seen.values())
