"""The benchmark's peak memory counts a contender's processes together, not its largest one."""

from __future__ import annotations

import subprocess
import sys

import pytest

from flows.devtools.bench.memory import TreeMemory

# A parent holding 60 MB that starts a child holding 60 MB, both alive for a moment together.
HOLD = "import time; block = bytearray(60 * 2**20); block[::4096] = b'x' * len(block[::4096])"
PAIR = f"""
import subprocess, sys
{HOLD}
child = subprocess.Popen([sys.executable, "-c", "{HOLD}; time.sleep(1.5)"])
time.sleep(1.5)
child.wait()
"""


@pytest.mark.slow
def test_the_peak_is_the_sum_of_a_process_and_its_children() -> None:
    process = subprocess.Popen([sys.executable, "-c", PAIR])
    with TreeMemory(process.pid, every=0.05) as memory:
        process.wait()

    assert process.returncode == 0
    assert memory.peak_mb > 120  # both blocks at once; either process alone holds about 70
