"""The window built from the composition root follows a settings change without a restart: its
features ask the context for services when they act, so the next report and the customer display
use the new generation (business name) while the window stays open."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from oncopos.bootstrap import AppContext, apply_settings, build_context
from oncopos.config import load_settings
from oncopos.domain.access import Actor, Role
from oncopos.ui.app import build_main_window
from oncopos.ui.end_of_day.view import EndOfDayAction
from oncopos.ui.invoices.actions import InvoiceActions
from oncopos.ui.refunds.actions import RefundActions
from oncopos.ui.settings import SettingsAction

MANAGER = Actor(None, "maya", Role.MANAGER, "DESK1")


@pytest.fixture
def live(tmp_path: Path) -> Iterator[AppContext]:
    context = build_context(load_settings(data_dir=tmp_path / "desk", stripe_mode="simulator", mail_backend="file",
                                          business_name="Old Name School"))
    yield context
    context.close()


def test_the_window_takes_its_features_from_the_context_and_follows_a_settings_change(qtbot, live) -> None:  # type: ignore[no-untyped-def]
    window = build_main_window(live, MANAGER)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.db_executor.pending == 0, timeout=15_000)  # the start-up recovery and settlement
    for kind in (EndOfDayAction, InvoiceActions, RefundActions, SettingsAction):
        assert window.commands(kind) is not None, kind
    assert window.payment_actions is not None and window.registration_actions is not None
    titles = [a.text() for a in window.menuBar().actions() if a.isVisible()]
    assert titles == ["&File", "&Edit", "&Student", "&Manager", "&Payment", "&Help"]

    eod = window.commands(EndOfDayAction)
    assert eod is not None
    eod.action.trigger()
    before = eod.view
    assert before is not None and before.eod is live.end_of_day()
    payments = window.payment_actions
    payments.display_action.setChecked(True)
    assert payments.customer_display is not None and "Old Name School" in payments.customer_display.title_label.text()
    payments.display_action.setChecked(False)

    apply_settings(live, live.settings.model_copy(update={"business_name": "New Name Academy"}))

    eod.action.trigger()
    assert eod.view is not before and eod.view is not None and eod.view.eod is live.end_of_day()
    assert before.eod is not live.end_of_day()  # the report the old view made came from the old generation
    payments.display_action.setChecked(True)
    assert "New Name Academy" in payments.customer_display.title_label.text()
    window.close()
