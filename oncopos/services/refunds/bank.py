"""The refund of a payment taken by cheque or e-Transfer: a cheque written to the student or an
e-Transfer sent to them, recorded by its number or reference.

No Stripe call and no drawer: the money leaves the school's bank account by the cheque or the
transfer the desk names. So the refund is recorded succeeded in one transaction with its credit
note, its journal and its audit event, the way a cash refund is (refunds/cash.py); the refund row
is a synced fact, so the central database receives it through the outbox like every refund.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from oncopos.domain.access import Actor
from oncopos.domain.errors import InvalidInput, UserFacingError
from oncopos.domain.messages import msg
from oncopos.domain.refund import RefundStep
from oncopos.domain.tender import BANK_REFUNDS, BankRefund
from oncopos.services.ports import Clock, InvoiceIssuer, UnitOfWork
from oncopos.services.refunds import status
from oncopos.services.refunds.records import APP, SUCCEEDED, RefundablePayment, idempotency_key

#: refunds.method of the payments refunded this way (a cheque or an e-Transfer taken at the desk).
BANK_METHODS = frozenset(t.value for t in BANK_REFUNDS)


def is_bank(payment: RefundablePayment) -> bool:
    return payment.payment_method_type in BANK_METHODS


def checked(payment: RefundablePayment, sent: BankRefund | None) -> BankRefund | None:
    """How this payment's refund goes back by hand (None: not a cheque or e-Transfer payment)."""
    if not is_bank(payment):
        if sent is not None:
            raise InvalidInput(msg("refund.bank_not_for"), field="refund_tender")
        return None
    if sent is None:
        raise InvalidInput(msg("refund.bank_choose"), field="refund_tender")
    sent = sent.normalised()
    sent.check()
    return sent


def send_back(uow: UnitOfWork, actor: Actor, payment: RefundablePayment, sent: BankRefund, *, refund_id: uuid.UUID,
              amount_cents: int, reason: str, reason_text: str, workstation_id: str, clock: Clock,
              invoices: InvoiceIssuer | None, on_lines: Sequence[tuple[uuid.UUID, int]] | None) -> str:
    """Write the refund by cheque or e-Transfer and its credit note (the caller commits); the number."""
    if invoices is None:
        raise UserFacingError(msg("refund.no_invoices"))
    now = clock()
    uow.refunds.add(id=refund_id, payment_id=payment.id, workstation_id=workstation_id, staff_id=actor.staff_id,
                    amount_cents=amount_cents, tax_cents=0, reason=reason, reason_text=reason_text, status=SUCCEEDED,
                    source=APP, idempotency_key=idempotency_key(refund_id), method=sent.tender.value,
                    tender_reference=sent.reference, completed_at=now, on_lines=on_lines)
    number = invoices.issue_for_refund(uow, refund_id, actor)  # same transaction: never one without the other
    detail = {"refund": str(refund_id), "amount_cents": amount_cents, "method": sent.tender.value,
              "reference": sent.reference, "credit_note": number,
              **({"enrollment_id": str(on_lines[0][0])} if on_lines else {})}
    status.record_step(uow, refund_id, RefundStep.BANK_SENT, at=now, detail=detail)
    uow.audit.record(actor, "refund.succeeded", at=now, subject_type="refund", subject_id=refund_id,
                     details={"payment_id": str(payment.id), "paid_by": payment.payment_method_type, "reason": reason,
                              "refundable_before_cents": payment.remaining_cents, **detail})
    return str(number)
