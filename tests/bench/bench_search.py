"""Student search over 100,000 and 1,000,000 students, keystroke by keystroke, on SQLite and PostgreSQL.

For each database it types a few realistic queries one character at a time and times every
StudentDirectory.search call (what the window runs on each keystroke), and, in the same run on
the same data, a plain indexed SQL query: the first 50 students whose sort name starts with the
typed text (one index range scan, nothing else). It prints the median and worst time per
keystroke and the ratio of medians. The target: worst keystroke at most 30 ms, median at most
5x the plain query.

The students are loaded the fastest way each database has (SQLite: one executemany per table
with the search indexes built after; PostgreSQL: COPY), from the rows `bulk_students` writes.

    python tests/bench/bench_search.py [--students 100000,1000000]
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
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from oncopos.adapters.db.engine import make_engine
from oncopos.adapters.db.migrate import upgrade
from oncopos.adapters.db.models.people import Student, StudentSearchTerm, search_rows
from oncopos.adapters.db.seed import bulk_student_rows
from oncopos.adapters.db.session import make_session_factory
from oncopos.adapters.db.uow import SqlUnitOfWork
from oncopos.domain.access import system_actor
from oncopos.domain.search import fold
from oncopos.services.students import StudentDirectory

BENCH = system_actor("BENCH")
GENERATED = 100_000
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
    typed_at: list[str] = []
    for _warm in range(2):  # the first pass warms caches; only the second is kept
        ours.clear()
        baseline.clear()
        typed_at.clear()
        for query in QUERIES:
            for typed in keystrokes(query):
                start = time.perf_counter()
                directory.search(BENCH, typed)
                ours.append(time.perf_counter() - start)
                typed_at.append(typed)
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
    # Which keystrokes are slow says which plan to look at (EXPLAIN them with the same text).
    slowest = sorted(zip(ours, typed_at, strict=True), reverse=True)[:5]
    print(f"{'':<11} slowest: " + ", ".join(f"{typed!r} {seconds * 1000:.1f} ms" for seconds, typed in slowest))


class Loader:
    """Students written the fastest way each database has: SQLite gets its words through a plain
    staging table, copied over in index order once; PostgreSQL gets COPY. The search indexes are
    built once at the end, which is far faster than row by row."""

    def __init__(self, url: str) -> None:
        self.engine = make_engine(url)
        upgrade(self.engine)
        self.conn = self.engine.connect()
        self.conn.begin()
        self.raw = self.conn.connection.driver_connection
        self.pg = self.engine.dialect.name == "postgresql"
        self.later = list(StudentSearchTerm.__table__.indexes)
        for index in self.later:
            index.drop(self.conn)
        if not self.pg:
            self.conn.exec_driver_sql("PRAGMA cache_size=-400000")
            self.conn.exec_driver_sql(
                "CREATE TEMP TABLE staged_words AS SELECT * FROM student_search_terms WHERE 0"
            )

    def write(self, students: list[dict[str, Any]], terms: list[dict[str, Any]]) -> None:
        if self.pg:
            _copy(self.raw, Student.__table__, students)
            _copy(self.raw, StudentSearchTerm.__table__, terms)
        else:
            _executemany(self.conn, self.raw, Student.__table__, students)
            _executemany(self.conn, self.raw, StudentSearchTerm.__table__, terms, into="staged_words")

    def finish(self) -> sa.Engine:
        if not self.pg:
            self.conn.exec_driver_sql(
                "INSERT INTO student_search_terms SELECT * FROM staged_words ORDER BY term, student_id"
            )
            self.conn.exec_driver_sql("DROP TABLE staged_words")
        for index in self.later:
            index.create(self.conn)
        self.conn.commit()
        if self.pg:
            self.conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("VACUUM ANALYZE")
        else:
            self.conn.exec_driver_sql("ANALYZE")
            self.conn.commit()
        self.conn.close()
        return self.engine


def school(students: int) -> Iterator[tuple[list[dict[str, Any]], list[dict[str, Any]]]]:
    """The rows of `bulk_students`: the first GENERATED students made as it makes them, the rest
    copies of those with their own id, student number and number words (the names, emails and
    phones of 100,000 random students already repeat like a real school's), since making each of
    a million students from scratch takes most of the run."""
    base: list[tuple[list[dict[str, Any]], list[dict[str, Any]]]] = []
    for batch in bulk_student_rows(min(students, GENERATED)):
        base.append(batch)
        yield batch
    made = min(students, GENERATED)
    while made < students:
        for rows, terms in base:
            by_student: dict[uuid.UUID, list[dict[str, Any]]] = {}
            for term in terms:
                by_student.setdefault(term["student_id"], []).append(term)
            copies, words = [], []
            for row in rows[: students - made]:
                made += 1
                number = f"B{made:07d}"
                copy = {**row, "id": uuid.uuid4(), "student_number": number}
                copies.append(copy)
                old_number = {fold(row["student_number"]), row["student_number"][1:]}
                kept = [t["term"] for t in by_student[row["id"]] if t["term"] not in old_number]
                words.extend(search_rows(copy["id"], copy["sort_name"], {*kept, fold(number), number[1:]}))
            yield copies, words
            if made >= students:
                return


def fill(urls: list[str], students: int) -> list[sa.Engine]:
    """The same students in every database (made once: that is most of the time)."""
    start = time.perf_counter()
    loaders = [Loader(url) for url in urls]
    for rows, terms in school(students):
        for loader in loaders:
            loader.write(rows, terms)
    engines = [loader.finish() for loader in loaders]
    print(f"  loaded {students} students in {time.perf_counter() - start:.1f} s")
    return engines


def _copy(raw: Any, table: sa.Table, rows: list[dict[str, Any]]) -> None:
    columns = [c.name for c in table.columns]
    with raw.cursor() as cursor, cursor.copy(f"COPY {table.name} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row([row[c] for c in columns])


def _executemany(
    conn: sa.Connection, raw: Any, table: sa.Table, rows: list[dict[str, Any]], *, into: str | None = None
) -> None:
    """Values converted as SQLAlchemy would (uuids, aware times), then sqlite3's own executemany."""
    columns = list(table.columns)
    convert = [c.type.bind_processor(conn.dialect) or (lambda v: v) for c in columns]
    names, marks = ", ".join(c.name for c in columns), ", ".join("?" * len(columns))
    raw.executemany(
        f"INSERT INTO {into or table.name} ({names}) VALUES ({marks})",
        [[f(row[c.name]) for f, c in zip(convert, columns, strict=True)] for row in rows],
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--students", default="100000,1000000", help="school sizes, comma-separated")
    args = parser.parse_args()
    for students in (int(n) for n in args.students.split(",")):
        run(students)
    return 0


def run(students: int) -> None:
    print(f"Student search, {students} students, queries typed one key at a time: {', '.join(QUERIES)}")
    pg = os.environ.get("ONCOPOS_TEST_PG_URL")
    with tempfile.TemporaryDirectory() as tmp:
        urls = [f"sqlite:///{tmp}/bench.sqlite3"]
        name = f"bench_{uuid.uuid4().hex[:8]}"
        admin = sa.create_engine(pg, isolation_level="AUTOCOMMIT") if pg else None
        if pg and admin is not None:
            with admin.connect() as conn:
                conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
            urls.append(sa.make_url(pg).set(database=name).render_as_string(hide_password=False))
        try:
            for engine, label in zip(fill(urls, students), ("SQLite", "PostgreSQL"), strict=False):
                measure(engine, label)
                engine.dispose()
        finally:
            if admin is not None:
                with admin.connect() as conn:
                    conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                admin.dispose()
    if not pg:
        print("PostgreSQL   skipped (ONCOPOS_TEST_PG_URL not set; run build_scripts/bench.sh)")


if __name__ == "__main__":
    raise SystemExit(main())
