"""Importing a CSV list on SQLite and PostgreSQL: preview, all or nothing, enrollments and seats."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from oncopos.adapters.db.models.enrollments import Enrollment
from oncopos.adapters.db.models.people import Student
from oncopos.adapters.db.uow import SqlUnitOfWork
from oncopos.domain.errors import UserCancelled
from oncopos.services.student_import import ImportRejected, StudentImportService
from tests.conftest import FixedClock

from .registration_helpers import Desk, course, make_desk, section, student

HEADER = "first_name,last_name,email,phone,city,province,postal_code,section\n"
GOOD = (
    HEADER
    + "Émilie,Bérubé-Lévesque,emilie@videotron.ca,514-555-0142,Montréal,QC,H3B 2T6,WS-2701\n"
    + "Margaret,O'Neill,maggie@example.com,416-555-0123,Toronto,ON,M5V 2T6,\n"
    + "François,Côté,francois@example.ca,,Québec,QC,G1R 4P5,OAP-2701\n"
)


def importer(desk: Desk, clock: FixedClock) -> StudentImportService:
    return StudentImportService(lambda: SqlUnitOfWork(desk.factory), clock=clock, series="DESK1", enrollments=desk.enrollments)


def counts(desk: Desk) -> tuple[int, int]:
    with desk.factory() as session:
        students = session.scalar(sa.select(sa.func.count()).select_from(Student)) or 0
        enrollments = session.scalar(sa.select(sa.func.count()).select_from(Enrollment)) or 0
        return students, enrollments


def catalogue(desk: Desk, workshop_seats: str = "10") -> None:
    section(desk, course(desk, code="WS-SCALP"), "WS-2701", start="2027-01-09", capacity=workshop_seats)
    section(desk, course(desk, code="OAP-100", price="6500", treatment="exempt", kind="program"), "OAP-2701", start="2027-01-12")


def test_a_good_file_imports_every_student_and_enrollment(engine: Engine, clock: FixedClock) -> None:
    desk = make_desk(engine, clock)
    catalogue(desk)
    service = importer(desk, clock)
    preview = service.preview(desk.manager, GOOD.encode())
    assert preview.can_import and str(preview.summary()) == "3 students ready to import."
    reported: list[tuple[int, int]] = []

    class Watch:
        cancelled = False

        def report(self, done: int, total: int, text: str = "") -> None:
            reported.append((done, total))

    report = service.import_file(desk.manager, GOOD.encode(), progress=Watch())
    assert (report.students, report.enrollments) == (3, 2)
    assert (report.first_number, report.last_number) == ("S0000018-DESK1", "S0000034-DESK1")
    assert reported == [(1, 3), (2, 3), (3, 3)]
    assert counts(desk) == (3, 2)
    assert desk.audit("students.imported")[-1].details["students"] == 3
    assert [e.details["source"] for e in desk.audit("student.created")] == ["import"] * 3


def test_one_bad_row_imports_nothing(engine: Engine, clock: FixedClock) -> None:
    desk = make_desk(engine, clock)
    catalogue(desk)
    existing = student(desk, "Zoë", "Tremblay", "zoe@example.ca", "819-555-0108")
    bad = GOOD + "Zoe,Tremblay,ZOE@example.ca,,,,,\n" + "Ann,Smith,ann@example.ca,,,,,NO-SUCH\n"
    service = importer(desk, clock)
    preview = service.preview(desk.manager, bad.encode())
    assert not preview.can_import
    problems = {r.line: r.problems("en-CA") for r in preview.error_rows}
    assert set(problems) == {5, 6}
    assert existing.student_number in problems[5][0] and "may already be registered" in problems[5][0]
    assert problems[6] == ("there is no section NO-SUCH in the catalogue",)
    with pytest.raises(ImportRejected, match=r"Nothing was imported. 2 of 5 rows need correcting"):
        service.import_file(desk.manager, bad.encode())
    assert counts(desk) == (1, 0)
    # The desk's numbering did not move either: the next student gets the next number.
    assert student(desk, "Amrit", "Sandhu", "amrit@example.com", "").student_number == "S0000026-DESK1"


def test_a_section_without_enough_seats_for_the_file_refuses_the_file(engine: Engine, clock: FixedClock) -> None:
    desk = make_desk(engine, clock)
    catalogue(desk, workshop_seats="1")
    two_in_workshop = HEADER + "Ann,Smith,ann@example.ca,,,,,WS-2701\n" + "Bob,Lee,bob@example.ca,,,,,ws-2701\n"
    preview = importer(desk, clock).preview(desk.manager, two_in_workshop.encode())
    seats = "section WS-2701 has 1 seat left for the 2 students of this file"
    assert [r.problems("en-CA") for r in preview.rows] == [(seats,)] * 2
    assert preview.rows[0].problems("fr-CA") == ("il reste 1 place à la section WS-2701 pour les 2 étudiants de ce fichier",)
    with pytest.raises(ImportRejected):
        importer(desk, clock).import_file(desk.manager, two_in_workshop.encode())
    assert counts(desk) == (0, 0)


def test_a_cancelled_import_leaves_nothing(engine: Engine, clock: FixedClock) -> None:
    desk = make_desk(engine, clock)
    catalogue(desk)

    class CancelAfterFirst:
        cancelled = False

        def report(self, done: int, total: int, text: str = "") -> None:
            self.cancelled = True

    with pytest.raises(UserCancelled):
        importer(desk, clock).import_file(desk.manager, GOOD.encode(), progress=CancelAfterFirst())
    assert counts(desk) == (0, 0)
