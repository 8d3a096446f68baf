"""The amount rules and the tax part of a payment, from the enrollment's frozen tax.

The enrollment froze its price and each tax component when the student enrolled; a payment's tax
is its share of those components (`domain.tax.allocate`), so every payment's invoice adds up to
exactly the tax the enrollment charged once the balance is paid.
"""

from __future__ import annotations

from decimal import Decimal

from oncopos.domain.enrollment import PaymentLimits, check_payment_amount
from oncopos.domain.errors import InvalidAmount
from oncopos.domain.messages import Money, msg
from oncopos.domain.tax import TaxComponent, TaxQuote, allocate
from oncopos.services.payments.records import EnrollmentForPayment, PaymentRecord, TaxShare


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
