"""One-time code challenges and per-student lockouts, for oncopos.services.otp."""

from __future__ import annotations

import uuid
import weakref
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from oncopos.adapters.db.models.catalogue import Course, Section
from oncopos.adapters.db.models.enrollments import Enrollment
from oncopos.adapters.db.models.messaging import OtpChallenge, OtpLockout
from oncopos.adapters.db.models.people import Staff, Student
from oncopos.adapters.db.session import read_columns
from oncopos.domain.otp import FailureRecord
from oncopos.services.otp_records import Challenge, CodeRecipient

# Challenges that went out to the student: they count against the send throttles.
_SENT = ("pending", "used", "expired", "failed", "superseded", "locked")


class OtpRepository:
    def __init__(self, session: Session) -> None:
        self.session = session
        # The rows this transaction read under a lock, by (table, key): checking a code reads the
        # challenge and the student's lockout once, then changes them (see _held).
        self._rows: tuple[weakref.ref[Any], dict[tuple[str, uuid.UUID], Any]] | None = None

    def recipient(self, enrollment_id: uuid.UUID) -> CodeRecipient | None:
        # Columns on the session's connection: read at every send and every check of a code.
        row = read_columns(self.session, _RECIPIENT, {"enrollment_id": enrollment_id}).first()
        if row is None:
            return None
        return CodeRecipient(
            student_id=row.id,
            student_name=row.preferred_name or row.first_name,
            email=row.email,
            language=row.preferred_language,
            course_name=row.name,
            enrollment_status=row.status,
        )

    # --- challenges ---

    def create(
        self, *, challenge_id: uuid.UUID, student_id: uuid.UUID, enrollment_id: uuid.UUID, payment_id: uuid.UUID | None,
        email: str, amount_cents: int, code_hmac: str, created_at: datetime, expires_at: datetime,
        staff_id: uuid.UUID | None, workstation_id: str,
    ) -> None:
        if staff_id is not None and self.session.get(Staff, staff_id) is None:
            # A staff account made on another desk may not have arrived by sync yet; the column has
            # a foreign key, and the audit trail records the staff id regardless.
            staff_id = None
        challenge = OtpChallenge(
            id=challenge_id, student_id=student_id, enrollment_id=enrollment_id, payment_id=payment_id, email=email,
            amount_cents=amount_cents, code_hmac=code_hmac, created_at=created_at, expires_at=expires_at,
            failed_attempts=0, status="pending", staff_id=staff_id, workstation_id=workstation_id,
        )
        self.session.add(challenge)
        self.session.flush()

    def get(self, challenge_id: uuid.UUID, *, for_update: bool = False) -> Challenge | None:
        row = self._challenge(challenge_id, for_update=for_update)
        return None if row is None else _challenge_record(row)

    def set_status(self, challenge_id: uuid.UUID, status: str, *, confirmed_at: datetime | None = None) -> None:
        row = self._challenge(challenge_id, for_update=True)
        if row is None:
            return  # nothing to mark: the caller has already said the code is unknown
        row.status = status
        if confirmed_at is not None:
            row.confirmed_at = confirmed_at
        self.session.flush()

    def count_failed_attempt(self, challenge_id: uuid.UUID) -> int:
        """One more wrong code on this challenge; returns how many it has had."""
        row = self._challenge(challenge_id, for_update=True)
        assert row is not None, "a wrong code is counted on a challenge just read"
        row.failed_attempts += 1
        self.session.flush()
        return row.failed_attempts

    def _challenge(self, challenge_id: uuid.UUID, *, for_update: bool) -> OtpChallenge | None:
        held = self._held()
        if ("challenge", challenge_id) in held:
            return held["challenge", challenge_id]
        query = sa.select(OtpChallenge).where(OtpChallenge.id == challenge_id)
        if for_update:
            query = query.with_for_update()
        row = self.session.scalars(query).first()
        if for_update:  # the transaction has begun with the query, if it had not before
            self._held()["challenge", challenge_id] = row
        return row

    def _held(self) -> dict[tuple[str, uuid.UUID], Any]:
        """The rows (or their absence) read FOR UPDATE in this transaction: locked until it ends, so
        they are what the database holds and need no second SELECT; a new transaction reads anew."""
        transaction = self.session.get_transaction()
        if transaction is None:
            return {}
        if self._rows is None or self._rows[0]() is not transaction:
            self._rows = (weakref.ref(transaction), {})
        return self._rows[1]

    def supersede_pending(self, student_id: uuid.UUID) -> list[uuid.UUID]:
        """Kill every live code of the student: only the newest code may confirm a payment."""
        live = self.session.scalars(
            sa.select(OtpChallenge)
            .where(OtpChallenge.student_id == student_id, OtpChallenge.status == "pending")
            .with_for_update()
        ).all()
        for challenge in live:
            challenge.status = "superseded"
        return [c.id for c in live]

    def sends_by_student_and_desk(self, since: datetime, student_id: uuid.UUID) -> tuple[list[datetime], list[datetime]]:
        """(the student's sends, every send of this database) since `since`, oldest first, in one read:
        the desk's sends of an hour are few (its throttle caps them), the student's are among them."""
        rows = read_columns(self.session, _SENDS_SINCE, {"since": since}).all()
        return [r.created_at for r in rows if r.student_id == student_id], [r.created_at for r in rows]

    def sends_since(self, since: datetime, *, student_id: uuid.UUID | None = None,
                    workstation_id: str | None = None) -> list[datetime]:
        query = sa.select(OtpChallenge.created_at).where(
            OtpChallenge.created_at > since, OtpChallenge.status.in_(_SENT)
        )
        if student_id is not None:
            query = query.where(OtpChallenge.student_id == student_id)
        if workstation_id is not None:
            query = query.where(OtpChallenge.workstation_id == workstation_id)
        return list(self.session.scalars(query.order_by(OtpChallenge.created_at)))

    # --- lockouts ---

    def failures(self, student_id: uuid.UUID, *, for_update: bool = False) -> FailureRecord:
        row = self._lockout(student_id, for_update=for_update)
        if row is None:
            return FailureRecord()
        return FailureRecord(
            failures=row.failures,
            window_start=row.window_start,
            lock_level=row.lock_level,
            locked_until=row.locked_until,
            last_locked_at=row.last_locked_at,
        )

    def save_failures(self, student_id: uuid.UUID, record: FailureRecord, *, at: datetime) -> None:
        row = self._lockout(student_id, for_update=True)
        if row is None:
            if record == FailureRecord():
                return  # no row is no wrong code: a success of a student who never failed writes nothing
            row = OtpLockout(student_id=student_id)
            self.session.add(row)
            self._held()["lockout", student_id] = row
        row.failures = record.failures
        row.window_start = record.window_start
        row.lock_level = record.lock_level
        row.locked_until = record.locked_until
        row.last_locked_at = record.last_locked_at
        row.updated_at = at
        self.session.flush()

    def _lockout(self, student_id: uuid.UUID, *, for_update: bool) -> OtpLockout | None:
        held = self._held()
        if ("lockout", student_id) in held:
            return held["lockout", student_id]
        query = sa.select(OtpLockout).where(OtpLockout.student_id == student_id)
        if for_update:
            query = query.with_for_update()
        row = self.session.scalars(query).first()
        if for_update:  # the transaction has begun with the query, if it had not before
            self._held()["lockout", student_id] = row
        return row


_RECIPIENT = (sa.select(Student.id, Student.preferred_name, Student.first_name, Student.email,
                        Student.preferred_language, Enrollment.status, Course.name)
              .join(Enrollment, Enrollment.student_id == Student.id)
              .join(Section, Enrollment.section_id == Section.id)
              .join(Course, Section.course_id == Course.id)
              .where(Enrollment.id == sa.bindparam("enrollment_id")))
_SENDS_SINCE = (sa.select(OtpChallenge.created_at, OtpChallenge.student_id)
                .where(OtpChallenge.created_at > sa.bindparam("since"), OtpChallenge.status.in_(_SENT))
                .order_by(OtpChallenge.created_at))


def _challenge_record(row: OtpChallenge) -> Challenge:
    return Challenge(
        id=row.id, student_id=row.student_id, enrollment_id=row.enrollment_id, email=row.email,
        amount_cents=row.amount_cents, code_hmac=row.code_hmac, expires_at=row.expires_at, status=row.status,
        failed_attempts=row.failed_attempts,
    )
