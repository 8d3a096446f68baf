"""What the services need from the outside world, as protocols the adapters (and fakes) fulfil."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Protocol

from oncopos.services.views import EnrollmentSummary, StudentSummary

Clock = Callable[[], datetime]


class StudentReader(Protocol):
    def search(self, terms: Sequence[str], limit: int) -> list[StudentSummary]: ...

    def enrollments(self, student_id: uuid.UUID) -> list[EnrollmentSummary]: ...


class UnitOfWork(Protocol):
    """A transaction: rolled back on exit unless committed."""

    students: StudentReader

    def __enter__(self) -> UnitOfWork: ...

    def __exit__(self, *exc_info: object) -> None: ...

    def commit(self) -> None: ...


UnitOfWorkFactory = Callable[[], UnitOfWork]
