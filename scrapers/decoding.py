"""Content-Encoding undone within a size cap, so a gzip bomb never fills memory.

httpx's own decoder inflates each network chunk whole: 64 KB of a gzip bomb becomes 64 MB before
any cap can be checked. ``BoundedDecoder`` inflates with ``max_length``, so at most ``limit + 1``
decoded bytes ever exist, whatever the compression ratio. Only ``gzip``, ``deflate`` (zlib or
raw) and ``identity`` are asked for (``ACCEPT_ENCODING``) and accepted.
"""

from __future__ import annotations

import zlib

ACCEPT_ENCODING = "gzip, deflate"
_WBITS = {"gzip": 16 + zlib.MAX_WBITS, "x-gzip": 16 + zlib.MAX_WBITS, "deflate": zlib.MAX_WBITS}


class DecodingError(ValueError):
    """The body is not what its Content-Encoding says, or is in an encoding not asked for."""


class OverLimitError(ValueError):
    """The decoded body grew past the limit."""


class BoundedDecoder:
    """Decodes one body, chunk by chunk, raising OverLimitError past ``limit`` decoded bytes."""

    def __init__(self, content_encoding: str | None, *, limit: int) -> None:
        codings = [c.strip().lower() for c in (content_encoding or "").split(",") if c.strip()]
        codings = [c for c in codings if c != "identity"]
        if len(codings) > 1 or (codings and codings[0] not in _WBITS):
            raise DecodingError(f"unsupported Content-Encoding {content_encoding!r}")
        self._coding = codings[0] if codings else None
        self._inflate = zlib.decompressobj(_WBITS[self._coding]) if self._coding else None
        self._limit = limit
        self._size = 0
        self._first = True

    def decode(self, raw: bytes) -> bytes:
        """The decoded bytes of ``raw`` (the next chunk as received)."""
        if self._inflate is None:
            return self._count(raw)
        out = bytearray()
        data = raw
        while data:
            out += self._count(self._inflated(data))
            data = self._inflate.unconsumed_tail
        return bytes(out)

    def flush(self) -> bytes:
        """What the decoder still holds at the end of the body."""
        if self._inflate is None:
            return b""
        try:
            return self._count(self._inflate.flush())
        except zlib.error as e:
            raise DecodingError(f"invalid {self._coding} data: {e}") from e

    def _inflated(self, data: bytes) -> bytes:
        assert self._inflate is not None
        room = self._limit - self._size + 1
        try:
            return self._inflate.decompress(data, room)
        except zlib.error as e:
            if self._first and self._coding == "deflate":  # raw deflate, no zlib header
                self._first = False
                self._inflate = zlib.decompressobj(-zlib.MAX_WBITS)
                return self._inflated(data)
            raise DecodingError(f"invalid {self._coding} data: {e}") from e
        finally:
            self._first = False

    def _count(self, chunk: bytes) -> bytes:
        self._size += len(chunk)
        if self._size > self._limit:
            raise OverLimitError(f"decoded body is over the {self._limit}-byte limit")
        return chunk
