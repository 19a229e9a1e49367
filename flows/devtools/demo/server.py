"""A local HTTP server for the demo and the tests: serves the fixture sites on 127.0.0.1.

    with FixtureServer(SITES_DIR) as server:
        catalogue = render_sources(SOURCES_TEMPLATE, server.base_url, tmp / "sources.toml")
        ...

URL layout: ``/<path>`` maps to a file under ``root`` (exact file, else ``<path>.html``, else
``<path>/index.html``; the query string is ignored; anything outside ``root`` is 404). Text files
have ``{{BASE}}`` replaced by :attr:`FixtureServer.base_url`, so fixtures can carry absolute links
back to this server. Responses carry a strong ``ETag`` and a ``Last-Modified`` date and answer
conditional GETs with 304. Paths under ``/_fault/`` answer with faults (``faults.py``).

``/robots.txt`` is a fixture file like any other (``sites/robots.txt``).

Standard library only: no Prefect, no third-party imports.
"""

from __future__ import annotations

import contextlib
import hashlib
import sys
import threading
from dataclasses import dataclass
from email.utils import formatdate, parsedate_to_datetime
from http import HTTPStatus
from http.server import ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any, Self, cast
from urllib.parse import unquote, urlsplit

from flows.devtools.demo.faults import DISCONNECTS, FaultRoutes

__all__ = [
    "SITES_DIR",
    "SOURCES_TEMPLATE",
    "FixtureServer",
    "RequestRecord",
    "render_sources",
]

SITES_DIR = Path(__file__).parent / "sites"
"""The bundled fixture sites (``govuk/...``, ``mofa/...``)."""
SOURCES_TEMPLATE = SITES_DIR / "sources.toml"
"""Source catalogue for the fixture sites, with ``{{BASE}}`` placeholders."""

PLACEHOLDER = "{{BASE}}"
_HANDLER_TIMEOUT = 5.0

_CONTENT_TYPES = {
    ".atom": "application/atom+xml; charset=utf-8",
    ".rss": "application/rss+xml",  # MOFA quirk: no charset although the body is UTF-8
    ".xml": "application/xml",
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".do": "text/html; charset=utf-8",  # MOFA list.do / view.do pages
    ".aspx": "text/html; charset=utf-8",  # Spain's SharePoint pages
    ".ashx": "application/rss+xml; charset=utf-8",  # the EU Council's feed handler
    "": "text/html; charset=utf-8",  # extensionless view pages
    ".json": "application/json",
    ".txt": "text/plain; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
    ".toml": "application/toml",
}
_BINARY = "application/octet-stream"


@dataclass(frozen=True, slots=True)
class RequestRecord:
    """One request the server answered: target as sent (with query), status, request headers."""

    path: str
    status: int
    headers: dict[str, str]


def content_type(path: Path) -> str:
    """The Content-Type the server sends for a file, chosen by extension."""
    return _CONTENT_TYPES.get(path.suffix.lower(), _BINARY)


def render_sources(template: Path, base_url: str, dest: Path) -> Path:
    """Write ``template`` to ``dest`` with ``{{BASE}}`` set to ``base_url``; return ``dest``."""
    text = template.read_text(encoding="utf-8").replace(PLACEHOLDER, base_url.rstrip("/"))
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(text, encoding="utf-8")
    return dest


