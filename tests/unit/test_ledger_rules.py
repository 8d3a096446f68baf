"""The ledger's rules, without a database: what is owed, what was overpaid."""

import pytest

from oncopos.domain.ledger import EnrollmentLedger, balance_owing, overpaid_cents


def test_balance_is_total_minus_paid_plus_refunded() -> None:
    ledger = EnrollmentLedger(paid_cents=150_000, refunded_cents=20_000)
    assert ledger.net_paid_cents == 130_000
    assert balance_owing(480_000, ledger, "active") == 350_000


def test_money_in_flight_is_not_paid() -> None:
    assert balance_owing(10_000, EnrollmentLedger(in_flight_cents=10_000), "active") == 10_000


def test_a_withdrawn_enrollment_owes_nothing() -> None:
    assert balance_owing(480_000, EnrollmentLedger(paid_cents=100_000), "withdrawn") == 0


@pytest.mark.parametrize(
    ("ledger", "expected"),
    [
        (EnrollmentLedger(paid_cents=100_000), 0),
        (EnrollmentLedger(paid_cents=130_000), 30_000),
        (EnrollmentLedger(paid_cents=130_000, refunded_cents=30_000), 0),
        (EnrollmentLedger(paid_cents=130_000, refunded_cents=10_000), 20_000),
    ],
)
def test_overpaid_is_what_is_held_beyond_the_total(ledger: EnrollmentLedger, expected: int) -> None:
    assert overpaid_cents(100_000, ledger) == expected
