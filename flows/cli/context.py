"""What every command shares: the global options, as a ``Context``, and the exit statuses.

Exit status (README "Exit statuses"): 0 success; 1 a poll in which at least one source failed
(each is named on one line with the reason); 2 a usage or configuration error, an input or
output file that cannot be used; 3 the archive cannot be used (none yet for a reading command,
not an archive, damaged, newer); 4 the Prefect server cannot be started or reached (``serve``);
130 interrupted (Ctrl-C). ``flows.cli.failures`` turns each error into its line and status.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from config import Settings

EXIT_SOURCE_FAILED = 1
EXIT_CONFIG = 2
EXIT_STORAGE = 3
EXIT_SERVER = 4
EXIT_INTERRUPTED = 130


@dataclass(frozen=True, slots=True)
class Context:
    """The settings and options every command gets (``ctx.obj``)."""

    settings: Settings
    verbose: bool
    config: Path | None = None  # --config, when given
