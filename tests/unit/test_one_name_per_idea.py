"""One name per idea in module names, so a newcomer finds a topic by one word.

- End of day is `end_of_day`, never `eod` (the `report eod` sub-command keeps its short name).
- "Reconcile" is only the command (`oncopos reconcile`): payments left in flight are *recovered*
  (services/payments/recovery.py), refunds left in flight are *settled* (services/refunds/settlement.py),
  and a business day is *matched* with Stripe (end_of_day_matching.py).
- Plain data modules are `records`, never `views` (a view is a window).
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "oncopos"
MODULES = sorted(str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts)


def test_end_of_day_is_spelled_out() -> None:
    assert [m for m in MODULES if "eod" in m] == []


def test_reconcile_names_only_the_command() -> None:
    assert [m for m in MODULES if "reconcil" in m] == ["commands/reconcile.py"]


def test_plain_data_modules_are_records() -> None:
    assert [m for m in MODULES if m.startswith("services/") and m.endswith("views.py")] == []


def test_the_sync_status_module_is_named_for_what_it_holds() -> None:
    assert "services/sync.py" not in MODULES
    assert {"services/sync_status.py", "services/overpayments.py"} <= set(MODULES)
