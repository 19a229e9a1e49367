"""The email text and HTML of a digest: what they say, and that nothing in them is live."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

from flows.devtools.preview import write
from flows.digest import Digest, SourceHealth, SourceIssue, render_html, render_text, subject
from flows.digest.sample import sample_digest

SEED = "4th Republic of Korea-UK Cyber Dialogue, London, 6 November 2024"


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(html: str) -> Tags:
    tags = Tags()
    tags.feed(html)
    tags.close()
    return tags


def test_html_has_no_scripts_images_or_remote_resources(digest: Digest) -> None:
    tags = parse(render_html(digest))
    names = {name for name, _ in tags.tags}
    assert not names & {"script", "img", "link", "style", "iframe", "object", "form"}
    for _, attrs in tags.tags:
        assert "src" not in attrs
        assert not any(name.startswith("on") for name in attrs)  # no event handlers
        href = attrs.get("href")
        assert href is None or href.startswith(("https://", "http://"))


def test_html_holds_every_event_fact_and_official_links_first() -> None:
    html = render_html(sample_digest())
    text = " ".join(" ".join(parse(html).text).split())
    assert SEED in text
    for fact in (
        "Republic of Korea, UK",
        "4th",
        "London",
        "Andrew Whittaker, Cyber Director, Foreign, Commonwealth & Development Office",
        "Rhee Dong-yeol, Ambassador for International Cyber Affairs, ROK MOFA",
        "Pall Mall Process",
        "Defence Cyber Marvel (DCM4)",
        "Other cyber releases",
        "UK sanctions ransomware operators targeting British businesses",
        "3 of 4 sources healthy. Failing: govuk-ncsc",
        "write to cyber-desk@example.org",
    ):
        assert fact in text, fact
    hrefs = [a.get("href") for name, a in parse(html).tags if name == "a"]
    assert hrefs[:4] == [
        "https://www.gov.uk/government/news/the-4th-republic-of-korea-uk-cyber-dialogue",
        "https://www.gov.uk/government/news/the-4th-republic-of-korea-uk-cyber-dialogue",
        "https://www.mofa.go.kr/eng/brd/m_5676/view.do?seq=321950",
        "https://www.pubt.io/a/2024/11/07/the-4th-republic-of-korea-uk-cyber-dialogue",
    ]  # the headline links to the first official release, then official ones come first
    assert text.index("OFFICIAL") < text.index("Public Technologies")


def test_html_escapes_release_text(digest: Digest) -> None:
    html = render_html(digest)
    assert "<script>" not in html and "<!channel>" not in html and "<b>bold" not in html
    assert "&lt;script&gt;" in html
    assert 'href="https://example.org/release?a=1&amp;b=&lt;2&gt;|x"' in html
    assert "Ruritania &lt;MFA&gt;" in html


def test_text_part_reads_in_order_and_wraps() -> None:
    text = render_text(sample_digest())
    assert (
        text.index(SEED)
        < text.index("UK-Japan Cyber Dialogue")
        < text.index("OTHER CYBER RELEASES")
        < text.index("SOURCES: 3 of 4 sources healthy")
    )
    assert "[official] GOV.UK: Foreign, Commonwealth & Development Office, 7 Nov 2024" in text
    assert "Chairs   Andrew Whittaker" in text
    long_lines = [line for line in text.splitlines() if len(line) > 76]
    assert all("http" in line or "[official]" in line for line in long_lines)  # URLs stay whole
    assert "\n-- \n" in text  # the signature separator before the footer


def test_dates_follow_the_digest_time_zone() -> None:
    late = replace(
        sample_digest(timezone="Asia/Seoul"),
        generated_at=datetime(2024, 11, 20, 20, 0, tzinfo=UTC),
    )
    assert "Generated 21 November 2024, 05:00 KST." in render_text(late)
    assert "6–21 November 2024" in render_text(late)


def test_an_empty_digest_says_the_monitor_is_alive() -> None:
    empty = replace(sample_digest(), events=(), other_releases=(), health=SourceHealth(total=4))
    text, html = render_text(empty), render_html(empty)
    assert "Nothing new in 6–20 November 2024. All 4 sources healthy." in text
    assert "Nothing new in 6–20 November 2024. All 4 sources healthy." in html
    assert "OTHER CYBER RELEASES" not in text and "Releases about this event" not in html
    assert subject(empty) == "cyberwatch: nothing new, 6-20 November 2024; all 4 sources healthy"


def test_an_empty_digest_still_names_failing_and_silent_sources() -> None:
    health = SourceHealth(
        total=5,
        failing=(SourceIssue("govuk-ncsc", "HTTP 503"),),
        silent=(
            SourceIssue(
                "mofa-kr-press-briefings",
                "no new release in 21 days",
                since=datetime(2024, 10, 30, tzinfo=UTC),
            ),
        ),
    )
    empty = replace(sample_digest(), events=(), other_releases=(), health=health)
    expected = (
        "3 of 5 sources healthy. Failing: govuk-ncsc (HTTP 503). Silent: "
        "mofa-kr-press-briefings (no new release in 21 days, since 30 Oct 2024)."
    )
    assert expected in " ".join(render_text(empty).split())


def test_subject_names_a_lone_event() -> None:
    one = replace(sample_digest(), events=sample_digest().events[:1], other_releases=())
    assert subject(one) == f"cyberwatch: {SEED}"


def test_preview_writes_html_and_text(tmp_path: Path) -> None:
    write(tmp_path / "d.html")
    assert SEED in (tmp_path / "d.html").read_text()
    assert re.search(r"Generated 20 November 2024, 09:00 GMT", (tmp_path / "d.txt").read_text())
