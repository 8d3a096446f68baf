"""Finding students and reading their enrollments with balances."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import TypeVar

import sqlalchemy as sa
import sqlalchemy.orm
from sqlalchemy.orm import Session

from oncopos.adapters.db.ledger import enrollment_ledgers
from oncopos.adapters.db.models.catalogue import Course, Section
from oncopos.adapters.db.models.enrollments import Enrollment
from oncopos.adapters.db.models.people import Student, StudentSearchTerm
from oncopos.domain.ledger import EnrollmentLedger, balance_owing
from oncopos.services.records import EnrollmentSummary, StudentSummary

# Above every character a search word can hold ([a-z0-9]), so [word, word + HIGH) is "starts with".
_HIGH = "\U0010ffff"
# Past this many matches the name-ordered walk is the faster plan (see StudentRepository.search).
CANDIDATE_CAP = 20_000

_T = TypeVar("_T")


# A mapped attribute (Student.sort_name) or a column of an alias: both compare as SQL.
Column = sa.ColumnElement[_T] | sa.orm.InstrumentedAttribute[_T]


def _prefix(column: Column[str], term: str) -> sa.ColumnElement[bool]:
    return sa.and_(column >= term, column < term + _HIGH)


def _has_word(student_id: Column[uuid.UUID], term: str) -> sa.ColumnElement[bool]:
    other = sa.orm.aliased(StudentSearchTerm)
    return sa.exists().where(other.student_id == student_id, _prefix(other.term, term))


class StudentRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def search(self, terms: Sequence[str], limit: int) -> list[StudentSummary]:
        """Students having, for every term, a word that starts with it; by name.

        Two plans, because a keystroke must stay instant whether a prefix is rare or common.
        Usually the matches are collected from the word index and the first `limit` by name
        kept (a top-N sort). When a prefix matches a large part of the school ("5" of every
        phone number), walking students in name order meets `limit` matches almost at once.
        """
        if not terms:
            return []
        # The longest word is usually the rarest: start from it.
        ordered = sorted(terms, key=len, reverse=True)
        word = sa.orm.aliased(StudentSearchTerm)
        candidates = sa.select(word.student_id).where(_prefix(word.term, ordered[0])).distinct()
        for term in ordered[1:]:
            candidates = candidates.where(_has_word(word.student_id, term))
        capped = candidates.limit(CANDIDATE_CAP + 1).subquery()
        many = (self.session.scalar(sa.select(sa.func.count()).select_from(capped)) or 0) > CANDIDATE_CAP
        query = sa.select(Student)
        if many:
            for term in ordered:
                query = query.where(_has_word(Student.id, term))
        else:
            query = query.where(Student.id.in_(candidates.scalar_subquery()))
        query = query.order_by(Student.sort_name, Student.id).limit(limit)
        return [to_summary(s) for s in self.session.scalars(query)]

    def enrollments(self, student_id: uuid.UUID) -> list[EnrollmentSummary]:
        rows = self.session.execute(
            sa.select(Enrollment, Section, Course)
            .join(Section, Enrollment.section_id == Section.id)
            .join(Course, Section.course_id == Course.id)
            .where(Enrollment.student_id == student_id)
            .order_by(Section.start_date.desc(), Course.code)
        ).all()
        ledgers = enrollment_ledgers(self.session, [e.id for e, _s, _c in rows])
        result = []
        for enrollment, section, course in rows:
            ledger = ledgers.get(enrollment.id, EnrollmentLedger())
            result.append(
                EnrollmentSummary(
                    id=enrollment.id,
                    student_id=enrollment.student_id,
                    course_code=course.code,
                    course_name=course.name,
                    section_label=section_label(section),
                    start_date=section.start_date,
                    status=enrollment.status,
                    price_cents=enrollment.price_cents,
                    tax_cents=enrollment.tax_cents,
                    total_cents=enrollment.total_cents,
                    paid_cents=ledger.paid_cents,
                    refunded_cents=ledger.refunded_cents,
                    balance_cents=balance_owing(enrollment.total_cents, ledger, enrollment.status),
                    tax_treatment=enrollment.tax_treatment,
                    tax_province=enrollment.tax_province,
                )
            )
        return result



def to_summary(student: Student) -> StudentSummary:
    return StudentSummary(
        id=student.id,
        student_number=student.student_number,
        first_name=student.first_name,
        last_name=student.last_name,
        preferred_name=student.preferred_name,
        email=student.email,
        phone=student.phone,
        preferred_language=student.preferred_language,
    )


def section_label(section: Section) -> str:
    """"2027-01-12 (en dash) 2027-03-20, Montréal": ISO dates and a dash read the same in French and English."""
    parts = []
    if section.start_date and section.end_date and section.end_date != section.start_date:
        parts.append(f"{section.start_date.isoformat()} \u2013 {section.end_date.isoformat()}")
    elif section.start_date:
        parts.append(section.start_date.isoformat())
    if section.location:
        parts.append(section.location)
    return ", ".join(parts) or section.code
