"""Singapore CSA and MFA: Isomer sitemaps filtered to the release paths, titles and dates read
from each page (never the sitemap's <lastmod>), bodies from the Isomer article container."""

from datetime import UTC, datetime

from config import Source
from tests.scrapers.catalogue_helpers import Fetch, article, listing


def test_csa_sitemap_release_pages_only(catalogue: dict[str, Source], fetch: Fetch) -> None:
    source = catalogue["sg-csa-press"]
    (item,) = listing(source, fetch)  # not the home, about or press-release index pages
    slug = "/csa/news-events/press-releases/singapore-and-the-united-kingdom-hold-cyber-dialogue/"
    assert item.url.endswith(slug)
    assert item.title == "" and item.published is None  # the sitemap has neither
    page = article(source, item, fetch)
    assert page.title == "Singapore and the United Kingdom hold Cyber Dialogue"
    # 22 November 2024 on the page; the sitemap's lastmod says 25 November
    assert page.published == datetime(2024, 11, 22, tzinfo=UTC)
    assert page.text.startswith("Singapore and the United Kingdom held the third Singapore-UK")
    assert "Last updated" not in page.text


def test_mfa_sitemap(catalogue: dict[str, Source], fetch: Fetch) -> None:
    source = catalogue["sg-mfa-press"]
    (item,) = listing(source, fetch)
    page = article(source, item, fetch)
    assert page.title == "Joint Press Statement on the Singapore-Japan Cyber Policy Dialogue"
    assert page.published == datetime(2024, 11, 29, tzinfo=UTC)
