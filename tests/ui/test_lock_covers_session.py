"""The lock covers every window of the session, and a session that ends locks the window.

Training mode with the real services: a payment on the hosted page is in flight when the desk
locks; its window goes away with the lock, is followed behind it, and comes back paid."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
import sqlalchemy as sa
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from oncopos.domain.access import Role
from oncopos.domain.staff import TRAINING_PASSWORD
from oncopos.ui.app import payment_feature
from oncopos.ui.main_window import MainWindow
from oncopos.ui.startup_probe import training_registrar
from tests.conftest import FixedClock

from .fakes import FakeStudentDirectory
from .staff_desk import MARC_PW, RITA_PW, Desk, make_desk
from .test_desk_keyboard import student_owing_twice
from .test_lock_and_audit import settings
from .test_payment_window import latest_code


@pytest.fixture
def window(qtbot, qapp, training) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    w = MainWindow(training.student_directory, training.settings, actor=training_registrar(training),
                   staff=training.staff, features=[payment_feature(training)])
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: w.payment_actions.executor.pending == 0, timeout=15_000)
    yield w
    w.close()


def test_a_payment_in_flight_is_put_away_with_the_lock_followed_behind_it_and_back_after(
        qtbot, window, training) -> None:  # type: ignore[no-untyped-def]
    student, _owing = student_owing_twice(training)
    window.on_student_selected(student)
    qtbot.waitUntil(lambda: window.enrollments_widget.selected_enrollment() is not None, timeout=5000)
    actions = window.payment_actions
    actions.display_action.setChecked(True)
    display = actions.customer_display
    actions.take_payment_action.trigger()
    dialog = actions.dialog
    qtbot.waitUntil(lambda: dialog.amount_page.tax_label.text() != "", timeout=5000)
    qtbot.keyClick(dialog.amount_page.amount_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.pages.currentWidget() is dialog.code_page, timeout=10_000)
    qtbot.keyClicks(dialog.code_page.code_edit, latest_code(training))
    qtbot.keyClick(dialog.code_page.code_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.pages.currentWidget() is dialog.method_page, timeout=10_000)
    qtbot.mouseClick(dialog.method_page.hosted_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.pages.currentWidget() is dialog.progress_page, timeout=10_000)
    assert dialog.isVisible() and display.isVisible()

    window.session.on_idle_timed_out()
    overlay = window.session.lock_overlay
    assert overlay.isVisible()
    # Nothing of the session stays usable on top of the lock: no code, no amount can be typed.
    assert not dialog.isVisible() and not display.isVisible()
    # A window that opens while locked is put away as it appears.
    late = QMessageBox(QMessageBox.Icon.Information, "Late", "opened behind the lock", parent=window)
    late.open()
    qtbot.waitUntil(lambda: not late.isVisible(), timeout=2000)

    # The student pays on their phone meanwhile: the hidden window keeps following the payment.
    answer = requests.post(dialog.progress_page.link_label.text(), timeout=5, data={
        "number": "4242424242424242", "expiry": "12/40", "cvc": "123", "name": "Student", "postal_code": "M5V 2T6"})
    assert answer.status_code == 200
    qtbot.waitUntil(lambda: dialog.pages.currentWidget() is dialog.result_page, timeout=15_000)
    assert not dialog.isVisible()

    with qtbot.waitSignal(overlay.unlocked, timeout=5000):
        qtbot.keyClicks(overlay.password_edit, TRAINING_PASSWORD)
        qtbot.keyClick(overlay.password_edit, Qt.Key.Key_Return)
    assert dialog.isVisible() and display.isVisible() and late.isVisible()
    assert dialog.result_page.heading.text().startswith("Paid $")
    late.close()
    dialog.accept()


# --- the session ends with the account -------------------------------------------------------------


@pytest.fixture
def desk(tmp_path: Path, clock: FixedClock) -> Iterator[Desk]:
    desk = make_desk(tmp_path, clock)
    yield desk
    desk.engine.dispose()


@pytest.fixture
def staff_window(qtbot, directory: FakeStudentDirectory, db_executor, desk: Desk) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(directory, settings(), actor=desk.rita, db_executor=db_executor, staff=desk.staff,
                        audit=desk.audit)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_a_deactivated_account_is_signed_out_at_its_next_call(qtbot, staff_window, desk: Desk, directory) -> None:  # type: ignore[no-untyped-def]
    other = QWidget()  # another window of the session, e.g. today's payments
    other.setWindowTitle("Today's payments")
    qtbot.addWidget(other)
    other.show()
    desk.staff.deactivate(desk.ada, "rita")
    staff_window.on_student_selected(directory.students[0])  # recording the view is refused: the session ended
    overlay = staff_window.session.lock_overlay
    qtbot.waitUntil(lambda: overlay.session_ended, timeout=5000)
    assert overlay.isVisible() and not other.isVisible()
    assert not overlay.password_edit.isVisible() and "no longer active" in overlay.who_label.text()
    assert not staff_window.centralWidget().isEnabled()
    # Only signing in opens it again, as someone whose account can act.
    overlay.switch_button.click()
    login = staff_window.session.login_dialog
    assert login is not None and login.isVisible()
    qtbot.keyClicks(login.username_edit, "marc")
    with qtbot.waitSignal(overlay.unlocked, timeout=5000):
        qtbot.keyClicks(login.password_edit, MARC_PW)
        qtbot.keyClick(login.password_edit, Qt.Key.Key_Return)
    assert staff_window.actor.username == "marc" and not overlay.isVisible() and other.isVisible()


def test_a_role_change_or_a_lockout_ends_an_idle_session(qtbot, staff_window, desk: Desk) -> None:  # type: ignore[no-untyped-def]
    with desk.engine.begin() as conn:  # an administrator made rita a manager; the sync brought the row
        conn.execute(sa.text("UPDATE staff SET role = 'manager' WHERE username = 'rita'"))
    staff_window.session.check_session()
    overlay = staff_window.session.lock_overlay
    qtbot.waitUntil(lambda: overlay.session_ended, timeout=5000)
    assert "Manager" in overlay.who_label.text()
    overlay.switch_button.click()
    login = staff_window.session.login_dialog
    qtbot.keyClicks(login.username_edit, "rita")
    with qtbot.waitSignal(overlay.unlocked, timeout=5000):
        qtbot.keyClicks(login.password_edit, RITA_PW)
        qtbot.keyClick(login.password_edit, Qt.Key.Key_Return)
    assert staff_window.actor.role is Role.MANAGER
    assert staff_window.session.signed_in_label.text() == "Signed in as rita (Manager)"


def test_a_locked_desk_whose_account_ends_no_longer_opens_with_the_password(qtbot, staff_window, desk: Desk) -> None:  # type: ignore[no-untyped-def]
    staff_window.session.lock_now()
    overlay = staff_window.session.lock_overlay
    assert overlay.password_edit.isVisible()
    desk.staff.deactivate(desk.ada, "rita")
    staff_window.session.check_session()
    qtbot.waitUntil(lambda: overlay.session_ended, timeout=5000)
    assert not overlay.password_edit.isVisible() and not overlay.unlock_button.isVisible()
    overlay.on_unlock_clicked()  # Enter in a field that is no longer there does nothing
    assert overlay.session_ended and overlay.isVisible()
