"""The payment window as a new registrar meets it, keys only where a person would type (training
mode, real services, the simulator): what the screen says when it cannot act, the QR code that keeps
its size, the print dialog with its paper, and a whole payment from the search box to the printed
invoice without the mouse."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from oncopos.domain.access import Actor, Role
from oncopos.ui.app import configure_application, payment_feature
from oncopos.ui.main_window import MainWindow
from oncopos.ui.messages import Tone
from oncopos.ui.operations import Operation

from .test_desk_keyboard import student_owing_twice
from .test_payment_window import latest_code

REGISTRAR = Actor(None, "rita", Role.REGISTRAR, "DESK1")


@pytest.fixture
def window(qtbot, qapp, training) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    configure_application(qapp)
    w = MainWindow(training.student_directory, training.settings, actor=REGISTRAR, features=[payment_feature(training)])
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: w.payment_actions.executor.pending == 0, timeout=15_000)
    yield w
    w.close()


def open_payment(qtbot, window, training):  # type: ignore[no-untyped-def]
    student, _owing = student_owing_twice(training)
    window.on_student_selected(student)
    qtbot.waitUntil(lambda: window.enrollments_widget.selected_enrollment() is not None, timeout=5000)
    window.payment_actions.take_payment_action.trigger()
    dialog = window.payment_actions.dialog
    qtbot.waitUntil(lambda: dialog.amount_page.tax_label.text() != "", timeout=5000)
    dialog.activateWindow()  # mnemonics and shortcuts reach the active window only
    qtbot.waitUntil(dialog.isActiveWindow, timeout=2000)
    return dialog


def test_an_amount_too_large_to_read_names_the_configured_maximum(qtbot, window, training) -> None:  # type: ignore[no-untyped-def]
    dialog = open_payment(qtbot, window, training)
    page = dialog.amount_page
    page.amount_edit.selectAll()
    qtbot.keyClicks(page.amount_edit, "10000000")
    qtbot.keyClick(page.amount_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(page.error_label.isVisible, timeout=5000)
    maximum = training.settings.max_payment_cents
    assert f"${maximum // 100:,}.00" in page.error_label.text()
    assert "10,000,000" not in page.error_label.text()
    assert dialog.pages.currentWidget() is page  # nothing was sent
    dialog.reject()


def cancel_and_close(qtbot, dialog) -> None:  # type: ignore[no-untyped-def]
    """Esc-like cancel of a charge in progress: stopped at Stripe, then the window closes."""
    dialog.reject()
    qtbot.waitUntil(lambda: not dialog.isVisible() or (dialog.payment is not None and dialog.payment.final),
                    timeout=15_000)
    if dialog.isVisible():
        dialog.accept()


def to_method_page(qtbot, dialog, training) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(dialog.amount_page.amount_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.pages.currentWidget() is dialog.code_page, timeout=10_000)
    qtbot.keyClicks(dialog.code_page.code_edit, latest_code(training))
    qtbot.keyClick(dialog.code_page.code_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.pages.currentWidget() is dialog.method_page, timeout=10_000)


def test_the_qr_code_keeps_its_size_when_a_message_appears(qtbot, window, training) -> None:  # type: ignore[no-untyped-def]
    dialog = open_payment(qtbot, window, training)
    dialog.resize(dialog.width(), 480)  # a short window, as on a 1024x768 screen with the taskbar
    to_method_page(qtbot, dialog, training)
    qtbot.keyClick(dialog.method_page.readers_list, Qt.Key.Key_H, Qt.KeyboardModifier.AltModifier)  # &Hosted page
    progress = dialog.progress_page
    qtbot.waitUntil(lambda: dialog.pages.currentWidget() is progress and progress.qr_label.isVisible(), timeout=10_000)
    qtbot.waitUntil(lambda: not progress.qr_label.pixmap().isNull(), timeout=5000)
    before = progress.qr_label.size()
    code_size = progress.qr_label.pixmap().size()
    assert before.width() >= code_size.width() and before.height() >= code_size.height()
    # A message under the code (a bad address for the link) must not squeeze the code.
    progress.email_edit.setText("not-an-address")
    qtbot.keyClick(progress.email_edit, Qt.Key.Key_E, Qt.KeyboardModifier.AltModifier)  # &Email link
    qtbot.waitUntil(progress.error_label.isVisible, timeout=10_000)
    qtbot.waitUntil(lambda: progress.error_label.height() > 0)
    QApplication.processEvents()
    assert progress.qr_label.size() == before
    assert progress.qr_label.height() >= code_size.height()
    cancel_and_close(qtbot, dialog)


def test_the_pause_before_another_code_is_shown_and_a_key_during_it_says_how_long(
        qtbot, window, training) -> None:  # type: ignore[no-untyped-def]
    dialog = open_payment(qtbot, window, training)
    qtbot.keyClick(dialog.amount_page.amount_edit, Qt.Key.Key_Return)
    page = dialog.code_page
    qtbot.waitUntil(lambda: dialog.pages.currentWidget() is page and not dialog.busy, timeout=10_000)
    resend = page.resend_button
    # Right after a code: Resend looks disabled and counts down the 30 seconds.
    assert not resend.isEnabled()
    assert re.fullmatch(r"&Resend code \(0:(30|29|28)\)", resend.text()), resend.text()
    # Alt+R (its mnemonic) during the pause says how long is left, instead of nothing.
    qtbot.keyClick(page.code_edit, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    assert page.error_label.isVisible() and "A new code can be sent in 0:" in page.error_label.text()
    assert page.error_label.tone is Tone.WARNING
    # The pause over (the dialog's clock moved on 31 seconds), Resend is a button again.
    later = datetime.now(UTC) + timedelta(seconds=31)
    dialog.resend_pause._clock = lambda: later
    qtbot.waitUntil(resend.isEnabled, timeout=3000)
    assert resend.text() == "&Resend code"
    dialog.reject()


def test_a_locked_code_says_when_a_new_one_can_be_sent(qtbot, window, training) -> None:  # type: ignore[no-untyped-def]
    dialog = open_payment(qtbot, window, training)
    qtbot.keyClick(dialog.amount_page.amount_edit, Qt.Key.Key_Return)
    page = dialog.code_page
    qtbot.waitUntil(lambda: dialog.pages.currentWidget() is page and not dialog.busy, timeout=10_000)
    good = latest_code(training)
    wrong = "0" * len(good) if good != "0" * len(good) else "1" * len(good)
    for _ in range(training.settings.otp_max_attempts):
        page.code_edit.setText(wrong)
        qtbot.keyClick(page.code_edit, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: page.error_label.isVisible() and not dialog.busy, timeout=10_000)
    assert not page.confirm_button.isEnabled() and not page.resend_button.isEnabled()
    page.code_edit.setText(good)
    qtbot.keyClick(page.code_edit, Qt.Key.Key_Return)
    assert "A new code can be sent in" in page.error_label.text()
    assert re.search(r"\(\d+:\d\d\)", page.resend_button.text()), page.resend_button.text()
    dialog.reject()


def test_a_key_pressed_while_a_step_runs_is_answered(qtbot, window, training) -> None:  # type: ignore[no-untyped-def]
    dialog = open_payment(qtbot, window, training)
    page = dialog.amount_page
    release = threading.Event()
    Operation(lambda: release.wait(10)).run_in(dialog._executor)  # the database thread is held: the step waits
    qtbot.keyClick(page.amount_edit, Qt.Key.Key_Return)  # Send code: now running
    assert dialog.busy and not page.send_button.isEnabled()
    qtbot.keyClick(page.amount_edit, Qt.Key.Key_Return)  # pressed again while it runs
    assert page.error_label.isVisible() and "Still working on the previous step" in page.error_label.text()
    release.set()
    qtbot.waitUntil(lambda: dialog.pages.currentWidget() is dialog.code_page, timeout=10_000)
    dialog.reject()
