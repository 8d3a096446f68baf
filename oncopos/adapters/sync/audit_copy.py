"""The central database's copy of the audit trail, read for `audit verify` on a desk.

Desks may only append to it (central_guard.py), so up to each chain's recorded head it is what
the desk's own copy is compared with.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from oncopos.adapters.db.models.audit import AuditEvent
from oncopos.adapters.sync.connect import is_connection_error, unavailable
from oncopos.domain.audit import ChainEvent

_COLUMNS = (
    AuditEvent.id, AuditEvent.workstation_id, AuditEvent.sequence, AuditEvent.at, AuditEvent.staff_id,
    AuditEvent.action, AuditEvent.subject_type, AuditEvent.subject_id, AuditEvent.details,
    AuditEvent.prev_hash, AuditEvent.hash,
)


class CentralAuditCopy:
    def __init__(self, engine: Engine, url_for_messages: str) -> None:
        self._engine = engine
        self._url = url_for_messages

    def workstations(self) -> list[str]:
        query = sa.select(AuditEvent.workstation_id).distinct().order_by(AuditEvent.workstation_id)
        return self._read(lambda conn: list(conn.scalars(query)))

    def chain(self, workstation_id: str) -> list[ChainEvent]:
        query = sa.select(*_COLUMNS).where(AuditEvent.workstation_id == workstation_id).order_by(AuditEvent.sequence)
        return self._read(lambda conn: [ChainEvent(**row._mapping) for row in conn.execute(query)])

    def _read(self, work):  # type: ignore[no-untyped-def]
        try:
            with self._engine.connect() as conn:
                return work(conn)
        except sa.exc.DBAPIError as exc:
            if is_connection_error(exc):
                raise unavailable(exc, self._url) from None
            raise
