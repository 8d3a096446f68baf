"""Shared by the payment tests and the crash driver: a registrar, and one enrollment in a real database."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from sqlalchemy.orm import Session, sessionmaker

from oncopos.adapters.db.models.catalogue import Course, Section
from oncopos.adapters.db.models.enrollments import Enrollment
from oncopos.adapters.db.models.people import Student
from oncopos.domain.access import Actor, Role
from oncopos.domain.tax import TaxLine, quote

REGISTRAR = Actor(staff_id=None, username="rita", role=Role.REGISTRAR, workstation_id="DESK1")


def add_enrollment(factory: sessionmaker[Session], *, price_cents: int = 100_000, province: str = "ON",
                   email: str = "ada.student@example.ca", paid_cents: int = 0) -> uuid.UUID:
    """A student enrolled in a taxable course given in `province`; returns the enrollment id."""
    enrolled = date(2026, 10, 1)
    q = quote([TaxLine(price_cents, "service", "taxable")], province, enrolled)
    with factory() as session, session.begin():
        course = Course(id=uuid.uuid4(), code=f"ONC-{uuid.uuid4().hex[:5]}", name="Oncology aesthetics: module 1",
                        kind="program", price_cents=price_cents, supply_kind="service", tax_treatment="taxable",
                        delivery_province=province)
        section = Section(id=uuid.uuid4(), course=course, code=f"S-{uuid.uuid4().hex[:8]}", start_date=date(2027, 1, 12))
        student = Student(id=uuid.uuid4(), student_number=f"S{uuid.uuid4().int % 10**6:06d}", first_name="Ada",
                          last_name="Student", email=email, preferred_language="en")
        enrollment = Enrollment(
            id=uuid.uuid4(), student=student, section=section, status="active",
            enrolled_at=datetime(2026, 10, 1, 15, tzinfo=UTC), price_cents=q.subtotal_cents,
            tax_cents=q.tax_cents, total_cents=q.total_cents, supply_kind="service", tax_treatment="taxable",
            tax_province=province,
            tax_components=[{"name": c.name, "rate": str(c.rate), "base_cents": c.base_cents,
                             "amount_cents": c.amount_cents} for c in q.components])
        session.add_all([course, section, student, enrollment])
        return enrollment.id
