"""The end of day with every tender and the drawer, on SQLite and PostgreSQL: totals by tender add
up to the counted drawer plus the reader, hosted-page, cheque and transfer totals, and a day does
not close while a drawer is open."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from oncopos.adapters.db.models.payments import Payment
from oncopos.adapters.pdf.end_of_day_report import EndOfDayRenderer
from oncopos.adapters.pdf.store import FileDocumentStore
from oncopos.domain.errors import InvalidInput
from oncopos.domain.tender import CashTender, ChequeTender, EtransferTender
from oncopos.services.end_of_day import EndOfDayService
from oncopos.services.end_of_day_export import report_csv, report_text
from tests.conftest import FixedClock
from tests.integration.tender_support import MANAGER, REGISTRAR, TZ, TenderDesk, tender_desk


@pytest.fixture
def desk(engine: Engine, clock: FixedClock, tmp_path: Path) -> TenderDesk:
    return tender_desk(engine, clock, tmp_path / "desk")


def card_payment(desk: TenderDesk, enrollment: uuid.UUID, cents: int, method: str) -> None:
    """A card payment as the Stripe flow leaves it (that flow is tested in test_payment_flow.py)."""
    with desk.factory() as s, s.begin():
        s.add(Payment(id=uuid.uuid4(), enrollment_id=enrollment, workstation_id="DESK1", staff_id=REGISTRAR.staff_id,
                      amount_cents=cents, method=method, status="succeeded", idempotency_key=f"k-{uuid.uuid4()}",
                      stripe_payment_intent_id=f"pi_{uuid.uuid4().hex[:20]}",
                      payment_method_type="card_present" if method == "reader" else "card", card_brand="visa",
                      card_last4="4242", completed_at=desk.clock()))


def test_every_tender_and_the_drawer_add_up_in_the_end_of_day(desk: TenderDesk, tmp_path: Path) -> None:
    eod = EndOfDayService(desk.uow, tz=TZ, clock=desk.clock, renderer=EndOfDayRenderer(),
                          store=FileDocumentStore(tmp_path / "eod"))
    day = desk.clock().astimezone(TZ).date()
    big = desk.enrollment(price_cents=200_000)
    drawer = desk.till.open_drawer(REGISTRAR, 10_000).record.id
    desk.tenders.take(REGISTRAR, big, 2_998, CashTender(5_000))  # $30.00 in cash, $20.00 change
    desk.tenders.take(REGISTRAR, big, 20_000, ChequeTender("991", "Desjardins", day - timedelta(days=1)))
    desk.tenders.take(REGISTRAR, big, 15_000, EtransferTender("CAxZ9", "Ada Student"))
    card_payment(desk, big, 40_000, "reader")
    card_payment(desk, big, 10_000, "hosted")
    desk.till.paid_out(REGISTRAR, 500, "postage for a certificate")

    with pytest.raises(InvalidInput, match="DESK1 is still open"):
        eod.close_day(MANAGER, day)

    counted = {10_000: 1, 2_000: 1, 500: 1}  # $125.00 = $100 float + $30 cash - $5 paid out
    desk.till.close_drawer(REGISTRAR, drawer, counted)
    report = eod.report(MANAGER, day, live=True)
    totals = report.tender_totals()
    assert totals == {"reader_card": 40_000, "interac": 0, "hosted": 10_000, "cash": 2_998, "cheque": 20_000,
                      "etransfer": 15_000}
    (line,) = report.drawers
    assert (line.counted_cents, line.difference_cents, line.cash_sales_cents, line.cash_rounding_cents) == (
        12_500, 0, 3_000, 2)
    # The cash of the day is what the count says the drawer took (less the rounding to 5 cents).
    counted_cash = (line.counted_takings_cents or 0) - line.cash_rounding_cents
    assert report.collected_cents == counted_cash + totals["reader_card"] + totals["hosted"] + totals["cheque"] \
        + totals["etransfer"]
    assert report.inconsistencies() == []
    text = report_text(report)
    assert "Cash drawers" in text and "Interac e-Transfer" in report_csv(report)
    assert "  Expected" in text and "$125.00" in text  # the drawer's figures are in the report

    desk.clock.now += timedelta(minutes=30)  # the manager closes the day a little later
    closed = eod.close_day(MANAGER, day)
    assert closed.drawers == report.drawers and closed.closed is not None
    assert closed.tender_totals() == totals


def test_a_short_drawer_shows_in_the_report_but_the_takings_still_add_up(desk: TenderDesk, tmp_path: Path) -> None:
    eod = EndOfDayService(desk.uow, tz=TZ, clock=desk.clock, renderer=EndOfDayRenderer(),
                          store=FileDocumentStore(tmp_path / "eod"))
    day: date = desk.clock().astimezone(TZ).date()
    drawer = desk.till.open_drawer(REGISTRAR, 5_000).record.id
    desk.tenders.take(REGISTRAR, desk.enrollment(), 10_000, CashTender(10_000))
    desk.till.close_drawer(MANAGER, drawer, {5_000: 2, 2_000: 2}, "a $10 note missing")  # $140, not $150
    (line,) = eod.report(MANAGER, day, live=True).drawers
    assert (line.expected_cents, line.counted_cents, line.difference_cents) == (15_000, 14_000, -1_000)
    assert line.difference_reason == "a $10 note missing" and line.approved_by == "marc"
    assert line.counted_takings_cents == 10_000
    assert "Short (approved by marc: a $10 note missing)" in report_text(eod.report(MANAGER, day, live=True))
    pdf = EndOfDayRenderer().end_of_day(eod.report(MANAGER, day, live=True))
    assert pdf.startswith(b"%PDF")
