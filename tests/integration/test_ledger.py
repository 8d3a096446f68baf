"""The one ledger query on SQLite and PostgreSQL: several payments, several refunds of one payment,
money in flight, and payments left out by a condition, summed once each."""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from oncopos.adapters.db.ledger import enrollment_ledger, enrollment_ledgers
from oncopos.adapters.db.models.payments import Payment, Refund
from oncopos.adapters.db.session import make_session_factory
from oncopos.domain.ledger import EnrollmentLedger
from tests.integration.sync_helpers import course_and_section, enrollment, payment, student


def _refund(paid: Payment, cents: int, status: str = "succeeded") -> Refund:
    return Refund(id=uuid.uuid4(), payment_id=paid.id, workstation_id="DESK1", amount_cents=cents, reason="requested_by_customer",
                  status=status, idempotency_key=f"refund-{uuid.uuid4()}")


def test_sums_each_payment_and_refund_once(engine: Engine) -> None:
    course, section = course_and_section()
    someone, another = student(), student()
    first, second = enrollment(someone, section, 300_000), enrollment(another, section, 50_000)
    big, small = payment(first, 100_000, "DESK1"), payment(first, 40_000, "DESK2")
    failed, charging = payment(first, 70_000, "DESK1", "failed"), payment(first, 25_000, "DESK1", "processing")
    other = payment(second, 50_000, "DESK1")
    refunds = [_refund(big, 10_000), _refund(big, 5_000), _refund(big, 7_000, "failed"), _refund(small, 1_000)]
    with make_session_factory(engine, workstation_id="DESK1")() as session:
        session.add_all([course, section, someone, another, first, second])
        session.flush()
        session.add_all([big, small, failed, charging, other])
        session.flush()
        session.add_all(refunds)
        session.commit()

        ledgers = enrollment_ledgers(session, [first.id, second.id])
        assert ledgers[first.id] == EnrollmentLedger(paid_cents=140_000, refunded_cents=16_000, in_flight_cents=25_000)
        assert ledgers[second.id] == EnrollmentLedger(paid_cents=50_000)
        # The payment being charged leaves itself out of "in flight"; an enrollment with no payment is empty.
        assert enrollment_ledger(session, first.id, Payment.id != charging.id).in_flight_cents == 0
        assert enrollment_ledger(session, uuid.uuid4()) == EnrollmentLedger()
        assert enrollment_ledgers(session, []) == {}


def test_reads_through_a_plain_connection(engine: Engine) -> None:
    course, section = course_and_section()
    someone = student()
    row = enrollment(someone, section)
    paid = payment(row, 30_000, "DESK1")
    with make_session_factory(engine, workstation_id="DESK1")() as session:
        session.add_all([course, section, someone, row])
        session.flush()
        session.add(paid)
        session.flush()
        session.add(_refund(paid, 30_000))
        session.commit()
    with engine.connect() as conn:
        assert enrollment_ledger(conn, row.id) == EnrollmentLedger(paid_cents=30_000, refunded_cents=30_000)
        assert conn.scalar(sa.select(sa.func.count()).select_from(Refund)) == 1
