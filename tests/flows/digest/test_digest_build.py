"""What a channel's digest holds, built from an archive filled from the fixture sites: one entry
per event, archive material left out, the first window, the channel filters, source health."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from config import ChannelSettings, Settings, Source, load_sources
from flows.digest.build import Built, build_digest
from flows.digest.health import source_health
from flows.digest.outbox import Context, compose
from flows.digest.parties import ordered_parties
from scrapers.analysis import Rules
from storage import SourceState, Store

from .conftest import SmtpServer
from .outbox_helpers import FILLED_AT, FRANCE_JAPAN, SEED, add_release, fill, with_email

NOW = FILLED_AT + timedelta(hours=1)
EVERYTHING = ChannelSettings(name="all", kind="email")
SEED_PATHS = [
    "/govuk/government/news/the-4th-republic-of-korea-uk-cyber-dialogue",
    "/mofa/eng/brd/m_5676/view-321950.html",
    "/mofa/www/brd/m_4080/view-371950.html",
    "/pubt/view/0EE8B98111E08DAD3AFEEF4BF80D0269963743CA",
]
SANCTIONS = "UK sanctions ransomware operators targeting British businesses"


def build(
    settings: Settings,
    channel: ChannelSettings = EVERYTHING,
    *,
    now: datetime = NOW,
    days: int | None = None,
) -> Built:
    since = now - timedelta(days=days or settings.digest.first_window_days)
    with Store.open(settings.db) as store:
        return build_digest(
            store,
            channel,
            settings,
            since=since,
            window=since,
            now=now,
            sources=load_sources(settings.sources),
            rules=Rules.compile(settings.analysis),
        )


def headlines(built: Built) -> list[str]:
    return [event.headline for event in built.digest.events]


@pytest.mark.slow
def test_the_seed_event_is_one_entry_with_every_release_official_first(
    settings: Settings,
) -> None:
    fill(settings)
    built = build(settings)
    (seed,) = [e for e in built.digest.events if e.headline == SEED]
    assert sum("4th Republic of Korea-UK" in h for h in headlines(built)) == 1
    paths = ["/" + link.url.split("/", 3)[3] for link in seed.links]
    assert paths == SEED_PATHS
    assert [link.official for link in seed.links] == [True, True, True, False]
    assert seed.links[-1].publisher == "Public Technologies (aggregator)"
    assert [p.name for p in seed.parties] == ["Republic of Korea", "UK"]
    assert (seed.round, seed.location, str(seed.held_on)) == (4, "London", "2024-11-06")
    assert [c.name for c in seed.chairs] == ["Andrew Whittaker", "Rhee Dong-yeol"]
    assert seed.chairs[1].title.endswith("(MOFA)")
    assert "pall-mall-process" in seed.topics and "ransomware" in seed.topics
    assert seed.excerpt.startswith("The 4th Republic of Korea (ROK)-United Kingdom (UK) Cyber")
    assert 2 <= seed.excerpt.count(". ") + 1 <= 3
    seed_items = [i for i in built.items if i.kind == "event"]
    assert len(seed_items) == len(built.digest.events) == 17
    assert len([i for i in built.items if i.kind == "link"]) == 25
    others = [r.title for r in built.digest.other_releases]
    assert others == [
        SANCTIONS,
        "NCSC and partners publish joint advisory on ransomware actors",
        "New cyber security guidance for small charities",
    ]  # the floods, the briefings and the trade dialogue are not cyber
    enabled = sum(s.enabled for s in load_sources(settings.sources))
    assert built.digest.health.total == enabled == 13 and built.digest.health.all_healthy


@pytest.mark.slow
def test_backfilled_and_imported_releases_enter_no_digest_unless_asked(
    settings: Settings,
) -> None:
    fill(settings)
    for origin in ("backfill", "import"):
        add_release(
            settings,
            f"https://www.diplomatie.gouv.fr/en/{origin}/france-japan-cyber-dialogue",
            "The 1st France-Japan Cyber Dialogue",
            FRANCE_JAPAN,
            origin=origin,  # type: ignore[arg-type]
            now=NOW,
        )
    add_release(
        settings,
        "https://www.ncsc.gov.uk/news/imported-cyber-advisory",
        "Imported cyber advisory",
        "The NCSC published a cyber advisory about ransomware.",
        origin="import",
        now=NOW,
    )
    plain = build(settings, now=NOW + timedelta(minutes=1))
    assert not any("France-Japan" in h for h in headlines(plain))
    assert "Imported cyber advisory" not in [r.title for r in plain.digest.other_releases]
    archive = build(
        settings.model_copy(
            update={"digest": settings.digest.model_copy(update={"include_archive": True})}
        ),
        now=NOW + timedelta(minutes=1),
    )
    assert sum("France-Japan" in h for h in headlines(archive)) == 1  # two releases, one event
    assert "Imported cyber advisory" in [r.title for r in archive.digest.other_releases]


@pytest.mark.slow
def test_a_first_digest_covers_the_first_window(settings: Settings) -> None:
    fill(settings)
    later = FILLED_AT + timedelta(days=8)
    assert build(settings, now=later).digest.is_empty
    assert len(build(settings, now=later, days=10).digest.events) == 17


@pytest.mark.slow
def test_channel_filters_by_parties_topics_and_score(settings: Settings) -> None:
    fill(settings)
    korea = build(settings, ChannelSettings(name="k", kind="email", parties=("KR",)))
    assert headlines(korea) == [
        "3rd Republic of Korea-UK Cyber Dialogue, Seoul, 10 February 2023",
        SEED,
        "EU-Republic of Korea Cyber Dialogue, Brussels, 20 November 2024",
        # the Dutch release's title: "Nederland en Zuid-Korea houden eerste cyberdialoog"
        "1st Netherlands-Republic of Korea Cyber Dialogue, The Hague, 26 November 2024",
        # the Spanish release: "la República de Corea" is ISO 3166's official name in Spanish
        "1st Spain-Republic of Korea Cyber Dialogue, Madrid, 29 November 2024",
    ]
    assert korea.digest.other_releases == ()  # their parties are not known
    pall_mall_process = ChannelSettings(name="p", kind="email", topics=("Pall-Mall-Process",))
    pall_mall = build(settings, pall_mall_process)
    assert headlines(pall_mall) == [SEED, "France-India Cyber Dialogue, Paris, 28 November 2024"]
    ransomware = build(settings, ChannelSettings(name="r", kind="email", topics=("ransomware",)))
    assert len(ransomware.digest.events) == 12
    assert [r.title for r in ransomware.digest.other_releases] == [
        SANCTIONS,
        "NCSC and partners publish joint advisory on ransomware actors",
    ]
    everything = build(settings, ChannelSettings(name="a", kind="email"))
    strict = build(settings, ChannelSettings(name="s", kind="email", min_score=0.98))
    # The events scored at least 0.98 (the calibrated score of their best release), in order.
    wanted = [e.headline for e in everything.digest.events if e.score >= 0.98]
    assert [e.headline for e in strict.digest.events] == wanted
    assert 0 < len(wanted) < len(everything.digest.events)
    assert strict.digest.other_releases == ()


@pytest.mark.slow
def test_a_channel_is_given_only_what_its_filter_lets_through(
    settings: Settings, smtp: SmtpServer
) -> None:
    fill(settings)
    korea = ChannelSettings(name="korea", kind="email", parties=("KR",))
    configured = with_email(settings, smtp)
    configured = configured.model_copy(
        update={"digest": configured.digest.model_copy(update={"channels": (korea,)})}
    )
    with Store.open(settings.db) as store:
        record = compose(store, korea, Context.load(configured, now=NOW)).record
        assert record is not None and (record.events, record.releases) == (5, 0)
        kinds = [d.item.kind for d in store.deliveries("korea")]
        assert kinds.count("event") == 5 and "release" not in kinds
        assert store.deliveries("email") == []


def test_parties_are_named_in_the_order_the_title_names_them() -> None:
    assert ordered_parties(("GB", "KR"), "The 4th Republic of Korea-UK Cyber Dialogue") == (
        "KR",
        "GB",
    )
    assert ordered_parties(("JP", "US"), "Joint Statement on the U.S.-Japan Cyber Dialogue") == (
        "US",
        "JP",
    )
    assert ordered_parties(("GB", "KR"), "제4차 한-영 사이버정책협의회") == ("GB", "KR")


@pytest.mark.parametrize(
    ("codes", "title", "ordered"),
    [
        (("KR", "NL"), "Nederland en Zuid-Korea houden eerste cyberdialoog", ("NL", "KR")),
        (("AR", "US"), "Estados Unidos y Argentina celebran su diálogo cibernético", ("US", "AR")),
        (("CH", "US"), "Dialogue américano-suisse sur le cyberespace", ("US", "CH")),
        (("FR", "IN"), "Indo-French Cyber Dialogue", ("IN", "FR")),
        (("DE", "RU"), "Die 2. Runde der russisch-deutschen Konsultationen", ("RU", "DE")),
    ],
)
def test_titles_name_parties_by_any_name_cldr_gives(
    codes: tuple[str, ...], title: str, ordered: tuple[str, ...]
) -> None:
    """The order comes from every name the analysis knows (CLDR's, in each language, with its
    inflections and combining forms), not only the parties table's English ones."""
    assert ordered_parties(codes, title) == ordered
    assert ordered_parties(tuple(reversed(codes)), title) == ordered


