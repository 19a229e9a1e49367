"""Which sources a poll takes: the named ones or the enabled ones, and of those the due ones."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from config import ConfigError, ScheduleSettings
from scrapers.cadence import host_of, host_shares
from scrapers.schedule import is_due
from storage import SourceState

if TYPE_CHECKING:
    from config import Source


def split_due(
    sources: Sequence[Source],
    states: Mapping[str, SourceState],
    *,
    now: datetime,
    rules: ScheduleSettings,
) -> tuple[tuple[Source, ...], tuple[Source, ...]]:
    """The sources that are due now (never polled, or their next check has come), and the
    others."""
    due: list[Source] = []
    waiting: list[Source] = []
    for source in sources:
        state = states.get(source.name)
        at = state.next_check if state is not None else None
        (due if is_due(at, now, rules=rules) else waiting).append(source)
    return tuple(due), tuple(waiting)


def healthy_first(
    sources: Sequence[Source], states: Mapping[str, SourceState]
) -> tuple[Source, ...]:
    """The sources whose last poll did not fail (or never polled) first, then the failing
    ones, each group in its own order: sick sources never hold the first slots of a poll."""
    failing = {name for name, state in states.items() if state.consecutive_failures > 0}
    return tuple(sorted(sources, key=lambda s: s.name in failing))


def select_sources(sources: tuple[Source, ...], names: list[str] | None) -> tuple[Source, ...]:
    """The enabled sources, or exactly the named ones; an unknown name is refused."""
    if not names:
        return tuple(s for s in sources if s.enabled)
    by_name = {s.name: s for s in sources}
    unknown = [n for n in names if n not in by_name]
    if unknown:
        raise ConfigError(
            f"unknown source {', '.join(map(repr, unknown))} (known: {', '.join(by_name)})"
        )
    return tuple(by_name[n] for n in names)


def shares_by_source(catalogue: Sequence[Source], chosen: Sequence[Source]) -> dict[str, int]:
    """For each chosen source, how many sources share its host's budget: the catalogue's enabled
    ones and the chosen ones (``scrapers.cadence.host_floor``)."""
    polled = {s.name: s for s in catalogue if s.enabled} | {s.name: s for s in chosen}
    counts = host_shares(s.url for s in polled.values())
    return {s.name: counts[host_of(s.url)] for s in chosen}


def by_host(sources: Sequence[Source]) -> dict[str, list[Source]]:
    """The sources grouped by host (the poll's unit of work), each group and the hosts in the
    order of their first source."""
    hosts: dict[str, list[Source]] = {}
    for source in sources:
        hosts.setdefault(host_of(source.url), []).append(source)
    return hosts
