"""One name per idea in module names, so a newcomer finds a topic by one word.

- End of day is `end_of_day`, never `eod` (the `report eod` sub-command keeps its short name).
- "Reconcile" is only the command (`oncopos reconcile`): payments left in flight are *recovered*
  (services/payments/recovery.py), refunds left in flight are *settled* (services/refunds/settlement.py),
  and a business day is *matched* with Stripe (end_of_day_matching.py). The window uses the same
  words in its names, comments and texts (`recover_at_start`, `settle_in_flight`, `match_button`).
- Plain data modules are `records`, never `views` (a view is a window).
- A topic has one package name in the core and in the window: payments are `services/payments` and
  `ui/payments`, as refunds are `services/refunds` and `ui/refunds`.
"""

from __future__ import annotations

import io
import re
import tokenize
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "oncopos"
MODULES = sorted(str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts)


def test_end_of_day_is_spelled_out() -> None:
    assert [m for m in MODULES if "eod" in m] == []


def test_reconcile_names_only_the_command() -> None:
    assert [m for m in MODULES if "reconcil" in m] == ["commands/reconcile.py"]


#: What may still say "reconcile" in the window: the command's name, and the permission the core
#: names after it (Permission.RECONCILE guards recovery, settlement and matching alike).
COMMAND = re.compile(r"oncopos reconcile|Permission\.RECONCILE")


def reconcile_words(source: str) -> list[tuple[int, str]]:
    """The names, comments and strings of `source` that say "reconcile" for something else than the command."""
    found = []
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type not in (tokenize.NAME, tokenize.COMMENT, tokenize.STRING):
            continue
        if token.type == tokenize.NAME and token.string == "RECONCILE":
            continue  # Permission.RECONCILE
        if "reconcil" in COMMAND.sub("", token.string).lower():
            found.append((token.start[0], token.string))
    return found


def test_the_window_says_recovery_settlement_and_matching() -> None:
    words = [f"{path.relative_to(PACKAGE)}:{line}: {text[:60]}"
             for path in sorted((PACKAGE / "ui").rglob("*.py"))
             for line, text in reconcile_words(path.read_text(encoding="utf-8"))]
    assert words == [], "name these recovery (payments), settlement (refunds) or matching (the day):\n" + "\n".join(words)


def test_the_word_check_sees_names_comments_and_texts() -> None:
    sample = ('reconcile_button = 1  # start-up reconciliation\nLABEL = tr("Reconcile with Stripe")\n'
              'OK = "run oncopos reconcile"  # Permission.RECONCILE\nallowed = Permission.RECONCILE\n')
    assert [text for _line, text in reconcile_words(sample)] == [
        "reconcile_button", "# start-up reconciliation", '"Reconcile with Stripe"']


def test_plain_data_modules_are_records() -> None:
    assert [m for m in MODULES if m.startswith("services/") and m.endswith("views.py")] == []


def test_the_sync_status_module_is_named_for_what_it_holds() -> None:
    assert "services/sync.py" not in MODULES
    assert {"services/sync_status.py", "services/overpayments.py"} <= set(MODULES)


def test_a_topic_has_the_same_package_name_in_the_core_and_the_window() -> None:
    def packages(layer: str) -> set[str]:
        return {p.parent.name for p in (PACKAGE / layer).glob("*/__init__.py")}

    core, window = packages("services"), packages("ui")
    # A window package named like a core package but for one letter (payment against payments).
    near = sorted(w for w in window for c in core if w != c and (w + "s" == c or c + "s" == w))
    assert near == []
