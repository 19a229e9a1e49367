"""Plain text from HTML: paragraphs separated by blank lines, whitespace collapsed within lines."""

from __future__ import annotations

import re
from urllib.parse import quote

from selectolax.lexbor import LexborHTMLParser, LexborNode

# C0 and C1 controls, DEL, lone surrogates (from undecodable bytes), BOMs and the Unicode
# line and paragraph separators: never kept in text (tab, newline and carriage return are
# whitespace, collapsed as such).
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufeff\u2028\u2029]")
_URL_UNSAFE = re.compile("[\x00-\x20\x7f-\x9f\ud800-\udfff]")

# Page furniture and non-content: skipped with everything inside (so are elements marked
# ``hidden``, such as a cookie banner before its script shows it).
SKIPPED = frozenset(
    {
        "script",
        "style",
        "nav",
        "header",
        "footer",
        "noscript",
        "form",
        "template",
        "svg",
        "iframe",
        "head",
        "-comment",
    }
)
# Elements that start and end a paragraph.
BLOCKS = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "caption",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "html",
        "li",
        "main",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "thead",
        "tfoot",
        "tr",
        "ul",
    }
)
_CELLS = frozenset({"td", "th"})
_PARAGRAPH = "\n\n"
_LINE = "\n"
_PARAGRAPHS = re.compile(r"\n{2,}")


def clean(text: str) -> str:
    """Collapse every run of whitespace (non-breaking spaces included) to one space and strip;
    control characters (terminal escapes among them), lone surrogates and byte-order marks
    are separators too, so no text taken from a page can drive a terminal."""
    return " ".join(_UNPRINTABLE.sub(" ", text).split())


def safe_url(url: str) -> str:
    """``url`` with spaces, control characters and lone surrogates percent-encoded, so a URL
    stored or printed is inert."""
    return _URL_UNSAFE.sub(lambda m: quote(m.group(), safe="", errors="replace"), url)


def html_to_text(html: str) -> str:
    """The readable text of an HTML document or fragment, without page furniture."""
    tree = LexborHTMLParser(html)
    root = tree.body or tree.root
    return node_text(root) if root is not None else ""


def node_text(node: LexborNode) -> str:
    """The readable text under ``node``: blocks become paragraphs, ``<br>`` a line break."""
    parts: list[str] = []
    # Depth-first walk with an explicit stack (deep hostile markup must not hit the
    # recursion limit). A string entry is a separator to emit once the element is done.
    stack: list[LexborNode | str] = [node]
    preformatted = 0
    while stack:
        entry = stack.pop()
        if isinstance(entry, str):
            if entry == "</pre>":
                preformatted -= 1
            else:
                parts.append(entry)
            continue
        tag = entry.tag
        if entry.is_text_node:
            text = entry.text_content or ""
            parts.append(text if preformatted else text.replace(_LINE, " "))
            continue
        if entry is not node and (tag in SKIPPED or "hidden" in entry.attributes):
            continue
        if tag == "br":
            parts.append(_LINE)
            continue
        separator = _PARAGRAPH if tag in BLOCKS else " " if tag in _CELLS else ""
        parts.append(separator)
        stack.append(separator)
        if tag == "pre":
            preformatted += 1
            stack.append("</pre>")
        stack.extend(reversed(_children(entry)))
    return _tidy("".join(parts))


def _children(node: LexborNode) -> list[LexborNode]:
    children = []
    child = node.child
    while child is not None:
        children.append(child)
        child = child.next
    return children


def _tidy(raw: str) -> str:
    paragraphs = []
    for block in _PARAGRAPHS.split(raw):
        lines = [clean(line) for line in block.split(_LINE)]
        text = _LINE.join(line for line in lines if line)
        if text:
            paragraphs.append(text)
    return _PARAGRAPH.join(paragraphs)
