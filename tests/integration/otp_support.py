"""A desk with the real OtpService over a real database, and a mailer that keeps what it is given."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from oncopos.adapters.db.models.audit import AuditEvent
from oncopos.adapters.db.models.catalogue import Course, Section
from oncopos.adapters.db.models.enrollments import Enrollment
from oncopos.adapters.db.models.messaging import OtpChallenge
from oncopos.adapters.db.models.people import Staff, Student
from oncopos.adapters.db.session import make_session_factory
from oncopos.adapters.db.uow import SqlUnitOfWork
from oncopos.adapters.secrets import MemorySecretStore
from oncopos.config import load_settings
from oncopos.domain.access import Actor, Role
from oncopos.domain.mail import MailNotSent
from oncopos.services.otp import OtpService
from oncopos.services.ports import OutgoingEmail
from tests.actors import fixture_actor
from tests.conftest import FixedClock


@dataclass
class KeepingMailer:
    """Fakes the mail server (a port), not the service under test."""

    sent: list[OutgoingEmail] = field(default_factory=list)
    fail_with: MailNotSent | None = None

    def send(self, message: OutgoingEmail) -> None:
        if self.fail_with is not None:
            raise self.fail_with
        self.sent.append(message)

    def last_code(self) -> str:
        match = re.search(r"(?:Your code|Votre code) ?: (\d+)", self.sent[-1].text)
        assert match, self.sent[-1].text
        return match.group(1)


@dataclass
class OtpDesk:
    factory: sessionmaker[Session]
    service: OtpService
    mailer: KeepingMailer
    secrets: MemorySecretStore
    clock: FixedClock
    registrar: Actor
    student_id: uuid.UUID
    enrollment_id: uuid.UUID

    def actions(self) -> list[AuditEvent]:
        with self.factory() as session:
            return list(session.scalars(sa.select(AuditEvent).order_by(AuditEvent.workstation_id, AuditEvent.sequence)))

    def challenge(self, challenge_id: uuid.UUID) -> OtpChallenge:
        with self.factory() as session:
            found = session.get(OtpChallenge, challenge_id)
            assert found is not None
            return found

    def add_student(self, n: int, *, email: str | None = None, language: str = "en") -> tuple[uuid.UUID, uuid.UUID]:
        """Another student with one enrollment in the same course; returns (student_id, enrollment_id)."""
        return _add_student(self.factory, n, email=email, language=language)


def make_otp_desk(engine: Engine, clock: FixedClock, *, workstation: str = "DESK1", mailer: KeepingMailer | None = None,
                  **settings: object) -> OtpDesk:
    factory = make_session_factory(engine, workstation_id=workstation, clock=clock)
    staff_id = uuid.uuid4()
    with factory() as session, session.begin():
        if session.scalar(sa.select(sa.func.count()).select_from(Course)) == 0:
            session.add(Course(
                id=uuid.UUID(int=100), code="MED-201", name="Maquillage médical avancé", kind="program",
                price_cents=250_000, supply_kind="service", tax_treatment="exempt", tax_basis="ETA Sch. V Part III s.8",
            ))
            session.flush()
            session.add(Section(id=uuid.UUID(int=101), course_id=uuid.UUID(int=100), code="MED-201-2701",
                                start_date=date(2027, 1, 12)))
        session.add(Staff(id=staff_id, username=f"rita-{workstation.lower()}", display_name="Rita Desrosiers",
                          role="registrar", password_hash="argon2-not-used-here"))
    student_id, enrollment_id = _add_student(factory, 1, email="emma.leduc@gmail.com", language="fr") if not _exists(
        factory, "S900001") else _find(factory, "S900001")
    secrets = MemorySecretStore()
    mail = mailer or KeepingMailer()
    service = OtpService(lambda: SqlUnitOfWork(factory), mail, load_settings(workstation_id=workstation, **settings),
                         secrets, clock)
    return OtpDesk(factory, service, mail, secrets, clock, fixture_actor(staff_id, "rita", Role.REGISTRAR, workstation),
                   student_id, enrollment_id)


def _exists(factory: sessionmaker[Session], number: str) -> bool:
    with factory() as session:
        return session.scalar(sa.select(Student.id).where(Student.student_number == number)) is not None


def _find(factory: sessionmaker[Session], number: str) -> tuple[uuid.UUID, uuid.UUID]:
    with factory() as session:
        student = session.scalars(sa.select(Student).where(Student.student_number == number)).one()
        enrollment = session.scalars(sa.select(Enrollment).where(Enrollment.student_id == student.id)).first()
        assert enrollment is not None
        return student.id, enrollment.id


def _add_student(factory: sessionmaker[Session], n: int, *, email: str | None, language: str) -> tuple[uuid.UUID, uuid.UUID]:
    student_id, enrollment_id = uuid.uuid4(), uuid.uuid4()
    with factory() as session, session.begin():
        session.add(Student(
            id=student_id, student_number=f"S{900000 + n}", first_name="Emma" if n == 1 else f"Élève{n}",
            last_name="Leduc", email=email or f"student{n}@example.ca", preferred_language=language,
        ))
        session.flush()
        session.add(Enrollment(
            id=enrollment_id, student_id=student_id, section_id=uuid.UUID(int=101), status="active",
            enrolled_at=datetime(2026, 11, 1, 15, 0, tzinfo=UTC), price_cents=250_000, tax_cents=0,
            total_cents=250_000, supply_kind="service", tax_treatment="exempt", tax_province="ON",
        ))
    return student_id, enrollment_id
