"""HTML pages: list pages read with a source's CSS selectors, and article pages."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from selectolax.lexbor import LexborHTMLParser, LexborNode, SelectolaxError

from scrapers.dates import date_from_url, parse_datetime
from scrapers.errors import ParseError
from scrapers.layout import ListPage, list_layout
from scrapers.markup import html_tree, link_url
from scrapers.model import Article, Item, Response
from scrapers.text import SKIPPED, clean, node_text

if TYPE_CHECKING:
    from config import Source

# Containers that hold an article's text on common publishers' pages, most specific first.
ARTICLE_CONTAINERS = (".gem-c-govspeak", "article", "main", "[role=main]", "#content")
TITLE_META = ('meta[property="og:title"]',)
PUBLISHED_META = (
    'meta[name="govuk:first-published-at"]',
    'meta[property="article:published_time"]',
)


def read_list_page(source: Source, response: Response) -> ListPage:
    """The items of a list page, found with the source's ``item``/``title``/``link``/``date``
    selectors (the last three relative to each item), and how those selectors fared
    (``scrapers.layout``), from one parse of the page. Items without a title or a link are
    skipped; a page where nothing matches gives no items (and a layout report saying so)."""
    if not (source.item and source.title and source.link):
        raise ParseError(
            "an html source needs item, title and link selectors",
            source=source.name,
            url=response.url,
        )
    tree = html_tree(response)
    items: list[Item] = []
    matches: list[tuple[LexborNode | None, LexborNode | None]] = []
    seen: set[str] = set()
    try:
        for node in tree.css(source.item):
            title, link = node.css_first(source.title), node.css_first(source.link)
            matches.append((title, link))
            item = _list_item(source, response.url, node, title=title, link=link)
            if item is not None and item.url not in seen:
                seen.add(item.url)
                items.append(item)
    except SelectolaxError as e:
        raise ParseError(f"bad CSS selector: {e}", source=source.name, url=response.url) from e
    return ListPage(items=tuple(items), layout=list_layout(source, matches, items))


def parse_list_page(source: Source, response: Response) -> list[Item]:
    """The items of a list page (``read_list_page`` without the layout report)."""
    return list(read_list_page(source, response).items)


def extract_article(
    response: Response,
    *,
    selector: str | None,
    date: str | None = None,
    date_format: str | None = None,
    original_link: str | None = None,
    exclude: Sequence[str] = (),
) -> Article:
    """The text, title and first-publication date of an article page.

    The text is that of every node ``selector`` matches; without a selector, or when it
    matches nothing, the first of ARTICLE_CONTAINERS with text, then the element whose own
    ``<p>`` children hold the most text, then the whole body. The date is that of the first
    node ``date`` matches (read with ``date_format`` when given), else the page's metadata.
    ``original_link`` selects, on an aggregator's page, the link to the original release.
    The nodes ``exclude`` matches (share bars, breadcrumbs) are removed first.
    """
    tree = html_tree(response)
    text = ""
    try:
        for chrome in exclude:
            for node in tree.css(chrome):
                node.decompose()
        if selector:
            text = "\n\n".join(t for t in (node_text(n) for n in tree.css(selector)) if t)
        date_node = tree.css_first(date) if date else None
        link_node = tree.css_first(original_link) if original_link else None
    except SelectolaxError as e:
        raise ParseError(f"bad CSS selector: {e}", url=response.url) from e
    if not text:
        text = _fallback_text(tree)
    published = None
    if date_node is not None:
        published = parse_datetime(_date_value(date_node), fmt=date_format)
    return Article(
        text=text,
        title=_title(tree),
        published=published or _published(tree),
        original_url=link_url(response.url, link_node),
    )


def _list_item(
    source: Source,
    base: str,
    node: LexborNode,
    *,
    title: LexborNode | None,
    link: LexborNode | None,
) -> Item | None:
    text = clean(node_text(title)) if title is not None else ""
    url = link_url(base, link)
    if not text or url is None:
        return None
    published = None
    if source.date:
        date_node = node.css_first(source.date)
        if date_node is not None:
            published = parse_datetime(_date_value(date_node), fmt=source.date_format)
    if published is None and source.date_from_url:
        published = date_from_url(url, source.date_from_url)
    return Item(source=source.name, url=url, title=text, published=published)


def _date_value(node: LexborNode) -> str:
    stamp = node.attributes.get("datetime")
    if not stamp:
        inner = node.css_first("time[datetime]")
        stamp = inner.attributes.get("datetime") if inner is not None else None
    return stamp or node_text(node)


def _fallback_text(tree: LexborHTMLParser) -> str:
    for selector in ARTICLE_CONTAINERS:
        node = tree.css_first(selector)
        if node is not None:
            text = node_text(node)
            if text:
                return text
    densest = _densest_paragraph_parent(tree)
    if densest is not None:
        return node_text(densest)
    return node_text(tree.body) if tree.body is not None else ""


def _densest_paragraph_parent(tree: LexborHTMLParser) -> LexborNode | None:
    """The element whose direct ``<p>`` children hold the most text (outside page furniture)."""
    totals: dict[int, int] = {}
    parents: dict[int, LexborNode] = {}
    for paragraph in tree.css("p"):
        parent = paragraph.parent
        if parent is None or _in_furniture(paragraph):
            continue
        key = parent.mem_id
        parents[key] = parent
        totals[key] = totals.get(key, 0) + len(node_text(paragraph))
    if not totals:
        return None
    best = max(totals, key=lambda key: totals[key])
    return parents[best] if totals[best] else None


def _in_furniture(node: LexborNode) -> bool:
    ancestor = node.parent
    while ancestor is not None:
        if ancestor.tag in SKIPPED or "hidden" in ancestor.attributes:
            return True
        ancestor = ancestor.parent
    return False


def _title(tree: LexborHTMLParser) -> str | None:
    for selector in TITLE_META:
        meta = tree.css_first(selector)
        content = clean(meta.attributes.get("content") or "") if meta is not None else ""
        if content:
            return content
    for selector in ("h1", "title"):
        node = tree.css_first(selector)
        text = clean(node.text(deep=True)) if node is not None else ""
        if text:
            return text
    return None


def _published(tree: LexborHTMLParser) -> datetime | None:
    for selector in PUBLISHED_META:
        meta = tree.css_first(selector)
        parsed = parse_datetime(meta.attributes.get("content")) if meta is not None else None
        if parsed is not None:
            return parsed
    for node in tree.css("time[datetime]"):
        parsed = parse_datetime(node.attributes.get("datetime"))
        if parsed is not None:
            return parsed
    return None
