"""Test-wide isolation: Prefect and the per-user data directory live in a temporary home.

Set before any test module imports Prefect, so no test touches ~/.prefect or the real archive.
The fast loop (``-m "not slow"``) does not import the modules that are slow as a whole.
"""

import os
import tempfile
from pathlib import Path

import pytest

_home = Path(tempfile.mkdtemp(prefix="cyberwatch-tests-"))
os.environ.setdefault("PREFECT_HOME", str(_home / "prefect"))
os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
os.environ["XDG_DATA_HOME"] = str(_home / "data")
os.environ["XDG_CACHE_HOME"] = str(_home / "cache")
for _key in [k for k in os.environ if k.startswith("CYBERWATCH_")]:
    del os.environ[_key]


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """In the fast loop (``-m "not slow"``, ``make quick``), skip importing the modules marked
    slow as a whole (``pytestmark = pytest.mark.slow``): their tests would all be deselected, and
    some import Prefect's test server, which alone takes seconds. Only an optimisation: with any
    other marker expression every module is collected and ``-m`` selects as usual."""
    if config.option.markexpr.replace(" ", "") != "notslow" or collection_path.suffix != ".py":
        return None
    lines = collection_path.read_text(encoding="utf-8").splitlines()
    return True if "pytestmark = pytest.mark.slow" in lines else None
