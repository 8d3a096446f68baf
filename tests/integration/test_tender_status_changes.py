"""A tender taken by hand moves through the hand tenders' lifecycle table: recorded once, from its
quote, and refused (nothing written) on a payment already paid (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from oncopos.domain.lifecycle import IllegalTransition
from oncopos.domain.tender import ChequeTender, EtransferTender
from tests.conftest import FixedClock
from tests.integration.tender_support import MANAGER, REGISTRAR, TenderDesk, tender_desk


@pytest.fixture
def desk(engine: Engine, clock: FixedClock, tmp_path: Path) -> TenderDesk:
    return tender_desk(engine, clock, tmp_path / "desk")


def steps(desk: TenderDesk, payment_id) -> list[str]:  # type: ignore[no-untyped-def]
    with desk.uow() as uow:
        return [s.step for s in uow.payments.steps(payment_id)]


def test_a_cheque_is_journalled_quote_then_tender_then_success(desk: TenderDesk) -> None:
    receipt = desk.tenders.take(REGISTRAR, desk.enrollment(), 40_000,
                                ChequeTender("000123", "RBC Royal Bank", date(2026, 11, 20)))
    assert steps(desk, receipt.payment_id)[:5] == ["quoted", "balance_checked", "tender_recorded", "succeeded",
                                                   "invoice_issued"]
    assert desk.payment(receipt.payment_id).status == "succeeded"


def test_a_paid_payment_takes_no_second_tender(desk: TenderDesk) -> None:
    receipt = desk.tenders.take(REGISTRAR, desk.enrollment(), 5_000, EtransferTender("CA1XY2Z3", "Ada Student"))
    before, journal = desk.counts(), steps(desk, receipt.payment_id)
    with pytest.raises(IllegalTransition, match="This payment is succeeded, so it cannot have a tender recorded"):
        desk.tenders.record(REGISTRAR, receipt.payment_id, EtransferTender("CA9ZZ9", "Ada Student"))
    assert desk.counts() == before and steps(desk, receipt.payment_id) == journal


def test_a_returned_cheque_is_journalled_on_its_refund(desk: TenderDesk) -> None:
    receipt = desk.tenders.take(REGISTRAR, desk.enrollment(), 40_000,
                                ChequeTender("000123", "RBC Royal Bank", date(2026, 11, 20)))
    desk.returns.record_return(MANAGER, receipt.payment_id, "NSF: the bank returned the cheque")
    assert "tender_returned" in steps(desk, receipt.payment_id)