class FixtureServer:
    """A threaded HTTP server on 127.0.0.1 (random port) serving files under ``root``.

    Use as a context manager; it starts a daemon thread on enter and shuts down, closes the
    socket and joins every handler thread on exit.
    """

    def __init__(self, root: Path, *, fault_delay: float = 5.0) -> None:
        self.root = root.resolve()
        self.fault_delay = fault_delay
        self._lock = threading.Lock()
        self._records: list[RequestRecord] = []
        self._stop = threading.Event()
        self._answered_once: set[str] = set()  # targets of /_fault/*-once already refused
        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle ----------------------------------------------------------------------------

    def start(self) -> None:
        if self._httpd is not None:
            raise RuntimeError("FixtureServer already started")
        self._stop.clear()
        httpd = _HTTPServer(("127.0.0.1", 0), _Handler)
        httpd.fixture = self
        self._httpd = httpd
        self._thread = threading.Thread(
            target=httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"FixtureServer:{httpd.server_address[1]}",
            daemon=True,
        )
        self._thread.start()

    def stop(self) -> None:
        httpd, thread = self._httpd, self._thread
        if httpd is None:
            return
        self._stop.set()  # wakes /_fault/timeout and /_fault/huge handlers
        httpd.shutdown()
        if thread is not None:
            thread.join()
        httpd.server_close()  # joins the handler threads
        self._httpd = None
        self._thread = None

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # -- public state -------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT`` (no trailing slash)."""
        if self._httpd is None:
            raise RuntimeError("FixtureServer is not running")
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def requests(self) -> list[RequestRecord]:
        """A copy of the requests answered so far, oldest first."""
        with self._lock:
            return list(self._records)

    def clear_requests(self) -> None:
        with self._lock:
            self._records.clear()

    # -- used by the handler ------------------------------------------------------------------

    def _record(self, record: RequestRecord) -> None:
        with self._lock:
            self._records.append(record)

    def _first_time(self, target: str) -> bool:
        """True the first time ``target`` is asked for (for the ``*-once`` fault routes)."""
        with self._lock:
            first = target not in self._answered_once
            self._answered_once.add(target)
            return first

    def _resolve(self, target: str) -> Path | None:
        """The file served for a request target, or None (missing or outside root)."""
        rel = unquote(urlsplit(target).path).lstrip("/")
        if "\x00" in rel:
            return None
        base = (self.root / rel).resolve()
        if not base.is_relative_to(self.root):
            return None
        for candidate in (base, Path(f"{base}.html"), base / "index.html"):
            real = candidate.resolve()
            if real.is_relative_to(self.root) and real.is_file():
                return real
        return None


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = False  # so server_close() joins the handler threads
    block_on_close = True
    fixture: FixtureServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Stay quiet about clients that hang up; report anything else as usual."""
        if isinstance(sys.exc_info()[1], DISCONNECTS):
            return
        super().handle_error(request, client_address)


class _Handler(FaultRoutes):
    protocol_version = "HTTP/1.0"  # one request per connection: no idle keep-alive threads
    timeout = _HANDLER_TIMEOUT
    server_version = "FixtureServer/1.0"

    @property
    def fixture(self) -> FixtureServer:
        return cast(_HTTPServer, self.server).fixture

    def log_message(self, format: str, *args: Any) -> None:
        """Silence the default stderr request log."""

    def send_response(self, code: int, message: str | None = None) -> None:
        # Recorded before the body goes out, so a client that has the response sees the record.
        headers = getattr(self, "headers", None)  # unset when the request line was malformed
        self.fixture._record(
            RequestRecord(
                path=getattr(self, "path", ""),
                status=int(code),
                headers=dict(headers.items()) if headers is not None else {},
            )
        )
        super().send_response(code, message)

    def handle(self) -> None:
        try:
            super().handle()
        except DISCONNECTS:
            self.close_connection = True

    def do_GET(self) -> None:  # noqa: N802 (http.server names it)
        self._serve(head=False)

    def do_HEAD(self) -> None:  # noqa: N802 (http.server names it)
        self._serve(head=True)

    # -- responses ------------------------------------------------------------------------------

    def _serve(self, *, head: bool) -> None:
        path = urlsplit(self.path).path
        if path.startswith("/_fault/"):
            self.serve_fault(path.removeprefix("/_fault/"), head=head)
            return
        file = self.fixture._resolve(self.path)
        if file is None:
            self._send_bytes(HTTPStatus.NOT_FOUND, b"Not Found\n", "text/plain", head=head)
            return
        ctype = content_type(file)
        body = file.read_bytes()
        if ctype != _BINARY:
            body = body.replace(PLACEHOLDER.encode(), self.fixture.base_url.encode())
        etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
        mtime = int(file.stat().st_mtime)
        validators = {"ETag": etag, "Last-Modified": formatdate(mtime, usegmt=True)}
        if self._not_modified(etag, mtime):
            self.send_response(HTTPStatus.NOT_MODIFIED)
            for name, value in validators.items():
                self.send_header(name, value)
            self.end_headers()
            return
        self._send_bytes(HTTPStatus.OK, body, ctype, head=head, extra=validators)

    def _not_modified(self, etag: str, mtime: int) -> bool:
        if_none_match = self.headers.get("If-None-Match")
        if if_none_match is not None:
            tags = {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
            return "*" in tags or etag in tags
        if_modified_since = self.headers.get("If-Modified-Since")
        if if_modified_since:
            try:
                since = parsedate_to_datetime(if_modified_since)
            except (TypeError, ValueError):
                return False
            return since.tzinfo is not None and since.timestamp() >= mtime
        return False


def main() -> None:
    """Serve the fixture sites until interrupted: ``python -m flows.devtools.demo.server``."""
    with FixtureServer(SITES_DIR) as server:
        print(f"Serving {SITES_DIR} at {server.base_url} (Ctrl-C to stop)")
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()


if __name__ == "__main__":
    main()
