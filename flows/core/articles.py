"""An article page read into its listed item: the text, title, date and original link it adds.

Reading a page is CPU work (selectolax, then the text taken out of the tree), so a large run
does it where it judges the release, in the judging worker processes (``flows.core.judging``),
and the event loop only fetches and writes. ``Page`` carries what that needs: the item as
listed, the page's answer and how the source reads its pages.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from scrapers import Item, Response, extract_article

if TYPE_CHECKING:
    from config import Source


@dataclass(frozen=True, slots=True)
class Page:
    """A listed item, its article page's answer, and the source's ways of reading that page
    (``scrapers.html.extract_article``'s arguments)."""

    item: Item
    response: Response
    selector: str | None = None
    date: str | None = None
    date_format: str | None = None
    original_link: str | None = None
    exclude: tuple[str, ...] = ()

    @classmethod
    def of(cls, source: Source, item: Item, response: Response) -> Page:
        """``item`` of ``source`` with its article page's ``response``."""
        return cls(
            item,
            response,
            selector=source.body,
            date=source.article_date,
            date_format=source.date_format,
            original_link=source.original_link,
            exclude=tuple(source.exclude_selectors),
        )


def complete(page: Page) -> Item:
    """The listed item completed from its page: the page's text (else what the listing
    said), the listed date and title unless missing, the original's link on an aggregator.
    Raises ``ParseError`` for a selector the page's parser refuses."""
    item = page.item
    article = extract_article(
        page.response,
        selector=page.selector,
        date=page.date,
        date_format=page.date_format,
        original_link=page.original_link,
        exclude=page.exclude,
    )
    return replace(
        item,
        body=article.text or item.body or item.summary,
        published=item.published or article.published,
        title=item.title or article.title or "",
        original_url=article.original_url or item.original_url,
    )
