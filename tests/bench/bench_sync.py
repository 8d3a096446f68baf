"""Push and pull throughput of sync, against a naive row-by-row exchange of the same rows.

A desk (SQLite) holds N new rows (a quarter students, a quarter enrollments, half payments, each
with its outbox entry, as the app writes them). Measured in the same run, on the same machine:

- push: `Synchronizer.push()` (batches of 1,000, one central transaction each) into a fresh central
  PostgreSQL, versus row by row: per outbox entry, read the row, upsert it on the central database
  with its change-log entry in its own transaction, mark the entry sent;
- pull: a new desk's `Synchronizer.pull()` of those N changes, versus row by row: per change-log
  entry, fetch the row from the central database, upsert it on the desk with the cursor, commit;
- and the floor for both: a plain bulk copy of the same rows (one executemany INSERT per table
  through psycopg, parents first, one transaction, no versions, change log or cursor), which
  sync cannot beat: the ratio says what its guarantees cost.

    bash build_scripts/with_postgres.sh .venv/bin/python tests/bench/bench_sync.py [--rows 10000]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from oncopos.adapters.db.engine import make_engine
from oncopos.adapters.db.migrate import upgrade
from oncopos.adapters.db.models.base import Base
from oncopos.adapters.db.models.sync import CentralChange, OutboxEntry, SyncState
from oncopos.adapters.db.session import make_session_factory, utc_now
from oncopos.adapters.sync import Synchronizer
from oncopos.adapters.sync.rows import read_rows, write_rows
from oncopos.adapters.sync.tables import plan_by_name
from tests.integration.sync_helpers import course_and_section, enrollment, payment, student


@contextmanager
def central_database(admin: sa.Engine, base_url: str) -> Iterator[str]:
    name = f"bench_sync_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = sa.make_url(base_url).set(database=name).render_as_string(hide_password=False)
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def new_desk(path: Path, name: str) -> sa.Engine:
    engine = make_engine(f"sqlite:///{path / (name + '.sqlite3')}")
    upgrade(engine)
    return engine


def fill(engine: sa.Engine, rows: int) -> None:
    factory = make_session_factory(engine, workstation_id="DESK1")
    course, section = course_and_section()
    quarter = rows // 4
    with factory() as session, session.begin():
        session.add_all([course, section])
        people = [student() for _ in range(quarter)]
        enrolled = [enrollment(p, section) for p in people]
        session.add_all(people)
        session.add_all(enrolled)
        session.flush()
        session.add_all(payment(e, 10_000 + n, "DESK1") for e in enrolled for n in range(2))


def timed(work) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def naive_push(desk: sa.Engine, central_url: str) -> None:
    plan = plan_by_name()
    central = sa.create_engine(central_url)
    outbox = OutboxEntry.__table__
    with desk.connect() as conn:
        entries = conn.execute(sa.select(outbox).where(outbox.c.sent_at.is_(None)).order_by(outbox.c.id)).all()
    for entry in entries:
        spec = plan[entry.table_name]
        with desk.connect() as conn:
            row = read_rows(conn, spec, [entry.row_id])[entry.row_id]
        with central.begin() as conn:
            write_rows(conn, spec, [row], on_conflict="newer")
            conn.execute(sa.insert(CentralChange.__table__).values(
                table_name=spec.name, row_id=row["id"], version=row["version"], workstation_id="DESK1",
                pushed_version=row["version"], recorded_at=datetime.now(UTC)))
        with desk.begin() as conn:
            conn.execute(sa.update(outbox).where(outbox.c.id == entry.id).values(sent_at=datetime.now(UTC)))
    central.dispose()


def naive_pull(desk: sa.Engine, central_url: str) -> None:
    plan = plan_by_name()
    central = sa.create_engine(central_url)
    log = CentralChange.__table__
    with central.connect() as conn:
        entries = conn.execute(sa.select(log.c.seq, log.c.table_name, log.c.row_id).order_by(log.c.seq)).all()
    for entry in entries:
        spec = plan[entry.table_name]
        with central.connect() as conn:
            row = read_rows(conn, spec, [entry.row_id])[entry.row_id]
        with desk.begin() as conn:
            write_rows(conn, spec, [row], on_conflict="newer")
            conn.execute(sa.delete(SyncState.__table__).where(SyncState.key == "central_cursor"))
            conn.execute(sa.insert(SyncState.__table__).values(key="central_cursor", value=str(entry.seq)))
    central.dispose()


# Parents first, so foreign keys hold during the bulk copy.
BULK_TABLES = ("courses", "sections", "students", "enrollments", "payments")


def bulk_copy(source: sa.Engine, target_url: str) -> None:
    """Every row of the synced tables from `source` into the fresh database at `target_url`."""
    target = make_engine(target_url)
    with source.connect() as read, target.begin() as write:
        for name in BULK_TABLES:
            table = Base.metadata.tables[name]
            rows = [dict(row) for row in read.execute(sa.select(table)).mappings()]
            if rows:
                write.execute(sa.insert(table), rows)  # executemany (psycopg pipelines it)
    target.dispose()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()
    pg = os.environ.get("ONCOPOS_TEST_PG_URL")
    if not pg:
        print("skipped: sync needs PostgreSQL (run through build_scripts/bench.sh or with_postgres.sh)")
        return 0
    admin = sa.create_engine(pg, isolation_level="AUTOCOMMIT")
    rows = args.rows // 4 * 4 + 2  # + the course and its section
    print(f"Sync of {rows:,} rows (students, enrollments, payments) between SQLite desks and PostgreSQL")
    with tempfile.TemporaryDirectory() as tmp, central_database(admin, pg) as ours_url, central_database(
        admin, pg
    ) as naive_url, central_database(admin, pg) as bulk_url:
        path = Path(tmp)
        ours_desk, naive_desk = new_desk(path, "ours"), new_desk(path, "naive")
        fill(ours_desk, args.rows)
        fill(naive_desk, args.rows)
        sync = Synchronizer(ours_desk, ours_url, workstation_id="DESK1", invoice_series="DESK1", clock=utc_now)
        push_ours = timed(sync.push)
        push_naive = timed(lambda: naive_push(naive_desk, naive_url))
        reader = Synchronizer(new_desk(path, "reader"), ours_url, workstation_id="DESK2", invoice_series="DESK2", clock=utc_now)
        pull_ours = timed(reader.pull)
        pull_naive = timed(lambda: naive_pull(new_desk(path, "naive_reader"), naive_url))
        push_bulk = timed(lambda: bulk_copy(ours_desk, bulk_url))
        bulk_reader = new_desk(path, "bulk_reader")
        pull_bulk = timed(lambda: bulk_copy(make_engine(bulk_url), f"sqlite:///{path / 'bulk_reader.sqlite3'}"))
        bulk_reader.dispose()
        sync.close()
        reader.close()
    admin.dispose()
    for label, ours, naive, bulk in (("push", push_ours, push_naive, push_bulk), ("pull", pull_ours, pull_naive, pull_bulk)):
        print(
            f"{label}: sync {ours:6.2f} s ({rows / ours:8,.0f} rows/s) | row by row {naive:6.2f} s "
            f"({rows / naive:7,.0f} rows/s), sync {naive / ours:5.1f}x faster | bulk copy {bulk:6.2f} s "
            f"({rows / bulk:8,.0f} rows/s), sync takes {ours / bulk:5.1f}x the floor"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
