"""Cash, cheque and Interac e-Transfer at the desk, split payments and bank returns, on SQLite and PostgreSQL.

The real tender, till and return services over a real database, with the real invoice service;
every figure is read back from the rows the services wrote.
"""

from __future__ import annotations

from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
import sqlalchemy as sa
from pypdf import PdfReader
from sqlalchemy.engine import Engine

from oncopos.adapters.db.models.payments import Refund
from oncopos.adapters.db.models.tenders import TenderDetail
from oncopos.domain.errors import InvalidAmount, InvalidInput, UserFacingError
from oncopos.domain.tender import CashTender, ChequeTender, EtransferTender, SplitPart, Tender
from tests.conftest import FixedClock
from tests.integration.tender_support import MANAGER, REGISTRAR, TenderDesk, tender_desk


@pytest.fixture
def desk(engine: Engine, clock: FixedClock, tmp_path: Path) -> TenderDesk:
    return tender_desk(engine, clock, tmp_path / "desk")


def cheque(number: str = "000123", on: date = date(2026, 11, 25)) -> ChequeTender:
    return ChequeTender(number, "RBC Royal Bank", on)


def test_cash_gives_change_rounds_to_five_cents_and_invoices(desk: TenderDesk) -> None:
    enrollment = desk.enrollment(price_cents=10_000)  # $100 + 13 % HST = $113.00
    desk.till.open_drawer(REGISTRAR, 15_000)
    receipt = desk.tenders.take(REGISTRAR, enrollment, 5_003, CashTender(6_000))  # $50.03 -> $50.05 in cash
    assert (receipt.due_cents, receipt.change_cents) == (5_005, 995)
    assert receipt.invoice_number and receipt.invoice_number.startswith("DESK1-")
    row = desk.payment(receipt.payment_id)
    assert (row.status, row.method, row.amount_cents, row.staff_id, row.workstation_id) == (
        "succeeded", "cash", 5_003, REGISTRAR.staff_id, "DESK1")
    with desk.factory() as s:
        detail = s.scalar(sa.select(TenderDetail).where(TenderDetail.payment_id == receipt.payment_id))
        assert detail is not None
        assert (detail.tendered_cents, detail.change_cents, detail.rounding_cents) == (6_000, 995, 2)
        assert detail.origin_workstation == "DESK1" and detail.version == 1
        outbox = set(s.scalars(sa.text("SELECT table_name FROM sync_outbox")))
    assert {"tender_details", "payments", "invoices", "drawer_sessions"} <= outbox  # synced like every fact
    assert desk.invoice_of(receipt.payment_id).total_cents == 5_003
    assert desk.balance(enrollment) == 11_300 - 5_003
    drawer = desk.till.current(REGISTRAR)
    assert drawer is not None and drawer.expected_cents == 15_000 + 5_005
    assert "payment.succeeded" in desk.actions()


def test_cash_below_the_amount_records_nothing(desk: TenderDesk) -> None:
    enrollment = desk.enrollment(price_cents=10_000)
    desk.till.open_drawer(REGISTRAR, 0)
    before = desk.counts()
    with pytest.raises(InvalidAmount, match=r"less than the \$50\.05 due in cash"):
        desk.tenders.take(REGISTRAR, enrollment, 5_003, CashTender(5_000))
    assert desk.counts() == before


def test_cash_needs_an_open_drawer(desk: TenderDesk) -> None:
    enrollment = desk.enrollment()
    before = desk.counts()
    with pytest.raises(UserFacingError, match="drawer is not open"):
        desk.tenders.take(REGISTRAR, enrollment, 5_000, CashTender(5_000))
    assert desk.counts() == before


def pdf_words(data: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(BytesIO(data)).pages)


