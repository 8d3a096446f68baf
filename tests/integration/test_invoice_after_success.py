"""A charge Stripe took is never lost to its invoice: the success is committed first, the invoice
is its own retried step, and a success left without its invoice is issued by reconciliation."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from oncopos.adapters.db.models.audit import AuditEvent
from oncopos.adapters.db.models.invoices import Invoice, InvoiceCounter
from oncopos.adapters.db.models.payments import Payment
from oncopos.domain.access import system_actor
from oncopos.services.payments.records import SUCCEEDED
from tests.integration.payment_fixtures import Desk, build_desk
from tests.payment_support import REGISTRAR


class CrashAfter(Exception):
    """Stands for the desk dying right after the named step was committed."""


def pay(paying: Desk, amount: int = 45_200) -> Any:
    enrollment = paying.enrollment(price_cents=40_000)
    payment_id = paying.confirmed(enrollment, amount)
    paying.service.charge_on_reader(REGISTRAR, payment_id, paying.reader.id)
    paying.service.gateway.present_test_card(paying.reader.id)
    for _ in range(20):
        view = paying.service.poll(REGISTRAR, payment_id)
        if view.final:
            return view
    raise AssertionError(f"payment {payment_id} never finished")


def test_a_counter_behind_its_own_invoices_moves_past_them_and_loses_nothing(desk: Desk) -> None:
    first = pay(desk)
    assert first.invoice_number == "DESK1-000001"
    # What a reinstalled desk has: its invoices came back by sync, its counter did not.
    with desk.factory() as session, session.begin():
        session.execute(sa.update(InvoiceCounter).values(next_number=1))

    second = pay(desk)

    assert second.status == SUCCEEDED and second.invoice_number == "DESK1-000002"
    with desk.factory() as session:
        numbers = sorted(session.scalars(sa.select(Invoice.number)))
        statuses = list(session.scalars(sa.select(Payment.status)))
        moved = [e.details for e in session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "invoice.counter_advanced"))]
    assert numbers == ["DESK1-000001", "DESK1-000002"] and statuses == [SUCCEEDED, SUCCEEDED]
    assert moved == [{"from": 1, "to": 2, "reason": "numbers already used on invoices held by this desk"}]
    assert desk.steps(second.id)[-3:] == ["succeeded", "invoice_issued", "emails_queued"]


def test_reconcile_issues_the_invoice_of_a_success_left_without_one(
    engine: Engine, gateway: Any, reader: Any, simulator: Any, tmp_path: Any,
) -> None:
    def crash(step: str) -> None:
        if step == "recorded":
            raise CrashAfter(step)

    crashing = Desk(*build_desk(engine, gateway, tmp_path / "desk", fault_point=crash), reader, simulator)
    enrollment = crashing.enrollment(price_cents=40_000)
    payment_id = crashing.confirmed(enrollment, 45_200)
    crashing.service.charge_on_reader(REGISTRAR, payment_id, reader.id)
    gateway.present_test_card(reader.id)
    with pytest.raises(CrashAfter):
        for _ in range(20):
            crashing.service.poll(REGISTRAR, payment_id)

    # The charge is on record, visibly waiting for its invoice.
    left = crashing.service.view(payment_id)
    assert left.status == SUCCEEDED and left.invoice_pending and left.invoice_number is None
    assert crashing.steps(payment_id)[-1] == "succeeded"

    restarted = Desk(*build_desk(engine, gateway, tmp_path / "desk"), reader, simulator)
    report = restarted.service.recover_in_flight(system_actor("DESK1"))
    assert any("invoice DESK1-000001 issued" in line for line in report.lines), report.lines
    done = restarted.service.view(payment_id)
    assert done.invoice_number == "DESK1-000001" and not done.invoice_pending
    assert restarted.steps(payment_id)[-3:] == ["succeeded", "invoice_issued", "emails_queued"]
    assert [kind for kind, _to, _m in restarted.queued()] == ["payment_confirmation", "payment_notice"]

    again = restarted.service.recover_in_flight(system_actor("DESK1"))
    assert again.lines == ()
    with restarted.factory() as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(Invoice)) == 1
