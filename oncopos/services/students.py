"""Finding a student at the desk, and what they owe.

Both read students' personal information, so both need the permission to look students up, and
each search is recorded in the audit trail (who searched for what, how many students it showed):
the access log PIPEDA asks for, beside the "student.viewed" event of opening a record.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime

from oncopos.domain.access import Actor, Permission
from oncopos.domain.search import query_terms
from oncopos.services.guard import requires
from oncopos.services.ports import UnitOfWorkFactory
from oncopos.services.records import EnrollmentSummary, StudentSummary

Clock = Callable[[], datetime]


def _utc_now() -> datetime:
    return datetime.now(UTC)


class StudentDirectory:
    """Search and enrollment reads for the window. Thread-safe: each call has its own unit of work."""

    def __init__(self, uow_factory: UnitOfWorkFactory, *, clock: Clock = _utc_now) -> None:
        self._uow = uow_factory
        self._clock = clock

    @requires(Permission.SEARCH_STUDENTS)
    def search(self, actor: Actor, text: str, limit: int = 50) -> list[StudentSummary]:
        terms = query_terms(text)
        if not terms:
            return []
        with self._uow() as uow:
            found = uow.students.search(terms, limit)
            uow.audit.record(actor, "students.searched", at=self._clock(),
                             details={"query": text.strip()[:100], "shown": len(found)})
            uow.commit()
        return found

    @requires(Permission.SEARCH_STUDENTS)
    def enrollments(self, actor: Actor, student_id: uuid.UUID) -> list[EnrollmentSummary]:
        with self._uow() as uow:
            return uow.students.enrollments(student_id)
