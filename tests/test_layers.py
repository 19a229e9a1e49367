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


def imported_packages(package: str) -> set[str]:
    found: set[str] = set()
    for path in (ROOT / package).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                found.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add(node.module.split(".")[0])
    return found


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_imports_point_one_way(package: str) -> None:
    ours = imported_packages(package) & set(ALLOWED)
    assert ours - {package} <= ALLOWED[package]


@pytest.mark.parametrize("package", ["config", "scrapers", "storage", "flows.pipeline"])
def test_core_does_not_import_prefect(package: str) -> None:
    code = f"import sys, {package}; print('prefect' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize("package", ["config", "scrapers", "storage"])
def test_public_names_are_declared(package: str) -> None:
    """Each library package's __all__ lists exactly what it exports (flows is the application)."""
    module = __import__(package)
    public = {n for n in vars(module) if not n.startswith("_") and n not in {"annotations"}}
    submodules = {p.stem for p in (ROOT / package).glob("*.py")}
    submodules |= {p.parent.name for p in (ROOT / package).glob("*/__init__.py")}
    assert set(module.__all__) == public - submodules
