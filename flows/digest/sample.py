"""A digest built from the fixture events, for the preview, the docs screenshot and tests.

The facts are those of the seed release (the 4th ROK-UK Cyber Dialogue, London, 6 November
2024) and of the demo fixture sites (``flows/devtools/demo/sites/PROVENANCE.md``): the UK-Japan
dialogue and the ransomware sanctions release there are invented for the demo, and so are the
MOFA and aggregator URLs and the source-health problem.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from flows.digest.model import (
    Chair,
    Digest,
    DigestEvent,
    DigestRelease,
    Link,
    SourceHealth,
    SourceIssue,
)
from flows.digest.parties import party
from flows.digest.wording import excerpt, headline

SEED_TEXT = (
    "The 4th Republic of Korea (ROK)-United Kingdom (UK) Cyber Dialogue was held in London on "
    "Wednesday 6 November 2024. The meeting was co-chaired by Andrew Whittaker, Cyber Director "
    "in the UK Foreign, Commonwealth and Development Office (FCDO), and Rhee Dong-yeol, "
    "Ambassador for International Cyber Affairs in the ROK Ministry of Foreign Affairs (MOFA). "
    "The dialogue involved around 50 officials from cybersecurity-related departments and "
    "agencies in the 2 countries."
)
GOVUK_FCDO = "GOV.UK: Foreign, Commonwealth & Development Office"
MOFA = "Ministry of Foreign Affairs, Republic of Korea"


def seed_event() -> DigestEvent:
    """The 4th Republic of Korea-UK Cyber Dialogue, with its three releases."""
    parties = (party("KR"), party("GB"))
    held_on = date(2024, 11, 6)
    return DigestEvent(
        headline=headline(parties, round=4, location="London", held_on=held_on),
        parties=parties,
        round=4,
        held_on=held_on,
        location="London",
        chairs=(
            Chair("Andrew Whittaker", "Cyber Director, Foreign, Commonwealth & Development Office"),
            Chair("Rhee Dong-yeol", "Ambassador for International Cyber Affairs, ROK MOFA"),
        ),
        topics=(
            "deterrence",
            "ransomware and organised crime",
            "Pall Mall Process",
            "North Korean cryptocurrency theft and IT workers",
            "capacity building",
            "cyber skills",
            "Defence Cyber Marvel (DCM4)",
        ),
        excerpt=excerpt(SEED_TEXT, sentences=2),
        links=(
            Link(
                title="The 4th Republic of Korea-UK Cyber Dialogue",
                url="https://www.pubt.io/a/2024/11/07/the-4th-republic-of-korea-uk-cyber-dialogue",
                publisher="Public Technologies (aggregator)",
                official=False,
                published=datetime(2024, 11, 7, 10, 50, tzinfo=UTC),
            ),
            Link(
                title="The 4th Republic of Korea-UK Cyber Dialogue",
                url="https://www.gov.uk/government/news/the-4th-republic-of-korea-uk-cyber-dialogue",
                publisher=GOVUK_FCDO,
                official=True,
                published=datetime(2024, 11, 7, 10, 50, tzinfo=UTC),
            ),
            Link(
                title="Outcome of the 4th ROK-UK Cyber Dialogue",
                url="https://www.mofa.go.kr/eng/brd/m_5676/view.do?seq=321950",
                publisher=MOFA,
                official=True,
                published=datetime(2024, 11, 7, 8, 30, tzinfo=UTC),
            ),
        ),
        score=0.95,
    )


def japan_event() -> DigestEvent:
    """The (invented) UK-Japan Cyber Dialogue of the demo sites."""
    parties = (party("GB"), party("JP"))
    held_on = date(2024, 11, 19)
    return DigestEvent(
        headline=headline(parties, location="Tokyo", held_on=held_on),
        parties=parties,
        round=None,
        held_on=held_on,
        location="Tokyo",
        chairs=(),
        topics=(
            "ransomware",
            "state-backed malicious cyber activity",
            "international forums",
            "capacity building in the Indo-Pacific",
        ),
        excerpt=(
            "The UK-Japan Cyber Dialogue was held in Tokyo on Tuesday 19 November 2024, bringing "
            "together officials from both governments to discuss cooperation on cybersecurity. "
            "Both sides agreed to hold the next round of the dialogue in London."
        ),
        links=(
            Link(
                title="UK and Japan hold cyber dialogue in Tokyo",
                url="https://www.gov.uk/government/news/uk-and-japan-hold-cyber-dialogue-in-tokyo",
                publisher=GOVUK_FCDO,
                official=True,
                published=datetime(2024, 11, 20, 8, 0, tzinfo=UTC),
            ),
        ),
        score=0.8,
    )


def sanctions_release() -> DigestRelease:
    """The (invented) ransomware sanctions release: cyber, but not a dialogue."""
    return DigestRelease(
        title="UK sanctions ransomware operators targeting British businesses",
        url="https://www.gov.uk/government/news/uk-sanctions-ransomware-operators-targeting-british-businesses",
        publisher=GOVUK_FCDO,
        published=datetime(2024, 11, 12, 9, 30, tzinfo=UTC),
        summary=(
            "The sanctions freeze the assets of the designated individuals and ban them from "
            "travelling to the UK."
        ),
        parties=("GB",),
        topics=("ransomware", "sanctions"),
        score=0.6,
    )


def sample_digest(*, channel: str = "analysts", timezone: str = "Europe/London") -> Digest:
    """Two events, one other release, one failing source, over two weeks of November 2024."""
    return Digest(
        channel=channel,
        since=datetime(2024, 11, 6, 9, 0, tzinfo=UTC),
        generated_at=datetime(2024, 11, 20, 9, 0, tzinfo=UTC),
        events=(seed_event(), japan_event()),
        other_releases=(sanctions_release(),),
        health=SourceHealth(
            total=4,
            failing=(
                SourceIssue(
                    "govuk-ncsc",
                    "HTTP 503 from www.gov.uk, 3 polls in a row",
                    since=datetime(2024, 11, 19, 21, 0, tzinfo=UTC),
                ),
            ),
        ),
        timezone=timezone,
        contact="cyber-desk@example.org",
    )
