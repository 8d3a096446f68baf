"""The end of day with every tender and the drawer, on SQLite and PostgreSQL: totals by tender add
up to the counted drawer plus the reader, hosted-page, cheque and transfer totals, and a day does
not close while a drawer is open."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from sqlalchemy.engine import Engine

from oncopos.adapters.db.models.payments import Payment
from oncopos.adapters.mail import MailOutbox
from oncopos.adapters.pdf.end_of_day_report import EndOfDayRenderer
from oncopos.adapters.pdf.store import FileDocumentStore
from oncopos.domain.end_of_day import Window
from oncopos.domain.errors import InvalidInput
from oncopos.domain.tender import CashTender, ChequeTender, EtransferTender
from oncopos.services.end_of_day import EndOfDayService
from oncopos.services.end_of_day_export import report_csv, report_text
from tests.conftest import FixedClock
from tests.integration.end_of_day_helpers import breakdowns_agree
from tests.integration.otp_support import KeepingMailer
from tests.integration.refund_fixtures import build_refunds
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


def test_a_realistic_day_the_drawer_in_the_csv_and_every_tender_adds_up(
        desk: TenderDesk, tmp_path: Path, gateway: Any) -> None:
    eod = EndOfDayService(desk.uow, tz=TZ, clock=desk.clock, renderer=EndOfDayRenderer(),
                          store=FileDocumentStore(tmp_path / "eod"))
    outbox = MailOutbox(desk.uow, KeepingMailer(), desk.clock)
    refunds = build_refunds(desk.factory, gateway, outbox.enqueue, tmp_path / "desk", desk.clock)
    day = desk.clock().astimezone(TZ).date()
    big = desk.enrollment(price_cents=500_000)
    drawer = desk.till.open_drawer(REGISTRAR, 20_000).record.id  # $200.00 float
    desk.tenders.take(REGISTRAR, big, 2_998, CashTender(5_000))  # kept $30.00 (rounded up 2¢)
    desk.tenders.take(REGISTRAR, big, 10_002, CashTender(10_002))  # kept $100.00 (rounded down 2¢)
    refunded = desk.tenders.take(REGISTRAR, big, 6_000, CashTender(10_000))  # kept $60.00
    desk.tenders.take(REGISTRAR, big, 45_000, ChequeTender("1042", "RBC", day))
    desk.tenders.take(REGISTRAR, big, 30_000, EtransferTender("CA1XK2", "Ada Student"))
    desk.tenders.take(REGISTRAR, big, 12_500, EtransferTender("CA9QQ7", "Ada's mother"))
    card_payment(desk, big, 80_000, "reader")
    card_payment(desk, big, 25_000, "reader")
    card_payment(desk, big, 15_000, "hosted")
    desk.clock.now += timedelta(minutes=10)
    desk.till.cash_in(REGISTRAR, 5_000, "change from the safe")
    desk.clock.now += timedelta(minutes=10)
    desk.till.paid_out(REGISTRAR, 1_250, "courier for the kits")
    desk.clock.now += timedelta(minutes=10)
    note = refunds.refund(MANAGER, refunded.payment_id, 2_000, "requested_by_customer").credit_note_number
    # Expected: 200 + 30 + 100 + 60 + 50 - 12.50 - 20 = $407.50; counted $402.50, $5.00 short.
    counts = {10_000: 2, 5_000: 3, 2_000: 2, 1_000: 1, 200: 1, 25: 2}
    closed = desk.till.close_drawer(MANAGER, drawer, counts, "a $5 note gave as change twice")
    assert (closed.record.expected_cents, closed.record.counted_cents) == (40_750, 40_250)

    report = eod.report(MANAGER, day, live=True)
    with desk.uow() as uow:  # every tender's breakdowns from the lists, as the database groups them
        breakdowns_agree(uow.end_of_day, Window(report.window_start, report.window_end))
    totals = report.tender_totals()
    (line,) = report.drawers
    assert [(mv.kind, mv.amount_cents, mv.reason) for mv in line.moves] == [
        ("cash_in", 5_000, "change from the safe"), ("paid_out", 1_250, "courier for the kits"),
        ("cash_refund", 2_000, note)]  # $20.00 back in cash, named by its credit note
    assert line.counts == ((10_000, 2), (5_000, 3), (2_000, 2), (1_000, 1), (200, 1), (25, 2))
    # Totals by tender add up to the counted drawer's takings plus the reader, hosted and transfer totals.
    takings = line.counted_takings_cents
    assert takings == 19_000 and line.cash_rounding_cents == 0
    assert totals["cash"] == takings - line.cash_rounding_cents == 2_998 + 10_002 + 6_000
    assert report.collected_cents == (takings - line.cash_rounding_cents + totals["reader_card"] + totals["hosted"]
                                      + totals["cheque"] + totals["etransfer"]) == 226_500
    assert report.inconsistencies() == []

    rows = list(csv.DictReader(io.StringIO(report_csv(report))))
    drawer_rows = [r for r in rows if r["type"].startswith("drawer_")]
    assert [r["type"] for r in drawer_rows] == [
        "drawer_float", "drawer_cash_payments", "drawer_cash_in", "drawer_paid_out", "drawer_cash_refund",
        "drawer_expected", *["drawer_count"] * 6, "drawer_counted", "drawer_short"]

    def cents(row: dict[str, str]) -> int:
        return int(row["drawer_amount"].replace(".", ""))

    by_type = {r["type"]: r for r in drawer_rows}
    assert sum(cents(r) for r in drawer_rows[:5]) == cents(by_type["drawer_expected"]) == 40_750
    assert sum(cents(r) for r in drawer_rows if r["type"] == "drawer_count") == cents(by_type["drawer_counted"])
    short = by_type["drawer_short"]
    assert (cents(short), short["note"], short["staff"]) == (-500, "a $5 note gave as change twice", "marc")
    assert by_type["drawer_paid_out"]["note"] == "courier for the kits"
    assert "2 x 100.00" in {r["note"] for r in drawer_rows}
    # The payment columns still add up to the report: the drawer rows carry nothing in them.
    assert sum(int(r["total"].replace(".", "")) for r in rows) == report.net_cents

    text = report_text(report)
    assert "Paid out, rita: courier for the kits" in text and "2 x $100.00" in text
    # The drawer's lines in the manager's French, with the till's words (« Décaissement », not « Paid out »).
    french = report_text(report, "fr-CA").replace("\u00a0", " ")
    assert "Décaissement, rita : courier for the kits" in french and "2 x 100,00 $" in french
    assert "  Fonds de caisse" in french and "  Attendu" in french and "  Compté" in french
    assert "Manque (approuvé par marc : a $5 note gave as change twice)" in french
    assert not any(word in french for word in ("Float", "Expected", "Counted", "Paid out", "Cash", "opened by"))
    desk.clock.now += timedelta(minutes=30)  # the manager closes the day a little later
    frozen = eod.close_day(MANAGER, day)
    assert frozen.drawers == report.drawers and frozen.refunded_cents == 2_000  # the moves and the count survive the freeze
    pdf = PdfReader(io.BytesIO(EndOfDayRenderer().end_of_day(frozen)))
    words = " ".join(page.extract_text() for page in pdf.pages)
    assert "courier for the kits" in words and "The drawers counted by denomination" in words
