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
# Times the start of a walk is leapt forward from the typed terms' lists (see _first_candidate).
_LEAPS = 64
# A long typed word's start is first looked for among this many rows of its 3-letter list; not
# there, it is sought word by word if at most _FEW_WORDS distinct words start with it (see _leap).
_NEAR = 64
_FEW_WORDS = 128


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


# The list a common prefix is walked by, in name order, by the prefix's length (3: any longer).
_LISTS = {1: _WORDS.c.initial, 2: _WORDS.c.prefix2, 3: _WORDS.c.prefix3}


def _in_list(word: sa.FromClause, width: int, n: int) -> list[sa.ColumnElement[bool]]:
    """The rows of term tn's list, by its first `width` characters (bound as ln), that are of a
    student with a word starting with tn. A term of 1 or 2 characters is its whole list; a longer
    one is checked on the student's words. Never a range on `term` here: PostgreSQL would then
    estimate the walk as one row and read the term's words by (term, ...) and sort them all."""
    listed = [word.c[_LISTS[width].name] == sa.bindparam(f"l{n}")]
    return [*listed, word.c.student_words.like(sa.bindparam(f"t{n}_like"))] if width == 3 else listed


@cache
def _page(other_terms: int, walked: int) -> sa.Select[tuple[str, uuid.UUID]]:
    """The page of (sort_name, student_id): students with a word starting with t0 and, for each
    other term t1..tn, a word starting with it, in name order.

    walked 0: t0's words read from (term, ...) and sorted; 1, 2, 3: t0's list of its first 1, 2
    or 3 characters read in name order from :from. Where the index read carries the student's
    words (0 and 3), the other terms are checked on it; otherwise by a lookup of the student's
    words on (student_id, term)."""
    word = _WORDS.alias("w")
    query = sa.select(word.c.sort_name, word.c.student_id)
    if walked:
        query = query.where(*_in_list(word, walked, 0), word.c.sort_name >= sa.bindparam("from"))
    else:
        query = query.where(_prefix_of(word.c.term, "t0"))
    for n in range(1, other_terms + 1):
        if walked in (0, 3):
            query = query.where(word.c.student_words.like(sa.bindparam(f"t{n}_like")))
        else:
            other = _WORDS.alias(f"w{n}")
            query = query.where(sa.exists().where(other.c.student_id == word.c.student_id, _prefix_of(other.c.term, f"t{n}")))
    return query.distinct().order_by(word.c.sort_name, word.c.student_id).limit(sa.bindparam("limit"))


def _latest(values: Sequence[sa.ColumnElement[str]]) -> sa.ColumnElement[str]:
    """The greatest of `values` (never NULL ones), as CASE: SQLite's max() and PostgreSQL's
    greatest() are spelt differently."""
    latest = values[0]
    for value in values[1:]:
        latest = sa.case((value > latest, value), else_=latest)
    return latest


def _words_of(n: int) -> sa.CTE:
    """The distinct words starting with term tn, in order, one index seek each on (term, ...); it
    stops one past :few, so holding more than :few rows says there are too many."""
    word = _WORDS.alias(f"d{n}")

    def next_word(after: sa.ColumnElement[bool]) -> sa.ScalarSelect[str]:
        return (sa.select(word.c.term).where(after, word.c.term < sa.bindparam(f"t{n}_hi"))
                .order_by(word.c.term).limit(1).scalar_subquery())

    found = sa.select(sa.literal(1).label("k"), next_word(word.c.term >= sa.bindparam(f"t{n}")).label("term"))
    words = found.cte(f"words{n}", recursive=True)
    return words.union_all(
        sa.select(words.c.k + 1, next_word(word.c.term > words.c.term))
        .where(words.c.term.is_not(None), words.c.k <= sa.bindparam("few"))
    )


def _first_in_list(word: sa.FromClause, width: int, n: int, start: sa.ColumnElement[str]) -> sa.ScalarSelect[str]:
    """The first sort name at or after `start` in term tn's list of its first `width` characters."""
    return (sa.select(word.c.sort_name).where(*_in_list(word, width, n), word.c.sort_name >= start)
            .order_by(word.c.sort_name).limit(1).scalar_subquery())


