""""Paid" first, paperwork after: the payment window paints its success page before the receipt
and the invoice PDF it carries are made (the real dialog, services and simulator, training mode)."""

from __future__ import annotations

import re

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWidget

from oncopos.domain.access import Actor, Role
from oncopos.services.payments.records import Step
from oncopos.ui.payments.dialog import PaymentDialog
from oncopos.ui.payments.training import read_inbox

REGISTRAR = Actor(None, "rita", Role.REGISTRAR, "DESK1")


class OnFirstPaint(QObject):
    def __init__(self, widget: QWidget, check) -> None:  # type: ignore[no-untyped-def]
        super().__init__(widget)
        self.result: object = None
        self._check = check
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self.result is None and event.type() == QEvent.Type.Paint:
            self.result = self._check()
        return False


def emails_queued(training, payment_id) -> bool:  # type: ignore[no-untyped-def]
    with training.uow() as uow:
        return any(s.step == Step.EMAILS_QUEUED for s in uow.payments.steps(payment_id))


def test_the_receipt_is_queued_only_after_paid_is_painted(qtbot, training) -> None:  # type: ignore[no-untyped-def]
    directory = training.student_directory
    student, enrollment = next((s, e) for s in directory.search(REGISTRAR, "a", limit=50)
                               for e in directory.enrollments(REGISTRAR, s.id) if e.balance_cents >= 1_000)
    service = training.payments()
    dialog = PaymentDialog(lambda: service, REGISTRAR, student, enrollment, terminal=training.terminal)
    qtbot.addWidget(dialog)
    dialog.amount_page.amount_edit.setText("10.00")
    dialog.show()
    dialog.amount_page.send_button.click()
    qtbot.waitUntil(lambda: dialog.pages.currentWidget() is dialog.code_page, timeout=10_000)
    code = next(m.group(1) for m in (re.search(r"Your code ?: (\d+)", x.text)
                                     for x in read_inbox(training.settings.training_inbox_dir)) if m)
    dialog.code_page.code_edit.setText(code)
    dialog.code_page.confirm_button.click()
    readers = dialog.method_page.readers_list
    qtbot.waitUntil(lambda: readers.count() > 0 and readers.item(0).data(256) is not None, timeout=10_000)
    reader_id = readers.item(0).data(256)
    dialog.method_page.reader_button.click()
    qtbot.waitUntil(lambda: dialog.pages.currentWidget() is dialog.progress_page, timeout=10_000)
    assert dialog.payment is not None
    payment_id = dialog.payment.id
    at_paint = OnFirstPaint(dialog.result_page, lambda: ("queued" if emails_queued(training, payment_id) else "not yet"))

    service.gateway.present_test_card(reader_id)
    qtbot.waitUntil(lambda: at_paint.result is not None, timeout=10_000)
    assert dialog.result_page.heading.text() == "Paid $10.00"
    assert re.search(r"Invoice DESK1-\d{6}", dialog.result_page.details_label.text())  # the number is taken
    assert at_paint.result == "not yet"
    # ... and then, without anyone pressing anything, the receipt with its invoice goes out.
    qtbot.waitUntil(lambda: emails_queued(training, payment_id), timeout=10_000)
    dialog.done(0)
