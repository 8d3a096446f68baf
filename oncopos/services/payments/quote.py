"""The amount rules and the tax part of a payment, from the enrollment's frozen tax.

The enrollment froze its price and each tax component when the student enrolled; a payment's tax
is its share of those components (`domain.tax.allocate`), so every payment's invoice adds up to
exactly the tax the enrollment charged once the balance is paid. `record_quote` writes the payment
row quoted with that tax (the card payments and the tenders by hand quote the same way).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from oncopos.domain.access import Actor
from oncopos.domain.enrollment import PaymentLimits, check_payment_amount
from oncopos.domain.errors import InvalidAmount
from oncopos.domain.messages import Money, msg
from oncopos.domain.payment import PAYMENT_LIFECYCLE
from oncopos.domain.tax import TaxComponent, TaxQuote, allocate
from oncopos.services.payments import status
from oncopos.services.payments.records import QUOTED, EnrollmentForPayment, PaymentRecord, Step, TaxShare
from oncopos.services.ports import Clock, UnitOfWork


def frozen_quote(enrollment: EnrollmentForPayment) -> TaxQuote:
    """The enrollment's tax as a `TaxQuote`, rebuilt from what was frozen at enrollment."""
    components = tuple(
        TaxComponent(str(c["name"]), Decimal(str(c["rate"])), int(c.get("base_cents", 0)), int(c["amount_cents"]))
        for c in enrollment.tax_components
    )
    taxable = enrollment.price_cents if enrollment.tax_cents else 0
    return TaxQuote(
        province=enrollment.tax_province, on=enrollment.enrolled_on, lines=(), components=components,
        subtotal_cents=enrollment.price_cents, taxable_cents=taxable, exempt_cents=enrollment.price_cents - taxable,
        zero_rated_cents=0, tax_cents=enrollment.tax_cents, total_cents=enrollment.total_cents,
    )


def check_amount(amount_cents: int, enrollment: EnrollmentForPayment, limits: PaymentLimits) -> None:
    """Raise `InvalidAmount` unless `amount_cents` may be collected now on this enrollment.

    Payments already being charged for the same enrollment count as owed-in-part: two windows
    could otherwise both collect the full balance.
    """
    if enrollment.status == "withdrawn":
        raise InvalidAmount(msg("payment.withdrawn"))
    balance = enrollment.balance_cents
    if enrollment.in_flight_cents and balance > 0:
        available = balance - enrollment.in_flight_cents
        if amount_cents > available:
            raise InvalidAmount(msg("payment.other_in_flight", amount=Money(enrollment.in_flight_cents),
                                    available=Money(max(available, 0))))
        balance = available
    check_payment_amount(amount_cents, balance, limits)


def tax_shares(amount_cents: int, enrollment: EnrollmentForPayment) -> tuple[TaxShare, ...]:
    """This payment's part of each tax, given what was paid before it."""
    quote = frozen_quote(enrollment)
    paid_before = max(enrollment.paid_cents - enrollment.refunded_cents, 0)
    # A refund puts the money back on the balance; the tax split restarts from what is still paid.
    parts = allocate(amount_cents, quote, paid_before_cents=min(paid_before, quote.total_cents - amount_cents))
    return tuple(TaxShare(c.name, str(c.rate), c.base_cents, c.amount_cents) for c in parts)


def tax_shares_of(record: PaymentRecord) -> tuple[TaxShare, ...]:
    """The shares frozen on a payment when it was quoted."""
    return tuple(TaxShare(str(c["name"]), str(c["rate"]), int(c.get("base_cents", 0)), int(c["amount_cents"]))
                 for c in record.tax_components)


def record_quote(uow: UnitOfWork, actor: Actor, payment_id: uuid.UUID, enrollment: EnrollmentForPayment,
                 amount_cents: int, limits: PaymentLimits, *, workstation_id: str, key: str, clock: Clock,
                 lifecycle: status.Table = PAYMENT_LIFECYCLE, extra: Mapping[str, Any] | None = None) -> int:
    """Check the amount, then write the payment quoted with its tax part, its journal step and its
    audit event (`extra` goes into both, after the amounts); returns the tax in cents."""
    check_amount(amount_cents, enrollment, limits)
    shares = tax_shares(amount_cents, enrollment)
    tax = sum(s.amount_cents for s in shares)
    uow.payments.add(payment_id=payment_id, enrollment_id=enrollment.id, workstation_id=workstation_id,
                     staff_id=actor.staff_id, amount_cents=amount_cents, tax_cents=tax,
                     tax_components=[s.as_dict() for s in shares], status=QUOTED, idempotency_key=key)
    detail = {"amount_cents": amount_cents, "tax_cents": tax, "balance_cents": enrollment.balance_cents,
              **(extra or {})}
    now = clock()
    status.record_step(uow, payment_id, Step.QUOTED, at=now, detail=detail, lifecycle=lifecycle)
    uow.audit.record(actor, "payment.quoted", at=now, subject_type="payment", subject_id=payment_id,
                     details={"enrollment_id": str(enrollment.id), **detail})
    return tax
