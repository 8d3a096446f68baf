"""Sync when things go wrong: no central database, a connection cut mid-batch, a crash between
the central commit and the desk's bookkeeping, random cuts while three desks work."""

from __future__ import annotations

import contextlib
import random
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from oncopos.adapters.db.models.enrollments import Enrollment
from oncopos.adapters.db.models.people import Student
from oncopos.adapters.db.models.sync import CentralChange
from oncopos.adapters.sync import central as central_module
from oncopos.adapters.sync.desk import DeskStore
from oncopos.domain.errors import DatabaseUnavailable
from tests.conftest import FixedClock
from tests.integration.sync_helpers import (
    CuttableProxy,
    Desk,
    course_and_section,
    enrollment,
    make_desk,
    payment,
    snapshot,
    student,
)

SHARED = ("students", "courses", "sections", "enrollments", "payments", "audit_events", "overpayment_flags")
DOWN = "postgresql+psycopg://oncopos@127.0.0.1:9/oncopos"  # nothing listens on the discard port


@pytest.fixture
def proxy(pg_url: str) -> Iterator[CuttableProxy]:
    proxy = CuttableProxy(pg_url)
    yield proxy
    proxy.close()


@pytest.fixture
def central(pg_url: str) -> Iterator[sa.Engine]:
    engine = sa.create_engine(pg_url)
    yield engine
    engine.dispose()


def no_duplicate_changes(central: sa.Engine) -> None:
    table = CentralChange.__table__
    key = (table.c.table_name, table.c.row_id, table.c.pushed_version, table.c.workstation_id)
    with central.connect() as conn:
        total = conn.scalar(sa.select(sa.func.count()).select_from(table))
        distinct = conn.scalar(sa.select(sa.func.count()).select_from(sa.select(*key).distinct().subquery()))
    assert total == distinct


def test_without_the_central_database_the_desk_keeps_working_and_loses_nothing(
    tmp_path: Path, pg_url: str, central: sa.Engine, clock: FixedClock
) -> None:
    offline = make_desk(tmp_path, "DESK1", DOWN, clock)
    course, section = course_and_section()
    pupil = student()
    enrolled = enrollment(pupil, section)
    offline.add(course, section, pupil, enrolled)

    started = time.monotonic()
    with pytest.raises(DatabaseUnavailable, match=r"Cannot reach the central database .*127.0.0.1:9.* keep working here"):
        offline.sync.sync_once()
    assert offline.sync.refresh_enrollment(enrolled.id) is False
    assert time.monotonic() - started < 2.0  # the charge is not held up

    offline.add(payment(enrolled, 40_000, "DESK1"))  # still taking payments
    assert offline.pending() == 5

    # The same desk once the central database is back.
    online = make_desk(tmp_path, "DESK1", pg_url, clock)
    assert online.sync.sync_once().pending == 0
    assert snapshot(central, SHARED) == online.snapshot(SHARED)


