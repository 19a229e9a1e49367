"""The source catalogue: valid catalogues load, broken ones are refused with file, source, field."""

import re
from dataclasses import replace
from pathlib import Path

import pytest
from pydantic import ValidationError

from config import EVIDENCE, ConfigError, Source, builtin_sources, load_sources

FEED = '[[source]]\nname = "a"\nkind = "feed"\nurl = "https://x.org/feed"\n'
HTML_SOURCE = """
[[source]]
name = "board"
kind = "html"
url = "https://example.org/list"
item = "table tbody tr"
title = "td.title a"
link = "td.title a"
date = "td.date"
body = ".bo_con"
date_format = "%Y-%m-%d"
"""
JSON_SOURCE = '[[source]]\nname = "a"\nkind = "json"\nurl = "https://x.org/api"\nitem = "data"\n'
JSON_SOURCE += 'title = "title"\n'


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sources.toml"
    path.write_text(text)
    return path


def test_builtin_catalogue_loads() -> None:
    sources = load_sources(builtin_sources())
    names = [s.name for s in sources]
    assert "govuk-fcdo" in names
    assert len(names) == len(set(names))
    assert all(s.url.startswith(("http://", "https://")) for s in sources)


def test_builtin_catalogue_covers_the_governments_holding_cyber_dialogues() -> None:
    sources = load_sources(builtin_sources())
    assert len(sources) >= 14
    publishers = {s.publisher.split(":")[0] for s in sources if s.publisher}
    assert publishers >= {
        "GOV.UK",
        "Republic of Korea",
        "United States",
        "Japan",
        "European Union",
        "Canada",
        "Australia",
        "Public Technologies (aggregator)",
        "Wired-Gov (aggregator)",
    }
    assert {s.name for s in sources if s.aggregator} == {"pubt-io", "wired-gov"}
    assert all(s.original_link for s in sources if s.aggregator)


def test_each_builtin_source_cites_its_evidence() -> None:
    """Every [[source]] carries a comment citing the research's section and evidence tag, and
    names its evidence level; only sources built on real captures, the publisher's code or
    several agreeing scrapers are enabled; a disabled one says why, in its comment and in
    ``disabled_reason``."""
    blocks = builtin_sources().read_text(encoding="utf-8").split("\n[[source]]\n")[1:]
    sources = load_sources(builtin_sources())
    assert len(blocks) == len(sources)
    for block, source in zip(blocks, sources, strict=True):
        comment = " ".join(
            line.removeprefix("#").strip()
            for line in block.splitlines()
            if line.startswith("#") and not line.startswith("# ---")
        )
        assert re.search(r"\[(more )?§?\d(\.\d)?", comment), source.name
        assert re.search(r"\b(RAW|SRC|TEXT|INFERRED|UNVERIFIED)\b", comment), source.name
        assert source.evidence in EVIDENCE, source.name
        if source.enabled:
            assert "UNVERIFIED" not in comment, source.name
            assert source.evidence in ("real-capture", "publisher-code", "several-scrapers")
            assert source.disabled_reason is None, source.name
        else:
            assert "Disabled" in comment, source.name
            assert source.disabled_reason, source.name


def test_builtin_catalogue_reads_the_seven_languages_from_fifteen_publishers() -> None:
    sources = [s for s in load_sources(builtin_sources()) if s.publisher]
    assert len(sources) >= 25
    assert {s.language for s in sources} == {"en", "ko", "ja", "de", "fr", "nl", "es"}
    # GOV.UK's departments count as one publisher
    publishers = {
        "GOV.UK" if (s.publisher or "").startswith("GOV.UK") else s.publisher for s in sources
    }
    assert len(publishers) >= 15
    assert {s.kind for s in sources} == {"feed", "html", "sitemap", "json"}


def test_json_field_paths_are_not_read_as_css_selectors(tmp_path: Path) -> None:
    text = JSON_SOURCE.replace('"data"', '"feed.entry"') + 'link = "links.0.href"\n'
    (source,) = load_sources(write(tmp_path, text))
    assert (source.kind, source.item, source.link) == ("json", "feed.entry", "links.0.href")


