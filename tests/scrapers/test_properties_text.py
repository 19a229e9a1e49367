"""Properties of the HTML-to-text path (``scrapers.text.html_to_text``) on any markup."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scrapers.text import html_to_text

QUICK = settings(max_examples=200, deadline=None)
SECRET = "SCRIPTCONTENT"
# C0 and C1 controls, DEL, lone surrogates: never in the text (a newline separates lines).
UNPRINTABLE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\ud800-\udfff]")

WORDS = st.text(
    alphabet=st.characters(exclude_characters="<>&", codec="utf-8", exclude_categories=("Cs",)),
    max_size=20,
)
TAGS = st.sampled_from(["p", "div", "b", "a", "li", "td", "pre", "br", "span", "h1", "table"])
HIDDEN = st.sampled_from(
    [
        f"<script>{SECRET}</script>",
        f"<script type='text/javascript'>var a = '{SECRET}';</script>",
        f"<style>.x{{content:'{SECRET}'}}</style>",
        f"<template><p>{SECRET}</p></template>",
        f"<p hidden>{SECRET}</p>",
        f"<!-- {SECRET} -->",
        f"<iframe srcdoc='{SECRET}'>{SECRET}</iframe>",
    ]
)
CONTROLS = st.sampled_from(["\x1b[31m", "\x9b2J", "\x07", "\x00", "\x1b]8;;http://x\x07", "\ufeff"])


@st.composite
def documents(draw: st.DrawFn, depth: int = 0) -> str:
    """Nested markup of words, tags, hidden content and control characters."""
    parts = []
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(
            st.sampled_from(["text", "tag", "hidden", "control"] if depth < 4 else ["text"])
        )
        if kind == "tag":
            tag = draw(TAGS)
            parts.append(f"<{tag}>{draw(documents(depth + 1))}</{tag}>")
        elif kind == "hidden":
            parts.append(draw(HIDDEN))
        elif kind == "control":
            parts.append(draw(CONTROLS))
        else:
            parts.append(draw(WORDS))
    return "".join(parts)


@QUICK
@given(st.text(max_size=500))
def test_never_raises_on_any_text(html: str) -> None:
    text = html_to_text(html)
    assert UNPRINTABLE.search(text) is None


@QUICK
@given(documents())
def test_no_tags_no_controls_and_no_script_content(html: str) -> None:
    text = html_to_text(html)
    assert "<" not in text and ">" not in text  # the words hold none: any would be markup
    assert UNPRINTABLE.search(text) is None
    assert SECRET not in text
    assert "\x1b" not in text and "\x9b" not in text


@pytest.mark.parametrize("depth", [10_000])
def test_deep_markup_does_not_hit_the_recursion_limit(depth: int) -> None:
    assert html_to_text("<div>" * depth + "deep" + "</div>" * depth) == "deep"
