"""A desk's own place on the central database: is this desk behind its own history there?

A desk reinstalled with an empty data folder, or restored from an older backup, keeps its
WORKSTATION_ID and INVOICE_SERIES, but the central database holds records this desk made and no
longer has: later invoices, audit events, students. Its pull cursor may even be past them (they
were skipped as "already seen" when they were this desk's own pushes). Taking a payment then
would reuse an invoice number and fork the audit chain.

So before it pushes anything, each exchange compares the desk's heads (the last central change it
sent, its highest invoice number, its audit chain's last event) with what the central database
holds for it; when the desk is behind, it pulls its own later records, moves its counters past
them, says what it did (log, audit event, `SyncReport.restored`), and only then carries on.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from oncopos.adapters.db.models.audit import AuditEvent
from oncopos.adapters.db.models.invoices import Invoice, InvoiceCounter
from oncopos.adapters.db.models.sync import CentralChange, SyncState

log = logging.getLogger(__name__)

OWN_SEQ_KEY = "central_own_seq"  # the highest central change-log seq of this desk's own changes it holds
RESTORED_KEY = "central_restored"  # the last restoration: what was brought back, as JSON
OWN_CHANGES = "changes it sent"  # the reason `behind` gives when only the own-head mark is behind


@dataclass(frozen=True, slots=True)
class Heads:
    """Where a desk's own history ends, on one database."""

    own_seq: int | None  # central: the last change this desk sent; desk: the last one it knows it holds
    invoice_sequence: int  # highest invoice sequence of the desk's series
    audit_sequence: int  # the desk's audit chain: last sequence ...
    audit_hash: str | None  # ... and that event's hash

    def describe(self) -> dict[str, Any]:
        return {"own_seq": self.own_seq, "invoice": self.invoice_sequence, "audit": self.audit_sequence}


def central_heads(engine: Engine, workstation_id: str, series: str) -> Heads:
    with engine.connect() as conn:
        own = conn.scalar(sa.select(sa.func.max(CentralChange.seq)).where(CentralChange.workstation_id == workstation_id))
        return Heads(int(own) if own is not None else None, *_record_heads(conn, workstation_id, series))


def desk_heads(engine: Engine, workstation_id: str, series: str) -> Heads:
    with engine.connect() as conn:
        own = conn.scalar(sa.select(SyncState.value).where(SyncState.key == OWN_SEQ_KEY))
        return Heads(int(own) if own else None, *_record_heads(conn, workstation_id, series))


def _record_heads(conn: sa.Connection, workstation_id: str, series: str) -> tuple[int, int, str | None]:
    invoice = conn.scalar(sa.select(sa.func.max(Invoice.sequence)).where(Invoice.series == series))
    audit = conn.execute(
        sa.select(AuditEvent.sequence, AuditEvent.hash).where(AuditEvent.workstation_id == workstation_id)
        .order_by(AuditEvent.sequence.desc()).limit(1)
    ).first()
    return int(invoice or 0), int(audit.sequence) if audit else 0, audit.hash if audit else None


def behind(desk: Heads, central: Heads) -> list[str]:
    """What the central database holds of this desk that the desk does not (empty: not behind)."""
    reasons = []
    if central.own_seq is not None and (desk.own_seq is None or desk.own_seq < central.own_seq):
        reasons.append(OWN_CHANGES)
    if central.invoice_sequence > desk.invoice_sequence:
        reasons.append(f"invoices up to number {central.invoice_sequence}")
    if central.audit_sequence > desk.audit_sequence:
        reasons.append(f"audit events up to {central.audit_sequence}")
    return reasons


def chain_forked(engine: Engine, workstation_id: str, central: Heads) -> bool:
    """The desk holds an event under central's last sequence, but a different one: it wrote new
    events over numbers its earlier self had already used (restored, then used before syncing)."""
    if not central.audit_sequence:
        return False
    with engine.connect() as conn:
        mine = conn.scalar(sa.select(AuditEvent.hash).where(AuditEvent.workstation_id == workstation_id,
                                                             AuditEvent.sequence == central.audit_sequence))
    return mine is not None and mine != central.audit_hash


def move_invoice_counter(conn: sa.Connection, series: str, past: int) -> tuple[int, int] | None:
    """Move the desk's counter of `series` to past+1 unless it is already there; (before, after)."""
    current = conn.scalar(sa.select(InvoiceCounter.next_number).where(InvoiceCounter.series == series))
    before = int(current) if current is not None else 1
    if before > past:
        return None
    if current is None:
        conn.execute(sa.insert(InvoiceCounter).values(series=series, next_number=past + 1))
    else:
        conn.execute(sa.update(InvoiceCounter).where(InvoiceCounter.series == series).values(next_number=past + 1))
    return before, past + 1


def set_state(conn: sa.Connection, key: str, value: str) -> None:
    if conn.execute(sa.update(SyncState).where(SyncState.key == key).values(value=value)).rowcount == 0:
        conn.execute(sa.insert(SyncState).values(key=key, value=value))


def last_restoration(engine: Engine) -> dict[str, Any] | None:
    with engine.connect() as conn:
        value = conn.scalar(sa.select(SyncState.value).where(SyncState.key == RESTORED_KEY))
    return json.loads(value) if value else None
