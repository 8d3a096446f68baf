"""The central database created by the same migrations: empty, or already holding data."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from oncopos.adapters.db.engine import make_engine
from oncopos.adapters.db.migrate import head_revision, upgrade
from oncopos.adapters.db.models.catalogue import Section
from oncopos.adapters.db.models.people import Student
from oncopos.adapters.db.models.sync import CentralChange
from tests.conftest import FixedClock
from tests.databases import PG_URL
from tests.integration.sync_helpers import make_desk


@pytest.fixture
def empty_pg(pg_template: str) -> Iterator[str]:
    """A PostgreSQL database with nothing in it (not cloned from the migrated template)."""
    assert PG_URL
    name = f"e_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    yield make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def test_an_existing_central_database_keeps_its_rows_and_desks_receive_them(
    tmp_path: Path, empty_pg: str, clock: FixedClock
) -> None:
    engine = make_engine(empty_pg)
    upgrade(engine, "0001")  # a central database made before sync existed, with data in it
    now = datetime(2026, 6, 1, 12, tzinfo=UTC)
    course, section, student = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    stamps = {"v": 3, "o": "OLDDESK", "t": now}
    with engine.begin() as conn:
        conn.execute(sa.text(
            "INSERT INTO courses (id, code, name, description, kind, price_cents, supply_kind, tax_treatment, active,"
            " version, origin_workstation, created_at, updated_at) VALUES (:id, 'C1', 'Course', '', 'program', 100000,"
            " 'service', 'exempt', true, :v, :o, :t, :t)"), {"id": course, **stamps})
        conn.execute(sa.text(
            "INSERT INTO sections (id, course_id, code, schedule, location, version, origin_workstation, created_at,"
            " updated_at) VALUES (:id, :c, 'C1-1', '', 'Toronto', :v, :o, :t, :t)"), {"id": section, "c": course, **stamps})
        conn.execute(sa.text(
            "INSERT INTO students (id, student_number, first_name, last_name, email, preferred_language, sort_name,"
            " version, origin_workstation, created_at, updated_at) VALUES (:id, 'S1', 'Léa', 'Roy', 'lea@example.ca',"
            " 'fr', 'roy lea', :v, :o, :t, :t)"), {"id": student, **stamps})

    assert upgrade(engine) == head_revision()
    with engine.connect() as conn:
        logged = conn.execute(sa.select(CentralChange.table_name, CentralChange.row_id, CentralChange.version)
                              .order_by(CentralChange.seq)).all()
    engine.dispose()
    # Every existing row is in the log, parents before children, at its own version.
    assert sorted(logged) == sorted([("courses", course, 3), ("sections", section, 3), ("students", student, 3)])
    assert [t for t, _i, _v in logged].index("courses") < [t for t, _i, _v in logged].index("sections")

    desk = make_desk(tmp_path, "DESK1", empty_pg, clock, batch_size=1)
    desk.sync.sync_once()
    assert desk.get(Student, student).version == 3 and desk.get(Section, section).course_id == course


def test_an_empty_central_database_is_created_by_the_same_migrations(tmp_path: Path, empty_pg: str, clock: FixedClock) -> None:
    engine = make_engine(empty_pg)
    assert upgrade(engine) == head_revision()
    with engine.connect() as conn:
        assert conn.scalar(sa.select(sa.func.count()).select_from(CentralChange)) == 0
    engine.dispose()
    desk = make_desk(tmp_path, "DESK1", empty_pg, clock)
    assert desk.sync.sync_once().pending == 0
