"""The central PostgreSQL side of sync: registration, accepting pushes, handing out changes.

Every push runs in one transaction that first takes a transaction-level advisory lock. The lock
makes pushes one at a time, so the change log's sequence numbers are handed out in commit order
and a desk that pulls "after seq N" can never miss a change that committed late; it also makes
the decisions below (who wins a conflict) free of races. Readers (pulls) never take it.
"""

from __future__ import annotations

import logging
import uuid
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from oncopos.adapters.db.models.payments import Payment, PaymentAllocation, Refund, RefundAllocation
from oncopos.adapters.db.models.sync import CentralChange, OverpaymentFlag, Workstation
from oncopos.adapters.db.repositories.audit import AuditRepository
from oncopos.adapters.sync.central_guard import desk_workstation
from oncopos.adapters.sync.central_staff import AUTHORITY_COLUMNS, only_restricts
from oncopos.adapters.sync.changelog import CENTRAL, log_change
from oncopos.adapters.sync.overpayments import flag_overpayments
from oncopos.adapters.sync.rows import Row, content_differs, in_creation_order, read_rows, write_rows
from oncopos.adapters.sync.tables import SyncedTable, is_secret_column, plan_by_name, sync_plan
from oncopos.domain.access import system_actor
from oncopos.domain.messages import msg
from oncopos.services.sync_status import SyncError, WorkstationConflict

log = logging.getLogger(__name__)

SYNC_LOCK_KEY = 0x0C0_5E0A  # pg_advisory_xact_lock key; any constant unique to this app
Clock = Callable[[], datetime]


@dataclass(frozen=True, slots=True)
class OutgoingRow:
    table: str
    values: Row
    # The version this desk last had from the central database before its pending edits (0 when
    # the row was created on this desk): how the central database tells a conflict from an update.
    base_version: int


@dataclass
class PushOutcome:
    accepted: int = 0
    unchanged: int = 0  # already there (a batch sent again) or older than what central holds
    overwritten: int = 0
    # Rows the desk should take from the central database because they differ from what it sent.
    adopt: dict[str, list[Row]] = field(default_factory=lambda: defaultdict(list))
    rejected: dict[tuple[str, Any], str] = field(default_factory=dict)  # (table, id) -> reason


@dataclass
class PulledBatch:
    rows: dict[str, list[Row]]
    last_seq: int
    scanned: int  # log entries read (own changes included), 0 when caught up


