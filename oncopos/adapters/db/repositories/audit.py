"""The audit trail: append-only and hash-chained per workstation.

Each event's hash covers its own fields and the previous event's hash, and sequences are
gap-free per workstation, so a changed, deleted or reordered event breaks the chain where it
happened (oncopos audit verify walks it). This desk's own events are chained with an HMAC under
its keyring key (audit_key.py) when the session factory carries one, so a chain recomputed with
SQL access alone no longer verifies. Details never hold secrets or codes: callers pass ids,
amounts and outcomes only.
"""

from __future__ import annotations

import json
import uuid
import weakref
from datetime import datetime
from types import SimpleNamespace
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from oncopos.adapters.db.models.audit import AuditEvent
from oncopos.adapters.db.repositories.audit_key import AuditChainKey, plain_digest
from oncopos.adapters.db.session import row_written
from oncopos.domain.access import Actor

GENESIS = "0" * 64

_CHAIN_HEAD = (sa.select(AuditEvent.sequence, AuditEvent.hash)
               .where(AuditEvent.workstation_id == sa.bindparam("workstation_id"))
               .order_by(AuditEvent.sequence.desc()).limit(1).with_for_update())


def event_hash(event: Any) -> str:
    """The plain (unkeyed) canonical digest of an event: events of other chains and legacy ones."""
    return plain_digest(event)


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
    ) -> uuid.UUID:
        """Append an event in the caller's transaction (it commits or rolls back with the work)."""
        details = dict(details or {})
        if actor.approved_by is not None:
            details["approved_by"] = actor.approved_by.username
            details["override_reason"] = actor.override_reason
        workstation = actor.workstation_id
        connection = self.session.connection()  # begins the transaction the chain's head is held for
        # The event this transaction recorded last is the head of the chain (its transaction holds
        # the chain: nobody else appends to it before the commit); otherwise the last one on disk.
        heads = self._heads()
        last: Any = heads.get(workstation)
        pending = [e for e in self.session.new if isinstance(e, AuditEvent) and e.workstation_id == workstation]
        if pending:  # an event added to the session as an object (never by this repository)
            last = max([*pending, *([last] if last else [])], key=lambda e: e.sequence)
        elif last is None:
            # On the connection, not flushed first: the ORM's execution path cost more than the indexed read.
            last = connection.execute(_CHAIN_HEAD, {"workstation_id": workstation}).first()
        event = SimpleNamespace(
            id=uuid.uuid4(),
            workstation_id=workstation,
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
        key: AuditChainKey | None = self.session.info.get("audit_key")
        material = key.for_recording(event.sequence) if key and key.workstation_id == event.workstation_id else None
        event.hash = material.digest(event) if material else event_hash(event)
        # Inserted as plain values on the session's connection, in its transaction: as an ORM object
        # the flush's bookkeeping cost more than the row. Its outbox entry goes with the transaction.
        connection.execute(_INSERT, vars(event))
        row_written(self.session, AuditEvent.__tablename__, event.id)
        heads[workstation] = SimpleNamespace(sequence=event.sequence, hash=event.hash)
        return event.id

    def _heads(self) -> dict[str, Any]:
        """The head of each chain this transaction appended to (forgotten when the transaction ends)."""
        transaction = self.session.get_transaction()
        assert transaction is not None, "the connection was asked for first"
        held = self.session.info.get(_HEADS)
        # Weakly, as the payments' locks: a transaction rolled back takes its events, and their head, with it.
        if held is None or held[0]() is not transaction:
            held = (weakref.ref(transaction), {})
            self.session.info[_HEADS] = held
        heads: dict[str, Any] = held[1]
        return heads


_HEADS = "audit_chain_heads"
_INSERT = sa.insert(AuditEvent.__table__)
