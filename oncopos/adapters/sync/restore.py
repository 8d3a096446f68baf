"""Bringing a reinstalled or restored desk level with its own history on the central database.

Run at the start of every exchange, before anything is pushed (see oncopos.adapters.sync.standing
for why). Cheap when the desk is level: three small queries on each side.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa

from oncopos.adapters.db.models.people import Student, StudentNumberCounter
from oncopos.adapters.db.repositories.audit import AuditRepository
from oncopos.adapters.db.repositories.audit_key import AuditChainKey
from oncopos.adapters.db.session import make_session_factory
from oncopos.adapters.sync.central import CentralStore
from oncopos.adapters.sync.desk import DeskStore
from oncopos.adapters.sync.rows import Row
from oncopos.adapters.sync.standing import (
    OWN_CHANGES,
    RESTORED_KEY,
    Heads,
    behind,
    central_heads,
    chain_forked,
    desk_heads,
    move_invoice_counter,
    set_state,
)
from oncopos.domain.access import system_actor
from oncopos.domain.student_record import student_number_sequence

log = logging.getLogger(__name__)

ParentFetcher = Callable[[dict[str, list[Row]], CentralStore], None]


def catch_up_own(desk: DeskStore, central: CentralStore, workstation_id: str, series: str, batch_size: int,
                 add_missing_parents: ParentFetcher, audit_key: AuditChainKey | None = None) -> str | None:
    """Pull this desk's own records it lacks, move its counters past them, say so; None when level."""
    theirs = central_heads(central.engine, workstation_id, series)
    mine = desk_heads(desk.engine, workstation_id, series)
    reasons = behind(mine, theirs)
    records_behind = [r for r in reasons if r != OWN_CHANGES]
    if not reasons or (mine.own_seq is None and desk.caught_up() and not records_behind):
        # Level; or a desk that synced before it kept its own-head mark, whose records are level.
        return None
    kind = "reinstalled" if not desk.caught_up() and not mine.audit_sequence else "restored from an older copy"
    applied, cursor = 0, mine.own_seq or 0
    while True:
        batch = central.changes_after(cursor, batch_size, only_workstation=workstation_id)
        if batch.scanned == 0:
            break
        add_missing_parents(batch.rows, central)
        applied += desk.apply_pulled(batch.rows)
        cursor = batch.last_seq
    after = desk_heads(desk.engine, workstation_id, series)
    with desk.engine.begin() as conn:
        invoice_moved = move_invoice_counter(conn, series, max(theirs.invoice_sequence, after.invoice_sequence))
        student_moved = _move_student_counter(conn, series)
    if not records_behind and not applied and not invoice_moved and not student_moved:
        # Only the mark was behind (the last exchange pushed, then stopped before noting it): the
        # desk has everything; nothing was restored, so nothing is said.
        return None
    # Its own earlier events that could not be stored here: this data folder wrote new events
    # under their numbers before it first reached the central database.
    forked = chain_forked(desk.engine, workstation_id, theirs) or any(t == "audit_events" for t, _id in desk.deferred())
    summary = _summary(kind, reasons, applied, series, mine, after, invoice_moved, student_moved, forked)
    _record(desk, workstation_id, summary, audit_key)
    log.warning("%s", summary["message"])
    return str(summary["message"])


def _move_student_counter(conn: sa.Connection, series: str) -> tuple[int, int] | None:
    """Past the highest student number of this desk's series held here (either number format)."""
    numbers = conn.scalars(sa.select(Student.student_number).where(
        sa.or_(Student.student_number.like(f"{series}-%"), Student.student_number.like(f"S%-{series}"))))
    highest = max((seq for n in numbers if (seq := student_number_sequence(n, series)) is not None), default=0)
    if not highest:
        return None
    current = conn.scalar(sa.select(StudentNumberCounter.next_number).where(StudentNumberCounter.series == series))
    before = int(current) if current is not None else 1
    if before > highest:
        return None
    if current is None:
        conn.execute(sa.insert(StudentNumberCounter).values(series=series, next_number=highest + 1))
    else:
        conn.execute(sa.update(StudentNumberCounter).where(StudentNumberCounter.series == series)
                     .values(next_number=highest + 1))
    return before, highest + 1


def _summary(kind: str, reasons: list[str], applied: int, series: str, before: Heads, after: Heads,
             invoice_moved: tuple[int, int] | None, student_moved: tuple[int, int] | None, forked: bool) -> dict[str, Any]:
    next_invoice = invoice_moved[1] if invoice_moved else after.invoice_sequence + 1
    message = (
        f"This desk was {kind}: the central database held {', '.join(reasons)} that it lacked. "
        f"{applied} of its own records were brought back, and invoice numbers continue at {series}-{next_invoice:06d}."
    )
    if forked:
        message += (" Some audit events written here before this sync reuse numbers of earlier ones; "
                    "a manager should run `oncopos audit verify` and keep this message.")
    return {
        "message": message, "kind": kind, "reasons": reasons, "records": applied,
        "invoice_counter": list(invoice_moved) if invoice_moved else None,
        "student_counter": list(student_moved) if student_moved else None,
        "audit_sequence": [before.audit_sequence, after.audit_sequence], "audit_forked": forked,
    }


def _record(desk: DeskStore, workstation_id: str, summary: dict[str, Any], audit_key: AuditChainKey | None) -> None:
    """An audit event in this desk's chain (it travels to the central database) and the last
    restoration kept for the status bar and `oncopos sync`."""
    at = desk.clock()
    factory = make_session_factory(desk.engine, workstation_id=workstation_id, clock=desk.clock, audit_key=audit_key)
    with factory() as session, session.begin():
        AuditRepository(session).record(system_actor(workstation_id), "sync.desk_restored", at=at,
                                        subject_type="workstation", subject_id=workstation_id,
                                        details={k: v for k, v in summary.items() if k != "message"})
        set_state(session.connection(), RESTORED_KEY, json.dumps({"at": at.isoformat(), **summary}))
