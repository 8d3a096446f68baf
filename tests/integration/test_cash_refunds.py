"""Refunding a cash payment on SQLite and PostgreSQL: the cash comes out of the refunding desk's
open drawer at once, as a drawer movement with its credit note, and the drawer's expected cash
follows; with no drawer open, or less cash in it than the refund, nothing is refunded."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from oncopos.adapters.db.models.invoices import Invoice
from oncopos.adapters.db.models.messaging import MailOutboxMessage
from oncopos.adapters.db.models.payments import Refund
from oncopos.adapters.db.models.tenders import DrawerMovement
from oncopos.adapters.mail import MailOutbox
from oncopos.domain.access import Role
from oncopos.domain.errors import InvalidAmount
from oncopos.domain.tender import CashTender
from oncopos.services.refunds.service import RefundService
from oncopos.services.till import DrawerNotOpen
from tests.actors import fixture_actor
from tests.conftest import FixedClock
from tests.integration.otp_support import KeepingMailer
from tests.integration.refund_fixtures import build_refunds
from tests.integration.tender_support import MANAGER, REGISTRAR, REGISTRAR_2, TenderDesk, tender_desk

MANAGER_2 = fixture_actor(MANAGER.staff_id, "marc", Role.MANAGER, "DESK2")


def refunds_of(desk: TenderDesk, gateway: Any, data_dir: Path, workstation: str = "DESK1") -> RefundService:
    outbox = MailOutbox(desk.uow, KeepingMailer(), desk.clock)
    return build_refunds(desk.factory, gateway, outbox.enqueue, data_dir, desk.clock, workstation=workstation)


def written(desk: TenderDesk) -> dict[str, int]:
    return {"refunds": desk.count(Refund), "movements": desk.count(DrawerMovement), "documents": desk.count(Invoice)}


def test_a_cash_refund_comes_out_of_the_open_drawer_with_its_credit_note(
        engine: Engine, clock: FixedClock, tmp_path: Path, gateway: Any, simulator: Any) -> None:
    desk = tender_desk(engine, clock, tmp_path / "desk")
    refunds = refunds_of(desk, gateway, tmp_path / "desk")
    drawer = desk.till.open_drawer(REGISTRAR, 10_000).record.id  # $100 float
    enrollment = desk.enrollment(price_cents=10_000)
    paid = desk.tenders.take(REGISTRAR, enrollment, 2_998, CashTender(5_000))  # $30.00 into the drawer
    before = desk.balance(enrollment)

    view = refunds.refund(MANAGER, paid.payment_id, 1_000, "requested_by_customer")
    assert view.status == "succeeded" and view.credit_note_number and view.remaining_cents == 1_998
    assert desk.balance(enrollment) == before + 1_000
    drawer_now = desk.till.current(REGISTRAR)
    assert drawer_now is not None and drawer_now.expected_cents == 10_000 + 3_000 - 1_000
    (move,) = drawer_now.movements
    assert (move.kind, move.amount_cents, move.refund_id) == ("cash_refund", 1_000, view.id)
    with desk.factory() as s:
        note = s.scalar(sa.select(Invoice).where(Invoice.number == view.credit_note_number))
        assert note is not None and note.kind == "credit_note" and note.refund_id == view.id
        # The $50 handed over for the payment is the invoice's fact: the credit note says only where the money went.
        assert note.document is not None and "tendered_cents" not in note.document["payment"]
        refund = s.get(Refund, view.id)
        assert refund is not None and (refund.method, refund.status) == ("cash", "succeeded")
    assert simulator.state.all("refund") == []  # cash never goes to Stripe
    assert "refund.succeeded" in desk.actions()
    with desk.factory() as s:  # the student's credit-note email says where the money went
        (body,) = s.scalars(sa.select(MailOutboxMessage.text_body).where(MailOutboxMessage.kind == "credit_note"))
    assert "Refunded to: cash, handed back at the desk" in body and "card" not in body

    # The count at the close expects the cash that went back out: $120 balances.
    closed = desk.till.close_drawer(REGISTRAR, drawer, {10_000: 1, 2_000: 1})
    assert closed.record.difference_cents == 0


def test_a_cash_refund_needs_an_open_drawer_holding_enough(
        engine: Engine, clock: FixedClock, tmp_path: Path, gateway: Any) -> None:
    desk = tender_desk(engine, clock, tmp_path / "desk")
    refunds = refunds_of(desk, gateway, tmp_path / "desk")
    drawer = desk.till.open_drawer(REGISTRAR, 0).record.id
    paid = desk.tenders.take(REGISTRAR, desk.enrollment(price_cents=10_000), 5_000, CashTender(5_000))
    desk.till.paid_out(REGISTRAR, 4_000, "bank deposit run")
    before = written(desk)
    with pytest.raises(InvalidAmount, match=r"should hold only \$10\.00, so \$20\.00 cannot be handed back"):
        refunds.refund(MANAGER, paid.payment_id, 2_000, "requested_by_customer")
    assert written(desk) == before
    desk.till.close_drawer(REGISTRAR, drawer, {1_000: 1})
    before = written(desk)
    with pytest.raises(DrawerNotOpen, match=r"cash drawer, and it is not open.*nothing was refunded"):
        refunds.refund(MANAGER, paid.payment_id, 1_000, "requested_by_customer")
    assert written(desk) == before
    assert refunds.refundable(paid.payment_id).remaining_cents == 5_000


def test_the_refunding_desk_pays_from_its_own_drawer(
        engine: Engine, clock: FixedClock, tmp_path: Path, gateway: Any) -> None:
    first = tender_desk(engine, clock, tmp_path / "one")
    second = tender_desk(engine, clock, tmp_path / "two", workstation="DESK2")
    first.till.open_drawer(REGISTRAR, 5_000)
    second.till.open_drawer(REGISTRAR_2, 5_000)
    paid = first.tenders.take(REGISTRAR, first.enrollment(price_cents=10_000), 4_000, CashTender(4_000))
    refund = refunds_of(second, gateway, tmp_path / "two", workstation="DESK2").refund(
        MANAGER_2, paid.payment_id, 4_000, "duplicate")
    assert refund.status == "succeeded"
    one, two = first.till.current(REGISTRAR), second.till.current(REGISTRAR_2)
    assert one is not None and two is not None
    assert one.expected_cents == 9_000 and [m.kind for m in one.movements] == []
    assert two.expected_cents == 1_000 and [m.refund_id for m in two.movements] == [refund.id]


def test_cash_refund_rows_are_counted_once_by_the_ledger(
        engine: Engine, clock: FixedClock, tmp_path: Path, gateway: Any) -> None:
    desk = tender_desk(engine, clock, tmp_path / "desk")
    refunds = refunds_of(desk, gateway, tmp_path / "desk")
    desk.till.open_drawer(REGISTRAR, 0)
    enrollment = desk.enrollment(price_cents=10_000)
    paid = desk.tenders.take(REGISTRAR, enrollment, 3_000, CashTender(3_000))
    refunds.refund(MANAGER, paid.payment_id, 3_000, "requested_by_customer")
    with pytest.raises(InvalidAmount, match="Nothing remains to refund"):
        refunds.refund(MANAGER, paid.payment_id, 100, "requested_by_customer")
    with desk.factory() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(Refund).where(Refund.payment_id == paid.payment_id)) == 1
