"""Finding students and reading their enrollments with balances."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import fields
from functools import cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from oncopos.adapters.db.ledger import enrollment_ledgers
from oncopos.adapters.db.models.catalogue import Course, Section
from oncopos.adapters.db.models.enrollments import Enrollment
from oncopos.adapters.db.models.people import Student, StudentSearchTerm
from oncopos.domain.ledger import EnrollmentLedger, balance_owing
from oncopos.services.records import EnrollmentSummary, StudentSummary

# Above every character a search word can hold ([a-z0-9]), so [word, word + HIGH) is "starts with".
_HIGH = "\U0010ffff"
# Up to this many words start with the rarest prefix: they are read and sorted by name (see
# StudentRepository.search); past it, walking the words in name order fills the page sooner.
RARE_CAP = 4000


def _prefix_of(column: sa.ColumnElement[str], name: str) -> sa.ColumnElement[bool]:
    """`column` starts with the bound word `name` (bound as name and name_hi)."""
    return sa.and_(column >= sa.bindparam(name), column < sa.bindparam(f"{name}_hi"))


_WORDS = StudentSearchTerm.__table__
_STUDENTS = Student.__table__
_SUMMARY = tuple(_STUDENTS.c[f.name] for f in fields(StudentSummary))
# Built once: a keystroke then costs the database's work, not the building of its SQL.
_COUNT = sa.select(sa.func.count()).select_from(
    sa.select(_WORDS.c.student_id).where(_prefix_of(_WORDS.c.term, "t0")).limit(sa.bindparam("cap")).subquery()
)


@cache
def _page(other_terms: int, common: bool) -> sa.Select[tuple[str, uuid.UUID]]:
    """The page of (sort_name, student_id): students with a word starting with t0 and, for each
    other term t1..tn, a word starting with it, in name order."""
    word = _WORDS.alias("w")
    query = sa.select(word.c.sort_name, word.c.student_id).where(_prefix_of(word.c.term, "t0"))
    if common:
        query = query.where(word.c.initial == sa.bindparam("initial"))
    for n in range(1, other_terms + 1):
        other = _WORDS.alias(f"w{n}")
        query = query.where(sa.exists().where(other.c.student_id == word.c.student_id, _prefix_of(other.c.term, f"t{n}")))
    return query.distinct().order_by(word.c.sort_name, word.c.student_id).limit(sa.bindparam("limit"))


@cache
def _page_of_summaries(other_terms: int, common: bool) -> sa.Select[Any]:
    """The page's students as the list shows them, in its order: the page is found on the word
    index alone, then each of its students read by primary key, in the same statement (a second
    statement per keystroke cost a round trip and a list of ids to bind)."""
    page = _page(other_terms, common).subquery("page")
    return (sa.select(*_SUMMARY).select_from(page).join(_STUDENTS, _STUDENTS.c.id == page.c.student_id)
            .order_by(page.c.sort_name, page.c.student_id))


class StudentRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def search(self, terms: Sequence[str], limit: int) -> list[StudentSummary]:
        """Students having, for every term, a word that starts with it; by name (sort name, then id).

        Every word row carries its student's sort name, so both plans read one index only and
        touch no student until the page is known. Which plan depends on how common the rarest
        typed prefix is, counted first (from the index, capped at RARE_CAP + 1):
        - rare (a surname typed out, a phone number): its words are read from
          (term, sort_name, student_id), the other terms checked per student, and the first
          `limit` by name kept (a top-N sort of at most RARE_CAP rows);
        - common ("m", "gmail", "514"): the words of its first character are walked in name
          order on (initial, sort_name, student_id, term), and the walk stops once `limit`
          students matched; the prefix has more than RARE_CAP words, so matches come often.
        """
        if not terms:
            return []
        counts = {}
        for term in sorted(terms, key=len, reverse=True):  # the longest word is usually the rarest
            counts[term] = self.session.scalar(_COUNT, {"t0": term, "t0_hi": term + _HIGH, "cap": RARE_CAP + 1}) or 0
            if counts[term] == 0:
                return []
        rarest = min(counts, key=lambda t: counts[t])
        ordered = [rarest, *(t for t in terms if t != rarest)]
        common = counts[rarest] > RARE_CAP
        params: dict[str, object] = {"limit": limit, "initial": rarest[:1]}
        for n, term in enumerate(ordered):
            params[f"t{n}"], params[f"t{n}_hi"] = term, term + _HIGH
        return [StudentSummary(*row) for row in self.session.execute(_page_of_summaries(len(ordered) - 1, common), params)]

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
