"""A sitemap index: its newest sitemaps on the site, bounded, read as one sitemap (pure)."""

from __future__ import annotations

from config import Source
from scrapers import Response, read_page
from scrapers.sitemap import CHILD_SITEMAPS, index_children, merge_sitemaps

BASE = "https://www.mfa.gov.sg"
INDEX = f"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>{BASE}/sitemap-2019.xml</loc><lastmod>2019-12-31</lastmod></sitemap>
  <sitemap><loc>/sitemap-2026.xml</loc><lastmod>2026-11-30</lastmod></sitemap>
  <sitemap><loc>https://elsewhere.example/sitemap.xml</loc><lastmod>2026-12-01</lastmod></sitemap>
  <sitemap><loc>{BASE}/sitemap-2025.xml</loc><lastmod>2025-12-31</lastmod></sitemap>
  <sitemap><loc>{BASE}/sitemap-2026.xml</loc></sitemap>
</sitemapindex>""".encode()


def answer(url: str, content: bytes, **headers: str) -> Response:
    return Response(url=url, status=200, headers=headers, content=content)


def urlset(*paths: str) -> bytes:
    urls = "".join(f"<url><loc>{BASE}{p}</loc></url>" for p in paths)
    return (f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>').encode()


def test_the_newest_sitemaps_of_the_site_first() -> None:
    children = index_children(answer(f"{BASE}/sitemap.xml", INDEX))
    assert children == [
        f"{BASE}/sitemap-2026.xml",  # relative, resolved; listed twice, taken once
        f"{BASE}/sitemap-2025.xml",
        f"{BASE}/sitemap-2019.xml",
    ]  # another host's sitemap is not followed


def test_an_index_is_read_up_to_a_bound() -> None:
    many = "".join(
        f"<sitemap><loc>{BASE}/s{n}.xml</loc><lastmod>2026-01-{n + 1:02d}</lastmod></sitemap>"
        for n in range(20)
    )
    index = f"<sitemapindex>{many}</sitemapindex>".encode()
    children = index_children(answer(f"{BASE}/sitemap.xml", index))
    assert children is not None and len(children) == CHILD_SITEMAPS
    assert children[0] == f"{BASE}/s19.xml"


def test_a_sitemap_html_or_garbage_is_no_index() -> None:
    assert index_children(answer(f"{BASE}/sitemap.xml", urlset("/a"))) is None
    assert index_children(answer(f"{BASE}/x", b"<html>sitemapindex</html>")) is None
    assert index_children(answer(f"{BASE}/x", b"<sitemapindex><oops")) is None


def test_the_sitemaps_are_read_as_one_without_the_index_validators() -> None:
    index = answer(f"{BASE}/sitemap.xml", INDEX, etag='"v1"', **{"cache-control": "max-age=60"})
    merged = merge_sitemaps(
        index,
        [
            answer(f"{BASE}/sitemap-2026.xml", urlset("/newsroom/press/b/", "/about/")),
            answer(f"{BASE}/sitemap-2025.xml", b"not xml"),
            answer(f"{BASE}/sitemap-2019.xml", urlset("/newsroom/press/a/")),
        ],
    )
    assert merged.url == index.url
    assert merged.validators.etag is None
    assert merged.headers["cache-control"] == "max-age=60"
    source = Source(
        name="sg-mfa", kind="sitemap", url=f"{BASE}/sitemap.xml", url_filter="/newsroom/press/."
    )
    items = read_page(source, merged).items
    assert [i.url for i in items] == [f"{BASE}/newsroom/press/b/", f"{BASE}/newsroom/press/a/"]
