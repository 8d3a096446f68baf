"""Tampering with the audit trail by raw SQL is found, on SQLite and PostgreSQL; export and views."""

from __future__ import annotations

import csv
import io
import stat
import uuid
from datetime import date, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from oncopos.adapters.db.models.audit import AuditEvent
from oncopos.adapters.db.session import make_session_factory
from oncopos.adapters.db.uow import SqlUnitOfWork
from oncopos.domain.access import Actor, PermissionDenied, Role
from oncopos.domain.audit import AuditQuery
from oncopos.services.audit import AuditTrail, day_range, verify_chain
from tests.actors import fixture_actor
from tests.conftest import FixedClock

TZ = ZoneInfo("America/Toronto")
RITA = fixture_actor(uuid.uuid4(), "rita", Role.REGISTRAR, "DESK1")
MARC = fixture_actor(uuid.uuid4(), "marc", Role.MANAGER, "DESK1")


@pytest.fixture
def trail(engine: Engine, clock: FixedClock) -> AuditTrail:
    """Ten events on DESK1 (one a minute) and three on DESK2."""
    factory = make_session_factory(engine, workstation_id="DESK1", clock=clock)
    trail = AuditTrail(lambda: SqlUnitOfWork(factory), clock=clock, tz=TZ)
    with SqlUnitOfWork(factory) as uow:
        for n in range(10):
            uow.audit.record(RITA, "student.viewed", at=clock.now + timedelta(minutes=n), subject_type="student",
                             subject_id=uuid.UUID(int=n), details={"n": n})
        for n in range(3):
            uow.audit.record(Actor(None, "system", Role.ADMIN, "DESK2"), "sync.pushed", at=clock.now, details={"n": n})
        uow.commit()
    return trail


def verify(engine: Engine) -> list[str]:
    with SqlUnitOfWork(make_session_factory(engine, workstation_id="DESK1")) as uow:
        return [b.line() for b in verify_chain(uow).breaks]


def execute(engine: Engine, *statements: str) -> None:
    with engine.begin() as conn:
        for statement in statements:
            conn.execute(sa.text(statement))


def test_an_untouched_trail_verifies(engine: Engine, trail: AuditTrail) -> None:
    report = trail.verify(MARC)
    assert report.intact and report.events == 13 and report.workstations == ("DESK1", "DESK2")
    assert report.summary() == "Audit trail intact: 13 events on 2 workstations."


def test_a_changed_event_is_found(engine: Engine, trail: AuditTrail) -> None:
    execute(engine, "UPDATE audit_events SET action = 'student.edited' WHERE workstation_id = 'DESK1' AND sequence = 4")
    [line] = verify(engine)
    assert line.startswith("DESK1 #4: changed: the event (student.edited,")


def test_a_changed_time_is_found(engine: Engine, trail: AuditTrail) -> None:
    with engine.begin() as conn:
        at = conn.scalar(sa.select(AuditEvent.at).where(AuditEvent.workstation_id == "DESK1", AuditEvent.sequence == 2))
        conn.execute(sa.update(AuditEvent).where(AuditEvent.workstation_id == "DESK1", AuditEvent.sequence == 2)
                     .values(at=at - timedelta(hours=1)))
    assert [line.split(": ")[1] for line in verify(engine)] == ["changed"]


def test_a_deleted_event_is_found(engine: Engine, trail: AuditTrail) -> None:
    execute(engine, "DELETE FROM audit_events WHERE workstation_id = 'DESK1' AND sequence IN (5, 6)")
    assert verify(engine) == ["DESK1 #5: deleted: event #5 to #6 is missing (deleted)"]


def test_a_deleted_first_event_is_found(engine: Engine, trail: AuditTrail) -> None:
    execute(engine, "DELETE FROM audit_events WHERE workstation_id = 'DESK2' AND sequence = 1")
    assert verify(engine) == ["DESK2 #1: deleted: event #1 is missing (deleted)"]


def test_two_swapped_events_are_found_as_reordered(engine: Engine, trail: AuditTrail) -> None:
    # Swap numbers 3 and 4 (through -1: the pair is unique).
    execute(
        engine,
        "UPDATE audit_events SET sequence = -1 WHERE workstation_id = 'DESK1' AND sequence = 3",
        "UPDATE audit_events SET sequence = 3 WHERE workstation_id = 'DESK1' AND sequence = 4",
        "UPDATE audit_events SET sequence = 4 WHERE workstation_id = 'DESK1' AND sequence = -1",
    )
    assert verify(engine) == [
        "DESK1 #3: reordered: this event was recorded as #4 and has been renumbered",
        "DESK1 #4: reordered: this event was recorded as #3 and has been renumbered",
    ]


