"""Overpayment flags for managers and the end-of-day report (raised by the central database)."""

from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from oncopos.adapters.db.models.catalogue import Course, Section
from oncopos.adapters.db.models.enrollments import Enrollment
from oncopos.adapters.db.models.people import Student
from oncopos.adapters.db.models.sync import OverpaymentFlag
from oncopos.services.records import OverpaymentView


class OverpaymentRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def open_flags(self) -> list[OverpaymentView]:
        """Every overpayment not yet settled, oldest first."""
        return self._views(OverpaymentFlag.status == "open")

    def detected_between(self, start: datetime, end: datetime) -> list[OverpaymentView]:
        """Flags raised or updated in [start, end): what a day's end-of-day report lists."""
        return self._views(OverpaymentFlag.detected_at >= start, OverpaymentFlag.detected_at < end)

    def get(self, flag_id: uuid.UUID) -> OverpaymentView | None:
        found = self._views(OverpaymentFlag.id == flag_id)
        return found[0] if found else None

    def resolve(self, flag_id: uuid.UUID, *, at: datetime, by: uuid.UUID | None, note: str) -> None:
        """Record how an overpayment was settled (a new version of the flag, which syncs)."""
        flag = self.session.get(OverpaymentFlag, flag_id)
        if flag is None:
            return  # the caller read it in this transaction; nothing to settle
        flag.status, flag.resolved_at, flag.resolved_by, flag.resolution_note = "resolved", at, by, note
        self.session.flush()

    def _views(self, *where: sa.ColumnElement[bool]) -> list[OverpaymentView]:
        rows = self.session.execute(
            sa.select(OverpaymentFlag, Student, Course)
            .join(Enrollment, OverpaymentFlag.enrollment_id == Enrollment.id)
            .join(Student, Enrollment.student_id == Student.id)
            .join(Section, Enrollment.section_id == Section.id)
            .join(Course, Section.course_id == Course.id)
            .where(*where)
            .order_by(OverpaymentFlag.detected_at, OverpaymentFlag.id)
        ).all()
        return [to_view(flag, student, course) for flag, student, course in rows]


def to_view(flag: OverpaymentFlag, student: Student, course: Course) -> OverpaymentView:
    return OverpaymentView(
        id=flag.id,
        enrollment_id=flag.enrollment_id,
        student_id=student.id,
        student_number=student.student_number,
        student_name=f"{student.preferred_name or student.first_name} {student.last_name}",
        course_code=course.code,
        total_cents=flag.total_cents,
        paid_cents=flag.paid_cents,
        refunded_cents=flag.refunded_cents,
        over_cents=flag.over_cents,
        workstations=tuple(flag.workstations),
        detected_at=flag.detected_at,
        status=flag.status,
        resolved_at=flag.resolved_at,
        resolution_note=flag.resolution_note,
    )
