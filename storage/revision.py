"""What saving an item over the stored release it matches does: the save rules, pure.

``revise`` compares an item (and its verdict) with the stored release it matched, by guid or
by canonical URL, and says what to write, without I/O:

- the release moved when the item has the stored guid at another canonical URL: the archive
  follows it there, unless another release owns that URL (which only the archive knows);
- an empty body never replaces the stored one; the release is edited when its title or text
  changed (``content_hash``, blind to case and whitespace), else it was only seen again;
- an edit without new text was judged on less than the stored verdict: that verdict is kept.
"""

from __future__ import annotations

from dataclasses import dataclass

from scrapers.analysis import Verdict
from scrapers.model import Item
from storage.identity import content_hash


@dataclass(frozen=True, slots=True)
class StoredText:
    """What ``revise`` compares an item with: the stored release it matched."""

    guid: str | None
    canonical_url: str
    title: str
    body: str
    content_hash: str
    verdict: Verdict


@dataclass(frozen=True, slots=True)
class SeenAgain:
    """The release's text is unchanged: only what its listing says is refreshed."""

    moved: bool  # the release's guid is now at another URL: follow it


@dataclass(frozen=True, slots=True)
class Edited:
    """The release's title or text changed: the old text is kept as a version, this replaces
    it."""

    moved: bool  # as for SeenAgain
    body: str
    content_hash: str
    verdict: Verdict


Revision = SeenAgain | Edited


def revise(stored: StoredText, item: Item, *, canonical: str, verdict: Verdict) -> Revision:
    """What saving ``item`` (at ``canonical``, judged ``verdict``) over ``stored`` does."""
    moved = item.guid is not None and item.guid == stored.guid and canonical != stored.canonical_url
    body = item.body or stored.body
    digest = content_hash(item.title, body)
    if digest == stored.content_hash:
        return SeenAgain(moved)
    return Edited(
        moved, body, digest, kept_verdict(stored.verdict, verdict, new_text=bool(item.body))
    )


def kept_verdict(stored: Verdict, new: Verdict, *, new_text: bool) -> Verdict:
    """The verdict an edited release keeps: the new one when it came with new text, else (it
    was judged on its listing alone) the stored one."""
    return new if new_text else stored