class CentralStore:
    def __init__(self, engine: Engine, *, clock: Clock) -> None:
        self.engine = engine
        self.clock = clock

    # -- workstations ---------------------------------------------------------------------------

    def register_workstation(self, workstation_id: str, name: str, invoice_series: str) -> list[Row]:
        """Record this desk, or check that the central database knows it the same way.

        Returns every registered workstation (the desk keeps a copy for its reports).
        """
        with self.engine.begin() as conn:
            self._lock(conn)
            self._check_login(conn, workstation_id)
            table = Workstation.__table__
            mine = conn.execute(sa.select(table).where(table.c.id == workstation_id)).first()
            holder = conn.execute(sa.select(table).where(table.c.invoice_series == invoice_series)).first()
            if holder is not None and holder.id != workstation_id:
                raise WorkstationConflict(
                    msg("central.series_taken", invoice_series=invoice_series, id=holder.id)
                )
            if mine is not None and mine.invoice_series != invoice_series:
                raise WorkstationConflict(
                    msg("central.series_mismatch", workstation_id=workstation_id, invoice_series=mine.invoice_series,
                        invoice_series2=invoice_series)
                )
            if mine is None:
                conn.execute(
                    sa.insert(table).values(id=workstation_id, name=name, invoice_series=invoice_series,
                                            registered_at=self.clock())
                )
                log.info("workstation %s registered centrally with series %s", workstation_id, invoice_series)
            elif mine.name != name:
                conn.execute(sa.update(table).where(table.c.id == workstation_id).values(name=name))
            return [dict(r._mapping) for r in conn.execute(sa.select(table).order_by(table.c.id))]

    # -- push -----------------------------------------------------------------------------------

    def push(self, workstation_id: str, rows: Sequence[OutgoingRow], *, isolate: bool = False) -> PushOutcome:
        """Apply a desk's batch in one transaction. With `isolate`, each row in its own savepoint,
        so a row the database refuses (a duplicate student number) does not hold back the rest."""
        by_table: dict[str, list[OutgoingRow]] = defaultdict(list)
        plan = plan_by_name()
        for row in rows:
            if row.table not in plan:
                raise SyncError(msg("sync.unknown_local_table", table=row.table))
            by_table[row.table].append(row)
        outcome = PushOutcome()
        now = self.clock()
        with self.engine.begin() as conn:
            self._lock(conn)
            desk_login = self._check_login(conn, workstation_id) is not None
            # Audit events of the central database's own chain, written in this transaction. The
            # session joins it now, before any savepoint, and never commits or rolls it back.
            audit = Session(bind=conn)
            audit.connection()
            touched: set[tuple[str, Any]] = set()
            for spec in sync_plan():
                if spec.name not in by_table:
                    continue
                sent = by_table[spec.name]
                if desk_login and spec.name == "staff":
                    sent = _staff_from_desk(conn, spec, sent, outcome)
                _Table(conn, audit, spec, workstation_id, now, outcome, isolate).push(sent, touched)
            if touched:
                flag_overpayments(conn, audit, touched, now)
            audit.flush()
            audit.close()
        return outcome

    # -- pull -----------------------------------------------------------------------------------

    def latest_seq(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.scalar(sa.select(sa.func.max(CentralChange.seq))) or 0)

    def changes_after(self, cursor: int, limit: int, *, skip_workstation: str | None = None,
                      only_workstation: str | None = None) -> PulledBatch:
        """The current rows behind the next `limit` log entries after `cursor`.

        Entries the desk itself sent (`skip_workstation`) are passed over: the desk has them, and
        anything the central database changed in them came back in the push's reply.
        """
        log_table = CentralChange.__table__
        plan = plan_by_name()
        query = (
            sa.select(log_table.c.seq, log_table.c.table_name, log_table.c.row_id, log_table.c.workstation_id)
            .where(log_table.c.seq > cursor)
            .order_by(log_table.c.seq)
            .limit(limit)
        )
        if only_workstation is not None:  # a desk catching up with its own history
            query = query.where(log_table.c.workstation_id == only_workstation)
        with self.engine.connect() as conn:
            entries = conn.execute(query).all()
            wanted: dict[str, list[Any]] = defaultdict(list)
            for entry in entries:
                if entry.table_name not in plan:
                    raise SyncError(
                        msg("sync.unknown_central_table", table_name=entry.table_name)
                    )
                if entry.workstation_id != skip_workstation:
                    wanted[entry.table_name].append(entry.row_id)
            rows = {name: list(read_rows(conn, plan[name], ids).values()) for name, ids in wanted.items()}
        return PulledBatch(rows, entries[-1].seq if entries else cursor, len(entries))

    def rows(self, wanted: dict[str, set[Any]]) -> dict[str, list[Row]]:
        plan = plan_by_name()
        with self.engine.connect() as conn:
            return {name: list(read_rows(conn, plan[name], ids).values()) for name, ids in wanted.items() if ids}

    def all_staff(self) -> list[Row]:
        spec = plan_by_name()["staff"]
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(sa.select(spec.table))]

    def enrollment_money(self, enrollment_id: uuid.UUID) -> dict[str, list[Row]]:
        """An enrollment with its payments, refunds and overpayment flag, as the central database has them."""
        plan = plan_by_name()
        with self.engine.connect() as conn:
            # Its own payments and those made for it with other enrollments (payment_allocations).
            payment_ids = list(conn.scalars(sa.select(Payment.id).where(sa.or_(
                Payment.enrollment_id == enrollment_id,
                Payment.id.in_(sa.select(PaymentAllocation.payment_id)
                               .where(PaymentAllocation.enrollment_id == enrollment_id))))))
            refund_ids = list(conn.scalars(sa.select(Refund.id).where(Refund.payment_id.in_(payment_ids)))) if payment_ids else []
            allocation_ids = list(conn.scalars(sa.select(PaymentAllocation.id)
                                               .where(PaymentAllocation.payment_id.in_(payment_ids)))) if payment_ids else []
            refund_allocation_ids = list(conn.scalars(sa.select(RefundAllocation.id)
                                                      .where(RefundAllocation.refund_id.in_(refund_ids)))) if refund_ids else []
            flag_ids = list(conn.scalars(sa.select(OverpaymentFlag.id).where(OverpaymentFlag.enrollment_id == enrollment_id)))
            wanted = {"enrollments": [enrollment_id], "payments": payment_ids, "refunds": refund_ids,
                      "payment_allocations": allocation_ids, "refund_allocations": refund_allocation_ids,
                      "overpayment_flags": flag_ids}
            return {name: list(read_rows(conn, plan[name], ids).values()) for name, ids in wanted.items() if ids}

    def _check_login(self, conn: sa.Connection, workstation_id: str) -> str | None:
        """A desk login sends for its own workstation only (the database checks its audit events too).
        Returns the login's workstation, None when it is not a desk login (the owner, a test)."""
        desk = desk_workstation(conn)
        if desk is not None and desk != workstation_id:
            raise WorkstationConflict(
                msg("central.desk_mismatch", desk=desk, workstation_id=workstation_id)
            )
        return desk

    def _lock(self, conn: sa.Connection) -> None:
        if conn.dialect.name == "postgresql":
            conn.execute(sa.select(sa.func.pg_advisory_xact_lock(SYNC_LOCK_KEY)))


