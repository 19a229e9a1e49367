"""Imports point one way (config <- scrapers <- storage <- flows) and only flows/ uses Prefect."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ALLOWED = {
    "config": set(),
    "scrapers": {"config"},
    "storage": {"config", "scrapers"},
    "flows": {"config", "scrapers", "storage", "flows"},
}


def imported_packages_of(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


def imported_packages(package: str) -> set[str]:
    found: set[str] = set()
    for path in (ROOT / package).rglob("*.py"):
        found |= imported_packages_of(path)
    return found


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_imports_point_one_way(package: str) -> None:
    ours = imported_packages(package) & set(ALLOWED)
    assert ours - {package} <= ALLOWED[package]


# Within flows/, the tiers point one way too: the core knows no digest, notifier, shell or CLI;
# notifiers know no digest; only the CLI reaches the dev tools (for `cyberwatch demo`).
FLOWS_TIERS = {
    "core": set(),
    "notify": {"core"},
    "digest": {"core", "notify"},
    "orchestration": {"core", "digest", "notify"},
    "devtools": {"core", "digest"},
    "cli": {"core", "digest", "notify", "orchestration", "devtools"},
}


def flows_tiers_imported(tier: str) -> set[str]:
    found: set[str] = set()
    for path in (ROOT / "flows" / tier).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            found.update(n.split(".")[1] for n in names if n.startswith("flows."))
    return found - {tier}


def test_flows_has_exactly_these_tiers() -> None:
    packages = {p.parent.name for p in (ROOT / "flows").glob("*/__init__.py")}
    assert packages == set(FLOWS_TIERS)
    assert [p.name for p in (ROOT / "flows").glob("*.py")] == ["__init__.py"]


@pytest.mark.parametrize("tier", sorted(FLOWS_TIERS))
def test_flows_tiers_point_one_way(tier: str) -> None:
    assert flows_tiers_imported(tier) <= FLOWS_TIERS[tier]


# Every module outside the Prefect shell (flows/orchestration/) runs without Prefect.
PREFECT_SHELL = "flows.orchestration"


def prefect_free_modules() -> list[str]:
    modules = []
    for package in ("config", "scrapers", "storage", "flows"):
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            if not name.startswith(PREFECT_SHELL):
                modules.append(name)
    return modules


@pytest.mark.slow
def test_every_module_outside_the_prefect_shell_runs_without_prefect() -> None:
    """Import each of them in a fresh interpreter: none pulls in Prefect."""
    modules = prefect_free_modules()
    assert "flows.core.poll" in modules and "flows.cli.app" in modules
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "    if 'prefect' in sys.modules:\n"
        "        print(name)\n"
        "        break\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert out.stdout.strip() == "", f"{out.stdout.strip()} imports prefect"


@pytest.mark.parametrize(
    ("code", "unloaded"),
    [
        # a server's starter checks its database before anything of Prefect's is loaded
        (
            "from pathlib import Path\n"
            "from flows.orchestration.server_database import up_to_date\n"
            "up_to_date(Path('.'))",
            ("prefect", "sqlalchemy"),
        ),
        # the rules file's numbers, as a judging worker unpickles them
        (
            "from config.scores import Ranking, Weights\nWeights(scale=2.0), Ranking()",
            ("pydantic",),
        ),
    ],
)
def test_what_must_stay_light_loads_none_of_the_heavy_packages(
    code: str, unloaded: tuple[str, ...]
) -> None:
    listed = f"sorted(m for m in sys.modules if m.split('.')[0] in {unloaded!r})"
    check = f"{code}\nimport sys\nprint({listed})"
    out = subprocess.run(
        [sys.executable, "-c", check], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert out.stdout.strip() == "[]"


def test_only_the_prefect_shell_imports_prefect_at_all() -> None:
    """Not even lazily: the Prefect imports of flows/ are all in flows/orchestration/."""
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "flows").rglob("*.py")
        if "prefect" in imported_packages_of(path)
        and not path.relative_to(ROOT).as_posix().startswith("flows/orchestration/")
    ]
    assert offenders == []


@pytest.mark.parametrize("package", ["config", "scrapers", "storage"])
def test_public_names_are_declared(package: str) -> None:
    """Each library package's __all__ lists exactly what it exports (flows is the application),
    whether imported at once or on first use (``_LAZY``: each such name resolves)."""
    module = __import__(package)
    helpers = {"annotations", "TYPE_CHECKING", "import_module"}  # a lazy package's own
    public = {n for n in vars(module) if not n.startswith("_") and n not in helpers}
    public |= set(getattr(module, "_LAZY", {}))
    submodules = {p.stem for p in (ROOT / package).glob("*.py")}
    submodules |= {p.parent.name for p in (ROOT / package).glob("*/__init__.py")}
    assert set(module.__all__) == public - submodules
    assert all(getattr(module, name) is not None for name in module.__all__)


def test_a_lazy_package_names_only_what_it_exports() -> None:
    """``scrapers.analysis`` loads its names on first use: each from the module it names, kept
    in the package once loaded (the next use does not call its ``__getattr__`` again), and an
    unknown name is an AttributeError as for any module."""
    import scrapers.analysis
    from scrapers.analysis.rules import Rules

    assert scrapers.analysis.Rules is Rules
    assert vars(scrapers.analysis)["Rules"] is Rules
    assert set(scrapers.analysis._LAZY) == set(scrapers.analysis.__all__)
    with pytest.raises(AttributeError, match="no_such_name"):
        _ = scrapers.analysis.no_such_name
