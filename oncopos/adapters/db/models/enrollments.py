"""Students in sections, with the price and tax frozen at enrollment time; withdrawals and
transfers, and the student credit they leave.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from oncopos.adapters.db.models.base import Base, Synced

if TYPE_CHECKING:  # relationship targets only: the mapper finds them by name at run time
    from oncopos.adapters.db.models.catalogue import Section
    from oncopos.adapters.db.models.payments import Payment
    from oncopos.adapters.db.models.people import Student


class Enrollment(Synced, Base):
    """A student in a section, with the price and tax frozen at enrollment time."""

    __tablename__ = "enrollments"

    student_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("students.id"), index=True)
    section_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("sections.id"), index=True)
    status: Mapped[str] = mapped_column(sa.String(16), default="active")  # active, completed, withdrawn
    enrolled_at: Mapped[datetime]
    price_cents: Mapped[int] = mapped_column(sa.BigInteger)
    tax_cents: Mapped[int] = mapped_column(sa.BigInteger)
    total_cents: Mapped[int] = mapped_column(sa.BigInteger)
    supply_kind: Mapped[str] = mapped_column(sa.String(8))
    tax_treatment: Mapped[str] = mapped_column(sa.String(16))
    tax_basis: Mapped[str | None] = mapped_column(sa.Text)
    tax_province: Mapped[str] = mapped_column(sa.String(2))
    tax_components: Mapped[list[Any]] = mapped_column(default=list)  # [{name, rate, amount_cents}]

    student: Mapped[Student] = relationship(back_populates="enrollments")
    section: Mapped[Section] = relationship()
    payments: Mapped[list[Payment]] = relationship(back_populates="enrollment")

    __table_args__ = (
        sa.CheckConstraint("total_cents = price_cents + tax_cents", name="total"),
        sa.CheckConstraint("status IN ('active', 'completed', 'withdrawn')", name="status"),
    )


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
