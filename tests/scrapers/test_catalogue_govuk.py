"""GOV.UK: the finder Atom feeds (FCDO, NCSC, "cyber dialogue"), the FCDO organisation feed and
article pages in both markup generations, read with the catalogue's own sources."""

from collections.abc import Callable
from datetime import UTC, datetime

from config import Source
from scrapers import Article, Item, Response, extract_article, parser_for

NEWS = "/govuk/government/news/"
SEED = NEWS + "the-4th-republic-of-korea-uk-cyber-dialogue"
JAPAN = NEWS + "uk-and-japan-hold-cyber-dialogue-in-tokyo"
FLOOD = NEWS + "uk-announces-humanitarian-support-for-flood-affected-communities"
ADVISORY = NEWS + "ncsc-and-partners-publish-joint-advisory-on-ransomware-actors"

Fetch = Callable[[str], Response]


def items_of(source: Source, fetch: Fetch) -> list[Item]:
    return parser_for(source.kind)(source, fetch(source.url))


def article_of(source: Source, item: Item, fetch: Fetch) -> Article:
    return extract_article(fetch(item.url), selector=source.body)


def test_fcdo_finder_feed(catalogue: dict[str, Source], fetch: Fetch) -> None:
    source = catalogue["govuk-fcdo"]
    items = items_of(source, fetch)
    base = source.url.split("/govuk/")[0]
    assert [(i.title, i.url.removeprefix(base), i.published) for i in items] == [
        (
            "UK and Japan hold cyber dialogue in Tokyo",
            JAPAN,
            datetime(2024, 11, 20, 8, 0, tzinfo=UTC),
        ),
        (
            "UK sanctions ransomware operators targeting British businesses",
            NEWS + "uk-sanctions-ransomware-operators-targeting-british-businesses",
            datetime(2024, 11, 12, 9, 30, tzinfo=UTC),
        ),
        (
            "The 4th Republic of Korea-UK Cyber Dialogue",
            SEED,
            datetime(2024, 11, 7, 10, 50, tzinfo=UTC),
        ),
        (
            "UK announces humanitarian support for flood-affected communities",
            FLOOD,
            datetime(2024, 11, 4, 14, 15, tzinfo=UTC),
        ),
    ]
    seed = items[2]
    assert (
        seed.guid
        == "tag:www.gov.uk,2005:/government/news/the-4th-republic-of-korea-uk-cyber-dialogue"
    )
    assert seed.summary == (
        "The 4th Republic of Korea (ROK)-United Kingdom (UK) Cyber Dialogue was held in London on "
        "6 November 2024."
    )


def test_article_page_of_the_government_frontend_generation(
    catalogue: dict[str, Source], fetch: Fetch
) -> None:
    """The seed page (2024 markup: gem-c-title, govuk-govspeak): the body is the govspeak text,
    without the lead paragraph, image caption, share links, cookie banner or footer."""
    source = catalogue["govuk-fcdo"]
    seed = next(i for i in items_of(source, fetch) if i.url.endswith(SEED))
    article = article_of(source, seed, fetch)
    assert article.title == "The 4th Republic of Korea-UK Cyber Dialogue"
    assert article.published == datetime(2024, 11, 7, 10, 50, tzinfo=UTC)
    paragraphs = article.text.split("\n\n")
    assert paragraphs[0] == (
        "The 4th Republic of Korea (ROK)-United Kingdom (UK) Cyber Dialogue was held in London on "
        "Wednesday 6 November 2024. The meeting was co-chaired by Andrew Whittaker, Cyber "
        "Director in the UK Foreign, Commonwealth and Development Office (FCDO), and Rhee "
        "Dong-yeol, Ambassador for International Cyber Affairs in the ROK Ministry of Foreign "
        "Affairs (MOFA)."
    )
    assert paragraphs[-1] == (
        "Both chairs committed that the ROK and UK would continue to cooperate closely on "
        "cybersecurity issues going forward."
    )
    assert len(paragraphs) == 8
    for chrome in ("Officials from the UK and Republic of Korea governments", "cookies", "Share"):
        assert chrome not in article.text


