"""Money moved through Stripe: payments, their journal of steps, and refunds.

The idempotency key of each is stored before Stripe is called, so a crash is recovered by asking
Stripe, never by charging again.

A payment for several enrollments at once (a program and its kit) is still one payment, one
PaymentIntent and one idempotency key; `payment_allocations` says how much of it, and of its tax,
went to each enrollment, and `refund_allocations` how much of a refund of it went back on each. A
payment without allocation rows is wholly its own enrollment's (every payment made for one).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from oncopos.adapters.db.models.base import Base, Synced

if TYPE_CHECKING:  # relationship targets only: the mapper finds them by name at run time
    from oncopos.adapters.db.models.enrollments import Enrollment


class Payment(Synced, Base):
    """One attempt to collect money for an enrollment, from quote to a final state.

    The idempotency key is stored before Stripe is called, so a crash at any point is recovered
    by asking Stripe about this key's objects, never by charging again.
    """

    __tablename__ = "payments"

    enrollment_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("enrollments.id"), index=True)
    workstation_id: Mapped[str] = mapped_column(sa.String(32))
    staff_id: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("staff.id"))
    amount_cents: Mapped[int] = mapped_column(sa.BigInteger)
    tax_cents: Mapped[int] = mapped_column(sa.BigInteger, default=0)  # the tax part of this amount
    currency: Mapped[str] = mapped_column(sa.String(3), default="cad")
    method: Mapped[str | None] = mapped_column(sa.String(16))  # reader, hosted
    # Indexed with created_at (below): the day's attempts still in flight are read without
    # walking every in-flight attempt ever made; a read by status alone uses the same index.
    status: Mapped[str] = mapped_column(sa.String(20))
    idempotency_key: Mapped[str] = mapped_column(sa.String(80), unique=True)
    stripe_payment_intent_id: Mapped[str | None] = mapped_column(sa.String(64), index=True)
    stripe_checkout_session_id: Mapped[str | None] = mapped_column(sa.String(80), index=True)
    stripe_charge_id: Mapped[str | None] = mapped_column(sa.String(64))
    reader_id: Mapped[str | None] = mapped_column(sa.String(64))
    payment_method_type: Mapped[str | None] = mapped_column(sa.String(20))  # card_present, interac_present, card
    card_brand: Mapped[str | None] = mapped_column(sa.String(20))
    card_last4: Mapped[str | None] = mapped_column(sa.String(4))
    failure_code: Mapped[str | None] = mapped_column(sa.String(64))
    failure_message: Mapped[str | None] = mapped_column(sa.Text)
    completed_at: Mapped[datetime | None]
    # This payment's share of each tax, frozen at quote time: [{name, rate, base_cents, amount_cents}].
    tax_components: Mapped[list[Any] | None] = mapped_column(sa.JSON)
    # The one-time code that confirmed it (no FK: otp_challenges already points here).
    otp_challenge_id: Mapped[uuid.UUID | None]
    # Hosted page: kept so a restarted desk can show the same QR code until it expires.
    checkout_url: Mapped[str | None] = mapped_column(sa.String(500))
    checkout_expires_at: Mapped[datetime | None]

    enrollment: Mapped[Enrollment] = relationship(back_populates="payments")
    refunds: Mapped[list[Refund]] = relationship(back_populates="payment")

    __table_args__ = (
        sa.Index("ix_payments_status_created_at", "status", "created_at"),
        sa.CheckConstraint("amount_cents > 0", name="amount"),
        sa.CheckConstraint(
            "status IN ('quoted', 'code_sent', 'confirmed', 'processing', 'succeeded', 'failed',"
            " 'cancelled', 'expired')",
            name="status",
        ),
    )


class PaymentStep(Base):
    """The payment journal: each step committed before the next call to the outside world."""

    __tablename__ = "payment_steps"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    payment_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("payments.id"), index=True)
    at: Mapped[datetime]
    step: Mapped[str] = mapped_column(sa.String(40))
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # Order within a payment (steps can share a clock tick).
    sequence: Mapped[int | None]


class Refund(Synced, Base):
    __tablename__ = "refunds"

    payment_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("payments.id"), index=True)
    workstation_id: Mapped[str] = mapped_column(sa.String(32))
    staff_id: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("staff.id"))
    amount_cents: Mapped[int] = mapped_column(sa.BigInteger)
    tax_cents: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    reason: Mapped[str] = mapped_column(sa.String(40))
    reason_text: Mapped[str] = mapped_column(sa.Text, default="")
    status: Mapped[str] = mapped_column(sa.String(20))  # pending, succeeded, failed
    source: Mapped[str] = mapped_column(sa.String(16), default="app")  # app, dashboard
    idempotency_key: Mapped[str] = mapped_column(sa.String(80), unique=True)
    stripe_refund_id: Mapped[str | None] = mapped_column(sa.String(64), index=True)
    completed_at: Mapped[datetime | None]
    # api, reader (Interac in person), cash, cheque, etransfer, returned; None: dashboard
    method: Mapped[str | None] = mapped_column(sa.String(16))
    # A refund by cheque or e-Transfer: the cheque's number or the transfer's reference.
    tender_reference: Mapped[str | None] = mapped_column(sa.String(40))
    reader_id: Mapped[str | None] = mapped_column(sa.String(64))
    failure_code: Mapped[str | None] = mapped_column(sa.String(64))
    failure_message: Mapped[str | None] = mapped_column(sa.Text)

    payment: Mapped[Payment] = relationship(back_populates="refunds")

    __table_args__ = (sa.CheckConstraint("amount_cents > 0", name="amount"),)


class PaymentAllocation(Synced, Base):
    """One enrollment's part of a payment made for several: the amount and its frozen tax share."""

    __tablename__ = "payment_allocations"
    __sync_rule__ = "fact"

    payment_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("payments.id"), index=True)
    enrollment_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("enrollments.id"), index=True)
    position: Mapped[int]  # the line's place on the invoice, from 1
    amount_cents: Mapped[int] = mapped_column(sa.BigInteger)
    tax_cents: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    # This part's share of each tax of its enrollment: [{name, rate, base_cents, amount_cents}],
    # frozen at quote time and set again to the invoice's line when the invoice is issued.
    tax_components: Mapped[list[Any] | None] = mapped_column(sa.JSON)

    __table_args__ = (
        sa.UniqueConstraint("payment_id", "enrollment_id", name="uq_payment_allocations_payment_enrollment"),
        sa.CheckConstraint("amount_cents > 0", name="amount"),
    )


class RefundAllocation(Synced, Base):
    """How much of a refund of a payment for several enrollments went back on each of them."""

    __tablename__ = "refund_allocations"
    __sync_rule__ = "fact"

    refund_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("refunds.id"), index=True)
    enrollment_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("enrollments.id"), index=True)
    amount_cents: Mapped[int] = mapped_column(sa.BigInteger)
    tax_cents: Mapped[int] = mapped_column(sa.BigInteger, default=0)  # set when its credit note is issued

    __table_args__ = (
        sa.UniqueConstraint("refund_id", "enrollment_id", name="uq_refund_allocations_refund_enrollment"),
        sa.CheckConstraint("amount_cents > 0", name="amount"),
    )
