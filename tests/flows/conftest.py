"""Fixture sites on a real HTTP server at 127.0.0.1, and settings pointing at them."""

import asyncio
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from config import FetchSettings, PollSettings, Settings, Source, load_sources
from flows.core.poll import poll_source
from flows.core.runtime import open_runtime
from flows.devtools.demo.server import SITES_DIR, SOURCES_TEMPLATE, FixtureServer, render_sources
from storage import Release, Store


@pytest.fixture
def server() -> Iterator[FixtureServer]:
    with FixtureServer(SITES_DIR, fault_delay=3.0) as running:
        yield running


def write_catalogue(server: FixtureServer, dest: Path, *, extra: str = "") -> Path:
    """The demo catalogue rendered for this server, with ``extra`` sources appended."""
    template = dest.with_suffix(".template.toml")
    template.write_text(SOURCES_TEMPLATE.read_text() + extra)
    return render_sources(template, server.base_url, dest)


def make_settings(tmp_path: Path, catalogue: Path) -> Settings:
    """Fast settings for tests: short timeouts, no retry delay, no pacing, no robots.txt (the
    fixture sites are ours; tests of politeness turn it back on)."""
    return Settings(
        db=tmp_path / "archive.db",
        sources=catalogue,
        fetch=FetchSettings(timeout=1.0, connect_timeout=1.0, rate=1000, robots=False),
        poll=PollSettings(retries=1, retry_delay=0.0),
    )


@pytest.fixture
def settings(server: FixtureServer, tmp_path: Path) -> Settings:
    return make_settings(tmp_path, write_catalogue(server, tmp_path / "sources.toml"))


@pytest.fixture
def settings_for() -> Callable[[Path, Path], Settings]:
    """``settings_for(tmp_path, catalogue)`` for tests that build their own sites."""
    return make_settings


@pytest.fixture
def catalogue_with(tmp_path: Path) -> Callable[[FixtureServer, str], Path]:
    """``catalogue_with(server, extra)``: the demo catalogue plus extra sources."""
    return lambda server, extra: write_catalogue(server, tmp_path / "sources.toml", extra=extra)


@dataclass(frozen=True)
class FixtureRelease:
    """A release on the fixture sites, as the archive must hold it after one poll."""

    path: str  # the URL without the server's base
    publisher: str
    title: str
    published: datetime
    text: str  # a sentence of its body
    original: str | None = None  # an aggregator's copy: the path of the original
    # Other publishers whose feed lists it too: the sources of one poll run side by side, and
    # the release belongs to whichever stores it first (it is stored once either way).
    also_by: tuple[str, ...] = ()


def _utc(stamp: str) -> datetime:
    return datetime.fromisoformat(stamp).astimezone(UTC)