def test_a_cheque_is_recorded_with_number_bank_and_date(desk: TenderDesk) -> None:
    enrollment = desk.enrollment(price_cents=100_000)
    receipt = desk.tenders.take(REGISTRAR, enrollment, 40_000, ChequeTender(" 000 123 ", " RBC  Royal Bank ",
                                                                            date(2026, 11, 20)))
    with desk.factory() as s:
        detail = s.scalar(sa.select(TenderDetail).where(TenderDetail.payment_id == receipt.payment_id))
        assert detail is not None
        assert (detail.cheque_number, detail.cheque_bank, detail.cheque_date) == ("000123", "RBC Royal Bank",
                                                                                date(2026, 11, 20))
    assert desk.payment(receipt.payment_id).method == "cheque"
    assert receipt.balance_after_cents == 113_000 - 40_000
    # The invoice names the cheque as the bank will: its number, its bank and its date, on the PDF too.
    invoice = desk.invoice_of(receipt.payment_id)
    assert invoice.document is not None
    assert invoice.document["payment"]["reference"] == "000123 · RBC Royal Bank · 2026-11-20"
    assert "000123 · RBC Royal Bank · 2026-11-20" in pdf_words(desk.invoices.pdf_for(invoice.number))


@pytest.mark.parametrize(("bad", "message"), [
    (ChequeTender("", "RBC", date(2026, 11, 20)), "cheque's number"),
    (ChequeTender("123", "", date(2026, 11, 20)), "bank the cheque is drawn on"),
    (ChequeTender("123", "RBC", None), "date written on the cheque"),
    (ChequeTender("123", "RBC", date(2026, 12, 30)), "post-dated"),
])
def test_a_cheque_without_its_facts_records_nothing(desk: TenderDesk, bad: ChequeTender, message: str) -> None:
    enrollment = desk.enrollment()
    before = desk.counts()
    with pytest.raises(InvalidInput, match=message):
        desk.tenders.take(REGISTRAR, enrollment, 5_000, bad)
    assert desk.counts() == before


def test_an_etransfer_reference_pays_once(desk: TenderDesk) -> None:
    first, second = desk.enrollment(), desk.enrollment()
    taken = desk.tenders.take(REGISTRAR, first, 5_000, EtransferTender("ca1 xy2z3", "ada.student@example.ca"))
    document = desk.invoice_of(taken.payment_id).document
    assert document is not None and document["payment"]["reference"] == "CA1XY2Z3 · ada.student@example.ca"
    before = desk.counts()
    with pytest.raises(InvalidInput, match="already recorded for another payment"):
        desk.tenders.take(REGISTRAR, second, 5_000, EtransferTender("CA1XY2Z3", "Ada Student"))
    assert desk.counts() == before
    assert desk.balance(second) == 113_000


def test_a_tender_set_to_need_the_code_refuses_without_it(engine: Engine, clock: FixedClock, tmp_path: Path) -> None:
    strict = tender_desk(engine, clock, tmp_path / "strict", needing_code=frozenset({Tender.READER, Tender.CHEQUE}))
    assert strict.tenders.needs_code("cheque") and not strict.tenders.needs_code("cash")
    with pytest.raises(UserFacingError, match="one-time code for cheque"):
        strict.tenders.take(REGISTRAR, strict.enrollment(), 5_000, cheque())


def test_a_split_by_hand_records_every_part_or_none(desk: TenderDesk) -> None:
    enrollment = desk.enrollment(price_cents=100_000)  # $1,130.00
    desk.till.open_drawer(REGISTRAR, 10_000)
    parts = [SplitPart(30_000, Tender.CHEQUE, cheque()), SplitPart(20_000, Tender.CASH, CashTender(20_000)),
             SplitPart(10_000, Tender.ETRANSFER, EtransferTender("REF123", "Ada"))]
    before = desk.counts()
    with pytest.raises(InvalidAmount, match=r"parts add up to \$600\.00, not the \$650\.00"):
        desk.tenders.record_split(REGISTRAR, enrollment, 65_000, parts)
    bad = [*parts[:2], SplitPart(10_000, Tender.ETRANSFER, EtransferTender("", "Ada"))]
    with pytest.raises(InvalidInput, match="reference number"):
        desk.tenders.record_split(REGISTRAR, enrollment, 60_000, bad)
    assert desk.counts() == before
    split = desk.tenders.record_split(REGISTRAR, enrollment, 60_000, parts)
    assert [p.tender for p in split.parts] == ["cheque", "cash", "etransfer"]
    assert all(p.invoice_number for p in split.parts) and len({p.invoice_number for p in split.parts}) == 3
    with desk.uow() as uow:
        stored = uow.tenders.split_parts(split.split_id)
    assert sorted(p.tender for p in stored) == ["cash", "cheque", "etransfer"]
    assert desk.balance(enrollment) == 113_000 - 60_000
    assert "payment.split_recorded" in desk.actions()


