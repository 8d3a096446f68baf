"""The schema, its migrations and the storage rules, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.engine import Engine

from oncopos.adapters.db.migrate import current_revision, head_revision, upgrade
from oncopos.adapters.db.models.base import Base
from oncopos.adapters.db.models.people import Student, StudentSearchTerm
from oncopos.adapters.db.models.sync import OutboxEntry
from oncopos.adapters.db.session import make_session_factory
from oncopos.adapters.db.uow import SqlUnitOfWork
from oncopos.domain.access import system_actor
from oncopos.services.students import StudentDirectory
from tests.conftest import FixedClock

EXPECTED_TABLES = {
    "students", "student_search_terms", "courses", "sections", "enrollments", "payments", "payment_steps",
    "refunds", "invoices", "invoice_counters", "otp_challenges", "staff", "audit_events", "sync_outbox",
    "sync_state", "workstations",
}


def test_migrations_create_exactly_the_models(engine: Engine) -> None:
    assert current_revision(engine) == head_revision()
    assert set(sa.inspect(engine).get_table_names()) >= EXPECTED_TABLES
    with engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []


def test_upgrade_twice_changes_nothing(engine: Engine) -> None:
    assert upgrade(engine) == head_revision()


def new_student(**fields: object) -> Student:
    values: dict[str, object] = {
        "id": uuid.uuid4(), "student_number": "S900001", "first_name": "François", "last_name": "Côté",
        "email": "francois.cote@example.ca", "phone": "+14185550199", "preferred_language": "fr",
    }
    values.update(fields)
    return Student(**values)


def test_times_come_back_aware_utc_and_naive_times_are_refused(engine: Engine, clock: FixedClock) -> None:
    factory = make_session_factory(engine, workstation_id="DESK1", clock=clock)
    with factory() as session, session.begin():
        session.add(new_student())
    with factory() as session:
        student = session.scalars(sa.select(Student)).one()
        assert student.created_at == clock.now and student.created_at.tzinfo is not None
        assert student.created_at.utcoffset() == timedelta(0)
    with factory() as session, pytest.raises(sa.exc.StatementError, match="naive datetime"):
        session.add(new_student(student_number="S900002", created_at=datetime(2026, 1, 1, 12, 0)))
        session.flush()


def test_every_change_has_an_outbox_entry_and_a_new_version(engine: Engine, clock: FixedClock) -> None:
    factory = make_session_factory(engine, workstation_id="DESK7", clock=clock)
    with factory() as session, session.begin():
        student = new_student()
        session.add(student)
    clock.now += timedelta(minutes=5)
    with factory() as session, session.begin():
        stored = session.get(Student, student.id)
        assert stored is not None
        stored.email = "f.cote@example.ca"
    with factory() as session:
        stored = session.get(Student, student.id)
        assert stored is not None
        assert (stored.version, stored.origin_workstation) == (2, "DESK7")
        assert stored.updated_at == clock.now
        entries = session.scalars(sa.select(OutboxEntry).order_by(OutboxEntry.id)).all()
        assert [(e.table_name, e.row_id, e.row_version) for e in entries] == [
            ("students", student.id, 1),
            ("students", student.id, 2),
        ]


def test_rolled_back_work_leaves_no_outbox_entry(engine: Engine) -> None:
    factory = make_session_factory(engine, workstation_id="DESK1")
    with SqlUnitOfWork(factory) as uow:
        assert uow.session is not None
        uow.session.add(new_student())
        uow.session.flush()
        # no commit: the unit of work rolls back
    with factory() as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(OutboxEntry)) == 0
        assert session.scalar(sa.select(sa.func.count()).select_from(Student)) == 0


def test_search_follows_edits(engine: Engine) -> None:
    factory = make_session_factory(engine, workstation_id="DESK1")
    directory = StudentDirectory(lambda: SqlUnitOfWork(factory))
    with factory() as session, session.begin():
        student = new_student()
        session.add(student)
        session.add(new_student(id=uuid.uuid4(), student_number="S900003", first_name="Frances", last_name="Cotter",
                                email="fcotter@example.com", phone="+16135550101"))
    assert [s.last_name for s in directory.search(system_actor("DESK1"), "fran")] == ["Côté", "Cotter"]
    assert [s.last_name for s in directory.search(system_actor("DESK1"), "côt")] == ["Côté", "Cotter"]
    assert [s.last_name for s in directory.search(system_actor("DESK1"), "cote")] == ["Côté"]
    assert [s.last_name for s in directory.search(system_actor("DESK1"), "COTE FRANC")] == ["Côté"]
    assert [s.last_name for s in directory.search(system_actor("DESK1"), "418 555 0199")] == ["Côté"]
    assert [s.last_name for s in directory.search(system_actor("DESK1"), "S90000")] == ["Côté", "Cotter"]
    assert directory.search(system_actor("DESK1"), "zz") == []
    with factory() as session, session.begin():
        stored = session.get(Student, student.id)
        assert stored is not None
        stored.last_name = "Tremblay"
        stored.email = "f.tremblay@example.ca"
    assert [s.last_name for s in directory.search(system_actor("DESK1"), "tremb")] == ["Tremblay"]
    assert [s.last_name for s in directory.search(system_actor("DESK1"), "cot")] == ["Cotter"]
    with factory() as session:
        # The old words are gone, not merely outnumbered.
        terms = set(session.scalars(sa.select(StudentSearchTerm.term).where(StudentSearchTerm.student_id == student.id)))
        assert "cote" not in terms and "tremblay" in terms


def test_search_limit_and_order(engine: Engine) -> None:
    factory = make_session_factory(engine, workstation_id="DESK1")
    with factory() as session, session.begin():
        for n in range(30):
            session.add(new_student(id=uuid.uuid4(), student_number=f"S8{n:05d}", first_name="Ann",
                                    last_name=f"Zed{n:02d}", email=f"ann{n}@example.ca"))
    directory = StudentDirectory(lambda: SqlUnitOfWork(factory))
    found = directory.search(system_actor("DESK1"), "ann", limit=10)
    assert [s.last_name for s in found] == [f"Zed{n:02d}" for n in range(10)]
