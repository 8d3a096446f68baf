"""Tables of registration at the desk: student numbers, withdrawals and
transfers, and the credit a student holds after withdrawing.

Withdrawals, transfers and credit movements are facts: rows are appended, never edited, so the
student's history and the credit balance can be re-read at any time from them.
"""

from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from oncopos.adapters.db.models import Base, Synced


class StudentNumberCounter(Base):
    """The next student number of each desk's series, taken in the registration's own transaction.

    Local to the desk like the invoice counters: each desk owns its series, so numbers made
    offline never collide (see oncopos.domain.student_record).
    """

    __tablename__ = "student_number_counters"

    series: Mapped[str] = mapped_column(sa.String(10), primary_key=True)
    next_number: Mapped[int] = mapped_column(default=1)


class EnrollmentChange(Synced, Base):
    """A withdrawal or a transfer of an enrollment, with who, where, why and what the money became."""

    __tablename__ = "enrollment_changes"

    enrollment_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("enrollments.id"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(12))  # withdrawal, transfer
    from_section_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("sections.id"))
    to_section_id: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("sections.id"))
    # A transfer to another course withdraws this enrollment and opens this one.
    new_enrollment_id: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("enrollments.id"))
    reason: Mapped[str] = mapped_column(sa.Text)
    paid_cents: Mapped[int] = mapped_column(sa.BigInteger)  # net of refunds, at the time of the change
    credit_cents: Mapped[int] = mapped_column(sa.BigInteger)  # what became credit on the student's account
    at: Mapped[datetime]
    staff_id: Mapped[uuid.UUID | None]  # no FK, as in the audit trail: the staff row may arrive by sync later
    workstation_id: Mapped[str] = mapped_column(sa.String(32))

    __table_args__ = (
        sa.CheckConstraint("kind IN ('withdrawal', 'transfer')", name="kind"),
        sa.CheckConstraint("credit_cents >= 0 AND paid_cents >= 0", name="amounts"),
    )


class StudentCredit(Synced, Base):
    """One movement of a student's credit: positive when money paid becomes credit, negative when
    the credit is used (applied to a payment or refunded through the refund flow)."""

    __tablename__ = "student_credits"

    student_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("students.id"), index=True)
    amount_cents: Mapped[int] = mapped_column(sa.BigInteger)
    kind: Mapped[str] = mapped_column(sa.String(12))  # withdrawal, applied, refunded
    enrollment_id: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("enrollments.id"))
    change_id: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("enrollment_changes.id"))
    note: Mapped[str] = mapped_column(sa.Text, default="")
    at: Mapped[datetime]

    __table_args__ = (
        sa.CheckConstraint("amount_cents <> 0", name="amount"),
        sa.CheckConstraint("kind IN ('withdrawal', 'applied', 'refunded')", name="kind"),
    )
