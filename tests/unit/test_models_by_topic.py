"""The ORM models live in one package, a module per topic, that loads whole and without a cycle.

A cycle between topic modules (or a tail import to break one) would make which tables exist depend
on which module was imported first; these checks fail on either.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "oncopos" / "adapters" / "db"
MODELS = PACKAGE / "models"
TOPICS = sorted(p.stem for p in MODELS.glob("*.py") if p.stem not in ("__init__", "base"))


def runtime_imports(path: Path) -> set[str]:
    """The project modules `path` imports when it runs (not those under `if TYPE_CHECKING:`)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    skipped = {id(n) for node in ast.walk(tree) if isinstance(node, ast.If)
               and ast.unparse(node.test) in ("TYPE_CHECKING", "typing.TYPE_CHECKING") for n in ast.walk(node)}
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("oncopos."):
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("oncopos.")}
    return found


def test_no_flat_model_modules_are_left() -> None:
    assert not (PACKAGE / "models.py").exists()
    assert sorted(p.name for p in PACKAGE.glob("models_*.py")) == []
    assert {"people", "catalogue", "enrollments", "payments", "invoices", "messaging", "audit", "access", "sync",
            "end_of_day"} <= set(TOPICS)


def test_topic_modules_import_only_the_base_and_earlier_topics() -> None:
    """No topic module imports the package itself at run time, and the topic graph has no cycle."""
    graph: dict[str, set[str]] = {}
    for topic in [*TOPICS, "base"]:
        imports = runtime_imports(MODELS / f"{topic}.py")
        assert "oncopos.adapters.db.models" not in imports, f"{topic} imports the package (a cycle)"
        graph[topic] = {m.rsplit(".", 1)[1] for m in imports if m.startswith("oncopos.adapters.db.models.")}
    done: set[str] = set()

    def visit(topic: str, path: tuple[str, ...]) -> None:
        assert topic not in path, "import cycle: " + " -> ".join((*path, topic))
        if topic in done:
            return
        for other in graph[topic]:
            visit(other, (*path, topic))
        done.add(topic)

    for topic in graph:
        visit(topic, ())


@pytest.mark.parametrize("topic", TOPICS)
def test_any_one_topic_loads_every_table(topic: str) -> None:
    """In a fresh interpreter, importing one topic module gives the whole schema, mappers configured."""
    code = (
        f"import oncopos.adapters.db.models.{topic}\n"
        "import sqlalchemy.orm\n"
        "from oncopos.adapters.db.models.base import Base\n"
        "sqlalchemy.orm.configure_mappers()\n"
        "first = set(Base.metadata.tables)\n"
        f"for other in {TOPICS!r}: __import__('oncopos.adapters.db.models.' + other)\n"
        "print(len(first), len(set(Base.metadata.tables) - first))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    loaded, missing = map(int, result.stdout.split())
    assert loaded > 20 and missing == 0


def test_importers_name_the_topic_module() -> None:
    """Nobody imports a model from the package itself: one place per model."""
    root = PACKAGE.parents[1]
    offenders = []
    for path in [*root.rglob("*.py"), *(root.parent / "tests").rglob("*.py")]:
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module == "oncopos.adapters.db.models" \
                    and path.parent != MODELS:
                offenders.append(f"{path}:{node.lineno}")
    assert offenders == []
