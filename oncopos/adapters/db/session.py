"""Sessions that keep the rules of the schema on every flush.

One hook, so no repository can forget: synced rows get their timestamps, a new version when they
change, and a sync-outbox entry in the same transaction; students get their search words.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from oncopos.adapters.db.models.audit import AuditEvent
from oncopos.adapters.db.models.base import Synced
from oncopos.adapters.db.models.payments import PaymentStep
from oncopos.adapters.db.models.people import Student, StudentSearchTerm, search_rows
from oncopos.adapters.db.models.sync import OutboxEntry
from oncopos.adapters.db.repositories.audit_key import AuditChainKey
from oncopos.domain.search import index_terms, sort_name

Clock = Callable[[], datetime]

# append-only rows (no Synced columns) that the sync outbox carries as well.
_APPEND_ONLY_FACTS = (AuditEvent, PaymentStep)

#: session.info key: what writes a flush's outbox entries (a desk inserts them; the central
#: database, which pushes to no one, logs them as changes instead).
OUTBOX_WRITER = "outbox_writer"

OutboxWriter = Callable[[sa.Connection, list[dict[str, Any]]], None]


def utc_now() -> datetime:
    return datetime.now(UTC)


def make_session_factory(
    engine: Engine, *, workstation_id: str, clock: Clock = utc_now, audit_key: AuditChainKey | None = None
) -> sessionmaker[Session]:
    """`audit_key`: this desk's audit-chain key (its own events are chained with an HMAC under it)."""
    info = {"workstation_id": workstation_id, "clock": clock, "audit_key": audit_key}
    factory = sessionmaker(bind=engine, expire_on_commit=False, info=info)
    sa.event.listen(factory, "before_flush", _before_flush)
    return factory


def _before_flush(session: Session, _context, _instances) -> None:  # type: ignore[no-untyped-def]
    clock: Clock = session.info.get("clock", utc_now)
    workstation = session.info.get("workstation_id", "UNKNOWN")
    now = clock()
    changed_students: list[Student] = []
    outbox: list[dict[str, Any]] = []
    for obj in session.new:
        if isinstance(obj, Synced):
            obj.created_at = obj.created_at or now
            obj.updated_at = obj.updated_at or now
            obj.version = obj.version or 1
            obj.origin_workstation = obj.origin_workstation or workstation
            obj.id = obj.id or uuid.uuid4()
            outbox.append(_entry(obj, now))
            if isinstance(obj, Student):
                changed_students.append(obj)
        elif isinstance(obj, _APPEND_ONLY_FACTS):
            # facts without a version (never changed once written) travel to the central
            # database too; their column default would come too late for the entry's row_id.
            obj.id = obj.id or uuid.uuid4()
            outbox.append({"table_name": obj.__tablename__, "row_id": obj.id, "row_version": 1, "created_at": now})
    for obj in session.dirty:
        if isinstance(obj, Synced) and session.is_modified(obj, include_collections=False):
            obj.updated_at = now
            obj.version = (obj.version or 0) + 1
            outbox.append(_entry(obj, now))
            if isinstance(obj, Student):
                changed_students.append(obj)
    if outbox:
        writer: OutboxWriter = session.info.get(OUTBOX_WRITER, insert_outbox)
        writer(session.connection(), outbox)
    for student in changed_students:
        _reindex(session, student)


def read_columns(session: Session, statement: sa.Executable, params: dict[str, Any] | None = None) -> sa.CursorResult[Any]:
    """A read of columns (never ORM objects) on the session's connection, in its transaction.

    The ORM's execution path (its events, its result wrapping) cost more than the indexed read itself
    on the statements a payment runs at every step; the session's autoflush is kept, so the read
    sees what this transaction changed, as session.execute would.
    """
    if session.autoflush:
        session.flush()
    return session.connection().execute(statement, params)


def _entry(obj: Synced, now: datetime) -> dict[str, Any]:
    return {"table_name": obj.__tablename__, "row_id": obj.id, "row_version": obj.version,  # type: ignore[attr-defined]
            "created_at": now}


def insert_outbox(connection: sa.Connection, entries: list[dict[str, Any]]) -> None:
    """All of a flush's entries in one statement, in the order they were made.

    As ORM objects each entry was an INSERT of its own (its id read back, one row at a time on
    SQLite), about a third of a payment's statements; nothing reads those ids in the flush.
    Straight to the connection: session.execute would autoflush inside this flush.
    """
    connection.execute(sa.insert(OutboxEntry.__table__), entries)


def _reindex(session: Session, student: Student) -> None:
    student.sort_name = sort_name(student.last_name, student.first_name)
    terms = index_terms(
        first_name=student.first_name,
        last_name=student.last_name,
        preferred_name=student.preferred_name,
        email=student.email,
        phone=student.phone,
        student_number=student.student_number,
    )
    if student not in session.new:
        # Straight to the connection: session.execute would autoflush inside this flush.
        session.connection().execute(sa.delete(StudentSearchTerm).where(StudentSearchTerm.student_id == student.id))
    session.add_all(StudentSearchTerm(**row) for row in search_rows(student.id, student.sort_name, terms))
