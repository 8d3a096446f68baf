"""The one query behind oncopos.domain.ledger: paid, refunded and in-flight sums per enrollment.

A payment is counted on each enrollment it paid for: wholly on its own enrollment, or, when it was
made for several at once, by its `payment_allocations`; a refund the same way by its
`refund_allocations`. Refunds are summed per payment and enrollment first and joined to those
shares, so an enrollment's figures come from one statement whatever the number of payments and
refunds (no N+1, no second query that could see a different moment on PostgreSQL). Each branch
filters on an indexed enrollment column, never on an expression.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from oncopos.adapters.db.models.payments import Payment, PaymentAllocation, Refund, RefundAllocation
from oncopos.domain.ledger import EnrollmentLedger
from oncopos.services.payments.records import PaymentPart

# Stored status values (services/payments/records.py and services/refunds/records.py own the names).
_SUCCEEDED = "succeeded"
_PROCESSING = "processing"


def _ids(enrollment_ids: Iterable[Any] | sa.BindParameter[Any]) -> list[Any] | sa.BindParameter[Any]:
    """The ids as a list, or the expanding parameter that stands for them in a statement built once."""
    return enrollment_ids if isinstance(enrollment_ids, sa.BindParameter) else list(enrollment_ids)


def payment_shares(enrollment_ids: Iterable[Any] | sa.BindParameter[Any], *payment_conditions: Any) -> sa.Subquery:
    """payment_id, enrollment_id, amount_cents of every payment's part for these enrollments.

    A payment for one enrollment is one row (its whole amount); one for several is a row per
    allocation. `payment_conditions` narrow the payments (columns of `Payment`).
    """
    ids = _ids(enrollment_ids)
    allocated = sa.exists().where(PaymentAllocation.payment_id == Payment.id)
    whole = sa.select(Payment.id.label("payment_id"), Payment.enrollment_id.label("enrollment_id"),
                      Payment.amount_cents.label("amount_cents"), Payment.status.label("status")).where(
        Payment.enrollment_id.in_(ids), ~allocated, *payment_conditions)
    parts = (sa.select(Payment.id, PaymentAllocation.enrollment_id, PaymentAllocation.amount_cents, Payment.status)
             .join(PaymentAllocation, PaymentAllocation.payment_id == Payment.id)
             .where(PaymentAllocation.enrollment_id.in_(ids), *payment_conditions))
    return sa.union_all(whole, parts).subquery("payment_shares")


def refund_shares(enrollment_ids: Iterable[Any] | sa.BindParameter[Any], *refund_conditions: Any) -> sa.Subquery:
    """refund_id, payment_id, enrollment_id, amount_cents of every refund's part for these enrollments."""
    ids = _ids(enrollment_ids)
    allocated = sa.exists().where(RefundAllocation.refund_id == Refund.id)
    whole = (sa.select(Refund.id.label("refund_id"), Refund.payment_id.label("payment_id"),
                       Payment.enrollment_id.label("enrollment_id"), Refund.amount_cents.label("amount_cents"))
             .join(Payment, Payment.id == Refund.payment_id)
             .where(Payment.enrollment_id.in_(ids), ~allocated, *refund_conditions))
    parts = (sa.select(Refund.id, Refund.payment_id, RefundAllocation.enrollment_id, RefundAllocation.amount_cents)
             .join(RefundAllocation, RefundAllocation.refund_id == Refund.id)
             .where(RefundAllocation.enrollment_id.in_(ids), *refund_conditions))
    return sa.union_all(whole, parts).subquery("refund_shares")


