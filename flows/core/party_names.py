"""The parties' headline names ("GB": "UK"), kept in a file between runs.

``scrapers.analysis.countries`` builds them with the whole parties' table, from CLDR in seven
languages (about 0.2 s of CPU); a command that only shows a few names (``search --table``,
``show``) reads them from ``<cache dir>/party-names-<key>.json`` instead, built the first time.
The key covers everything the names come from: the versions of babel (CLDR) and pycountry and
the modules that build the table, so any change of one makes a new file. A file that cannot be
read or written is no error: the names are then built as before.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from contextlib import suppress
from importlib.metadata import PackageNotFoundError, version
from importlib.resources import files
from pathlib import Path

SOURCES = ("babel", "pycountry")  # the libraries the names come from
MODULES = ("countries.py", "country_names.py", "inflection.py")  # the code that builds them


def cache_dir() -> Path:
    """The per-user cache directory: ``~/.cache/cyberwatch`` on Linux (XDG_CACHE_HOME)."""
    import platformdirs

    return Path(platformdirs.user_cache_dir("cyberwatch", appauthor=False))


def display_names(directory: Path | None = None) -> Mapping[str, str]:
    """Every party's headline name by code, from the cache file if there is one (a code
    without one is its own name: ``names.get(code, code)``, as ``countries.display_name``)."""
    path = (directory or cache_dir()) / f"party-names-{_key()}.json"
    try:
        names = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(names, dict):
            return names
    except (OSError, ValueError):
        pass
    from scrapers.analysis.countries import DISPLAY_NAMES

    names = dict(DISPLAY_NAMES)
    _write(path, names)
    return names


def _key() -> str:
    digest = hashlib.sha256()
    for dist in SOURCES:
        try:
            digest.update(f"{dist} {version(dist)}\n".encode())
        except PackageNotFoundError:
            digest.update(f"{dist} ?\n".encode())
    package = files("scrapers.analysis")
    for module in MODULES:
        digest.update(package.joinpath(module).read_bytes())
    return digest.hexdigest()[:16]


def _write(path: Path, names: Mapping[str, str]) -> None:
    """Write the file whole or not at all (another process may be reading or writing it)."""
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_text(json.dumps(names, ensure_ascii=False), encoding="utf-8")
        temporary.replace(path)
    except OSError:
        with suppress(OSError):
            temporary.unlink(missing_ok=True)
