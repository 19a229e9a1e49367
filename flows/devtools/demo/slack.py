"""A local stand-in for Slack's incoming webhook, on 127.0.0.1, for the tests and dev tools.

    with slack_stand_in(token="T/B/secret") as slack:
        settings = ... webhook_url=slack.url ...
        ...
        assert slack.posts[0]["text"] ...

It records every post (path, raw body, JSON payload, arrival time) and answers each from
``script`` (status, headers, body) while the script lasts, then ``200 ok`` as Slack does.
Standard library only.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Answer = tuple[int, dict[str, str], str]
"""Status, extra headers and body of one answer."""


@dataclass
class SlackStandIn:
    """What was posted to the stand-in, and the answers it still has to give."""

    token: str
    port: int = 0
    paths: list[str] = field(default_factory=list)
    bodies: list[str] = field(default_factory=list)
    posts: list[Any] = field(default_factory=list)
    """Each post's JSON payload (``None`` for a body that is not JSON)."""
    arrivals: list[float] = field(default_factory=list)
    """``time.monotonic()`` when each post arrived."""
    script: list[Answer] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        """The webhook URL to configure: ``http://127.0.0.1:PORT/services/TOKEN``."""
        return f"http://127.0.0.1:{self.port}/services/{self.token}"

    def record(self, path: str, body: bytes) -> Answer:
        """Note one post; the answer to give it."""
        text = body.decode("utf-8", "replace")
        try:
            payload = json.loads(text)
        except ValueError:
            payload = None
        with self.lock:
            self.paths.append(path)
            self.bodies.append(text)
            self.posts.append(payload)
            self.arrivals.append(time.monotonic())
            return self.script.pop(0) if self.script else (200, {}, "ok")

    def first_post_with(self, text: str) -> float | None:
        """When the first post whose body contains ``text`` arrived, if one has."""
        with self.lock:
            posts = zip(self.arrivals, self.bodies, strict=True)
            return next((at for at, body in posts if text in body), None)


@contextmanager
def slack_stand_in(token: str = "T000/B000/stand-in") -> Iterator[SlackStandIn]:
    """Serve a :class:`SlackStandIn` on a free port of 127.0.0.1 until the block ends."""
    stand_in = SlackStandIn(token=token)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("content-length", "0"))
            status, headers, body = stand_in.record(self.path, self.rfile.read(length))
            data = body.encode()
            self.send_response(status)
            for name, value in {"content-type": "text/plain", **headers}.items():
                self.send_header(name, value)
            self.send_header("content-length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    stand_in.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield stand_in
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
