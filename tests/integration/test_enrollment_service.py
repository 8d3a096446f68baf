"""Enrolling, capacity, frozen prices, withdrawals and transfers, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
import uuid
from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from oncopos.adapters.db.models.enrollments import Enrollment
from oncopos.adapters.db.models.payments import Payment, Refund
from oncopos.adapters.db.uow import SqlUnitOfWork
from oncopos.domain.access import system_actor
from oncopos.domain.catalogue import CourseDraft, SectionDraft
from oncopos.domain.enrollment_rules import SectionFull
from oncopos.domain.errors import InvalidInput
from oncopos.domain.student_record import FieldErrors
from oncopos.services.enrollments import EnrollmentRefused
from oncopos.services.students import StudentDirectory
from tests.conftest import FixedClock

from .registration_helpers import Desk, course, make_desk, pay, section, student


def enrollment_row(desk: Desk, enrollment_id: uuid.UUID) -> Enrollment:
    with desk.factory() as session:
        row = session.get(Enrollment, enrollment_id)
        assert row is not None
        return row


def balances(desk: Desk, student_id: uuid.UUID) -> dict[str, tuple[str, int, int]]:
    """What the student view shows: course code -> (status, total, balance)."""
    rows = StudentDirectory(lambda: SqlUnitOfWork(desk.factory)).enrollments(system_actor("DESK1"), student_id)
    return {f"{r.course_code}@{r.section_label}": (r.status, r.total_cents, r.balance_cents) for r in rows}


def test_enrolling_freezes_price_and_tax_and_takes_a_seat(engine: Engine, clock: FixedClock) -> None:
    desk = make_desk(engine, clock)
    ws = course(desk, price="395.00")
    sec = section(desk, ws, "WS-SCALP-2612", capacity="2")
    emilie = student(desk)
    result = desk.enrollments.enroll(desk.registrar, emilie.id, sec.id)
    assert result.section.seats_left == 1
    # Ontario HST 13% on $395.00 = $51.35, on the business date in Toronto.
    assert (result.quote.price_cents, result.quote.tax_cents, result.quote.total_cents) == (39500, 5135, 44635)
    assert result.quote.tax_province == "ON" and [p.name for p in result.quote.components] == ["HST"]
    row = enrollment_row(desk, result.enrollment_id)
    assert (row.price_cents, row.tax_cents, row.total_cents, row.tax_province, row.status) == (39500, 5135, 44635, "ON", "active")
    assert row.tax_components == [{"name": "HST", "rate": "0.13", "base_cents": 39500, "amount_cents": 5135}]
    assert row.enrolled_at == clock.now
    event = desk.audit("enrollment.created")[-1]
    assert event.details["total_cents"] == 44635 and event.subject_id == str(result.enrollment_id)
    assert [s.seats_left for s in desk.enrollments.open_sections(desk.registrar, ws.id)] == [1]


def test_tax_follows_the_course_delivery_province_and_treatment(engine: Engine, clock: FixedClock) -> None:
    desk = make_desk(engine, clock, province="ON")
    quebec = course(desk, code="WS-LYMPH", price="295.00", province="QC")
    exempt = course(desk, code="OAP-100", price="6500", treatment="exempt", kind="program", deposit="1000")
    q = desk.enrollments.quote(desk.registrar, quebec.id)
    # GST 5% and QST 9.975%, each on the price before tax, shown separately.
    assert [(p.name, p.amount_cents) for p in q.components] == [("GST", 1475), ("QST", 2943)]
    assert q.total_cents == 29500 + 1475 + 2943
    e = desk.enrollments.quote(desk.registrar, exempt.id)
    assert (e.tax_cents, e.total_cents, e.tax_province, e.min_first_payment_cents) == (0, 650000, "ON", 100000)
    assert e.tax_basis and "Schedule V" in e.tax_basis


def test_a_full_section_refuses_and_offers_the_next_one(engine: Engine, clock: FixedClock) -> None:
    desk = make_desk(engine, clock)
    ws = course(desk)
    first = section(desk, ws, "WS-1", start="2026-12-05", capacity="1")
    section(desk, ws, "WS-2-FULL", start="2027-01-09", capacity="1")
    later = section(desk, ws, "WS-3", start="2027-02-06", capacity="10")
    a = student(desk)
    b, c = student(desk, "Amrit", "Sandhu", "amrit@example.com", ""), student(desk, "Zoë", "Tremblay", "zoe@example.ca", "")
    desk.enrollments.enroll(desk.registrar, a.id, first.id)
    full2 = next(s for s in desk.enrollments.open_sections(desk.registrar, ws.id) if s.code == "WS-2-FULL")
    desk.enrollments.enroll(desk.registrar, c.id, full2.id)
    with pytest.raises(SectionFull) as caught:
        desk.enrollments.enroll(desk.registrar, b.id, first.id)
    assert caught.value.next_section is not None and caught.value.next_section.id == later.id
    assert "WS-1" in str(caught.value) and "WS-3" in str(caught.value) and "with 10 seats left" in str(caught.value)
    assert balances(desk, b.id) == {}


def test_two_desks_racing_for_the_last_seat_one_wins(engine: Engine, clock: FixedClock) -> None:
    desk1, desk2 = make_desk(engine, clock, "DESK1"), make_desk(engine, clock, "DESK2")
    ws = course(desk1)
    last_seat = section(desk1, ws, "WS-LAST", capacity="1")
    a, b = student(desk1), student(desk2, "Amrit", "Sandhu", "amrit@example.com", "")
    barrier = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def enroll(name: str, desk: Desk, student_id: uuid.UUID) -> None:
        barrier.wait()
        try:
            outcomes[name] = desk.enrollments.enroll(desk.registrar, student_id, last_seat.id)
        except Exception as exc:
            outcomes[name] = exc

    threads = [threading.Thread(target=enroll, args=args) for args in (("a", desk1, a.id), ("b", desk2, b.id))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    refused = [o for o in outcomes.values() if isinstance(o, Exception)]
    assert len(outcomes) == 2 and len(refused) == 1, outcomes
    assert isinstance(refused[0], SectionFull) and "WS-LAST" in str(refused[0])
    with desk1.factory() as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(Enrollment)) == 1


def test_a_price_change_never_touches_enrollments_already_made(engine: Engine, clock: FixedClock) -> None:
    desk = make_desk(engine, clock)
    ws = course(desk, price="395.00")
    sec = section(desk, ws, "WS-1", capacity="10")
    before = desk.enrollments.enroll(desk.registrar, student(desk).id, sec.id)
    changed = desk.catalogue.save_course(
        desk.manager, CourseDraft(code="WS-SCALP", name="Scalp care", kind="workshop", price="450.00", tax_treatment="taxable"),
        course_id=ws.id, expected_version=ws.version,
    )
    assert changed.price_cents == 45000
    after = desk.enrollments.enroll(desk.registrar, student(desk, "Amrit", "Sandhu", "amrit@example.com", "").id, sec.id)
    old_row, new_row = enrollment_row(desk, before.enrollment_id), enrollment_row(desk, after.enrollment_id)
    assert (old_row.price_cents, old_row.tax_cents, old_row.total_cents) == (39500, 5135, 44635)
    assert (new_row.price_cents, new_row.tax_cents, new_row.total_cents) == (45000, 5850, 50850)
    event = desk.audit("course.updated")[-1]
    assert event.details["changes"]["price_cents"] == {"old": 39500, "new": 45000}
    assert event.staff_id == desk.manager.staff_id


def test_one_active_enrollment_per_course(engine: Engine, clock: FixedClock) -> None:
    desk = make_desk(engine, clock)
    ws = course(desk)
    s1, s2 = section(desk, ws, "WS-1"), section(desk, ws, "WS-2", start="2027-01-09")
    emilie = student(desk)
    desk.enrollments.enroll(desk.registrar, emilie.id, s1.id)
    with pytest.raises(EnrollmentRefused, match=r"already enrolled in WS-SCALP \(section WS-1\).*Withdraw or transfer"):
        desk.enrollments.enroll(desk.registrar, emilie.id, s2.id)


def test_an_ended_section_is_refused(engine: Engine, clock: FixedClock) -> None:
    desk = make_desk(engine, clock)
    ws = course(desk)
    old = section(desk, ws, "WS-OLD", start="2026-10-03")
    with pytest.raises(EnrollmentRefused, match="ended on October 3, 2026"):
        desk.enrollments.enroll(desk.registrar, student(desk).id, old.id)
    assert desk.enrollments.open_sections(desk.registrar, ws.id) == []


def test_capacity_cannot_drop_below_the_seats_taken(engine: Engine, clock: FixedClock) -> None:
    desk = make_desk(engine, clock)
    ws = course(desk)
    sec = section(desk, ws, "WS-1", capacity="5")
    desk.enrollments.enroll(desk.registrar, student(desk).id, sec.id)
    desk.enrollments.enroll(desk.registrar, student(desk, "Amrit", "Sandhu", "amrit@example.com", "").id, sec.id)
    with pytest.raises(FieldErrors, match="2 students hold a seat"):
        desk.catalogue.save_section(desk.manager, ws.id, SectionDraft(code="WS-1", start_date="2026-12-05", capacity="1"),
                                    section_id=sec.id)
    smaller = desk.catalogue.save_section(desk.manager, ws.id, SectionDraft(code="WS-1", start_date="2026-12-05", capacity="2"),
                                          section_id=sec.id)
    assert (smaller.capacity, smaller.seats_left) == (2, 0)
    assert desk.audit("section.updated")[-1].details["changes"]["capacity"] == {"old": 5, "new": 2}


def test_withdrawing_keeps_what_was_paid_as_credit(engine: Engine, clock: FixedClock) -> None:
    desk = make_desk(engine, clock)
    ws = course(desk)
    sec = section(desk, ws, "WS-1", capacity="1")
    emilie = student(desk)
    enrolled = desk.enrollments.enroll(desk.registrar, emilie.id, sec.id)
    pay(desk, enrolled.enrollment_id, 20000)
    with pytest.raises(InvalidInput, match="Enter the reason"):
        desk.enrollments.withdraw(desk.registrar, enrolled.enrollment_id, "")
    clock.now += timedelta(days=2)
    result = desk.enrollments.withdraw(desk.registrar, enrolled.enrollment_id, "Moved to Calgary")
    assert (result.credit_cents, result.credit_balance_cents) == (20000, 20000)
    assert "$200.00 paid stays as credit" in result.message
    assert enrollment_row(desk, enrolled.enrollment_id).status == "withdrawn"
    account = desk.enrollments.credit(desk.registrar, emilie.id)
    assert account.balance_cents == 20000 and account.entries[0].kind == "withdrawal"
    # The seat is free again.
    assert desk.enrollments.open_sections(desk.registrar, ws.id)[0].seats_left == 1
    event = desk.audit("enrollment.withdrawn")[-1]
    assert event.details["reason"] == "Moved to Calgary" and event.details["old_status"] == "active"
    with pytest.raises(EnrollmentRefused, match="is withdrawn"):
        desk.enrollments.withdraw(desk.registrar, enrolled.enrollment_id, "again")


def test_no_withdrawal_while_a_payment_is_in_progress(engine: Engine, clock: FixedClock) -> None:
    desk = make_desk(engine, clock)
    sec = section(desk, course(desk), "WS-1")
    enrolled = desk.enrollments.enroll(desk.registrar, student(desk).id, sec.id)
    with desk.factory() as session, session.begin():
        session.add(Payment(enrollment_id=enrolled.enrollment_id, workstation_id="DESK1", amount_cents=5000,
                            status="processing", idempotency_key="in-flight"))
    with pytest.raises(EnrollmentRefused, match="payment on this enrollment is still in progress"):
        desk.enrollments.withdraw(desk.registrar, enrolled.enrollment_id, "changed her mind")


def test_a_transfer_within_the_course_moves_the_enrollment_with_its_payments(engine: Engine, clock: FixedClock) -> None:
    desk = make_desk(engine, clock)
    ws = course(desk, price="395.00")
    s1, s2 = section(desk, ws, "WS-1", capacity="5"), section(desk, ws, "WS-2", start="2027-01-09", capacity="5")
    emilie = student(desk)
    enrolled = desk.enrollments.enroll(desk.registrar, emilie.id, s1.id)
    pay(desk, enrolled.enrollment_id, 10000)
    targets = desk.enrollments.transfer_targets(desk.registrar, enrolled.enrollment_id)
    assert [t.code for t in targets.sections] == ["WS-2"] and targets.same_course(targets.sections[0])
    result = desk.enrollments.transfer(desk.registrar, enrolled.enrollment_id, s2.id, "works Saturdays in December")
    assert (result.new_enrollment_id, result.credit_cents, result.moved_payments) == (None, 0, True)
    row = enrollment_row(desk, enrolled.enrollment_id)
    assert (row.section_id, row.status, row.total_cents) == (s2.id, "active", 44635)
    assert list(balances(desk, emilie.id).values()) == [("active", 44635, 34635)]
    seats = {s.code: s.seats_left for s in desk.enrollments.open_sections(desk.registrar, ws.id)}
    assert seats == {"WS-1": 5, "WS-2": 4}
    assert desk.audit("enrollment.transferred")[-1].details["to_section"] == "WS-2"


def test_a_transfer_to_another_course_keeps_the_money_as_credit(engine: Engine, clock: FixedClock) -> None:
    desk = make_desk(engine, clock)
    ws = course(desk, price="395.00")
    program = course(desk, code="OAP-100", price="6500", treatment="exempt", kind="program")
    s1, p1 = section(desk, ws, "WS-1"), section(desk, program, "OAP-100-2701", start="2027-01-12", capacity="18")
    emilie = student(desk)
    enrolled = desk.enrollments.enroll(desk.registrar, emilie.id, s1.id)
    pay(desk, enrolled.enrollment_id, 44635)
    with desk.factory() as session, session.begin():
        payment = session.scalars(sa.select(Payment)).one()
        session.add(Refund(payment_id=payment.id, workstation_id="DESK1", amount_cents=4635, reason="goodwill",
                           status="succeeded", idempotency_key="refund-1"))
    result = desk.enrollments.transfer(desk.registrar, enrolled.enrollment_id, p1.id, "wants the full program")
    assert result.credit_cents == 40000 and result.credit_balance_cents == 40000 and not result.moved_payments
    assert enrollment_row(desk, enrolled.enrollment_id).status == "withdrawn"
    assert result.new_enrollment_id is not None
    new_row = enrollment_row(desk, result.new_enrollment_id)
    assert (new_row.price_cents, new_row.tax_cents, new_row.tax_treatment, new_row.status) == (650000, 0, "exempt", "active")
    assert "$400.00 paid stays as credit" in result.message
    assert desk.enrollments.credit(desk.registrar, emilie.id).balance_cents == 40000


def test_a_transfer_to_a_full_section_is_refused_and_nothing_changes(engine: Engine, clock: FixedClock) -> None:
    desk = make_desk(engine, clock)
    ws = course(desk)
    s1, s2 = section(desk, ws, "WS-1"), section(desk, ws, "WS-2", start="2027-01-09", capacity="1")
    a, b = student(desk), student(desk, "Amrit", "Sandhu", "amrit@example.com", "")
    desk.enrollments.enroll(desk.registrar, a.id, s2.id)
    moving = desk.enrollments.enroll(desk.registrar, b.id, s1.id)
    with pytest.raises(SectionFull):
        desk.enrollments.transfer(desk.registrar, moving.enrollment_id, s2.id, "prefers January")
    row = enrollment_row(desk, moving.enrollment_id)
    assert (row.section_id, row.status) == (s1.id, "active")
