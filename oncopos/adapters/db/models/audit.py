"""The audit trail.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from oncopos.adapters.db.models.base import Base


class AuditEvent(Base):
    """Append-only, hash-chained record of who did what, where and when (never a secret)."""

    __tablename__ = "audit_events"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    workstation_id: Mapped[str] = mapped_column(sa.String(32))
    sequence: Mapped[int]  # per workstation, gap-free: a deleted event leaves a hole
    at: Mapped[datetime] = mapped_column(index=True)
    # No foreign key: the trail must accept events whose staff row has not arrived by sync yet,
    # and must outlive any staff account.
    staff_id: Mapped[uuid.UUID | None]
    action: Mapped[str] = mapped_column(sa.String(60), index=True)
    subject_type: Mapped[str | None] = mapped_column(sa.String(30))
    subject_id: Mapped[str | None] = mapped_column(sa.String(64))
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)
    prev_hash: Mapped[str] = mapped_column(sa.String(64))
    hash: Mapped[str] = mapped_column(sa.String(64))

    __table_args__ = (sa.UniqueConstraint("workstation_id", "sequence", name="uq_audit_events_ws_seq"),)
