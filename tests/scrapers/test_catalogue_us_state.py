"""US State Department: the press release RSS (full text in the feed) and the WAF's HTML page
answered with 200 instead of the feed."""

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from config import Source
from scrapers import NotAFeedError, Response, parser_for

Fetch = Callable[[str], Response]
WAF_PAGE = "/state/rss-feed/press-releases/technical-difficulties.html"


def test_press_release_feed(catalogue: dict[str, Source], fetch: Fetch) -> None:
    source = catalogue["us-state-press-releases"]
    assert not source.fetch_article  # the text is in content:encoded; pages sit behind the WAF
    cyber, flood = parser_for(source.kind)(source, fetch(source.url))
    base = source.url.split("/state/")[0]
    assert cyber.title == "Joint Statement on the U.S.-Japan Cyber Dialogue"
    assert cyber.url == base + "/state/joint-statement-on-the-u-s-japan-cyber-dialogue/"
    assert cyber.guid == base + "/state/releases/preview/600101/"  # isPermaLink="false"
    assert cyber.published == datetime(2024, 11, 18, 21, 30, tzinfo=UTC)
    assert cyber.body.split("\n\n")[2] == (
        "Officials of the United States and Japan met for the U.S.-Japan Cyber Dialogue to review "
        "cooperation on a broad range of cyber issues."
    )
    assert cyber.summary.startswith("Office of the Spokesperson The following is the text")
    assert flood.title == "Humanitarian Assistance for Communities Affected by Flooding"
    assert flood.published == datetime(2024, 11, 13, 16, 5, tzinfo=UTC)
    assert "safe drinking water" in flood.body


def test_waf_page_answered_with_200_is_not_an_empty_feed(
    catalogue: dict[str, Source], fetch: Fetch
) -> None:
    """Quirk: www.state.gov answers non-browser clients with 200 and an HTML error page."""
    source = catalogue["us-state-press-releases"]
    page = fetch(WAF_PAGE)
    assert page.status == 200
    with pytest.raises(NotAFeedError, match="expected a feed, got an HTML page") as err:
        parser_for(source.kind)(replace(source, url=page.url), page)
    assert err.value.source == "us-state-press-releases"
