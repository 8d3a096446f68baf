"""Importing the school's existing student list: a preview with every row's problems, then all or nothing.

The preview and the import run the same checks; the import runs them again inside its one
transaction (sections locked), so a seat taken at another desk between the two is caught, and
a file with any bad row imports nothing at all.
"""

from __future__ import annotations

import logging
import uuid
from collections import Counter
from dataclasses import dataclass
from typing import Any

from oncopos.domain.access import Actor, Permission
from oncopos.domain.errors import UserCancelled, UserFacingError
from oncopos.domain.messages import Count, Day, Message, msg, render
from oncopos.domain.student_import import ImportRow, parse_student_csv
from oncopos.services.enrollments import EnrollmentService
from oncopos.services.guard import authorize, requires
from oncopos.services.ports import Clock, UnitOfWork, UnitOfWorkFactory
from oncopos.services.registration import describe_match
from oncopos.services.registration_records import SectionView

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class PreviewRow:
    line: int
    name: str
    email: str
    section_code: str | None
    errors: tuple[Message | str, ...]  # catalogue messages, rendered in the reader's language

    def problems(self, locale: str | None = None) -> tuple[str, ...]:
        return tuple(render(e, locale) for e in self.errors)


@dataclass(frozen=True, slots=True)
class ImportPreview:
    rows: tuple[PreviewRow, ...]

    @property
    def error_rows(self) -> list[PreviewRow]:
        return [r for r in self.rows if r.errors]

    @property
    def can_import(self) -> bool:
        return bool(self.rows) and not self.error_rows

    def summary(self) -> Message:
        bad = len(self.error_rows)
        if not bad:
            return msg("import.ready", students=Count(len(self.rows), "student"))
        return msg("import.to_correct", bad=bad, total=len(self.rows))


@dataclass(frozen=True, slots=True)
class ImportReport:
    students: int
    enrollments: int
    first_number: str
    last_number: str


class ImportRejected(UserFacingError):
    """Some rows are wrong; `preview` lists them. Nothing was imported."""

    def __init__(self, preview: ImportPreview) -> None:
        first = preview.error_rows[0]
        super().__init__(msg("import.rejected", summary=preview.summary(), line=first.line, problem=first.errors[0]))
        self.preview = preview


class _Unwatched:
    """The progress of an import nobody watches (the window passes an OperationProgress)."""

    cancelled = False

    def report(self, done: int, total: int, text: str = "") -> None:
        del done, total, text  # nobody to tell


class StudentImportService:
    def __init__(self, uow_factory: UnitOfWorkFactory, *, clock: Clock, series: str, enrollments: EnrollmentService) -> None:
        self._uow = uow_factory
        self._clock = clock
        self._series = series
        self._enrollments = enrollments

    @requires(Permission.EDIT_STUDENTS)
    def preview(self, actor: Actor, data: bytes) -> ImportPreview:
        rows = parse_student_csv(data, today=self._enrollments.today())
        with self._uow() as uow:
            self._check(uow, rows)
        return _preview(rows)

    @requires(Permission.EDIT_STUDENTS)
    def import_file(self, actor: Actor, data: bytes, *, progress: Any = None) -> ImportReport:
        """Register every student of the file (and enroll those with a section), or none."""
        progress = progress or _Unwatched()
        rows = parse_student_csv(data, today=self._enrollments.today())
        if any(r.section_code for r in rows):
            authorize(actor, Permission.ENROLL)
        with self._uow() as uow:
            uow.student_records.lock_numbering(self._series)
            sections = self._check(uow, rows)
            uow.enrollment_records.lock_sections(*{s.id for s in sections.values()})
            self._check_seats(uow, rows, sections)  # again, now that no other desk can take a seat
            preview = _preview(rows)
            if not preview.can_import:
                raise ImportRejected(preview)
            numbers: list[str] = []
            enrolled = 0
            total = len(rows)
            for done, row in enumerate(rows, start=1):
                if progress.cancelled:
                    raise UserCancelled()
                assert row.details is not None
                number = uow.student_records.next_student_number(self._series)
                student = uow.student_records.add(row.details, number)
                uow.audit.record(
                    actor, "student.created", at=self._clock(), subject_type="student", subject_id=student.id,
                    details={"student_number": number, "source": "import", "row": row.line,
                             "values": {k: (v.isoformat() if hasattr(v, "isoformat") else v)
                                        for k, v in row.details.as_dict().items() if v is not None}},
                )
                if row.section_code:
                    self._enrollments.enroll_within(uow, actor, student.id, sections[row.section_code].id)
                    enrolled += 1
                numbers.append(number)
                progress.report(done, total, msg("import.progress", done=done, total=total, name=row.name).text())
            uow.audit.record(
                actor, "students.imported", at=self._clock(), subject_type="import", subject_id=str(uuid.uuid4()),
                details={"students": len(numbers), "enrollments": enrolled, "first": numbers[0], "last": numbers[-1]},
            )
            uow.commit()
        log.info("imported %d students and %d enrollments", len(numbers), enrolled)
        return ImportReport(len(numbers), enrolled, numbers[0], numbers[-1])

    def _check(self, uow: UnitOfWork, rows: list[ImportRow]) -> dict[str, SectionView]:
        """Errors only the database can find, added to the rows; returns the sections by code."""
        sections: dict[str, SectionView] = {}
        today = self._enrollments.today()
        for row in rows:
            if row.details is not None:
                matches = uow.student_records.likely_duplicates(
                    email=row.details.email, first_name=row.details.first_name, last_name=row.details.last_name,
                    phone=row.details.phone, limit=1,
                )
                if matches:
                    row.errors.append(msg("import.row.maybe_registered", match=describe_match(matches[0])))
            code = row.section_code
            if code is None:
                continue
            code = code.upper()
            row.section_code = code
            section = sections.get(code) or uow.catalogue.section_by_code(code)
            if section is None:
                row.errors.append(msg("import.row.no_section", code=code))
                continue
            sections[code] = section
            course = uow.catalogue.course(section.course_id)
            if course is None or not course.active:
                row.errors.append(msg("import.row.not_offered", course=course.code if course else code))
            elif section.end_date is not None and section.end_date < today:
                row.errors.append(msg("import.row.section_ended", code=code, day=Day(section.end_date)))
        self._check_seats(uow, rows, sections)
        return sections

    def _check_seats(self, uow: UnitOfWork, rows: list[ImportRow], sections: dict[str, SectionView]) -> None:
        wanted = Counter(r.section_code for r in rows if r.section_code in sections)
        for code, count in wanted.items():
            now = uow.catalogue.section(sections[code].id)  # read again: seats may have gone since
            left = now.seats_left if now is not None else 0
            if left is None or count <= left:
                continue
            message = msg("import.row.no_seats", code=code, left=Count(left, "seat"), count=count)
            for row in rows:
                if row.section_code == code and message not in row.errors:
                    row.errors.append(message)


def _preview(rows: list[ImportRow]) -> ImportPreview:
    return ImportPreview(
        tuple(PreviewRow(r.line, r.name, r.draft.email, r.section_code, tuple(r.errors)) for r in rows)
    )
