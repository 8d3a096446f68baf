"""An audit trail no single desk can rewrite: keyed on the desk, anchored at the central database.

Each tampering is done by raw SQL on the desk's own file, as someone with the file but not the
desk's keyring would; where the chain is recomputed, it is with the app's own hash function.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from oncopos.adapters.db.models.audit import AuditEvent
from oncopos.adapters.db.repositories.audit import GENESIS, event_hash
from oncopos.adapters.db.repositories.audit_key import AuditChainKey
from oncopos.adapters.db.uow import SqlUnitOfWork
from oncopos.adapters.secrets import MemorySecretStore
from oncopos.adapters.sync.audit_copy import CentralAuditCopy
from oncopos.adapters.sync.central import CentralStore, OutgoingRow
from oncopos.adapters.sync.rows import read_rows
from oncopos.adapters.sync.tables import plan_by_name
from oncopos.domain.access import Actor, Role
from oncopos.services.audit import verify_chain
from oncopos.services.sync_status import WorkstationConflict
from tests.conftest import FixedClock
from tests.integration.sync_helpers import Desk, desk_login, make_desk

RITA = Actor(uuid.uuid4(), "rita", Role.REGISTRAR, "DESK1")
EVENTS = 20


def record(desk: Desk, clock: FixedClock, count: int, actor: Actor = RITA, start: int = 0) -> None:
    with SqlUnitOfWork(desk.factory) as uow:
        for n in range(start, start + count):
            uow.audit.record(actor, "student.viewed", at=clock.now + timedelta(minutes=n), subject_type="student",
                             subject_id=uuid.UUID(int=n), details={"n": n})
        uow.commit()


def keyed_desk(tmp_path: Path, name: str, central_url: str, clock: FixedClock) -> Desk:
    return make_desk(tmp_path, name, central_url, clock, audit_key=AuditChainKey(MemorySecretStore(), name))


@pytest.fixture
def desk(tmp_path: Path, pg_url: str, clock: FixedClock) -> Desk:
    """DESK1, keyed, with twenty events all sent to the central database."""
    desk = keyed_desk(tmp_path, "DESK1", pg_url, clock)
    record(desk, clock, EVENTS)
    assert desk.sync.sync_once().pending == 0
    return desk


def central_copy(desk: Desk) -> CentralAuditCopy:
    return desk.sync.audit_copy()


def problems(desk: Desk, *, with_central: bool = True) -> list[str]:
    with SqlUnitOfWork(desk.factory) as uow:
        report = verify_chain(uow, central_copy(desk) if with_central else None, own_workstation=desk.name)
    return [b.line() for b in report.breaks]


def execute(desk: Desk, *statements: str) -> None:
    with desk.engine.begin() as conn:
        for statement in statements:
            conn.execute(sa.text(statement))


def rehash_from(desk: Desk, first: int) -> None:
    """Recompute the chain from event `first` on with the app's own (unkeyed) hash function."""
    with desk.factory() as session, session.begin():
        events = session.scalars(sa.select(AuditEvent).where(AuditEvent.workstation_id == desk.name)
                                 .order_by(AuditEvent.sequence)).all()
        previous = GENESIS
        for event in events:
            if event.sequence >= first:
                event.prev_hash = previous
                event.hash = event_hash(event)
            previous = event.hash


def renumber(desk: Desk) -> None:
    with desk.engine.begin() as conn:
        ids = list(conn.scalars(sa.select(AuditEvent.id).where(AuditEvent.workstation_id == desk.name)
                                .order_by(AuditEvent.sequence)))
        conn.execute(sa.update(AuditEvent).where(AuditEvent.workstation_id == desk.name).values(sequence=-AuditEvent.sequence))
        for n, event_id in enumerate(ids, start=1):
            conn.execute(sa.update(AuditEvent).where(AuditEvent.id == event_id).values(sequence=n))


def forge(desk: Desk, sequence: int, clock: FixedClock) -> None:
    """Make room at `sequence` and insert an event there, as if it had always been recorded."""
    with desk.engine.begin() as conn:
        conn.execute(sa.update(AuditEvent).where(AuditEvent.workstation_id == desk.name, AuditEvent.sequence >= sequence)
                     .values(sequence=-(AuditEvent.sequence + 1)))
        conn.execute(sa.update(AuditEvent).where(AuditEvent.workstation_id == desk.name, AuditEvent.sequence < 0)
                     .values(sequence=-AuditEvent.sequence))
        conn.execute(sa.insert(AuditEvent).values(
            id=uuid.uuid4(), workstation_id=desk.name, sequence=sequence, at=clock.now, staff_id=None,
            action="payment.voided", subject_type="payment", subject_id="p-1", details={}, prev_hash="", hash=""))


