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
    student's `sort_name`, the word's first one, two and three characters and every word of its
    student (`student_words`), so a keystroke is answered from one index alone, already in name
    order, at a million students (see StudentRepository.search).
    """

    __tablename__ = "student_search_terms"

    term: Mapped[str] = mapped_column(byte_ordered_string(64), primary_key=True)
    student_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("students.id", ondelete="CASCADE"), primary_key=True)
    sort_name: Mapped[str] = mapped_column(byte_ordered_string(201))
    initial: Mapped[str] = mapped_column(byte_ordered_string(1))
    prefix2: Mapped[str] = mapped_column(byte_ordered_string(2))
    prefix3: Mapped[str] = mapped_column(byte_ordered_string(3))
    # " word word ...": the student has a word starting with t when this is LIKE "% t%" (words are
    # [a-z0-9] only), tested on the index entry being read instead of a lookup per student.
    student_words: Mapped[str] = mapped_column(sa.Text)

    # (student_id, term) checks one student's words for a short prefix and finds them to replace;
    # (term, sort_name, student_id, student_words) gives a rare prefix's students with their names
    # and their other words, sorted cheaply;
    # (initial | prefix2 | prefix3, sort_name, ...) is each 1-, 2- and 3-letter prefix's list in name
    # order, walked until the page is full (the 3-letter one with the words to check the others by).
    __table_args__ = (
        sa.Index("ix_student_search_terms_student_term", "student_id", "term"),
        sa.Index("ix_student_search_terms_term_words", "term", "sort_name", "student_id", "student_words"),
        sa.Index("ix_student_search_terms_initial_sort", "initial", "sort_name", "student_id", "term"),
        sa.Index("ix_student_search_terms_prefix2_sort", "prefix2", "sort_name", "student_id", "term"),
        sa.Index("ix_student_search_terms_prefix3_words", "prefix3", "sort_name", "student_id", "term", "student_words"),
    )


def student_words(terms: Iterable[str]) -> str:
    """A student's words as `student_words` holds them: each after a space, in code-point order."""
    return "".join(f" {t}" for t in sorted(terms))


def search_rows(student_id: uuid.UUID, student_sort_name: str, terms: Iterable[str]) -> list[dict[str, object]]:
    """The rows of `student_search_terms` for one student's words (every writer builds them here)."""
    words = set(terms)
    every = student_words(words)
    return [{"term": t, "student_id": student_id, "sort_name": student_sort_name, "initial": t[:1],
             "prefix2": t[:2], "prefix3": t[:3], "student_words": every} for t in words]


class StudentNumberCounter(Base):
    """The next student number of each desk's series, taken in the registration's own transaction.

    Local to the desk like the invoice counters: each desk owns its series, so numbers made
    offline never collide (see oncopos.domain.student_record).
    """

    __tablename__ = "student_number_counters"

    series: Mapped[str] = mapped_column(sa.String(10), primary_key=True)
    next_number: Mapped[int] = mapped_column(default=1)
