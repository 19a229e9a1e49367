"""The fixture catalogue is the built-in catalogue pointed at the fixture sites, so the tests
exercise the real configuration: same names, same fields, only the URLs moved to 127.0.0.1."""

from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

from config import Source, builtin_sources, load_sources
from flows.devtools.demo.server import SITES_DIR, SOURCES_TEMPLATE, render_sources

BASE = "http://127.0.0.1:9"  # rendered only, never contacted
# Publisher host -> fixture site directory under flows/devtools/demo/sites/.
SITE_DIRS = {
    "www.gov.uk": "govuk",
    "www.mofa.go.kr": "mofa",
    "www.state.gov": "state",
    "www.mofa.go.jp": "mofa-jp",
    "www.eeas.europa.eu": "eeas",
    "api.io.canada.ca": "canada",
    "www.dfat.gov.au": "dfat",
    "pubt.io": "pubt",
    "wired-gov.net": "wired-gov",
    "www.auswaertiges-amt.de": "aa",
    "www.consilium.europa.eu": "eu-council",
    "ec.europa.eu": "ec",
    "www.csa.gov.sg": "csa",
    "www.mfa.gov.sg": "mfa-sg",
    "www.rijksoverheid.nl": "nl",
    "www.diplomatie.gouv.fr": "fr",
    "www.exteriores.gob.es": "es",
    "www.foreignminister.gov.au": "au-fm",
}
# Fixture paths that differ from the publisher's path, and why (also in PROVENANCE.md): the
# server ignores the query, so sources sharing a path need their own files, and it types files
# by extension, so feeds at extensionless or trailing-slash paths get one.
RENAMED = {
    "govuk-ncsc": (
        "/search/news-and-communications.atom",
        "/search/news-and-communications-ncsc.atom",
    ),
    "govuk-cyber-dialogue": (
        "/search/news-and-communications.atom",
        "/search/news-and-communications-cyber-dialogue.atom",
    ),
    "mofa-kr-press-releases": ("/www/brd/rss.do", "/www/brd/rss_302.rss"),
    "mofa-kr-press-briefings": ("/www/brd/rss.do", "/www/brd/rss_303.rss"),
    "us-state-press-releases": (
        "/rss-feed/press-releases/feed/",
        "/rss-feed/press-releases/feed.rss",
    ),
    "eu-eeas-press": ("/rss-feed/press_en", "/rss-feed/press_en.rss"),
    "canada-gac-news": ("/io-server/gc/news/en/v2", "/io-server/gc/news/en/v2.atom"),
    "wired-gov": ("/wg/news.nsf/home", "/wg/news.nsf/home.rss"),
}


def fixture_url(name: str, real: str) -> str:
    parts = urlsplit(real)
    path = parts.path
    if name in RENAMED:
        original, renamed = RENAMED[name]
        assert path == original, name
        path = renamed
    query = f"?{parts.query}" if parts.query else ""
    return f"{BASE}/{SITE_DIRS[parts.hostname or '']}{path}{query}"


def fixture_catalogue(tmp_path: Path) -> dict[str, Source]:
    rendered = render_sources(SOURCES_TEMPLATE, BASE, tmp_path / "sources.toml")
    return {source.name: source for source in load_sources(rendered)}


def test_every_builtin_source_has_a_fixture_twin_with_the_same_fields(tmp_path: Path) -> None:
    builtin = load_sources(builtin_sources())
    fixtures = fixture_catalogue(tmp_path)
    assert [s.name for s in builtin] == list(fixtures)
    for source in builtin:
        twin = fixtures[source.name]
        assert twin.url == fixture_url(source.name, source.url)
        if source.backfill_url:
            assert twin.backfill_url == fixture_url(source.name, source.backfill_url)
        assert replace(twin, url=source.url, backfill_url=source.backfill_url) == source


def test_every_fixture_site_is_documented(tmp_path: Path) -> None:
    provenance = (SITES_DIR / "PROVENANCE.md").read_text(encoding="utf-8")
    for directory in SITE_DIRS.values():
        assert (SITES_DIR / directory).is_dir(), directory
        assert f"`{directory}/" in provenance, directory
    for name, (_, renamed) in RENAMED.items():
        twin = fixture_catalogue(tmp_path)[name]
        site = twin.url.removeprefix(BASE + "/").split("/")[0]
        assert f"`{site}{renamed}`" in provenance, name


def test_every_fixture_file_says_where_it_comes_from() -> None:
    """Each fixture file is a real copy listed in PROVENANCE.md, or says at its top that it is
    synthetic and on which part of sources.md it is built."""
    provenance = (SITES_DIR / "PROVENANCE.md").read_text(encoding="utf-8")
    files = [p for d in SITE_DIRS.values() for p in sorted((SITES_DIR / d).rglob("*"))]
    assert len(files) > 40
    for path in files:
        if not path.is_file() or path.suffix == ".md":
            continue
        relative = path.relative_to(SITES_DIR).as_posix()
        head = path.read_text(encoding="utf-8")[:2000]
        if f"| `{relative}` | **real copy** |" in provenance:
            continue
        assert "Synthetic" in head or "SYNTHETIC" in head, relative
        assert "sources.md" in head or "sources-more.md" in head, relative
