"""A desk with plans: the real plan, reminder, statement and payment services over one database,
the simulator over HTTP, and the mail outbox (to a real SMTP server when the test gives one)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from oncopos.adapters.db.models.audit import AuditEvent
from oncopos.adapters.db.models.enrollments import Enrollment
from oncopos.adapters.db.session import utc_now
from oncopos.adapters.db.uow import SqlUnitOfWork
from oncopos.adapters.mail import MailOutbox
from oncopos.adapters.pdf.statement import StatementRenderer
from oncopos.config import load_settings
from oncopos.domain.access import Actor, Role
from oncopos.domain.plans import PlanTemplate
from oncopos.domain.plans_rules import load_college_rules
from oncopos.services.emails import Business
from oncopos.services.payments.service import PaymentService
from oncopos.services.plan_reminders import PlanReminders
from oncopos.services.plans import PlanService
from oncopos.services.statements import StatementService
from tests.integration.payment_fixtures import build_desk
from tests.payment_support import REGISTRAR, add_enrollment

TZ = ZoneInfo("America/Toronto")
MANAGER = Actor(staff_id=None, username="mona", role=Role.MANAGER, workstation_id="DESK1")
__all__ = ["MANAGER", "REGISTRAR", "PlanDesk", "plan_desk"]


@dataclass
class PlanDesk:
    factory: Any
    payments: PaymentService
    plans: PlanService
    reminders: PlanReminders
    statements: StatementService
    outbox: MailOutbox
    mailer: Any
    business: Business

    def uow(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.factory)

    def today(self) -> date:
        return self.plans.today()

    def enrollment(self, *, price_cents: int = 100_000, ends_in_days: int | None = 200, email: str = "ada.student@example.ca",
                   province: str = "ON") -> uuid.UUID:
        enrollment_id = add_enrollment(self.factory, price_cents=price_cents, email=email, province=province)
        if ends_in_days is not None:
            with self.factory() as session, session.begin():
                enrollment = session.get(Enrollment, enrollment_id)
                assert enrollment is not None
                enrollment.section.end_date = self.today() + timedelta(days=ends_in_days)
        return enrollment_id

    def template(self, course_of: uuid.UUID, deposit_bp: int = 3000, count: int = 3, remainder_on: str = "last",
                 name: str = "30 % then 3 monthly") -> uuid.UUID:
        with self.uow() as uow:
            course_id = uow.plans.enrollment(course_of).course_id
        return self.plans.save_template(MANAGER, course_id, PlanTemplate(deposit_bp, count, 1, remainder_on, name))

    def audit(self, prefix: str = "plan") -> list[tuple[str, dict[str, Any]]]:
        with self.factory() as session:
            rows = session.execute(sa.select(AuditEvent.action, AuditEvent.details).order_by(AuditEvent.sequence)).all()
        return [(a, d) for a, d in rows if a.startswith(prefix)]

    def count(self, table: str) -> int:
        with self.factory() as session:
            return int(session.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one())


def plan_desk(engine: Engine, gateway: Any, data_dir: Path, *, mailer: Any = None) -> PlanDesk:
    settings = load_settings(data_dir=data_dir, workstation_id="DESK1", invoice_series="DESK1",
                             business_timezone="America/Toronto")
    business = Business.from_settings(settings)
    plans_holder: list[PlanService] = []
    payments, factory, _codes, keeping, outbox, _clock = build_desk(
        engine, gateway, data_dir, collection_check=lambda e, a: plans_holder[0].check_collection(e, a))  # noqa: PLW0108 (built below)
    uow = lambda: SqlUnitOfWork(factory)  # noqa: E731
    if mailer is not None:
        outbox = MailOutbox(uow, mailer, utc_now)
    plans = PlanService(uow, clock=utc_now, rules=load_college_rules(), timezone=TZ, workstation_id="DESK1")
    plans_holder.append(plans)
    reminders = PlanReminders(uow, lambda: gateway, lambda: payments, outbox.enqueue, business, clock=utc_now,
                              timezone=TZ, workstation_id="DESK1", collection_check=plans.check_collection)
    statements = StatementService(uow, clock=utc_now, timezone=TZ, renderer=StatementRenderer(business.name, "America/Toronto"),
                                  enqueue=outbox.enqueue, business=business)
    return PlanDesk(factory, payments, plans, reminders, statements, outbox, mailer or keeping, business)
