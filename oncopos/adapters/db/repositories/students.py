"""Finding students and reading their enrollments with balances."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.orm import Session

from oncopos.adapters.db.models import Course, Enrollment, Payment, Refund, Section, Student, StudentSearchTerm
from oncopos.domain.enrollment import compute_balance
from oncopos.services.views import EnrollmentSummary, StudentSummary

# Above every character a search word can hold ([a-z0-9]), so [word, word + HIGH) is "starts with".
_HIGH = "\U0010ffff"


class StudentRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def search(self, terms: Sequence[str], limit: int) -> list[StudentSummary]:
        """Students having, for every term, a word that starts with it; by name."""
        if not terms:
            return []
        matches = [
            sa.select(StudentSearchTerm.student_id).where(
                StudentSearchTerm.term >= term, StudentSearchTerm.term < term + _HIGH
            )
            for term in terms
        ]
        ids = matches[0] if len(matches) == 1 else sa.intersect(*matches)
        query = (
            sa.select(Student)
            .where(Student.id.in_(ids))
            .order_by(Student.sort_name, Student.id)
            .limit(limit)
        )
        return [to_summary(s) for s in self.session.scalars(query)]

    def get(self, student_id: uuid.UUID) -> Student | None:
        return self.session.get(Student, student_id)

    def enrollments(self, student_id: uuid.UUID) -> list[EnrollmentSummary]:
        rows = self.session.execute(
            sa.select(Enrollment, Section, Course)
            .join(Section, Enrollment.section_id == Section.id)
            .join(Course, Section.course_id == Course.id)
            .where(Enrollment.student_id == student_id)
            .order_by(Section.start_date.desc(), Course.code)
        ).all()
        enrollment_ids = [e.id for e, _s, _c in rows]
        paid = self._sums(
            sa.select(Payment.enrollment_id, sa.func.sum(Payment.amount_cents))
            .where(Payment.enrollment_id.in_(enrollment_ids), Payment.status == "succeeded")
            .group_by(Payment.enrollment_id)
        )
        refunded = self._sums(
            sa.select(Payment.enrollment_id, sa.func.sum(Refund.amount_cents))
            .join(Refund, Refund.payment_id == Payment.id)
            .where(Payment.enrollment_id.in_(enrollment_ids), Refund.status == "succeeded")
            .group_by(Payment.enrollment_id)
        )
        result = []
        for enrollment, section, course in rows:
            balance = compute_balance(enrollment.total_cents, [paid.get(enrollment.id, 0)], [refunded.get(enrollment.id, 0)])
            result.append(
                EnrollmentSummary(
                    id=enrollment.id,
                    student_id=enrollment.student_id,
                    course_code=course.code,
                    course_name=course.name,
                    section_label=section_label(section),
                    start_date=section.start_date,
                    status=enrollment.status,
                    price_cents=enrollment.price_cents,
                    tax_cents=enrollment.tax_cents,
                    total_cents=enrollment.total_cents,
                    paid_cents=balance.paid_cents,
                    refunded_cents=balance.refunded_cents,
                    balance_cents=balance.balance_cents,
                    tax_treatment=enrollment.tax_treatment,
                    tax_province=enrollment.tax_province,
                )
            )
        return result

    def _sums(self, query: sa.Select) -> dict[uuid.UUID, int]:  # type: ignore[type-arg]
        return {key: int(total or 0) for key, total in self.session.execute(query)}


def to_summary(student: Student) -> StudentSummary:
    return StudentSummary(
        id=student.id,
        student_number=student.student_number,
        first_name=student.first_name,
        last_name=student.last_name,
        preferred_name=student.preferred_name,
        email=student.email,
        phone=student.phone,
        preferred_language=student.preferred_language,
    )


def section_label(section: Section) -> str:
    parts = []
    if section.start_date and section.end_date and section.end_date != section.start_date:
        parts.append(f"{section.start_date.isoformat()} to {section.end_date.isoformat()}")
    elif section.start_date:
        parts.append(section.start_date.isoformat())
    if section.location:
        parts.append(section.location)
    return ", ".join(parts) or section.code
