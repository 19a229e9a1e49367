"""The judging pool takes a large run's other CPU work off the event loop: article pages read
where they are judged, a feed's parse in a worker, the pool started once a run expects many
items, and that work kept here while the pool is behind."""

from __future__ import annotations

import asyncio
import os
from datetime import UTC, datetime

import pytest

from config import Settings, Source
from flows.core.articles import Page, complete
from flows.core.ingest import ingest_items
from flows.core.judging import BACKLOG, Judged, Judges, Unjudged, judge
from flows.core.listing import parse, read_listing
from flows.core.records import to_item
from flows.devtools.bench.imports import releases
from scrapers import Item, Response, parse_feed, read_page
from scrapers.analysis import Rules
from storage import Store

from .fakes import FEED_URL, Entry, FakeFetcher, article_page, rss

WHEN = datetime(2024, 11, 19, 8, 0, tzinfo=UTC)
SOURCE = Source(name="example", kind="feed", url=FEED_URL, body="article")
PAGE_HTML = (
    "<html><head><title>Site | UK and Japan</title></head><body><nav>Home</nav>"
    "<article><p>The United Kingdom and Japan held the 9th UK-Japan Cyber Dialogue in Tokyo "
    "on 19 November 2024.</p></article></body></html>"
)


@pytest.fixture(scope="module")
def rules() -> Rules:
    return Rules.compile(Settings().analysis)


def page(n: int = 0, *, html: str = PAGE_HTML, source: Source = SOURCE) -> Page:
    """A listed item without text, and its article page's answer."""
    url = f"https://example.org/news/{n}"
    item = Item(source=source.name, url=url, title=f"UK and Japan hold cyber dialogue {n}")
    answer = Response(url, 200, {"content-type": "text/html"}, content=html.encode())
    return Page.of(source, item, answer)


def test_a_page_is_read_from_the_sources_selector_and_keeps_what_the_listing_said() -> None:
    done = complete(page(1))

    assert done.body.startswith("The United Kingdom and Japan held the 9th")
    assert "Home" not in done.body  # the selector's text only
    assert done.title == "UK and Japan hold cyber dialogue 1"  # the listing's title kept
    assert done.url == "https://example.org/news/1"


def test_a_page_is_judged_as_the_item_read_from_it_and_gives_that_item_back(
    rules: Rules,
) -> None:
    some = [page(n) for n in range(3)]

    done = asyncio.run(Judges(rules).judge(some, listed=True))

    read = [complete(p) for p in some]
    assert [j.item for j in done if isinstance(j, Judged)] == read
    expected = [judge(item, rules=rules, listed=True) for item in read]
    assert [(j.analysis, j.fingerprint, j.official) for j in done if isinstance(j, Judged)] == [
        (j.analysis, j.fingerprint, j.official) for j in expected
    ]


def test_a_page_that_cannot_be_read_fails_that_item_only(rules: Rules) -> None:
    broken = Page(page(1).item, page(1).response, selector="p >> b")  # refused by the parser

    done = asyncio.run(Judges(rules).judge([page(0), broken, page(2)], listed=True))

    assert isinstance(done[0], Judged) and isinstance(done[2], Judged)
    assert isinstance(done[1], Unjudged) and "ParseError" in done[1].reason


def test_without_a_pool_nothing_is_offloaded_and_the_feed_is_parsed_here(rules: Rules) -> None:
    answer = rss([Entry("talks", "Cyber talks", WHEN)])
    judges = Judges(rules, workers=1)

    assert asyncio.run(judges.offload(os.getpid)) is None
    listing = asyncio.run(read_listing(SOURCE, answer, judges=judges))

    assert listing == read_page(SOURCE, answer)
    assert not judges.pooled and not judges.backlogged


def test_a_parse_error_crosses_back_as_the_error_read_page_raises() -> None:
    answer = Response(url=FEED_URL, status=200, headers={}, content=b"not a feed at all")

    kind, (error, message) = parse(SOURCE, answer)

    assert kind == "error" and error.__name__ == "ParseError"
    assert message.startswith("not an RSS or Atom feed")


def test_expecting_items_starts_no_pool_without_workers_or_below_the_threshold(
    rules: Rules,
) -> None:
    none = Judges(rules, workers=0, pool_after=0)
    few = Judges(rules, workers=1, pool_after=50)

    none.expect(500)
    few.expect(20)
    few.expect(30)

    assert not none.pooled and not few.pooled


@pytest.mark.slow
def test_a_run_expecting_many_items_starts_its_pool_which_takes_the_offloaded_work(
    rules: Rules,
) -> None:
    answer = rss([Entry("talks", "Cyber talks", WHEN), Entry("more", "More talks", WHEN)])
    with Judges(rules, workers=1, pool_after=50) as judges:
        judges.expect(30)
        assert not judges.pooled
        judges.expect(30)  # 60 on their way: more than 50
        assert judges.pooled

        worker = asyncio.run(judges.offload(os.getpid))
        listing = asyncio.run(read_listing(SOURCE, answer, judges=judges))

    assert worker is not None and worker != os.getpid()
    assert listing == read_page(SOURCE, answer)


@pytest.mark.slow
def test_a_pool_with_many_items_queued_is_backlogged_until_it_has_judged_them(
    rules: Rules,
) -> None:
    some = [to_item(record) for record in releases(BACKLOG + 8)]

    async def run(judges: Judges) -> tuple[bool, bool, int | None]:
        judging = asyncio.create_task(judges.judge(some, listed=True))
        await asyncio.sleep(0)  # the items are sent: the worker is still starting
        during = judges.backlogged
        offloaded = await judges.offload(os.getpid)  # refused while behind: None
        await judging
        return during, judges.backlogged, offloaded

    with Judges(rules, workers=1, pool_after=0) as judges:
        during, after, offloaded = asyncio.run(run(judges))

    assert during and offloaded is None
    assert not after


@pytest.mark.parametrize("behind", [False, True])
def test_a_poll_stores_the_same_release_whether_its_page_is_read_here_or_where_judged(
    rules: Rules, store: Store, monkeypatch: pytest.MonkeyPatch, behind: bool
) -> None:
    entry = Entry("uk-japan-cyber-dialogue", "UK and Japan hold cyber dialogue", WHEN)
    text = "The United Kingdom and Japan held the 9th UK-Japan Cyber Dialogue in Tokyo."
    fetcher = FakeFetcher({entry.url: article_page(entry, text)})
    judges = Judges(rules)
    monkeypatch.setattr(Judges, "backlogged", property(lambda _: behind))

    done = asyncio.run(
        ingest_items(
            SOURCE,
            parse_feed(SOURCE, rss([entry])),
            fetcher=fetcher.as_fetcher(),
            store=store,
            settings=Settings(),
            now=WHEN,
            judges=judges,
        )
    )

    release = store.release(done.new_ids[0])
    assert text in release.body and release.relevant
    assert store.event_of(release.id) is not None
