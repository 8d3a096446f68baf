"""The amount rules and tax split of a payment, from an enrollment's frozen tax (no database)."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date

import pytest

from oncopos.domain.enrollment import PaymentLimits
from oncopos.domain.errors import InvalidAmount
from oncopos.services.payments.quote import check_amount, tax_shares
from oncopos.services.payments.records import EnrollmentForPayment

LIMITS = PaymentLimits(100, 2_500_000)


def quebec(paid: int = 0, in_flight: int = 0, status: str = "active") -> EnrollmentForPayment:
    """$1,000.00 in Quebec: GST 50.00 + QST 99.75 = 1,149.75."""
    return EnrollmentForPayment(
        id=uuid.uuid4(), student_id=uuid.uuid4(), student_name="Émilie Côté", student_number="S1",
        student_email="emilie@example.ca", student_language="fr", course_code="ONC-1", course_name="Module 1",
        status=status, enrolled_on=date(2026, 10, 1), price_cents=100_000, tax_cents=14_975, total_cents=114_975,
        tax_province="QC",
        tax_components=({"name": "GST", "rate": "0.05", "base_cents": 100_000, "amount_cents": 5_000},
                        {"name": "QST", "rate": "0.09975", "base_cents": 100_000, "amount_cents": 9_975}),
        paid_cents=paid, refunded_cents=0, in_flight_cents=in_flight)


def test_three_partial_payments_carry_exactly_the_enrollments_tax() -> None:
    paid = 0
    totals = {"GST": 0, "QST": 0}
    for amount in (33_333, 40_000, 41_642):
        for share in tax_shares(amount, quebec(paid=paid)):
            totals[share.name] += share.amount_cents
        paid += amount
    assert paid == 114_975 and totals == {"GST": 5_000, "QST": 9_975}


def test_a_payment_being_charged_elsewhere_reserves_its_amount() -> None:
    with pytest.raises(InvalidAmount, match=r"Another payment of \$500.00 .* at most \$649.75"):
        check_amount(70_000, quebec(in_flight=50_000), LIMITS)
    check_amount(64_975, quebec(in_flight=50_000), LIMITS)


def test_never_more_than_owed_and_nothing_on_a_withdrawn_enrollment() -> None:
    with pytest.raises(InvalidAmount, match=r"more than the balance owing of \$149.75"):
        check_amount(20_000, quebec(paid=100_000), LIMITS)
    with pytest.raises(InvalidAmount, match="withdrew"):
        check_amount(1_000, quebec(status="withdrawn"), LIMITS)
    with pytest.raises(InvalidAmount, match="Nothing is owing"):
        check_amount(100, replace(quebec(paid=114_975)), LIMITS)
