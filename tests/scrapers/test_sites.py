"""SitePolicy: which URLs a source may have fetched (no request forgery through its feed)."""

from __future__ import annotations

import pytest

from config import Source
from scrapers import SitePolicy, site_policy

FEED = "https://www.gov.uk/search/news.atom"


@pytest.mark.parametrize(
    "url",
    [
        "https://www.gov.uk/government/news/x",
        "http://www.gov.uk/government/news/x",  # http or https: the same site
        "https://gov.uk/government/news/x",  # with or without www.
        "https://WWW.GOV.UK/x",
    ],
)
def test_the_sources_own_site_is_allowed(url: str) -> None:
    assert SitePolicy.for_url(FEED).refusal(url) is None


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("https://evil.example/x", "off the source's site (evil.example"),
        ("https://www.gov.uk.evil.example/x", "off the source's site"),
        ("https://assets.publishing.service.gov.uk/x", "off the source's site"),
        (
            "http://169.254.169.254/latest/meta-data/",
            "a private or local address (169.254.169.254)",
        ),
        ("http://10.0.0.1/admin", "a private or local address (10.0.0.1)"),
        ("http://192.168.1.1/", "a private or local address"),
        ("http://172.16.0.1/", "a private or local address"),
        ("http://127.0.0.1:8080/", "a private or local address"),
        ("http://[::1]/", "a private or local address"),
        ("http://[::ffff:127.0.0.1]/", "a private or local address"),
        ("http://[fe80::1]/", "a private or local address"),
        ("http://0.0.0.0/", "a private or local address"),
        ("http://localhost/", "a private or local address"),
        ("http://admin.localhost/", "a private or local address"),
        ("file:///etc/passwd", "not an http(s) URL (file:)"),
        ("javascript:alert(1)", "not an http(s) URL (javascript:)"),
        ("gopher://www.gov.uk/", "not an http(s) URL"),
        ("http:///nohost", "no host"),
        ("http://[::1/", "not a valid URL"),
    ],
)
def test_other_sites_and_private_addresses_are_refused(url: str, reason: str) -> None:
    refusal = SitePolicy.for_url(FEED).refusal(url)
    assert refusal is not None and refusal.startswith(reason)


def test_allow_hosts_names_a_host_or_a_domain() -> None:
    policy = SitePolicy.for_url(
        "https://api.io.canada.ca/feed", ("www.canada.ca", ".international.gc.ca")
    )
    assert policy.refusal("https://www.canada.ca/en/news.html") is None
    assert policy.refusal("https://canada.ca/en/news.html") is None  # www. or not
    assert policy.refusal("https://international.gc.ca/x") is None
    assert policy.refusal("https://www.international.gc.ca/x") is None
    assert policy.refusal("https://evilinternational.gc.ca/x") is not None
    assert policy.refusal("https://other.canada.ca/x") is not None


def test_a_source_on_a_private_address_may_fetch_private_addresses_of_its_site() -> None:
    policy = SitePolicy.for_url("http://127.0.0.1:8000/feed.xml")
    assert policy.private_ok
    assert policy.refusal("http://127.0.0.1:8000/article/1") is None
    assert policy.refusal("http://127.0.0.1:9999/other-port") is None  # same host
    # still only its own site: another private host is off-site
    assert (policy.refusal("http://169.254.169.254/") or "").startswith("off the source's site")
    assert not policy.refuses_address("127.0.0.1")


def test_resolved_addresses_are_checked_unless_the_source_is_private() -> None:
    public = SitePolicy.for_url(FEED)
    assert public.refuses_address("10.1.2.3")
    assert public.refuses_address("127.0.0.1")
    assert public.refuses_address("::1")
    assert public.refuses_address("169.254.169.254")
    assert not public.refuses_address("151.101.0.144")  # a public address
    assert not public.refuses_address("2a04:4e42::144")


def test_site_policy_of_a_source_includes_its_allow_hosts_and_backfill_host() -> None:
    source = Source(
        name="s",
        kind="feed",
        url="https://api.example.org/feed",
        allow_hosts=("www.example.org",),
        backfill_url="https://archive.example.net/list?page={page}",
    )
    policy = site_policy(source)
    assert policy.refusal("https://www.example.org/a") is None
    assert policy.refusal("https://archive.example.net/a") is None
    assert policy.refusal("https://example.com/a") is not None
