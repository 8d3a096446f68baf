"""One tender taken by hand for several enrollments of a student (a program and its kit): one
payment with a line per enrollment, one invoice with those lines, each balance paid on its own,
and a returned cheque given back on every line; on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from oncopos.adapters.db.models.payments import Payment
from oncopos.domain.allocation import PartRequest
from oncopos.domain.errors import InvalidAmount, UserFacingError
from oncopos.domain.tender import CashTender, ChequeTender
from tests.conftest import FixedClock
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
