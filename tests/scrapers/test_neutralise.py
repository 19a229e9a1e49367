"""Hostile text made inert where it enters: control characters, terminal escapes, markup in
titles, unsafe URLs, server words in error messages, dates from the far future."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from config import Source
from scrapers import FetchError, Response, html_to_text, parse_feed
from scrapers.dates import plausible
from scrapers.text import clean, safe_url

ESC = "\x1b"


@pytest.mark.parametrize(
    ("raw", "kept"),
    [
        (f"Talks{ESC}]0;pwned\x07 held", "Talks ]0;pwned held"),  # a window-title escape
        (f"{ESC}[2JCleared", "[2JCleared"),  # clear screen
        ("a\x00b\x08c\x7fd", "a b c d"),  # NUL, backspace, DEL
        ("a\x85b\x9bc", "a b c"),  # C1 controls (NEL, CSI)
        ("a\ud800b", "a b"),  # a lone surrogate from undecodable bytes
        ("\ufeffTitle\u2028line", "Title line"),  # BOM, line separator
        (
            "Caf\u00e9 \u201ccyber\u201d \ud55c\uad6d\uc5b4 \ufffd",
            "Caf\u00e9 \u201ccyber\u201d 한국어 \ufffd",
        ),
    ],
)
def test_clean_text_never_carries_control_characters(raw: str, kept: str) -> None:
    assert clean(raw) == kept


def test_html_to_text_drops_live_content_and_escapes() -> None:
    page = (
        "<html><head><style>p{color:red}</style><script>alert(1)</script></head>"
        '<body onload="alert(2)"><p>Held\x1b[2J today<img src=x onerror=alert(3)></p>'
        '<a href="javascript:alert(4)">more</a><iframe src="data:text/html,x"></iframe></body>'
    )
    text = html_to_text(page)
    assert text == "Held [2J today\n\nmore" or text == "Held [2J todaymore"
    assert "alert" not in text and "color" not in text and ESC not in text


def test_urls_are_percent_encoded_where_unsafe() -> None:
    assert safe_url(f"https://x.org/a b{ESC}[2J") == "https://x.org/a%20b%1B[2J"
    assert safe_url("https://x.org/ok?q=1#f") == "https://x.org/ok?q=1#f"


def test_error_messages_show_what_a_server_said_escaped() -> None:
    error = FetchError(f"HTTP 500 {ESC}[31mred", url=f"https://x.org/{ESC}]0;t\x07")
    assert str(error) == "HTTP 500 \\x1b[31mred: https://x.org/\\x1b]0;t\\x07"
    assert ESC not in str(error)


def test_a_date_far_in_the_future_is_not_believed() -> None:
    now = datetime(2026, 12, 3, tzinfo=UTC)
    assert plausible(datetime(2120, 1, 1, tzinfo=UTC), now) is None
    assert plausible(now + timedelta(hours=20), now) == now + timedelta(hours=20)  # time zones
    assert plausible(None, now) is None


def test_markup_in_a_feed_title_is_read_as_html_and_links_must_be_http() -> None:
    feed = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
        b"<item><title>&lt;script&gt;alert(1)&lt;/script&gt;Cyber talks</title>"
        b"<link>https://x.org/a</link><guid>1</guid></item>"
        b"<item><title>Bad link</title><link>javascript:alert(1)</link><guid>urn:x:2</guid></item>"
        b"<item><title>Data link</title><link>data:text/html,x</link></item>"
        b"</channel></rss>"
    )
    source = Source(name="s", kind="feed", url="https://x.org/feed")
    items = parse_feed(source, Response(url=source.url, status=200, headers={}, content=feed))
    # a javascript: or data: link is no release URL (nor is a guid that is no http URL)
    assert [(i.title, i.url) for i in items] == [("Cyber talks", "https://x.org/a")]
