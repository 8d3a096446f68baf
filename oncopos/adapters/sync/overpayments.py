"""Overpayments: an enrollment on which more was collected than it costs.

Two desks that lost the central database can each collect the whole balance; neither could know.
The central database sees every payment, so it checks each enrollment a push touched, inside the
push's transaction (under the sync lock): it raises a flag for managers when succeeded payments
minus succeeded refunds exceed the enrollment's total, updates it as more money arrives, and
marks it settled when a refund brings the enrollment back within its total. Each change is in
the audit trail; the flag travels to every desk like any synced row (end-of-day reports list it).
"""

from __future__ import annotations

import logging
import uuid
from collections import defaultdict
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from oncopos.adapters.db.ledger import enrollment_ledgers, payment_shares
from oncopos.adapters.db.models.enrollments import Enrollment
from oncopos.adapters.db.models.payments import Payment, PaymentAllocation
from oncopos.adapters.db.models.sync import OverpaymentFlag
from oncopos.adapters.db.repositories.audit import AuditRepository
from oncopos.adapters.sync.changelog import CENTRAL, log_change
from oncopos.adapters.sync.rows import chunks
from oncopos.domain.access import system_actor
from oncopos.domain.ledger import EnrollmentLedger, overpaid_cents
from oncopos.domain.money import format_cents

log = logging.getLogger(__name__)


def flag_overpayments(conn: sa.Connection, audit: Session, touched: set[tuple[str, Any]], now: datetime) -> None:
    """Raise, update or settle the overpayment flag of each enrollment a push touched."""
    enrollment_ids = {key for kind, key in touched if kind == "enrollment"}
    payment_ids = [key for kind, key in touched if kind == "payment"]
    for part in chunks(payment_ids):
        enrollment_ids.update(conn.scalars(sa.select(Payment.enrollment_id).where(Payment.id.in_(part))))
        # A payment for several enrollments touches each of them.
        enrollment_ids.update(conn.scalars(sa.select(PaymentAllocation.enrollment_id)
                                           .where(PaymentAllocation.payment_id.in_(part))))
    flags = OverpaymentFlag.__table__
    for part in chunks(sorted(enrollment_ids, key=str)):
        totals = dict(conn.execute(sa.select(Enrollment.id, Enrollment.total_cents).where(Enrollment.id.in_(part))).all())
        paid: dict[Any, list[Any]] = defaultdict(list)
        shares = payment_shares(part, Payment.status == "succeeded")
        for p in conn.execute(
            sa.select(shares.c.enrollment_id, Payment.id, shares.c.amount_cents, Payment.workstation_id)
            .join(Payment, Payment.id == shares.c.payment_id)
            .order_by(Payment.created_at)
        ):
            paid[p.enrollment_id].append(p)
        ledgers = enrollment_ledgers(conn, part)
        existing = {f.enrollment_id: f for f in conn.execute(sa.select(flags).where(flags.c.enrollment_id.in_(part)))}
        for enrollment_id, total in totals.items():
            ledger = ledgers.get(enrollment_id, EnrollmentLedger())
            over = overpaid_cents(total, ledger)
            flag = existing.get(enrollment_id)
            if over > 0 or flag is not None:
                _flag_one(conn, audit, enrollment_id, total, paid.get(enrollment_id, []), ledger, over, flag, now)


def _flag_one(
    conn: sa.Connection, audit: Session, enrollment_id: Any, total: int, payments: list[Any], ledger: EnrollmentLedger,
    over: int, flag: Any, now: datetime,
) -> None:
    flags = OverpaymentFlag.__table__
    facts = {
        "total_cents": total, "paid_cents": ledger.paid_cents, "refunded_cents": ledger.refunded_cents,
        "over_cents": over, "payment_ids": [str(p.id) for p in payments],
        "workstations": sorted({p.workstation_id for p in payments}),
    }
    if flag is None:
        row = dict(
            id=uuid.uuid4(), version=1, origin_workstation=CENTRAL, created_at=now, updated_at=now,
            enrollment_id=enrollment_id, detected_at=now, status="open", resolved_at=None, resolved_by=None,
            resolution_note="", **facts,
        )
        conn.execute(sa.insert(flags).values(**row))
    elif (over > 0 or flag.status == "open") and any(getattr(flag, k) != v for k, v in facts.items()):
        row = dict(flag._mapping)
        row.update(facts, version=flag.version + 1, updated_at=now)
        if over <= 0:
            row.update(status="resolved", resolved_at=now, resolution_note="Settled: the enrollment is no longer overpaid.")
        else:
            row.update(status="open", detected_at=now, resolved_at=None, resolved_by=None)
        conn.execute(sa.update(flags).where(flags.c.id == flag.id).values(**{k: v for k, v in row.items() if k != "id"}))
    else:
        return
    log_change(conn, "overpayment_flags", row["id"], row["version"], CENTRAL, row["version"], now)
    action = "sync.overpayment_flagged" if over > 0 else "sync.overpayment_settled"
    event_id = AuditRepository(audit).record(
        system_actor(CENTRAL), action, at=now, subject_type="enrollments", subject_id=enrollment_id,
        details={**facts, "over": format_cents(max(over, 0))},
    )
    audit.flush()
    log_change(conn, "audit_events", event_id, 1, CENTRAL, 1, now)
    log.warning("enrollment %s: %s (over by %s cents)", enrollment_id, action, max(over, 0))
