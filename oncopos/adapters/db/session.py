"""Sessions that keep the rules of the schema on every flush.

One hook, so no repository can forget: synced rows get their timestamps, a new version when they
change, and a sync-outbox entry in the same transaction; students get their search words.
"""

from __future__ import annotations

import uuid
import weakref
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
    info = {"workstation_id": workstation_id, "clock": clock, "audit_key": audit_key, _KEEPS_OUTBOX: True}
    factory = sessionmaker(bind=engine, expire_on_commit=False, info=info)
    sa.event.listen(factory, "before_flush", _before_flush)
    sa.event.listen(factory, "before_commit", _before_commit)
    return factory


#: session.info key: set on the sessions whose hooks keep the outbox (a bare Session writes no entries).
_KEEPS_OUTBOX = "keeps_outbox"
#: session.info key: (its transaction, weakly; the entries of the rows written on its connection).
_PENDING_OUTBOX = "pending_outbox"


def row_written(session: Session, table_name: str, row_id: uuid.UUID, version: int = 1) -> None:
    """A synced row written on the session's connection, not through the flush: an append-only fact
    (journal step, audit event: version 1, never changed) or a version of a payment's row written
    under its lock. Its outbox entry goes out with the transaction's next flush, or at the commit.

    The ORM's unit of work cost more than the row for these (several per step of a payment); the
    entry is the one the hook below writes for such a row, in the same transaction, in the same
    one INSERT as the flush's own entries.
    """
    if not session.info.get(_KEEPS_OUTBOX):
        return  # a bare Session (the central database's own chain) has no hook, as before
    clock: Clock = session.info.get("clock", utc_now)
    _pending(session, create=True).append(
        {"table_name": table_name, "row_id": row_id, "row_version": version, "created_at": clock()})


def synced_columns(session: Session) -> dict[str, Any]:
    """The columns the hook below gives a new synced row, for one inserted on the connection."""
    clock: Clock = session.info.get("clock", utc_now)
    now = clock()
    return {"created_at": now, "updated_at": now, "version": 1,
            "origin_workstation": session.info.get("workstation_id", "UNKNOWN")}


def new_version(session: Session, version: int) -> dict[str, Any]:
    """The columns the hook below changes on a synced row that changed (its version and updated_at)."""
    clock: Clock = session.info.get("clock", utc_now)
    return {"version": (version or 0) + 1, "updated_at": clock()}


def _pending(session: Session, *, create: bool = False) -> list[dict[str, Any]]:
    transaction = session.get_transaction()
    held = session.info.get(_PENDING_OUTBOX)
    # Held weakly, as the payments' locks are: a transaction rolled back leaves its entries behind
    # with it (its rows are gone too), and the next one starts with none.
    if held is None or transaction is None or held[0]() is not transaction:
        if not create or transaction is None:
            return []
        held = (weakref.ref(transaction), [])
        session.info[_PENDING_OUTBOX] = held
    entries: list[dict[str, Any]] = held[1]
    return entries


def _take_pending(session: Session) -> list[dict[str, Any]]:
    entries = _pending(session)
    taken = list(entries)
    entries.clear()
    return taken


def _before_commit(session: Session) -> None:
    if session.in_nested_transaction() or not _pending(session):
        return  # a savepoint's release leaves them to the transaction's own commit
    session.flush()  # a flush still to come takes the entries with its own, in its one INSERT
    entries = _take_pending(session)
    if entries:
        writer: OutboxWriter = session.info.get(OUTBOX_WRITER, insert_outbox)
        writer(session.connection(), entries)


def _before_flush(session: Session, _context, _instances) -> None:  # type: ignore[no-untyped-def]
    clock: Clock = session.info.get("clock", utc_now)
    workstation = session.info.get("workstation_id", "UNKNOWN")
    now = clock()
    changed_students: list[Student] = []
    # The facts written on the connection first; not inside a savepoint, which may roll back without them.
    outbox: list[dict[str, Any]] = [] if session.in_nested_transaction() else _take_pending(session)
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
