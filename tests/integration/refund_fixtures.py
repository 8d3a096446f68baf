"""Fixtures for the refund tests: the real refund service beside the real payment service, on a real
database (SQLite and PostgreSQL) and the simulator over HTTP through the real Stripe SDK."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from oncopos.adapters.db.models.invoices import Invoice
from oncopos.adapters.db.models.payments import Refund
from oncopos.adapters.db.uow import SqlUnitOfWork
from oncopos.adapters.stripe.refund_lookup import StripeRefundLookup
from oncopos.bootstrap import build_invoice_service
from oncopos.config import load_settings
from oncopos.domain.access import Actor, Role
from oncopos.services.emails import Business
from oncopos.services.refunds.mail import OutboxRefundMail
from oncopos.services.refunds.service import RefundRules, RefundService
from tests.integration.payment_fixtures import Desk, ShiftedClock
from tests.payment_support import REGISTRAR
from tests.waiting import wait_for

MANAGER = Actor(staff_id=None, username="maya", role=Role.MANAGER, workstation_id="DESK1")
READER_TIMEOUT = 60


@dataclass
class RefundDesk:
    desk: Desk
    service: RefundService
    clock: ShiftedClock

    @property
    def simulator(self) -> Any:
        return self.desk.simulator

    def paid(self, enrollment_id: uuid.UUID, amount_cents: int, *, interac: bool = False) -> uuid.UUID:
        """A payment taken on the simulated reader through the real payment service."""
        payment_id = self.desk.confirmed(enrollment_id, amount_cents)
        self.desk.service.charge_on_reader(REGISTRAR, payment_id, self.desk.reader.id)
        self.desk.service.gateway.present_test_card(self.desk.reader.id, interac=interac)
        wait_for(lambda: self.desk.service.poll(REGISTRAR, payment_id).succeeded, what=f"payment {payment_id} succeeding")
        return payment_id

    def stripe_refunds(self) -> list[dict[str, Any]]:
        return list(self.simulator.state.all("refund"))

    def refund_rows(self) -> list[Refund]:
        with self.desk.factory() as session:
            return list(session.scalars(sa.select(Refund).order_by(Refund.created_at)))

    def credit_notes(self) -> list[Invoice]:
        with self.desk.factory() as session:
            return list(session.scalars(sa.select(Invoice).where(Invoice.kind == "credit_note")
                                        .order_by(Invoice.sequence)))

    def balance(self, enrollment_id: uuid.UUID) -> int:
        with SqlUnitOfWork(self.desk.factory) as uow:
            return uow.payments.enrollment(enrollment_id).balance_cents


def build_refunds(factory: Any, gateway: Any, enqueue: Any, data_dir: Path, clock: Any, *, fault_point: Any = None,
                  workstation: str = "DESK1") -> RefundService:
    """The refund service with the real lookup, invoices and mail outbox, as bootstrap builds it."""
    settings = load_settings(data_dir=data_dir, workstation_id=workstation, invoice_series=workstation)
    uow = lambda: SqlUnitOfWork(factory)  # noqa: E731
    return RefundService(
        uow, gateway, StripeRefundLookup(gateway), RefundRules(workstation, reader_timeout_seconds=READER_TIMEOUT),
        clock=clock, invoices=build_invoice_service(settings, uow, clock),
        mail=OutboxRefundMail(enqueue, Business.from_settings(settings)), fault_point=fault_point)


@pytest.fixture
def refunds(desk: Desk, tmp_path: Path) -> Iterator[RefundDesk]:
    clock = ShiftedClock()
    # The same documents folder as the payment desk: the credit note sits beside its invoice.
    service = build_refunds(desk.factory, desk.service.gateway, desk.outbox.enqueue, tmp_path / "desk", clock)
    yield RefundDesk(desk, service, clock)
