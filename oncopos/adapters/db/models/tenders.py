"""Tenders taken by hand (cash, cheque, Interac e-Transfer) and the cash drawer of each desk and day.

A tender by hand is a `payments` row like any card payment (method cash, cheque or etransfer), so
the one ledger, invoices, refunds, end of day and sync treat it the same way; `tender_details`
holds what only that tender has. A cheque or transfer the bank sends back is a `refunds` row
(method "returned") with its credit note. All of these are facts: changed only by the desk that
wrote them, each change a new version.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from oncopos.adapters.db.models.base import Base, Synced


class TenderDetail(Synced, Base):
    __tablename__ = "tender_details"
    __sync_rule__ = "fact"

    payment_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("payments.id"), unique=True)
    tender: Mapped[str] = mapped_column(sa.String(16))  # cash, cheque, etransfer
    # Several parts of one payment split across tenders share this id (the first part's payment id).
    split_id: Mapped[uuid.UUID | None] = mapped_column(index=True)
    drawer_session_id: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("drawer_sessions.id"), index=True)
    # cash: what was handed over, the change given, and the rounding to 5 cents (kept minus applied)
    tendered_cents: Mapped[int | None] = mapped_column(sa.BigInteger)
    change_cents: Mapped[int | None] = mapped_column(sa.BigInteger)
    rounding_cents: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    cheque_number: Mapped[str | None] = mapped_column(sa.String(40))
    cheque_bank: Mapped[str | None] = mapped_column(sa.String(120))
    cheque_date: Mapped[date | None]
    # An Interac reference is the bank's own id of one transfer: it can pay for one payment only.
    etransfer_reference: Mapped[str | None] = mapped_column(sa.String(40), unique=True)
    etransfer_sender: Mapped[str | None] = mapped_column(sa.String(120))

    __table_args__ = (
        sa.CheckConstraint("tender IN ('cash', 'cheque', 'etransfer')", name="tender"),
        sa.CheckConstraint("tendered_cents IS NULL OR tendered_cents >= 0", name="tendered"),
        sa.CheckConstraint("change_cents IS NULL OR change_cents >= 0", name="change"),
    )


class DrawerSession(Synced, Base):
    """A desk's cash drawer for one business day: opened with a float, closed with a count."""

    __tablename__ = "drawer_sessions"
    __sync_rule__ = "fact"

    workstation_id: Mapped[str] = mapped_column(sa.String(32))
    business_date: Mapped[date]
    status: Mapped[str] = mapped_column(sa.String(8))  # open, closed
    opened_at: Mapped[datetime]
    opened_by: Mapped[uuid.UUID | None]  # staff ids carry no FK, like the audit trail
    opened_by_name: Mapped[str] = mapped_column(sa.String(64))
    float_cents: Mapped[int] = mapped_column(sa.BigInteger)
    closed_at: Mapped[datetime | None]
    closed_by: Mapped[uuid.UUID | None]
    closed_by_name: Mapped[str | None] = mapped_column(sa.String(64))
    counts: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)  # {"2000": 3, "25": 8}: denomination -> number
    counted_cents: Mapped[int | None] = mapped_column(sa.BigInteger)
    expected_cents: Mapped[int | None] = mapped_column(sa.BigInteger)
    difference_cents: Mapped[int | None] = mapped_column(sa.BigInteger)  # counted - expected
    difference_reason: Mapped[str | None] = mapped_column(sa.Text)
    approved_by: Mapped[uuid.UUID | None]  # the manager who accepted the difference
    approved_by_name: Mapped[str | None] = mapped_column(sa.String(64))

    __table_args__ = (
        sa.UniqueConstraint("workstation_id", "business_date", name="uq_drawer_sessions_desk_day"),
        sa.CheckConstraint("status IN ('open', 'closed')", name="status"),
        sa.CheckConstraint("float_cents >= 0", name="float"),
    )


class DrawerMovement(Synced, Base):
    """Cash put into or taken out of a drawer other than for a payment (a paid-out needs a reason),
    or handed back for the refund of a cash payment (the refund it paid is named)."""

    __tablename__ = "drawer_movements"
    __sync_rule__ = "fact"

    drawer_session_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("drawer_sessions.id"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(12))  # cash_in, paid_out, cash_refund
    amount_cents: Mapped[int] = mapped_column(sa.BigInteger)
    reason: Mapped[str] = mapped_column(sa.Text)
    at: Mapped[datetime]
    staff_id: Mapped[uuid.UUID | None]
    staff_name: Mapped[str] = mapped_column(sa.String(64))
    # A refund is paid out of one drawer once: the drawer of the desk that refunded it.
    refund_id: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("refunds.id"), unique=True)

    __table_args__ = (
        sa.CheckConstraint("kind IN ('cash_in', 'paid_out', 'cash_refund')", name="kind"),
        sa.CheckConstraint("(kind = 'cash_refund') = (refund_id IS NOT NULL)", name="refund"),
        sa.CheckConstraint("amount_cents > 0", name="amount"),
    )