def ledger_query(enrollment_ids: Iterable[Any] | sa.BindParameter[Any], *payment_conditions: Any) -> sa.Select[Any]:
    """enrollment_id, paid, refunded, in flight for the enrollments; conditions narrow the payments."""
    ids = _ids(enrollment_ids)
    shares = payment_shares(ids, *payment_conditions)
    given_back = refund_shares(ids, Refund.status == _SUCCEEDED)
    refunds = (sa.select(given_back.c.payment_id, given_back.c.enrollment_id,
                         sa.func.sum(given_back.c.amount_cents).label("cents"))
               .group_by(given_back.c.payment_id, given_back.c.enrollment_id).subquery())
    succeeded = shares.c.status == _SUCCEEDED
    return (
        sa.select(
            shares.c.enrollment_id,
            sa.func.sum(sa.case((succeeded, shares.c.amount_cents), else_=0)),
            sa.func.sum(sa.func.coalesce(refunds.c.cents, 0)),
            sa.func.sum(sa.case((shares.c.status == _PROCESSING, shares.c.amount_cents), else_=0)),
        )
        .select_from(shares)
        .outerjoin(refunds, sa.and_(refunds.c.payment_id == shares.c.payment_id,
                                    refunds.c.enrollment_id == shares.c.enrollment_id))
        .group_by(shares.c.enrollment_id)
    )


@functools.cache
def _built_once(excluding: bool) -> sa.Select[Any]:
    """The ledger statement of the common reads (every balance a payment shows and checks), built once:
    building its unions and subqueries costs far more than running it."""
    excluded = [Payment.id != sa.bindparam("excluded")] if excluding else []
    return ledger_query(sa.bindparam("ids", expanding=True), *excluded)


def enrollment_ledgers(
    executor: Session | sa.Connection, enrollment_ids: Iterable[Any], *payment_conditions: Any,
    excluding: uuid.UUID | None = None,
) -> dict[uuid.UUID, EnrollmentLedger]:
    """Each enrollment's ledger; an enrollment with no payment is absent (use EnrollmentLedger()).

    `excluding` leaves one payment out (the one being charged); other `payment_conditions` build
    the statement anew.
    """
    ids = list(enrollment_ids)
    if not ids:
        return {}
    if payment_conditions:
        rows = executor.execute(ledger_query(ids, *payment_conditions, *(
            [Payment.id != excluding] if excluding is not None else [])))
    else:
        params: dict[str, Any] = {"ids": ids} if excluding is None else {"ids": ids, "excluded": excluding}
        rows = executor.execute(_built_once(excluding is not None), params)
    return ledgers_of(rows)


def ledgers_of(rows: Iterable[Any]) -> dict[uuid.UUID, EnrollmentLedger]:
    """The ledgers in the rows of a `ledger_query` (a statement built once with its own parameters)."""
    return {
        enrollment_id: EnrollmentLedger(int(paid or 0), int(refunded or 0), int(in_flight or 0))
        for enrollment_id, paid, refunded, in_flight in rows
    }


def enrollment_ledger(executor: Session | sa.Connection, enrollment_id: Any, *payment_conditions: Any,
                      excluding: uuid.UUID | None = None) -> EnrollmentLedger:
    return enrollment_ledgers(executor, [enrollment_id], *payment_conditions, excluding=excluding).get(
        enrollment_id, EnrollmentLedger())


# Columns, not ORM objects: the same rows through a session or a bare connection.
_PARTS = (sa.select(PaymentAllocation.enrollment_id, PaymentAllocation.position, PaymentAllocation.amount_cents,
                    PaymentAllocation.tax_cents, PaymentAllocation.tax_components)
          .where(PaymentAllocation.payment_id == sa.bindparam("payment_id")).order_by(PaymentAllocation.position))


def parts_of(executor: Session | sa.Connection, payment_id: Any) -> tuple[PaymentPart, ...]:
    """The parts of a payment made for several enrollments, in invoice order; () for one made for one."""
    rows = executor.execute(_PARTS, {"payment_id": payment_id})
    return tuple(PaymentPart(a.enrollment_id, a.position, a.amount_cents, a.tax_cents, tuple(a.tax_components or ()))
                 for a in rows)
