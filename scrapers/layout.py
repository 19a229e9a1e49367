"""Does a page still look the way the source's selectors expect? The layout-drift check.

A redesign rarely breaks a source loudly: the list page still answers 200, the selectors just
stop matching and the source yields nothing. ``list_layout`` counts, for a list page, how many
item nodes the ``item`` selector found and in how many of them ``title`` and ``link`` matched
(and for how many items a ``date`` was read); the list-page parser (``scrapers.html``) calls it
on the nodes it has just read, so a page is parsed once. ``check_article`` says whether ``body``
matched an article page. A feed is checked by its item count only.

``LayoutReport.problem`` is what a poll records as drift (flows/core/poll.py) and what
``cyberwatch sources check`` calls broken: no items, or a selector that matched none of the
nodes it was tried on. A selector that matched only some (a notice row without a link) is
shown, not counted as a problem.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from selectolax.lexbor import LexborNode

from scrapers.markup import html_tree
from scrapers.model import Item, Response
from scrapers.text import clean, node_text

if TYPE_CHECKING:
    from config import Source


@dataclass(frozen=True, slots=True)
class SelectorMatch:
    """How often one of a source's selectors matched."""

    field: str  # the source key: "item", "title", "link", "date" or "body"
    selector: str
    matched: int  # nodes (items, for "date") it matched
    of: int | None = None  # what it was tried on; None for "item", which is tried on the page

    @property
    def failed(self) -> bool:
        """Matched nothing although there was something to match."""
        return self.matched == 0 and self.of != 0

    @property
    def partial(self) -> bool:
        return self.of is not None and 0 < self.matched < self.of

    def describe(self) -> str:
        what = f"{self.field} selector {self.selector!r}"
        if self.of is None:
            return f"{what} matched nothing" if self.failed else f"{what} matched {self.matched}"
        verb = "gave a date" if self.field == "date" else "matched"
        things = "items" if self.field in ("title", "link", "date") else "pages"
        if self.failed:
            return f"{what} {verb} in none of {self.of} {things}"
        return f"{what} {verb} in {self.matched} of {self.of} {things}"


@dataclass(frozen=True, slots=True)
class LayoutReport:
    """What a source's page gave: items, and how each selector fared on it."""

    items: int
    selectors: tuple[SelectorMatch, ...] = ()

    @property
    def failed(self) -> tuple[SelectorMatch, ...]:
        return tuple(s for s in self.selectors if s.failed)

    @property
    def partial(self) -> tuple[SelectorMatch, ...]:
        return tuple(s for s in self.selectors if s.partial)

    @property
    def problem(self) -> str | None:
        """Why the page looks wrong (no items, a selector matching nothing), or None."""
        if self.failed:
            return "; ".join(s.describe() for s in self.failed)
        return "no items" if self.items == 0 else None


@dataclass(frozen=True, slots=True)
class ListPage:
    """A source's answer, read: its items, and how the source's selectors fared on it."""

    items: tuple[Item, ...]
    layout: LayoutReport


def list_layout(
    source: Source,
    matches: Sequence[tuple[LexborNode | None, LexborNode | None]],
    items: Sequence[Item],
) -> LayoutReport:
    """How an html source's list-page selectors fared: ``matches`` holds, for each node its
    ``item`` selector matched, the first node ``title`` and ``link`` matched inside it;
    ``items`` are the items read from them."""
    if not (source.item and source.title and source.link):
        return LayoutReport(items=len(items))
    found = [SelectorMatch("item", source.item, matched=len(matches))]
    if matches:
        found.append(
            SelectorMatch(
                "title",
                source.title,
                matched=sum(_has_text(title) for title, _ in matches),
                of=len(matches),
            )
        )
        found.append(
            SelectorMatch(
                "link",
                source.link,
                matched=sum(_has_href(link) for _, link in matches),
                of=len(matches),
            )
        )
    if source.date and items:
        dated = sum(item.published is not None for item in items)
        found.append(SelectorMatch("date", source.date, matched=dated, of=len(items)))
    return LayoutReport(items=len(items), selectors=tuple(found))


def check_article(source: Source, response: Response) -> SelectorMatch | None:
    """Whether the source's ``body`` selector found text on an article page (None: no body)."""
    if not source.body:
        return None
    nodes = html_tree(response).css(source.body)
    matched = int(any(node_text(n) for n in nodes))
    return SelectorMatch("body", source.body, matched=matched, of=1)


def _has_text(node: LexborNode | None) -> bool:
    return node is not None and bool(clean(node_text(node)))


def _has_href(node: LexborNode | None) -> bool:
    if node is None:
        return False
    if (node.attributes.get("href") or "").strip():
        return True
    return node.css_first("a[href]") is not None
