"""A desk that takes tenders by hand: the real tender, till and return services over a real database."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from oncopos.adapters.db.models.audit import AuditEvent
from oncopos.adapters.db.models.invoices import Invoice
from oncopos.adapters.db.models.payments import Payment, Refund
from oncopos.adapters.db.models.people import Staff
from oncopos.adapters.db.models.tenders import TenderDetail
from oncopos.adapters.db.session import make_session_factory
from oncopos.adapters.db.uow import SqlUnitOfWork
from oncopos.adapters.mail import MailOutbox
from oncopos.bootstrap import build_invoice_service
from oncopos.config import load_settings
from oncopos.domain.access import Role
from oncopos.domain.enrollment import PaymentLimits
from oncopos.domain.tender import DEFAULT_NEEDING_CODE, Tender
from oncopos.services.emails import Business
from oncopos.services.invoices import InvoiceService
from oncopos.services.payments.mail import OutboxPaymentMail
from oncopos.services.payments.recording import Recorder
from oncopos.services.tenders.returns import TenderReturns
from oncopos.services.tenders.service import TenderRules, TenderService
from oncopos.services.till import TillService
from tests.actors import fixture_actor
from tests.integration.otp_support import KeepingMailer
from tests.payment_support import add_enrollment

TZ = ZoneInfo("America/Toronto")
REGISTRAR = fixture_actor(uuid.uuid4(), "rita", Role.REGISTRAR, "DESK1")
REGISTRAR_2 = fixture_actor(uuid.uuid4(), "remi", Role.REGISTRAR, "DESK2")
MANAGER = fixture_actor(uuid.uuid4(), "marc", Role.MANAGER, "DESK1")


@dataclass
class TenderDesk:
    factory: Any
    tenders: TenderService
    till: TillService
    returns: TenderReturns
    invoices: InvoiceService
    clock: Any

    def uow(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.factory)

    def enrollment(self, **kwargs: Any) -> uuid.UUID:
        return add_enrollment(self.factory, **kwargs)

    def balance(self, enrollment_id: uuid.UUID) -> int:
        with self.uow() as uow:
            return int(uow.payments.enrollment(enrollment_id).balance_cents)

    def count(self, model: Any) -> int:
        with self.factory() as s:
            return int(s.scalar(sa.select(sa.func.count()).select_from(model)) or 0)

    def counts(self) -> dict[str, int]:
        """Rows of every table a tender writes: the same before and after a refused one."""
        return {m.__tablename__: self.count(m) for m in (Payment, TenderDetail, Invoice, Refund, AuditEvent)}

    def payment(self, payment_id: uuid.UUID) -> Payment:
        with self.factory() as s:
            row = s.get(Payment, payment_id)
            assert row is not None
            return row

    def invoice_of(self, payment_id: uuid.UUID) -> Invoice:
        with self.factory() as s:
            row = s.scalar(sa.select(Invoice).where(Invoice.payment_id == payment_id, Invoice.kind == "invoice"))
            assert row is not None
            return row

    def actions(self) -> list[str]:
        with self.factory() as s:
            return list(s.scalars(sa.select(AuditEvent.action).order_by(AuditEvent.at, AuditEvent.sequence)))


def tender_desk(engine: Engine | None, clock: Any, data_dir: Path, *, workstation: str = "DESK1",
                needing_code: frozenset[Tender] = DEFAULT_NEEDING_CODE, factory: Any = None,
                staff: bool = True) -> TenderDesk:
    """`factory`: a desk's own session factory (a synced desk's); otherwise one is made over `engine`.
    `staff`: add the test's people as staff rows (a synced desk gets its accounts from the central database)."""
    settings = load_settings(data_dir=data_dir, workstation_id=workstation, invoice_series=workstation)
    factory = factory or make_session_factory(engine, workstation_id=workstation, clock=clock)
    uow = lambda: SqlUnitOfWork(factory)  # noqa: E731
    with factory() as s, s.begin():  # the people on the payment rows (payments.staff_id is a foreign key)
        for actor in (REGISTRAR, MANAGER, REGISTRAR_2) if staff else ():
            if s.get(Staff, actor.staff_id) is None:
                s.add(Staff(id=actor.staff_id, username=actor.username, display_name=actor.username.title(),
                            role=actor.role.value, password_hash="-"))
    invoices = build_invoice_service(settings, uow, clock)
    mailer = KeepingMailer()
    outbox = MailOutbox(uow, mailer, clock)
    recorder = Recorder(uow, clock, invoices, OutboxPaymentMail(outbox.enqueue, mailer, Business.from_settings(settings)),
                        lambda _step: None)
    rules = TenderRules(PaymentLimits(100, 2_500_000), workstation, TZ, needing_code)
    return TenderDesk(
        factory=factory, tenders=TenderService(uow, rules, clock=clock, recorder=recorder),
        till=TillService(uow, clock=clock, workstation_id=workstation, tz=TZ),
        returns=TenderReturns(uow, invoices, clock=clock, workstation_id=workstation), invoices=invoices, clock=clock,
    )
