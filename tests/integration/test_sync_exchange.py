"""Desks (separate SQLite files) exchanging through a real central PostgreSQL."""

from __future__ import annotations

import uuid
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from oncopos.adapters.db.models.audit import AuditEvent
from oncopos.adapters.db.models.catalogue import Section
from oncopos.adapters.db.models.enrollments import Enrollment
from oncopos.adapters.db.models.payments import Payment, PaymentStep
from oncopos.adapters.db.models.people import Student
from oncopos.adapters.db.models.sync import OutboxEntry, OverpaymentFlag, Workstation
from oncopos.adapters.db.uow import SqlUnitOfWork
from oncopos.adapters.sync.central import CentralStore
from oncopos.domain.access import PermissionDenied, Role, system_actor
from oncopos.services.overpayments import OverpaymentReview
from oncopos.services.students import StudentDirectory
from oncopos.services.sync_status import WorkstationConflict
from tests.actors import fixture_actor
from tests.conftest import FixedClock
from tests.integration.sync_helpers import Desk, course_and_section, enrollment, make_desk, payment, snapshot, student

SHARED = ("students", "courses", "sections", "enrollments", "payments", "refunds", "payment_steps")


@pytest.fixture
def central(pg_url: str) -> sa.Engine:
    engine = sa.create_engine(pg_url)
    yield engine
    engine.dispose()


def directory(desk: Desk) -> StudentDirectory:
    return StudentDirectory(lambda: SqlUnitOfWork(desk.factory))


def test_two_desks_exchange_students_and_payments(tmp_path: Path, pg_url: str, central: sa.Engine, clock: FixedClock) -> None:
    a = make_desk(tmp_path, "DESK1", pg_url, clock)
    b = make_desk(tmp_path, "DESK2", pg_url, clock)
    course, section = course_and_section()
    pupil = student("Zoë", "Côté")
    enrolled = enrollment(pupil, section, total_cents=150_000)
    a.add(course, section, pupil, enrolled, payment(enrolled, 50_000, "DESK1"))

    report = a.sync.sync_once()
    assert report.pending == 0 and a.pending() == 0
    b.sync.sync_once()
    # Pulled rows are not sent back: B's outbox is empty.
    assert b.count(OutboxEntry) == 0

    # B finds the student by typing, as staff would, and sees A's payment in the balance (the
    # search itself is recorded in B's audit trail, the access log, which B will send).
    found = directory(b).search(system_actor("DESK2"), "zoe cot")
    assert [s.id for s in found] == [pupil.id]
    [line] = directory(b).enrollments(system_actor("DESK2"), pupil.id)
    assert (line.paid_cents, line.balance_cents) == (50_000, 100_000)

    b.add(payment(enrolled, 30_000, "DESK2"))
    b.sync.sync_once()
    a.sync.sync_once()
    [line_a] = directory(a).enrollments(system_actor("DESK1"), pupil.id)
    assert (line_a.paid_cents, line_a.balance_cents) == (80_000, 70_000)
    assert a.snapshot(SHARED) == b.snapshot(SHARED) == snapshot(central, SHARED)
    # Both desks are registered and each knows the other.
    assert {w.id for w in [a.get(Workstation, "DESK1"), a.get(Workstation, "DESK2")]} == {"DESK1", "DESK2"}


def test_a_batch_sent_again_changes_nothing(tmp_path: Path, pg_url: str, central: sa.Engine, clock: FixedClock) -> None:
    a = make_desk(tmp_path, "DESK1", pg_url, clock)
    course, section = course_and_section()
    pupil = student()
    enrolled = enrollment(pupil, section)
    paid = payment(enrolled, 20_000, "DESK1")
    a.add(course, section, pupil, enrolled, paid)
    a.edit(Student, pupil.id, email="changed@example.ca")  # an edit too: the rule for edits applies
    _entry_ids, rows = a.sync.desk.read_batch(100)
    store = CentralStore(central, clock=clock)
    first = store.push("DESK1", rows)
    assert first.accepted == 5
    before = snapshot(central, (*SHARED, "central_changes", "audit_events"))

    again = store.push("DESK1", rows)
    assert (again.accepted, again.overwritten, dict(again.adopt)) == (0, 0, {})
    assert snapshot(central, (*SHARED, "central_changes", "audit_events")) == before

    # A desk that crashed before marking the batch sent sends it again on the next sync: still nothing new.
    a.sync.sync_once()
    assert snapshot(central, (*SHARED, "central_changes", "audit_events")) == before
    assert a.pending() == 0