def _first_of_long(word: sa.FromClause, n: int, start: sa.ColumnElement[str], words: sa.CTE) -> sa.ColumnElement[str]:
    """The first sort name at or after `start` of a student with a word starting with tn, a term
    longer than its 3-letter list: among the next :near rows of that list when one of them is
    one of its students; otherwise the earliest of its distinct words' firsts on (term, sort_name, ...) when it has
    at most :few of them; otherwise sought on in the list."""
    # Two levels below the round: correlated to it outright, or its columns would be read as a table of their own.
    near = (sa.select(word.c.sort_name, word.c.student_words)
            .where(word.c.prefix3 == sa.bindparam(f"l{n}"), word.c.sort_name >= start)
            .order_by(word.c.sort_name).limit(sa.bindparam("near")).correlate_except(word).subquery(f"near{n}"))
    in_near = (sa.select(near.c.sort_name).where(near.c.student_words.like(sa.bindparam(f"t{n}_like")))
               .order_by(near.c.sort_name).limit(1).scalar_subquery())
    of_word = (sa.select(word.c.sort_name).where(word.c.term == words.c.term, word.c.sort_name >= start)
               .order_by(word.c.sort_name).limit(1).correlate_except(word).scalar_subquery())
    spelt = words.c.term.is_not(None)
    counted = sa.select(sa.func.count()).select_from(words).where(spelt).scalar_subquery()
    earliest = sa.select(sa.func.min(of_word)).where(spelt).scalar_subquery()
    return sa.func.coalesce(in_near, sa.case((counted <= sa.bindparam("few"), earliest), else_=_first_in_list(word, 3, n, start)))


@cache
def _leap(lengths: tuple[int, ...]) -> sa.Select[Any]:
    """The last of the leaps of _first_candidate, in one statement: each round holds, for each
    term t0..tn, the first sort name of a student with a word starting with it at or after the
    furthest of the round before; the rounds stop once they all agree, one of them has none or
    after _LEAPS rounds. `lengths`: each term's length, 4 for any longer than 3.

    A term of 1 to 3 characters is sought in its own list: every row there is one of its
    students, so the first row is the answer. A longer one's 3-letter list may hold a long block
    of another word before its first student ("gagnon" after every Gagné: 17,876 buffer hits at a
    million students): when the next _NEAR rows of the list are none of its students, each of
    its distinct words is sought on (term, sort_name, ...) and the earliest kept, if it has at
    most _FEW_WORDS of them (past that, the seeks cost more than the block, and the list is
    sought on). Where the list is dense the words are never read: on PostgreSQL such a leap reads
    the pages it did; on SQLite the extra subqueries cost it a few tenths of a millisecond."""
    words = {n: _words_of(n) for n, length in enumerate(lengths) if length > 3}

    def firsts(start: sa.ColumnElement[str]) -> list[sa.ColumnElement[str]]:
        return [
            (_first_of_long(_WORDS.alias(f"w{n}"), n, start, words[n]) if n in words
             else _first_in_list(_WORDS.alias(f"w{n}"), length, n, start)).label(f"s{n}")
            for n, length in enumerate(lengths)
        ]

    rounds = sa.select(sa.literal(1).label("n"), *firsts(sa.literal(""))).cte("leap", recursive=True)
    seen = [rounds.c[f"s{n}"] for n in range(len(lengths))]
    rounds = rounds.union_all(
        sa.select(rounds.c.n + 1, *firsts(_latest(seen))).where(
            rounds.c.n < _LEAPS, *(s.is_not(None) for s in seen), sa.or_(*(s != seen[0] for s in seen[1:]))
        )
    )
    return sa.select(*(rounds.c[f"s{n}"] for n in range(len(lengths)))).order_by(rounds.c.n.desc()).limit(1)


