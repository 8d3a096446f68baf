"""Claiming an enrollment on the central database before charging it.

Two desks serving one student at the same moment would both see the full balance owing and both
charge it. Before it charges, a desk that can reach the central database takes each enrollment's
row in `charge_claims` with one INSERT ... ON CONFLICT DO UPDATE: it gets the row when there is
none, when the one there has expired, or when it is its own; otherwise the desk and registrar
holding it are named. Times come from the central database's clock (`now()`), so desks whose
clocks disagree still agree on when a lease ends.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import Engine

from oncopos.adapters.db.models.sync import ChargeClaim
from oncopos.domain.messages import Money, msg
from oncopos.services.payments.ports import EnrollmentBeingCharged

#: How long a claim holds without being renewed: a desk that died mid-payment frees the enrollment
#: after this; a payment in progress renews it while it is followed.
LEASE = timedelta(seconds=120)


def claim(engine: Engine, *, enrollment_ids: Sequence[uuid.UUID], payment_id: uuid.UUID, workstation_id: str,
          workstation_name: str, staff_name: str, amount_cents: int, lease: timedelta = LEASE) -> None:
    """Take every enrollment of this payment, or none: raise EnrollmentBeingCharged naming who holds one.

    A payment for several enrollments (a program and its kit) claims each of them in one
    transaction, in the order of their ids: two desks claiming overlapping sets meet on the same
    row first, so one waits for the other instead of each holding a row the other needs.
    """
    taken = sorted(set(enrollment_ids))
    while True:
        try:
            _claim_all(engine, taken, payment_id=payment_id, workstation_id=workstation_id,
                       workstation_name=workstation_name, staff_name=staff_name, amount_cents=amount_cents,
                       lease=lease)
            return
        except _FreedMeanwhile:
            continue


class _FreedMeanwhile(Exception):
    """A claim held when the insert met it was gone when its holder was read: try again."""


def _claim_all(engine: Engine, taken: list[uuid.UUID], *, payment_id: uuid.UUID, workstation_id: str,
               workstation_name: str, staff_name: str, amount_cents: int, lease: timedelta) -> None:
    now = sa.func.now()
    with engine.begin() as conn:
        for enrollment_id in taken:
            values = {"enrollment_id": enrollment_id, "payment_id": payment_id, "workstation_id": workstation_id,
                      "workstation_name": workstation_name[:100], "staff_name": staff_name[:100],
                      "amount_cents": amount_cents, "claimed_at": now, "expires_at": now + lease}
            insert = postgresql.insert(ChargeClaim).values(**values)
            stmt = insert.on_conflict_do_update(
                index_elements=[ChargeClaim.enrollment_id],
                set_={name: insert.excluded[name] for name in values if name != "enrollment_id"},
                where=sa.or_(ChargeClaim.expires_at < now, ChargeClaim.payment_id == insert.excluded.payment_id),
            ).returning(ChargeClaim.payment_id)
            if conn.execute(stmt).first() is not None:
                continue
            holder = conn.execute(
                sa.select(ChargeClaim.workstation_id, ChargeClaim.workstation_name, ChargeClaim.staff_name,
                          ChargeClaim.amount_cents,
                          sa.func.extract("epoch", ChargeClaim.expires_at - now).label("left"))
                .where(ChargeClaim.enrollment_id == enrollment_id)
            ).first()
            if holder is None:  # released between the two statements: free now, start again
                raise _FreedMeanwhile
            seconds = max(1, int(holder.left or 0))
            # Leaving the block by an exception rolls back the rows this payment took before this one.
            raise EnrollmentBeingCharged(
                msg("sync.claimed", desk=holder.workstation_name, staff=holder.staff_name,
                    amount=Money(holder.amount_cents), seconds=seconds),
                workstation_id=holder.workstation_id, staff_name=holder.staff_name,
            )


def renew(engine: Engine, payment_id: uuid.UUID, lease: timedelta = LEASE) -> None:
    with engine.begin() as conn:
        conn.execute(sa.update(ChargeClaim).where(ChargeClaim.payment_id == payment_id)
                     .values(expires_at=sa.func.now() + lease))


def release(engine: Engine, payment_id: uuid.UUID) -> None:
    with engine.begin() as conn:
        conn.execute(sa.delete(ChargeClaim).where(ChargeClaim.payment_id == payment_id))
