"""Who the desk serves and who works it: staff accounts, students, their search words and
number series.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date, datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from oncopos.adapters.db.models.base import Base, Synced
from oncopos.adapters.db.types import byte_ordered_string

if TYPE_CHECKING:  # relationship targets only: the mapper finds them by name at run time
    from oncopos.adapters.db.models.enrollments import Enrollment


class Staff(Synced, Base):
    __tablename__ = "staff"

    username: Mapped[str] = mapped_column(sa.String(64), unique=True)
    display_name: Mapped[str] = mapped_column(sa.String(120))
    role: Mapped[str] = mapped_column(sa.String(16))  # registrar, manager, admin
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    active: Mapped[bool] = mapped_column(default=True)
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None]
    # The interface language the person chose (en-CA, fr-CA); None: the desk's.
    language: Mapped[str | None] = mapped_column(sa.String(5))

    __table_args__ = (sa.CheckConstraint("role IN ('registrar', 'manager', 'admin')", name="role"),)


class Student(Synced, Base):
    __tablename__ = "students"

    student_number: Mapped[str] = mapped_column(sa.String(20), unique=True)
    first_name: Mapped[str] = mapped_column(sa.String(100))
    last_name: Mapped[str] = mapped_column(sa.String(100))
    preferred_name: Mapped[str | None] = mapped_column(sa.String(100))
    email: Mapped[str] = mapped_column(sa.String(254), index=True)
    phone: Mapped[str | None] = mapped_column(sa.String(32))  # E.164, e.g. +14165550123
    address_line1: Mapped[str | None] = mapped_column(sa.String(200))
    address_line2: Mapped[str | None] = mapped_column(sa.String(200))
    city: Mapped[str | None] = mapped_column(sa.String(100))
    province: Mapped[str | None] = mapped_column(sa.String(2))
    postal_code: Mapped[str | None] = mapped_column(sa.String(7))
    date_of_birth: Mapped[date | None]
    preferred_language: Mapped[str] = mapped_column(sa.String(2), default="en")
    # "cote francois": accent-free last then first name, so "Côté" sorts before "Cotter".
    sort_name: Mapped[str] = mapped_column(byte_ordered_string(201))

    enrollments: Mapped[list[Enrollment]] = relationship(back_populates="student")

    __table_args__ = (
        sa.Index("ix_students_sort_name", "sort_name"),
        sa.CheckConstraint("preferred_language IN ('en', 'fr')", name="language"),
    )


class StudentSearchTerm(Base):
    """One normalised word per row (name parts, email parts, phone digits, student number).

    Derived from `students` on this database only (never synced). Each row also carries the
    student's `sort_name` and the word's first character (`initial`), so a keystroke is answered
    from the index alone, already in name order, at a million students (see StudentRepository.search).
    """

    __tablename__ = "student_search_terms"

    term: Mapped[str] = mapped_column(byte_ordered_string(64), primary_key=True)
    student_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("students.id", ondelete="CASCADE"), primary_key=True)
    sort_name: Mapped[str] = mapped_column(byte_ordered_string(201))
    initial: Mapped[str] = mapped_column(byte_ordered_string(1))

    # (student_id, term) checks one student's words for a prefix (a second typed word);
    # (term, sort_name, student_id) gives a rare prefix's students with their names, sorted cheaply;
    # (initial, sort_name, ...) walks a common prefix's students in name order, stopping at the page.
    __table_args__ = (
        sa.Index("ix_student_search_terms_student_term", "student_id", "term"),
        sa.Index("ix_student_search_terms_term_sort", "term", "sort_name", "student_id"),
        sa.Index("ix_student_search_terms_initial_sort", "initial", "sort_name", "student_id", "term"),
    )


def search_rows(student_id: uuid.UUID, student_sort_name: str, terms: Iterable[str]) -> list[dict[str, object]]:
    """The rows of `student_search_terms` for one student's words (every writer builds them here)."""
    return [{"term": t, "student_id": student_id, "sort_name": student_sort_name, "initial": t[:1]} for t in terms]


class StudentNumberCounter(Base):
    """The next student number of each desk's series, taken in the registration's own transaction.

    Local to the desk like the invoice counters: each desk owns its series, so numbers made
    offline never collide (see oncopos.domain.student_record).
    """

    __tablename__ = "student_number_counters"

    series: Mapped[str] = mapped_column(sa.String(10), primary_key=True)
    next_number: Mapped[int] = mapped_column(default=1)
