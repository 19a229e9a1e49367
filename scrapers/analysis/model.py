"""What the analysis of one release yields: frozen values that cross into storage and flows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

Kind = Literal["dialogue", "commentary", "other"]
Role = Literal["original", "copy", "report"]  # a release's part in the event it reports


@dataclass(frozen=True, slots=True)
class Chair:
    """A person the text says chaired or led a delegation, as written, with the title given."""

    name: str
    title: str = ""


@dataclass(frozen=True, slots=True)
class Verdict:
    """Whether a release is a cyber-dialogue release, how strongly and why; stored with it."""

    relevant: bool = False
    score: float = 0.0
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Analysis:
    """The verdict on a release and what it says about the meeting it reports.

    ``relevant`` is true only for a dialogue release (official, or a copy of one); a news report
    or commentary about a dialogue is ``kind="commentary"`` and not relevant, but is still
    extracted so it can be linked to the event. ``parties`` are sorted ISO 3166 alpha-2 codes
    or EU, NATO, ASEAN (the Quad is listed as its four members).
    """

    relevant: bool
    score: float
    kind: Kind
    reasons: tuple[str, ...] = ()
    parties: tuple[str, ...] = ()
    round: int | None = None
    held_on: date | None = None
    location: str | None = None
    chairs: tuple[Chair, ...] = ()
    agencies: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    virtual: bool = False

    @property
    def verdict(self) -> Verdict:
        return Verdict(relevant=self.relevant, score=self.score, reasons=self.reasons)


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """What recognises a release's text elsewhere: an exact hash and a MinHash signature."""

    normalized_hash: str
    signature: tuple[int, ...] = field(default_factory=tuple)
    bands: tuple[str, ...] = field(default_factory=tuple)
