"""`PaymentMail` over the mail outbox and the shared email templates (oncopos.services.emails).

The confirmation, the business notice and the failure notice are stored in the payment's own
transaction and delivered later with retries; a payment link is sent at once (the student is
waiting for it at the desk, so a failure must be said now).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from oncopos.services.emails import (
    Business,
    payment_confirmation_email,
    payment_failed_email,
    payment_link_email,
    payment_notice_email,
)
from oncopos.services.guard import open_to_all
from oncopos.services.payments.records import EnrollmentForPayment, PaymentReceipt, PaymentRecord
from oncopos.services.ports import Mailer, UnitOfWork

#: `MailOutbox.enqueue(uow, message, kind=...)` (oncopos.adapters.mail) or any callable of that shape.
Enqueue = Callable[..., Any]


@open_to_all("queues the app's own receipts and notices after a payment the guarded calls recorded")
class OutboxPaymentMail:
    def __init__(self, enqueue: Enqueue, mailer: Mailer, business: Business) -> None:
        self._enqueue = enqueue
        self._mailer = mailer
        self._business = business

    def queue_success(self, uow: UnitOfWork, receipt: PaymentReceipt, invoice_pdf: bytes | None) -> None:
        p, e = receipt.payment, receipt.enrollment
        paid_at = p.completed_at or p.created_at
        self._enqueue(uow, payment_confirmation_email(
            business=self._business, to=e.student_email, language=e.student_language, student_name=e.student_name,
            course_name=receipt.course_name, amount_cents=p.amount_cents, tax_cents=p.tax_cents, paid_at=paid_at,
            card_brand=p.card_brand, card_last4=p.card_last4, balance_cents=max(receipt.balance_after_cents, 0),
            invoice_number=receipt.invoice_number, invoice_pdf=invoice_pdf), kind="payment_confirmation")
        self._enqueue(uow, payment_notice_email(
            business=self._business, student_name=e.student_name, student_number=e.student_number,
            course_name=receipt.course_name, amount_cents=p.amount_cents, tax_cents=p.tax_cents, paid_at=paid_at,
            card_brand=p.card_brand, card_last4=p.card_last4, desk=p.workstation_id,
            staff_name=receipt.staff_name, balance_cents=receipt.balance_after_cents, payment_id=p.id,
            invoice_number=receipt.invoice_number), kind="payment_notice")

    def queue_failure(self, uow: UnitOfWork, receipt: PaymentReceipt) -> None:
        p, e = receipt.payment, receipt.enrollment
        self._enqueue(uow, payment_failed_email(
            business=self._business, to=e.student_email, language=e.student_language, student_name=e.student_name,
            course_name=receipt.course_name, amount_cents=p.amount_cents, balance_cents=receipt.balance_after_cents,
            attempted_at=p.completed_at or p.created_at, reason_code=p.failure_code), kind="payment_failed")

    def send_link(self, to: str, enrollment: EnrollmentForPayment, record: PaymentRecord) -> None:
        """The hosted page's link, sent at once: the student is waiting for it at the desk."""
        self._mailer.send(payment_link_email(
            business=self._business, to=to, language=enrollment.student_language, student_name=enrollment.student_name,
            course_name=enrollment.course_name, course_code=enrollment.course_code, amount_cents=record.amount_cents,
            url=record.checkout_url or "", expires_at=record.checkout_expires_at))
