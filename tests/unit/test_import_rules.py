"""The core runs without Qt, and the domain without database, Stripe or PDF libraries.

Two checks: every import statement in the source (including ones inside functions, which a
plain import would not execute), and what importing each package really loads.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "oncopos"

FORBIDDEN = {
    "domain": {"PySide6", "sqlalchemy", "alembic", "stripe", "reportlab", "psycopg", "requests", "keyring"},
    # Services speak to the outside world through ports; adapters implement them (bootstrap wires).
    "services": {"PySide6", "sqlalchemy", "alembic", "stripe", "reportlab", "psycopg", "keyring", "oncopos.adapters"},
    "adapters": {"PySide6"},
    "simulator": {"PySide6"},
}


def imported_roots(path: Path) -> set[str]:
    """The top-level packages a module imports, plus `oncopos.<layer>` for the project's own layers."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    roots = {name.split(".")[0] for name in names}
    roots |= {".".join(name.split(".")[:2]) for name in names if name.startswith("oncopos.")}
    return roots


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_no_forbidden_import_statement(layer: str) -> None:
    offenders = []
    for path in sorted((PACKAGE / layer).rglob("*.py")):
        bad = imported_roots(path) & FORBIDDEN[layer]
        if bad:
            offenders.append(f"{path.relative_to(PACKAGE.parent)} imports {', '.join(sorted(bad))}")
    assert not offenders, "\n".join(offenders)


def test_the_checker_sees_imports_inside_functions(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    from PySide6 import QtCore\n    import stripe.error\n")
    assert imported_roots(sample) == {"PySide6", "stripe"}


def test_the_checker_sees_the_project_layers(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    from oncopos.adapters.db import engine\n")
    assert "oncopos.adapters" in imported_roots(sample)


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_importing_a_layer_loads_nothing_forbidden(layer: str) -> None:
    modules = sorted(
        ".".join(p.relative_to(PACKAGE.parent).with_suffix("").parts).removesuffix(".__init__")
        for p in (PACKAGE / layer).rglob("*.py")
        if "migrations" not in p.parts
    )
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        f"print(','.join(sorted(m for m in {sorted(FORBIDDEN[layer])!r} if m in sys.modules)))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True, cwd=PACKAGE.parent)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", f"importing oncopos.{layer} loaded {result.stdout.strip()}"