def _staff_from_desk(conn: sa.Connection, spec: SyncedTable, rows: list[OutgoingRow], outcome: PushOutcome) -> list[OutgoingRow]:
    """Staff rows a desk login sent: never taken as they are (central_staff.py). A change that only
    takes authority away (deactivation, lower role) is stored; for any other the desk gets the
    central copy back; a new account is refused, except the first administrator of an empty system.
    Returns the rows to store."""
    central = read_rows(conn, spec, (r.values["id"] for r in rows))
    empty = central == {} and conn.scalar(sa.select(sa.func.count()).select_from(spec.table)) == 0
    kept: list[OutgoingRow] = []
    for row in rows:
        held = central.get(row.values["id"])
        if held is None:
            if empty and row.values.get("role") == "admin" and not kept:
                kept.append(row)
                continue
            outcome.rejected[(spec.name, row.values["id"])] = (
                "staff accounts are created on the central database by an administrator, not by a desk alone"
            )
            continue
        if not any(held[name] != row.values.get(name) for name in AUTHORITY_COLUMNS):
            outcome.unchanged += 1
        elif only_restricts(held, row.values):
            kept.append(row)  # a deactivation or a lower role: stored like any edit
        else:
            outcome.unchanged += 1
            outcome.adopt[spec.name].append(held)
            log.warning("staff %s: a change made on a desk alone was refused; the central copy stays", held["username"])
    return kept