def test_a_deletion_hidden_by_renumbering_is_found(engine: Engine, trail: AuditTrail) -> None:
    statements = ["DELETE FROM audit_events WHERE workstation_id = 'DESK2' AND sequence = 2",
                  "UPDATE audit_events SET sequence = 2 WHERE workstation_id = 'DESK2' AND sequence = 3"]
    execute(engine, *statements)
    assert verify(engine) == [
        "DESK2 #2: reordered: this event was recorded as #3 and has been renumbered",
        "DESK2 #2: unlinked: the event recorded before this one is missing or was changed and re-hashed",
    ]


def test_all_three_at_once_are_each_reported(engine: Engine, trail: AuditTrail) -> None:
    execute(
        engine,
        "UPDATE audit_events SET subject_id = 'someone-else' WHERE workstation_id = 'DESK1' AND sequence = 2",
        "DELETE FROM audit_events WHERE workstation_id = 'DESK1' AND sequence = 6",
        "UPDATE audit_events SET sequence = -1 WHERE workstation_id = 'DESK1' AND sequence = 8",
        "UPDATE audit_events SET sequence = 8 WHERE workstation_id = 'DESK1' AND sequence = 9",
        "UPDATE audit_events SET sequence = 9 WHERE workstation_id = 'DESK1' AND sequence = -1",
    )
    assert [line.split(": ")[0] + " " + line.split(": ")[1] for line in verify(engine)] == [
        "DESK1 #2 changed", "DESK1 #6 deleted", "DESK1 #8 reordered", "DESK1 #9 reordered",
    ]


def test_views_are_recorded_and_found_by_the_managers_filters(engine: Engine, trail: AuditTrail, clock: FixedClock) -> None:
    student = uuid.UUID(int=42)
    trail.record_view(RITA, student)
    rows = trail.search(MARC, AuditQuery(action="student.viewed", subject=str(student)))
    assert [(r.staff_id, r.action, r.subject_id) for r in rows] == [(RITA.staff_id, "student.viewed", str(student))]
    start, end = day_range(date(2026, 11, 26), date(2026, 11, 26), TZ)
    assert len(trail.search(MARC, AuditQuery(start=start, end=end, staff_id=RITA.staff_id))) == 11
    later = clock.now + timedelta(minutes=5)
    assert [r.sequence for r in trail.search(MARC, AuditQuery(start=later, action="student.viewed"))] == [10, 9, 8, 7, 6]
    assert [r.workstation_id for r in trail.search(MARC, AuditQuery(system_only=True))] == ["DESK2"] * 3
    with pytest.raises(PermissionDenied):
        trail.search(RITA, AuditQuery())


def test_csv_export_is_private_complete_and_itself_audited(engine: Engine, trail: AuditTrail, tmp_path: Path) -> None:
    out = tmp_path / "exports" / "audit.csv"
    assert trail.export_csv(MARC, AuditQuery(action="sync."), out) == 3
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    text = out.read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [(r["workstation"], r["sequence"], r["staff"], r["action"], r["details"]) for r in rows] == [
        ("DESK2", "3", "system", "sync.pushed", "n=2"), ("DESK2", "2", "system", "sync.pushed", "n=1"),
        ("DESK2", "1", "system", "sync.pushed", "n=0"),
    ]
    assert rows[0]["time_utc"] == "2026-11-26T15:00:00+00:00" and rows[0]["time_local"] == "2026-11-26 10:00:00"
    [exported] = trail.search(MARC, AuditQuery(action="audit.exported"))
    assert exported.staff_id == MARC.staff_id and exported.details == {"rows": 3, "action": "sync."}
    assert trail.verify(MARC).intact


def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(trail: AuditTrail) -> None:
    entries = trail.search(MARC, AuditQuery(limit=1))
    from dataclasses import replace

    text = trail.to_csv([replace(entries[0], subject='=HYPERLINK("http://evil")', staff="@SUM(1)")])
    [row] = list(csv.DictReader(io.StringIO(text)))
    assert (row["subject"], row["staff"]) == ("'=HYPERLINK(\"http://evil\")", "'@SUM(1)")