def test_article_page_of_the_frontend_generation(
    catalogue: dict[str, Source], fetch: Fetch
) -> None:
    """The current markup (gem-c-heading, gem-c-govspeak without govuk-govspeak)."""
    source = catalogue["govuk-fcdo"]
    japan = next(i for i in items_of(source, fetch) if i.url.endswith(JAPAN))
    article = article_of(source, japan, fetch)
    assert article.published == datetime(2024, 11, 20, 8, 0, tzinfo=UTC)
    assert article.text.startswith(
        "The UK-Japan Cyber Dialogue was held in Tokyo on Tuesday 19 November 2024"
    )
    assert article.text.endswith("to hold the next round of the dialogue in London.")
    assert "Related content" not in article.text


def test_ncsc_summary_cut_at_225_characters_is_not_the_text(
    catalogue: dict[str, Source], fetch: Fetch
) -> None:
    """Quirk: finder summaries stop at 225 characters ("…"); the article page has the text."""
    source = catalogue["govuk-ncsc"]
    assert source.fetch_article
    advisory, charities = items_of(source, fetch)
    assert advisory.title == "NCSC and partners publish joint advisory on ransomware actors"
    assert advisory.url.endswith(ADVISORY)
    assert advisory.published == datetime(2024, 11, 14, 11, 0, tzinfo=UTC)
    assert len(advisory.summary) == 225
    assert advisory.summary.endswith("the practical steps organisations of every size can ta…")
    text = article_of(source, advisory, fetch).text
    assert text.split("\n\n")[0] == (
        "The National Cyber Security Centre and international partners have published a joint "
        "advisory describing the techniques ransomware actors use to break into networks, and "
        "the practical steps organisations of every size can take to defend against them."
    )
    assert "keep offline backups that are tested regularly" in text
    assert charities.title == "New cyber security guidance for small charities"
    assert charities.published == datetime(2024, 11, 5, 9, 0, tzinfo=UTC)
    assert (
        "written for charities without dedicated IT staff"
        in article_of(source, charities, fetch).text
    )


def test_cyber_dialogue_keyword_feed_drops_highlight_markup(
    catalogue: dict[str, Source], fetch: Fetch
) -> None:
    source = catalogue["govuk-cyber-dialogue"]
    japan, seed = items_of(source, fetch)
    assert (japan.title, seed.title) == (
        "UK and Japan hold cyber dialogue in Tokyo",
        "The 4th Republic of Korea-UK Cyber Dialogue",
    )
    assert seed.url.endswith(SEED)
    assert seed.summary == (
        "The 4th Republic of Korea (ROK)-United Kingdom (UK) Cyber Dialogue was held in London on "
        "6 November 2024."
    )
    assert "mark" not in japan.summary


def test_organisation_feed_is_identified_by_url_and_loses_title_prefixes(
    catalogue: dict[str, Source], fetch: Fetch
) -> None:
    """Quirk: entry ids are "<url>#<update time>" and change on every update (identity = "url"
    ignores them); titles carry the display type, which is removed."""
    source = catalogue["govuk-fcdo-org"]
    assert source.identity == "url"
    items = items_of(source, fetch)
    assert [(i.title, i.guid, i.published) for i in items] == [
        (
            "UK and Japan hold cyber dialogue in Tokyo",
            None,
            datetime(2024, 11, 20, 8, 0, tzinfo=UTC),
        ),
        (
            "The 4th Republic of Korea-UK Cyber Dialogue",
            None,
            datetime(2024, 11, 7, 10, 50, tzinfo=UTC),
        ),
        (
            "UK announces humanitarian support for flood-affected communities",
            None,
            datetime(2024, 11, 4, 14, 15, tzinfo=UTC),
        ),
    ]
    assert items[1].url.endswith(SEED)  # the link, not the id with its "#2024-11-07T10:50:00Z"
    assert "held in London on Wednesday 6 November 2024" in article_of(source, items[1], fetch).text
