"""Student search over 100,000 students, keystroke by keystroke, on SQLite and PostgreSQL.

For each database it types a few realistic queries one character at a time and times every
StudentDirectory.search call (what the window runs on each keystroke), and, in the same run on
the same data, a plain indexed SQL query: the first 50 students whose sort name starts with the
typed text (one index range scan, nothing else). It prints the median and worst time per
keystroke and the ratio of medians. "Instant" for a person is under about 100 ms.

    python tests/bench/bench_search.py [--students 100000]
    (PostgreSQL is measured when ONCOPOS_TEST_PG_URL is set: build_scripts/bench.sh does it.)
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from oncopos.adapters.db.engine import make_engine
from oncopos.adapters.db.migrate import upgrade
from oncopos.adapters.db.models.people import Student
from oncopos.adapters.db.seed import bulk_students
from oncopos.adapters.db.session import make_session_factory
from oncopos.adapters.db.uow import SqlUnitOfWork
from oncopos.domain.access import system_actor
from oncopos.domain.search import fold
from oncopos.services.students import StudentDirectory

BENCH = system_actor("BENCH")
QUERIES = ("marie gagnon", "tremblay", "emilie.c", "(514) 555-01", "S1000", "ZOË", "o'brien")


def keystrokes(query: str) -> list[str]:
    return [query[:n] for n in range(1, len(query) + 1)]


def measure(engine: sa.Engine, label: str) -> None:
    factory = make_session_factory(engine, workstation_id="BENCH")
    directory = StudentDirectory(lambda: SqlUnitOfWork(factory))
    plain = (
        sa.select(Student.id, Student.first_name, Student.last_name, Student.email)
        .where(Student.sort_name >= sa.bindparam("p"), Student.sort_name < sa.bindparam("hi"))
        .order_by(Student.sort_name)
        .limit(50)
    )
    ours: list[float] = []
    baseline: list[float] = []
    for _warm in range(2):  # the first pass warms caches; only the second is kept
        ours.clear()
        baseline.clear()
        for query in QUERIES:
            for typed in keystrokes(query):
                start = time.perf_counter()
                directory.search(BENCH, typed)
                ours.append(time.perf_counter() - start)
                prefix = " ".join(fold(typed).split())
                start = time.perf_counter()
                with factory() as session:
                    session.execute(plain, {"p": prefix, "hi": prefix + "\U0010ffff"}).all()
                baseline.append(time.perf_counter() - start)
    ms = lambda xs: statistics.median(xs) * 1000  # noqa: E731
    print(
        f"{label:<11} keystrokes={len(ours):3d}  search median {ms(ours):6.2f} ms  worst {max(ours) * 1000:7.2f} ms"
        f"  | plain indexed query median {ms(baseline):6.2f} ms  worst {max(baseline) * 1000:7.2f} ms"
        f"  | ratio of medians {statistics.median(ours) / statistics.median(baseline):5.1f}x"
    )


def fill(url: str, students: int) -> sa.Engine:
    engine = make_engine(url)
    upgrade(engine)
    start = time.perf_counter()
    bulk_students(make_session_factory(engine, workstation_id="BENCH"), students)
    print(f"  loaded {students} students in {time.perf_counter() - start:.1f} s")
    return engine


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--students", type=int, default=100_000)
    args = parser.parse_args()
    print(f"Student search, {args.students} students, queries typed one key at a time: {', '.join(QUERIES)}")
    with tempfile.TemporaryDirectory() as tmp:
        engine = fill(f"sqlite:///{tmp}/bench.sqlite3", args.students)
        measure(engine, "SQLite")
        engine.dispose()
    pg = os.environ.get("ONCOPOS_TEST_PG_URL")
    if pg:
        name = f"bench_{uuid.uuid4().hex[:8]}"
        admin = sa.create_engine(pg, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        try:
            engine = fill(sa.make_url(pg).set(database=name).render_as_string(hide_password=False), args.students)
            with engine.connect() as conn:
                conn.execute(sa.text("ANALYZE"))
                conn.commit()
            measure(engine, "PostgreSQL")
            engine.dispose()
        finally:
            with admin.connect() as conn:
                conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()
    else:
        print("PostgreSQL   skipped (ONCOPOS_TEST_PG_URL not set; run build_scripts/bench.sh)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
