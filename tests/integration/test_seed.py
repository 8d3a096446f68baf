"""The training data looks like a real school's and adds up."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from oncopos.adapters.db.models.catalogue import Course
from oncopos.adapters.db.models.enrollments import Enrollment
from oncopos.adapters.db.models.payments import Payment
from oncopos.adapters.db.models.people import Student
from oncopos.adapters.db.seed import is_seeded, seed_demo
from oncopos.adapters.db.session import make_session_factory
from oncopos.adapters.db.uow import SqlUnitOfWork
from oncopos.domain.access import system_actor
from oncopos.domain.student_record import is_valid_student_number
from oncopos.domain.tax import TaxLine, quote
from oncopos.services.students import StudentDirectory

NOW = datetime(2026, 11, 26, 17, 0, tzinfo=UTC)


def test_demo_seed(engine: Engine) -> None:
    factory = make_session_factory(engine, workstation_id="DESK1")
    report = seed_demo(factory, now=NOW)
    assert (report.students, report.courses) == (50, 8)
    assert is_seeded(factory)
    with factory() as session:
        students = session.scalars(sa.select(Student)).all()
        names = " ".join(f"{s.first_name} {s.last_name}" for s in students)
        assert any(ch in names for ch in "éèêëçôâîï"), "French names with accents"
        assert {s.preferred_language for s in students} == {"en", "fr"}
        # Demo students are numbered as a desk numbers the students it registers: one format.
        assert all(is_valid_student_number(s.student_number) and s.student_number.startswith("S") for s in students)
        assert {s.student_number.split("-")[1] for s in students} == {"DEMO"}
        courses = session.scalars(sa.select(Course)).all()
        assert {c.tax_treatment for c in courses} == {"exempt", "taxable"}
        assert {c.kind for c in courses} == {"program", "workshop", "kit"}
        assert all(c.tax_basis for c in courses if c.tax_treatment == "exempt")
        enrollments = session.scalars(sa.select(Enrollment)).all()
        for e in enrollments:
            # Each enrollment froze the tax the engine gives for its price, province and date.
            q = quote([TaxLine(e.price_cents, e.supply_kind, e.tax_treatment)], e.tax_province, e.enrolled_at.date())
            assert (e.tax_cents, e.total_cents) == (q.tax_cents, q.total_cents)
            paid = sum(p.amount_cents for p in session.scalars(sa.select(Payment).where(Payment.enrollment_id == e.id)))
            assert 0 <= paid <= e.total_cents
        paid_states = {
            "partial": any(0 < sum(p.amount_cents for p in e.payments) < e.total_cents for e in enrollments),
            "full": any(sum(p.amount_cents for p in e.payments) == e.total_cents for e in enrollments),
            "none": any(not e.payments for e in enrollments),
        }
        assert all(paid_states.values()), paid_states
    with pytest.raises(RuntimeError, match="already"):
        seed_demo(factory)


def test_balances_shown_for_a_seeded_student(engine: Engine) -> None:
    factory = make_session_factory(engine, workstation_id="DESK1")
    seed_demo(factory, now=NOW)
    directory = StudentDirectory(lambda: SqlUnitOfWork(factory))
    with factory() as session:
        enrollment = session.scalars(sa.select(Enrollment).join(Payment)).first()
        assert enrollment is not None
        paid = sum(p.amount_cents for p in enrollment.payments if p.status == "succeeded")
        student_id = enrollment.student_id
    [shown] = [e for e in directory.enrollments(system_actor("DESK1"), student_id) if e.id == enrollment.id]
    assert shown.paid_cents == paid
    assert shown.balance_cents == enrollment.total_cents - paid
    assert shown.total_cents == shown.price_cents + shown.tax_cents


def test_a_withdrawn_enrollment_owes_nothing(engine: Engine) -> None:
    factory = make_session_factory(engine, workstation_id="DESK1")
    seed_demo(factory, now=NOW)
    with factory() as session, session.begin():
        enrollment = session.scalars(sa.select(Enrollment).join(Payment)).first()
        assert enrollment is not None
        paid = sum(p.amount_cents for p in enrollment.payments if p.status == "succeeded")
        enrollment.status = "withdrawn"
        student_id, enrollment_id = enrollment.student_id, enrollment.id
    directory = StudentDirectory(lambda: SqlUnitOfWork(factory))
    [shown] = [e for e in directory.enrollments(system_actor("DESK1"), student_id) if e.id == enrollment_id]
    assert (shown.status, shown.balance_cents, shown.paid_cents) == ("withdrawn", 0, paid)


@pytest.mark.parametrize("hour", [0, 12, 23])
def test_demo_history_lies_before_now(engine: Engine, hour: int) -> None:
    # Whatever the time of day, nothing the school "did" is dated after the clock: a payment next
    # week would be in no day's report and would confuse trainees.
    now = datetime(2026, 11, 26, hour, 5, tzinfo=UTC)
    factory = make_session_factory(engine, workstation_id="DESK1")
    report = seed_demo(factory, students=200, now=now)
    assert report.payments > 200
    with factory() as session:
        payments = session.scalars(sa.select(Payment)).all()
        assert max(p.completed_at for p in payments) < now
        assert max(p.created_at for p in payments) < now
        enrollments = session.scalars(sa.select(Enrollment)).all()
        assert max(e.enrolled_at for e in enrollments) < now
        for e in enrollments:
            assert all(p.completed_at >= e.enrolled_at for p in e.payments)
        # two-payment plans still exist (spread over the time there was), and some are recent.
        assert any(len(e.payments) == 2 for e in enrollments)
        assert max(p.completed_at for p in payments) > now - timedelta(days=7)