class _Table:
    """The decisions for one table of one push (see oncopos.adapters.sync.tables for the rules)."""

    def __init__(
        self, conn: sa.Connection, audit: Session, spec: SyncedTable, workstation: str, now: datetime,
        outcome: PushOutcome, isolate: bool,
    ) -> None:
        self.conn, self.audit, self.spec, self.workstation = conn, audit, spec, workstation
        self.now, self.outcome, self.isolate = now, outcome, isolate

    def push(self, rows: list[OutgoingRow], touched: set[Any]) -> None:
        spec = self.spec
        current = read_rows(self.conn, spec, (r.values["id"] for r in rows))
        history = self._history([r.values["id"] for r in rows]) if spec.rule == "editable" else {}
        base = {r.values["id"]: r.base_version for r in rows}
        decided: list[tuple[Row, Row, Row | None]] = []  # (what was sent, what to store, what it overwrites)
        for values in in_creation_order(spec, (r.values for r in rows)):
            decision = self._decide(values, base[values["id"]], current.get(values["id"]), history.get(values["id"], []))
            if decision is not None:
                decided.append((values, *decision))
        if not self.isolate:
            self._write([final for _sent, final, _lost in decided], [sent for sent, _f, _l in decided])
            written = decided
        else:
            written = []
            for sent, final, lost in decided:
                try:
                    with self.conn.begin_nested():
                        self._write([final], [sent])
                except sa.exc.IntegrityError as exc:
                    reason = str(exc.orig).strip().splitlines()[0]
                    self.outcome.rejected[(spec.name, sent["id"])] = reason
                    log.warning("central refused %s %s: %s", spec.name, sent["id"], reason)
                    continue
                written.append((sent, final, lost))
        for sent, final, lost in written:
            if final is not sent:
                self.outcome.adopt[spec.name].append(final)
            if lost is not None:
                self.outcome.overwritten += 1
                self._audit_overwrite(final, lost)
            self._touch(final, touched)

    def _decide(self, values: Row, base: int, central: Row | None,
                history: list[tuple[int, str]]) -> tuple[Row, Row | None] | None:
        """(the row to store, the row it overwrites when that is a conflict), or None to keep central's."""
        spec, outcome = self.spec, self.outcome
        if central is None:
            return values, None
        if spec.rule == "append_only":
            outcome.unchanged += 1
            return None
        version = values["version"]
        if spec.rule == "fact":
            if version > central["version"]:
                return values, None
            if version == central["version"] and content_differs(spec, central, values):
                # Only the desk that owns a fact changes it; two different rows under one version
                # mean a second desk changed it too. The first to arrive stays; say so in the log.
                log.warning("%s %s: version %d from %s differs from the central copy; the central copy stays",
                            spec.name, values["id"], version, self.workstation)
            self._keep(values, central)
            return None
        if (version, self.workstation) in history or not content_differs(spec, central, values):
            self._keep(values, central)
            return None
        if base == 0:
            # Created on two desks under one id (only deterministic ids can collide): the first stays.
            self._keep(values, central)
            return None
        last_writer = history[-1][1] if history else central["origin_workstation"]
        conflict = central["version"] > base and last_writer != self.workstation
        # Arriving last, it wins even over a higher version; it becomes the next version so every
        # desk (its sender too, through the push's reply) takes it.
        final = values if version > central["version"] else {**values, "version": central["version"] + 1}
        return final, (central if conflict else None)

    def _keep(self, values: Row, central: Row) -> None:
        self.outcome.unchanged += 1
        if central["version"] != values["version"] or content_differs(self.spec, central, values):
            self.outcome.adopt[self.spec.name].append(central)

    def _write(self, finals: list[Row], sent: list[Row]) -> None:
        """Store the rows and their change-log entries: two statements, however many rows."""
        if not finals:
            return
        spec = self.spec
        write_rows(self.conn, spec, finals, on_conflict="ignore" if spec.rule == "append_only" else "replace")
        self.conn.execute(
            sa.insert(CentralChange.__table__),
            [
                {"table_name": spec.name, "row_id": final["id"], "version": final.get("version", 1),
                 "workstation_id": self.workstation, "pushed_version": values.get("version", 1), "recorded_at": self.now}
                for final, values in zip(finals, sent, strict=True)
            ],
        )
        self.outcome.accepted += len(finals)

    def _audit_overwrite(self, winner: Row, loser: Row) -> None:
        changed = {
            c.name: ("(changed)" if is_secret_column(c.name) else loser[c.name])
            for c in self.spec.table.columns
            if c.name not in ("version", "updated_at") and loser.get(c.name) != winner.get(c.name)
        }
        event_id = AuditRepository(self.audit).record(
            system_actor(CENTRAL),
            "sync.change_overwritten",
            at=self.now,
            subject_type=self.spec.name,
            subject_id=winner["id"],
            details={
                "rule": "last change to reach the central database wins",
                "overwritten_version": loser["version"],
                "overwritten_at": loser.get("updated_at"),
                "winning_workstation": self.workstation,
                "winning_version": winner["version"],
                "overwritten_values": changed,
            },
        )
        self.audit.flush()
        log_change(self.conn, "audit_events", event_id, 1, CENTRAL, 1, self.now)

    def _history(self, ids: list[Any]) -> dict[Any, list[tuple[int, str]]]:
        """Per row, the (pushed version, workstation) of every change already logged, oldest first."""
        table = CentralChange.__table__
        found: dict[Any, list[tuple[int, str]]] = defaultdict(list)
        for part in (ids[i : i + 500] for i in range(0, len(ids), 500)):
            for row in self.conn.execute(
                sa.select(table.c.row_id, table.c.pushed_version, table.c.workstation_id)
                .where(table.c.table_name == self.spec.name, table.c.row_id.in_(part))
                .order_by(table.c.seq)
            ):
                found[row.row_id].append((row.pushed_version, row.workstation_id))
        return found

    def _touch(self, row: Row, touched: set[Any]) -> None:
        """Enrollments whose money may have changed: checked for overpayment once the push is in."""
        if self.spec.name == "payments":
            touched.add(("enrollment", row["enrollment_id"]))
        elif self.spec.name == "refunds":
            touched.add(("payment", row["payment_id"]))
        elif self.spec.name == "enrollments":
            touched.add(("enrollment", row["id"]))
