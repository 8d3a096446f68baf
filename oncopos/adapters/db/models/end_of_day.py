"""Closed business days, and the indexes the end-of-day report reads through.

A closure freezes a day's report: the data exactly as computed at the close (JSON, with its
SHA-256) and the PDF's path and SHA-256. Reopening does not delete it: the row becomes a new
version with status "reopened", and closing again adds a new closure, so every report ever handed
to the accountant stays on record.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from oncopos.adapters.db.models.base import Base, Synced
from oncopos.adapters.db.models.invoices import Invoice
from oncopos.adapters.db.models.payments import Payment, Refund


class DayClosure(Synced, Base):
    __tablename__ = "day_closures"
    # A closure is a record, not something people edit: its one change (reopened) is a new version
    # and the highest version wins on the central database.
    __sync_rule__ = "fact"

    business_date: Mapped[date]
    timezone: Mapped[str] = mapped_column(sa.String(64))
    status: Mapped[str] = mapped_column(sa.String(10))  # closed, reopened
    closed_at: Mapped[datetime]
    closed_by: Mapped[uuid.UUID | None]  # staff id; no FK, like the audit trail
    closed_by_name: Mapped[str] = mapped_column(sa.String(64))
    window_start: Mapped[datetime]  # the completed_at window the frozen report covers
    window_end: Mapped[datetime]
    payment_count: Mapped[int]
    collected_cents: Mapped[int] = mapped_column(sa.BigInteger)
    refunded_cents: Mapped[int] = mapped_column(sa.BigInteger)
    data: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
    data_sha256: Mapped[str] = mapped_column(sa.String(64))
    pdf_path: Mapped[str] = mapped_column(sa.String(500))
    pdf_sha256: Mapped[str] = mapped_column(sa.String(64))
    reopened_at: Mapped[datetime | None]
    reopened_by: Mapped[uuid.UUID | None]
    reopen_reason: Mapped[str] = mapped_column(sa.Text, default="")

    __table_args__ = (
        sa.Index("ix_day_closures_date_status", "business_date", "status"),
        sa.CheckConstraint("status IN ('closed', 'reopened')", name="status"),
    )


# The report selects a day's rows by completed_at (all desks, or one desk); credit notes are found
# from their refund. Declared here so the models and migration 0009 agree.
sa.Index("ix_payments_completed_at", Payment.completed_at)
sa.Index("ix_payments_workstation_completed", Payment.workstation_id, Payment.completed_at)
sa.Index("ix_refunds_completed_at", Refund.completed_at)
sa.Index("ix_invoices_refund_id", Invoice.refund_id)