def test_html_source_keeps_its_selectors(tmp_path: Path) -> None:
    (source,) = load_sources(write(tmp_path, HTML_SOURCE))
    assert source.kind == "html"
    assert source.item == "table tbody tr"
    assert source.date_format == "%Y-%m-%d"
    assert source.fetch_article is True
    assert source.host == "example.org"


@pytest.mark.parametrize(
    ("text", "field", "message"),
    [
        ('[[source]]\nname = "a"\nkind = "rss2"\nurl = "https://x.org"\n', "kind", "unknown kind"),
        ('[[source]]\nname = "a"\nkind = "feed"\n', "url", "missing"),
        ('[[source]]\nname = "a"\nkind = "feed"\nurl = "ftp://x.org"\n', "url", "http"),
        (HTML_SOURCE.replace('"td.title a"\ndate', '"td >> a"\ndate'), "link", "does not parse"),
        (HTML_SOURCE.replace('item = "table tbody tr"\n', ""), "item", "required"),
        (
            '[[source]]\nname = "a"\nkind = "feed"\nurl = "https://x.org"\nfoo = 1\n',
            "foo",
            "unknown",
        ),
        (
            '[[source]]\nname = "a"\nkind = "feed"\nurl = "https://x.org"\nenabled = "no"\n',
            "enabled",
            "must be a bool",
        ),
        (FEED + 'identity = "id"\n', "identity", "unknown identity 'id'"),
        (FEED + 'aggregator = "yes"\n', "aggregator", "must be a bool"),
        (FEED + 'original_link = ".src a"\n', "original_link", "only for aggregator = true"),
        (
            FEED + 'aggregator = true\noriginal_link = ".src a"\nfetch_article = false\n',
            "original_link",
            "fetch_article = false",
        ),
        (
            FEED + 'article_date = ".date"\nfetch_article = false\n',
            "article_date",
            "fetch_article = false",
        ),
        (FEED + 'article_date = "p >> b"\n', "article_date", "does not parse"),
        (FEED + "date_from_url = '(?P<y>\\d{4})('\n", "date_from_url", "does not compile"),
        (
            FEED + "date_from_url = '(?P<y>\\d{4})(?P<m>\\d{2})'\n",
            "date_from_url",
            "missing: d",
        ),
        ('[[source]]\nname = "a"\nurl = "https://x.org"\n', "kind", "missing"),
        ('[[source]]\nname = "a"\nkind = ""\nurl = "https://x.org"\n', "kind", "missing"),
        ('[[source]]\nname = "a"\nkind = "feed"\nurl = ""\n', "url", "missing"),
        (FEED + "language = 2\n", "language", "must be a str, not int"),
        (FEED + 'identity = ["url"]\n', "identity", "must be a str, not list"),
        (FEED.replace('"feed"\n', '"feed"\ntitle = "td >> a"\n'), "title", "does not parse"),
        (FEED + 'evidence = "trust me"\n', "evidence", "unknown evidence 'trust me'"),
        (FEED + 'disabled_reason = "broken"\n', "disabled_reason", "only for enabled = false"),
        (FEED + "url_filter = '/news/('\n", "url_filter", "does not compile"),
        (FEED + 'exclude_selectors = [".share", "p >> b"]\n', "exclude_selectors", "p >> b"),
        (FEED + 'exclude_selectors = ".share"\n', "exclude_selectors", "tuple"),
        (FEED + 'link_template = "{{ ref }}"\n', "link_template", "only for kind = 'json'"),
        (JSON_SOURCE + 'link_template = "{{ ref "\n', "link_template", "does not parse"),
        (JSON_SOURCE, "link", "needs link or link_template"),
        (JSON_SOURCE.replace('item = "data"\n', ""), "item", "required for kind = 'json'"),
        (
            '[[source]]\nname = "a"\nkind = "sitemap"\nurl = "https://x.org/sitemap.xml"\n'
            "fetch_article = false\n",
            "fetch_article",
            "titles are on the pages",
        ),
    ],
)
def test_broken_source_is_refused_naming_file_source_and_field(
    tmp_path: Path, text: str, field: str, message: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as err:
        load_sources(path)
    error = err.value
    assert error.path == str(path)
    assert error.field == field
    assert message in str(error)
    assert str(path) in str(error)
    assert error.source in ("a", "board")


def test_duplicate_name_is_refused(tmp_path: Path) -> None:
    one = '[[source]]\nname = "dup"\nkind = "feed"\nurl = "https://x.org/{}"\n'
    path = write(tmp_path, one.format(1) + one.format(2))
    with pytest.raises(ConfigError, match=r"source 'dup': field 'name': duplicate name"):
        load_sources(path)


def test_not_toml_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "<html>not toml</html>")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_sources(path)


