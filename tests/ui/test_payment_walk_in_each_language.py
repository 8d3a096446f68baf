"""A real payment walked through the window of a French desk and of an English one, every step filled
in as the registrar sees it: the amount and its tax, the code sent, the readers, the card declined and
retried, "Paid"; and the customer display the student reads. At each step no English is left on a
French desk and nothing is clipped on either (tests/ui/test_french_windows.py looks at the same
pages empty). ONCOPOS_SCREENSHOTS=DIR under xvfb-run saves each step to look at:

    ONCOPOS_SCREENSHOTS=shots xvfb-run -a -s "-screen 0 1024x768x24" \\
        env QT_QPA_PLATFORM=xcb .venv/bin/python -m pytest tests/ui/test_payment_walk_in_each_language.py
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from oncopos.domain.dates import format_moment
from oncopos.domain.staff import TRAINING_PASSWORD
from oncopos.ui.app import build_main_window
from oncopos.ui.i18n import FRENCH, current_language
from oncopos.ui.main_window import MainWindow
from oncopos.ui.payments.training import read_inbox
from oncopos.ui.refunds.actions import RefundActions

from .french_screens import clipped, english_left, save_shot

#: Stripe's test cards of the training panel, by their (source) labels.
DECLINED, APPROVED = "Insufficient funds", "Visa — approved"


@pytest.fixture(params=["reg"])
def window(qtbot, desk_in_each_language, caplog, request) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    """The registrar's window (a test may ask for the manager's: `indirect` "mgr")."""
    person = desk_in_each_language.staff.sign_in(request.param, TRAINING_PASSWORD)
    w = build_main_window(desk_in_each_language, person)
    w.resize(1024, 768)
    w.show()
    qtbot.waitExposed(w)
    qtbot.waitUntil(lambda: w.db_executor.pending == 0 and w.payment_actions.executor.pending == 0, timeout=15_000)
    yield w
    caplog.clear()
    w.close()
    w.deleteLater()
    qtbot.wait(50)
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []


def look(widget: QWidget, name: str) -> list[str]:
    """What is wrong with the step on screen: English on a French desk, a label too small for its text."""
    if widget.layout() is not None:
        widget.layout().activate()  # the text just changed: lay it out before measuring (as the next paint would)
    save_shot(widget, name)
    english = english_left(widget) if current_language() == FRENCH else []
    return [f"{name}: {problem}" for problem in english + clipped(widget)]


def code_sent_to(desk, address: str) -> str:  # type: ignore[no-untyped-def]
    """The one-time code of the newest email to `address` in the training inbox, in either language."""
    for message in read_inbox(desk.settings.training_inbox_dir):
        found = re.search(r"(?:Your code|Votre code)\s?: (\d+)", message.text)
        if found and address in message.to:
            return found.group(1)
    raise AssertionError(f"no code for {address} in the training inbox")


def to_the_method_page(qtbot, window: MainWindow, desk, problems: list[str]):  # type: ignore[no-untyped-def]
    """A student with a balance, 100.00 typed, the code sent and read back: the dialog on its method page."""
    directory = desk.student_directory
    student = next(s for s in directory.search(window.actor, "a", limit=50)
                   if any(e.balance_cents > 100_00 for e in directory.enrollments(window.actor, s.id)))
    window.on_student_selected(student)
    model = window.enrollments_widget.model
    qtbot.waitUntil(lambda: model.rowCount() > 0, timeout=10_000)
    row = next(r for r in range(model.rowCount()) if model.row_at(r).balance_cents > 100_00)
    enrollment = model.row_at(row)
    window.enrollments_widget.table_view.selectRow(row)

    actions = window.payment_actions
    actions.display_action.setChecked(True)  # the student's screen
    display = actions.customer_display
    actions.take_payment_action.trigger()
    dialog = actions.dialog
    assert dialog is not None and dialog.isVisible()

    page = dialog.amount_page
    page.amount_edit.selectAll()
    qtbot.keyClicks(page.amount_edit, "100,00" if current_language() == FRENCH else "100.00")
    total = "100,00\u00a0$" if current_language() == FRENCH else "$100.00"
    qtbot.waitUntil(lambda: total in page.tax_label.text(), timeout=5000)
    problems += look(dialog, "payment-1-amount")

    qtbot.keyClick(page.amount_edit, Qt.Key.Key_Return)  # send the code
    qtbot.waitUntil(lambda: dialog.pages.currentWidget() is dialog.code_page or page.error_label.isVisible(),
                    timeout=10_000)
    assert page.error_label.isHidden(), page.error_label.text()
    problems += look(dialog, "payment-2-code") + look(display, "display-1-keypad")
    expires = dialog.payment.code_expires_at  # said in the business's zone, in the desk's words
    assert format_moment(expires, desk.settings.tz, desk.settings.locale, style="time") in dialog.code_page.sent_label.text()

    code = dialog.code_page
    qtbot.keyClicks(code.code_edit, code_sent_to(desk, student.email))
    qtbot.keyClick(code.code_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.pages.currentWidget() is dialog.method_page, timeout=10_000)
    readers = dialog.method_page.readers_list
    qtbot.waitUntil(lambda: readers.count() > 0 and readers.item(0).data(256) is not None, timeout=10_000)
    problems += look(dialog, "payment-3-method")
    return dialog, display, enrollment


def paid(qtbot, window: MainWindow, dialog, display, enrollment, problems: list[str], name: str) -> None:  # type: ignore[no-untyped-def]
    result = dialog.result_page
    qtbot.waitUntil(lambda: dialog.pages.currentWidget() is result, timeout=10_000)
    qtbot.waitUntil(result.print_button.isVisible, timeout=10_000)  # the invoice is ready
    heading = "Payé 100,00\u00a0$" if current_language() == FRENCH else "Paid $100.00"
    assert result.heading.text() == heading
    problems += look(dialog, f"{name}-paid") + look(display, f"display-{name}-paid")
    assert problems == [], "\n".join(problems)

    model = window.enrollments_widget.model
    qtbot.keyClick(result.done_button, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    def balance_now() -> int | None:  # the model is read again after the payment: find the row by its id
        rows = (model.row_at(r) for r in range(model.rowCount()))
        return next((e.balance_cents for e in rows if e is not None and e.id == enrollment.id), None)

    qtbot.waitUntil(lambda: balance_now() == enrollment.balance_cents - 100_00, timeout=10_000)


def test_a_declined_then_approved_reader_payment_in_the_desks_language(qtbot, window, desk_in_each_language) -> None:  # type: ignore[no-untyped-def]
    problems: list[str] = []
    dialog, display, enrollment = to_the_method_page(qtbot, window, desk_in_each_language, problems)
    qtbot.keyClick(dialog.method_page.readers_list, Qt.Key.Key_Return)  # charge on the reader
    progress = dialog.progress_page
    qtbot.waitUntil(lambda: dialog.pages.currentWidget() is progress and progress.status_label.text() != "",
                    timeout=10_000)
    problems += look(dialog, "payment-4-waiting-for-the-card") + look(display, "display-2-present-card")

    actions = window.payment_actions
    actions.reader_action.trigger()
    panel = actions.reader_panel
    qtbot.waitUntil(lambda: panel.reader_combo.count() > 0, timeout=5000)
    qtbot.mouseClick(panel.card_buttons[DECLINED], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(progress.retry_button.isVisible, timeout=10_000)
    problems += look(dialog, "payment-5-declined") + look(display, "display-3-declined") + look(panel, "training-reader")

    qtbot.mouseClick(progress.retry_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not progress.retry_button.isVisible(), timeout=10_000)
    qtbot.mouseClick(panel.card_buttons[APPROVED], Qt.MouseButton.LeftButton)
    paid(qtbot, window, dialog, display, enrollment, problems, "payment-6")


def test_a_hosted_page_payment_in_the_desks_language(qtbot, window, desk_in_each_language) -> None:  # type: ignore[no-untyped-def]
    """The QR code on both screens, the page's expiry and the link to email, then paid on the phone."""
    problems: list[str] = []
    dialog, display, enrollment = to_the_method_page(qtbot, window, desk_in_each_language, problems)
    qtbot.mouseClick(dialog.method_page.hosted_button, Qt.MouseButton.LeftButton)
    progress = dialog.progress_page
    qtbot.waitUntil(lambda: dialog.pages.currentWidget() is progress and progress.link_label.text() != "",
                    timeout=10_000)
    problems += look(dialog, "hosted-4-qr-code") + look(display, "display-hosted-qr-code")
    expires = dialog.payment.checkout_expires_at  # the page's expiry on the business's clock, in the desk's words
    assert format_moment(expires, desk_in_each_language.settings.tz, desk_in_each_language.settings.locale,
                         style="time") in progress.countdown_label.text()

    actions = window.payment_actions
    actions.reader_action.trigger()
    panel = actions.reader_panel
    qtbot.mouseClick(panel.phone_button, Qt.MouseButton.LeftButton)
    paid(qtbot, window, dialog, display, enrollment, problems, "hosted-5")


