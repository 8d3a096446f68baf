"""Audit events chain by hash per workstation, in the caller's transaction."""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from oncopos.adapters.db.models.audit import AuditEvent
from oncopos.adapters.db.repositories.audit import GENESIS, event_hash
from oncopos.adapters.db.session import make_session_factory
from oncopos.adapters.db.uow import SqlUnitOfWork
from oncopos.domain.access import Actor, Permission, Role
from tests.actors import approved, fixture_actor
from tests.conftest import FixedClock


def test_events_chain_and_roll_back_with_the_work(engine: Engine, clock: FixedClock) -> None:
    factory = make_session_factory(engine, workstation_id="DESK1")
    alice = fixture_actor(uuid.uuid4(), "alice", Role.REGISTRAR, "DESK1")
    boss = fixture_actor(uuid.uuid4(), "boss", Role.MANAGER, "DESK1")
    with SqlUnitOfWork(factory) as uow:
        uow.audit.record(alice, "student.viewed", at=clock(), subject_type="student", subject_id="s-1")
        uow.audit.record(
            approved(alice, boss, "wrong amount", Permission.VOID),
            "payment.voided", at=clock(), subject_type="payment", subject_id=uuid.UUID(int=7), details={"amount_cents": 500},
        )
        uow.commit()
    with SqlUnitOfWork(factory) as uow:
        uow.audit.record(alice, "never.committed", at=clock())
    with SqlUnitOfWork(factory) as uow:
        uow.audit.record(Actor(None, "system", Role.ADMIN, "DESK2"), "sync.pushed", at=clock())
        uow.audit.record(alice, "student.viewed", at=clock(), details={"fields": ["email"]})
        uow.commit()
    with factory() as session:
        events = session.scalars(sa.select(AuditEvent).order_by(AuditEvent.workstation_id, AuditEvent.sequence)).all()
    assert [(e.workstation_id, e.sequence, e.action) for e in events] == [
        ("DESK1", 1, "student.viewed"), ("DESK1", 2, "payment.voided"), ("DESK1", 3, "student.viewed"),
        ("DESK2", 1, "sync.pushed"),
    ]
    desk1 = events[:3]
    assert desk1[0].prev_hash == GENESIS and events[3].prev_hash == GENESIS
    assert [e.prev_hash for e in desk1[1:]] == [e.hash for e in desk1[:-1]]
    assert all(event_hash(e) == e.hash for e in events), "hash recomputed from what the database returns"
    assert desk1[1].details == {"amount_cents": 500, "approved_by": "boss", "override_reason": "wrong amount"}
    assert desk1[1].subject_id == str(uuid.UUID(int=7))
