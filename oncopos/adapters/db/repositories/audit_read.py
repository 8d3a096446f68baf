"""Reading the audit trail: the chain as stored (for verification) and filtered pages (for the view).

Kept apart from `audit.py`, which only appends: nothing here writes.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from oncopos.adapters.db.models.audit import AuditEvent
from oncopos.adapters.db.models.people import Staff, Student
from oncopos.adapters.db.repositories.audit import event_hash
from oncopos.adapters.db.repositories.audit_key import AuditChainKey
from oncopos.domain.audit import AuditEntry, AuditQuery, ChainEvent

_CHAIN_COLUMNS = (
    AuditEvent.id, AuditEvent.workstation_id, AuditEvent.sequence, AuditEvent.at, AuditEvent.staff_id,
    AuditEvent.action, AuditEvent.subject_type, AuditEvent.subject_id, AuditEvent.details,
    AuditEvent.prev_hash, AuditEvent.hash,
)


class AuditReader:
    def __init__(self, session: Session) -> None:
        self.session = session

    def workstations(self) -> list[str]:
        query = sa.select(AuditEvent.workstation_id).distinct().order_by(AuditEvent.workstation_id)
        return list(self.session.scalars(query))

    def head(self, workstation_id: str) -> tuple[int, str] | None:
        row = self.session.execute(
            sa.select(AuditEvent.sequence, AuditEvent.hash)
            .where(AuditEvent.workstation_id == workstation_id)
            .order_by(AuditEvent.sequence.desc())
            .limit(1)
        ).first()
        return (row.sequence, row.hash) if row else None

    def chain(self, workstation_id: str) -> Iterator[ChainEvent]:
        """One workstation's events in sequence order, streamed (a trail grows for years)."""
        query = (
            sa.select(*_CHAIN_COLUMNS)
            .where(AuditEvent.workstation_id == workstation_id)
            .order_by(AuditEvent.sequence)
            .execution_options(yield_per=2000)
        )
        for row in self.session.execute(query):
            yield ChainEvent(**row._mapping)

    @staticmethod
    def digest(event: Any) -> str:
        """The plain canonical hash of an event (unkeyed chains)."""
        return event_hash(event)

    def digest_for(self, workstation_id: str) -> Callable[[Any], str]:
        """The function that chained `workstation_id`'s events, as far as this desk can tell.

        This desk's own chain: its keyring key (and the plain hash before it was keyed). Another
        desk's chain, on a keyed desk: that desk's key is not here, so its events are taken as
        hashed and only their links are walked; `audit verify` compares them with the central copy.
        """
        key: AuditChainKey | None = self.session.info.get("audit_key")
        if key is None:
            return event_hash
        material = key.load()
        if workstation_id == key.workstation_id:
            return material.digest if material is not None else event_hash
        return _as_stored

    def keyed(self) -> bool:
        """Whether this desk's own chain is keyed (its keyring holds the chain key)."""
        key: AuditChainKey | None = self.session.info.get("audit_key")
        return key is not None and key.load() is not None

    def actions(self) -> list[str]:
        return list(self.session.scalars(sa.select(AuditEvent.action).distinct().order_by(AuditEvent.action)))

    def search(self, query: AuditQuery) -> list[AuditEntry]:
        """Newest first, at most `query.limit` rows."""
        stmt = sa.select(*_CHAIN_COLUMNS)
        if query.start is not None:
            stmt = stmt.where(AuditEvent.at >= query.start)
        if query.end is not None:
            stmt = stmt.where(AuditEvent.at < query.end)
        if query.system_only:
            stmt = stmt.where(AuditEvent.staff_id.is_(None))
        elif query.staff_id is not None:
            stmt = stmt.where(AuditEvent.staff_id == query.staff_id)
        if query.action:
            if query.action.endswith("."):
                stmt = stmt.where(AuditEvent.action.startswith(query.action, autoescape=True))
            else:
                stmt = stmt.where(AuditEvent.action == query.action)
        if query.subject and query.subject.strip():
            stmt = stmt.where(self._subject_filter(query.subject.strip()))
        stmt = stmt.order_by(AuditEvent.at.desc(), AuditEvent.workstation_id, AuditEvent.sequence.desc())
        rows = [ChainEvent(**r._mapping) for r in self.session.execute(stmt.limit(query.limit))]
        return self._entries(rows)

    def _subject_filter(self, text: str) -> sa.ColumnElement[bool]:
        # Managers know student numbers, not ids: "S100012" finds the events about that student.
        students = list(self.session.scalars(sa.select(Student.id).where(sa.func.upper(Student.student_number) == text.upper())))
        staff = list(self.session.scalars(sa.select(Staff.id).where(Staff.username == text.lower())))
        ids = [str(i) for i in students + staff]
        conditions = [AuditEvent.subject_id.startswith(text, autoescape=True), AuditEvent.subject_type == text.lower()]
        if ids:
            conditions.append(AuditEvent.subject_id.in_(ids))
        return sa.or_(*conditions)

    def _entries(self, rows: list[ChainEvent]) -> list[AuditEntry]:
        names = dict(self.session.execute(sa.select(Staff.id, Staff.username)).all())
        student_ids = {_as_uuid(r.subject_id) for r in rows if r.subject_type == "student"} - {None}
        numbers: dict[str, str] = {}
        if student_ids:
            query = sa.select(Student.id, Student.student_number).where(Student.id.in_(student_ids))
            numbers = {str(sid): number for sid, number in self.session.execute(query)}
        staff_subjects = {str(sid): name for sid, name in names.items()}
        result = []
        for r in rows:
            who = "system" if r.staff_id is None else names.get(r.staff_id, str(r.staff_id))
            if r.subject_type == "student" and r.subject_id in numbers:
                subject = f"student {numbers[r.subject_id]}"
            elif r.subject_type == "staff" and r.subject_id in staff_subjects:
                subject = f"staff {staff_subjects[r.subject_id]}"
            elif r.subject_type:
                subject = f"{r.subject_type} {r.subject_id or ''}".strip()
            else:
                subject = ""
            result.append(
                AuditEntry(
                    at=r.at, workstation_id=r.workstation_id, sequence=r.sequence, staff_id=r.staff_id, staff=who,
                    action=r.action, subject_type=r.subject_type, subject_id=r.subject_id, subject=subject,
                    details=dict(r.details or {}),
                )
            )
        return result


def _as_uuid(text: str | None) -> uuid.UUID | None:
    try:
        return uuid.UUID(text) if text else None
    except ValueError:
        return None


def _as_stored(event: Any) -> str:
    return str(event.hash)