_GOVUK_FCDO = "GOV.UK: Foreign, Commonwealth & Development Office"
_GOVUK_NEWS = "/govuk/government/news/"
_GOVUK_SEARCH = "GOV.UK"  # govuk-cyber-dialogue: gov.uk's search for "cyber dialogue"
_MOFA = "Republic of Korea: Ministry of Foreign Affairs"
SEED_PATH = _GOVUK_NEWS + "the-4th-republic-of-korea-uk-cyber-dialogue"
_AA = "Germany: Federal Foreign Office"
_MEAE = "France: Ministry for Europe and Foreign Affairs"
_EEAS = "European Union: European External Action Service"
FIXTURE_RELEASES = (
    FixtureRelease(
        SEED_PATH,
        _GOVUK_FCDO,
        "The 4th Republic of Korea-UK Cyber Dialogue",
        _utc("2024-11-07T10:50:00+00:00"),
        "The meeting was co-chaired by Andrew Whittaker, Cyber Director in the UK Foreign, "
        "Commonwealth and Development Office (FCDO), and Rhee Dong-yeol",
        also_by=(_GOVUK_SEARCH,),
    ),
    FixtureRelease(
        _GOVUK_NEWS + "uk-and-japan-hold-cyber-dialogue-in-tokyo",
        _GOVUK_FCDO,
        "UK and Japan hold cyber dialogue in Tokyo",
        _utc("2024-11-20T08:00:00+00:00"),
        "hold the next round of the dialogue in London",
        also_by=(_GOVUK_SEARCH,),
    ),
    FixtureRelease(
        _GOVUK_NEWS + "uk-sanctions-ransomware-operators-targeting-british-businesses",
        _GOVUK_FCDO,
        "UK sanctions ransomware operators targeting British businesses",
        _utc("2024-11-12T09:30:00+00:00"),
        "The sanctions freeze the assets of the designated individuals",
    ),
    FixtureRelease(
        _GOVUK_NEWS + "uk-announces-humanitarian-support-for-flood-affected-communities",
        _GOVUK_FCDO,
        "UK announces humanitarian support for flood-affected communities",
        _utc("2024-11-04T14:15:00+00:00"),
        "will fund emergency relief for families displaced by recent flooding",
    ),
    FixtureRelease(
        _GOVUK_NEWS + "ncsc-and-partners-publish-joint-advisory-on-ransomware-actors",
        "GOV.UK: National Cyber Security Centre",
        "NCSC and partners publish joint advisory on ransomware actors",
        _utc("2024-11-14T11:00:00+00:00"),
        "organisations of every size can take to defend against them.",
    ),
    FixtureRelease(
        _GOVUK_NEWS + "new-cyber-security-guidance-for-small-charities",
        "GOV.UK: National Cyber Security Centre",
        "New cyber security guidance for small charities",
        _utc("2024-11-05T09:00:00+00:00"),
        "written for charities without dedicated IT staff",
    ),
    FixtureRelease(
        "/mofa/www/brd/m_5676/view.do?seq=323320",
        _MOFA,
        "Korean Government Provides Humanitarian Assistance to Venezuela Following Earthquake",
        _utc("2026-06-26T08:00:03+00:00"),
        "The government of the Republic of Korea has decided to provide Venezuela with USD5 "
        "million",
    ),
    FixtureRelease(
        "/mofa/www/brd/m_5676/view.do?seq=323319",
        _MOFA,
        "Korean Government Provides Additional Humanitarian Assistance to Venezuela Following "
        "Earthquake",
        _utc("2026-07-14T07:52:44+00:00"),
        "Following its earlier provision of USD 5 million in humanitarian assistance",
    ),
    FixtureRelease(
        "/mofa/www/brd/m_5676/view.do?seq=323318",
        _MOFA,
        "Kim Hee-sang, Former Deputy Minister for Economic Affairs, Appointed as Korea’s New G20 "
        "Sherpa",
        _utc("2026-03-13T01:12:00+00:00"),
        "appointed as Korea’s G20 Sherpa",
    ),
    FixtureRelease(
        "/mofa/www/brd/m_5679/view.do?seq=320200",
        _MOFA,
        "Spokesperson's Press Briefing (July 14, 2026)",
        _utc("2026-07-14T01:11:16+00:00"),
        "Spokesperson and Deputy Minister for Public Affairs Park Il",
    ),
    FixtureRelease(
        "/mofa/www/brd/m_5679/view.do?seq=320199",
        _MOFA,
        "Spokesperson's Press Briefing (July 9, 2026)",
        _utc("2026-07-09T01:16:53+00:00"),
        "Deputy Spokesperson Lee Moonbae July 9, 2026 14:30 KST",
    ),
    FixtureRelease(
        "/mofa/www/brd/m_5679/view.do?seq=320198",
        _MOFA,
        "Spokesperson's Press Briefing (July 7, 2026)",
        _utc("2026-07-06T21:57:47+00:00"),
        "Deputy Spokesperson Lee Moonbae July 7, 2026 14:30 KST",
    ),
    FixtureRelease(
        "/mofa/eng/brd/m_5676/view-321950.html",
        _MOFA,
        "Outcome of the 4th ROK-UK Cyber Dialogue",
        _utc("2024-11-07T00:00:00+00:00"),
        "co-chaired the 4th ROK-UK Cyber Dialogue in London on November 6 (Wed.)",
    ),
    FixtureRelease(
        "/mofa/eng/brd/m_5676/view-321949.html",
        _MOFA,
        "Vice Foreign Minister Holds Strategic Dialogue on Trade and Investment Cooperation",
        _utc("2024-11-05T00:00:00+00:00"),
        "discussed ways to expand cooperation in trade, investment and supply chains",
    ),
    FixtureRelease(
        "/mofa/www/brd/m_4080/view-371950.html",
        _MOFA,
        "제4차 한-영 사이버정책협의회 개최 결과",
        _utc("2024-11-07T00:00:00+00:00"),
        "제4차 한-영 사이버정책협의회를 공동 주재하였다.",
    ),
    FixtureRelease(
        "/mofa/www/brd/m_4080/view-371949.html",
        _MOFA,
        "외교부 차관, 무역·투자 협력 전략대화 개최",
        _utc("2024-11-05T00:00:00+00:00"),
        "무역, 투자, 공급망 분야 협력 확대 방안을 논의하였다.",
    ),
    FixtureRelease(
        "/state/joint-statement-on-the-u-s-japan-cyber-dialogue/",
        "United States: Department of State",
        "Joint Statement on the U.S.-Japan Cyber Dialogue",
        _utc("2024-11-18T21:30:00+00:00"),
        "decided to hold the next dialogue in Washington",
    ),
    FixtureRelease(
        "/state/humanitarian-assistance-for-communities-affected-by-flooding/",
        "United States: Department of State",
        "Humanitarian Assistance for Communities Affected by Flooding",
        _utc("2024-11-13T16:05:00+00:00"),
        "emergency shelter, safe drinking water and health care",
    ),
    FixtureRelease(
        "/mofa-jp/press/release/press4e_900112.html",
        "Japan: Ministry of Foreign Affairs",
        "Japan-UK Cyber Dialogue",
        _utc("2024-11-19T00:00:00+00:00"),
        "1. On November 19, the Japan-UK Cyber Dialogue was held in Tokyo",
    ),
    FixtureRelease(
        "/mofa-jp/press/release/press4e_900098.html",
        "Japan: Ministry of Foreign Affairs",
        "Emergency Grant Aid for Communities Affected by Floods",
        _utc("2024-11-08T00:00:00+00:00"),
        "decided to extend Emergency Grant Aid",
    ),
    FixtureRelease(
        "/eeas/eeas/eu-and-republic-korea-hold-cyber-dialogue_en",
        "European Union: European External Action Service",
        "EU and Republic of Korea hold Cyber Dialogue",
        _utc("2024-11-21T09:15:00+00:00"),
        "held their Cyber Dialogue in Brussels on 20 November 2024",
    ),
    FixtureRelease(
        "/eeas/eeas/statement-spokesperson-floods_en",
        "European Union: European External Action Service",
        "Statement by the Spokesperson on the floods",
        _utc("2024-11-15T17:40:00+00:00"),
        "through its Civil Protection Mechanism",
    ),
    FixtureRelease(
        "/canada/en/global-affairs/news/2024/11/canada-and-germany-hold-cyber-dialogue.html",
        "Canada: Global Affairs Canada",
        "Canada and Germany hold cyber dialogue",
        _utc("2024-11-22T19:30:00+00:00"),
        "met in Ottawa for a bilateral cyber dialogue",
    ),
    FixtureRelease(
        "/canada/en/global-affairs/news/2024/11/"
        "canada-announces-humanitarian-assistance-for-flood-response.html",
        "Canada: Global Affairs Canada",
        "Canada announces humanitarian assistance for flood response",
        _utc("2024-11-12T14:00:00+00:00"),
        "deliver shelter, clean water and health services",
    ),
    FixtureRelease(
        "/dfat/news/news/australia-and-singapore-hold-cyber-and-critical-technology-dialogue",
        "Australia: Department of Foreign Affairs and Trade",
        "Australia and Singapore hold cyber and critical technology dialogue",
        _utc("2024-11-25T22:00:00+00:00"),
        "held a bilateral dialogue on cyber and critical technology in Canberra",
    ),
    FixtureRelease(
        "/dfat/news/news/australian-humanitarian-support-for-flood-affected-communities",
        "Australia: Department of Foreign Affairs and Trade",
        "Australian humanitarian support for flood-affected communities",
        _utc("2024-11-14T04:30:00+00:00"),
        "hygiene kits and clean water",
    ),
    FixtureRelease(
        "/pubt/view/0EE8B98111E08DAD3AFEEF4BF80D0269963743CA",
        "Public Technologies (aggregator)",
        "The 4th Republic of Korea-UK Cyber Dialogue",
        _utc("2024-11-07T00:00:00+00:00"),
        "The meeting was co-chaired by Andrew Whittaker",
        original=SEED_PATH,
    ),
    FixtureRelease(
        "/pubt/view/5B1C0E7A9D2F48E3A6C4B8D1F0E2A7C3B9D4E6F1",
        "Public Technologies (aggregator)",
        "UK announces humanitarian support for flood-affected communities",
        _utc("2024-11-04T00:00:00+00:00"),
        "will fund emergency relief for families displaced by recent flooding",
        original=_GOVUK_NEWS + "uk-announces-humanitarian-support-for-flood-affected-communities",
    ),
    FixtureRelease(
        "/wired-gov/wg/news.nsf/articles/"
        "UK+and+Japan+hold+cyber+dialogue+in+Tokyo+20112024090500?open",
        "Wired-Gov (aggregator)",
        "UK and Japan hold cyber dialogue in Tokyo",
        _utc("2024-11-20T09:05:00+00:00"),
        "hold the next round of the dialogue in London",
        original=_GOVUK_NEWS + "uk-and-japan-hold-cyber-dialogue-in-tokyo",
    ),
    FixtureRelease(
        "/wired-gov/wg/news.nsf/articles/"
        "the+3rd+rokuk+cyber+dialogue+held+in+seoul+27022023141000?open",
        "Wired-Gov (aggregator)",
        "The 3rd ROK-UK Cyber Dialogue held in Seoul",
        _utc("2023-02-27T14:10:00+00:00"),
        "was held in Seoul on Friday 10 February 2023",
    ),
    FixtureRelease(
        "/aa/de/newsroom/deutsch-japanische-cyberkonsultationen-2690001",
        _AA,
        "Deutsch-Japanische Cyberkonsultationen in Berlin",
        _utc("2024-11-27T14:00:00+01:00"),
        "fanden in Berlin die 6. Deutsch-Japanischen Cyberkonsultationen statt",
    ),
    FixtureRelease(
        "/aa/de/newsroom/ueberschwemmungen-spanien-2689950",
        _AA,
        "Außenministerin zu den Überschwemmungen in Spanien",
        _utc("2024-11-01T11:30:00+01:00"),
        "Deutschland steht bereit, Hilfe zu leisten.",
    ),
    FixtureRelease(
        "/aa/en/newsroom/news/german-japanese-cyber-consultations-2690010",
        _AA,
        "German-Japanese Cyber Consultations held in Berlin",
        _utc("2024-11-27T16:00:00+01:00"),
        "The next consultations are to be held in Tokyo in 2025.",
    ),
    FixtureRelease(
        "/eu-council/en/press/press-releases/2024/12/03/eu-japan-cyber-dialogue/",
        "European Union: Council of the EU",
        "EU-Japan Cyber Dialogue: joint press release",
        _utc("2024-12-03T10:00:00+00:00"),
        "held the fourth EU-Japan Cyber Dialogue in Brussels on 3 December 2024",
    ),
    FixtureRelease(
        "/ec/commission/presscorner/detail/en/ip_24_6100",
        "European Union: European Commission",
        "EU and Singapore hold first Cyber Dialogue",
        _utc("2024-12-04T00:00:00+00:00"),
        "held their first Cyber Dialogue in Singapore on 4 December 2024",
    ),
    FixtureRelease(
        "/ec/commission/presscorner/detail/en/statement_24_6050",
        "European Union: European Commission",
        "Statement by the Commission on flood relief funding",
        _utc("2024-11-29T00:00:00+00:00"),
        "mobilise emergency funding",
    ),
    FixtureRelease(
        "/csa/news-events/press-releases/singapore-and-the-united-kingdom-hold-cyber-dialogue/",
        "Singapore: Cyber Security Agency",
        "Singapore and the United Kingdom hold Cyber Dialogue",
        _utc("2024-11-22T00:00:00+00:00"),  # from the page, not the sitemap's lastmod
        "held the third Singapore-UK Cyber Dialogue in Singapore",
    ),
    FixtureRelease(
        "/mfa-sg/newsroom/press-statements-transcripts-and-photos/"
        "joint-press-statement-on-the-singapore-japan-cyber-policy-dialogue/",
        "Singapore: Ministry of Foreign Affairs",
        "Joint Press Statement on the Singapore-Japan Cyber Policy Dialogue",
        _utc("2024-11-29T00:00:00+00:00"),
        "held the second Singapore-Japan Cyber Policy Dialogue in Tokyo",
    ),
    FixtureRelease(
        "/nl/ministeries/ministerie-van-buitenlandse-zaken/nieuws/2024/11/25/"
        "nederland-en-zuid-korea-houden-eerste-cyberdialoog",
        "Netherlands: Government of the Netherlands",
        "Nederland en Zuid-Korea houden eerste cyberdialoog",
        _utc("2024-11-25T23:00:00+00:00"),  # Amsterdam midnight, 26 November
        "in Den Haag hun eerste cyberdialoog gehouden",
    ),
    FixtureRelease(
        "/fr/en/presse-et-ressources/decouvrir-et-informer/actualites/dialogue-cyber-franco-indien",
        _MEAE,
        "France and India hold cyber dialogue",
        _utc("2024-11-28T00:00:00+00:00"),
        "France and India held their cyber dialogue in Paris on 28 November 2024",
    ),
    FixtureRelease(
        "/fr/fr/presse-et-ressources/decouvrir-et-informer/actualites/dialogue-cyber-franco-indien",
        _MEAE,
        "Tenue du dialogue cyber franco-indien (28 novembre 2024)",
        _utc("2024-11-28T00:00:00+00:00"),
        "La France et l’Inde ont tenu leur dialogue cyber à Paris",
    ),
    FixtureRelease(
        "/es/es/Comunicacion/NotasPrensa/Paginas/2024_NOTAS_P/20241129_NOTA101.aspx",
        "Spain: Ministry of Foreign Affairs, European Union and Cooperation",
        "Celebrado en Madrid el primer diálogo sobre ciberseguridad entre España y la "
        "República de Corea",
        _utc("2024-11-29T00:00:00+00:00"),
        "celebraron el 29 de noviembre de 2024 en Madrid su primer diálogo",
    ),
    FixtureRelease(
        "/mofa-jp/mofaj/press/release/press4_009912.html",
        "Japan: Ministry of Foreign Affairs",
        "第8回日英サイバー対話の開催",
        _utc("2024-11-19T00:00:00+00:00"),
        "東京において第8回日英サイバー対話が開催されました",
    ),
    FixtureRelease(
        "/mofa-jp/mofaj/ic/ghp/page4_006100.html",
        "Japan: Ministry of Foreign Affairs",
        "洪水被害に対する緊急無償資金協力",
        _utc("2024-11-08T00:00:00+00:00"),
        "緊急無償資金協力を実施することを決定しました",
    ),
    FixtureRelease(
        "/eeas/eeas/eu-and-brazil-hold-fourth-cyber-dialogue_en",
        _EEAS,
        "EU and Brazil hold fourth Cyber Dialogue",
        _utc("2024-12-02T00:00:00+00:00"),
        "held their fourth Cyber Dialogue in Brasília on 2 December 2024",
    ),
    FixtureRelease(
        "/ec/commission/presscorner/detail/en/statement_24_6200",
        _EEAS,
        "Joint statement on support for flood-affected regions",
        _utc("2024-11-28T00:00:00+00:00"),
        "support for regions affected by the recent floods",
    ),
    FixtureRelease(
        "/au-fm/minister/media-release/australia-india-cyber-and-critical-technology-dialogue",
        "Australia: Minister for Foreign Affairs",
        "Australia-India Cyber and Critical Technology Dialogue",
        _utc("2024-11-30T10:00:00+11:00"),
        "held the fourth Australia-India Cyber and Critical Technology Dialogue in Canberra",
    ),
)


