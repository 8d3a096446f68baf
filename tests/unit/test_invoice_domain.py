"""The invoice document and the tax split of payments and refunds (pure domain)."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime

import pytest

from oncopos.domain.errors import InvalidAmount
from oncopos.domain.invoice import (
    Business,
    Buyer,
    DocumentLine,
    InvoiceDocument,
    PaymentNote,
    TaxAmount,
    missing_required,
    payment_tax,
    refund_tax,
)

ON = date(2026, 11, 26)
# 3,450.00 in Quebec: GST 172.50, QST 344.14 (9.975% of 3,450.00 = 344.1375, half up).
QC = [TaxAmount("GST", "0.05", 172_50), TaxAmount("QST", "0.09975", 344_14)]
PRICE, TOTAL = 3_450_00, 3_966_64


def test_partial_payments_add_up_to_the_enrollment_tax_exactly() -> None:
    rng = random.Random(6)
    for _ in range(200):
        paid, taxes = 0, {"GST": 0, "QST": 0}
        while paid < TOTAL:
            amount = min(TOTAL - paid, rng.randint(1, 1_500_00))
            split = payment_tax(amount, price_cents=PRICE, components=QC, on=ON, province="QC", paid_before_cents=paid)
            assert split.subtotal_cents + split.tax_cents == amount
            for t in split.taxes:
                taxes[t.name] += t.amount_cents
            paid += amount
        assert taxes == {"GST": 172_50, "QST": 344_14}


def test_refunds_reverse_exactly_the_tax_of_the_payment() -> None:
    payment = payment_tax(1_234_57, price_cents=PRICE, components=QC, on=ON, province="QC", paid_before_cents=500_00)
    rng = random.Random(7)
    for _ in range(200):
        credited, reversed_ = 0, {"GST": 0, "QST": 0}
        while credited < payment.total_cents:
            amount = min(payment.total_cents - credited, rng.randint(1, 400_00))
            note = refund_tax(amount, original=payment, on=ON, province="QC", credited_before_cents=credited)
            assert note.total_cents == amount
            for t in note.taxes:
                reversed_[t.name] += t.amount_cents
            credited += amount
        assert reversed_ == {t.name: t.amount_cents for t in payment.taxes}


def test_a_refund_larger_than_what_is_left_is_refused() -> None:
    payment = payment_tax(100_00, price_cents=PRICE, components=QC, on=ON, province="QC", paid_before_cents=0)
    with pytest.raises(InvalidAmount, match="not yet credited"):
        refund_tax(60_00, original=payment, on=ON, province="QC", credited_before_cents=50_00)


def test_an_overpayment_is_still_invoiced_and_flagged() -> None:
    # Two desks both collected the last 1,000.00: the second is taxed as the last part and flagged.
    split = payment_tax(1_000_00, price_cents=PRICE, components=QC, on=ON, province="QC", paid_before_cents=TOTAL - 500_00)
    assert split.clamped and split.total_cents == 1_000_00
    with pytest.raises(InvalidAmount):
        payment_tax(TOTAL + 1, price_cents=PRICE, components=QC, on=ON, province="QC", paid_before_cents=0)


def doc(total: int, *, gst: str | None = "123456789RT0001", qst: str | None = None, buyer: str = "Émilie Bérubé-Lévesque",
        taxes: list[TaxAmount] | None = None, terms: str = "Due on enrollment.") -> InvoiceDocument:
    taxes = taxes if taxes is not None else [TaxAmount("HST", "0.13", 0)]
    return InvoiceDocument(
        kind="invoice", number="DESK1-000001", issued_at=datetime(2026, 11, 26, 15, tzinfo=UTC), issue_date=ON,
        language="en", province="ON", business=Business("OncoOne Education", "Toronto", "+1 416-555-0100", "a@b.ca", gst, qst),
        buyer=Buyer(buyer, "e@example.ca"), lines=(DocumentLine("Course", "", total, "taxable"),), supply_taxes=tuple(taxes),
        supply_subtotal_cents=total, supply_total_cents=total, subtotal_cents=total, taxes=tuple(taxes), total_cents=total,
        terms=terms, payment=PaymentNote("card", "visa", "4242", "pi_1", 0, 0),
    )


def test_required_fields_follow_the_amount_bands() -> None:
    assert missing_required(doc(99_99, gst=None, buyer="", terms="")) == []
    assert missing_required(doc(100_00, gst=None, buyer="", terms="")) == ["GST_HST_NUMBER"]
    assert missing_required(doc(500_00, gst=None, buyer=" ", terms="")) == ["GST_HST_NUMBER", "buyer name", "terms of payment"]
    quebec = [TaxAmount("GST", "0.05", 0), TaxAmount("QST", "0.09975", 0)]
    assert missing_required(doc(250_00, taxes=quebec)) == ["QST_NUMBER"]
    assert missing_required(doc(250_00, taxes=quebec, qst="1234567890TQ0001")) == []


def test_the_document_survives_its_json_snapshot() -> None:
    original = doc(1_000_00)
    again = InvoiceDocument.from_dict(original.to_dict())
    assert again == original
    with pytest.raises(InvalidAmount):
        InvoiceDocument(**{**original.__dict__, "total_cents": 1})
