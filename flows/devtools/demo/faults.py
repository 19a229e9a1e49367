"""The fault routes of the fixture server, for isolation tests: ``/_fault/<name>``.

- ``/_fault/timeout``: waits ``fault_delay`` seconds (or until shutdown), then 200 with no body.
- ``/_fault/500``: 500 with a short text body.
- ``/_fault/html``: 200 ``text/html`` "Technical Difficulties" page, like a WAF block page.
- ``/_fault/huge``: 200 without Content-Length, 64 KB chunks until the client goes away (max 1 GB).
- ``/_fault/garbage``: 200 ``application/rss+xml`` whose body is random-looking non-XML bytes.
- ``/_fault/429-once``, ``/_fault/503-once``: that status with ``Retry-After: 1`` the first time
  a target (path and query) is asked for, 200 ``text/plain`` after.
- the hostile answers of ``hostile.py``: drips, silences, resets, bombs, loops, attacks.
"""

from __future__ import annotations

import hashlib
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler
from typing import TYPE_CHECKING

from flows.devtools.demo.hostile import MISBEHAVING, Answer, hostile_answer, serve_misbehaving

if TYPE_CHECKING:
    from flows.devtools.demo.server import FixtureServer

CHUNK = 64 * 1024
HUGE_LIMIT = 1024 * 1024 * 1024
DISCONNECTS = (BrokenPipeError, ConnectionResetError, ConnectionAbortedError, TimeoutError)

WAF_PAGE = b"""<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Technical Difficulties</title></head>
<body>
<h1>Technical Difficulties</h1>
<p>We're sorry, this site is currently experiencing technical difficulties.
Please try again in a few moments.</p>
<p>Reference: 18.5e2d3b17.1730973000.2f0a1c9</p>
</body>
</html>
"""


def garbage_bytes(size: int = 4096) -> bytes:
    """Deterministic random-looking bytes that are not XML (first byte is not ``<``)."""
    out = bytearray(b"\x1f\x8b\x08\x00")
    counter = 0
    while len(out) < size:
        out += hashlib.sha256(counter.to_bytes(8, "big")).digest()
        counter += 1
    return bytes(out[:size])


class FaultRoutes(BaseHTTPRequestHandler):
    """Answers ``/_fault/<name>`` (``serve_fault``) and sends whole bodies (``_send_bytes``)."""

    @property
    def fixture(self) -> FixtureServer:
        raise NotImplementedError

    def _send_bytes(
        self,
        status: int,
        body: bytes,
        ctype: str,
        *,
        head: bool = False,
        extra: dict[str, str] | None = None,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def serve_fault(self, name: str, *, head: bool) -> None:
        if name == "timeout":
            self.fixture._stop.wait(self.fixture.fault_delay)
            self._send_bytes(HTTPStatus.OK, b"", "text/plain", head=head)
        elif name == "500":
            body = b"Internal Server Error\n"
            self._send_bytes(HTTPStatus.INTERNAL_SERVER_ERROR, body, "text/plain", head=head)
        elif name == "html":
            self._send_bytes(HTTPStatus.OK, WAF_PAGE, "text/html", head=head)
        elif name == "garbage":
            self._send_bytes(HTTPStatus.OK, garbage_bytes(), "application/rss+xml", head=head)
        elif name == "huge":
            self._stream_huge(head=head)
        elif name in ("429-once", "503-once"):
            if self.fixture._first_time(self.path):
                status = HTTPStatus(int(name.removesuffix("-once")))
                body = f"{status.value} {status.phrase}\n".encode()
                retry = {"Retry-After": "1"}
                self._send_bytes(status, body, "text/plain", head=head, extra=retry)
            else:
                self._send_bytes(HTTPStatus.OK, b"ok after waiting\n", "text/plain", head=head)
        elif name in MISBEHAVING:
            serve_misbehaving(self, name, head=head)
        else:
            answer = hostile_answer(name, base=self.fixture.base_url, target=self.path)
            if answer is None:
                answer = Answer(HTTPStatus.NOT_FOUND, "text/plain", b"Not Found\n")
            self._send_bytes(
                answer.status, answer.body, answer.ctype, head=head, extra=answer.headers
            )

    def _stream_huge(self, *, head: bool) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "application/rss+xml")
        self.end_headers()
        if head:
            return
        chunk = b"<!-- " + b"x" * (CHUNK - 9) + b" -->\n"
        sent = 0
        try:
            while sent < HUGE_LIMIT and not self.fixture._stop.is_set():
                self.wfile.write(chunk)
                sent += len(chunk)
        except DISCONNECTS:
            pass
        self.close_connection = True
