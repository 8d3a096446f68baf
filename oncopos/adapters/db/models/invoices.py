"""Invoices and credit notes, and the gap-free number series of each desk.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from oncopos.adapters.db.models.base import Base, Synced


class InvoiceCounter(Base):
    """The next number of each workstation's series, taken in the payment's own transaction."""

    __tablename__ = "invoice_counters"

    series: Mapped[str] = mapped_column(sa.String(10), primary_key=True)
    next_number: Mapped[int] = mapped_column(default=1)


class Invoice(Synced, Base):
    """An invoice or credit note. Numbers are gap-free per series and never reused; a voided
    number stays with its reason."""

    __tablename__ = "invoices"

    number: Mapped[str] = mapped_column(sa.String(24), unique=True)  # DESK1-000123
    series: Mapped[str] = mapped_column(sa.String(10))
    sequence: Mapped[int]
    kind: Mapped[str] = mapped_column(sa.String(16))  # invoice, credit_note
    payment_id: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("payments.id"), index=True)
    refund_id: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("refunds.id"))
    original_invoice_id: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("invoices.id"))
    issued_at: Mapped[datetime]
    status: Mapped[str] = mapped_column(sa.String(10), default="issued")  # issued, void
    void_reason: Mapped[str | None] = mapped_column(sa.Text)
    subtotal_cents: Mapped[int] = mapped_column(sa.BigInteger)
    tax_cents: Mapped[int] = mapped_column(sa.BigInteger)
    total_cents: Mapped[int] = mapped_column(sa.BigInteger)
    pdf_path: Mapped[str | None] = mapped_column(sa.String(500))
    pdf_sha256: Mapped[str | None] = mapped_column(sa.String(64))
    # The document exactly as issued (oncopos.domain.invoice.InvoiceDocument.to_dict): every
    # rendering reads this, never the live student or settings rows.
    document: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)
    tax_components: Mapped[list[Any] | None] = mapped_column(sa.JSON)  # [{name, rate, amount_cents}]
    student_id: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("students.id"), index=True)
    voided_at: Mapped[datetime | None]
    voided_by: Mapped[uuid.UUID | None]  # staff id; no foreign key, like the audit trail

    __table_args__ = (
        sa.UniqueConstraint("series", "sequence", name="uq_invoices_series_sequence"),
        sa.CheckConstraint("kind IN ('invoice', 'credit_note')", name="kind"),
    )
