"""The benchmark's CPU time of a process tree counts the process's children, read from /proc."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from flows.devtools.bench.processes import tree, tree_cpu

# A child that uses half a second of CPU, says so, then waits to be ended.
BURN = """
import time
started = time.process_time()
while time.process_time() - started < 0.5:
    pass
print("burnt", flush=True)
time.sleep(60)
"""


@pytest.mark.slow
def test_a_tree_holds_its_children_and_their_cpu_time() -> None:
    child = subprocess.Popen([sys.executable, "-c", BURN], stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None and child.stdout.readline() == "burnt\n"
        assert child.pid in tree(os.getpid())
        assert tree(child.pid) == [child.pid]
        assert tree_cpu(child.pid) >= 0.45
        assert tree_cpu(os.getpid()) >= tree_cpu(child.pid) + time_of_this_process() * 0.9
    finally:
        child.kill()
        child.wait()
    assert child.pid not in tree(os.getpid())  # an ended child is no longer counted


def time_of_this_process() -> float:
    times = os.times()
    return times.user + times.system
