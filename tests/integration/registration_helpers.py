"""The registration, catalogue and enrollment services over a real database, as a desk builds them."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from oncopos.adapters.db.models.audit import AuditEvent
from oncopos.adapters.db.models.payments import Payment
from oncopos.adapters.db.session import make_session_factory
from oncopos.adapters.db.uow import SqlUnitOfWork
from oncopos.domain.access import Actor, Role
from oncopos.domain.catalogue import CourseDraft, SectionDraft
from oncopos.domain.student_record import StudentDraft
from oncopos.services.catalogue import CatalogueService
from oncopos.services.enrollments import EnrollmentService
from oncopos.services.registration import RegistrationService
from oncopos.services.registration_records import CourseView, SectionView, StudentRecord
from tests.actors import fixture_actor
from tests.conftest import FixedClock

TORONTO = ZoneInfo("America/Toronto")


@dataclass
class Desk:
    factory: sessionmaker[Session]
    registration: RegistrationService
    catalogue: CatalogueService
    enrollments: EnrollmentService
    registrar: Actor
    manager: Actor

    def audit(self, action: str) -> list[AuditEvent]:
        with self.factory() as session:
            return list(session.scalars(sa.select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.sequence)))


def make_desk(engine: Engine, clock: FixedClock, workstation: str = "DESK1", province: str = "ON") -> Desk:
    factory = make_session_factory(engine, workstation_id=workstation, clock=clock)

    def uow() -> SqlUnitOfWork:
        return SqlUnitOfWork(factory)

    return Desk(
        factory=factory,
        registration=RegistrationService(uow, clock=clock, series=workstation, timezone=TORONTO),
        catalogue=CatalogueService(uow, clock=clock),
        enrollments=EnrollmentService(uow, clock=clock, desk_province=province, timezone=TORONTO),
        registrar=fixture_actor(uuid.uuid4(), "rita", Role.REGISTRAR, workstation),
        manager=fixture_actor(uuid.uuid4(), "marc", Role.MANAGER, workstation),
    )


def student(desk: Desk, first: str = "Émilie", last: str = "Bérubé-Lévesque", email: str = "emilie@videotron.ca",
            phone: str = "514-555-0142", **extra: str) -> StudentRecord:
    draft = StudentDraft(first_name=first, last_name=last, email=email, phone=phone, **extra)
    return desk.registration.add_student(desk.registrar, draft)


def course(desk: Desk, code: str = "WS-SCALP", price: str = "395.00", treatment: str = "taxable",
           kind: str = "workshop", province: str = "", deposit: str = "") -> CourseView:
    draft = CourseDraft(code=code, name=f"Course {code}", kind=kind, price=price, tax_treatment=treatment,
                        delivery_province=province, min_first_payment=deposit)
    return desk.catalogue.save_course(desk.manager, draft)


def section(desk: Desk, course_view: CourseView, code: str, start: str = "2026-12-05", capacity: str = "") -> SectionView:
    draft = SectionDraft(code=code, start_date=start, location="Toronto", schedule="Saturday 9:00-16:00", capacity=capacity)
    return desk.catalogue.save_section(desk.manager, course_view.id, draft)


def pay(desk: Desk, enrollment_id: uuid.UUID, cents: int) -> None:
    """A succeeded payment, as the payment flow records it."""
    with desk.factory() as session, session.begin():
        session.add(Payment(id=uuid.uuid4(), enrollment_id=enrollment_id, workstation_id="DESK1", amount_cents=cents,
                            method="reader", status="succeeded", idempotency_key=f"test-{uuid.uuid4()}"))
