"""The digest's data, wording and subscriptions: pure functions, fixed inputs."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from pydantic import SecretStr

from config import ChannelSettings, ConfigError, EmailSettings, Settings, SlackSettings
from config.channels import configured_channels, recipients_for, sends_empty
from config.delivery import DigestSettings
from flows.digest import (
    Digest,
    SourceHealth,
    SourceIssue,
    excerpt,
    filter_for,
    headline,
    ordinal,
    party,
    should_send,
)
from flows.digest.sample import SEED_TEXT, sample_digest, seed_event
from flows.digest.wording import date_range


@pytest.mark.parametrize(
    ("n", "word"),
    [
        (1, "1st"),
        (2, "2nd"),
        (3, "3rd"),
        (4, "4th"),
        (11, "11th"),
        (12, "12th"),
        (13, "13th"),
        (21, "21st"),
        (22, "22nd"),
        (102, "102nd"),
        (111, "111th"),
        (113, "113th"),
    ],
)
def test_ordinal(n: int, word: str) -> None:
    assert ordinal(n) == word


def test_headline_of_the_seed_event() -> None:
    parties = (party("KR"), party("uk"))
    assert parties[1].code == "GB"
    full = headline(parties, round=4, location="London", held_on=date(2024, 11, 6))
    assert full == "4th Republic of Korea-UK Cyber Dialogue, London, 6 November 2024"
    assert seed_event().headline == full
    assert headline(parties) == "Republic of Korea-UK Cyber Dialogue"
    assert (
        headline(
            (party("US"), party("JP")), series="Cyber Policy Dialogue", held_on=date(2025, 1, 2)
        )
        == "US-Japan Cyber Policy Dialogue, 2 January 2025"
    )
    assert party("XX").name == "XX"  # unknown codes are shown as they are
    assert party("VN").name == "Vietnam"  # the headline name, not the table's first (Viet Nam)
    assert party("UN").name == "UN"


def test_date_range() -> None:
    assert date_range(date(2024, 11, 6), date(2024, 11, 20)) == "6–20 November 2024"
    assert date_range(date(2024, 10, 30), date(2024, 11, 6)) == "30 October – 6 November 2024"
    assert date_range(date(2024, 12, 28), date(2025, 1, 3)) == "28 December 2024 – 3 January 2025"
    assert date_range(date(2024, 11, 6), date(2024, 11, 6)) == "6 November 2024"


def test_excerpt_takes_whole_sentences_within_the_limit() -> None:
    two = excerpt(SEED_TEXT, sentences=2)
    assert two.startswith("The 4th Republic of Korea (ROK)-United Kingdom (UK) Cyber Dialogue")
    assert two.endswith("Ministry of Foreign Affairs (MOFA).")
    assert excerpt(SEED_TEXT, sentences=3, max_chars=200).count(".") >= 1
    cut = excerpt("word " * 200, max_chars=50)
    assert len(cut) <= 50 and cut.endswith("…")


def test_links_official_first_in_given_order() -> None:
    publishers = [link.publisher for link in seed_event().ordered_links]
    assert publishers == [
        "GOV.UK: Foreign, Commonwealth & Development Office",
        "Ministry of Foreign Affairs, Republic of Korea",
        "Public Technologies (aggregator)",
    ]


def test_a_digest_needs_aware_datetimes() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        replace(sample_digest(), generated_at=datetime(2024, 11, 20, 9))


def test_health_counts() -> None:
    health = SourceHealth(
        total=5,
        failing=(SourceIssue("a", "HTTP 503"),),
        silent=(SourceIssue("a", "quiet"), SourceIssue("b", "quiet")),
    )
    assert health.healthy == 3 and not health.all_healthy
    assert SourceHealth(total=4).all_healthy


def test_empty_digests_are_sent_only_when_asked() -> None:
    empty = replace(sample_digest(), events=(), other_releases=())
    assert empty.is_empty
    assert not should_send(empty, send_empty=False)
    assert should_send(empty, send_empty=True)
    assert should_send(sample_digest(), send_empty=False)


def channel(**kwargs: object) -> ChannelSettings:
    return ChannelSettings.model_validate({"name": "c", "kind": "slack", **kwargs})


def test_filter_by_party_topic_and_score(digest: Digest) -> None:
    korea = filter_for(channel(name="korea", parties=["KR"]), digest)
    assert korea.channel == "korea"
    assert [e.headline for e in korea.events] == [seed_event().headline]
    assert {r.parties for r in korea.other_releases} == {("KR",)}

    japan = filter_for(channel(parties="JP,UK"), digest)  # any listed party
    assert len(japan.events) == 3  # every event has the UK or Japan

    ransomware = filter_for(channel(topics=["RANSOMWARE"]), digest)
    assert [e.location for e in ransomware.events] == ["Tokyo", "Strelsau <b>bold</b>"]
    assert all("ransomware" in r.topics for r in ransomware.other_releases)

    strict = filter_for(channel(min_score=0.9), digest)
    assert [e.score for e in strict.events] == [0.95]
    assert strict.other_releases == ()

    everything = filter_for(channel(), digest)
    assert everything.events == digest.events
    assert everything.other_releases == digest.other_releases


def test_implicit_channels_follow_what_is_configured() -> None:
    assert configured_channels(Settings(db=Path("x.db"))) == ()
    settings = Settings(
        db=Path("x.db"),
        email=EmailSettings(host="smtp.example", sender="cw@example.org", recipients=("a@b.c",)),
        slack=SlackSettings(webhook_url=SecretStr("https://hooks.example/x")),
    )
    assert [(c.name, c.kind) for c in configured_channels(settings)] == [
        ("email", "email"),
        ("slack", "slack"),
    ]


def test_explicit_channels_must_have_what_they_need() -> None:
    email_channel = channel(name="desk", kind="email", recipients=["desk@example.org"])
    settings = Settings(db=Path("x.db"), digest=DigestSettings(channels=(email_channel,)))
    with pytest.raises(ConfigError) as err:
        configured_channels(settings)
    assert "CYBERWATCH_SMTP_HOST, CYBERWATCH_EMAIL_FROM" in str(err.value)
    assert "'digest.channels.desk'" in str(err.value)

    slack_only = Settings(db=Path("x.db"), digest=DigestSettings(channels=(channel(),)))
    with pytest.raises(ConfigError, match="CYBERWATCH_SLACK_WEBHOOK_URL"):
        configured_channels(slack_only)

    ready = replace_email(settings)
    assert configured_channels(ready) == (email_channel,)
    assert recipients_for(email_channel, ready) == ("desk@example.org",)
    assert not sends_empty(email_channel, ready)
    assert sends_empty(channel(send_empty=True), ready)


def replace_email(settings: Settings) -> Settings:
    email = EmailSettings(host="smtp.example", sender="cw@example.org", recipients=("a@b.c",))
    return settings.model_copy(update={"email": email})


def test_sample_digest_matches_the_seed_facts() -> None:
    event = seed_event()
    assert [p.code for p in event.parties] == ["KR", "GB"]
    assert (event.round, event.held_on, event.location) == (4, date(2024, 11, 6), "London")
    assert [c.name for c in event.chairs] == ["Andrew Whittaker", "Rhee Dong-yeol"]
    assert sum(link.official for link in event.links) == 2
    assert sample_digest().generated_at == datetime(2024, 11, 20, 9, tzinfo=UTC)
