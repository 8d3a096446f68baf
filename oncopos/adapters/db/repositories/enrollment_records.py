"""Writing enrollments, withdrawals, transfers and credit; the seat lock that keeps capacity true."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from oncopos.adapters.db.ledger import enrollment_ledger
from oncopos.adapters.db.models.catalogue import Section
from oncopos.adapters.db.models.enrollments import Enrollment, EnrollmentChange, StudentCredit
from oncopos.adapters.db.models.payments import Payment, PaymentAllocation
from oncopos.domain.enrollment_rules import SEAT_HOLDING
from oncopos.domain.ledger import EnrollmentLedger
from oncopos.services.registration_records import CreditEntry, EnrollmentRecord


class EnrollmentRecordRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def lock_sections(self, *section_ids: uuid.UUID) -> None:
        """Serialise everything that takes a seat in these sections until the transaction ends.

        An UPDATE that changes nothing still takes the row lock on PostgreSQL, and on SQLite it
        takes the database's write lock; either way a second desk enrolling in the same section
        waits here, then counts seats after the first has committed. Call it first in the unit of
        work: on SQLite (WAL) a transaction that has already read cannot wait for the lock.
        Sorted, so two transfers in opposite directions cannot deadlock.
        """
        for section_id in sorted(section_ids):
            self.session.execute(
                sa.update(Section)
                .where(Section.id == section_id)
                .values(capacity=Section.capacity)
                .execution_options(synchronize_session=False)
            )

    def seats_taken(self, section_id: uuid.UUID) -> int:
        return int(
            self.session.scalar(
                sa.select(sa.func.count())
                .select_from(Enrollment)
                .where(Enrollment.section_id == section_id, Enrollment.status.in_(SEAT_HOLDING))
            )
            or 0
        )

    def get(self, enrollment_id: uuid.UUID) -> EnrollmentRecord | None:
        return self._record(Enrollment.id == enrollment_id)

    def holding_in_course(self, student_id: uuid.UUID, course_id: uuid.UUID) -> EnrollmentRecord | None:
        """The student's active enrollment in any section of the course, if there is one."""
        return self._record(Enrollment.student_id == student_id, Section.course_id == course_id,
                            Enrollment.status == "active")

    def add(self, **values: Any) -> uuid.UUID:
        enrollment = Enrollment(id=uuid.uuid4(), **values)
        self.session.add(enrollment)
        self.session.flush()
        return enrollment.id

    def set_status(self, enrollment_id: uuid.UUID, status: str) -> None:
        self._row(enrollment_id).status = status
        self.session.flush()

    def move(self, enrollment_id: uuid.UUID, section_id: uuid.UUID) -> None:
        """Put the enrollment in another section of the same course (its price and payments stay)."""
        self._row(enrollment_id).section_id = section_id
        self.session.flush()

    def _row(self, enrollment_id: uuid.UUID) -> Enrollment:
        row = self.session.get(Enrollment, enrollment_id)
        if row is None:
            raise LookupError(enrollment_id)
        return row

    def _record(self, *where: sa.ColumnElement[bool]) -> EnrollmentRecord | None:
        row = self.session.execute(
            sa.select(Enrollment, Section.code, Section.course_id)
            .join(Section, Enrollment.section_id == Section.id)
            .where(*where)
            .limit(1)
        ).first()
        if row is None:
            return None
        e, code, course_id = row
        return EnrollmentRecord(e.id, e.student_id, e.section_id, code, course_id, e.status)

    def ledger(self, enrollment_id: uuid.UUID) -> EnrollmentLedger:
        """Succeeded payments and refunds of the enrollment, from every desk synced so far."""
        return enrollment_ledger(self.session, enrollment_id)

    def payments_in_flight(self, enrollment_id: uuid.UUID) -> int:
        """Payments started and not finished: a withdrawal must wait for them to settle."""
        return int(
            self.session.scalar(
                sa.select(sa.func.count())
                .select_from(Payment)
                .where(
                    sa.or_(Payment.enrollment_id == enrollment_id,
                           Payment.id.in_(sa.select(PaymentAllocation.payment_id)
                                          .where(PaymentAllocation.enrollment_id == enrollment_id))),
                    Payment.status.in_(("quoted", "code_sent", "confirmed", "processing")),
                )
            )
            or 0
        )

    def add_change(self, **values: Any) -> uuid.UUID:
        change = EnrollmentChange(id=uuid.uuid4(), **values)
        self.session.add(change)
        self.session.flush()
        return change.id

    def add_credit(
        self,
        student_id: uuid.UUID,
        amount_cents: int,
        kind: str,
        *,
        at: datetime,
        enrollment_id: uuid.UUID | None = None,
        change_id: uuid.UUID | None = None,
        note: str = "",
    ) -> uuid.UUID:
        credit = StudentCredit(
            id=uuid.uuid4(), student_id=student_id, amount_cents=amount_cents, kind=kind, at=at,
            enrollment_id=enrollment_id, change_id=change_id, note=note,
        )
        self.session.add(credit)
        self.session.flush()
        return credit.id

    def credit_balance(self, student_id: uuid.UUID) -> int:
        total = self.session.scalar(
            sa.select(sa.func.coalesce(sa.func.sum(StudentCredit.amount_cents), 0)).where(StudentCredit.student_id == student_id)
        )
        return int(total or 0)

    def credit_entries(self, student_id: uuid.UUID) -> list[CreditEntry]:
        rows = self.session.scalars(
            sa.select(StudentCredit).where(StudentCredit.student_id == student_id).order_by(StudentCredit.at, StudentCredit.id)
        )
        return [CreditEntry(r.amount_cents, r.kind, r.note, r.at.isoformat()) for r in rows]
