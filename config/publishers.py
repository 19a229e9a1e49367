"""Each source's issuing body, read from the catalogue's TOML without building its models.

For the commands that only name publishers (``search --json``, ``show``, ``export``): the
catalogue has already been checked (``config.sources.load_sources``: the CLI checks any
catalogue but the built-in one, which the tests check, before every command), so checking every
selector and template again to read two keys would only cost time.
"""

from __future__ import annotations

from pathlib import Path

from config.toml import read_toml


def read_publishers(path: Path) -> dict[str, str]:
    """Each source's name -> its ``publisher``, else its name (what ``load_sources`` would give
    for a valid catalogue); a table without a name is left out."""
    entries = read_toml(path).get("source")
    found: dict[str, str] = {}
    for entry in entries if isinstance(entries, list) else ():
        name = entry.get("name") if isinstance(entry, dict) else None
        if isinstance(name, str) and name.strip():
            publisher = entry.get("publisher")
            found[name] = publisher if isinstance(publisher, str) and publisher else name
    return found
