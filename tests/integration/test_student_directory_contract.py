"""The window's tests search FakeStudentDirectory (tests/ui/fakes.py); the desk searches the real
StudentDirectory over the database. Both are given the same students and must answer every search
the same way, in the same order, on SQLite and PostgreSQL, so what the window's tests prove holds
for the real directory."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy.engine import Engine

from oncopos.adapters.db.uow import SqlUnitOfWork
from oncopos.domain.access import system_actor
from oncopos.domain.student_record import StudentDraft
from oncopos.services.records import EnrollmentSummary
from oncopos.services.students import StudentDirectory
from tests.conftest import FixedClock
from tests.integration.registration_helpers import course, make_desk, section
from tests.ui.fakes import FakeStudentDirectory, sample_students

DESK = system_actor("DESK1")  # the window searches as the signed-in person; any desk actor may


@pytest.fixture
def directories(engine: Engine, clock: FixedClock) -> tuple[StudentDirectory, FakeStudentDirectory]:
    """The real directory with the window tests' students registered through the real service, and
    a fake given exactly what the real one stored (ids, numbers, phones as E.164)."""
    desk = make_desk(engine, clock)
    added = []
    for s in sample_students():
        draft = StudentDraft(first_name=s.first_name, last_name=s.last_name, preferred_name=s.preferred_name or "",
                             email=s.email, phone=s.phone or "", preferred_language=s.preferred_language)
        added.append(desk.registration.add_student(desk.registrar, draft))
    workshop = course(desk, code="WS-SCALP", price="395.00")
    ws = section(desk, workshop, "WS-SCALP-2612", start="2026-12-05", capacity="12")
    desk.enrollments.enroll(desk.registrar, added[0].id, ws.id)
    real = StudentDirectory(lambda: SqlUnitOfWork(desk.factory))
    stored = [next(s for s in real.search(DESK, r.email, 50) if s.id == r.id) for r in added]
    enrollments = [e for r in added for e in real.enrollments(DESK, r.id)]
    return real, FakeStudentDirectory(stored, enrollments, delay=0)


QUERIES = [
    "emi",                  # two first names start with it
    "emili",                # one does
    "Cote", "côté", "CÔTÉ",  # accents and case do not matter
    "fran cote",            # every word must match, in any field
    "cote fran",
    "ote",                  # inside a word: production matches word starts, not substrings
    "milie",
    "berube lev",           # a hyphenated name is two words
    "maggie",               # the preferred name
    "o'neill", "neill",
    "amrit.sandhu@example.com", "sandhu@", "@example", "example.ca",
    "514", "514-555-0142", "(514) 555-0142", "+1 514 555 0142", "5550142", "555-0142", "0142",
    "S2027",
    "e", "z", "zz", "", "   ", "!!", "tremblay zoe", "zoe tremblay emily",
]


@pytest.mark.parametrize("text", QUERIES)
def test_the_fake_finds_what_the_real_directory_finds(directories: tuple[StudentDirectory, FakeStudentDirectory],
                                                      text: str) -> None:
    real, fake = directories
    assert fake.search(DESK, text, 50) == real.search(DESK, text, 50)


def test_both_keep_the_first_results_in_name_order(directories: tuple[StudentDirectory, FakeStudentDirectory]) -> None:
    real, fake = directories
    for limit in (1, 2, 3):
        assert fake.search(DESK, "e", limit) == real.search(DESK, "e", limit)
    assert len(real.search(DESK, "e", 2)) == 2


def test_numbers_the_desk_gave_find_their_student(directories: tuple[StudentDirectory, FakeStudentDirectory]) -> None:
    real, fake = directories
    for student in fake.students:
        digits = "".join(ch for ch in student.student_number if ch.isdigit())
        for text in (student.student_number, digits, student.student_number[:-1]):
            assert fake.search(DESK, text, 50) == real.search(DESK, text, 50)
        assert student in real.search(DESK, student.student_number, 50)


def test_the_contract_is_not_vacuous(directories: tuple[StudentDirectory, FakeStudentDirectory]) -> None:
    """The answers compared above are not all empty: the queries exercise matching."""
    real, _fake = directories
    assert [s.first_name for s in real.search(DESK, "emi", 50)] == ["Émilie", "Emily"]
    assert real.search(DESK, "ote", 50) == [] and real.search(DESK, "maggie", 50)[0].last_name == "O'Neill"
    assert len(real.search(DESK, "514", 50)) == 1


def test_enrollments_are_the_students_own(directories: tuple[StudentDirectory, FakeStudentDirectory]) -> None:
    real, fake = directories
    for student in fake.students:
        answer: list[EnrollmentSummary] = fake.enrollments(DESK, student.id)
        assert answer == real.enrollments(DESK, student.id)
    assert fake.enrollments(DESK, uuid.uuid4()) == real.enrollments(DESK, uuid.uuid4()) == []
    assert sum(len(fake.enrollments(DESK, s.id)) for s in fake.students) == 1