@cache
def _page_of_summaries(other_terms: int, walked: int) -> sa.Select[Any]:
    """The page's students as the list shows them, in its order: the page is found on the word
    index alone, then each of its students read by primary key, in the same statement (a second
    statement per keystroke cost a round trip and a list of ids to bind)."""
    page = _page(other_terms, walked).subquery("page")
    return (sa.select(*_SUMMARY).select_from(page).join(_STUDENTS, _STUDENTS.c.id == page.c.student_id)
            .order_by(page.c.sort_name, page.c.student_id))


class StudentRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def search(self, terms: Sequence[str], limit: int) -> list[StudentSummary]:
        """Students having, for every term, a word that starts with it; by name (sort name, then id).

        Every word row carries its student's sort name, so each plan reads one index only and
        touches no student until the page is known. One word of 1 to 3 characters is its own
        list, read in name order. Otherwise which plan depends on how common the typed prefixes
        are, counted first (from the index, capped at RARE_CAP + 1):
        - rare (a surname typed out, a phone number): the rarest prefix's words are read from
          (term, sort_name, student_id, student_words), the other terms checked on the student's
          words read with them, and the first `limit` by name kept (a top-N sort of at most
          RARE_CAP rows);
        - common ("m", "gmail", "514"): one prefix's list of its first 1, 2 or 3 characters is
          walked in name order and the walk stops once `limit` students matched. A prefix of 3
          characters or more leads when there is one (its list carries the student's words, so
          the others are checked without a lookup per student), the rarest of them; otherwise
          the rarest, with a lookup per student (every prefix then has 1 or 2 characters, so
          matches come often). With several terms the walk starts where the first match can be
          at the earliest (see _first_candidate).
        """
        if not terms:
            return []
        if len(terms) == 1 and len(terms[0]) <= 3:
            # Its list holds only its own students: read in name order, the page is its first rows,
            # however common or rare the prefix (so nothing is counted).
            return self._read_page(terms[0], terms, len(terms[0]), limit)
        counts = {}
        for term in sorted(terms, key=len, reverse=True):  # the longest word is usually the rarest
            counts[term] = self.session.scalar(_COUNT, {"t0": term, "t0_hi": term + _HIGH, "cap": RARE_CAP + 1}) or 0
            if counts[term] == 0:
                return []
        lead = min(counts, key=lambda t: counts[t])
        walked = 0
        if counts[lead] > RARE_CAP:
            lead = min((t for t in counts if len(t) >= 3), key=lambda t: counts[t], default=lead)
            walked = min(len(lead), 3)
        return self._read_page(lead, terms, walked, limit)

    def _read_page(self, lead: str, terms: Sequence[str], walked: int, limit: int) -> list[StudentSummary]:
        ordered = [lead, *(t for t in terms if t != lead)]
        params: dict[str, object] = {"limit": limit, "from": ""}
        for n, term in enumerate(ordered):
            params[f"t{n}"], params[f"t{n}_hi"], params[f"t{n}_like"] = term, term + _HIGH, f"% {term}%"
            params[f"l{n}"] = term[:3]
        if walked and len(ordered) > 1:
            start = self._first_candidate(ordered, params)
            if start is None:
                return []
            params["from"] = start
        return [StudentSummary(*row) for row in self.session.execute(_page_of_summaries(len(ordered) - 1, walked), params)]

    def _first_candidate(self, terms: list[str], params: dict[str, object]) -> str | None:
        """A sort name no match comes before (None: nobody matches), leapt to from each term's list.

        Each term's own list says where its first student is; no student matching every term comes
        before the furthest of those, so each list is sought again from there, up to _LEAPS
        times, in one statement. The walk then starts at the words of "gagnon marie" instead of
        reading the Maries of every name before it ("marie gagnon"), and "marie ga" at the first
        Gagné instead of every Marie and every Gabrielle before."""
        lengths = tuple(min(len(t), 4) for t in terms)
        firsts = self.session.execute(_leap(lengths), {**params, "near": _NEAR, "few": _FEW_WORDS}).one()
        return None if any(f is None for f in firsts) else max(firsts)

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
