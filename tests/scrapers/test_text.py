"""html_to_text, node_text and clean."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

from scrapers import clean, html_to_text, node_text


def test_blocks_become_paragraphs_and_furniture_is_dropped() -> None:
    html = """<html><head><title>Not text</title><style>p{}</style></head><body>
    <header>Site header</header><nav><a href="/">Menu</a></nav>
    <h1>Title &amp; more</h1>
    <p>One
       two&nbsp;three<br>four</p>
    <ul><li>first</li><li>second <b>bold</b>er</li></ul>
    <form><input name="q"><p>Search</p></form>
    <noscript>Enable JS</noscript><script>var x = "<p>";</script>
    <div hidden><p>Cookie banner</p></div>
    <!-- a comment -->
    <table><tr><td>Date</td><td>2017-11-28</td></tr></table>
    <footer>Crown copyright</footer></body></html>"""
    assert html_to_text(html) == (
        "Title & more\n\nOne two three\nfour\n\nfirst\n\nsecond bolder\n\nDate 2017-11-28"
    )


def test_preformatted_text_keeps_its_lines() -> None:
    assert html_to_text("<pre>line 1\n   line  2</pre><p>after</p>") == "line 1\nline 2\n\nafter"


def test_fragment_and_plain_text() -> None:
    assert html_to_text("Korea’s <em>cyber</em> dialogue &#8211; 사이버") == (
        "Korea’s cyber dialogue – 사이버"
    )
    assert html_to_text("") == ""


def test_node_text_keeps_the_selected_node_even_if_it_is_furniture() -> None:
    tree = LexborHTMLParser("<body><footer><p>Contact</p><nav>skip</nav></footer></body>")
    footer = tree.css_first("footer")
    assert footer is not None
    assert node_text(footer) == "Contact"


def test_deeply_nested_markup_does_not_hit_the_recursion_limit() -> None:
    html = "<div>" * 5000 + "deep" + "</div>" * 5000
    assert html_to_text(html) == "deep"


def test_clean() -> None:
    assert clean("  a\t b\u00a0\n c  ") == "a b c"
    assert clean("") == ""