def test_a_lower_version_of_a_fact_never_overwrites_a_higher_one(tmp_path: Path, pg_url: str, central: sa.Engine,
                                                                 clock: FixedClock) -> None:
    a = make_desk(tmp_path, "DESK1", pg_url, clock)
    course, section = course_and_section()
    pupil = student()
    enrolled = enrollment(pupil, section)
    paid = payment(enrolled, 20_000, "DESK1", status="processing")
    a.add(course, section, pupil, enrolled, paid)
    _, stale = a.sync.desk.read_batch(100)  # version 1, processing
    a.edit(Payment, paid.id, status="succeeded")
    a.sync.sync_once()
    outcome = CentralStore(central, clock=clock).push("DESK1", stale)
    with central.connect() as conn:
        assert conn.execute(sa.select(Payment.status, Payment.version).where(Payment.id == paid.id)).one() == ("succeeded", 2)
    assert outcome.accepted == 0


def test_edit_conflict_last_change_wins_and_the_loser_is_in_the_audit_trail(
    tmp_path: Path, pg_url: str, central: sa.Engine, clock: FixedClock
) -> None:
    a = make_desk(tmp_path, "DESK1", pg_url, clock)
    b = make_desk(tmp_path, "DESK2", pg_url, clock)
    pupil = student()
    a.add(pupil)
    a.sync.sync_once()
    b.sync.sync_once()
    # Both desks edit the same student while apart.
    a.edit(Student, pupil.id, email="from.desk1@example.ca", phone="+15145550101")
    clock.now += timedelta(minutes=1)
    b.edit(Student, pupil.id, email="from.desk2@example.ca")
    a.sync.sync_once()
    report = b.sync.sync_once()  # reaches the central database last: wins
    assert report.overwritten == 1
    a.sync.sync_once()

    for desk in (a, b):
        row = desk.get(Student, pupil.id)
        assert (row.email, row.phone) == ("from.desk2@example.ca", "+14165550123")
        assert [s.id for s in directory(desk).search(system_actor("DESK1"), "from.desk2")] == [pupil.id]
        assert directory(desk).search(system_actor("DESK1"), "from.desk1") == []
    assert a.snapshot(("students",)) == b.snapshot(("students",)) == snapshot(central, ("students",))
    with central.connect() as conn:
        [event] = conn.execute(sa.select(AuditEvent).where(AuditEvent.action == "sync.change_overwritten")).all()
    assert event.subject_id == str(pupil.id) and event.workstation_id == "CENTRAL"
    assert event.details["overwritten_values"]["email"] == "from.desk1@example.ca"
    assert event.details["overwritten_values"]["phone"] == "+15145550101"
    assert event.details["winning_workstation"] == "DESK2"
    # The audit trail travels too: desk A holds the record of its own lost edit.
    assert a.count(AuditEvent, AuditEvent.action == "sync.change_overwritten") == 1


def test_a_second_desk_with_the_same_invoice_series_is_refused(tmp_path: Path, pg_url: str, clock: FixedClock) -> None:
    make_desk(tmp_path, "DESK1", pg_url, clock, series="FRONT").sync.sync_once()
    intruder = make_desk(tmp_path, "DESK3", pg_url, clock, series="FRONT")
    intruder.add(student())
    with pytest.raises(WorkstationConflict, match="Invoice series FRONT already belongs to workstation DESK1") as caught:
        intruder.sync.sync_once()
    assert "INVOICE_SERIES" in str(caught.value)
    assert intruder.pending() == 1  # nothing of the refused desk reached the central database
    # Renamed series: accepted, and its work goes through.
    renamed = make_desk(tmp_path, "DESK3", pg_url, clock, series="BACK")
    assert renamed.sync.sync_once().pending == 0


