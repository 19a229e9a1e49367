"""Request pacing per host: requests to one host start at least ``1 / rate`` seconds apart.

    pacer = Pacer(rate_for=settings.rate_for, clock=time.monotonic, sleep=asyncio.sleep)
    await pacer.wait("www.gov.uk")     # returns when this request may start

Each call reserves the host's next free start time before it sleeps, so concurrent callers are
spaced out in the order they asked, without a lock. A host's interval can be raised by its
robots.txt ``Crawl-delay`` (``set_floor``) and a ``Retry-After`` answer holds the whole host
back (``hold``). The clock and sleep are injected so tests check the schedule without waiting.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

Clock = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]


class Pacer:
    """Start times per host, on a monotonic ``clock`` (seconds)."""

    def __init__(self, *, rate_for: Callable[[str], float], clock: Clock, sleep: Sleep) -> None:
        self._rate_for = rate_for
        self._clock = clock
        self._sleep = sleep
        self._next: dict[str, float] = {}  # host -> earliest start of its next request
        self._last: dict[str, float] = {}  # host -> start of its latest request
        self._floors: dict[str, float] = {}  # host -> least interval (robots.txt Crawl-delay)

    def interval(self, host: str) -> float:
        """Seconds between the starts of two requests to ``host``."""
        return max(1.0 / self._rate_for(host), self._floors.get(host, 0.0))

    def set_floor(self, host: str, seconds: float) -> None:
        """Never start requests to ``host`` closer together than ``seconds`` (from the last
        one on, too)."""
        self._floors[host] = max(seconds, 0.0)
        if host in self._last:
            self._next[host] = max(self._next[host], self._last[host] + self.interval(host))

    def hold(self, host: str, seconds: float) -> None:
        """Start no request to ``host`` for ``seconds`` from now (a Retry-After answer)."""
        self._next[host] = max(self._next.get(host, 0.0), self._clock() + seconds)

    async def wait(self, host: str) -> None:
        """Return when a request to ``host`` may start, and book the slot after it."""
        now = self._clock()
        start = max(now, self._next.get(host, now))
        self._last[host] = start
        self._next[host] = start + self.interval(host)
        if start > now:
            await self._sleep(start - now)
