"""Slack Block Kit rendering: limits, splitting in order, escaping."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest

from flows.digest import Digest, DigestEvent, SourceHealth, render_slack
from flows.digest.blocks import clip, escape, link
from flows.digest.sample import sample_digest, seed_event

from .conftest import HOSTILE


def texts(node: Any) -> Iterator[str]:
    """Every text of a payload (text objects and the fallback text)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "text" and isinstance(value, str):
                yield value
            else:
                yield from texts(value)
    elif isinstance(node, list):
        for item in node:
            yield from texts(item)


def many_events(n: int) -> tuple[DigestEvent, ...]:
    seed = seed_event()
    return tuple(replace(seed, headline=f"Event {i:02d}: {seed.headline}") for i in range(n))


def test_a_short_digest_is_one_message_with_every_part() -> None:
    (message,) = render_slack(sample_digest())
    blocks = message["blocks"]
    assert blocks[0]["type"] == "header"
    assert blocks[0]["text"]["text"] == "Cyber dialogue digest · 6–20 November 2024"
    body = "\n".join(texts(blocks))
    seed = (
        "*<https://www.gov.uk/government/news/the-4th-republic-of-korea-uk-cyber-dialogue|"
        "4th Republic of Korea-UK Cyber Dialogue, London, 6 November 2024>*"
    )
    assert seed in body
    assert (
        "*Chairs*\nAndrew Whittaker, Cyber Director, Foreign, Commonwealth &amp; Development"
        in body
    )
    assert "*Official* · <https://www.mofa.go.kr/eng/brd/m_5676/view.do?seq=321950|" in body
    assert body.index("*Other cyber releases*") < body.index("3 of 4 sources healthy")
    assert "write to cyber-desk@example.org" in body
    assert message["text"] == "cyberwatch: 2 new cyber dialogues and 1 other cyber release"
    assert message["unfurl_links"] is False


@pytest.mark.parametrize(("max_blocks", "max_text"), [(50, 3000), (10, 200)])
def test_a_long_digest_is_split_in_order_within_the_limits(
    digest: Digest, max_blocks: int, max_text: int
) -> None:
    long = replace(digest, events=many_events(60), other_releases=digest.other_releases * 40)
    messages = render_slack(long, max_blocks=max_blocks, max_text=max_text)
    assert len(messages) > 1
    for number, message in enumerate(messages, start=1):
        assert len(message["blocks"]) <= max_blocks
        assert all(len(text) <= max_text for text in texts(message))
        if number > 1:
            note = message["blocks"][0]["elements"][0]["text"]
            assert f"(continued, {number} of {len(messages)})" in note
    seen = [
        text.split("|Event ")[1][:2]
        for message in messages
        for text in texts(message["blocks"])
        if "|Event " in text and text.startswith("*<")
    ]
    assert seen == [f"{i:02d}" for i in range(60)]  # every event once, in order


def test_an_events_blocks_stay_in_one_message(digest: Digest) -> None:
    long = replace(digest, events=many_events(30))
    found = 0
    for message in render_slack(long, max_blocks=12):
        blocks = message["blocks"]
        starts = [i for i, b in enumerate(blocks) if "|Event " in str(b.get("text", ""))]
        found += len(starts)
        for start in starts:  # headline, facts, excerpt, links, divider
            assert [b["type"] for b in blocks[start : start + 5]] == [
                "section",
                "section",
                "section",
                "context",
                "divider",
            ]
    assert found == 30


def test_release_text_cannot_mention_or_forge_links(digest: Digest) -> None:
    body = "\n".join(t for m in render_slack(digest) for t in texts(m))
    assert "<!channel>" not in body and "<!here>" not in body
    assert "<https://evil.example" not in body
    assert "&lt;!channel&gt; &amp; &lt;https://evil.example|click me&gt;" in body
    assert "&lt;script&gt;" in body
    # the only links are ours: every "<" opens a link to an http(s) URL
    for text in body.split("<")[1:]:
        assert text.startswith(("http://", "https://")), text[:40]
    assert "<https://example.org/release?a=1&amp;b=%3C2%3E%7Cx|Release &lt;script&gt;" in body


def test_escape_and_link() -> None:
    assert escape("a & <b> @channel") == "a &amp; &lt;b&gt; @channel"
    assert link("javascript:alert(1)", "x<y") == "x&lt;y"
    assert link("https://a.example/?q=1&r=2", "A | B") == "<https://a.example/?q=1&amp;r=2|A ¦ B>"


def test_clip_never_cuts_inside_a_link_or_an_entity() -> None:
    text = "word " * 10 + "<https://example.org/x|a link> &amp; more"
    for limit in range(5, len(text)):
        cut = clip(text, limit)
        assert len(cut) <= limit
        assert cut.count("<") == cut.count(">")
        assert "&" not in cut or "&amp;" in cut


def test_an_empty_digest_is_one_short_message() -> None:
    empty = replace(sample_digest(), events=(), other_releases=(), health=SourceHealth(total=4))
    (message,) = render_slack(empty)
    assert [b["type"] for b in message["blocks"]] == ["header", "section", "context"]
    assert message["blocks"][1]["text"]["text"] == (
        "Nothing new in 6–20 November 2024. All 4 sources healthy."
    )


def test_a_hostile_headline_longer_than_a_text_field_is_clipped(digest: Digest) -> None:
    huge = replace(seed_event(), headline=HOSTILE * 100, excerpt=HOSTILE * 100)
    messages = render_slack(replace(digest, events=(huge,)), max_text=500)
    assert all(len(t) <= 500 for m in messages for t in texts(m))
    assert "<!channel>" not in str(messages)
