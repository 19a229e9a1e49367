"""Fingerprints that find a release's text again on another site.

Normalisation drops boilerplate lines (an aggregator's "11/07/2024 | Press release |
Distributed by Public on ..." header, "Advertisement", "Share"; regexes in the rules file),
then case, punctuation and spacing. Its SHA-256 is the exact hash: a copy that differs only
in those has the same one.

For copies with small edits, a MinHash signature estimates the Jaccard similarity of two
texts' shingles (``shingle`` consecutive words; each Korean or Japanese character is a
word). It is computed with one-permutation hashing: every shingle is hashed once (BLAKE2b,
stable across runs), the hash picks one of ``signature`` bins and the bin keeps its smallest
value; empty bins borrow from the next filled one (rotation densification). Cost is linear in
the text, with no per-permutation loop. The signature is cut into ``bands`` bands; two texts
sharing any band are candidates (locality-sensitive hashing), so finding a release's copies
is one index lookup per band whatever the size of the archive.
"""

from __future__ import annotations

import hashlib
import operator
import re
import unicodedata
from array import array
from collections.abc import Sequence
from typing import TYPE_CHECKING

from scrapers.analysis.model import Fingerprint

if TYPE_CHECKING:  # the rules are passed in: the archive's copy lookup does not compile them
    from scrapers.analysis.rules import Rules

_TOKENS = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]|[^\W_]+")
_VALUE_BITS = 32
_EMPTY = 1 << _VALUE_BITS
_ROTATION = 1 << 33  # added per bin of distance when an empty bin borrows a value
MIN_SHINGLES = 5


def normalized_text(text: str, rules: Rules) -> str:
    """The text as compared: boilerplate lines out, then lower case words only."""
    lines = (
        line
        for line in unicodedata.normalize("NFKC", text).splitlines()
        if line.strip() and not any(p.fullmatch(line) for p in rules.boilerplate)
    )
    return " ".join(_TOKENS.findall(" ".join(lines).casefold()))


def fingerprint(title: str, text: str, rules: Rules) -> Fingerprint:
    """The exact hash and MinHash signature (with LSH band keys) of a release's text."""
    settings = rules.settings
    normal = normalized_text(text, rules) or normalized_text(title, rules)
    digest = hashlib.sha256(normal.encode("utf-8")).hexdigest()
    tokens = normal.split()
    size = settings.shingle
    shingles = {" ".join(tokens[i : i + size]) for i in range(max(1, len(tokens) - size + 1))}
    if len(shingles) < MIN_SHINGLES:
        return Fingerprint(digest)
    signature = minhash(shingles, settings.signature)
    return Fingerprint(digest, signature, band_keys(signature, settings.bands))


def minhash(shingles: set[str], size: int) -> tuple[int, ...]:
    """One-permutation MinHash of ``shingles`` with ``size`` values."""
    bins = [_EMPTY] * size
    blake2b, from_bytes = hashlib.blake2b, int.from_bytes  # looked up once: a call a shingle
    shift = 64 - _VALUE_BITS
    for shingle in shingles:
        value = from_bytes(blake2b(shingle.encode(), digest_size=8).digest(), "big")
        slot = value % size
        low = value >> shift
        if low < bins[slot]:
            bins[slot] = low
    if _EMPTY in bins:
        for i in range(size):
            if bins[i] == _EMPTY:
                distance = next(d for d in range(1, size + 1) if bins[(i + d) % size] != _EMPTY)
                bins[i] = (bins[(i + distance) % size] + distance * _ROTATION) & (_EMPTY - 1)
    return tuple(bins)


def band_keys(signature: Sequence[int], bands: int) -> tuple[str, ...]:
    rows = len(signature) // bands
    keys = []
    for band in range(bands):
        chunk = array("I", signature[band * rows : (band + 1) * rows]).tobytes()
        keys.append(f"{band}:{hashlib.blake2b(chunk, digest_size=8).hexdigest()}")
    return tuple(keys)


def similarity(a: Sequence[int], b: Sequence[int]) -> float:
    """Estimated Jaccard similarity of the texts behind two signatures."""
    if not a or len(a) != len(b):
        return 0.0
    equal: int = sum(map(operator.eq, a, b))  # equal lengths, checked above
    return equal / len(a)


def pack(signature: Sequence[int]) -> bytes:
    return array("I", signature).tobytes()


def unpack(blob: bytes) -> tuple[int, ...]:
    values = array("I")
    values.frombytes(blob)
    return tuple(values)
