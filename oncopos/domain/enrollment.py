"""What a student owes on an enrollment, and whether an amount may be collected against it.

The balance is recomputed from the facts (succeeded payments and refunds, from every desk)
rather than stored, so two workstations cannot drift apart on what is owed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from oncopos.domain.errors import ConfigurationError, InvalidAmount
from oncopos.domain.messages import Message, Money, msg

__all__ = ["Balance", "PaymentLimits", "check_payment_amount", "compute_balance"]


@dataclass(frozen=True)
class Balance:
    """``balance_cents = total_cents - paid_cents + refunded_cents``.

    A refund gives money back, so it puts that amount back on the balance owing. A negative
    balance means the school holds more than the enrollment costs (e.g. the price was lowered
    after payment): a manager should refund the difference.
    """

    total_cents: int
    paid_cents: int
    refunded_cents: int
    balance_cents: int

    @property
    def is_paid(self) -> bool:
        return self.balance_cents <= 0


def compute_balance(
    total_cents: int,
    succeeded_payment_cents: Iterable[int],
    refund_cents: Iterable[int],
) -> Balance:
    """Balance of an enrollment whose price including tax is `total_cents`.

    Pass only payments that succeeded and refunds that succeeded: a pending or failed charge
    has not moved money.
    """
    _require_cents(total_cents, "total_cents")
    if total_cents < 0:
        raise InvalidAmount(msg("enrollment.total_negative"))
    paid = _sum_non_negative(succeeded_payment_cents, "payment")
    refunded = _sum_non_negative(refund_cents, "refund")
    return Balance(total_cents, paid, refunded, total_cents - paid + refunded)


@dataclass(frozen=True)
class PaymentLimits:
    """MIN_PAYMENT_AMOUNT and MAX_PAYMENT_AMOUNT, in cents."""

    min_cents: int
    max_cents: int

    def __post_init__(self) -> None:
        _require_cents(self.min_cents, "min_cents")
        _require_cents(self.max_cents, "max_cents")
        # A zero minimum would let a 0-cent charge through; Stripe refuses those anyway.
        if self.min_cents < 1 or self.max_cents < self.min_cents:
            raise ConfigurationError(
                msg("amount.limits_invalid", min_cents=Money(self.min_cents), max_cents=Money(self.max_cents))
            )


def check_payment_amount(amount_cents: int, balance_cents: int, limits: PaymentLimits) -> None:
    """Raise `InvalidAmount` if `amount_cents` may not be collected now; return None if it may.

    Checked in the order a registrar can act on: is anything owing, is the amount positive, is
    it within the balance, within the maximum, above the minimum. The last payment may be below
    the minimum when it settles the whole balance; otherwise a small balance could never be paid.
    """
    _require_cents(amount_cents, "amount_cents")
    _require_cents(balance_cents, "balance_cents")
    if balance_cents <= 0:
        raise InvalidAmount(msg("amount.nothing_owing"))
    if amount_cents <= 0:
        raise InvalidAmount(msg("amount.above_zero", balance=Money(balance_cents)))
    amount, balance = Money(amount_cents), Money(balance_cents)
    if amount_cents > balance_cents:
        raise InvalidAmount(msg("amount.over_balance", amount=amount, balance=balance))
    if amount_cents > limits.max_cents:
        raise InvalidAmount(msg("amount.over_maximum", amount=amount, maximum=Money(limits.max_cents)))
    if amount_cents < limits.min_cents and amount_cents != balance_cents:
        minimum = Money(limits.min_cents)
        hint: Message
        if balance_cents < limits.min_cents:
            hint = msg("amount.whole_balance", balance=balance)
        else:
            hint = msg("amount.minimum_or_balance", minimum=minimum, balance=balance)
        raise InvalidAmount(msg("amount.under_minimum", amount=amount, minimum=minimum, hint=hint))


def _sum_non_negative(values: Iterable[int], what: str) -> int:
    total = 0
    for value in values:
        _require_cents(value, f"{what} amount")
        # Refunds are their own list; a negative payment would be counted twice if it were one.
        if value < 0:
            raise InvalidAmount(msg("amount.negative_kind", what=what, value=value))
        total += value
    return total


def _require_cents(value: object, name: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be integer cents, got {type(value).__name__}")
