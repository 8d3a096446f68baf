"""Adding and editing students: numbers from the desk's series, likely duplicates, old and new values."""

from __future__ import annotations

import uuid
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session

from oncopos.adapters.db.models.people import Student, StudentNumberCounter, StudentSearchTerm
from oncopos.adapters.db.repositories.students import to_summary
from oncopos.domain.contact import email_key
from oncopos.domain.search import MAX_TERM_LENGTH, sort_name, words
from oncopos.domain.student_record import StudentDetails, format_student_number
from oncopos.services.records import StudentSummary
from oncopos.services.registration_records import StudentRecord

#: The columns an edit may change, in the order the audit trail lists them.
EDITABLE = (
    "first_name", "last_name", "preferred_name", "email", "phone", "address_line1", "address_line2",
    "city", "province", "postal_code", "date_of_birth", "preferred_language",
)


class StudentRecordRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def lock_numbering(self, series: str) -> None:
        """Take the desk's write lock before anything is read (SQLite: a write first; PostgreSQL:
        the counter row). A long transaction such as an import then cannot fail half-way on a
        lock another registration took after it started reading."""
        self.session.execute(
            sa.update(StudentNumberCounter)
            .where(StudentNumberCounter.series == series)
            .values(next_number=StudentNumberCounter.next_number)
            .execution_options(synchronize_session=False)
        )

    def next_student_number(self, series: str) -> str:
        """The next free number of `series`, counted in the caller's transaction.

        The counter row is locked (FOR UPDATE on PostgreSQL; SQLite has one writer at a time), so
        two registrations on this desk never get the same number. Numbers already taken (a row
        synced from a desk misconfigured with the same series, an import) are skipped.
        """
        counter = self.session.scalars(
            sa.select(StudentNumberCounter).where(StudentNumberCounter.series == series).with_for_update()
        ).one_or_none()
        if counter is None:
            counter = StudentNumberCounter(series=series, next_number=1)
            self.session.add(counter)
        while True:
            number = format_student_number(series, counter.next_number)
            counter.next_number += 1
            taken = self.session.scalar(sa.select(sa.func.count()).where(Student.student_number == number))
            if not taken:
                return number

    def add(self, details: StudentDetails, student_number: str) -> StudentRecord:
        student = Student(id=uuid.uuid4(), student_number=student_number, **details.as_dict())
        # The session hook recomputes it; set here too so the object is complete before a flush.
        student.sort_name = sort_name(details.last_name, details.first_name)
        self.session.add(student)
        self.session.flush()
        return to_record(student)

    def get_record(self, student_id: uuid.UUID) -> StudentRecord | None:
        student = self.session.get(Student, student_id)
        return to_record(student) if student else None

    def update(self, student_id: uuid.UUID, details: StudentDetails) -> tuple[StudentRecord, dict[str, dict[str, object]]]:
        """Apply `details`; returns the student and {field: {"old": ..., "new": ...}} of what changed."""
        student = self.session.get(Student, student_id, with_for_update=True)
        if student is None:
            raise LookupError(student_id)
        new_values = details.as_dict()
        changes: dict[str, dict[str, object]] = {}
        for name in EDITABLE:
            old, new = getattr(student, name), new_values[name]
            if old != new:
                changes[name] = {"old": _plain(old), "new": _plain(new)}
                setattr(student, name, new)
        if changes:
            self.session.flush()
        return to_record(student), changes

    def likely_duplicates(
        self,
        *,
        email: str,
        first_name: str,
        last_name: str,
        phone: str | None,
        exclude: uuid.UUID | None = None,
        limit: int = 10,
    ) -> list[StudentSummary]:
        """Students with the same email (any case), or the same name (accents and case aside) and phone.

        Both halves use an index, so the check stays instant at 100,000 students: the name by
        `sort_name`, the email through the search words (an exact word of the address narrows
        the candidates before the case-insensitive comparison, which no plain index can serve).
        """
        found: dict[uuid.UUID, Student] = {}
        same_email = sa.func.lower(Student.email) == email_key(email)
        local_words = words(email.split("@")[0])
        if local_words:
            word = max(local_words, key=len)[:MAX_TERM_LENGTH]
            candidates = sa.select(StudentSearchTerm.student_id).where(StudentSearchTerm.term == word)
            same_email = sa.and_(Student.id.in_(candidates), same_email)
        queries = [sa.select(Student).where(same_email)]
        if phone:
            queries.append(
                sa.select(Student).where(Student.sort_name == sort_name(last_name, first_name), Student.phone == phone)
            )
        for candidate_query in queries:
            query = candidate_query if exclude is None else candidate_query.where(Student.id != exclude)
            for student in self.session.scalars(query.limit(limit)):
                found[student.id] = student
        ordered = sorted(found.values(), key=lambda s: (s.sort_name, str(s.id)))[:limit]
        return [to_summary(s) for s in ordered]


def to_record(student: Student) -> StudentRecord:
    return StudentRecord(
        id=student.id,
        student_number=student.student_number,
        first_name=student.first_name,
        last_name=student.last_name,
        preferred_name=student.preferred_name,
        email=student.email,
        phone=student.phone,
        address_line1=student.address_line1,
        address_line2=student.address_line2,
        city=student.city,
        province=student.province,
        postal_code=student.postal_code,
        date_of_birth=student.date_of_birth,
        preferred_language=student.preferred_language,
        version=student.version,
    )


def _plain(value: object) -> object:
    # The audit trail stores JSON: dates as ISO text, so the old value reads the same everywhere.
    return value.isoformat() if isinstance(value, date) else value
