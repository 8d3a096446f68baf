"""Writing what happens to a payment: a journal step on its own, the outcome once, then its
invoice in a step of its own, then its emails.

Shared by the payment's state machine (PaymentService: poll, retry, cancel), by recovery and by
the tenders taken by hand, so a payment that Stripe accepted is recorded the same way whichever of
them sees it first, and never twice: the row is locked and its status checked inside the
transaction that records it.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from oncopos.domain.access import Actor
from oncopos.domain.errors import InvoiceNumberTaken, UserFacingError
from oncopos.domain.gateway import CheckoutState, PaymentIntentState
from oncopos.logs import PAYMENT_LOG
from oncopos.services.guard import open_to_all
from oncopos.services.payments import status
from oncopos.services.payments.ports import FaultPoint, PaymentMail
from oncopos.services.payments.records import FAILED, SUCCEEDED, PaymentReceipt, PaymentRecord, Step
from oncopos.services.ports import Clock, InvoiceIssuer, UnitOfWork, UnitOfWorkFactory

log = logging.getLogger(__name__)
payment_log = logging.getLogger(PAYMENT_LOG)

#: Tries at issuing one invoice before it is left to recovery (each moves the counter on).
INVOICE_ATTEMPTS = 3


@dataclass(frozen=True)
class Paid:
    """What Stripe says about a successful payment, whichever object it came from."""

    payment_intent_id: str | None
    charge_id: str | None
    payment_method_type: str | None
    card_brand: str | None
    card_last4: str | None
    #: What Stripe says it collected (None when the answer did not say): checked against the quote.
    amount_received_cents: int | None = None

    @classmethod
    def of(cls, state: PaymentIntentState | CheckoutState) -> Paid:
        if isinstance(state, PaymentIntentState):
            return cls(state.id, state.charge_id, state.payment_method_type, state.card_brand, state.card_last4,
                       state.amount_received_cents)
        return cls(state.payment_intent_id, state.charge_id, "card", state.card_brand, state.card_last4,
                   state.amount_received_cents)

    def differs_from(self, quoted_cents: int) -> bool:
        return self.amount_received_cents is not None and self.amount_received_cents != quoted_cents


@open_to_all("records the outcome of payments the guarded PaymentService calls started")
class Recorder:
    def __init__(self, uow_factory: UnitOfWorkFactory, clock: Clock, invoices: InvoiceIssuer | None,
                 mail: PaymentMail | None, checkpoint: FaultPoint) -> None:
        self._uow = uow_factory
        self._clock = clock
        self._invoices = invoices
        self._mail = mail
        self._checkpoint = checkpoint

    def step(self, actor: Actor, payment_id: uuid.UUID, step: str,
             detail: dict[str, Any] | Callable[[UnitOfWork], dict[str, Any]], *,
             audit: str | None = None, **changes: Any) -> PaymentRecord:
        """Journal a step that leaves the status as it is (with `changes` to the row), committed on its own:
        what the desk is about to ask Stripe, or what Stripe answered, is on disk before the next call.

        `detail` may be read from the journal the step joins (a callable of the unit of work), in its transaction.
        """
        with self._uow() as uow:
            if callable(detail):
                uow.payments.get(payment_id, lock=True)  # read under the lock the step takes anyway
                detail = detail(uow)
            record = self.journal(uow, actor, payment_id, step, detail, audit=audit, **changes)
            uow.commit()
        return record

    def journal(self, uow: UnitOfWork, actor: Actor, payment_id: uuid.UUID, step: str, detail: dict[str, Any], *,
                audit: str | None = None, **changes: Any) -> PaymentRecord:
        """`step`'s journal entry (and audit event) in the caller's transaction, which commits it with
        the other steps it writes before the next call to the outside world."""
        now = self._clock()
        record = status.record_step(uow, payment_id, step, at=now, detail=detail, **changes)
        if audit:
            uow.audit.record(actor, audit, at=now, subject_type="payment", subject_id=payment_id, details=detail)
        return record

    def succeeded(self, actor: Actor, payment_id: uuid.UUID, paid: Paid, *, source: str, emails: bool = True,
                  same_commit: Callable[[UnitOfWork, str], None] | None = None) -> PaymentRecord:
        """Record the success unless it already is, then issue its invoice, then queue the emails.

        `emails=False` leaves the emails (and the invoice PDF they carry, the slow part) to the
        caller's `queue_emails`: the payment window shows "Paid" first and asks for them after.
        `same_commit`: what the caller reads of the paid and invoiced payment (the window's view), in
        the transaction that issues the invoice, given its number; not called when no invoice is issued now.

        The success (payment row, journal, audit) is committed on its own first: Stripe has the
        money, so nothing that can go wrong with the invoice number may roll it back. The invoice
        is a separate, retried step; one that still fails leaves the payment succeeded and
        visibly waiting for its invoice, which recovery issues later.

        When Stripe collected another amount than the one quoted, the success is recorded (the money
        was taken) and flagged for a manager with both figures: no invoice is issued, no receipt sent.
        """
        with self._uow() as uow:
            record = uow.payments.get(payment_id, lock=True)
            if record.status == SUCCEEDED:
                invoiced = self._invoices is None or uow.payments.invoice_number(payment_id) is not None
                if invoiced:
                    return record
            else:
                now = self._clock()
                intent_id = paid.payment_intent_id or record.payment_intent_id
                detail = {"payment_intent": intent_id, "charge": paid.charge_id, "brand": paid.card_brand,
                          "last4": paid.card_last4, "source": source}
                record = status.move(
                    uow, payment_id, SUCCEEDED, at=now, detail=detail, stripe_payment_intent_id=intent_id,
                    stripe_charge_id=paid.charge_id, payment_method_type=paid.payment_method_type,
                    card_brand=paid.card_brand, card_last4=paid.card_last4, failure_code=None, failure_message=None,
                    completed_at=now)
                uow.audit.record(actor, "payment.succeeded", at=now, subject_type="payment", subject_id=payment_id,
                                 details={"amount_cents": record.amount_cents, **detail})
                if paid.differs_from(record.amount_cents):
                    flag = {"quoted_cents": record.amount_cents, "received_cents": paid.amount_received_cents,
                            "payment_intent": record.payment_intent_id}
                    status.record_step(uow, payment_id, Step.AMOUNT_DIFFERS, at=now, detail=flag)
                    uow.audit.record(actor, "payment.amount_differs", at=now, subject_type="payment",
                                     subject_id=payment_id, details=flag)
                    payment_log.warning("payment %s: Stripe collected %s cents but %s were quoted; not invoiced, "
                                        "flagged for a manager", payment_id, paid.amount_received_cents,
                                        record.amount_cents)
                uow.commit()
                payment_log.info("payment %s: succeeded, %s cents, %s ending %s, charge %s (%s)", payment_id,
                                 record.amount_cents, paid.card_brand, paid.card_last4, paid.charge_id, source)
                self._checkpoint("recorded")
        self.issue_invoice(actor, payment_id, source=source, same_commit=same_commit)
        if emails:
            self.queue_emails(payment_id, staff_name=actor.username)
        return record

    def issue_invoice(self, actor: Actor, payment_id: uuid.UUID, *, source: str,
                      same_commit: Callable[[UnitOfWork, str], None] | None = None) -> str | None:
        """Issue the invoice of a succeeded payment, once; its number, or None when it must wait.

        A number already taken (the series counter was behind) is retried: the issuing step moves
        the counter past every known number first. Any other failure is journalled
        (`invoice_pending`) and left to recovery; it never undoes the recorded success.
        """
        if self._invoices is None:
            return None
        reason = ""
        for attempt in range(1, INVOICE_ATTEMPTS + 1):
            try:
                with self._uow() as uow:
                    uow.payments.get(payment_id, lock=True)
                    number = uow.payments.invoice_number(payment_id)
                    if number is not None:
                        return str(number)
                    if any(s.step == Step.AMOUNT_DIFFERS for s in uow.payments.steps(payment_id)):
                        return None  # not invoiced as normal: a manager settles the difference first
                    # None read under the payment's lock: the invoice service need not look again.
                    number = self._invoices.issue_for_payment(uow, payment_id, actor, unissued=True)
                    status.record_step(uow, payment_id, Step.INVOICE_ISSUED, at=self._clock(),
                                       detail={"invoice": number, "source": source, "attempt": attempt})
                    if same_commit is not None:
                        try:  # a read: whatever it meets, the invoice stands, and the caller reads again after
                            same_commit(uow, number)
                        except Exception:
                            log.exception("payment %s: the read in the invoice's transaction failed", payment_id)
                    uow.commit()
            except InvoiceNumberTaken as taken:
                reason = str(taken)
                payment_log.warning("payment %s: %s (attempt %d); moving the counter and trying again", payment_id,
                                    taken, attempt)
                continue
            except Exception as exc:  # the success is recorded; the invoice waits, visibly
                reason = str(exc) if isinstance(exc, UserFacingError) else type(exc).__name__
                log.exception("payment %s: invoice not issued", payment_id)
                break
            payment_log.info("payment %s: invoice %s issued (%s)", payment_id, number, source)
            self._checkpoint("invoiced")
            return str(number)
        self._invoice_pending(actor, payment_id, reason, source=source)
        return None

    def _invoice_pending(self, actor: Actor, payment_id: uuid.UUID, reason: str, *, source: str) -> None:
        payment_log.error("payment %s: succeeded but its invoice is not issued yet (%s); recovery issues it",
                          payment_id, reason)
        try:
            with self._uow() as uow:
                now = self._clock()
                detail = {"reason": reason, "source": source}
                status.record_step(uow, payment_id, Step.INVOICE_PENDING, at=now, detail=detail)
                uow.audit.record(actor, "payment.invoice_pending", at=now, subject_type="payment",
                                 subject_id=payment_id, details=detail)
                uow.commit()
        except Exception:  # the payment's success and status already say enough
            log.exception("payment %s: could not journal the pending invoice", payment_id)

    def closed(self, actor: Actor, payment_id: uuid.UUID, target: str, *, code: str | None, message: str | None,
               source: str) -> PaymentRecord:
        """Close a payment that will not succeed (failed, cancelled, expired), once."""
        with self._uow() as uow:
            record = uow.payments.get(payment_id, lock=True)
            if record.final:
                return record
            now = self._clock()
            detail = {"status": str(target), "code": code, "source": source,
                      "payment_intent": record.payment_intent_id, "checkout_session": record.checkout_session_id}
            record = status.move(uow, payment_id, target, at=now, detail=detail, failure_code=code,
                                 failure_message=message, completed_at=now)
            uow.audit.record(actor, f"payment.{target}", at=now, subject_type="payment", subject_id=payment_id,
                             details={"amount_cents": record.amount_cents, **detail})
            if target == FAILED and self._mail is not None and record.payment_intent_id:
                # Only a payment that reached Stripe and was refused warrants telling the student.
                self._mail.queue_failure(uow, self._receipt(uow, record, None, actor.username))
            uow.commit()
        payment_log.info("payment %s: %s (%s) by %s: %s", payment_id, target, code or "-", source, message or "-")
        return record

    def queue_emails(self, payment_id: uuid.UUID, *, staff_name: str = "") -> bool:
        """Queue the confirmation and the business notice, once; True if they were queued now.

        Done after the commit that recorded the success because the invoice's PDF is rendered from
        committed data; a crash in between is caught by recovery (`pending_emails`).
        """
        if self._mail is None:
            return False
        with self._uow() as uow:
            record = uow.payments.get(payment_id)
            number = uow.payments.invoice_number(payment_id)
            if any(s.step == Step.AMOUNT_DIFFERS for s in uow.payments.steps(payment_id)):
                return False  # no receipt for an amount nobody quoted: the manager settles it first
        if number is None and self._invoices is not None:
            return False  # the confirmation carries the invoice: it waits until the invoice is issued
        pdf = self._invoices.pdf_for(number) if self._invoices is not None and number else None
        with self._uow() as uow:
            record = uow.payments.get(payment_id, lock=True)
            if any(s.step == Step.EMAILS_QUEUED for s in uow.payments.steps(payment_id)):
                return False
            self._mail.queue_success(uow, self._receipt(uow, record, number, staff_name), pdf)
            status.record_step(uow, payment_id, Step.EMAILS_QUEUED, at=self._clock(), detail={"invoice": number})
            uow.commit()
        payment_log.info("payment %s: confirmation and business notice queued", payment_id)
        self._checkpoint("emails_queued")
        return True

    @staticmethod
    def _receipt(uow: UnitOfWork, record: PaymentRecord, invoice_number: str | None, staff_name: str) -> PaymentReceipt:
        enrollment = uow.payments.enrollment(record.enrollment_id)
        parts = uow.payments.parts(record.id)
        if not parts:
            return PaymentReceipt(record, enrollment, invoice_number, enrollment.balance_cents, staff_name)
        # A payment made for several enrollments: the email names them all and what is left on them.
        lines = [uow.payments.enrollment(p.enrollment_id) for p in parts]
        return PaymentReceipt(record, enrollment, invoice_number, sum(e.balance_cents for e in lines), staff_name,
                              paid_for=", ".join(e.course_name for e in lines))
