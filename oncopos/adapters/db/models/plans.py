"""Deposits and instalment plans: templates per course, a plan per enrollment, its lines.

All three travel between desks (Synced: UUID, version, origin workstation, the outbox entry written
by the session hook) as records people edit: the last change to reach the central database wins,
and an overwritten change is written to the audit trail. Lines are never deleted: a line a manager
takes out of a plan becomes status "removed", so every desk converges on the same schedule.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from oncopos.adapters.db.models.base import Base, Synced


class PlanTemplate(Synced, Base):
    """How a course's plans are made: a deposit share, then instalments so many months apart."""

    __tablename__ = "plan_templates"

    course_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("courses.id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(100))
    deposit_basis_points: Mapped[int]  # 3000 = 30 % of the balance
    instalment_count: Mapped[int]
    months_between: Mapped[int] = mapped_column(default=1)
    remainder_on: Mapped[str] = mapped_column(sa.String(8), default="last")  # first, last
    active: Mapped[bool] = mapped_column(default=True)

    __table_args__ = (
        sa.CheckConstraint("deposit_basis_points BETWEEN 0 AND 10000", name="deposit"),
        sa.CheckConstraint("instalment_count BETWEEN 0 AND 24", name="count"),
        sa.CheckConstraint("remainder_on IN ('first', 'last')", name="remainder"),
    )


class PaymentPlan(Synced, Base):
    """One enrollment's plan: it covers what the enrollment owed when it was made."""

    __tablename__ = "payment_plans"

    enrollment_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("enrollments.id"), unique=True)
    template_id: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("plan_templates.id"))
    amount_cents: Mapped[int] = mapped_column(sa.BigInteger)  # the balance the plan covers
    paid_before_cents: Mapped[int] = mapped_column(sa.BigInteger)  # net paid when the plan was made
    status: Mapped[str] = mapped_column(sa.String(10), default="active")  # active, cancelled
    contract_signed_at: Mapped[datetime | None]
    created_by: Mapped[uuid.UUID | None]  # staff id; no FK, like the audit trail
    workstation_id: Mapped[str] = mapped_column(sa.String(32))

    __table_args__ = (
        sa.CheckConstraint("amount_cents > 0 AND paid_before_cents >= 0", name="amounts"),
        sa.CheckConstraint("status IN ('active', 'cancelled')", name="status"),
    )


class PlanInstalment(Synced, Base):
    """A deposit (sequence 0) or an instalment of a plan, with its reminder and its own link."""

    __tablename__ = "plan_instalments"

    plan_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("payment_plans.id"), index=True)
    sequence: Mapped[int]
    kind: Mapped[str] = mapped_column(sa.String(10))  # deposit, instalment
    due_on: Mapped[date] = mapped_column(index=True)
    amount_cents: Mapped[int] = mapped_column(sa.BigInteger)
    status: Mapped[str] = mapped_column(sa.String(10), default="scheduled")  # scheduled, removed
    reminder_sent_at: Mapped[datetime | None]
    # The hosted payment made for this line's reminder, and the one that paid it (no FK on the
    # first: the payment is created in the same transaction as the reminder it belongs to).
    link_payment_id: Mapped[uuid.UUID | None]
    paid_payment_id: Mapped[uuid.UUID | None]
    paid_at: Mapped[datetime | None]

    __table_args__ = (
        sa.UniqueConstraint("plan_id", "sequence", name="uq_plan_instalments_plan_sequence"),
        sa.CheckConstraint("amount_cents > 0", name="amount"),
        sa.CheckConstraint("kind IN ('deposit', 'instalment')", name="kind"),
        sa.CheckConstraint("status IN ('scheduled', 'removed')", name="status"),
    )
