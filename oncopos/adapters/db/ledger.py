"""The one query behind oncopos.domain.ledger: paid, refunded and in-flight sums per enrollment.

Refunds are summed per payment first and joined to their payment, so an enrollment's figures come
from one statement whatever the number of payments and refunds (no N+1, no second query that
could see a different moment on PostgreSQL).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from oncopos.adapters.db.models.payments import Payment, Refund
from oncopos.domain.ledger import EnrollmentLedger

# Stored status values (services/payments/records.py and services/refunds/records.py own the names).
_SUCCEEDED = "succeeded"
_PROCESSING = "processing"


def ledger_query(enrollment_ids: Iterable[Any], *payment_conditions: Any) -> sa.Select[Any]:
    """enrollment_id, paid, refunded, in flight for the enrollments; conditions narrow the payments."""
    refunds = (
        sa.select(Refund.payment_id, sa.func.sum(Refund.amount_cents).label("cents"))
        .where(Refund.status == _SUCCEEDED)
        .group_by(Refund.payment_id)
        .subquery()
    )
    succeeded = Payment.status == _SUCCEEDED
    return (
        sa.select(
            Payment.enrollment_id,
            sa.func.sum(sa.case((succeeded, Payment.amount_cents), else_=0)),
            sa.func.sum(sa.func.coalesce(refunds.c.cents, 0)),
            sa.func.sum(sa.case((Payment.status == _PROCESSING, Payment.amount_cents), else_=0)),
        )
        .outerjoin(refunds, refunds.c.payment_id == Payment.id)
        .where(Payment.enrollment_id.in_(list(enrollment_ids)), *payment_conditions)
        .group_by(Payment.enrollment_id)
    )


def enrollment_ledgers(
    executor: Session | sa.Connection, enrollment_ids: Iterable[Any], *payment_conditions: Any
) -> dict[uuid.UUID, EnrollmentLedger]:
    """Each enrollment's ledger; an enrollment with no payment is absent (use EnrollmentLedger())."""
    ids = list(enrollment_ids)
    if not ids:
        return {}
    return {
        enrollment_id: EnrollmentLedger(int(paid or 0), int(refunded or 0), int(in_flight or 0))
        for enrollment_id, paid, refunded, in_flight in executor.execute(ledger_query(ids, *payment_conditions))
    }


def enrollment_ledger(executor: Session | sa.Connection, enrollment_id: Any, *payment_conditions: Any) -> EnrollmentLedger:
    return enrollment_ledgers(executor, [enrollment_id], *payment_conditions).get(enrollment_id, EnrollmentLedger())
