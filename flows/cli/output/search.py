"""What ``search`` prints: numbered hits (the default), a table, JSON lines or CSV; matched
words in bold on a terminal, between [brackets] elsewhere; copies folded under their original
named on an "also published by" line."""

from __future__ import annotations

import io
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import typer

from flows.cli.output.formats import day
from flows.core.export import release_record, write_csv
from storage import SearchHit
from storage.model import MARK_END, MARK_START

if TYPE_CHECKING:  # rich is imported only to draw a table
    from rich.text import Text


def hit_json(hit: SearchHit, publishers: Mapping[str, str]) -> dict[str, Any]:
    """A hit's JSON object (``search --json``): the release's citable record, the snippet
    with [brackets] around the matched words, and its bm25 rank."""
    return {**release_record(hit, publishers), "snippet": hit.marked(), "rank": hit.rank}


def hits_csv(hits: Sequence[SearchHit], publishers: Mapping[str, str]) -> str:
    out = io.StringIO()
    write_csv((hit_json(hit, publishers) for hit in hits), out, extra=("snippet", "rank"))
    return out.getvalue()


def snippet(hit: SearchHit, *, color: bool) -> str:
    """The snippet, matched words bold (``color``) or in [brackets]."""
    if not color:
        return hit.marked()
    return hit.marked(start="\x1b[1;33m", end="\x1b[0m")


def hit_lines(query: str, hits: Sequence[SearchHit], *, color: bool = False) -> Iterator[str]:
    """The hits, numbered: title; date, source and URL; the snippet; the copies folded under it
    ("also published by"); a copy listed on its own names its original."""
    if not hits:
        yield f"No releases match {query!r}."
        return
    for number, hit in enumerate(hits, 1):
        yield f"{number}. {typer.style(hit.title, bold=True) if color else hit.title}"
        yield f"   {day(hit.published)}  {hit.source}  {hit.url}"
        if hit.snippet:
            yield f"   {snippet(hit, color=color)}"
        if hit.copies:
            yield "   also published by " + ", ".join(f"{c.source} {c.url}" for c in hit.copies)
        if hit.copy_of is not None and not hit.copies:
            yield f"   a copy of release {hit.copy_of}"


def hits_table(
    hits: Sequence[SearchHit],
    names: Mapping[str, str],
    *,
    color: bool,
    width: int | None = None,
) -> str:
    """The hits as a table: date, parties (by their headline ``names``), source, title and
    snippet, copies counted."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(show_lines=False, header_style="bold")
    for column in ("#", "date", "parties", "source", "title / snippet"):
        table.add_column(column, overflow="fold")
    for number, hit in enumerate(hits, 1):
        cell = Text(hit.title, style="bold")
        if hit.snippet:
            cell.append("\n")
            cell.append_text(_marked_text(hit.snippet))
        if hit.copies:
            cell.append(f"\nalso published by {', '.join(c.source for c in hit.copies)}", "dim")
        parties = "-".join(names.get(p, p) for p in hit.parties)
        table.add_row(str(number), day(hit.published), parties, hit.source, cell)
    console = Console(
        file=io.StringIO(), force_terminal=color, no_color=not color, width=width or 120
    )
    console.print(table)
    out = console.file
    assert isinstance(out, io.StringIO)
    return out.getvalue().rstrip("\n")


def _marked_text(snippet: str) -> Text:
    from rich.text import Text

    text = Text()
    rest = snippet
    while MARK_START in rest:
        before, _, after = rest.partition(MARK_START)
        word, _, rest = after.partition(MARK_END)
        text.append(before)
        text.append(word, "bold yellow")
    text.append(rest)
    return text
