"""Run the poll benchmark: the farm, then each contender cold and warm, each in its own process.

Contenders: ``bare`` (``baseline.py``), ``bare-analysis`` (the same script judging and
fingerprinting each new release as cyberwatch does, in its one process: the work any tool must
do to pick out and deduplicate releases, done the simplest way), ``core`` (cyberwatch's poll
without Prefect, ``core.py``) and ``flow`` (``cyberwatch poll --all``, the command as users run
it: start-up, Prefect's flow and its temporary server included). Each runs as a child process of
this one, one after the other against the same farm (itself a child process), so they share the
machine alike; its wall time, CPU time (user + system, its own children included: the worker
processes that judge a large poll) come from ``os.wait4``, its peak memory from samples of the
resident sets of it and its children together (``memory.py``), or ``os.wait4``'s largest
resident set of any one of them where that is larger. A cold run starts from an empty archive; the
warm run that follows polls again, and every feed answers 304.

cyberwatch gets its defaults except the politeness rate for the farm's hosts (ours), raised to
1,000 requests a second in the benchmark's own configuration file; with ``politeness`` the
default rate is kept too, to show what real hosts' limits cost.

The flow's Prefect home is new, and Prefect creates its database on a home's first run (all its
migrations: about 9 s here, once per home and Prefect version, not once per poll). That is done
first, by the command a first run uses (``flows.orchestration.server_database``), timed as a row
of its own (``NEW_HOME``); the cold run then measures polling the farm's new releases.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from flows.devtools.bench.bytecode import compile_modules
from flows.devtools.bench.farm import FarmSpec, write_catalogue
from flows.devtools.bench.memory import TreeMemory

CONTENDERS = ("bare", "bare-analysis", "core", "flow")

FARM_RATE = 1000.0  # requests per second to each farm host: raised, the hosts are ours
NEW_HOME = "new Prefect home, once"  # the phase of creating a home's Prefect database


@dataclass(frozen=True, slots=True)
class Measure:
    """One run of one contender."""

    contender: str
    sources: int
    phase: str  # "cold", "warm", or "cold, default rate"
    wall: float  # seconds
    cpu: float  # seconds, user + system
    peak_mb: float
    releases: int  # stored after the run
    ok: bool  # exit status 0


@contextmanager
def farm(spec: FarmSpec, workdir: Path) -> Iterator[int]:
    """Run the farm in a child process for the block; yield its port."""
    log = (workdir / "farm.log").open("wb")
    command = [sys.executable, "-m", "flows.devtools.bench.farm"]
    command += ["--sources", str(spec.sources), "--hosts", str(spec.hosts)]
    command += ["--entries", str(spec.entries), "--latency", str(spec.latency)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=log)
    try:
        assert process.stdout is not None
        line = process.stdout.readline().decode().split()
        if line[:1] != ["ready"]:
            raise RuntimeError(f"the farm did not start: see {workdir / 'farm.log'}")
        yield int(line[1])
    finally:
        process.terminate()
        process.wait()
        log.close()


def timed(
    command: Sequence[str], *, env: dict[str, str], log: Path, cwd: Path | None = None
) -> tuple[float, float, float, bool]:
    """Run ``command`` (in ``cwd``); its wall seconds, CPU seconds, peak memory in MB (its
    processes together), and success."""
    with log.open("ab") as out:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=out, env=env, cwd=cwd)
        with TreeMemory(process.pid) as memory:
            _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
    cpu = usage.ru_utime + usage.ru_stime
    peak = max(memory.peak_mb, usage.ru_maxrss / 1024)
    return wall, cpu, peak, process.returncode == 0


def run_scale(
    spec: FarmSpec, workdir: Path, *, contenders: Sequence[str], politeness: bool = False
) -> list[Measure]:
    """Every contender cold then warm against a farm of ``spec``."""
    workdir.mkdir(parents=True, exist_ok=True)
    compile_modules()
    measures: list[Measure] = []
    with farm(spec, workdir) as port:
        urls = workdir / "urls.txt"
        urls.write_text("\n".join(spec.feed_urls(port)), encoding="utf-8")
        catalogue = write_catalogue(spec, port, workdir / "sources.toml")
        for contender in contenders:
            home = workdir / contender
            home.mkdir(exist_ok=True)
            command = contender_command(contender, spec, home=home, urls=urls, catalogue=catalogue)
            if contender == "flow":
                measures.append(new_prefect_home(spec, home))
            for phase in ("cold", "warm"):
                measures.append(run_phase(contender, spec, phase, command, home=home))
        if politeness and "flow" in contenders:
            home = workdir / "flow-default-rate"
            home.mkdir(exist_ok=True)
            command = contender_command("flow", spec, home=home, catalogue=catalogue, rate=None)
            new_prefect_home(spec, home)  # as above: once a home, shown once
            measures.append(run_phase("flow", spec, "cold, default rate", command, home=home))
    return measures


def new_prefect_home(spec: FarmSpec, home: Path) -> Measure:
    """Create the database of the flow's new Prefect home in ``home``, as a first run does
    before its server starts; measured. Raises ``RuntimeError`` if it fails: every run of the
    flow after it would fail too."""
    command = [sys.executable, "-m", "flows.orchestration.server_database"]
    measure = run_phase("flow", spec, NEW_HOME, command, home=home)
    if not measure.ok:
        raise RuntimeError(f"Prefect's database could not be created: see {home / NEW_HOME}.log")
    return measure


def run_phase(
    contender: str,
    spec: FarmSpec,
    phase: str,
    command: list[str],
    *,
    home: Path,
    tree: Path | None = None,
) -> Measure:
    """One run of ``contender``'s ``command``, measured; the releases in its archive after.
    ``tree``: a checkout of cyberwatch whose code runs it (else this one's)."""
    env = _environment(home)
    if tree is not None:
        env["PYTHONPATH"] = str(tree)
    wall, cpu, peak, ok = timed(command, env=env, log=home / f"{phase}.log", cwd=tree)
    stored = _count(home / "archive.db", "releases")
    return Measure(contender, spec.sources, phase, wall, cpu, peak, stored, ok)


def contender_command(
    contender: str,
    spec: FarmSpec,
    *,
    home: Path,
    catalogue: Path,
    urls: Path | None = None,
    rate: float | None = FARM_RATE,
) -> list[str]:
    db = home / "archive.db"
    if contender in ("bare", "bare-analysis"):
        assert urls is not None
        bare = [sys.executable, "-m", "flows.devtools.bench.baseline"]
        bare += ["--db", str(db), "--urls", str(urls)]
        return [*bare, "--analyze"] if contender == "bare-analysis" else bare
    config = home / "cyberwatch.toml"
    lines = [f'db = "{db}"', f'sources = "{catalogue}"']
    if rate is not None:
        lines.append("[fetch.host_rates]")
        lines += [f'"{address}" = {rate}' for address in spec.addresses()]
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    if contender == "core":
        return [sys.executable, "-m", "flows.devtools.bench.core", "--config", str(config)]
    # The command as users run it, the console script installed beside this interpreter: how a
    # run starts decides what its worker processes load (``flows.core.spawning``).
    command = Path(sys.executable).with_name("cyberwatch")
    return [sys.executable, str(command), "--config", str(config), "poll", "--all", "--json"]


def _environment(home: Path) -> dict[str, str]:
    """The children's environment: a Prefect home of their own, no API server of ours."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "CYBERWATCH_"))}
    env["PREFECT_HOME"] = str(home / "prefect")
    env["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
    env["DO_NOT_TRACK"] = "1"
    return env


def _count(db: Path, table: str) -> int:
    if not db.exists():
        return 0
    connection = sqlite3.connect(db)
    try:
        return int(connection.execute(f"select count(*) from {table}").fetchone()[0])
    except sqlite3.Error:
        return 0
    finally:
        connection.close()
