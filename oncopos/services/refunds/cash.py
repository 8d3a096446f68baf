"""The refund of a cash payment: handed back out of the refunding desk's open drawer, at once.

No Stripe call: the money leaves the drawer while the student stands at the desk. So the refund is
recorded succeeded in one transaction with its drawer movement (the drawer's expected cash follows),
its credit note, its journal and its audit event; without an open drawer, or with less cash in it
than the refund, nothing is written. The drawer is this desk's, whichever desk took the payment:
that is where the cash comes from.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from oncopos.domain.access import Actor
from oncopos.domain.errors import InvalidAmount, UserFacingError
from oncopos.domain.messages import Money, msg
from oncopos.domain.refund import RefundStep
from oncopos.domain.tender import Tender
from oncopos.domain.till import CASH_REFUND
from oncopos.services.ports import Clock, InvoiceIssuer, UnitOfWork
from oncopos.services.refunds import status
from oncopos.services.refunds.records import APP, SUCCEEDED, RefundablePayment, idempotency_key
from oncopos.services.till import DrawerNotOpen

#: refunds.method of a refund handed back in cash (the payment's own tender).
CASH = Tender.CASH.value


def is_cash(payment: RefundablePayment) -> bool:
    return payment.payment_method_type == CASH


def pay_from_drawer(uow: UnitOfWork, actor: Actor, payment: RefundablePayment, *, refund_id: uuid.UUID,
                    amount_cents: int, reason: str, reason_text: str, workstation_id: str, clock: Clock,
                    invoices: InvoiceIssuer | None, on_lines: Sequence[tuple[uuid.UUID, int]] | None) -> str:
    """Write the cash refund, its drawer movement and its credit note (the caller commits); the number."""
    if invoices is None:
        raise UserFacingError(msg("refund.no_invoices"))
    drawer = uow.till.open_session(workstation_id, lock=True)
    if drawer is None:
        raise DrawerNotOpen(msg("refund.cash_no_drawer"))
    held = uow.till.figures(drawer.id, drawer.float_cents).expected_cents
    if amount_cents > held:
        raise InvalidAmount(msg("refund.cash_drawer_short", held=Money(held), amount=Money(amount_cents)))
    now = clock()
    uow.refunds.add(id=refund_id, payment_id=payment.id, workstation_id=workstation_id, staff_id=actor.staff_id,
                    amount_cents=amount_cents, tax_cents=0, reason=reason, reason_text=reason_text, status=SUCCEEDED,
                    source=APP, idempotency_key=idempotency_key(refund_id), method=CASH, completed_at=now,
                    on_lines=on_lines)
    number = invoices.issue_for_refund(uow, refund_id, actor)  # same transaction: never one without the other
    # The credit note's number says which refund the cash went to, in any language.
    uow.till.add_movement(drawer_session_id=drawer.id, kind=CASH_REFUND, amount_cents=amount_cents,
                          reason=f"{number}: {reason_text}" if reason_text else str(number), at=now,
                          staff_id=actor.staff_id, staff_name=actor.username, refund_id=refund_id)
    detail = {"refund": str(refund_id), "amount_cents": amount_cents, "method": CASH,
              "drawer_session_id": str(drawer.id), "credit_note": number,
              **({"enrollment_id": str(on_lines[0][0])} if on_lines else {})}
    status.record_step(uow, refund_id, RefundStep.CASH_PAID_OUT, at=now, detail=detail)
    uow.audit.record(actor, "refund.succeeded", at=now, subject_type="refund", subject_id=refund_id,
                     details={"payment_id": str(payment.id), "reason": reason,
                              "refundable_before_cents": payment.remaining_cents, **detail})
    return str(number)