def test_a_split_with_a_card_part_follows_the_paid_card(desk: TenderDesk) -> None:
    enrollment = desk.enrollment(price_cents=100_000)
    parts = [SplitPart(50_000, Tender.READER), SplitPart(30_000, Tender.CHEQUE, cheque())]
    before = desk.counts()
    with pytest.raises(InvalidInput, match="Charge the card part first"):
        desk.tenders.record_split(REGISTRAR, enrollment, 80_000, parts)
    with pytest.raises(InvalidInput, match="Only one part"):
        desk.tenders.check_split(REGISTRAR, enrollment, 80_000, [SplitPart(40_000, Tender.READER),
                                                                 SplitPart(40_000, Tender.HOSTED)])
    assert desk.counts() == before


def test_a_returned_cheque_is_reversed_with_a_credit_note(desk: TenderDesk) -> None:
    enrollment = desk.enrollment(price_cents=100_000)
    receipt = desk.tenders.take(REGISTRAR, enrollment, 56_500, cheque())  # $500 + $65 HST
    assert desk.balance(enrollment) == 113_000 - 56_500
    with pytest.raises(UserFacingError, match="may not refund"):
        desk.returns.record_return(REGISTRAR, receipt.payment_id, "NSF")
    returned = desk.returns.record_return(MANAGER, receipt.payment_id, "NSF: not sufficient funds")
    assert returned.amount_cents == 56_500 and returned.balance_after_cents == 113_000
    assert desk.balance(enrollment) == 113_000  # the one ledger puts it back on the balance
    with desk.factory() as s:
        refund = s.get(Refund, returned.refund_id)
        assert refund is not None and (refund.method, refund.status, refund.reason) == ("returned", "succeeded",
                                                                                        "returned")
    note = desk.invoices.record(returned.credit_note_number)
    assert note.kind == "credit_note" and note.total_cents == 56_500 and note.tax_cents == 6_500
    with pytest.raises(InvalidInput, match="already reversed"):
        desk.returns.record_return(MANAGER, receipt.payment_id, "NSF again")
    assert "payment.tender_returned" in desk.actions()


def test_cash_cannot_be_returned_by_the_bank(desk: TenderDesk) -> None:
    desk.till.open_drawer(REGISTRAR, 0)
    receipt = desk.tenders.take(REGISTRAR, desk.enrollment(), 5_000, CashTender(5_000))
    with pytest.raises(InvalidInput, match="Only a cheque or an Interac e-Transfer"):
        desk.returns.record_return(MANAGER, receipt.payment_id, "bounced")
    with pytest.raises(InvalidInput, match="was not paid by cheque or Interac e-Transfer"):
        desk.returns.returnable(MANAGER, receipt.invoice_number or "")


def test_a_returned_transfer_is_found_by_its_invoice_number(desk: TenderDesk) -> None:
    receipt = desk.tenders.take(REGISTRAR, desk.enrollment(), 5_000, EtransferTender("CA77", "Ada"))
    found = desk.returns.returnable(MANAGER, f" {(receipt.invoice_number or '').lower()} ")
    assert (found.payment_id, found.tender, found.reference, found.remaining_cents) == (
        receipt.payment_id, "etransfer", "CA77", 5_000)
    # Reversed by the bank: a credit note for the whole transfer, the balance back as it was.
    owing = receipt.balance_after_cents + 5_000
    returned = desk.returns.record_return(MANAGER, found.payment_id, "Reversed by the sender's bank")
    assert (returned.amount_cents, returned.balance_after_cents) == (5_000, owing)
    note = desk.invoices.record(returned.credit_note_number)
    assert note.kind == "credit_note" and note.total_cents == 5_000
    with pytest.raises(InvalidInput, match="already reversed"):
        desk.returns.record_return(MANAGER, found.payment_id, "again")


def test_the_balance_is_checked_again_before_recording(desk: TenderDesk) -> None:
    enrollment = desk.enrollment(price_cents=10_000)
    desk.tenders.take(REGISTRAR, enrollment, 11_300, cheque("1"))
    before = desk.counts()
    with pytest.raises(InvalidAmount):
        desk.tenders.take(REGISTRAR, enrollment, 1_000, cheque("2"))
    assert desk.counts() == before
