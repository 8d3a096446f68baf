"""Every Save… and Open… dialog of the window starts in the person's documents folder
(oncopos.ui.save_location), never in the working directory the app happened to start in, which on
a desk is the install folder or / and where nobody finds the file again."""

from __future__ import annotations

import ast
from pathlib import Path

UI = Path(__file__).resolve().parents[2] / "oncopos" / "ui"
DIALOGS = {"getSaveFileName", "getOpenFileName", "getOpenFileNames", "getExistingDirectory"}
STARTS = {"in_documents", "documents_folder"}


def _file_dialog_calls() -> list[tuple[str, int, ast.Call]]:
    found = []
    for path in sorted(UI.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in DIALOGS
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "QFileDialog"):
                found.append((str(path.relative_to(UI)), node.lineno, node))
    return found


def _starts_in_documents(call: ast.Call) -> bool:
    start = call.args[2] if len(call.args) > 2 else next((k.value for k in call.keywords if k.arg == "dir"), None)
    return isinstance(start, ast.Call) and isinstance(start.func, ast.Name) and start.func.id in STARTS


def test_every_file_dialog_starts_in_the_documents_folder() -> None:
    calls = _file_dialog_calls()
    assert len(calls) >= 8  # the check sees the window's dialogs
    assert [f"{path}:{line}" for path, line, call in calls if not _starts_in_documents(call)] == []
