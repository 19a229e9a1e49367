"""Public Technologies (pubt.io), an aggregator: US-order dates, relative links, and the copy's
link back to the original release (the seed on GOV.UK)."""

from collections.abc import Callable
from datetime import UTC, datetime

from config import Source
from scrapers import Response, extract_article, parser_for

Fetch = Callable[[str], Response]
SEED_COPY = "/pubt/view/0EE8B98111E08DAD3AFEEF4BF80D0269963743CA"
SEED = "/govuk/government/news/the-4th-republic-of-korea-uk-cyber-dialogue"


def test_us_dates_relative_links_and_the_link_to_the_original(
    catalogue: dict[str, Source], fetch: Fetch
) -> None:
    source = catalogue["pubt-io"]
    assert source.aggregator
    seed, flood = parser_for(source.kind)(source, fetch(source.url))
    base = source.url.split("/pubt/")[0]
    assert seed.title == "The 4th Republic of Korea-UK Cyber Dialogue"
    assert seed.url == base + SEED_COPY  # "view/<id>" resolved against the search page
    assert seed.published == datetime(2024, 11, 7, tzinfo=UTC)  # 11/07/2024 is 7 November
    assert flood.published == datetime(2024, 11, 4, tzinfo=UTC)
    article = extract_article(
        fetch(seed.url), selector=source.body, original_link=source.original_link
    )
    assert article.original_url == base + SEED
    paragraphs = article.text.split("\n\n")
    assert paragraphs[0] == (
        "The 4th Republic of Korea (ROK)-United Kingdom (UK) Cyber Dialogue was held in London on "
        "6 November 2024."
    )
    assert "Distributed by Public on 11/07/2024 10:50" not in article.text  # the header line
    assert "co-chaired by Andrew Whittaker" in article.text