def append_forged(desk: Desk, clock: FixedClock) -> None:
    with desk.engine.begin() as conn:
        last = conn.execute(sa.select(AuditEvent.sequence, AuditEvent.hash).where(AuditEvent.workstation_id == desk.name)
                            .order_by(AuditEvent.sequence.desc()).limit(1)).first()
    event = AuditEvent(id=uuid.uuid4(), workstation_id=desk.name, sequence=(last.sequence if last else 0) + 1,
                       at=clock.now, staff_id=RITA.staff_id, action="refund.approved", subject_type="payment",
                       subject_id="p-2", details={}, prev_hash=last.hash if last else GENESIS)
    event.hash = event_hash(event)
    with desk.engine.begin() as conn:
        conn.execute(sa.insert(AuditEvent).values(**{c.name: getattr(event, c.name) for c in AuditEvent.__table__.columns}))


WS = "workstation_id = 'DESK1'"
TAMPERINGS: dict[str, Callable[[Desk, FixedClock], None]] = {
    # the seven that passed a plain, unanchored chain
    "delete the last event": lambda d, c: execute(d, f"DELETE FROM audit_events WHERE {WS} AND sequence = {EVENTS}"),
    "delete the last ten": lambda d, c: execute(d, f"DELETE FROM audit_events WHERE {WS} AND sequence > {EVENTS - 10}"),
    "delete all": lambda d, c: execute(d, "DELETE FROM audit_events"),
    "edit then recompute": lambda d, c: (
        execute(d, f"UPDATE audit_events SET subject_id = 'someone-else' WHERE {WS} AND sequence = 7"), rehash_from(d, 7)),
    "delete then recompute": lambda d, c: (
        execute(d, f"DELETE FROM audit_events WHERE {WS} AND sequence = 7"), renumber(d), rehash_from(d, 7)),
    "forge then recompute": lambda d, c: (forge(d, 7, c), rehash_from(d, 7)),
    "append a forged event": append_forged,
    # those a plain chain already showed
    "edit": lambda d, c: execute(d, f"UPDATE audit_events SET action = 'student.edited' WHERE {WS} AND sequence = 4"),
    "edit the time": lambda d, c: execute(d, f"UPDATE audit_events SET at = '2020-01-01 00:00:00' WHERE {WS} AND sequence = 2"),
    "edit the details": lambda d, c: execute(d, f"UPDATE audit_events SET details = '{{}}' WHERE {WS} AND sequence = 3"),
    "edit the link": lambda d, c: execute(d, f"UPDATE audit_events SET prev_hash = '{'1' * 64}' WHERE {WS} AND sequence = 5"),
    "edit the hash": lambda d, c: execute(d, f"UPDATE audit_events SET hash = '{'2' * 64}' WHERE {WS} AND sequence = 5"),
    "delete one": lambda d, c: execute(d, f"DELETE FROM audit_events WHERE {WS} AND sequence = 6"),
    "delete the first": lambda d, c: execute(d, f"DELETE FROM audit_events WHERE {WS} AND sequence = 1"),
    "delete two": lambda d, c: execute(d, f"DELETE FROM audit_events WHERE {WS} AND sequence IN (5, 6)"),
    "swap two": lambda d, c: execute(
        d, f"UPDATE audit_events SET sequence = -1 WHERE {WS} AND sequence = 3",
        f"UPDATE audit_events SET sequence = 3 WHERE {WS} AND sequence = 4",
        f"UPDATE audit_events SET sequence = 4 WHERE {WS} AND sequence = -1"),
    "delete then renumber": lambda d, c: (execute(d, f"DELETE FROM audit_events WHERE {WS} AND sequence = 9"), renumber(d)),
    "forge without recomputing": lambda d, c: forge(d, 12, c),
    "edit the staff member": lambda d, c: execute(d, f"UPDATE audit_events SET staff_id = NULL WHERE {WS} AND sequence = 8"),
}


def test_an_untouched_keyed_trail_verifies_on_the_desk_and_against_central(desk: Desk) -> None:
    with SqlUnitOfWork(desk.factory) as uow:
        report = verify_chain(uow, central_copy(desk), own_workstation="DESK1")
    assert report.intact and report.events == EVENTS
    assert report.notes == ("Compared with the central database's copy (20 events).",)
    with desk.factory() as session:
        hashes = session.scalars(sa.select(AuditEvent).where(AuditEvent.sequence == 1)).one()
    assert event_hash(hashes) != hashes.hash, "the desk's chain is keyed, not the plain hash"


@pytest.mark.parametrize("name", list(TAMPERINGS))
def test_every_tampering_of_the_desks_file_is_found(desk: Desk, clock: FixedClock, name: str) -> None:
    TAMPERINGS[name](desk, clock)
    assert problems(desk), f"{name} passed audit verify"


@pytest.mark.parametrize("name", ["edit then recompute", "delete then recompute", "forge then recompute",
                                  "append a forged event"])
def test_a_recomputed_chain_is_found_by_the_key_alone(desk: Desk, clock: FixedClock, name: str) -> None:
    TAMPERINGS[name](desk, clock)
    assert problems(desk, with_central=False), f"{name} passed the keyed check on the desk"


