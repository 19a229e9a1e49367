"""A farm of synthetic sources for the poll benchmark, on several loopback addresses.

    python -m flows.devtools.bench.farm --sources 1000 --hosts 50 --latency 0.1
    # prints "ready PORT" once every address listens, then serves until killed

Source ``i`` lives on host ``127.0.1.(i % hosts + 1)`` (loopback only), so per-host limits
behave as they would with that many real publishers. Each source is an RSS feed of ``entries``
items (``/s{i}/feed.xml``) whose links are article pages (``/s{i}/{j}.html``, the text in an
``<article>``); their titles and texts are the import benchmark's synthetic releases (dialogues,
other releases, near copies), so the analysis does its usual work. Every answer waits
``latency`` seconds first; feeds carry an ETag and a Last-Modified and answer a matching
conditional GET with 304; ``/robots.txt`` allows everything.

The server is a minimal HTTP/1.1 server on asyncio streams (GET only, keep-alive), so that the
farm spends as little of the machine as it can: the benchmark measures the clients.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from email.utils import format_datetime
from html import escape
from pathlib import Path

from flows.devtools.bench.imports import releases

ETAG_SUFFIX = "-v1"
LAST_MODIFIED = "Mon, 01 Dec 2025 08:00:00 GMT"
ROBOTS = b"User-agent: *\nDisallow:\n"


@dataclass(frozen=True, slots=True)
class FarmSpec:
    """How many sources, on how many loopback hosts, with how many entries each."""

    sources: int
    hosts: int
    entries: int = 20
    latency: float = 0.1

    def host(self, source: int) -> str:
        return f"127.0.1.{source % self.hosts + 1}"

    def addresses(self) -> list[str]:
        return [f"127.0.1.{n + 1}" for n in range(min(self.hosts, self.sources))]

    def feed_url(self, source: int, port: int) -> str:
        return f"http://{self.host(source)}:{port}/s{source}/feed.xml"

    def feed_urls(self, port: int) -> list[str]:
        return [self.feed_url(i, port) for i in range(self.sources)]


def write_catalogue(spec: FarmSpec, port: int, path: Path) -> Path:
    """A cyberwatch source catalogue of the farm's feeds, one source each."""
    blocks = [
        f'[[source]]\nname = "farm-{i}"\nkind = "feed"\nurl = "{spec.feed_url(i, port)}"\n'
        'body = "article"\nlanguage = "en"\n'
        for i in range(spec.sources)
    ]
    path.write_text("\n".join(blocks), encoding="utf-8")
    return path


class Farm:
    """The pages of every source, rendered once, and the server that answers with them."""

    def __init__(self, spec: FarmSpec) -> None:
        self._spec = spec
        self._pages: dict[str, bytes] = {}
        records = releases(spec.sources * spec.entries, seed=11)
        for i in range(spec.sources):
            items: list[str] = []
            for j in range(spec.entries):
                record = next(records)
                path = f"/s{i}/{j}.html"
                title = escape(record.title)
                self._pages[path] = (
                    f"<!doctype html><html><head><title>{title}</title></head><body>"
                    f"<h1>{title}</h1><article><p>{escape(record.text)}</p></article>"
                    "</body></html>"
                ).encode()
                published = format_datetime(record.published) if record.published else ""
                items.append(
                    f"<item><title>{title}</title><link>{{BASE}}{path}</link>"
                    f"<guid>{{BASE}}{path}</guid><pubDate>{published}</pubDate>"
                    f"<description>{escape(record.text[:160])}</description></item>"
                )
            self._pages[f"/s{i}/feed.xml"] = (
                '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
                f"<title>Farm source {i}</title><link>{{BASE}}/s{i}/</link>"
                f"<description>synthetic</description>{''.join(items)}</channel></rss>"
            ).encode()

    async def serve(self, port: int = 0) -> tuple[list[asyncio.Server], int]:
        """Listen on every address of the farm (one port for all); return the servers and port."""
        servers: list[asyncio.Server] = []
        for address in self._spec.addresses():
            server = await asyncio.start_server(self._connection, address, port, backlog=1024)
            port = server.sockets[0].getsockname()[1]
            servers.append(server)
        return servers, port

    async def _connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                target = lines[0].split(" ")[1]
                headers = {}
                for line in lines[1:]:
                    name, _, value = line.partition(":")
                    headers[name.strip().lower()] = value.strip()
                await asyncio.sleep(self._spec.latency)
                writer.write(self._answer(target, headers))
                await writer.drain()
                if headers.get("connection", "").lower() == "close":
                    break
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
            pass
        finally:
            writer.close()

    def _answer(self, target: str, headers: dict[str, str]) -> bytes:
        path = target.split("?", 1)[0]
        host = headers.get("host", "")
        if path == "/robots.txt":
            return _response(200, ROBOTS, "text/plain")
        page = self._pages.get(path)
        if page is None:
            return _response(404, b"not found", "text/plain")
        if path.endswith("/feed.xml"):
            etag = f'"{path.split("/")[1]}{ETAG_SUFFIX}"'
            extra = f"ETag: {etag}\r\nLast-Modified: {LAST_MODIFIED}\r\n"
            if headers.get("if-none-match") == etag:
                return _response(304, b"", None, extra)
            body = page.replace(b"{BASE}", f"http://{host}".encode())
            return _response(200, body, "application/rss+xml", extra)
        return _response(200, page, "text/html; charset=utf-8")


def _response(status: int, body: bytes, kind: str | None, extra: str = "") -> bytes:
    reason = {200: "OK", 304: "Not Modified", 404: "Not Found"}[status]
    head = f"HTTP/1.1 {status} {reason}\r\n{extra}"
    if kind is not None:
        head += f"Content-Type: {kind}\r\n"
    if status != 304:
        head += f"Content-Length: {len(body)}\r\n"
    return (head + "\r\n").encode() + body


async def _main(spec: FarmSpec) -> None:
    servers, port = await Farm(spec).serve()
    print(f"ready {port}", flush=True)
    await asyncio.gather(*(server.serve_forever() for server in servers))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Serve synthetic sources on loopback hosts.")
    parser.add_argument("--sources", type=int, default=1000)
    parser.add_argument("--hosts", type=int, default=50)
    parser.add_argument("--entries", type=int, default=20)
    parser.add_argument("--latency", type=float, default=0.1, help="seconds before each answer")
    args = parser.parse_args(argv)
    spec = FarmSpec(args.sources, args.hosts, args.entries, args.latency)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_main(spec))
    return 0


if __name__ == "__main__":
    sys.exit(main())
