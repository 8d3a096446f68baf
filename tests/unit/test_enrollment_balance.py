"""The balance owing on an enrollment and the rules for the amount a registrar may collect."""

from __future__ import annotations

import re

import pytest

from oncopos.domain.enrollment import Balance, PaymentLimits, check_payment_amount, compute_balance
from oncopos.domain.errors import ConfigurationError, InvalidAmount

# MIN_PAYMENT_AMOUNT 50.00, MAX_PAYMENT_AMOUNT 5,000.00
LIMITS = PaymentLimits(min_cents=5000, max_cents=500000)


def test_balance_is_total_minus_paid_plus_refunded():
    # 2,845.00 course; paid 1,000.00 + 500.00; 200.00 refunded -> 2845 - 1500 + 200 = 1,545.00
    b = compute_balance(284500, [100000, 50000], [20000])
    assert b == Balance(total_cents=284500, paid_cents=150000, refunded_cents=20000, balance_cents=154500)
    assert not b.is_paid


def test_nothing_paid_yet_and_fully_paid():
    assert compute_balance(114975, [], []).balance_cents == 114975
    paid = compute_balance(114975, iter([50000, 64975]), ())  # any iterable, e.g. a generator
    assert paid.balance_cents == 0 and paid.is_paid


def test_overpaid_balance_is_negative():
    # Price lowered after payment: 900.00 - 1,000.00 = -100.00, a refund is due.
    assert compute_balance(90000, [100000], []).balance_cents == -10000


@pytest.mark.parametrize(("payments", "refunds"), [([-100], []), ([], [-100])])
def test_negative_payments_or_refunds_are_refused(payments, refunds):
    with pytest.raises(InvalidAmount):
        compute_balance(10000, payments, refunds)


def test_balance_needs_integer_cents():
    with pytest.raises(TypeError):
        compute_balance(100.0, [], [])  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        compute_balance(10000, ["50"], [])  # type: ignore[list-item]


@pytest.mark.parametrize(
    ("amount", "balance"),
    [
        (5000, 284500),  # exactly the minimum
        (500000, 600000),  # exactly the maximum
        (284500, 284500),  # the whole balance
        (1234, 1234),  # the last payment may be below the minimum when it settles the balance
    ],
)
def test_allowed_amounts(amount, balance):
    assert check_payment_amount(amount, balance, LIMITS) is None


def test_nothing_owing():
    for balance in (0, -10000):
        with pytest.raises(InvalidAmount, match="Nothing is owing"):
            check_payment_amount(5000, balance, LIMITS)


@pytest.mark.parametrize("amount", [0, -500])
def test_zero_or_negative_amount(amount):
    with pytest.raises(InvalidAmount, match=r"greater than zero, up to the balance owing of \$1,545\.00"):
        check_payment_amount(amount, 154500, LIMITS)


def test_above_the_balance_says_what_to_enter():
    with pytest.raises(InvalidAmount) as info:
        check_payment_amount(160000, 154500, LIMITS)
    assert str(info.value) == "$1,600.00 is more than the balance owing of $1,545.00. Enter $1,545.00 or less."
    assert info.value.field == "amount"


def test_above_the_maximum_says_to_split():
    with pytest.raises(InvalidAmount, match=r"maximum of \$5,000\.00 .*split the rest into several payments"):
        check_payment_amount(600000, 1000000, LIMITS)


def test_below_the_minimum_when_more_is_owing():
    with pytest.raises(InvalidAmount, match=re.escape(
            "less than the minimum payment of $50.00. Enter at least $50.00, or the whole balance of $1,545.00.")):
        check_payment_amount(4999, 154500, LIMITS)


def test_below_the_minimum_and_not_the_whole_small_balance():
    # 30.00 owing (below the minimum): only the whole 30.00 may be collected.
    with pytest.raises(InvalidAmount, match=r"Collect the whole balance of \$30\.00\."):
        check_payment_amount(1000, 3000, LIMITS)


@pytest.mark.parametrize(("low", "high"), [(0, 100), (5000, 4999), (-1, 100)])
def test_limits_must_make_sense(low, high):
    with pytest.raises(ConfigurationError):
        PaymentLimits(low, high)


def test_amount_checks_need_integer_cents():
    with pytest.raises(TypeError):
        check_payment_amount(50.0, 154500, LIMITS)  # type: ignore[arg-type]