def test_missing_name_is_reported_by_position(tmp_path: Path) -> None:
    path = write(tmp_path, '[[source]]\nkind = "feed"\nurl = "https://x.org"\n')
    with pytest.raises(ConfigError, match=r"source '#1': field 'name': missing or empty"):
        load_sources(path)
    path = write(tmp_path, FEED + '[[source]]\nname = " "\nkind = "feed"\nurl = "https://x.org"\n')
    with pytest.raises(ConfigError, match=r"source '#2': field 'name': missing or empty"):
        load_sources(path)


def test_an_unknown_key_is_refused_listing_the_known_ones(tmp_path: Path) -> None:
    path = write(tmp_path, FEED + 'selector = "li"\n')
    with pytest.raises(ConfigError) as err:
        load_sources(path)
    assert err.value.field == "selector"
    assert err.value.message.startswith(
        "unknown key (known: aggregator, allow_hosts, article_date, backfill_url,"
    )


def test_a_misspelt_key_is_named_rather_than_the_key_it_leaves_missing(tmp_path: Path) -> None:
    path = write(tmp_path, FEED.replace("kind =", "knd ="))
    with pytest.raises(ConfigError) as err:
        load_sources(path)
    assert (err.value.source, err.value.field) == ("a", "knd")
    assert err.value.message.startswith("unknown key")


def test_a_source_that_is_not_a_table_is_refused_by_position(tmp_path: Path) -> None:
    path = write(tmp_path, 'source = ["https://x.org"]\n')
    with pytest.raises(ConfigError, match=r"source '#1': must be a table"):
        load_sources(path)


def test_a_source_built_in_code_is_checked_too() -> None:
    """Source checks itself when made, so tests and tools cannot build a broken one."""
    feed = Source(name="a", kind="feed", url="https://x.org/feed")
    with pytest.raises(ValidationError, match="required for kind = 'html'"):
        Source(name="b", kind="html", url="https://x.org/list", item="li")
    with pytest.raises(ValidationError, match="not an http"):
        replace(feed, url="ftp://x.org/feed")
    with pytest.raises(ValidationError, match="Unexpected keyword argument"):
        Source(name="c", kind="feed", url="https://x.org", selector="li")  # type: ignore[call-arg]
    assert replace(feed, url="https://y.org/feed").host == "y.org"


def test_a_source_is_frozen_and_hashable() -> None:
    feed = Source(name="a", kind="feed", url="https://x.org/feed")
    with pytest.raises(AttributeError):
        feed.name = "b"  # type: ignore[misc]
    assert {feed, Source(name="a", kind="feed", url="https://x.org/feed")} == {feed}


def test_missing_catalogue_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_sources(tmp_path / "absent.toml")


def test_publisher_quirk_keys(tmp_path: Path) -> None:
    text = (
        FEED
        + 'identity = "url"\naggregator = true\noriginal_link = ".original a"\n'
        + "date_from_url = '\\+(?P<d>\\d{2})(?P<m>\\d{2})(?P<y>\\d{4})'\n"
        + 'article_date = "time"\n'
    )
    (source,) = load_sources(write(tmp_path, text))
    assert source.identity == "url"
    assert source.aggregator is True
    assert source.original_link == ".original a"
    assert source.date_from_url == r"\+(?P<d>\d{2})(?P<m>\d{2})(?P<y>\d{4})"
    assert source.article_date == "time"
    (plain,) = load_sources(write(tmp_path, FEED))
    assert (plain.identity, plain.aggregator, plain.original_link) == ("guid", False, None)
