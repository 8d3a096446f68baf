"""The desks and the exchange with the central database.

The same migrations run on every desk's SQLite file and on the central PostgreSQL, so these
tables exist everywhere. `central_changes` and `charge_claims` are only written on the central
database; `overpayment_flags` travels like any other synced table.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from oncopos.adapters.db.models.base import Base, Synced


class Workstation(Base):
    __tablename__ = "workstations"

    id: Mapped[str] = mapped_column(sa.String(32), primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(100))
    invoice_series: Mapped[str] = mapped_column(sa.String(10), unique=True)
    registered_at: Mapped[datetime]


class OutboxEntry(Base):
    """A local change waiting to reach the central database, written in the change's transaction."""

    __tablename__ = "sync_outbox"

    id: Mapped[int] = mapped_column(sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True, autoincrement=True)
    table_name: Mapped[str] = mapped_column(sa.String(40))
    row_id: Mapped[uuid.UUID]
    row_version: Mapped[int]
    created_at: Mapped[datetime]
    sent_at: Mapped[datetime | None] = mapped_column(index=True)


class SyncState(Base):
    """Small key/value facts of this database: the pull cursor, the schema's seed marker."""

    __tablename__ = "sync_state"

    key: Mapped[str] = mapped_column(sa.String(60), primary_key=True)
    value: Mapped[str] = mapped_column(sa.Text)


class CentralChange(Base):
    """One accepted change on the central database, in the order desks must apply them.

    `seq` comes from a database sequence and is only handed out while the push holds the central
    sync lock, so a reader never sees seq N+1 committed before seq N: a desk's cursor (the last
    seq it applied) can never skip a change that commits late.
    """

    __tablename__ = "central_changes"

    seq: Mapped[int] = mapped_column(sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True, autoincrement=True)
    table_name: Mapped[str] = mapped_column(sa.String(40))
    row_id: Mapped[uuid.UUID]
    version: Mapped[int]  # the row's version on the central database after this change
    # Who sent it, and under which version: (table, row, pushed_version, workstation) identifies a
    # desk's change, which is how a batch sent twice is recognised and ignored.
    workstation_id: Mapped[str] = mapped_column(sa.String(32))
    pushed_version: Mapped[int]
    recorded_at: Mapped[datetime]

    __table_args__ = (
        sa.Index("ix_central_changes_table_row", "table_name", "row_id"),
        # A desk's own head (the last change it sent), asked at the start of every exchange.
        sa.Index("ix_central_changes_workstation_seq", "workstation_id", "seq"),
    )


class ChargeClaim(Base):
    """An enrollment some desk is charging right now: taken on the central database before the
    charge, released when it ends, free again once `expires_at` has passed (a desk that died or
    lost the network mid-payment does not block the enrollment for long). Not synced: it only
    means something on the central database, where every desk sees the same row.
    """

    __tablename__ = "charge_claims"

    enrollment_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    payment_id: Mapped[uuid.UUID]
    workstation_id: Mapped[str] = mapped_column(sa.String(32))
    workstation_name: Mapped[str] = mapped_column(sa.String(100))
    staff_name: Mapped[str] = mapped_column(sa.String(100))
    amount_cents: Mapped[int] = mapped_column(sa.BigInteger())
    claimed_at: Mapped[datetime]
    expires_at: Mapped[datetime]


class OverpaymentFlag(Synced, Base):
    """An enrollment on which more was collected than it costs (desks that took payments while
    apart), for a manager to settle. One row per enrollment, updated as payments arrive; the
    central database raises it, the end-of-day report lists it."""

    __tablename__ = "overpayment_flags"

    enrollment_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("enrollments.id"), unique=True)
    total_cents: Mapped[int] = mapped_column(sa.BigInteger)
    paid_cents: Mapped[int] = mapped_column(sa.BigInteger)  # succeeded payments
    refunded_cents: Mapped[int] = mapped_column(sa.BigInteger)  # succeeded refunds
    over_cents: Mapped[int] = mapped_column(sa.BigInteger)  # paid - refunded - total, above zero when raised
    payment_ids: Mapped[list[Any]] = mapped_column(default=list)  # the succeeded payments, as strings
    workstations: Mapped[list[Any]] = mapped_column(default=list)  # the desks that took them
    detected_at: Mapped[datetime] = mapped_column(index=True)
    status: Mapped[str] = mapped_column(sa.String(10), default="open")  # open, resolved
    resolved_at: Mapped[datetime | None]
    resolved_by: Mapped[uuid.UUID | None]  # staff id; no FK, like the audit trail
    resolution_note: Mapped[str] = mapped_column(sa.Text, default="")

    __table_args__ = (sa.CheckConstraint("status IN ('open', 'resolved')", name="status"),)
