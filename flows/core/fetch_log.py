"""Every HTTP request of a poll goes into the archive's fetch log, answered or failed."""

from __future__ import annotations

from datetime import datetime

from scrapers import Response, ScraperError
from storage import Store


def log_request(
    store: Store,
    *,
    source: str,
    url: str,
    now: datetime,
    response: Response | None = None,
    error: ScraperError | None = None,
) -> None:
    """Append the answer to ``url`` (``response``) or why there was none (``error``)."""
    if response is not None:
        status: int | None = response.status
        elapsed, size, reason = response.elapsed, len(response.content), None
    else:
        status = getattr(error, "status", None)
        elapsed, size, reason = 0.0, 0, str(error)
    store.log_fetch(
        source=source,
        url=url,
        status=status,
        elapsed=elapsed,
        size=size,
        error=reason,
        now=now,
    )
