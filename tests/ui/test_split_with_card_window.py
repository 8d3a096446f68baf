"""A split payment whose card leg goes through the payment window, and one cash tender for a
program and its kit, in training mode: the real services, the real Stripe SDK over HTTP against
the in-process simulator, pytest-qt on the real widgets."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QAction

from oncopos.domain.access import Actor, Role
from oncopos.domain.money import format_cents
from oncopos.ui.app import payment_feature
from oncopos.ui.main_window import MainWindow
from oncopos.ui.payments.tender_actions import TenderFeature
from oncopos.ui.payments.tender_dialog import TenderDialog
from oncopos.ui.payments.training import read_inbox
from tests.ui.test_payment_several import student_owing_twice
from tests.ui.test_payment_window import SHOTS, latest_code, open_enrollment_with_balance, shot

REGISTRAR = Actor(None, "rita", Role.REGISTRAR, "DESK1")


@pytest.fixture
def window(qtbot, qapp, training) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    if SHOTS:
        from oncopos.ui.app import configure_application

        configure_application(qapp)
    w = MainWindow(training.student_directory, training.settings, actor=REGISTRAR,
                   features=[payment_feature(training), TenderFeature(training.tenders)])
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: w.payment_actions.executor.pending == 0, timeout=15_000)
    yield w
    w.close()


def open_tenders(window: MainWindow) -> TenderDialog:
    action = window.findChild(QAction, "tenderAction")  # Payment > Cash, cheque or e-Transfer…
    assert action is not None and action.isEnabled()
    action.trigger()
    dialog = window.findChild(TenderDialog, "tenderDialog")
    assert dialog is not None and dialog.isVisible()
    return dialog


def money(cents: int) -> str:
    return format_cents(cents, "en-CA")


def test_part_cheque_part_card_declined_then_paid(qtbot, window, training) -> None:  # type: ignore[no-untyped-def]
    enrollment = open_enrollment_with_balance(qtbot, window, training)
    balance = enrollment.balance_cents
    dialog = open_tenders(window)
    dialog.mode_combo.setCurrentIndex(1)  # split across two tenders
    dialog.amount_edit.setText("500.00")
    dialog.first.kind_combo.setCurrentIndex(1)  # cheque first
    qtbot.keyClicks(dialog.first.cheque_number_edit, "004521")
    qtbot.keyClicks(dialog.first.cheque_bank_edit, "Desjardins")
    today = training.tenders().today()  # the desk's day in Toronto, which a cheque may not be dated after
    assert dialog.first.cheque_date_edit.date() == QDate(today.year, today.month, today.day)
    dialog.first_amount_edit.setText("200.00")
    assert dialog.second.kind_combo.findData("card") >= 0  # the card is a choice of a split
    dialog.second.kind_combo.setCurrentIndex(dialog.second.kind_combo.findData("card"))
    dialog.second_amount_edit.setText("300.00")
    shot(qtbot, dialog, "split-card-1-parts")
    qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)

    # The whole split checked, then the payment window opens for the card leg's set amount.
    qtbot.waitUntil(lambda: dialog.card_dialog is not None and dialog.card_dialog.isVisible(), timeout=15_000)
    card = dialog.card_dialog
    page = card.amount_page
    assert page.amount_edit.isReadOnly() and page.amount_edit.text() == "300.00"
    assert page.heading.text() == "Card part of a split payment"
    shot(qtbot, card, "split-card-2-card-amount")
    qtbot.mouseClick(page.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: card.pages.currentWidget() is card.code_page or page.error_label.isVisible(),
                    timeout=15_000)
    assert card.pages.currentWidget() is card.code_page, page.error_label.text()
    # The code's email names the whole split and what the card is charged of it.
    emailed = next(m for m in read_inbox(training.settings.training_inbox_dir) if "Your code" in m.text)
    assert "confirm a payment of $500.00" in emailed.text and "of which $300.00 is charged to your card" in emailed.text
    qtbot.keyClicks(card.code_page.code_edit, latest_code(training))  # the one code of the split
    qtbot.keyClick(card.code_page.code_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: card.pages.currentWidget() is card.method_page, timeout=15_000)
    readers = card.method_page.readers_list
    qtbot.waitUntil(lambda: readers.count() > 0 and readers.item(0).data(256) is not None, timeout=15_000)
    reader_id = readers.item(0).data(256)
    qtbot.keyClick(readers, Qt.Key.Key_Return)
    progress = card.progress_page
    qtbot.waitUntil(lambda: card.pages.currentWidget() is progress, timeout=30_000)

    # Declined: the cheque is not recorded, the balance is what it was.
    training.gateway().present_test_card(reader_id, "4000000000000002")
    qtbot.waitUntil(progress.retry_button.isVisible, timeout=30_000)
    assert dialog.paid_card is None and not dialog.result_label.text().startswith("Card part of $300.00 paid")
    after_decline = training.student_directory.enrollments(REGISTRAR, window.enrollments_widget.student.id)
    assert next(e for e in after_decline if e.id == enrollment.id).balance_cents == balance

    # Retry on the same PaymentIntent with a good card: paid once, then the cheque follows.
    qtbot.mouseClick(progress.retry_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not progress.retry_button.isVisible(), timeout=30_000)
    training.gateway().present_test_card(reader_id, "4242424242424242")
    qtbot.waitUntil(lambda: card.pages.currentWidget() is card.result_page, timeout=30_000)
    qtbot.waitUntil(dialog.record_button.isHidden, timeout=30_000)
    qtbot.mouseClick(card.result_page.done_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not card.isVisible())
    text = dialog.result_label.text()
    assert "$300.00 by card on the reader, invoice DESK1-" in text
    assert f"Balance then {money(balance - 30_000)}" in text
    assert "$200.00 by cheque, invoice DESK1-" in text and f"Balance now {money(balance - 50_000)}" in text
    assert text.index("card on the reader") < text.index("by cheque")  # in the order taken: the card first
    shot(qtbot, dialog, "split-card-3-recorded")
    after = training.student_directory.enrollments(REGISTRAR, window.enrollments_widget.student.id)
    assert next(e for e in after if e.id == enrollment.id).balance_cents == balance - 50_000


def test_one_cash_tender_for_a_program_and_its_kit(qtbot, window, training) -> None:  # type: ignore[no-untyped-def]
    training.till().open_drawer(REGISTRAR, 10_000)
    student, first, second = student_owing_twice(training)
    window.on_student_selected(student)
    model = window.enrollments_widget.model
    qtbot.waitUntil(lambda: model.rowCount() > 1)
    row = next(r for r in range(model.rowCount()) if model.row_at(r).id == first.id)
    window.enrollments_widget.table_view.setCurrentIndex(model.index(row, 0))
    dialog = open_tenders(window)
    assert dialog.others_box.isVisibleTo(dialog)
    dialog.amount_edit.setText("100.00")
    box = next(b for e, b, _amount in dialog.others_box.rows if e.id == second.id)
    box.setChecked(True)
    total = 10_000 + second.balance_cents
    handed = (total // 10_000 + 1) * 10_000  # the next $100 up
    qtbot.keyClicks(dialog.first.tendered_edit, f"{handed // 100}.00")
    shot(qtbot, dialog, "several-cash-1")
    qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result_label.isVisibleTo(dialog) or dialog.error_label.isVisibleTo(dialog),
                    timeout=15_000)
    assert dialog.error_label.isHidden(), dialog.error_label.text()
    text = dialog.result_label.text()
    assert f"{money(total)} by cash, invoice DESK1-" in text
    shot(qtbot, dialog, "several-cash-2-recorded")
    after = {e.id: e for e in training.student_directory.enrollments(REGISTRAR, student.id)}
    assert after[first.id].balance_cents == first.balance_cents - 10_000 and after[second.id].balance_cents == 0