def test_source_health_names_failing_and_silent_sources() -> None:
    now = datetime(2026, 11, 28, 9, tzinfo=UTC)
    day = timedelta(days=1)
    sources = [
        Source(name=name, kind="feed", url=f"https://example.org/{name}")
        for name in ("ok", "failing", "drifting", "stale", "quiet", "never")
    ] + [Source(name="off", kind="feed", url="https://example.org/off", enabled=False)]
    states = [
        SourceState(name="ok", last_success=now - day, last_attempt=now - day),
        SourceState(
            name="failing",
            last_success=now - 3 * day,
            last_error="HTTP 503 from example.org",
            consecutive_failures=3,
        ),
        SourceState(
            name="drifting", last_success=now - day, empty_polls=4, drift_since=now - 2 * day
        ),
        SourceState(name="stale", last_success=now - 20 * day),
        SourceState(name="quiet", last_success=now - day),
        SourceState(name="off", consecutive_failures=9, last_error="down"),
    ]
    newest = {"ok": now - 2 * day, "quiet": now - 30 * day}
    health = source_health(sources, states, newest, now=now, silent_after=14 * day, drift_after=3)
    assert health.total == 6 and health.healthy == 1
    (failing,) = health.failing
    assert failing.reason == "HTTP 503 from example.org, 3 polls in a row"
    assert failing.since == now - 3 * day
    silent = {issue.name: issue.reason for issue in health.silent}
    assert silent == {
        "drifting": "no items in 4 polls in a row, layout changed?",
        "stale": "no successful poll for 20 days",
        "quiet": "no new release for 30 days",
        "never": "never polled",
    }
