"""Many writers on one SQLite file: every write transaction takes the write lock up front, so a
read-then-write transaction never fails because another connection committed in between, and a
lock that is really held too long reaches a person as one sentence, never as a raw database error."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from oncopos.adapters.db.engine import make_engine
from oncopos.adapters.db.migrate import upgrade
from oncopos.adapters.db.models.messaging import OtpChallenge
from oncopos.adapters.db.models.payments import Payment
from oncopos.domain.errors import DatabaseBusy, UserFacingError
from oncopos.domain.otp import CodeAlreadyUsed, CodeIncorrect
from tests.conftest import FixedClock
from tests.integration.otp_support import make_otp_desk
from tests.integration.sync_helpers import course_and_section, enrollment, make_desk, payment, student

THREADS = 60


@pytest.fixture
def sqlite_engine(tmp_path: Path) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{tmp_path / 'desk.sqlite3'}")
    upgrade(engine)
    yield engine
    engine.dispose()


def all_at_once(count: int, work: Callable[[int], Any]) -> list[BaseException]:
    """Run work(0..count-1) in threads released together; every exception they raised."""
    barrier = threading.Barrier(count)
    errors: list[BaseException] = []
    lock = threading.Lock()

    def run(i: int) -> None:
        barrier.wait()
        try:
            work(i)
        except BaseException as exc:  # collected and asserted on
            with lock:
                errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "a writer never finished"
    return errors


def test_sixty_concurrent_code_checks_on_one_file_never_fail_on_the_database(sqlite_engine: Engine, clock: FixedClock) -> None:
    # 30 codes (the desk's send limit an hour); each is checked twice at once, once with the right
    # code and once with a wrong one: 60 read-then-write transactions released together.
    desk = make_otp_desk(sqlite_engine, clock)
    codes: list[tuple[uuid.UUID, uuid.UUID, str]] = []
    for i in range(THREADS // 2):
        _student, enrollment_id = desk.add_student(100 + i)
        sent = desk.service.send_code(desk.registrar, enrollment_id=enrollment_id, amount_cents=125_000)
        codes.append((sent.challenge_id, enrollment_id, desk.mailer.last_code()))

    def check(i: int) -> None:
        challenge_id, enrollment_id, code = codes[i // 2]
        tried = code if i % 2 == 0 else f"{(int(code) + 1) % 10**len(code):0{len(code)}d}"
        desk.service.verify_code(desk.registrar, challenge_id=challenge_id, code=tried, enrollment_id=enrollment_id,
                                 amount_cents=125_000)

    errors = all_at_once(THREADS, check)
    # Only what the codes themselves say (a wrong code, a code already used), never the database.
    assert [e for e in errors if not isinstance(e, (CodeIncorrect, CodeAlreadyUsed))] == []
    with desk.factory() as session:
        statuses = list(session.scalars(sa.select(OtpChallenge.status)))
    assert sorted(statuses) == ["used"] * (THREADS // 2)


def test_payment_steps_while_sync_pulls_into_the_same_file(tmp_path: Path, pg_url: str, clock: FixedClock) -> None:
    """Desk A writes read-then-write payment steps in threads while its sync applies what desk B
    sent to the central database, over and over: no step fails."""
    a, b = make_desk(tmp_path, "DESKA", pg_url, clock), make_desk(tmp_path, "DESKB", pg_url, clock)
    course, section = course_and_section()
    a.add(course, section)
    a.sync.sync_once()
    b.sync.sync_once()
    students = [student(f"Élève{i}", "Writer") for i in range(20)]
    enrollments = [enrollment(s, section) for s in students]
    a.add(*students)
    a.add(*enrollments)
    payments = [payment(e, 1_000, "DESKA", status="processing") for e in enrollments]
    a.add(*payments)
    a.sync.sync_once()
    b.sync.sync_once()

    stop = threading.Event()
    sync_errors: list[BaseException] = []

    def keep_syncing() -> None:
        n = 0
        while not stop.is_set():
            n += 1
            more = [student(f"Autre{n}-{k}", "Puller") for k in range(25)]
            b.add(*more)
            b.sync.sync_once()
            try:
                a.sync.sync_once()
            except BaseException as exc:
                sync_errors.append(exc)
                return

    syncer = threading.Thread(target=keep_syncing)
    syncer.start()

    def step(i: int) -> None:
        # Read the row, then write it, in one transaction: what every payment step does.
        for round_ in range(8):
            with a.factory() as session, session.begin():
                row = session.get(Payment, payments[i % len(payments)].id)
                assert row is not None
                row.failure_message = f"step {round_} of writer {i}"

    try:
        errors = all_at_once(len(payments), step)
    finally:
        stop.set()
        syncer.join(timeout=120)
    assert errors == [] and sync_errors == []


def test_a_lock_held_too_long_is_one_sentence_not_a_database_error(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'busy.sqlite3'}"
    engine = make_engine(url)
    upgrade(engine)
    impatient = make_engine(url, busy_timeout=0.2)
    try:
        with engine.begin() as holder:
            holder.execute(sa.text("UPDATE sync_state SET value = value"))
            with pytest.raises(DatabaseBusy) as caught, impatient.begin() as conn:
                conn.execute(sa.text("UPDATE sync_state SET value = value"))
        assert isinstance(caught.value, UserFacingError)
        message = str(caught.value)
        assert "OperationalError" not in message and "sqlite" not in message.lower() and "\n" not in message
        assert "try again" in message.lower()
    finally:
        impatient.dispose()
        engine.dispose()
