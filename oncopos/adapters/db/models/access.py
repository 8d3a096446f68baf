"""Managers' approvals of one action.
"""

from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from oncopos.adapters.db.models.base import Base


class OverrideApproval(Base):
    __tablename__ = "override_approvals"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    staff_id: Mapped[uuid.UUID]  # the person at the desk the approval is for
    approver_id: Mapped[uuid.UUID]  # the manager who typed their password
    permission: Mapped[str] = mapped_column(sa.String(40))
    subject: Mapped[str | None] = mapped_column(sa.String(120))
    reason: Mapped[str] = mapped_column(sa.String(200))
    workstation_id: Mapped[str] = mapped_column(sa.String(32))
    approved_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
