"""`oncopos audit verify` over a large trail, against reading the same rows, on SQLite (and PostgreSQL).

Fills a database with N chained audit events (built with the real hash function, inserted in
bulk), then times, in the same run on the same rows: (a) reading every event of the chain, the
baseline a verification cannot beat, and (b) verify_chain, which also recomputes every hash and
checks every link. Prints both and the ratio. Also times one argon2id hash and verification with
the parameters staff passwords use (a sign-in costs one verification).

    python tests/bench/bench_audit_verify.py [--events 100000]
    (PostgreSQL is measured when ONCOPOS_TEST_PG_URL is set: build_scripts/bench.sh does it.)
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from oncopos.adapters.db.engine import make_engine
from oncopos.adapters.db.migrate import upgrade
from oncopos.adapters.db.models.audit import AuditEvent
from oncopos.adapters.db.repositories.audit import GENESIS, event_hash
from oncopos.adapters.db.session import make_session_factory
from oncopos.adapters.db.uow import SqlUnitOfWork
from oncopos.services.audit import verify_chain


def fill(engine: sa.Engine, events: int) -> None:
    start = datetime(2026, 1, 5, 14, 0, tzinfo=UTC)
    staff = [uuid.uuid4() for _ in range(6)]
    rows, prev = [], GENESIS
    for n in range(1, events + 1):
        event = AuditEvent(
            id=uuid.uuid4(), workstation_id="DESK1", sequence=n, at=start + timedelta(seconds=20 * n),
            staff_id=staff[n % 6], action="student.viewed" if n % 4 else "payment.succeeded",
            subject_type="student", subject_id=str(uuid.uuid4()), details={"amount_cents": n * 100} if n % 4 == 0 else {},
            prev_hash=prev,
        )
        event.hash = prev = event_hash(event)
        rows.append({c.key: getattr(event, c.key) for c in AuditEvent.__table__.columns})
    with engine.begin() as conn:
        for offset in range(0, len(rows), 5000):
            conn.execute(sa.insert(AuditEvent), rows[offset : offset + 5000])


def measure(url: str, events: int) -> None:
    engine = make_engine(url)
    upgrade(engine)
    fill(engine, events)
    factory = make_session_factory(engine, workstation_id="DESK1")
    with SqlUnitOfWork(factory) as uow:
        t = time.perf_counter()
        read = sum(1 for _ in uow.audit_log.chain("DESK1"))
        baseline = time.perf_counter() - t
    with SqlUnitOfWork(factory) as uow:
        t = time.perf_counter()
        report = verify_chain(uow)
        took = time.perf_counter() - t
    assert read == events and report.intact and report.events == events
    name = engine.dialect.name
    print(f"{name:<10} {events} events: read {baseline:.2f} s, verify {took:.2f} s "
          f"({took / events * 1e6:.0f} µs/event), ratio {took / baseline:.1f}x")
    engine.dispose()


def argon2_cost() -> None:
    from argon2 import PasswordHasher

    hasher = PasswordHasher()
    t = time.perf_counter()
    hashed = hasher.hash("maple syrup at dawn")
    hashing = time.perf_counter() - t
    t = time.perf_counter()
    hasher.verify(hashed, "maple syrup at dawn")
    verifying = time.perf_counter() - t
    print(f"argon2id m={hasher.memory_cost // 1024} MiB t={hasher.time_cost} p={hasher.parallelism}: "
          f"hash {hashing * 1000:.0f} ms, verify {verifying * 1000:.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        measure(f"sqlite:///{Path(tmp) / 'bench.sqlite3'}", args.events)
    pg = os.environ.get("ONCOPOS_TEST_PG_URL")
    if pg:
        name = f"bench_{uuid.uuid4().hex[:8]}"
        admin = sa.create_engine(pg, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        try:
            measure(sa.make_url(pg).set(database=name).render_as_string(hide_password=False), args.events)
        finally:
            with admin.connect() as conn:
                conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()
    argon2_cost()


if __name__ == "__main__":
    main()
