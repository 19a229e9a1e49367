"""Hostile answers of the fixture server (``/_fault/<name>``): misbehaving servers and attacks.

Connections that misbehave (``serve_misbehaving``, each given the request handler):

- ``drip``: 200 with a 1 MB Content-Length, then one byte a second until the client leaves.
- ``silent``: reads the request and never answers (until the server stops).
- ``reset``: starts a 100 KB body, then resets the connection (TCP RST) after 1 KB.
- ``truncated``: declares 10,000 bytes, sends 500 and closes.
- ``gzip-bomb``: 1 GB of zeros gzip-compressed into 1 MB (``Content-Encoding: gzip``).

Answers that are whole but hostile (``hostile_answer``, pure: a base URL in, an answer out):

- ``503-wait`` / ``429-wait``: that status with ``Retry-After: 120`` / ``3600``.
- ``redirect-loop``: a 302 to itself, for ever. ``redirect-file``: a 302 to ``file:///etc/passwd``.
  ``redirect-metadata``: a 302 to a cloud metadata address (``169.254.169.254``).
- ``empty``: 200 ``application/rss+xml`` with no body.
- ``invalid-xml``: an RSS feed whose tags do not close.
- ``xxe``: an RSS feed whose items use an external entity naming ``/etc/passwd``.
- ``entity-bomb``: an RSS feed with a billion-laughs entity expansion.
- ``wrong-charset``: an RSS feed said to be UTF-8 but written in windows-1252.
- ``many-entries``: an RSS feed of 10,000 items (``?n=`` fewer), each linking to an article.
- ``duplicate-guids``: five different items sharing one GUID.
- ``future-dates``: items dated in 2120.
- ``script-injection``: items and an article page full of scripts, event handlers,
  ``javascript:``/``data:`` links, a tracking pixel, CSS, terminal escapes, control characters
  and invalid UTF-8.
- ``off-site``: items linking off the site (another host, a cloud metadata address).
- ``article``: a small article page (``?n=`` in its title); ``hostile-article``: the hostile one.
"""

from __future__ import annotations

import socket
import struct
import zlib
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlsplit

if TYPE_CHECKING:
    from flows.devtools.demo.faults import FaultRoutes

RSS = "application/rss+xml; charset=utf-8"
HTML = "text/html; charset=utf-8"
MISBEHAVING = ("drip", "silent", "reset", "truncated", "gzip-bomb")
SILENT_LIMIT = 600.0  # seconds a silent connection is held at most
BOMB_MB = 1024
OFF_SITE_LINKS = ("http://169.254.169.254/latest/meta-data/", "http://cyberwatch.invalid/leak")
# Terminal escapes: an OSC 8 hyperlink, a title change, clear screen; then C0/C1 controls.
ESCAPES = (
    "\x1b]8;;http://evil.invalid/\x1b\\click\x1b]8;;\x1b\\ \x1b]0;pwned\x07\x1b[2J\x00\x08\x85"
)
SCRIPT_MARKERS = ("alert(", "onerror", "javascript:", "data:text", "tracker.invalid", "color:red")


@dataclass(frozen=True, slots=True)
class Answer:
    """A whole answer: status, Content-Type, body and extra headers."""

    status: int
    ctype: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)


def serve_misbehaving(handler: FaultRoutes, name: str, *, head: bool) -> None:
    """Answer the misbehaving connection ``name`` (one of ``MISBEHAVING``) on ``handler``."""
    stop = handler.fixture._stop
    if name == "silent":
        stop.wait(SILENT_LIMIT)
        handler.close_connection = True
        return
    if name == "gzip-bomb":
        bomb = gzip_bomb(BOMB_MB)
        extra = {"Content-Encoding": "gzip"}
        handler._send_bytes(HTTPStatus.OK, bomb, RSS, head=head, extra=extra)
        return
    declared = {"drip": 1024 * 1024, "reset": 100 * 1024, "truncated": 10_000}[name]
    handler.send_response(HTTPStatus.OK)
    handler.send_header("Content-Type", RSS)
    handler.send_header("Content-Length", str(declared))
    handler.end_headers()
    handler.close_connection = True
    if head:
        return
    if name == "drip":
        handler.wfile.write(b"<")
        handler.wfile.flush()
        while not stop.wait(1.0):
            handler.wfile.write(b" ")
            handler.wfile.flush()
    elif name == "reset":
        handler.wfile.write(b"<rss>" + b" " * 1019)
        handler.wfile.flush()
        handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        handler.connection.close()
    else:
        handler.wfile.write(b"<rss>" + b" " * 495)


def gzip_bomb(megabytes: int) -> bytes:
    """A valid gzip file of ``megabytes`` MB of zeros, about a thousandth of that in size.

    Each full-flushed megabyte of zeros compresses to the same bytes once the window is all
    zeros, so the body is assembled from repeats instead of compressing a gigabyte."""
    zeros = b"\0" * (1 << 20)
    deflate = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    first = deflate.compress(zeros) + deflate.flush(zlib.Z_FULL_FLUSH)
    repeat = deflate.compress(zeros) + deflate.flush(zlib.Z_FULL_FLUSH)
    end = deflate.flush()
    crc = 0
    for _ in range(megabytes):
        crc = zlib.crc32(zeros, crc)
    size = (megabytes << 20) & 0xFFFFFFFF
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
    body = first + repeat * (megabytes - 1) + end
    return header + body + struct.pack("<II", crc, size)


