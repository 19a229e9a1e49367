"""Real HTTP servers on 127.0.0.1: one route per behaviour the fetcher must handle, and the
publishers' fixture sites with the catalogue that reads them."""

from __future__ import annotations

import gzip
import json
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from config import Source, load_sources
from flows.devtools.demo.server import SITES_DIR, SOURCES_TEMPLATE, FixtureServer, render_sources
from scrapers import Response

DATA = Path(__file__).resolve().parents[1] / "data"
ETAG = '"v1-abc"'
LAST_MODIFIED = "Fri, 26 Jun 2026 08:00:03 GMT"
FEED_TYPE = "application/rss+xml"  # no charset, as MOFA serves it
MOFA_302 = DATA / "real" / "mofa_kr" / "rss_brdId302_press_releases_trimmed.xml"


@dataclass(frozen=True)
class Server:
    base: str
    release: threading.Event  # set to let the "slow" route answer
    etag: str = ETAG
    last_modified: str = LAST_MODIFIED

    def url(self, path: str) -> str:
        return f"{self.base}{path}"


def _handler(release: threading.Event) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # quiet
            pass

        def do_GET(self) -> None:
            route: Callable[[], None] | None = getattr(
                self, "route_" + self.path.strip("/").split("?")[0].replace("-", "_"), None
            )
            if route is None:
                self.answer(404, b"not here", content_type="text/html")
            else:
                route()

        def answer(
            self,
            status: int,
            body: bytes = b"",
            *,
            content_type: str = "text/plain; charset=utf-8",
            headers: dict[str, str] | None = None,
        ) -> None:
            if headers and "Date" in headers:
                self.send_response_only(status)  # send_response would add its own Date
            else:
                self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def route_etag(self) -> None:
            if self.headers.get("If-None-Match") == ETAG:
                self.answer(304, headers={"ETag": ETAG})
            else:
                self.answer(200, b"fresh", headers={"ETag": ETAG})

        def route_modified(self) -> None:
            if self.headers.get("If-Modified-Since") == LAST_MODIFIED:
                self.answer(304)
            else:
                self.answer(200, b"fresh", headers={"Last-Modified": LAST_MODIFIED})

        def route_echo(self) -> None:
            body = json.dumps({k.lower(): v for k, v in self.headers.items()}).encode()
            self.answer(200, body, content_type="application/json")

        def route_error(self) -> None:
            self.answer(500, b"boom")

        def route_missing(self) -> None:
            self.answer(404, b"gone")

        def route_busy(self) -> None:
            self.answer(429, b"slow down", headers={"Retry-After": "7"})

        def route_busy_until(self) -> None:
            self.answer(
                503,
                b"maintenance",
                headers={
                    "Date": "Fri, 26 Jun 2026 08:00:00 GMT",
                    "Retry-After": "Fri, 26 Jun 2026 08:02:00 GMT",
                },
            )

        def route_loop(self) -> None:
            self.answer(302, headers={"Location": "/loop"})

        def route_moved(self) -> None:
            self.answer(301, headers={"Location": "/etag"})

        def route_declared_huge(self) -> None:
            self.send_response(200)
            self.send_header("Content-Length", str(10**9))
            self.end_headers()
            self.wfile.write(b"x" * 1024)

        def route_endless(self) -> None:
            # No Content-Length: the body runs until the client hangs up (1 GB at most).
            self.send_response(200)
            self.send_header("Content-Type", "application/octet-stream")
            self.end_headers()
            chunk = b"x" * 65536
            try:
                for _ in range(16384):
                    self.wfile.write(chunk)
            except (BrokenPipeError, ConnectionResetError):
                return

        def route_slow(self) -> None:
            release.wait(30)
            try:
                self.answer(200, b"late")
            except (BrokenPipeError, ConnectionResetError):
                return

        def route_gzip(self) -> None:
            body = gzip.compress("zipped ’text’ 사이버".encode() * 100)
            self.answer(200, body, headers={"Content-Encoding": "gzip"})

        def route_mofa(self) -> None:
            self.answer(200, MOFA_302.read_bytes(), content_type=FEED_TYPE)

        def route_waf(self) -> None:
            page = b"<!DOCTYPE html><html><head><title>Technical Difficulties</title></head>"
            self.answer(200, page + b"<body><p>Sorry</p></body></html>", content_type="text/html")

    return Handler


@pytest.fixture(scope="session")
def server() -> Iterator[Server]:
    release = threading.Event()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(release))
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield Server(base=f"http://127.0.0.1:{httpd.server_address[1]}", release=release)
    finally:
        release.set()
        httpd.shutdown()
        httpd.server_close()
        thread.join()


# The publishers' fixture sites (flows/devtools/demo/sites) and the catalogue that reads them: the
# built-in sources with their URLs on 127.0.0.1 (tests/flows/test_fixture_catalogue.py).


@pytest.fixture(scope="session")
def sites() -> Iterator[FixtureServer]:
    with FixtureServer(SITES_DIR) as running:
        yield running


@pytest.fixture(scope="session")
def catalogue(sites: FixtureServer, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Source]:
    """The fixture catalogue by source name, rendered for ``sites``."""
    dest = tmp_path_factory.mktemp("catalogue") / "sources.toml"
    return {s.name: s for s in load_sources(render_sources(SOURCES_TEMPLATE, sites.base_url, dest))}


@pytest.fixture(scope="session")
def fetch(sites: FixtureServer) -> Iterator[Callable[[str], Response]]:
    """``fetch(url)``: a plain GET of a fixture URL (or path), as the fetcher's Response."""
    with httpx.Client(timeout=10.0) as client:

        def get(url: str) -> Response:
            answer = client.get(url if url.startswith("http") else sites.base_url + url)
            assert answer.status_code == 200, url
            return Response(
                url=str(answer.url),
                status=answer.status_code,
                headers={k.lower(): v for k, v in answer.headers.items()},
                content=answer.content,
            )

        yield get
