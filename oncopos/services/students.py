"""Finding a student at the desk, and what they owe."""

from __future__ import annotations

import uuid

from oncopos.domain.search import query_terms
from oncopos.services.ports import UnitOfWorkFactory
from oncopos.services.views import EnrollmentSummary, StudentSummary


class StudentDirectory:
    """Search and enrollment reads for the window. Thread-safe: each call has its own unit of work."""

    def __init__(self, uow_factory: UnitOfWorkFactory) -> None:
        self._uow = uow_factory

    def search(self, text: str, limit: int = 50) -> list[StudentSummary]:
        terms = query_terms(text)
        if not terms:
            return []
        with self._uow() as uow:
            return uow.students.search(terms, limit)

    def enrollments(self, student_id: uuid.UUID) -> list[EnrollmentSummary]:
        with self._uow() as uow:
            return uow.students.enrollments(student_id)