def test_pull_fetches_parents_a_change_refers_to_in_foreign_key_order(
    tmp_path: Path, pg_url: str, central: sa.Engine, clock: FixedClock
) -> None:
    a = make_desk(tmp_path, "DESK1", pg_url, clock)
    course, section = course_and_section()
    pupil = student()
    enrolled = enrollment(pupil, section)
    a.add(course, section, pupil, enrolled)
    a.sync.sync_once()
    # Later the enrollment moves to a new section: its current row refers to a section whose
    # creation comes after the enrollment's in the change log.
    later = Section(id=uuid.uuid4(), course_id=course.id, code=section.code + "-B", location="Montréal")
    a.add(later)
    a.edit(Enrollment, enrolled.id, section_id=later.id)
    paid = payment(enrolled, 10_000, "DESK1")
    a.add(paid, PaymentStep(payment_id=paid.id, at=clock.now, step="succeeded", detail={}))
    a.sync.sync_once()

    # A new desk pulling one change per batch, each batch in its own transaction.
    b = make_desk(tmp_path, "DESK2", pg_url, clock, batch_size=1)
    seen: list[tuple[int, int]] = []
    b.sync.pull(progress=lambda done, total: seen.append((done, total)))
    assert b.get(Enrollment, enrolled.id).section_id == later.id
    assert b.snapshot(SHARED) == snapshot(central, SHARED)
    assert seen and seen[-1][0] == seen[-1][1] and [d for d, _ in seen] == sorted(d for d, _ in seen)
    with b.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_key_check").all() == []


def test_overpayment_from_two_desks_apart_is_flagged_for_managers(
    tmp_path: Path, pg_url: str, central: sa.Engine, clock: FixedClock
) -> None:
    a = make_desk(tmp_path, "DESK1", pg_url, clock)
    b = make_desk(tmp_path, "DESK2", pg_url, clock)
    course, section = course_and_section()
    pupil = student()
    enrolled = enrollment(pupil, section, total_cents=120_000)
    a.add(course, section, pupil, enrolled)
    a.sync.sync_once()
    b.sync.sync_once()
    # The network is down: each desk collects the whole balance.
    a.add(payment(enrolled, 120_000, "DESK1"))
    b.add(payment(enrolled, 120_000, "DESK2"))
    a.sync.sync_once()
    assert a.count(OverpaymentFlag) == 0
    b.sync.sync_once()
    a.sync.sync_once()
    for desk in (a, b):
        flag = desk.get(OverpaymentFlag, _flag_id(desk, enrolled.id))
        assert (flag.status, flag.over_cents, flag.paid_cents, flag.total_cents) == ("open", 120_000, 240_000, 120_000)
        assert flag.workstations == ["DESK1", "DESK2"]
    with central.connect() as conn:
        flagged = sa.select(sa.func.count()).select_from(AuditEvent).where(AuditEvent.action == "sync.overpayment_flagged")
        assert conn.scalar(flagged) == 1

    # What the end-of-day report and the manager see on desk B.
    with SqlUnitOfWork(b.factory) as uow:
        [listed] = uow.overpayments.detected_between(clock.now - timedelta(hours=1), clock.now + timedelta(hours=1))
    assert (listed.student_number, listed.course_code, listed.over_cents) == (pupil.student_number, course.code, 120_000)
    manager = fixture_actor(uuid.uuid4(), "marc", Role.MANAGER, "DESK2")
    review = OverpaymentReview(lambda: SqlUnitOfWork(b.factory), clock)
    with pytest.raises(PermissionDenied):
        review.resolve(fixture_actor(uuid.uuid4(), "rita", Role.REGISTRAR, "DESK2"), listed.id, "refunded")
    review.resolve(manager, listed.id, "Refunded $1,200.00 of DESK2's payment on the reader.")
    b.sync.sync_once()
    a.sync.sync_once()
    assert OverpaymentReview(lambda: SqlUnitOfWork(a.factory), clock).open_flags(manager) == []
    assert a.get(OverpaymentFlag, listed.id).resolution_note.startswith("Refunded $1,200.00")


