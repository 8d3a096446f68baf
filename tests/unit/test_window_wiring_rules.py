"""The window is wired with types, not by probing: nothing in oncopos/ui asks an object whether it
has an attribute (getattr, hasattr) or sets one on a window from outside, so mypy sees every
service the window uses and a missing one is an error before the app runs, not a silent gap."""

from __future__ import annotations

import ast
from pathlib import Path

UI = Path(__file__).resolve().parents[2] / "oncopos" / "ui"
PROBES = {"getattr", "hasattr", "setattr", "delattr"}


def probes_in(source: str, name: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source, name)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in PROBES:
            found.append(f"{name}:{node.lineno}: {node.func.id}()")
        # window.some_feature = ... from outside the class: the window would not declare it.
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) and target.value.id == "window":
                    found.append(f"{name}:{node.lineno}: window.{target.attr} = ...")
    return found


def test_nothing_in_the_ui_probes_for_attributes() -> None:
    offenders = [line for path in sorted(UI.rglob("*.py"))
                 for line in probes_in(path.read_text(encoding="utf-8"), str(path.relative_to(UI.parent)))]
    assert offenders == [], "typed fields or ports instead of probing:\n" + "\n".join(offenders)


def test_the_check_sees_a_probe() -> None:
    sample = "def f(context, window):\n    window.refunds = getattr(context, 'refunds', None)\n"
    assert sorted(probes_in(sample, "ui/sample.py")) == ["ui/sample.py:2: getattr()", "ui/sample.py:2: window.refunds = ..."]
