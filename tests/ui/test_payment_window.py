"""The whole payment in the window, in training mode: the real services, the in-process simulator,
the training inbox; pytest-qt drives the real widgets with the keyboard where a registrar would."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from PySide6.QtCore import Qt

from oncopos.domain.access import Actor, Role
from oncopos.ui.app import payment_feature
from oncopos.ui.main_window import MainWindow
from oncopos.ui.payments.training import read_inbox

REGISTRAR = Actor(None, "rita", Role.REGISTRAR, "DESK1")
# ONCOPOS_SCREENSHOTS=DIR (with a real display, e.g. under xvfb-run) saves each step as a PNG to look at.
SHOTS = os.environ.get("ONCOPOS_SCREENSHOTS")


def shot(qtbot, widget, name: str) -> None:  # type: ignore[no-untyped-def]
    if SHOTS:
        qtbot.wait(150)  # let layouts settle and the QR code paint
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(Path(SHOTS) / f"{name}.png"))


@pytest.fixture
def window(qtbot, qapp, training) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    if SHOTS:
        from oncopos.ui.app import configure_application

        configure_application(qapp)  # the real stylesheet and fonts, for screenshots to look at
    w = MainWindow(training.student_directory, training.settings, actor=REGISTRAR, features=[payment_feature(training)])
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: w.payment_actions.executor.pending == 0, timeout=15_000)  # start-up recovery
    yield w
    w.close()


def open_enrollment_with_balance(qtbot, window, training) -> object:  # type: ignore[no-untyped-def]
    for student in training.student_directory.search(REGISTRAR, "a", limit=50):
        owing = [e for e in training.student_directory.enrollments(REGISTRAR, student.id) if e.balance_cents > 50_000]
        if owing:
            break
    window.on_student_selected(student)
    table = window.enrollments_widget.table_view
    qtbot.waitUntil(lambda: window.enrollments_widget.model.rowCount() > 0)
    row = next(r for r in range(window.enrollments_widget.model.rowCount())
               if window.enrollments_widget.model.row_at(r).id == owing[0].id)
    table.setCurrentIndex(window.enrollments_widget.model.index(row, 0))
    return owing[0]


def latest_code(training) -> str:  # type: ignore[no-untyped-def]
    for message in read_inbox(training.settings.training_inbox_dir):
        found = re.search(r"(?:Your code|Votre code) ?: (\d+)", message.text)
        if found:
            return found.group(1)
    raise AssertionError("no code in the training inbox")


def test_a_partial_payment_declined_then_paid_in_the_window(qtbot, window, training) -> None:  # type: ignore[no-untyped-def]
    enrollment = open_enrollment_with_balance(qtbot, window, training)
    actions = window.payment_actions
    actions.display_action.setChecked(True)  # the customer display on the second screen
    display = actions.customer_display
    assert actions.take_payment_action.isEnabled()
    window.activateWindow()  # shortcuts reach the active window only (the customer display just opened)
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    dialog = actions.dialog
    assert dialog is not None and dialog.isVisible()

    # Amount: the full balance by default; the registrar types a partial amount and sees the tax.
    page = dialog.amount_page
    assert page.amount_edit.text().replace(",", "") == f"{enrollment.balance_cents // 100}.{enrollment.balance_cents % 100:02d}"
    page.amount_edit.selectAll()
    qtbot.keyClicks(page.amount_edit, "500.00")
    qtbot.waitUntil(lambda: "Total $500.00" in page.tax_label.text(), timeout=5000)
    shot(qtbot, dialog, "1-amount")
    qtbot.keyClick(page.amount_edit, Qt.Key.Key_Return)  # Enter: send the code
    qtbot.waitUntil(lambda: dialog.pages.currentWidget() is dialog.code_page or page.error_label.isVisible(),
                    timeout=10_000)
    assert page.error_label.isHidden(), page.error_label.text()
    assert "@" in dialog.code_page.sent_label.text()
    assert display.amount_label.text() == "$500.00" and display.pages.currentWidget() is display.keypad_page
    shot(qtbot, dialog, "2-code")
    shot(qtbot, display, "display-1-keypad")

    # The student types the code from the training inbox on the customer display's keypad.
    for digit in latest_code(training):
        qtbot.mouseClick(display.keys[digit], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(display.keys["OK"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.pages.currentWidget() is dialog.method_page, timeout=10_000)
    readers = dialog.method_page.readers_list
    qtbot.waitUntil(lambda: readers.count() > 0 and readers.item(0).data(256) is not None, timeout=10_000)
    assert "online" in readers.item(0).text()
    shot(qtbot, dialog, "3-method")
    qtbot.keyClick(readers, Qt.Key.Key_Return)  # Enter: charge on the chosen reader
    progress = dialog.progress_page
    qtbot.waitUntil(lambda: dialog.pages.currentWidget() is progress, timeout=10_000)
    assert "Waiting for the card" in progress.status_label.text()
    shot(qtbot, dialog, "4-reader-waiting")

    # Training panel: the student's card is declined for insufficient funds.
    actions.reader_action.trigger()
    panel = actions.reader_panel
    qtbot.waitUntil(lambda: panel.reader_combo.count() > 0, timeout=5000)
    qtbot.mouseClick(panel.card_buttons["Insufficient funds"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(progress.retry_button.isVisible, timeout=10_000)
    assert "insufficient funds" in progress.status_label.text()
    assert "insufficient funds" in display.status_label.text()
    shot(qtbot, dialog, "5-declined")
    shot(qtbot, panel, "training-reader-panel")
    qtbot.keyClick(progress.retry_button, Qt.Key.Key_Return)  # Enter: Retry on the same PaymentIntent
    qtbot.waitUntil(lambda: not progress.retry_button.isVisible(), timeout=10_000)
    qtbot.mouseClick(panel.card_buttons["Visa — approved"], Qt.MouseButton.LeftButton)

    result = dialog.result_page
    qtbot.waitUntil(lambda: dialog.pages.currentWidget() is result, timeout=10_000)
    assert result.heading.text() == "Paid $500.00"
    assert "Visa ending in 4242" in result.details_label.text()
    new_balance = enrollment.balance_cents - 50_000
    assert f"New balance: ${new_balance // 100:,}.{new_balance % 100:02d}" in result.details_label.text()
    assert re.search(r"Invoice DESK1-\d{6}", result.details_label.text())
    assert result.print_button.isVisible() and result.email_button.isVisible()
    assert display.status_label.text() == "Payment received. Thank you!"
    shot(qtbot, dialog, "6-paid")
    shot(qtbot, display, "display-3-paid")
    qtbot.keyClick(result.done_button, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    # The window shows the new balance.
    qtbot.waitUntil(lambda: any(window.enrollments_widget.model.row_at(r).balance_cents == new_balance
                                for r in range(window.enrollments_widget.model.rowCount())), timeout=5000)

    # The training inbox shows the code email.
    actions.inbox_action.trigger()
    assert actions.inbox.list_widget.count() >= 1
    assert "code" in actions.inbox.body_view.toPlainText().lower()
    shot(qtbot, actions.inbox, "training-inbox")


def _to_method_page(qtbot, window, training):  # type: ignore[no-untyped-def]
    open_enrollment_with_balance(qtbot, window, training)
    window.payment_actions.take_payment_action.trigger()
    dialog = window.payment_actions.dialog
    qtbot.waitUntil(lambda: dialog.amount_page.tax_label.text() != "", timeout=5000)
    qtbot.keyClick(dialog.amount_page.amount_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.pages.currentWidget() is dialog.code_page, timeout=10_000)
    qtbot.keyClicks(dialog.code_page.code_edit, latest_code(training))
    qtbot.keyClick(dialog.code_page.code_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.pages.currentWidget() is dialog.method_page, timeout=10_000)
    return dialog


def test_hosted_page_paid_from_a_phone(qtbot, window, training) -> None:  # type: ignore[no-untyped-def]
    dialog = _to_method_page(qtbot, window, training)
    qtbot.mouseClick(dialog.method_page.hosted_button, Qt.MouseButton.LeftButton)
    progress = dialog.progress_page
    qtbot.waitUntil(lambda: dialog.pages.currentWidget() is progress, timeout=10_000)
    url = progress.link_label.text()
    assert url.startswith("http://127.0.0.1:") and not progress.qr_label.pixmap().isNull()
    assert re.match(r"The link expires in (29|30):\d\d \(at \d{1,2}:\d\d [ap]\.m\.\)\.", progress.countdown_label.text())
    shot(qtbot, dialog, "7-hosted-qr")
    answer = requests.post(url, data={"number": "4242424242424242", "expiry": "12/40", "cvc": "123",
                                      "name": "Student", "postal_code": "M5V 2T6"}, timeout=5)
    assert answer.status_code == 200
    qtbot.waitUntil(lambda: dialog.pages.currentWidget() is dialog.result_page, timeout=10_000)
    assert dialog.result_page.heading.text().startswith("Paid $")


def test_escape_cancels_the_charge_on_the_reader(qtbot, window, training) -> None:  # type: ignore[no-untyped-def]
    dialog = _to_method_page(qtbot, window, training)
    readers = dialog.method_page.readers_list
    qtbot.waitUntil(lambda: readers.count() > 0 and readers.item(0).data(256) is not None, timeout=10_000)
    qtbot.keyClick(readers, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.pages.currentWidget() is dialog.progress_page, timeout=10_000)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: dialog.pages.currentWidget() is dialog.result_page, timeout=10_000)
    assert dialog.result_page.heading.text() == "Payment not completed"
    assert "Nothing was charged" in dialog.result_page.details_label.text()
    assert dialog.payment.status == "cancelled"
    shot(qtbot, dialog, "8-cancelled")


def test_after_retry_the_screen_waits_for_the_card_and_never_shows_the_old_decline(qtbot, window, training) -> None:  # type: ignore[no-untyped-def]
    dialog = _to_method_page(qtbot, window, training)
    readers = dialog.method_page.readers_list
    qtbot.waitUntil(lambda: readers.count() > 0 and readers.item(0).data(256) is not None, timeout=10_000)
    reader_id = readers.item(0).data(256)
    simulator = training.simulator
    simulator.faults.latency_seconds = 0.5  # a slow Stripe: the window says what it is waiting for
    qtbot.keyClick(readers, Qt.Key.Key_Return)
    waiting = dialog.method_page.waiting_label
    qtbot.waitUntil(waiting.isVisible, timeout=5000)
    assert "sending it to the card reader" in waiting.text() and "at most" in waiting.text()
    progress = dialog.progress_page
    qtbot.waitUntil(lambda: dialog.pages.currentWidget() is progress, timeout=15_000)
    assert waiting.isHidden()
    simulator.faults.latency_seconds = 0.0

    training.gateway().present_test_card(reader_id, "4000000000000002")
    qtbot.waitUntil(progress.retry_button.isVisible, timeout=10_000)
    assert "declined" in progress.status_label.text()
    qtbot.keyClick(progress.retry_button, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not progress.retry_button.isVisible(), timeout=10_000)

    # Several polls while the student looks for another card: Stripe still holds the first decline.
    before = simulator.state.request_count
    qtbot.waitUntil(lambda: simulator.state.request_count >= before + 6, timeout=15_000)
    qtbot.waitUntil(lambda: dialog.charge.poll_timer.isActive() and not dialog.charge.polling, timeout=5000)
    assert "Waiting for the card" in progress.status_label.text(), progress.status_label.text()
    assert "declined" not in progress.status_label.text() and progress.retry_button.isHidden()

    training.gateway().present_test_card(reader_id, "4242424242424242")
    qtbot.waitUntil(lambda: dialog.pages.currentWidget() is dialog.result_page, timeout=10_000)
    assert dialog.result_page.heading.text().startswith("Paid $")


def test_a_payment_closed_behind_the_window_is_refused_in_one_line_and_never_charged(qtbot, window, training) -> None:  # type: ignore[no-untyped-def]
    """Another window (or start-up recovery) cancels the quote while this one waits on its
    method page: the charge is refused by the lifecycle, said in one line, and nothing reaches Stripe."""
    dialog = _to_method_page(qtbot, window, training)
    qtbot.waitUntil(lambda: window.payment_actions.executor.pending == 0, timeout=10_000)  # the readers listed
    training.payments().cancel(REGISTRAR, dialog.payment.id)
    sessions_before = len(training.simulator.state.all("checkout.session"))
    qtbot.mouseClick(dialog.method_page.hosted_button, Qt.MouseButton.LeftButton)
    error = dialog.method_page.error_label
    qtbot.waitUntil(error.isVisible, timeout=10_000)
    assert error.text() == ("This payment is cancelled, so it cannot be charged now. Close this window and start "
                            "again if money is still owing.")
    assert dialog.pages.currentWidget() is dialog.method_page and not dialog.busy
    assert len(training.simulator.state.all("checkout.session")) == sessions_before
    assert training.payments().view(dialog.payment.id).status == "cancelled"
