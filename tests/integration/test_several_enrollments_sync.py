"""A payment for several enrollments travels with its allocations: taken in cash on one desk, it
pays each enrollment on the other desk too, and the central database raises no overpayment flag
on the enrollment that carries the payment row (two SQLite desks through a real central PostgreSQL)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from oncopos.adapters.db.models.payments import PaymentAllocation
from oncopos.adapters.db.models.sync import OverpaymentFlag
from oncopos.adapters.db.uow import SqlUnitOfWork
from oncopos.domain.access import Actor, Role
from oncopos.domain.allocation import PartRequest
from oncopos.domain.tender import CashTender
from tests.conftest import FixedClock
from tests.integration.payment_fixtures import build_desk
from tests.integration.sync_helpers import make_desk
from tests.integration.tender_support import tender_desk
from tests.integration.test_several_enrollments import add_enrollment_for
from tests.payment_support import add_enrollment

RITA = Actor(staff_id=None, username="rita", role=Role.REGISTRAR, workstation_id="DESK1")


def test_a_cash_payment_for_a_program_and_its_kit_reaches_the_other_desk(tmp_path: Path, pg_url: str,
                                                                          clock: FixedClock, gateway: Any) -> None:
    a = make_desk(tmp_path, "DESK1", pg_url, clock)
    b = make_desk(tmp_path, "DESK2", pg_url, clock)
    payments = build_desk(a.engine, gateway, tmp_path / "pay")[0]
    hand = tender_desk(None, clock, tmp_path / "a", factory=a.factory, staff=False)
    program = add_enrollment(a.factory, price_cents=100_000)  # ON: 1,130.00
    kit = add_enrollment_for(a, program, price_cents=20_000, name="Practitioner kit")  # 226.00

    quoted = payments.start_several(RITA, [PartRequest(program, 113_000), PartRequest(kit, 22_600)])
    hand.till.open_drawer(RITA, 10_000)
    receipt = hand.tenders.record(RITA, quoted.id, CashTender(140_000))
    assert receipt.amount_cents == 135_600 and receipt.balance_after_cents == 0 and receipt.invoice_number
    assert a.sync.sync_once().pending == 0

    b.sync.sync_once()
    assert b.count(PaymentAllocation) == 2
    with SqlUnitOfWork(b.factory) as uow:
        assert uow.payments.enrollment(program).balance_cents == 0
        assert uow.payments.enrollment(kit).balance_cents == 0
        assert uow.payments.enrollment(kit).paid_cents == 22_600
    # The payment row names the program; counted whole there it would look overpaid by the kit's 226.00.
    assert a.count(OverpaymentFlag) == b.count(OverpaymentFlag) == 0