def test_a_connection_cut_in_the_middle_of_a_push_loses_and_duplicates_nothing(
    tmp_path: Path, proxy: CuttableProxy, central: sa.Engine, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    desk = make_desk(tmp_path, "DESK1", proxy.url, clock)
    course, section = course_and_section()
    people = [student(f"Élève{n}", "Tremblay") for n in range(30)]
    desk.add(course, section, *people)
    original = central_module._Table.push
    calls = []

    def cut_after_first_table(self, rows, touched):  # type: ignore[no-untyped-def]
        original(self, rows, touched)
        calls.append(self.spec.name)
        if len(calls) == 2:  # courses and sections written, students next: the network drops
            proxy.cut()

    monkeypatch.setattr(central_module._Table, "push", cut_after_first_table)
    with pytest.raises(DatabaseUnavailable):
        desk.sync.sync_once()
    monkeypatch.setattr(central_module._Table, "push", original)
    with central.connect() as conn:
        # The batch was one transaction: nothing of it is on the central database.
        assert conn.scalar(sa.select(sa.func.count()).select_from(CentralChange)) == 0
    assert desk.pending() == 32

    proxy.restore()
    desk.sync.sync_once()
    assert desk.pending() == 0
    assert snapshot(central, ("students", "courses", "sections")) == desk.snapshot(("students", "courses", "sections"))
    no_duplicate_changes(central)


def test_a_crash_after_the_central_commit_sends_the_batch_again_without_duplicates(
    tmp_path: Path, pg_url: str, central: sa.Engine, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    desk = make_desk(tmp_path, "DESK1", pg_url, clock)
    course, section = course_and_section()
    pupil = student()
    enrolled = enrollment(pupil, section)
    desk.add(course, section, pupil, enrolled, payment(enrolled, 10_000, "DESK1"))

    def crash(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise SystemExit("power cut")

    monkeypatch.setattr(DeskStore, "finish_push", crash)
    with pytest.raises(SystemExit):
        desk.sync.sync_once()
    monkeypatch.undo()
    before = snapshot(central, (*SHARED, "central_changes"))
    assert desk.pending() == 5  # the desk never learnt that the batch arrived

    desk.sync.sync_once()
    assert desk.pending() == 0
    assert snapshot(central, (*SHARED, "central_changes")) == before


def test_a_connection_cut_in_the_middle_of_a_pull_resumes_from_the_cursor(
    tmp_path: Path, pg_url: str, proxy: CuttableProxy, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = make_desk(tmp_path, "DESK1", pg_url, clock)
    course, section = course_and_section()
    people = [student(f"Élève{n}", "Gagnon") for n in range(25)]
    source.add(course, section, *people)
    source.sync.sync_once()

    reader = make_desk(tmp_path, "DESK2", proxy.url, clock, batch_size=10)
    original = DeskStore.apply_pulled
    applied = []

    def cut_after_first_batch(self, rows, **kwargs):  # type: ignore[no-untyped-def]
        result = original(self, rows, **kwargs)
        applied.append(kwargs.get("cursor"))
        if len(applied) == 1:
            proxy.cut()
        return result

    monkeypatch.setattr(DeskStore, "apply_pulled", cut_after_first_batch)
    with pytest.raises(DatabaseUnavailable):
        reader.sync.sync_once()
    # The first batch (the course and 9 students, parents first) is kept with its cursor.
    assert reader.sync.desk.cursor() == 10 and reader.count(Student) == 9
    proxy.restore()
    reader.sync.sync_once()
    assert reader.snapshot(("students", "courses", "sections")) == source.snapshot(("students", "courses", "sections"))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_three_desks_with_random_cuts_converge_to_identical_content(
    tmp_path: Path, proxy: CuttableProxy, central: sa.Engine, clock: FixedClock, seed: int
) -> None:
    """Random interleavings of new students, edits of the same student on several desks, payments
    on any desk that has the enrollment, syncs, and the network cut and restored at random."""
    rng = random.Random(seed)
    desks = [make_desk(tmp_path, f"DESK{n}", proxy.url, clock, batch_size=7) for n in (1, 2, 3)]
    course, section = course_and_section()
    desks[0].add(course, section)
    for desk in desks:
        desk.sync.sync_once()
    known: list[tuple[Student, Enrollment]] = []
    payments_made = 0
    for _step in range(80):
        desk = rng.choice(desks)
        roll = rng.random()
        if roll < 0.3:
            pupil = student(rng.choice(["Zoë", "Luc", "Anne"]), rng.choice(["Côté", "Roy", "Smith"]))
            enrolled = enrollment(pupil, section, total_cents=50_000)
            desk.add(pupil, enrolled)
            known.append((pupil, enrolled))
        elif roll < 0.5 and known:
            pupil, _ = rng.choice(known)
            if _has(desk, pupil):
                desk.edit(Student, pupil.id, phone=f"+1416555{rng.randint(1000, 9999)}")
        elif roll < 0.7 and known:
            _, enrolled = rng.choice(known)
            if _has(desk, enrolled):
                desk.add(payment(enrolled, rng.choice([5_000, 10_000, 25_000]), desk.name))
                payments_made += 1
        elif roll < 0.8:
            proxy.cut()
        elif roll < 0.9:
            proxy.restore()
        if rng.random() < 0.5:
            with contextlib.suppress(DatabaseUnavailable):
                desk.sync.sync_once()
        clock.now += timedelta(seconds=rng.randint(1, 90))
    proxy.restore()
    for _round in range(2):
        for desk in desks:
            desk.sync.sync_once()
    shared = snapshot(central, SHARED)
    assert len(shared["students"]) == len(known) and len(shared["payments"]) == payments_made
    for desk in desks:
        assert desk.pending() == 0
        assert desk.snapshot(SHARED) == shared
    no_duplicate_changes(central)


def _has(desk: Desk, row: object) -> bool:
    return desk.get(type(row), row.id) is not None  # type: ignore[attr-defined]
