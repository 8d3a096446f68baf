"""A person reads every error of the core in their own language: no `UserFacingError` (or
subclass) in oncopos/services, oncopos/domain or oncopos/adapters is raised with a sentence
written in the code. Its text comes from the catalogue (`msg("id", ...)`, oncopos.domain.messages).
"""

from __future__ import annotations

import ast
from pathlib import Path

from oncopos.domain import errors

PACKAGE = Path(__file__).resolve().parents[2] / "oncopos"
SCANNED = ("services", "domain", "adapters")


def _error_classes() -> set[str]:
    """Every class of the package that derives from UserFacingError, by name, whose first
    argument is the text (an __init__ that takes something else, a key or a wait, is left out)."""
    bases: dict[str, list[str]] = {}
    takes_text: dict[str, bool] = {}
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ClassDef):
                continue
            bases[node.name] = [b.id if isinstance(b, ast.Name) else getattr(b, "attr", "") for b in node.bases]
            for item in node.body:
                if isinstance(item, ast.FunctionDef) and item.name == "__init__" and len(item.args.args) > 1:
                    annotation = item.args.args[1].annotation
                    takes_text[node.name] = annotation is not None and "Message" in ast.unparse(annotation)
    found = {"UserFacingError"}
    grew = True
    while grew:
        grew = False
        for name, parents in bases.items():
            if name not in found and found.intersection(parents):
                found.add(name)
                grew = True
    return {name for name in found if takes_text.get(name, True)}


def _is_written_text(node: ast.expr) -> bool:
    """A sentence typed in the code: "...", f"...", "..." + x, "...".format(...), "...".join(...)."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and bool(node.value.strip())
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp):
        return _is_written_text(node.left) or _is_written_text(node.right)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in ("format", "join"):
        return _is_written_text(node.func.value) and not (isinstance(node.func.value, ast.Constant)
                                                          and node.func.attr == "join"
                                                          and not any(_is_written_text(a) for a in node.args))
    return False


def written_errors(root: Path, classes: set[str]) -> list[str]:
    found = []
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
            texts = list(node.args[:1]) + [k.value for k in node.keywords if k.arg == "message"]
            if name in classes and any(_is_written_text(t) for t in texts):
                found.append(f"{path.relative_to(root.parent)}:{node.lineno}: {name}({ast.unparse(texts[0])[:70]})")
    return found


def test_the_scan_knows_the_error_tree() -> None:
    classes = _error_classes()
    assert {"UserFacingError", "InvalidInput", "InvalidAmount", "NotFound", "ConfigurationError",
            "PaymentDeclined", "SyncError", "MailNotSent"} <= classes
    # An error built from a key or a wait is not text: IllegalTransition("payment", ...), SignInLocked(wait).
    assert "IllegalTransition" not in classes and "SignInLocked" not in classes
    assert issubclass(errors.InvalidAmount, errors.UserFacingError)


def test_the_scan_finds_a_sentence_written_in_the_code(tmp_path: Path) -> None:
    (tmp_path / "sample.py").write_text(
        'raise InvalidInput("Enter an amount.")\n'
        'raise NotFound(f"No invoice {number}.")\n'
        'raise ConfigurationError("Use one of: " + ", ".join(names))\n'
        'raise InvalidInput(msg("amount.empty"))\n'
        'raise UserFacingError(error_message(exc))\n',
        encoding="utf-8")
    found = written_errors(tmp_path, {"InvalidInput", "NotFound", "ConfigurationError", "UserFacingError"})
    assert [line.split(": ", 1)[0].rsplit(":", 1)[1] for line in found] == ["1", "2", "3"]


def test_no_error_of_the_core_is_raised_with_a_sentence_outside_the_catalogue() -> None:
    classes = _error_classes()
    found = [line for part in SCANNED for line in written_errors(PACKAGE / part, classes)]
    assert not found, "raise these with msg(...) from the catalogue:\n" + "\n".join(found)
