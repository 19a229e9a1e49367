from datetime import UTC, datetime

import pytest

from scrapers.model import Item
from storage import canonical_url, content_hash, listing_hash

MOFA = "https://www.mofa.go.kr/www/brd/m_4080/view.do?seq=377346"

CASES = [
    ("http://www.mofa.go.kr:443/www/brd/m_4080/view.do?seq=377346", MOFA),
    (MOFA, MOFA),
    ("HTTP://WWW.Example.COM/Path", "https://www.example.com/Path"),
    ("http://example.com:80/a", "https://example.com/a"),
    ("https://example.com:443/a", "https://example.com/a"),
    ("https://example.com:8443/a", "https://example.com:8443/a"),
    ("https://example.com", "https://example.com/"),
    ("https://example.com/a/#section-2", "https://example.com/a/"),
    ("https://example.com/a?", "https://example.com/a"),
    ("https://example.com//news///a", "https://example.com/news/a"),
    ("https://example.com/a?b=2&a=1", "https://example.com/a?a=1&b=2"),
    ("https://example.com/a?t=2&s=1&t=1", "https://example.com/a?s=1&t=2&t=1"),
    (
        "https://example.com/a?id=7&utm_source=x&UTM_Medium=y&fbclid=1&gclid=2&mc_cid=3"
        "&mc_eid=4&_ga=5&ocid=6&cmpid=7",
        "https://example.com/a?id=7",
    ),
    (
        "http://www.mofa.go.kr/eng/brd/m_5676/list.do?page=1&srchFr=&srchTo=&srchWord=",
        "https://www.mofa.go.kr/eng/brd/m_5676/list.do?page=1",
    ),
    ("https://example.com/%7euser/%e2%82%ac", "https://example.com/~user/%E2%82%AC"),
    ("https://example.com/%41%2f", "https://example.com/A%2F"),
    ("https://example.com/a b/ü", "https://example.com/a%20b/%C3%BC"),
    ("https://example.com/news/", "https://example.com/news/"),
    ("https://[2001:DB8::1]:443/x", "https://[2001:db8::1]/x"),
]


@pytest.mark.parametrize(("url", "expected"), CASES)
def test_canonical_url(url: str, expected: str) -> None:
    assert canonical_url(url) == expected


@pytest.mark.parametrize("url", [url for url, _ in CASES])
def test_canonical_url_is_idempotent(url: str) -> None:
    once = canonical_url(url)
    assert canonical_url(once) == once


def test_trailing_slash_is_kept_apart() -> None:
    assert canonical_url("https://example.com/news") != canonical_url("https://example.com/news/")


def test_content_hash_ignores_case_and_whitespace_only() -> None:
    base = content_hash("Cyber Dialogue", "The two sides met.")
    assert content_hash("  cyber   DIALOGUE ", "The two\n sides  met.") == base
    assert content_hash("Cyber Dialogue", "The two sides met again.") != base
    assert content_hash("Cyber Talks", "The two sides met.") != base


def test_listing_hash_follows_the_listing_not_the_body() -> None:
    item = Item(
        source="s",
        url="https://example.com/a?utm_source=rss",
        title="Cyber dialogue",
        guid="g",
        published=datetime(2025, 3, 1, tzinfo=UTC),
        summary="Summary.",
    )
    same = Item(
        source="s",
        url="http://example.com/a",
        title="Cyber  dialogue",
        guid="g",
        published=datetime(2025, 3, 1, tzinfo=UTC),
        summary="Summary.",
        body="Article text fetched later.",
    )
    retitled = Item(
        source="s",
        url="https://example.com/a",
        title="Cyber dialogue (corrected)",
        guid="g",
        published=datetime(2025, 3, 1, tzinfo=UTC),
        summary="Summary.",
    )
    assert listing_hash(same) == listing_hash(item)
    assert listing_hash(retitled) != listing_hash(item)
    assert len(listing_hash(item)) == 64
