"""BoundedDecoder: Content-Encoding undone within a cap, whatever the compression ratio."""

from __future__ import annotations

import gzip
import zlib

import pytest

from flows.devtools.demo.hostile import gzip_bomb
from scrapers.decoding import BoundedDecoder, DecodingError, OverLimitError


def decode_all(data: bytes, encoding: str | None, *, limit: int, chunk: int = 65536) -> bytes:
    decoder = BoundedDecoder(encoding, limit=limit)
    out = [decoder.decode(data[i : i + chunk]) for i in range(0, len(data), chunk)]
    return b"".join(out) + decoder.flush()


@pytest.mark.parametrize(
    ("encoding", "encode"),
    [
        (None, lambda b: b),
        ("identity", lambda b: b),
        ("gzip", gzip.compress),
        ("x-gzip", gzip.compress),
        ("deflate", zlib.compress),  # zlib-wrapped, as the RFC says
        ("deflate", lambda b: zlib.compress(b, wbits=-15)),  # raw, as some servers send
        ("GZIP", gzip.compress),
    ],
)
def test_bodies_are_decoded(encoding: str | None, encode: object) -> None:
    body = b"<rss>" + b"release text " * 5000 + b"</rss>"
    assert callable(encode)
    assert decode_all(encode(body), encoding, limit=1 << 20, chunk=1000) == body


def test_a_gzip_bomb_stops_at_the_limit_without_inflating_the_rest() -> None:
    bomb = gzip_bomb(64)  # 64 MB of zeros in about 65 KB
    assert len(bomb) < 100_000
    assert zlib.decompress(bomb, 31)[:10] == b"\0" * 10  # a valid gzip file
    decoder = BoundedDecoder("gzip", limit=1_000_000)
    produced = 0
    with pytest.raises(OverLimitError, match="over the 1000000-byte limit"):
        for i in range(0, len(bomb), 65536):  # one network chunk holds ~64 MB decoded
            produced += len(decoder.decode(bomb[i : i + 65536]))
    assert produced <= 1_000_000  # nothing past the limit was handed out


def test_exactly_the_limit_is_accepted() -> None:
    body = b"x" * 1000
    assert decode_all(gzip.compress(body), "gzip", limit=1000) == body
    with pytest.raises(OverLimitError):
        decode_all(gzip.compress(body), "gzip", limit=999)


@pytest.mark.parametrize("encoding", ["br", "zstd", "compress", "gzip, gzip", "rot13"])
def test_encodings_not_asked_for_are_refused(encoding: str) -> None:
    with pytest.raises(DecodingError, match="unsupported Content-Encoding"):
        BoundedDecoder(encoding, limit=100)


def test_corrupt_data_is_a_decoding_error() -> None:
    with pytest.raises(DecodingError, match="invalid gzip data"):
        decode_all(b"\x1f\x8b\x08\x00garbage-not-deflate", "gzip", limit=1000)
