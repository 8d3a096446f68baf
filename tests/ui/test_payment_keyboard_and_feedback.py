"""The payment window as a new registrar meets it, keys only where a person would type (training
mode, real services, the simulator): what the screen says when it cannot act, the QR code that keeps
its size, the print dialog with its paper, and a whole payment from the search box to the printed
invoice without the mouse."""

from __future__ import annotations

import os
import re
import stat
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from oncopos.domain.access import Actor, Role
from oncopos.domain.money import format_cents
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


def focused():  # type: ignore[no-untyped-def]
    widget = QApplication.focusWidget()
    assert widget is not None, "the keyboard has nowhere to go"
    return widget


def press(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:  # type: ignore[no-untyped-def]
    """A key, where the keyboard is: never a widget the test picks for the registrar."""
    qtbot.keyClick(focused(), key, modifier)


def fake_lp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """CUPS' lp, as the real LpPrinter finds it on the PATH: keeps its arguments and the document."""
    folder = tmp_path / "bin"
    folder.mkdir()
    lp = folder / "lp"
    lp.write_text(f'#!/bin/sh\necho "$@" > {folder}/args\ncat > {folder}/document.pdf\n'
                  'echo "request id is FrontDesk-7 (1 file(s))"\n')
    lp.chmod(lp.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    return folder


def test_a_whole_payment_from_the_search_box_to_the_printed_receipt_with_the_keyboard_alone(
        qtbot, window, training, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    printed = fake_lp(tmp_path, monkeypatch)
    student, _owing = student_owing_twice(training)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    search = window.search_widget.search_edit
    assert focused() is search  # the window opens ready to type a name

    # Find the student and open the first enrollment owing: type, Enter, Enter.
    qtbot.keyClicks(focused(), student.email)
    qtbot.waitUntil(lambda: window.search_widget.model.rowCount() == 1, timeout=5000)
    press(qtbot, Qt.Key.Key_Return)
    enrollments = window.enrollments_widget
    qtbot.waitUntil(lambda: enrollments.selected_enrollment() is not None and focused() is enrollments.table_view,
                    timeout=5000)
    chosen = enrollments.selected_enrollment()
    press(qtbot, Qt.Key.Key_Return)
    dialog = window.payment_actions.dialog
    assert dialog is not None and dialog._enrollment.id == chosen.id
    qtbot.waitUntil(lambda: dialog.isActiveWindow() and dialog.amount_page.tax_label.text() != "", timeout=5000)

    # The whole balance is offered, selected: a part of it is typed over it; Enter sends the code.
    assert focused() is dialog.amount_page.amount_edit
    amount = min(chosen.balance_cents // 2, 100_00)
    qtbot.keyClicks(focused(), f"{amount // 100}.{amount % 100:02d}")
    qtbot.waitUntil(lambda: "Total" in dialog.amount_page.tax_label.text() and not dialog.busy, timeout=5000)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.pages.currentWidget() is dialog.code_page, timeout=10_000)

    # The code the student reads out, then Enter.
    assert focused() is dialog.code_page.code_edit
    qtbot.keyClicks(focused(), latest_code(training))
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.pages.currentWidget() is dialog.method_page, timeout=10_000)

    # The online reader is chosen for her; Enter charges on it.
    readers = dialog.method_page.readers_list
    qtbot.waitUntil(lambda: readers.currentItem() is not None and readers.currentItem().data(256) is not None,
                    timeout=10_000)
    reader_id = readers.currentItem().data(256)
    assert focused() is readers
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.pages.currentWidget() is dialog.progress_page, timeout=10_000)
    # The student taps her card on the (simulated) reader: the student's side, not the registrar's mouse.
    training.gateway().present_test_card(reader_id, "4242424242424242")
    result = dialog.result_page
    qtbot.waitUntil(lambda: dialog.pages.currentWidget() is result, timeout=15_000)
    assert result.heading.text() == f"Paid {format_cents(amount)}"
    number = dialog.payment.invoice_number
    assert number

    # Alt+P: Print invoice…; the paper list has the keyboard: Down to the 80 mm receipt, Enter prints.
    assert focused() is result.done_button
    press(qtbot, Qt.Key.Key_P, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: dialog.charge.print_dialog is not None and dialog.charge.print_dialog.isVisible(),
                    timeout=5000)
    choice = dialog.charge.print_dialog
    qtbot.waitUntil(lambda: focused() is choice.paper_combo, timeout=2000)
    assert [choice.paper_combo.itemText(i) for i in range(choice.paper_combo.count())] == [
        "Letter", "A4", "Receipt (80 mm roll)"]
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Down)
    assert choice.paper() == "receipt"
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "sent to the printer" in result.error_label.text(), timeout=10_000)
    assert "FrontDesk-7" in result.error_label.text() and result.error_label.tone is Tone.SUCCESS
    assert "media=Custom.80x297mm" in (printed / "args").read_text()
    assert (printed / "document.pdf").read_bytes().startswith(b"%PDF")

    # Enter: Done, back at the enrollment just paid.
    qtbot.waitUntil(lambda: QApplication.focusWidget() is result.done_button, timeout=2000)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    qtbot.waitUntil(lambda: enrollments.selected_enrollment() is not None
                    and enrollments.selected_enrollment().id == chosen.id
                    and enrollments.selected_enrollment().balance_cents == chosen.balance_cents - amount, timeout=10_000)