def test_cut_off_events_are_reported_as_truncation(desk: Desk) -> None:
    TAMPERINGS["delete the last ten"](desk, FixedClock())
    assert problems(desk) == ["DESK1 #11: truncated: event #11 to #20 (the end of the chain) is missing here; "
                              "the central database holds it"]
    execute(desk, "DELETE FROM audit_events")
    assert problems(desk) == ["DESK1 #1: truncated: event #1 to #20 (the end of the chain) is missing here; "
                              "the central database holds it"]


def test_a_desk_that_rewrites_its_chain_and_syncs_is_refused(desk: Desk, clock: FixedClock, pg_url: str) -> None:
    central = sa.create_engine(pg_url)
    with central.connect() as conn:
        before = conn.execute(sa.text("SELECT sequence, hash FROM audit_chain_heads WHERE workstation_id = 'DESK1'")).one()
    TAMPERINGS["edit then recompute"](desk, clock)
    record(desk, clock, 1, start=EVENTS)  # the next real event links to the rewritten chain
    report = desk.sync.sync_once()
    [refusal] = report.rejected
    assert "does not extend the chain the central database holds (it ends at #20)" in refusal
    # The rewritten events themselves, sent again, are refused too.
    with desk.engine.connect() as conn:
        spec = plan_by_name()["audit_events"]
        rows = list(read_rows(conn, spec, conn.scalars(sa.select(AuditEvent.id).where(AuditEvent.sequence >= 7))).values())
    store = CentralStore(desk.sync._store().engine, clock=clock)
    outcome = store.push("DESK1", [OutgoingRow("audit_events", row, 0) for row in rows], isolate=True)
    assert outcome.accepted == 0
    with central.connect() as conn:
        head = conn.execute(sa.text("SELECT sequence, hash FROM audit_chain_heads WHERE workstation_id = 'DESK1'")).one()
        assert head == before
        assert conn.scalar(sa.text("SELECT subject_id FROM audit_events WHERE workstation_id = 'DESK1' AND sequence = 7")) \
            == str(uuid.UUID(int=6)), "the central database keeps the original"
    central.dispose()
    assert any("differs" in line for line in problems(desk))


def test_a_desk_login_cannot_rewrite_or_delete_the_central_trail(desk: Desk) -> None:
    engine = desk.sync._store().engine
    for statement in ("UPDATE audit_events SET action = 'x' WHERE sequence = 3",
                      "DELETE FROM audit_events WHERE sequence = 20",
                      "UPDATE audit_chain_heads SET sequence = 1",
                      "DELETE FROM central_desks"):
        with pytest.raises(sa.exc.DBAPIError) as refused, engine.begin() as conn:
            conn.execute(sa.text(statement))
        assert "permission denied" in str(refused.value.orig) or "may not change" in str(refused.value.orig)


def test_a_forged_event_pushed_under_another_desks_id_is_refused(desk: Desk, tmp_path: Path, pg_url: str,
                                                                 clock: FixedClock) -> None:
    other = keyed_desk(tmp_path, "DESK2", pg_url, clock)
    record(other, clock, 2, actor=Actor(uuid.uuid4(), "sam", Role.REGISTRAR, "DESK2"))
    other.sync.sync_once()
    forged = {"id": uuid.uuid4(), "workstation_id": "DESK2", "sequence": 3, "at": clock.now, "staff_id": None,
              "action": "refund.approved", "subject_type": "payment", "subject_id": "p-9", "details": {}}
    owner = sa.create_engine(pg_url)
    with owner.connect() as conn:
        head = conn.scalar(sa.text("SELECT hash FROM audit_chain_heads WHERE workstation_id = 'DESK2'"))
    owner.dispose()
    forged["prev_hash"], forged["hash"] = head, "3" * 64
    store = CentralStore(desk.sync._store().engine, clock=clock)  # DESK1's own login
    outcome = store.push("DESK1", [OutgoingRow("audit_events", forged, 0)], isolate=True)
    assert outcome.accepted == 0
    [reason] = outcome.rejected.values()
    assert "audit event of workstation DESK2 refused: this login is desk DESK1" in reason
    # Nor can DESK1's login pass itself off as DESK2.
    with pytest.raises(WorkstationConflict, match="signs in to the central database as workstation DESK1"):
        store.push("DESK2", [OutgoingRow("audit_events", forged, 0)])


def test_a_desk_set_to_another_workstation_id_is_told_so(desk: Desk, pg_url: str, clock: FixedClock) -> None:
    url, secrets = desk_login(pg_url, "DESK1")
    from oncopos.adapters.sync import Synchronizer

    imposter = Synchronizer(desk.engine, url, workstation_id="DESK9", invoice_series="DESK9", clock=clock, secrets=secrets)
    with pytest.raises(WorkstationConflict, match="oncopos central add-desk DESK9"):
        imposter.sync_once()
    imposter.close()
