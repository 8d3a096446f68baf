"""Nothing in oncopos/ui imports or calls the Stripe gateway: the window goes through services, whose
calls are permission-checked and audited (readers and locations: oncopos.services.terminal)."""

from __future__ import annotations

import ast
from pathlib import Path

import oncopos.ui

UI = Path(oncopos.ui.__file__).parent
# Modules that hold or build a gateway, and the connection-check helpers that build or take one
# (the window may use the others: the email and central database checks).
FORBIDDEN_MODULES = ("stripe", "oncopos.adapters.stripe", "oncopos.simulator")
FORBIDDEN_NAMES = {"PaymentGateway", "StripeGateway", "build_gateway", "check_reader", "check_stripe_key", "check_key"}


def _findings(source: str, label: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        where = f"{label}:{getattr(node, 'lineno', '?')}"
        if isinstance(node, ast.Import):
            found += [f"{where} imports {a.name}" for a in node.names if a.name.startswith(FORBIDDEN_MODULES)]
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if module.startswith(FORBIDDEN_MODULES):
                found.append(f"{where} imports from {module}")
            found += [f"{where} imports {a.name}" for a in node.names if a.name in FORBIDDEN_NAMES]
        elif isinstance(node, ast.Attribute) and ("gateway" in node.attr.lower() or node.attr in FORBIDDEN_NAMES):
            found.append(f"{where} uses .{node.attr}")
        elif isinstance(node, ast.Name) and ("gateway" in node.id.lower() or node.id in FORBIDDEN_NAMES):
            found.append(f"{where} uses {node.id}")
        elif isinstance(node, ast.arg) and "gateway" in node.arg.lower():
            found.append(f"{where} takes a parameter {node.arg}")
    return found


def test_no_ui_module_imports_or_calls_the_gateway() -> None:
    files = sorted(UI.rglob("*.py"))
    assert len(files) > 20 and any(f.name == "dialog.py" for f in files)  # the walk sees the window's modules
    findings = [finding for path in files
                for finding in _findings(path.read_text(encoding="utf-8"), str(path.relative_to(UI.parent)))]
    assert findings == [], "\n".join(findings)


def test_the_scan_catches_each_way_in() -> None:
    sample = ("from oncopos.adapters.stripe import StripeGateway\n"
              "from oncopos.adapters.connection_checks import build_gateway\n"
              "def listed(service, gateway_factory):\n"
              "    return service.gateway.list_readers()\n")
    assert _findings(sample, "sample.py") == [
        "sample.py:1 imports from oncopos.adapters.stripe", "sample.py:1 imports StripeGateway",
        "sample.py:2 imports build_gateway", "sample.py:3 takes a parameter gateway_factory",
        "sample.py:4 uses .gateway"]
