"""Writing a refund's outcome: once, in one transaction with its credit note, then the student's email.

Shared by the live flow, settlement and the Dashboard sweep, so a refund Stripe made is
recorded the same way whichever of them sees it first, and never twice: the refund row is locked
and its status checked inside the transaction that records it.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

from oncopos.domain.access import Actor
from oncopos.domain.gateway import RefundState
from oncopos.domain.refund import REFUND_LIFECYCLE
from oncopos.domain.tender import Tender
from oncopos.logs import PAYMENT_LOG
from oncopos.services.guard import open_to_all
from oncopos.services.ports import Clock, InvoiceIssuer, UnitOfWorkFactory
from oncopos.services.refunds import status
from oncopos.services.refunds.mail import CreditNoteFacts
from oncopos.services.refunds.ports import FaultPoint, RefundMail
from oncopos.services.refunds.records import DASHBOARD, FAILED, READER, SUCCEEDED, RefundRecord, Step

log = logging.getLogger(__name__)
payment_log = logging.getLogger(PAYMENT_LOG)

# Stripe refund statuses that will still change; the others are final.
STRIPE_OPEN = frozenset({"pending", "requires_action"})


@open_to_all("records the outcome of refunds the guarded RefundService calls started")
class RefundRecorder:
    def __init__(self, uow_factory: UnitOfWorkFactory, clock: Clock, invoices: InvoiceIssuer | None,
                 mail: RefundMail | None, checkpoint: FaultPoint) -> None:
        self._uow = uow_factory
        self._clock = clock
        self._invoices = invoices
        self._mail = mail
        self._checkpoint = checkpoint

    def journal(self, actor: Actor, record: RefundRecord, step: str, detail: dict[str, Any], *,
                audit: str | None = None, **changes: Any) -> RefundRecord:
        with self._uow() as uow:
            now = self._clock()
            record = status.record_step(uow, record.id, step, at=now, detail={"refund": str(record.id), **detail},
                                        **changes)
            if audit:
                uow.audit.record(actor, audit, at=now, subject_type="refund", subject_id=record.id,
                                 details={"payment_id": str(record.payment_id), **detail})
            uow.commit()
        return record

    def settle(self, actor: Actor, refund_id: uuid.UUID, state: RefundState, *, source: str) -> RefundRecord:
        """Bring the local row in line with Stripe's refund."""
        if state.status == "succeeded":
            return self.succeeded(actor, refund_id, state, source=source)
        if state.status in STRIPE_OPEN:
            with self._uow() as uow:
                record = uow.refunds.get(refund_id)
            if record.stripe_refund_id == state.id:
                return record
            return self.journal(actor, record, Step.STRIPE_PENDING, {"stripe_refund": state.id, "source": source},
                                audit="refund.pending_at_stripe", stripe_refund_id=state.id)
        reason = state.failure_reason or state.status
        return self.failed(actor, refund_id, code=reason, source=source, stripe_refund_id=state.id,
                           message=f"Stripe could not return the money ({reason.replace('_', ' ')}). Nothing was "
                                   "refunded; refund again, or give the money back another way.")

    def succeeded(self, actor: Actor, refund_id: uuid.UUID, state: RefundState, *, source: str) -> RefundRecord:
        """Record the success and issue its credit note unless already done; then queue the email."""
        with self._uow() as uow:
            record = uow.refunds.get(refund_id, lock=True)
            if record.status == SUCCEEDED:
                return record
            step = REFUND_LIFECYCLE.move(record.status, SUCCEEDED)
            now = self._clock()
            record = uow.refunds.update(refund_id, status=SUCCEEDED, stripe_refund_id=state.id, completed_at=now,
                                        failure_code=None, failure_message=None)
            # The credit note's number is taken in this same transaction: a refund recorded without
            # its credit note (or the reverse) cannot exist. Dashboard refunds wait for a manager.
            number = (self._invoices.issue_for_refund(uow, refund_id, actor)
                      if self._invoices is not None and record.source != DASHBOARD else None)
            detail = {"refund": str(refund_id), "stripe_refund": state.id, "amount_cents": record.amount_cents,
                      "source": source, "credit_note": number}
            uow.payments.journal(record.payment_id, step, at=now, detail=detail)
            uow.audit.record(actor, "refund.succeeded", at=now, subject_type="refund", subject_id=refund_id,
                             details={"payment_id": str(record.payment_id), **detail})
            uow.commit()
        payment_log.info("payment %s: refund %s succeeded, %s cents, Stripe %s, credit note %s (%s)",
                         record.payment_id, refund_id, record.amount_cents, state.id, number, source)
        self._checkpoint("refund_recorded")
        if number:
            self.queue_email(refund_id)
        return record

    def failed(self, actor: Actor, refund_id: uuid.UUID, *, code: str, message: str, source: str,
               stripe_refund_id: str | None = None) -> RefundRecord:
        """Close a refund that gave nothing back, once."""
        with self._uow() as uow:
            record = uow.refunds.get(refund_id, lock=True)
            if record.final:
                return record
            step = REFUND_LIFECYCLE.move(record.status, FAILED)
            now = self._clock()
            changes: dict[str, Any] = {"status": FAILED, "failure_code": code, "failure_message": message,
                                       "completed_at": now}
            if stripe_refund_id:
                changes["stripe_refund_id"] = stripe_refund_id
            record = uow.refunds.update(refund_id, **changes)
            detail = {"refund": str(refund_id), "code": code, "source": source}
            uow.payments.journal(record.payment_id, step, at=now, detail=detail)
            uow.audit.record(actor, "refund.failed", at=now, subject_type="refund", subject_id=refund_id,
                             details={"payment_id": str(record.payment_id), "amount_cents": record.amount_cents,
                                      **detail})
            uow.commit()
        payment_log.info("payment %s: refund %s failed (%s, %s): %s", record.payment_id, refund_id, code, source, message)
        return record

    def queue_email(self, refund_id: uuid.UUID) -> bool:
        """Queue the student's credit-note email once; True if it was queued now.

        After the commit that issued the credit note, because its PDF is rendered from committed
        data; a crash in between is caught by settlement.
        """
        if self._mail is None or self._invoices is None:
            return False
        with self._uow() as uow:
            record = uow.refunds.get(refund_id)
            number = uow.refunds.credit_note_number(refund_id)
            done = uow.refunds.journal_mentions(record.payment_id, Step.EMAILS_QUEUED, refund_id)
        if number is None or done:
            return False
        pdf = self._invoices.pdf_for(number)
        with self._uow() as uow:
            record = uow.refunds.get(refund_id, lock=True)
            if uow.refunds.journal_mentions(record.payment_id, Step.EMAILS_QUEUED, refund_id):
                return False
            payment = uow.refunds.payment(record.payment_id)
            balance = uow.payments.enrollment(payment.enrollment_id).balance_cents
            facts = CreditNoteFacts(
                to=payment.student_email, language=payment.student_language, student_name=payment.student_name,
                course_name=payment.course_name, amount_cents=record.amount_cents, tax_cents=record.tax_cents,
                refunded_at=record.completed_at or record.created_at, card_brand=payment.card_brand,
                card_last4=payment.card_last4, credit_note_number=number, invoice_number=payment.invoice_number,
                balance_cents=balance, interac=record.method == READER, cash=record.method == Tender.CASH.value,
                sent_by=record.method if record.tender_reference else None, sent_reference=record.tender_reference)
            self._mail.queue_credit_note(uow, facts, pdf)
            status.record_step(uow, refund_id, Step.EMAILS_QUEUED, at=self._clock(),
                               detail={"refund": str(refund_id), "credit_note": number})
            uow.commit()
        payment_log.info("payment %s: refund %s credit note %s emailed to the student (queued)", record.payment_id,
                         refund_id, number)
        self._checkpoint("refund_emails_queued")
        return True
