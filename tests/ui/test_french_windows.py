"""Every window of a French desk (ONCOPOS_LOCALE=fr-CA) in French: the real app in training, every
menu command opened (and the forms each opens from inside: a new account, a course, the drawer once
open, a split), no English source text left on screen and no label or button too small for its text,
at 1024x768; the English desk the same, nothing clipped. ONCOPOS_SCREENSHOTS=DIR under xvfb-run saves
each window to look at (build_scripts/screenshot_screens.sh shoots both languages at both sizes):

    ONCOPOS_SCREENSHOTS=shots ONCOPOS_SCREEN=1366x768 xvfb-run -a -s "-screen 0 1366x768x24" \\
        env QT_QPA_PLATFORM=xcb .venv/bin/python -m pytest tests/ui/test_french_windows.py
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QMenu, QWidget

from oncopos.domain.staff import TRAINING_PASSWORD
from oncopos.ui.app import build_main_window
from oncopos.ui.catalogue.view import CatalogueView
from oncopos.ui.end_of_day.view import EndOfDayView
from oncopos.ui.i18n import FRENCH, current_language
from oncopos.ui.main_window import MainWindow
from oncopos.ui.payments.dialog import PaymentDialog
from oncopos.ui.payments.tender_dialog import SPLIT, TenderDialog
from oncopos.ui.session.staff_accounts import StaffAccountsView
from oncopos.ui.till.window import TillWindow

from .french_screens import clipped, english_left, save_shot

#: The smallest desk screen; ONCOPOS_SCREEN=1366x768 checks (and shoots) at another size.
SCREEN = tuple(int(n) for n in os.environ.get("ONCOPOS_SCREEN", "1024x768").split("x"))


@pytest.fixture
def window(qtbot, desk_in_each_language, caplog) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    admin = desk_in_each_language.staff.sign_in("admin", TRAINING_PASSWORD)
    w = build_main_window(desk_in_each_language, admin)
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


def fit_and_check(qtbot, widget: QWidget, name: str, *, language: str | None = None) -> list[str]:  # type: ignore[no-untyped-def]
    """What is wrong with `widget` on the screen: bigger than it, a text clipped, and in French
    (`language`, else the interface's) English left."""
    widget.resize(min(widget.width(), SCREEN[0]), min(widget.height(), SCREEN[1]))
    qtbot.wait(50)  # layouts settle
    # A text that arrived during the wait is laid out (and its dialog grown to it) before it is measured.
    QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
    qtbot.wait(10)
    save_shot(widget, name)
    too_big = [f"needs {widget.width()}x{widget.height()}, more than the screen"] \
        if widget.width() > SCREEN[0] or widget.height() > SCREEN[1] else []
    english = english_left(widget) if (language or current_language()) == FRENCH else []
    return [f"{name}: {p}" for p in too_big + english + clipped(widget)]


def _payment_steps(qtbot, dialog: PaymentDialog) -> Iterator[str]:  # type: ignore[no-untyped-def]
    for index in range(1, dialog.pages.count()):  # every step of a payment, not only the first
        dialog.pages.setCurrentIndex(index)
        yield f"step-{index + 1}"


def _split(qtbot, dialog: TenderDialog) -> Iterator[str]:  # type: ignore[no-untyped-def]
    dialog.mode_combo.setCurrentIndex(dialog.mode_combo.findData(SPLIT))
    yield "split"


def _open_drawer(qtbot, till: TillWindow) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """The drawer once open: cash in and paid out, the count at the close."""
    if till.drawer is None:
        till.float_edit.setText("200")
        till.open_button.click()
        qtbot.waitUntil(lambda: till.drawer is not None, timeout=10_000)
    yield "open"


def _new_account(qtbot, view: StaffAccountsView) -> Iterator[str]:  # type: ignore[no-untyped-def]
    view.new_button.click()
    dialog = view.account_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    yield from _inner(qtbot, dialog, "new-account")


def _course_and_section(qtbot, view: CatalogueView) -> Iterator[str]:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: view.current_course() is not None, timeout=10_000)
    for opener, name in ((view.on_edit_course, "course"), (view.on_new_section, "new-section")):
        opener()
        yield from _inner(qtbot, view.editor, name)


def _each_tab_and_print(qtbot, view: EndOfDayView) -> Iterator[str]:  # type: ignore[no-untyped-def]
    for index in range(1, view.tabs.count()):
        view.tabs.setCurrentIndex(index)
        yield f"tab-{index + 1}"
    view.tabs.setCurrentIndex(0)
    view.print_button.click()
    assert view.print_dialog is not None
    yield from _inner(qtbot, view.print_dialog, "print")


#: A form opened from inside a window is the window's child: `_inner` hands it to the walk, which checks
#: it as it checks a window, then closes it.
INNER: list[QWidget] = []


def _inner(qtbot, dialog: QWidget, name: str) -> Iterator[str]:  # type: ignore[no-untyped-def]
    INNER.append(dialog)
    yield name
    INNER.remove(dialog)
    dialog.close()


#: What to do in a window once it is open, to see the states and forms behind its first page.
DEEPER: dict[type, Callable[..., Iterator[str]]] = {
    PaymentDialog: _payment_steps, TenderDialog: _split, TillWindow: _open_drawer, StaffAccountsView: _new_account,
    CatalogueView: _course_and_section, EndOfDayView: _each_tab_and_print,
}


def test_the_main_window_and_every_window_it_opens_are_in_the_desks_language(qtbot, window, desk_in_each_language) -> None:  # type: ignore[no-untyped-def]
    """One window for the whole walk: the main window, every menu command, every step of a payment."""
    open_a_student_with_a_balance(qtbot, window, desk_in_each_language)
    assert window.menuBar().actions()[0].text() == ("&Fichier" if current_language() == FRENCH else "&File")
    problems: list[str] = fit_and_check(qtbot, window, "main-window")
    opened: list[str] = []

    def look_at(widget: QWidget, command: str) -> None:
        name = f"{command}-{type(widget).__name__}"
        opened.append(name)
        problems.extend(fit_and_check(qtbot, widget, name))
        deeper = next((steps for kind, steps in DEEPER.items() if isinstance(widget, kind)), None)
        for step in deeper(qtbot, widget) if deeper is not None else ():
            shown = INNER[-1] if INNER else widget
            opened.append(f"{name}-{step}")
            problems.extend(fit_and_check(qtbot, shown, f"{name}-{step}"))
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
    assert len(opened) >= 40, opened

    assert problems == [], "\n".join(problems)