def hostile_answer(name: str, *, base: str, target: str) -> Answer | None:
    """The hostile answer ``name`` on a server at ``base`` asked for ``target`` (path and
    query); None when there is no such fault."""
    query = parse_qs(urlsplit(target).query)
    if name in ("503-wait", "429-wait"):
        status = HTTPStatus(int(name[:3]))
        wait = "120" if status == 503 else "3600"
        return Answer(status, "text/plain", f"{status.phrase}\n".encode(), {"Retry-After": wait})
    if name == "redirect-loop":
        return Answer(HTTPStatus.FOUND, "text/plain", b"", {"Location": target})
    if name == "redirect-file":
        return Answer(HTTPStatus.FOUND, "text/plain", b"", {"Location": "file:///etc/passwd"})
    if name == "redirect-metadata":
        return Answer(HTTPStatus.FOUND, "text/plain", b"", {"Location": OFF_SITE_LINKS[0]})
    if name == "empty":
        return Answer(HTTPStatus.OK, RSS, b"")
    if name == "article":
        n = query.get("n", ["0"])[0]
        page = f"<html><head><title>Release {n}</title></head><body><article><h1>Release {n}"
        page += f"</h1><p>Text of release {n} of the many-entries feed.</p></article></body></html>"
        return Answer(HTTPStatus.OK, HTML, page.encode())
    if name == "hostile-article":
        return Answer(HTTPStatus.OK, HTML, hostile_page(base))
    feed = _feed(name, base=base, count=int(query.get("n", ["10000"])[0]))
    return None if feed is None else Answer(HTTPStatus.OK, RSS, feed)


def _feed(name: str, *, base: str, count: int) -> bytes | None:
    article = f"{base}/_fault/article"
    if name == "invalid-xml":
        return b'<?xml version="1.0"?><rss version="2.0"><channel><title>Broken<item><title>A'
    if name == "xxe":
        doctype = '<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        item = _item("Leak &xxe;", f"{article}?n=xxe", guid="xxe-1", text="&xxe;", raw=True)
        return _rss(item, doctype=doctype)
    if name == "entity-bomb":
        lines = ['<!ENTITY lol0 "lol">'] + [
            f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)
        ]
        doctype = f"<!DOCTYPE rss [{''.join(lines)}]>"
        item = _item("Laughs &lol9;", f"{article}?n=lol", guid="lol-1", text="&lol9;", raw=True)
        return _rss(item, doctype=doctype)
    if name == "wrong-charset":
        item = _item("Caf\u00e9 \u201ccyber\u201d talks", f"{article}?n=charset", guid="cs-1")
        return _rss(item).decode().encode("windows-1252")
    if name == "many-entries":
        items = "".join(
            _item(f"Release {n}", f"{article}?n={n}", guid=f"many-{n}") for n in range(count)
        )
        return _rss(items)
    if name == "duplicate-guids":
        items = "".join(
            _item(f"Duplicate {n}", f"{article}?n=dup{n}", guid="same-guid") for n in range(5)
        )
        return _rss(items)
    if name == "future-dates":
        date = "Tue, 01 Jan 2120 00:00:00 GMT"
        return _rss(_item("From the future", f"{article}?n=future", guid="future-1", date=date))
    if name == "script-injection":
        title = "<script>alert(1)</script>Cyber talks <img src=x onerror=alert(2)>"
        text = (
            '<p onclick="alert(3)">Held today.</p><a href="javascript:alert(4)">more</a>'
            '<a href="data:text/html,<script>alert(5)</script>">data</a>'
            '<img src="http://tracker.invalid/pixel.gif" width="1" height="1">'
            "<style>p{color:red}</style>"
        )
        return _rss(_item(title, f"{base}/_fault/hostile-article", guid="xss-1", text=text))
    if name == "off-site":
        items = "".join(
            _item(f"Off-site {n}", link, guid=f"off-{n}") for n, link in enumerate(OFF_SITE_LINKS)
        )
        return _rss(items)
    return None


def hostile_page(base: str) -> bytes:
    """An article page with every kind of live content, terminal escapes and bad bytes."""
    page = (
        "<html><head><title>Cyber talks</title><style>body{color:red}</style>"
        "<script>alert('head')</script></head><body onload=\"alert('load')\"><article>"
        "<h1>Cyber talks <script>alert(6)</script></h1>"
        f'<p>The talks were held.{ESCAPES}<img src="http://tracker.invalid/p.gif" '
        'width="1" height="1" onerror="alert(7)"></p>'
        '<p><a href="javascript:alert(8)">Read</a> <a href="data:text/html;base64,PHNjcmlwdD4=">'
        "x</a></p><iframe src=\"javascript:alert('frame')\"></iframe>"
        f'<p><a href="{base}/_fault/article?n=ok">A safe link</a> ends here.</p>'
        "</article></body></html>"
    )
    return page.encode() + b"\xff\xfe invalid bytes \xc3\x28"


def _item(
    title: str, link: str, *, guid: str, text: str = "", date: str = "", raw: bool = False
) -> str:
    def esc(value: str) -> str:
        if raw:
            return value
        return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    dated = f"<pubDate>{date}</pubDate>" if date else ""
    return (
        f"<item><title>{esc(title)}</title><link>{esc(link)}</link><guid>{guid}</guid>"
        f"{dated}<description>{esc(text or title)}</description></item>"
    )


def _rss(items: str, *, doctype: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="utf-8"?>{doctype}<rss version="2.0"><channel>'
        f"<title>Hostile</title><link>http://127.0.0.1/</link><description>x</description>"
        f"{items}</channel></rss>"
    ).encode()
