"""A cheque or an Interac e-Transfer the bank sent back: a reversal with its credit note.

The money never arrived, so what the payment brought is taken back off the books: a refund row
(method "returned", no Stripe call) for what remains of the payment, its credit note in the same
transaction, its journal and audit event. The one ledger (domain/ledger.py) then puts the amount
back on the enrollment's balance, like any refund.
"""

from __future__ import annotations

import logging
import uuid

from oncopos.domain.access import Actor, Permission
from oncopos.domain.errors import InvalidInput
from oncopos.domain.messages import msg, status_name
from oncopos.domain.money import format_cents
from oncopos.domain.refund import RefundStep
from oncopos.domain.tender import RETURNABLE, Tender, tender_name
from oncopos.domain.till import clean_reason
from oncopos.logs import PAYMENT_LOG
from oncopos.services.guard import requires
from oncopos.services.ports import Clock, InvoiceIssuer, UnitOfWorkFactory
from oncopos.services.refunds import status
from oncopos.services.refunds.records import APP, SUCCEEDED
from oncopos.services.tenders.records import ReturnablePayment, ReturnReceipt

payment_log = logging.getLogger(PAYMENT_LOG)

RETURNED = "returned"  # refunds.method and refunds.reason of a tender the bank sent back


def return_key(refund_id: uuid.UUID) -> str:
    return f"oncopos-return-{refund_id}"


class TenderReturns:
    def __init__(self, uow_factory: UnitOfWorkFactory, invoices: InvoiceIssuer, *, clock: Clock, workstation_id: str,
                 locale: str = "en-CA") -> None:
        self._uow = uow_factory
        self._invoices = invoices
        self._clock = clock
        self._workstation_id = workstation_id
        self._locale = locale

    @requires(Permission.REFUND)
    def returnable(self, actor: Actor, invoice_number: str) -> ReturnablePayment:
        """The cheque or e-Transfer behind an invoice number, as the return dialog confirms it."""
        number = " ".join((invoice_number or "").split()).upper()
        if not number:
            raise InvalidInput(msg("tender.return_number"),
                               field="invoice")
        with self._uow() as uow:
            invoice = uow.invoices.get(number)
            if invoice.kind != "invoice" or invoice.payment_id is None:
                raise InvalidInput(msg("tender.return_credit_note", number=number),
                                   field="invoice")
            record = uow.payments.get(invoice.payment_id)
            payment = uow.refunds.payment(invoice.payment_id)
            detail = uow.tenders.detail(invoice.payment_id)
        if record.method not in {t.value for t in RETURNABLE} or detail is None:
            raise InvalidInput(msg("tender.return_not_bank", number=number), field="invoice")
        reference = detail.cheque_number if record.method == Tender.CHEQUE.value else detail.etransfer_reference
        return ReturnablePayment(record.id, number, record.method, reference or "", payment.student_name,
                                 payment.remaining_cents)

    @requires(Permission.REFUND, subject="payment_id")
    def record_return(self, actor: Actor, payment_id: uuid.UUID, reason_text: str) -> ReturnReceipt:
        """Reverse a cheque or e-Transfer the bank returned (NSF, stopped, reversed), with a credit note."""
        reason = clean_reason(reason_text, what=msg("tender.what_bank_reason"))
        refund_id = uuid.uuid4()
        with self._uow() as uow:
            payment = uow.refunds.payment(payment_id, lock=True)
            record = uow.payments.get(payment_id)
            if record.method not in {t.value for t in RETURNABLE}:
                raise InvalidInput(msg("tender.return_only_bank"), field="payment")
            if payment.status != SUCCEEDED:
                raise InvalidInput(msg("tender.return_not_received",
                                       status=status_name("payment", payment.status)), field="payment")
            if payment.remaining_cents <= 0:
                raise InvalidInput(msg("tender.return_already", method=tender_name(Tender(record.method))), field="payment")
            amount = payment.remaining_cents
            now = self._clock()
            uow.refunds.add(id=refund_id, payment_id=payment_id, workstation_id=self._workstation_id,
                            staff_id=actor.staff_id, amount_cents=amount, tax_cents=0, reason=RETURNED,
                            reason_text=reason, status=SUCCEEDED, source=APP, idempotency_key=return_key(refund_id),
                            method=RETURNED, completed_at=now)
            number = self._invoices.issue_for_refund(uow, refund_id, actor)  # same transaction: never one alone
            detail = {"refund": str(refund_id), "amount_cents": amount, "tender": record.method, "reason": reason,
                      "credit_note": number}
            status.record_step(uow, refund_id, RefundStep.TENDER_RETURNED, at=now, detail=detail)
            uow.audit.record(actor, "payment.tender_returned", at=now, subject_type="refund", subject_id=refund_id,
                             details={"payment_id": str(payment_id), **detail})
            uow.commit()
        with self._uow() as uow:
            balance = uow.payments.enrollment(payment.enrollment_id).balance_cents
        payment_log.info("payment %s: %s returned by the bank (%s), %s reversed, credit note %s", payment_id,
                         record.method, reason, format_cents(amount, self._locale), number)
        return ReturnReceipt(payment_id, refund_id, amount, str(number), balance)
