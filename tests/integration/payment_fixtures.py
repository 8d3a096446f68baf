"""Fixtures for the payment flow: the real service on a real database and the simulator over HTTP."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy.engine import Engine

from oncopos.adapters.db.session import make_session_factory, utc_now
from oncopos.adapters.db.uow import SqlUnitOfWork
from oncopos.adapters.mail import MailOutbox
from oncopos.adapters.secrets import MemorySecretStore
from oncopos.adapters.stripe.recovery import StripeIntentRecovery
from oncopos.bootstrap import build_invoice_service
from oncopos.config import load_settings
from oncopos.domain.enrollment import PaymentLimits
from oncopos.domain.gateway import ReaderInfo
from oncopos.services.emails import Business
from oncopos.services.otp import OtpService
from oncopos.services.payments.mail import OutboxPaymentMail
from oncopos.services.payments.ports import LocalOnlyRefresher
from oncopos.services.payments.service import PaymentRules, PaymentService
from oncopos.simulator import SimulatorHandle
from tests.integration.otp_support import KeepingMailer
from tests.payment_support import REGISTRAR, add_enrollment


class ShiftedClock:
    """The real time plus an offset the test moves (to let a code expire); Stripe's side is real time."""

    def __init__(self) -> None:
        self.offset = timedelta(0)

    def __call__(self) -> datetime:
        return utc_now() + self.offset


@dataclass
class Desk:
    service: PaymentService
    factory: Any
    codes: OtpService
    mailer: KeepingMailer
    outbox: MailOutbox
    code_clock: ShiftedClock
    reader: ReaderInfo
    simulator: SimulatorHandle

    def enrollment(self, **kwargs: Any) -> uuid.UUID:
        return add_enrollment(self.factory, **kwargs)

    def confirmed(self, enrollment_id: uuid.UUID, amount_cents: int) -> uuid.UUID:
        """A payment quoted and confirmed by code, ready to charge."""
        view = self.service.start(REGISTRAR, enrollment_id, amount_cents)
        self.code_clock.offset += timedelta(minutes=1)  # past the per-student send throttle of the last code
        self.service.send_code(REGISTRAR, view.id)
        self.service.confirm_code(REGISTRAR, view.id, self.mailer.last_code())
        return view.id

    def queued(self) -> list[tuple[str, str, Any]]:
        """(kind, to, message) of every email stored in the outbox, oldest first."""
        import sqlalchemy as sa

        from oncopos.adapters.db.models.messaging import MailOutboxMessage

        with self.factory() as session:
            rows = session.scalars(sa.select(MailOutboxMessage).order_by(MailOutboxMessage.created_at)).all()
            return [(r.kind, r.to_address, r) for r in rows]

    def steps(self, payment_id: uuid.UUID) -> list[str]:
        with SqlUnitOfWork(self.factory) as uow:
            return [s.step for s in uow.payments.steps(payment_id)]

    def audit_actions(self) -> list[str]:
        from sqlalchemy import select

        from oncopos.adapters.db.models.audit import AuditEvent

        with self.factory() as session:
            return list(session.scalars(select(AuditEvent.action).order_by(AuditEvent.sequence)))


def build_desk(engine: Engine, gateway: Any, data_dir: Any, *, refresher: Any = None, fault_point: Any = None,
               workstation: str = "DESK1", readiness: Any = None, collection_check: Any = None,
               ) -> tuple[PaymentService, Any, OtpService, KeepingMailer, MailOutbox, ShiftedClock]:
    """The payment service with the real codes, invoices and mail outbox; only the mail server is kept in memory."""
    settings = load_settings(data_dir=data_dir, workstation_id=workstation, invoice_series=workstation)
    factory = make_session_factory(engine, workstation_id=workstation, clock=utc_now)
    uow = lambda: SqlUnitOfWork(factory)  # noqa: E731
    mailer, code_clock = KeepingMailer(), ShiftedClock()
    codes = OtpService(uow, mailer, settings, MemorySecretStore(), code_clock)
    outbox = MailOutbox(uow, mailer, utc_now)
    service = PaymentService(
        uow, gateway, codes, PaymentRules(PaymentLimits(100, 2_500_000), workstation, payment_timeout_minutes=30),
        clock=utc_now, refresher=refresher or LocalOnlyRefresher(), recovery=StripeIntentRecovery(gateway, utc_now),
        invoices=build_invoice_service(settings, uow, utc_now), mail=OutboxPaymentMail(outbox.enqueue, mailer,
                                                                                         Business.from_settings(settings)),
        fault_point=fault_point, readiness=readiness, claims=readiness, collection_check=collection_check)
    return service, factory, codes, mailer, outbox, code_clock


def payment_desk(engine: Engine, gateway: Any, reader: ReaderInfo, simulator: SimulatorHandle, tmp_path: Any) -> Desk:
    service, factory, codes, mailer, outbox, code_clock = build_desk(engine, gateway, tmp_path / "desk")
    return Desk(service, factory, codes, mailer, outbox, code_clock, reader, simulator)


@pytest.fixture
def desk(engine: Engine, gateway: Any, reader: ReaderInfo, simulator: SimulatorHandle, tmp_path: Any) -> Desk:
    return payment_desk(engine, gateway, reader, simulator, tmp_path)
