"""The audit trail: append-only and hash-chained per workstation.

Each event's hash covers its own fields and the previous event's hash, and sequences are
gap-free per workstation, so a changed, deleted or reordered event breaks the chain where it
happened (oncopos audit verify walks it). Details never hold secrets or codes: callers pass ids,
amounts and outcomes only.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from oncopos.adapters.db.models import AuditEvent
from oncopos.domain.access import Actor

GENESIS = "0" * 64


def event_hash(event: AuditEvent) -> str:
    """The canonical digest of an event: stable across databases and Python versions."""
    payload = {
        "id": str(event.id),
        "workstation_id": event.workstation_id,
        "sequence": event.sequence,
        "at": event.at.isoformat(timespec="microseconds"),
        "staff_id": str(event.staff_id) if event.staff_id else None,
        "action": event.action,
        "subject_type": event.subject_type,
        "subject_id": event.subject_id,
        "details": event.details,
        "prev_hash": event.prev_hash,
    }
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class AuditRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def record(
        self,
        actor: Actor,
        action: str,
        *,
        at: datetime,
        subject_type: str | None = None,
        subject_id: str | uuid.UUID | None = None,
        details: dict[str, Any] | None = None,
    ) -> AuditEvent:
        """Append an event in the caller's transaction (it commits or rolls back with the work)."""
        details = dict(details or {})
        if actor.approved_by is not None:
            details["approved_by"] = actor.approved_by.username
            details["override_reason"] = actor.override_reason
        last = self.session.execute(
            sa.select(AuditEvent.sequence, AuditEvent.hash)
            .where(AuditEvent.workstation_id == actor.workstation_id)
            .order_by(AuditEvent.sequence.desc())
            .limit(1)
            .with_for_update()
        ).first()
        event = AuditEvent(
            id=uuid.uuid4(),
            workstation_id=actor.workstation_id,
            sequence=(last.sequence + 1) if last else 1,
            at=at,
            staff_id=actor.staff_id,
            action=action,
            subject_type=subject_type,
            subject_id=str(subject_id) if subject_id is not None else None,
            # JSON round trip now, so the hash is computed over exactly what the database returns.
            details=json.loads(json.dumps(details, default=str)),
            prev_hash=last.hash if last else GENESIS,
        )
        event.hash = event_hash(event)
        self.session.add(event)
        return event