@pytest.mark.parametrize("window", ["mgr"], indirect=True)
def test_a_payment_refunded_in_part_in_the_desks_language(qtbot, window, desk_in_each_language) -> None:  # type: ignore[no-untyped-def]
    """The manager's day: a payment found in today's history, part of it refunded, the outcome read."""
    problems: list[str] = []
    dialog, display, enrollment = to_the_method_page(qtbot, window, desk_in_each_language, problems)
    qtbot.mouseClick(dialog.method_page.hosted_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.progress_page.link_label.text() != "", timeout=10_000)
    window.payment_actions.reader_action.trigger()
    qtbot.mouseClick(window.payment_actions.reader_panel.phone_button, Qt.MouseButton.LeftButton)
    paid(qtbot, window, dialog, display, enrollment, problems, "before-refund")

    history = window.commands(RefundActions).open_history(today_only=True)
    qtbot.waitUntil(lambda: history.model.rowCount() > 0, timeout=10_000)
    history.table.selectRow(0)
    qtbot.waitUntil(history.refund_button.isEnabled, timeout=10_000)
    problems += look(history, "refund-1-history")
    history.refund_button.click()
    qtbot.waitUntil(lambda: history.refund_dialog is not None and history.refund_dialog.isVisible(), timeout=5000)
    refund = history.refund_dialog
    refund.amount_edit.setText("20,00" if current_language() == FRENCH else "20.00")
    refund.reason_box.setCurrentIndex(refund.reason_box.findData("requested_by_customer"))
    refund.refund_button.click()
    qtbot.waitUntil(lambda: refund.pages.currentWidget() is refund.review, timeout=5000)
    problems += look(refund, "refund-2-review")
    with qtbot.waitSignal(refund.refund_finished, timeout=15_000):
        qtbot.mouseClick(refund.confirm_button, Qt.MouseButton.LeftButton)
    twenty = "20,00\u00a0$" if current_language() == FRENCH else "$20.00"
    assert twenty in refund.status_label.text()
    problems += look(refund, "refund-3-done")
    assert problems == [], "\n".join(problems)
    refund.close()
    history.close()
