"""Courses and sections, with the seats each section has left."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session

from oncopos.adapters.db.models.catalogue import Course, Section
from oncopos.adapters.db.models.enrollments import Enrollment
from oncopos.adapters.db.repositories.students import section_label
from oncopos.domain.catalogue import CourseDetails, SectionDetails
from oncopos.domain.enrollment_rules import SEAT_HOLDING, seats_left
from oncopos.services.registration_records import CourseView, SectionView

COURSE_FIELDS = (
    "code", "name", "description", "kind", "price_cents", "supply_kind", "tax_treatment", "tax_basis",
    "delivery_province", "min_first_payment_cents", "active", "tuition_class", "tuition_basis",
)
SECTION_FIELDS = ("code", "start_date", "end_date", "schedule", "location", "capacity", "minutes_per_week")


class CatalogueRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    # -- courses -------------------------------------------------------------------------------

    def courses(self, *, include_inactive: bool = True) -> list[CourseView]:
        query = sa.select(Course).order_by(Course.code)
        if not include_inactive:
            query = query.where(Course.active.is_(True))
        return [to_course_view(c) for c in self.session.scalars(query)]

    def course(self, course_id: uuid.UUID, *, for_update: bool = False) -> CourseView | None:
        course = self.session.get(Course, course_id, with_for_update=for_update or None)
        return to_course_view(course) if course is not None else None

    def course_by_code(self, code: str) -> CourseView | None:
        course = self.session.scalars(sa.select(Course).where(Course.code == code)).one_or_none()
        return to_course_view(course) if course is not None else None

    def add_course(self, details: CourseDetails) -> CourseView:
        course = Course(id=uuid.uuid4(), **{name: getattr(details, name) for name in COURSE_FIELDS})
        self.session.add(course)
        self.session.flush()
        return to_course_view(course)

    def update_course(self, course_id: uuid.UUID, details: CourseDetails) -> tuple[CourseView, dict[str, dict[str, object]]]:
        """Apply `details`; returns the course as it now is and {field: {"old", "new"}} of what changed."""
        course = self.session.get(Course, course_id, with_for_update=True)
        if course is None:
            raise LookupError(course_id)
        changes = _apply(course, details, COURSE_FIELDS)
        self.session.flush()  # the new version is read back into the record
        return to_course_view(course), changes

    # -- sections ------------------------------------------------------------------------------

    def section(self, section_id: uuid.UUID) -> SectionView | None:
        section = self.session.get(Section, section_id)
        return self._section_view(section) if section is not None else None

    def section_by_code(self, code: str) -> SectionView | None:
        section = self.session.scalars(sa.select(Section).where(Section.code == code)).one_or_none()
        return self._section_view(section) if section is not None else None

    def add_section(self, course_id: uuid.UUID, details: SectionDetails) -> SectionView:
        section = Section(id=uuid.uuid4(), course_id=course_id, **{n: getattr(details, n) for n in SECTION_FIELDS})
        self.session.add(section)
        self.session.flush()
        return self._section_view(section)

    def update_section(self, section_id: uuid.UUID,
                       details: SectionDetails) -> tuple[SectionView, dict[str, dict[str, object]]]:
        section = self.session.get(Section, section_id)
        if section is None:
            raise LookupError(section_id)
        changes = _apply(section, details, SECTION_FIELDS)
        self.session.flush()
        return self._section_view(section), changes

    def seats_taken(self, section_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, int]:
        ids = list(section_ids)
        if not ids:
            return {}
        rows = self.session.execute(
            sa.select(Enrollment.section_id, sa.func.count())
            .where(Enrollment.section_id.in_(ids), Enrollment.status.in_(SEAT_HOLDING))
            .group_by(Enrollment.section_id)
        )
        return {section_id: int(count) for section_id, count in rows}

    def sections(self, course_id: uuid.UUID, *, not_ended_on: date | None = None) -> list[SectionView]:
        """The course's sections by start date; with `not_ended_on`, only those still running or to come."""
        query = sa.select(Section).where(Section.course_id == course_id)
        if not_ended_on is not None:
            query = query.where(sa.or_(Section.end_date.is_(None), Section.end_date >= not_ended_on))
        found = list(self.session.scalars(query))
        # None dates last, in Python: NULLS LAST is spelled differently on the two databases.
        found.sort(key=lambda s: (s.start_date is None, s.start_date or date.min, s.code))
        taken = self.seats_taken(s.id for s in found)
        return [to_section_view(s, taken.get(s.id, 0)) for s in found]

    def _section_view(self, section: Section) -> SectionView:
        return to_section_view(section, self.seats_taken([section.id]).get(section.id, 0))


def _apply(row: object, details: object, fields: tuple[str, ...]) -> dict[str, dict[str, object]]:
    changes: dict[str, dict[str, object]] = {}
    for name in fields:
        old, new = getattr(row, name), getattr(details, name)
        if old != new:
            changes[name] = {"old": _plain(old), "new": _plain(new)}
            setattr(row, name, new)
    return changes


def _plain(value: object) -> object:
    return value.isoformat() if isinstance(value, date) else value


def to_course_view(course: Course) -> CourseView:
    return CourseView(
        id=course.id,
        code=course.code,
        name=course.name,
        description=course.description,
        kind=course.kind,
        price_cents=course.price_cents,
        supply_kind=course.supply_kind,
        tax_treatment=course.tax_treatment,
        tax_basis=course.tax_basis,
        delivery_province=course.delivery_province,
        min_first_payment_cents=course.min_first_payment_cents,
        active=course.active,
        version=course.version,
        tuition_class=course.tuition_class,
        tuition_basis=course.tuition_basis,
    )


def to_section_view(section: Section, taken: int) -> SectionView:
    return SectionView(
        id=section.id,
        course_id=section.course_id,
        code=section.code,
        start_date=section.start_date,
        end_date=section.end_date,
        schedule=section.schedule,
        location=section.location,
        capacity=section.capacity,
        taken=taken,
        seats_left=seats_left(section.capacity, taken),
        label=f"{section.code} ({section_label(section)})",
        version=section.version,
        minutes_per_week=section.minutes_per_week,
    )
