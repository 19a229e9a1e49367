"""The poll without Prefect: every enabled source through ``flows.core.poll``, for comparison.

    python -m flows.devtools.bench.core --config bench.toml

The same work as ``cyberwatch poll --all`` (the same runtime, the same per-source function, the
same cap on sources polled at once) minus the flow, its tasks and its server, so that the
difference between the two is Prefect's share. Transient failures are recorded, not retried.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from config import Settings, Source, load_settings, load_sources
from flows.core.poll import poll_source, record_failure
from flows.core.results import SourceResult
from flows.core.runtime import Runtime, open_runtime
from flows.core.selection import by_host
from scrapers import TransientFetchError
from scrapers.cadence import host_of


async def poll_all(settings: Settings) -> list[SourceResult]:
    """Poll every enabled source of the catalogue, at most ``[fetch] concurrency`` at once and
    ``[fetch] per_host`` of a host's at once, as the flow does."""
    chosen = [s for s in load_sources(settings.sources) if s.enabled]
    limit = asyncio.Semaphore(settings.fetch.concurrency)
    gates = {host: asyncio.Semaphore(settings.fetch.per_host) for host in by_host(chosen)}
    async with open_runtime(settings) as runtime:

        async def one(source: Source) -> SourceResult:
            async with gates[host_of(source.url)], limit:
                return await _poll(source, runtime)

        return list(await asyncio.gather(*(one(s) for s in chosen)))


async def _poll(source: Source, runtime: Runtime) -> SourceResult:
    now = datetime.now(UTC)
    try:
        return await poll_source(
            source,
            fetcher=runtime.fetcher,
            store=runtime.store,
            settings=runtime.settings,
            now=now,
            judges=runtime.judges,
        )
    except TransientFetchError as e:
        return record_failure(runtime.store, source, e, now=now, rules=runtime.settings.schedule)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Poll every enabled source without Prefect.")
    parser.add_argument("--config", type=Path, required=True)
    args = parser.parse_args(argv)
    results = asyncio.run(poll_all(load_settings(config_file=args.config)))
    failed = [r for r in results if r.failed]
    for result in failed[:5]:
        print(f"{result.source}: FAILED {result.error}", file=sys.stderr)
    print(f"polled {len(results)}, new {sum(r.new for r in results)}, failed {len(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
