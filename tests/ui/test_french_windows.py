"""Every window of a French desk (ONCOPOS_LOCALE=fr-CA) in French: the real app in training, every
menu command opened, no English source text left on screen and no label or button too small for its
French text, at 1024x768. ONCOPOS_SCREENSHOTS=DIR under xvfb-run saves each window to look at:

    ONCOPOS_SCREENSHOTS=shots xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python -m pytest tests/ui/test_french_windows.py
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QMenu, QWidget

from oncopos.domain.staff import TRAINING_PASSWORD
from oncopos.ui.app import build_main_window
from oncopos.ui.main_window import MainWindow
from oncopos.ui.payments.dialog import PaymentDialog

from .french_screens import clipped, english_left, save_shot

#: The smallest desk screen; ONCOPOS_SCREEN=1366x768 checks (and shoots) at another size.
SCREEN = tuple(int(n) for n in os.environ.get("ONCOPOS_SCREEN", "1024x768").split("x"))


@pytest.fixture
def window(qtbot, french_desk, caplog) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    admin = french_desk.staff.sign_in("admin", TRAINING_PASSWORD)
    w = build_main_window(french_desk, admin)
    w.resize(*SCREEN)
    w.show()
    qtbot.waitExposed(w)
    qtbot.waitUntil(lambda: w.db_executor.pending == 0, timeout=15_000)
    yield w
    caplog.clear()
    w.close()  # its features' windows go with it; then the window itself, before the next test's
    w.deleteLater()
    qtbot.wait(50)
    # Every window the walk opened (and closed: the plan dialogs delete themselves) closed again quietly.
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []


def open_a_student_with_a_balance(qtbot, window: MainWindow, desk) -> None:  # type: ignore[no-untyped-def]
    """As the registrar would: the student found, their enrollment with a balance selected."""
    directory = desk.student_directory
    student = next(s for s in directory.search(window.actor, "a", limit=50)
                   if any(e.balance_cents > 0 for e in directory.enrollments(window.actor, s.id)))
    window.search_widget.search_edit.setText(student.display_name)
    window.on_student_selected(student)
    model = window.enrollments_widget.model
    qtbot.waitUntil(lambda: model.rowCount() > 0, timeout=10_000)
    row = next(r for r in range(model.rowCount()) if model.row_at(r).balance_cents > 0)
    window.enrollments_widget.table_view.selectRow(row)


def commands(window: MainWindow) -> list[QAction]:
    found: list[QAction] = []

    def walk(menu: QMenu) -> None:
        for action in menu.actions():
            sub = action.menu()
            if isinstance(sub, QMenu):
                walk(sub)
            elif not action.isSeparator() and action.isVisible() and not action.isCheckable():
                found.append(action)

    for top in window.menuBar().actions():
        if isinstance(top.menu(), QMenu):
            walk(top.menu())
    return found


def fit_and_check(qtbot, widget: QWidget, name: str) -> list[str]:  # type: ignore[no-untyped-def]
    widget.resize(min(widget.width(), SCREEN[0]), min(widget.height(), SCREEN[1]))
    qtbot.wait(50)  # layouts settle
    save_shot(widget, name)
    too_big = [f"needs {widget.width()}x{widget.height()}, more than the screen"] \
        if widget.width() > SCREEN[0] or widget.height() > SCREEN[1] else []
    return [f"{name}: {p}" for p in too_big + english_left(widget) + clipped(widget)]


def test_the_main_window_and_every_window_it_opens_are_in_french(qtbot, window, french_desk) -> None:  # type: ignore[no-untyped-def]
    """One window for the whole walk: the main window, every menu command, every step of a payment."""
    open_a_student_with_a_balance(qtbot, window, french_desk)
    assert window.menuBar().actions()[0].text() == "&Fichier"
    problems: list[str] = fit_and_check(qtbot, window, "main-window")
    opened: list[str] = []

    def look_at(widget: QWidget, command: str) -> None:
        name = f"{command}-{type(widget).__name__}"
        opened.append(name)
        problems.extend(fit_and_check(qtbot, widget, name))
        if isinstance(widget, PaymentDialog):  # every step of a payment, not only the first
            for index in range(1, widget.pages.count()):
                widget.pages.setCurrentIndex(index)
                problems.extend(fit_and_check(qtbot, widget, f"{name}-step-{index + 1}"))
        widget.close()

    # Quit and Lock leave the window rather than open one.
    leaving = {window.quit_action, window.session.lock_action}
    for action in commands(window):
        if action in leaving or not action.isEnabled():
            continue
        command = action.text().replace("&", "").strip("…")
        before = {id(w) for w in QApplication.topLevelWidgets() if w.isVisible()}

        def modal(command: str = command) -> None:  # a message box runs its own loop: look at it there
            box = QApplication.activeModalWidget()
            if box is not None and box is not window:
                look_at(box, command)

        QTimer.singleShot(300, modal)
        action.trigger()
        qtbot.wait(400)
        qtbot.waitUntil(lambda: window.db_executor.pending == 0, timeout=15_000)
        for widget in [w for w in QApplication.topLevelWidgets() if w.isVisible() and id(w) not in before]:
            look_at(widget, command)
    assert len(opened) >= 10, opened

    assert problems == [], "\n".join(problems)
