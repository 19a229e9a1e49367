"""Test-wide isolation: Prefect and the per-user data directory live in a temporary home.

Set before any test module imports Prefect, so no test touches ~/.prefect or the real archive.
"""

import os
import tempfile
from pathlib import Path

_home = Path(tempfile.mkdtemp(prefix="cyberwatch-tests-"))
os.environ.setdefault("PREFECT_HOME", str(_home / "prefect"))
os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
os.environ["XDG_DATA_HOME"] = str(_home / "data")
for _key in [k for k in os.environ if k.startswith("CYBERWATCH_")]:
    del os.environ[_key]
