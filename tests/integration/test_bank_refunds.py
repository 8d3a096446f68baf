"""Refunding a payment taken by cheque or e-Transfer, on SQLite and PostgreSQL: the school sends a
cheque or an e-Transfer back to the student, recorded by its number or reference, with its credit
note, audited and synced, never through Stripe, and counted in the end of day's refunds by how the
money went out; what cannot be done is refused with nothing written."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from oncopos.adapters.db.models.invoices import Invoice
from oncopos.adapters.db.models.messaging import MailOutboxMessage
from oncopos.adapters.db.models.payments import Refund
from oncopos.adapters.db.models.sync import OutboxEntry
from oncopos.adapters.mail import MailOutbox
from oncopos.adapters.pdf.end_of_day_report import EndOfDayRenderer
from oncopos.adapters.pdf.store import FileDocumentStore
from oncopos.domain.end_of_day import Window
from oncopos.domain.errors import InvalidAmount, InvalidInput
from oncopos.domain.tender import BankRefund, CashTender, ChequeTender, EtransferTender, Tender
from oncopos.services.end_of_day import EndOfDayService
from oncopos.services.refunds.service import RefundService
from tests.conftest import FixedClock
from tests.integration.end_of_day_helpers import breakdowns_agree
from tests.integration.otp_support import KeepingMailer
from tests.integration.refund_fixtures import build_refunds
from tests.integration.tender_support import MANAGER, REGISTRAR, TZ, TenderDesk, tender_desk


@pytest.fixture
def desk(engine: Engine, clock: FixedClock, tmp_path: Path) -> TenderDesk:
    return tender_desk(engine, clock, tmp_path / "desk")


@pytest.fixture
def refunds(desk: TenderDesk, gateway: Any, tmp_path: Path) -> RefundService:
    outbox = MailOutbox(desk.uow, KeepingMailer(), desk.clock)
    return build_refunds(desk.factory, gateway, outbox.enqueue, tmp_path / "desk", desk.clock)


def cheque_paid(desk: TenderDesk, cents: int, enrollment: Any = None) -> Any:
    enrollment = enrollment or desk.enrollment(price_cents=100_000)
    day = desk.clock().astimezone(TZ).date()
    return desk.tenders.take(REGISTRAR, enrollment, cents, ChequeTender("991", "Desjardins", day - timedelta(days=1)))


def written(desk: TenderDesk) -> dict[str, int]:
    return {"refunds": desk.count(Refund), "documents": desk.count(Invoice)}


def test_a_cheque_payment_is_refunded_by_a_cheque_to_the_student(
        desk: TenderDesk, refunds: RefundService, simulator: Any) -> None:
    paid = cheque_paid(desk, 50_000)
    before = desk.balance(desk.payment(paid.payment_id).enrollment_id)

    view = refunds.refund(MANAGER, paid.payment_id, 20_000, "withdrawal",
                          sent=BankRefund(Tender.CHEQUE, " 000 187 "))
    assert view.succeeded and view.method == "cheque" and view.tender_reference == "000187"
    assert view.credit_note_number and view.remaining_cents == 30_000
    assert desk.balance(desk.payment(paid.payment_id).enrollment_id) == before + 20_000
    assert simulator.state.all("refund") == []  # never through Stripe
    with desk.factory() as s:
        refund = s.get(Refund, view.id)
        assert refund is not None and (refund.method, refund.tender_reference, refund.status) == (
            "cheque", "000187", "succeeded")
        note = s.scalar(sa.select(Invoice).where(Invoice.number == view.credit_note_number))
        assert note is not None and note.kind == "credit_note" and note.refund_id == view.id
        # The credit note reverses the tax the cheque's invoice charged, in proportion (HST 13%).
        assert note.total_cents == 20_000 and note.tax_cents == 2_301
        synced = set(s.scalars(sa.select(OutboxEntry.table_name).where(OutboxEntry.row_id == view.id)))
        (body,) = s.scalars(sa.select(MailOutboxMessage.text_body).where(MailOutboxMessage.kind == "credit_note"))
    assert synced == {"refunds"}  # a fact the central database receives through the outbox
    assert "Refunded to: cheque no. 000187 made out to you" in body and "card" not in body
    assert "refund.succeeded" in desk.actions()


def test_an_etransfer_payment_is_refunded_by_etransfer_and_the_day_counts_it(
        desk: TenderDesk, refunds: RefundService, tmp_path: Path) -> None:
    enrollment = desk.enrollment(price_cents=200_000)
    transfer = desk.tenders.take(REGISTRAR, enrollment, 40_000, EtransferTender("CAxZ9", "Ada Student"))
    cheque = cheque_paid(desk, 30_000, enrollment)
    desk.till.open_drawer(REGISTRAR, 10_000)
    cash = desk.tenders.take(REGISTRAR, enrollment, 5_000, CashTender(5_000))
    refunds.refund(MANAGER, transfer.payment_id, 10_000, "requested_by_customer",
                   sent=BankRefund(Tender.ETRANSFER, "ca9 rt2"))
    # A cheque payment may go back by e-Transfer: the day counts how the money went out.
    by_transfer = refunds.refund(MANAGER, cheque.payment_id, 5_000, "requested_by_customer",
                                 sent=BankRefund(Tender.ETRANSFER, "CB7Q1"))
    with desk.factory() as s:  # its credit note says where the money went, not how it came in
        note = s.scalar(sa.select(Invoice.document).where(Invoice.number == by_transfer.credit_note_number))
    assert note is not None and note["payment"]["method"] == "etransfer"
    refunds.refund(MANAGER, cash.payment_id, 1_000, "requested_by_customer")

    eod = EndOfDayService(desk.uow, tz=TZ, clock=desk.clock, renderer=EndOfDayRenderer(),
                          store=FileDocumentStore(tmp_path / "eod"))
    report = eod.report(MANAGER, desk.clock().astimezone(TZ).date(), live=True)
    assert {r.channel: (r.count, r.amount_cents) for r in report.refunds} == {
        "etransfer": (2, 15_000), "cash": (1, 1_000)}
    assert sorted((r.channel, r.amount_cents) for r in report.refund_rows) == [
        ("cash", 1_000), ("etransfer", 5_000), ("etransfer", 10_000)]
    with desk.factory() as s:
        assert set(s.scalars(sa.select(Refund.tender_reference).where(Refund.method == "etransfer"))) == {
            "CA9RT2", "CB7Q1"}
    with desk.uow() as uow:  # the accountant's journal books each refund on the tender it went out by
        booked = uow.books.book_entries(Window(report.window_start, report.window_end))
        breakdowns_agree(uow.end_of_day, Window(report.window_start, report.window_end))
    assert sorted((e.channel, e.amount_cents) for e in booked if e.kind == "refund") == [
        ("cash", 1_000), ("etransfer", 5_000), ("etransfer", 10_000)]


def test_what_cannot_be_refunded_by_hand_is_refused_with_nothing_written(
        desk: TenderDesk, refunds: RefundService) -> None:
    paid = cheque_paid(desk, 30_000)
    refunds.refund(MANAGER, paid.payment_id, 10_000, "requested_by_customer", sent=BankRefund(Tender.CHEQUE, "204"))
    before = written(desk)
    with pytest.raises(InvalidAmount, match=r"at most \$200\.00 of this payment"):
        refunds.refund(MANAGER, paid.payment_id, 20_001, "requested_by_customer", sent=BankRefund(Tender.CHEQUE, "205"))
    with pytest.raises(InvalidInput, match="choose which, and enter its cheque number") as no_tender:
        refunds.refund(MANAGER, paid.payment_id, 1_000, "requested_by_customer")
    assert no_tender.value.field == "refund_tender"
    with pytest.raises(InvalidInput, match="number of the cheque written to the student"):
        refunds.refund(MANAGER, paid.payment_id, 1_000, "requested_by_customer", sent=BankRefund(Tender.CHEQUE, "  "))
    with pytest.raises(InvalidInput, match="up to 40 letters and digits"):
        refunds.refund(MANAGER, paid.payment_id, 1_000, "requested_by_customer",
                       sent=BankRefund(Tender.ETRANSFER, "CA-12"))
    with pytest.raises(InvalidInput, match="choose which"):  # cash is not a way to send a cheque back
        refunds.refund(MANAGER, paid.payment_id, 1_000, "requested_by_customer", sent=BankRefund(Tender.CASH, "1"))
    assert written(desk) == before
    desk.till.open_drawer(REGISTRAR, 0)
    cash = desk.tenders.take(REGISTRAR, desk.enrollment(price_cents=10_000), 3_000, CashTender(3_000))
    before = written(desk)
    with pytest.raises(InvalidInput, match="goes back the way it was paid"):
        refunds.refund(MANAGER, cash.payment_id, 1_000, "requested_by_customer", sent=BankRefund(Tender.CHEQUE, "9"))
    assert written(desk) == before
    assert refunds.refundable(paid.payment_id).remaining_cents == 20_000
