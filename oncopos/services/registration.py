"""Adding and correcting students at the desk.

A likely duplicate (the same email, or the same name and phone) stops the save and is shown to
the registrar, who either opens the existing record or confirms this is another person; a student
is never created twice in silence. Every change is audited with the old and the new values.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Collection
from datetime import date
from zoneinfo import ZoneInfo

from oncopos.domain.access import Actor, Permission
from oncopos.domain.contact import display_phone, email_key
from oncopos.domain.errors import NotFound, UserFacingError
from oncopos.domain.messages import msg
from oncopos.domain.search import sort_name
from oncopos.domain.student_record import StudentDetails, StudentDraft, validate_student
from oncopos.services.guard import open_to_all, requires
from oncopos.services.ports import Clock, UnitOfWork, UnitOfWorkFactory
from oncopos.services.records import StudentSummary
from oncopos.services.registration_records import StudentRecord

log = logging.getLogger(__name__)


class LikelyDuplicate(UserFacingError):
    """Students who may be the same person; `matches` are shown before anything is saved."""

    def __init__(self, matches: list[StudentSummary], details: StudentDetails) -> None:
        first = matches[0]
        why = "the same email" if email_key(first.email) == email_key(details.email) else "the same name and phone"
        more = f" and {len(matches) - 1} more" if len(matches) > 1 else ""
        super().__init__(
            f"{first.display_name} ({first.student_number}, {first.email}) has {why}{more}. "
            "Open the existing record, or confirm that this is a different person and save again."
        )
        self.matches = matches
        self.reason = why  # "the same email" or "the same name and phone"


class EditConflict(UserFacingError):
    """The record changed at another desk while this one was editing it."""


class RegistrationService:
    """Thread-safe: every call has its own unit of work (the window calls it from a worker thread)."""

    def __init__(self, uow_factory: UnitOfWorkFactory, *, clock: Clock, series: str, timezone: ZoneInfo) -> None:
        self._uow = uow_factory
        self._clock = clock
        self._series = series
        self._tz = timezone

    @open_to_all("the business date in the desk's time zone: no data")
    def today(self) -> date:
        """The business date: what "today" means at the school, not in UTC."""
        return self._clock().astimezone(self._tz).date()

    @requires(Permission.SEARCH_STUDENTS)
    def get_student(self, actor: Actor, student_id: uuid.UUID) -> StudentRecord:
        with self._uow() as uow:
            record = uow.student_records.get_record(student_id)
        if record is None:
            raise NotFound(msg("student.gone"))
        return record

    @requires(Permission.EDIT_STUDENTS)
    def find_duplicates(self, actor: Actor, draft: StudentDraft, *, student_id: uuid.UUID | None = None) -> list[StudentSummary]:
        """Likely duplicates of what was typed (checked first, so the editor can warn before Save)."""
        details = validate_student(draft, today=self.today())
        with self._uow() as uow:
            return self._duplicates(uow, details, student_id)

    @requires(Permission.EDIT_STUDENTS)
    def add_student(
        self, actor: Actor, draft: StudentDraft, *, not_duplicate_of: Collection[uuid.UUID] = ()
    ) -> StudentRecord:
        """Register a new student with the next number of this desk's series.

        Raises `FieldErrors` for what was typed wrong, `LikelyDuplicate` unless every likely
        duplicate is in `not_duplicate_of` (the registrar looked and said "another person").
        """
        details = validate_student(draft, today=self.today())
        with self._uow() as uow:
            matches = self._duplicates(uow, details, None)
            unconfirmed = [m for m in matches if m.id not in set(not_duplicate_of)]
            if unconfirmed:
                raise LikelyDuplicate(unconfirmed, details)
            number = uow.student_records.next_student_number(self._series)
            student = uow.student_records.add(details, number)
            audit_details: dict[str, object] = {"student_number": number, "values": _audit_values(details.as_dict())}
            if matches:
                audit_details["confirmed_not_duplicate_of"] = sorted(str(m.id) for m in matches)
            uow.audit.record(
                actor, "student.created", at=self._clock(), subject_type="student", subject_id=student.id, details=audit_details
            )
            record = student
            uow.commit()
        log.info("student %s registered at %s", student.id, actor.workstation_id)
        return record

    @requires(Permission.EDIT_STUDENTS)
    def update_student(
        self,
        actor: Actor,
        student_id: uuid.UUID,
        draft: StudentDraft,
        *,
        expected_version: int | None = None,
        not_duplicate_of: Collection[uuid.UUID] = (),
    ) -> StudentRecord:
        """Correct a student's details; audited with each changed field's old and new value."""
        details = validate_student(draft, today=self.today())
        with self._uow() as uow:
            current = uow.student_records.get_record(student_id)
            if current is None:
                raise NotFound(msg("student.gone"))
            if expected_version is not None and current.version != expected_version:
                raise EditConflict(
                    msg("student.changed_elsewhere", first_name=current.first_name, last_name=current.last_name)
                )
            identity_changed = (
                email_key(current.email) != email_key(details.email)
                or sort_name(current.last_name, current.first_name) != sort_name(details.last_name, details.first_name)
                or current.phone != details.phone
            )
            if identity_changed:
                unconfirmed = [
                    m for m in self._duplicates(uow, details, student_id) if m.id not in set(not_duplicate_of)
                ]
                if unconfirmed:
                    raise LikelyDuplicate(unconfirmed, details)
            record, changes = uow.student_records.update(student_id, details)
            if not changes:
                return current
            uow.audit.record(
                actor, "student.updated", at=self._clock(), subject_type="student", subject_id=student_id,
                details={"student_number": current.student_number, "changes": changes},
            )
            uow.commit()
        log.info("student %s updated (%s)", student_id, ", ".join(sorted(changes)))
        return record

    def _duplicates(self, uow: UnitOfWork, details: StudentDetails, exclude: uuid.UUID | None) -> list[StudentSummary]:
        return uow.student_records.likely_duplicates(
            email=details.email, first_name=details.first_name, last_name=details.last_name, phone=details.phone,
            exclude=exclude,
        )


def describe_match(student: StudentSummary) -> str:
    """One line per existing record in the duplicate warning."""
    phone = display_phone(student.phone)
    return " · ".join(part for part in (student.student_number, student.display_name, student.email, phone) if part)


def _audit_values(values: dict[str, object]) -> dict[str, object]:
    return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in values.items() if v is not None}
