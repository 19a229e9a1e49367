"""Whose site a release is on: a government's own (official) or an aggregator's, news or blog."""

from __future__ import annotations

from urllib.parse import urlsplit

from scrapers.analysis.rules import Rules


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower().removeprefix("www.")


def is_aggregator(url: str, rules: Rules) -> bool:
    return _under(host_of(url), rules.aggregators)


def is_official(url: str, rules: Rules, *, listed: bool = False) -> bool:
    """A release is official on a government's site: a host under one of the ``official``
    domains, or (``listed``) any source of the catalogue, which lists official publishers;
    never on an aggregator's, news or blog host."""
    host = host_of(url)
    if _under(host, rules.aggregators):
        return False
    return listed or _under(host, rules.official)


def _under(host: str, domains: tuple[str, ...]) -> bool:
    labels = host.split(".")
    return any(".".join(labels[i:]) in domains for i in range(len(labels)))
