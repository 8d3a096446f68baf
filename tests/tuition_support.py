"""A school's year for tuition-slip tests: courses with their tuition class, sections with dates and
weekly hours, students, enrollments with their price and tax, payments, refunds and withdrawals,
written as rows the way the desk writes them."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from sqlalchemy.orm import Session, sessionmaker

from oncopos.adapters.db.models.catalogue import Course, Section
from oncopos.adapters.db.models.enrollments import Enrollment, EnrollmentChange
from oncopos.adapters.db.models.payments import Payment, Refund
from oncopos.adapters.db.models.people import Student

#: A SIN that passes the check digit (the example the domain tests use).
GOOD_SIN = "130 692 544"


def add_student(factory: sessionmaker[Session], *, first: str = "Ada", last: str = "Tremblay",
                born: date | None = date(1994, 4, 2), language: str = "en", address: str | None = "12 Rue Saint-Denis",
                email: str = "ada.student@example.ca") -> uuid.UUID:
    with factory() as session, session.begin():
        student = Student(id=uuid.uuid4(), student_number=f"S{uuid.uuid4().int % 10**6:06d}", first_name=first,
                          last_name=last, email=email, preferred_language=language, address_line1=address,
                          city="Montréal", province="QC", postal_code="H2X 1K4", date_of_birth=born)
        session.add(student)
        return student.id


def add_study(factory: sessionmaker[Session], student_id: uuid.UUID, *, name: str, starts: date, ends: date,
              minutes_per_week: int | None, price_cents: int, tax_cents: int = 0, tuition_class: str = "occupational",
              kind: str = "program") -> uuid.UUID:
    """An enrollment of the student in a new course and section; returns the enrollment id."""
    with factory() as session, session.begin():
        course = Course(id=uuid.uuid4(), code=f"C-{uuid.uuid4().hex[:6].upper()}", name=name, kind=kind,
                        price_cents=price_cents, supply_kind="goods" if kind == "kit" else "service",
                        tax_treatment="taxable" if tax_cents else "exempt", tuition_class=tuition_class)
        section = Section(id=uuid.uuid4(), course=course, code=f"S-{uuid.uuid4().hex[:8].upper()}", start_date=starts,
                          end_date=ends, minutes_per_week=minutes_per_week)
        enrollment = Enrollment(id=uuid.uuid4(), student_id=student_id, section=section, status="active",
                                enrolled_at=datetime(starts.year, 1, 2, 15, tzinfo=UTC), price_cents=price_cents,
                                tax_cents=tax_cents, total_cents=price_cents + tax_cents, supply_kind="service",
                                tax_treatment="taxable" if tax_cents else "exempt", tax_province="QC")
        session.add_all([course, section, enrollment])
        return enrollment.id


def pay(factory: sessionmaker[Session], enrollment_id: uuid.UUID, amount_cents: int, *,
        at: datetime = datetime(2026, 1, 5, 15, tzinfo=UTC), status: str = "succeeded") -> uuid.UUID:
    with factory() as session, session.begin():
        payment = Payment(id=uuid.uuid4(), enrollment_id=enrollment_id, workstation_id="DESK1",
                          amount_cents=amount_cents, method="cash", status=status,
                          idempotency_key=f"test-{uuid.uuid4()}", completed_at=at)
        session.add(payment)
        return payment.id


def refund(factory: sessionmaker[Session], payment_id: uuid.UUID, amount_cents: int, *,
           at: datetime = datetime(2027, 2, 1, 15, tzinfo=UTC)) -> None:
    with factory() as session, session.begin():
        session.add(Refund(id=uuid.uuid4(), payment_id=payment_id, workstation_id="DESK1", amount_cents=amount_cents,
                           reason="requested_by_customer", status="succeeded", idempotency_key=f"test-{uuid.uuid4()}",
                           completed_at=at))


def withdraw(factory: sessionmaker[Session], enrollment_id: uuid.UUID, *, at: datetime, credit_cents: int = 0,
             paid_cents: int = 0) -> None:
    with factory() as session, session.begin():
        enrollment = session.get(Enrollment, enrollment_id)
        assert enrollment is not None
        enrollment.status = "withdrawn"
        session.add(EnrollmentChange(id=uuid.uuid4(), enrollment_id=enrollment_id, kind="withdrawal",
                                     from_section_id=enrollment.section_id, reason="moved away", paid_cents=paid_cents,
                                     credit_cents=credit_cents, at=at, workstation_id="DESK1"))
