"""One tender taken by hand for several enrollments of a student (a program and its kit): one
payment with a line per enrollment, one invoice with those lines, each balance paid on its own,
a returned cheque given back on every line, and a cash payment refunded line by line out of the
drawer; on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from oncopos.adapters.db.models.invoices import Invoice
from oncopos.adapters.db.models.payments import Payment, RefundAllocation
from oncopos.adapters.mail import MailOutbox
from oncopos.domain.allocation import PartRequest
from oncopos.domain.errors import InvalidAmount, UserFacingError
from oncopos.domain.invoice import InvoiceDocument
from oncopos.domain.tender import CashTender, ChequeTender
from tests.conftest import FixedClock
from tests.integration.otp_support import KeepingMailer
from tests.integration.refund_fixtures import build_refunds
from tests.integration.tender_support import MANAGER, REGISTRAR, TenderDesk, tender_desk
from tests.integration.test_several_enrollments import add_enrollment_for


@pytest.fixture
def desk(engine: Engine, clock: FixedClock, tmp_path: Path) -> TenderDesk:
    return tender_desk(engine, clock, tmp_path / "data")


def test_one_cash_tender_for_a_program_and_its_kit(desk: TenderDesk) -> None:
    program = desk.enrollment(price_cents=100_000)  # $1,130.00 with HST
    kit = add_enrollment_for(desk, program, price_cents=20_000, name="Practitioner kit")  # $226.00
    parts = [PartRequest(program, 50_000), PartRequest(kit, 22_600)]
    before = desk.counts()
    with pytest.raises(UserFacingError, match="drawer"):  # cash needs an open drawer
        desk.tenders.take_several(REGISTRAR, parts, CashTender(80_000))
    assert desk.counts() == before
    desk.till.open_drawer(REGISTRAR, 10_000)
    before = desk.counts()
    with pytest.raises(InvalidAmount, match=r"handed over \$700\.00, less than the \$726\.00"):
        desk.tenders.take_several(REGISTRAR, parts, CashTender(70_000))
    with pytest.raises(InvalidAmount, match="Practitioner kit"):  # a line above its own balance
        desk.tenders.take_several(REGISTRAR, [PartRequest(program, 50_000), PartRequest(kit, 30_000)],
                                  CashTender(80_000))
    assert desk.counts() == before  # every refusal before anything was written

    receipt = desk.tenders.take_several(REGISTRAR, parts, CashTender(80_000))
    assert receipt.amount_cents == 72_600 and receipt.change_cents == 7_400
    assert receipt.balance_after_cents == 113_000 - 50_000  # what the two still owe together
    assert desk.balance(program) == 113_000 - 50_000 and desk.balance(kit) == 0
    assert desk.count(Payment) == 1  # one tender, one payment
    invoice = desk.invoice_of(receipt.payment_id)
    assert invoice.total_cents == 72_600
    lines = invoice.document["lines"]
    assert len(lines) == 2 and lines[1]["description"].startswith("Practitioner kit")
    # Each line its part before tax and its own tax, adding up to what was paid on it.
    assert [line["part_cents"] + sum(t["amount_cents"] for t in line["taxes"]) for line in lines] == [50_000, 22_600]
    assert desk.till.current(REGISTRAR).cash_payments == 1  # the drawer counts the one cash payment


def test_a_returned_cheque_for_two_enrollments_goes_back_on_each_line(desk: TenderDesk) -> None:
    program = desk.enrollment(price_cents=100_000)
    kit = add_enrollment_for(desk, program, price_cents=20_000, name="Practitioner kit")
    cheque = ChequeTender("7788", "TD Canada Trust", desk.tenders.today())
    receipt = desk.tenders.take_several(REGISTRAR, [PartRequest(program, 11_300), PartRequest(kit, 22_600)], cheque)
    assert desk.balance(program) == 113_000 - 11_300 and desk.balance(kit) == 0
    returned = desk.returns.record_return(MANAGER, receipt.payment_id, "NSF: not sufficient funds")
    assert returned.amount_cents == 33_900
    assert desk.balance(program) == 113_000 and desk.balance(kit) == 22_600  # each line back on its own


def test_a_cash_payment_for_two_enrollments_is_refunded_line_by_line(
        desk: TenderDesk, gateway: Any, tmp_path: Path) -> None:
    outbox = MailOutbox(desk.uow, KeepingMailer(), desk.clock)
    refunds = build_refunds(desk.factory, gateway, outbox.enqueue, tmp_path / "data", desk.clock)
    kit = desk.enrollment(price_cents=20_000)  # taxable: HST 13% -> $226.00
    course = add_enrollment_for(desk, kit, price_cents=50_000, name="Oncology theory", supply_kind="service",
                                treatment="exempt")  # a vocational course: no tax
    desk.till.open_drawer(REGISTRAR, 10_000)
    receipt = desk.tenders.take_several(REGISTRAR, [PartRequest(kit, 22_600), PartRequest(course, 30_000)],
                                        CashTender(52_600))
    paid = receipt.payment_id
    assert [(line.enrollment_id, line.remaining_cents) for line in refunds.refundable(paid).lines] == [
        (kit, 22_600), (course, 30_000)]

    # The kit's line: its part and its HST go back, and only the kit owes again.
    first = refunds.refund(MANAGER, paid, 11_300, "requested_by_customer", enrollment_id=kit)
    assert first.succeeded and first.method == "cash" and first.remaining_cents == 52_600 - 11_300
    assert desk.balance(kit) == 11_300 and desk.balance(course) == 50_000 - 30_000
    kit_note = credit_note(desk, first.credit_note_number)
    assert [(line.part_cents, [t.amount_cents for t in line.taxes]) for line in kit_note.lines] == [(10_000, [1_300])]
    assert (kit_note.total_cents, kit_note.tax_cents) == (11_300, 1_300)

    with pytest.raises(InvalidAmount, match=r"At most \$300\.00 of this payment can still be refunded on Oncology"):
        refunds.refund(MANAGER, paid, 30_001, "requested_by_customer", enrollment_id=course)

    # The exempt course's line: no tax to reverse there.
    second = refunds.refund(MANAGER, paid, 30_000, "withdrawal", enrollment_id=course)
    assert second.succeeded and second.remaining_cents == 11_300
    assert desk.balance(course) == 50_000 and desk.balance(kit) == 11_300
    course_note = credit_note(desk, second.credit_note_number)
    assert [(line.part_cents, [t.amount_cents for t in line.taxes]) for line in course_note.lines] == [(30_000, [0])]
    assert (course_note.total_cents, course_note.tax_cents) == (30_000, 0)

    # The rest of the kit's line: its two credit notes reverse exactly the HST its invoice line charged.
    last = refunds.refund(MANAGER, paid, 11_300, "requested_by_customer", enrollment_id=kit)
    assert last.remaining_cents == 0 and desk.balance(kit) == 22_600
    assert kit_note.tax_cents + credit_note(desk, last.credit_note_number).tax_cents == 2_600
    line_taxes = [sum(t["amount_cents"] for t in line["taxes"]) for line in desk.invoice_of(paid).document["lines"]]
    assert line_taxes == [2_600, 0]

    # Every refund came out of the drawer: it expects the float alone again.
    drawer = desk.till.current(REGISTRAR)
    assert drawer is not None and drawer.expected_cents == 10_000
    assert sorted((m.kind, m.amount_cents, m.refund_id) for m in drawer.movements) == sorted(
        [("cash_refund", 11_300, first.id), ("cash_refund", 30_000, second.id), ("cash_refund", 11_300, last.id)])
    with desk.factory() as s:
        lines = s.execute(sa.select(RefundAllocation.refund_id, RefundAllocation.enrollment_id,
                                    RefundAllocation.amount_cents, RefundAllocation.tax_cents)).all()
    # Each refund went back on its one line only, with the tax its credit note reversed there.
    assert sorted(tuple(r) for r in lines) == sorted([(first.id, kit, 11_300, 1_300), (second.id, course, 30_000, 0),
                                                      (last.id, kit, 11_300, 1_300)])


def credit_note(desk: TenderDesk, number: str | None) -> InvoiceDocument:
    with desk.factory() as s:
        data = s.scalar(sa.select(Invoice.document).where(Invoice.number == number, Invoice.kind == "credit_note"))
    assert data is not None
    return InvoiceDocument.from_dict(data)
