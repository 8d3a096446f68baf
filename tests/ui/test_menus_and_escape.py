"""Keyboard first: every menu's mnemonics are unique, and Esc closes every list window."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenu

from oncopos.ui.app import window_features
from oncopos.ui.main_window import MainWindow
from oncopos.ui.refunds.actions import RefundActions
from oncopos.ui.startup_probe import training_registrar

from .test_desk_keyboard import REGISTRAR


def mnemonic(text: str) -> str | None:
    found = re.search(r"&([^&])", text)
    return found.group(1).lower() if found else None


def test_every_menu_has_unique_mnemonics(qtbot, training) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(training.student_directory, training.settings, actor=training_registrar(training),
                        staff=training.staff, audit=training.audit_trail, features=window_features(training))
    qtbot.addWidget(window)
    menus = [a.menu() for a in window.menuBar().actions() if isinstance(a.menu(), QMenu)]
    tops = [mnemonic(a.text()) for a in window.menuBar().actions()]
    assert len(tops) == len(set(tops)), [a.text() for a in window.menuBar().actions()]
    for menu in menus:
        keys = [mnemonic(a.text()) for a in menu.actions() if not a.isSeparator() and a.text()]
        doubled = {k for k in keys if k is not None and keys.count(k) > 1}
        assert not doubled, (menu.title(), [a.text() for a in menu.actions()])
    window.close()


def test_esc_closes_the_payment_list(qtbot, training) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(training.student_directory, training.settings, actor=REGISTRAR,
                        features=window_features(training))
    qtbot.addWidget(window)
    window.show()
    refunds = window.commands(RefundActions)
    view = refunds.open_history(today_only=True)
    qtbot.waitExposed(view)
    view.activateWindow()
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert not view.isVisible()
    qtbot.waitUntil(lambda: window.db_executor.pending == 0, timeout=10_000)
    window.close()