def _flag_id(desk: Desk, enrollment_id: uuid.UUID) -> uuid.UUID:
    with desk.factory() as session:
        return session.scalar(sa.select(OverpaymentFlag.id).where(OverpaymentFlag.enrollment_id == enrollment_id))


def test_refresh_before_a_charge_brings_the_other_desks_payments(
    tmp_path: Path, pg_url: str, clock: FixedClock
) -> None:
    a = make_desk(tmp_path, "DESK1", pg_url, clock)
    b = make_desk(tmp_path, "DESK2", pg_url, clock)
    course, section = course_and_section()
    pupil = student()
    enrolled = enrollment(pupil, section, total_cents=90_000)
    a.add(course, section, pupil, enrolled)
    a.sync.sync_once()
    b.sync.sync_once()
    a.add(payment(enrolled, 90_000, "DESK1"))
    a.sync.sync_once()
    assert directory(b).enrollments(system_actor("DESK1"), pupil.id)[0].balance_cents == 90_000  # B has not synced
    assert b.sync.refresh_enrollment(enrolled.id) is True
    assert directory(b).enrollments(system_actor("DESK1"), pupil.id)[0].balance_cents == 0
    assert b.pending() == 0


def test_audit_events_from_each_desk_reach_every_desk(tmp_path: Path, pg_url: str, clock: FixedClock) -> None:
    a = make_desk(tmp_path, "DESK1", pg_url, clock)
    b = make_desk(tmp_path, "DESK2", pg_url, clock)
    for desk in (a, b):
        with SqlUnitOfWork(desk.factory) as uow:
            uow.audit.record(system_actor(desk.name), "sync.test", at=clock.now, details={"desk": desk.name})
            uow.commit()
    a.sync.sync_once()
    b.sync.sync_once()
    a.sync.sync_once()
    for desk in (a, b):
        assert desk.count(AuditEvent, AuditEvent.action == "sync.test") == 2
    assert a.snapshot(("audit_events",)) == b.snapshot(("audit_events",))


def test_a_row_the_central_database_refuses_stays_pending_and_the_rest_goes_through(
    tmp_path: Path, pg_url: str, clock: FixedClock
) -> None:
    a = make_desk(tmp_path, "DESK1", pg_url, clock)
    b = make_desk(tmp_path, "DESK2", pg_url, clock)
    first = student("Léa", "Roy")
    a.add(first)
    a.sync.sync_once()
    clash = student("Luc", "Roy")
    clash.student_number = first.student_number  # made apart, under the same number
    other = student("Anne", "Roy")
    b.add(clash, other)

    report = b.sync.sync_once()
    sent, received = report.rejected
    assert sent.startswith(f"students {clash.id}: refused by the central database (") and "stays here, unsent" in sent
    assert received.startswith(f"students {first.id} from the central database is not stored here (")
    assert report.pending == 1
    a.sync.sync_once()
    assert a.get(Student, other.id) is not None and a.get(Student, clash.id) is None  # the rest went through

    b.edit(Student, clash.id, student_number=clash.student_number + "B")  # a person fixes it
    assert b.sync.sync_once().rejected == ()
    assert b.get(Student, first.id) is not None  # the row set aside is stored now
    a.sync.sync_once()
    assert a.get(Student, clash.id).student_number == first.student_number + "B"
    assert a.snapshot(("students",)) == b.snapshot(("students",))
