"""What the source commands print: ``sources`` (each source and its state), ``sources check``
(a verdict per source) and ``backfill`` (where the walk stands)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from flows.cli.output.formats import iso
from flows.core.health import health_label
from storage import SourceState

if TYPE_CHECKING:  # the reports' types: the fetcher is not imported for `sources`
    from config import Source
    from flows.core.backfill import BackfillReport
    from flows.core.check import CheckResult
    from scrapers import SelectorMatch


def source_json(source: Source, state: SourceState | None, *, drift_after: int) -> dict[str, Any]:
    """A source and, once it has been polled, its state (``cyberwatch sources --json``)."""
    row: dict[str, Any] = {
        "name": source.name,
        "kind": source.kind,
        "url": source.url,
        "enabled": source.enabled,
        "disabled_reason": source.disabled_reason,
        "publisher": source.publisher,
        "language": source.language,
        "evidence": source.evidence,
        "health": health_label(state, drift_after=drift_after),
    }
    if state is not None:
        row.update(
            last_success=iso(state.last_success),
            last_error=state.last_error,
            last_error_at=iso(state.last_error_at),
            consecutive_failures=state.consecutive_failures,
            items_last_poll=state.items_last_poll,
            drifting=state.drifting(after=drift_after),
            empty_polls=state.empty_polls,
            drift_since=iso(state.drift_since),
            drift_reason=state.drift_reason,
        )
    return row


def source_lines(source: Source, state: SourceState | None, *, drift_after: int) -> Iterator[str]:
    """Name, kind, language, evidence and URL; why it is disabled; then its health and the
    latest poll's numbers."""
    flag = "" if source.enabled else " (disabled)"
    about = " ".join(
        part
        for part in (source.kind, source.language, f"evidence: {source.evidence or 'unstated'}")
        if part
    )
    yield f"{source.name}{flag}  [{about}]  {source.url}"
    if not source.enabled and source.disabled_reason:
        yield f"   disabled: {source.disabled_reason}"
    yield f"   {health_label(state, drift_after=drift_after)}{_state_line(state)}"


def _state_line(state: SourceState | None) -> str:
    if state is None or state.last_attempt is None:
        return ""
    parts = [f"last success {iso(state.last_success) or 'never'}"]
    if state.items_last_poll is not None:
        parts.append(f"{state.items_last_poll} items listed")
    if state.consecutive_failures and state.last_error:
        parts.append(f"last error: {state.last_error}")
    if state.empty_polls and state.drift_reason:
        parts.append(f"last poll: {state.drift_reason}")
    return "; " + "; ".join(parts)


def check_line(result: CheckResult, *, width: int) -> str:
    """One line: ``ok``/``BROKEN``, name, HTTP status, items, newest date, selectors."""
    verdict = "BROKEN" if result.broken else "ok"
    head = f"{verdict:<6}  {result.source:<{width}}"
    if result.error is not None:
        return f"{head}  {result.error}"
    newest = result.newest.date().isoformat() if result.newest else "-"
    counts = ", ".join(_short(s) for s in result.selectors)
    if result.broken:
        detail = "; ".join(result.problems)
    elif any(s.partial for s in result.selectors):
        detail = f"selectors matched, some not on every item ({counts})"
    else:
        detail = f"all selectors matched ({counts})" if counts else "no selectors to check"
    return f"{head}  HTTP {result.status}  {result.items:>3} items  newest {newest:<10}  {detail}"


def check_json(result: CheckResult) -> dict[str, Any]:
    """The JSON object of one source's check (``cyberwatch sources check --json``)."""
    return {
        "source": result.source,
        "ok": not result.broken,
        "status": result.status,
        "items": result.items,
        "newest": iso(result.newest),
        "selectors": [
            {"field": s.field, "selector": s.selector, "matched": s.matched, "of": s.of}
            for s in result.selectors
        ],
        "problems": list(result.problems),
    }


def _short(match: SelectorMatch) -> str:
    if match.of is None:
        return f"{match.field} {match.matched}"
    return f"{match.field} {match.matched}/{match.of}"


def backfill_line(report: BackfillReport) -> str:
    """The report as one line for a person."""
    dates = f"{report.since} to {report.until or 'today'}"
    counts = (
        f"{report.pages} pages read ({report.pages_done} done in all), {report.new} new, "
        f"{report.updated} updated, {report.unchanged} unchanged, "
        f"{report.outside} listed outside the dates"
    )
    if report.failed:
        return f"{report.source} ({dates}): FAILED: {report.error}; {counts}; run again to resume"
    state = "complete" if report.finished else "paused"
    return f"{report.source} ({dates}): {state}, {report.stopped}; {counts}"


def backfill_json(report: BackfillReport) -> dict[str, Any]:
    """The JSON object of a backfill run (``cyberwatch backfill --json``)."""
    return {
        "source": report.source,
        "since": report.since.isoformat(),
        "until": iso(report.until),
        "pages": report.pages,
        "pages_done": report.pages_done,
        "new": report.new,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "outside": report.outside,
        "finished": report.finished,
        "stopped": report.stopped,
        "error": report.error,
    }