@pytest.fixture
def fixture_releases() -> tuple[FixtureRelease, ...]:
    """Every release on the fixture sites (stored once each, whichever sources list it)."""
    return FIXTURE_RELEASES


CheckArchive = Callable[[Store, tuple[Source, ...], str], dict[str, Release]]


@pytest.fixture
def check_fixture_releases() -> CheckArchive:
    """``check(store, sources, base_url)``: asserts the archive holds every fixture release
    exactly once, as FIXTURE_RELEASES describes it; returns the releases by path."""
    return _check_fixture_releases


def _check_fixture_releases(
    store: Store, sources: tuple[Source, ...], base_url: str
) -> dict[str, Release]:
    """Each fixture release is stored exactly once with its publisher, title, date and text;
    return the stored releases by path."""
    publishers = {s.name: s.publisher for s in sources}
    stored = [store.release(i) for i in range(1, store.count_releases() + 1)]
    by_path: dict[str, Release] = {}
    for release in stored:
        path = release.url.removeprefix(base_url)
        assert path not in by_path, f"stored twice: {path}"
        by_path[path] = release
    assert sorted(by_path) == sorted(r.path for r in FIXTURE_RELEASES)
    for expected in FIXTURE_RELEASES:
        release = by_path[expected.path]
        assert publishers[release.source] in (expected.publisher, *expected.also_by), expected.path
        assert release.title == expected.title, expected.path
        assert release.published == expected.published, expected.path
        assert expected.text in release.body, expected.path
        original = base_url + expected.original if expected.original else None
        assert release.original_url == original, expected.path
    return by_path


@pytest.fixture
def archive(settings: Settings) -> Settings:
    """Settings whose archive holds one poll of every fixture source, made without Prefect."""

    async def fill() -> None:
        async with open_runtime(settings) as runtime:
            for source in load_sources(settings.sources):
                await poll_source(
                    source,
                    fetcher=runtime.fetcher,
                    store=runtime.store,
                    settings=settings,
                    now=datetime(2026, 11, 28, tzinfo=UTC),
                )

    asyncio.run(fill())
    return settings
