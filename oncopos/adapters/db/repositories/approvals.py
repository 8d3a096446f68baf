"""Managers' approvals: written when given, marked used by exactly one protected call."""

from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from oncopos.adapters.db.models.access import OverrideApproval


class ApprovalRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, *, id: uuid.UUID, staff_id: uuid.UUID, approver_id: uuid.UUID, permission: str,
            subject: str | None, reason: str, workstation_id: str, approved_at: datetime,
            expires_at: datetime) -> None:
        self.session.add(OverrideApproval(
            id=id, staff_id=staff_id, approver_id=approver_id, permission=permission, subject=subject,
            reason=reason, workstation_id=workstation_id, approved_at=approved_at, expires_at=expires_at,
            used_at=None,
        ))
        self.session.flush()

    def use(self, id: uuid.UUID, *, staff_id: uuid.UUID, approver_id: uuid.UUID, permission: str,
            subject: str | None, at: datetime) -> bool:
        """Mark the approval used if it is the one described, unused and not expired: one UPDATE
        with all the conditions, so of two calls racing for it exactly one sees a row changed."""
        a = OverrideApproval
        result = self.session.execute(
            sa.update(a)
            .where(a.id == id, a.staff_id == staff_id, a.approver_id == approver_id, a.permission == permission,
                   a.subject.is_(None) if subject is None else a.subject == subject,
                   a.used_at.is_(None), a.expires_at > at)
            .values(used_at=at)
            .execution_options(synchronize_session=False)
        )
        return result.rowcount == 1  # type: ignore[attr-defined]
