"""The manager's course catalogue: courses with their price and tax treatment, and their sections.

A price or tax change applies to enrollments made after it only: each enrollment froze its own
price and tax when it was made (see `EnrollmentService.enroll`), so nothing here touches them.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import asdict

from oncopos.domain.access import Actor, Permission
from oncopos.domain.catalogue import CourseDraft, SectionDraft, validate_course, validate_section
from oncopos.domain.errors import NotFound
from oncopos.domain.messages import msg
from oncopos.domain.student_record import FieldErrors
from oncopos.domain.tax import default_basis
from oncopos.services.guard import requires
from oncopos.services.ports import Clock, UnitOfWorkFactory
from oncopos.services.registration import EditConflict
from oncopos.services.registration_records import CourseView, SectionView

log = logging.getLogger(__name__)


class CatalogueService:
    def __init__(self, uow_factory: UnitOfWorkFactory, *, clock: Clock, locale: str = "en-CA") -> None:
        self._uow = uow_factory
        self._clock = clock
        self._locale = locale

    @requires(Permission.ENROLL)
    def courses(self, actor: Actor, *, include_inactive: bool = False) -> list[CourseView]:
        with self._uow() as uow:
            return uow.catalogue.courses(include_inactive=include_inactive)

    @requires(Permission.ENROLL)
    def sections(self, actor: Actor, course_id: uuid.UUID) -> list[SectionView]:
        with self._uow() as uow:
            return uow.catalogue.sections(course_id)

    @requires(Permission.MANAGE_CATALOGUE)
    def save_course(
        self,
        actor: Actor,
        draft: CourseDraft,
        *,
        course_id: uuid.UUID | None = None,
        expected_version: int | None = None,
    ) -> CourseView:
        """Add a course (`course_id` None) or change one; audited with old and new values."""
        basis = default_basis(draft.tax_treatment, self._locale) if draft.tax_treatment != "taxable" else None
        details = validate_course(draft, locale=self._locale, default_basis=basis)
        with self._uow() as uow:
            other = uow.catalogue.course_by_code(details.code)
            if other is not None and other.id != course_id:
                raise FieldErrors({"code": f"Course code {details.code} is already used by {other.name}. Choose another code."})
            audit: dict[str, object]
            if course_id is None:
                course = uow.catalogue.add_course(details)
                action, audit = "course.created", {"values": _values(details)}
            else:
                current = uow.catalogue.course(course_id, for_update=True)
                if current is None:
                    raise NotFound(msg("course.gone_catalogue"))
                _check_version(current.version, expected_version, f"Course {current.code}")
                course, changes = uow.catalogue.update_course(course_id, details)
                if not changes:
                    return course
                action, audit = "course.updated", {"code": course.code, "changes": changes}
            uow.audit.record(actor, action, at=self._clock(), subject_type="course", subject_id=course.id, details=audit)
            view = course
            uow.commit()
        log.info("%s %s", action, view.code)
        return view

    @requires(Permission.MANAGE_CATALOGUE)
    def save_section(
        self,
        actor: Actor,
        course_id: uuid.UUID,
        draft: SectionDraft,
        *,
        section_id: uuid.UUID | None = None,
        expected_version: int | None = None,
    ) -> SectionView:
        details = validate_section(draft)
        with self._uow() as uow:
            if section_id is not None:
                # Capacity is checked against the seats taken: lock first, as enrolling does.
                uow.enrollment_records.lock_sections(section_id)
            course = uow.catalogue.course(course_id)
            if course is None:
                raise NotFound(msg("course.gone_catalogue"))
            other = uow.catalogue.section_by_code(details.code)
            if other is not None and other.id != section_id:
                raise FieldErrors({"code": f"Section code {details.code} is already used. Choose another code."})
            audit: dict[str, object]
            if section_id is None:
                section = uow.catalogue.add_section(course_id, details)
                action, audit = "section.created", {"course": course.code, "values": _values(details)}
            else:
                current = uow.catalogue.section(section_id)
                if current is None or current.course_id != course_id:
                    raise NotFound(msg("section.gone_catalogue"))
                _check_version(current.version, expected_version, f"Section {current.code}")
                taken = uow.enrollment_records.seats_taken(section_id)
                if details.capacity is not None and details.capacity < taken:
                    raise FieldErrors(
                        {"capacity": f"{taken} students hold a seat in this section; the capacity cannot be below {taken}."}
                    )
                section, changes = uow.catalogue.update_section(section_id, details)
                if not changes:
                    return section
                action, audit = "section.updated", {"course": course.code, "code": section.code, "changes": changes}
            uow.audit.record(actor, action, at=self._clock(), subject_type="section", subject_id=section.id, details=audit)
            view = section
            uow.commit()
        log.info("%s %s", action, view.code)
        return view


def _check_version(current: int, expected: int | None, what: str) -> None:
    if expected is not None and current != expected:
        raise EditConflict(msg("record.changed_elsewhere", what=what))


def _values(details: object) -> dict[str, object]:
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in asdict(details).items()}  # type: ignore[call-overload]

