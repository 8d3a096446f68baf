"""The desk's side of sync: reading the outbox, marking it sent, applying rows from the centre.

Rows from the central database are written with SQL statements, not ORM objects, so the session
hook that stamps versions and writes outbox entries never sees them: a pulled row keeps its
version and is never sent back. Students get their search words here instead.

A row that still has a pending local change is not overwritten by a pull: the local change goes
to the central database first, which decides (see oncopos.adapters.sync.tables), and its reply
brings the outcome back.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from oncopos.adapters.db.models.people import StudentSearchTerm, search_rows
from oncopos.adapters.db.models.sync import OutboxEntry, SyncState, Workstation
from oncopos.adapters.sync.central import OutgoingRow
from oncopos.adapters.sync.central_staff import AUTHORITY_COLUMNS
from oncopos.adapters.sync.rows import Row, chunks, existing_ids, in_creation_order, write_rows
from oncopos.adapters.sync.tables import plan_by_name, sync_plan
from oncopos.domain.search import index_terms

log = logging.getLogger(__name__)

CURSOR_KEY = "central_cursor"  # the last central change log seq applied here
CAUGHT_UP_KEY = "central_caught_up"  # set once the first full catch-up is done
DEFERRED_KEY = "central_deferred"  # rows this desk could not store yet: [[table, id, reason], ...]
Clock = Callable[[], datetime]


class DeskStore:
    def __init__(self, engine: Engine, *, clock: Clock) -> None:
        self.engine = engine
        self.clock = clock

    # -- outbox ---------------------------------------------------------------------------------

    def pending_count(self) -> int:
        outbox = OutboxEntry.__table__
        with self.engine.connect() as conn:
            return int(conn.scalar(sa.select(sa.func.count()).select_from(outbox).where(outbox.c.sent_at.is_(None))) or 0)

    def read_batch(self, limit: int, *, skip: set[int] | None = None) -> tuple[list[int], list[OutgoingRow]]:
        """Up to `limit` pending outbox entries (but not those in `skip`), parents' tables first,
        and the rows they name.

        Taking tables in foreign-key order (not simply the oldest entries) means a batch never
        holds a payment whose enrollment waits in a later batch.
        """
        outbox = OutboxEntry.__table__
        entries: list[Any] = []
        with self.engine.connect() as conn, conn.begin():  # one snapshot for entries and rows
            for spec in sync_plan():
                remaining = limit - len(entries)
                if remaining <= 0:
                    break
                query = (
                    sa.select(outbox.c.id, outbox.c.table_name, outbox.c.row_id, outbox.c.row_version)
                    .where(outbox.c.sent_at.is_(None), outbox.c.table_name == spec.name)
                    .order_by(outbox.c.id)
                    .limit(remaining)
                )
                if skip:
                    query = query.where(outbox.c.id.not_in(sorted(skip)))
                entries += conn.execute(query).all()
            first_version: dict[tuple[str, Any], int] = {}
            for entry in entries:
                key = (entry.table_name, entry.row_id)
                first_version[key] = min(first_version.get(key, entry.row_version), entry.row_version)
            by_table: dict[str, list[Any]] = defaultdict(list)
            for table_name, row_id in first_version:
                by_table[table_name].append(row_id)
            plan = plan_by_name()
            rows: list[OutgoingRow] = []
            for table_name, ids in by_table.items():
                known = plan.get(table_name)
                if known is None:
                    log.warning("outbox names table %s, which sync does not know; skipped", table_name)
                    continue
                spec = known
                found = {}
                for part in chunks(ids):
                    selected = conn.execute(sa.select(spec.table).where(spec.table.c.id.in_(part)))
                    found.update({r.id: dict(r._mapping) for r in selected})
                for row_id in ids:
                    if row_id in found:
                        rows.append(OutgoingRow(table_name, found[row_id], first_version[(table_name, row_id)] - 1))
        return [e.id for e in entries], rows

    def finish_push(self, entry_ids: list[int], rejected: Iterable[tuple[str, Any]], adopt: dict[str, list[Row]]) -> set[int]:
        """Mark the batch sent (except refused rows, which stay pending) and take the central
        database's version of rows that differ from what was sent. One transaction. Returns the
        entries left pending."""
        outbox = OutboxEntry.__table__
        refused = set(rejected)
        with self.engine.begin() as conn:
            keep: set[int] = set()
            if refused:
                for part in chunks(entry_ids):
                    keep.update(
                        e.id
                        for e in conn.execute(
                            sa.select(outbox.c.id, outbox.c.table_name, outbox.c.row_id).where(outbox.c.id.in_(part)))
                        if (e.table_name, e.row_id) in refused
                    )
            done = [i for i in entry_ids if i not in keep]
            now = self.clock()
            for part in chunks(done):
                conn.execute(sa.update(outbox).where(outbox.c.id.in_(part)).values(sent_at=now))
            self._apply_safely(conn, adopt)
            return keep

    # -- pull -----------------------------------------------------------------------------------

    def cursor(self) -> int:
        with self.engine.connect() as conn:
            value = conn.scalar(sa.select(SyncState.value).where(SyncState.key == CURSOR_KEY))
        return int(value) if value else 0

    def caught_up(self) -> bool:
        with self.engine.connect() as conn:
            return conn.scalar(sa.select(SyncState.value).where(SyncState.key == CAUGHT_UP_KEY)) is not None

    def apply_pulled(self, rows: dict[str, list[Row]], *, cursor: int | None = None, caught_up: bool = False) -> int:
        """Apply one batch and move the cursor, in one transaction: all of it or none of it.
        Returns how many rows were new here or newer than this desk's."""
        with self.engine.begin() as conn:
            applied = self._apply_safely(conn, rows)
            if cursor is not None:
                self._set(conn, CURSOR_KEY, str(cursor))
            if caught_up:
                self._set(conn, CAUGHT_UP_KEY, self.clock().isoformat())
            return applied

    def deferred(self) -> dict[tuple[str, Any], str]:
        """Rows from the central database that this desk could not store yet, with the reason."""
        with self.engine.connect() as conn:
            return self._deferred(conn)

    def missing_parents(self, rows: dict[str, list[Row]]) -> dict[str, set[Any]]:
        """Rows that the batch refers to by foreign key but that neither it nor this desk holds."""
        plan = plan_by_name()
        in_batch = {name: {r["id"] for r in batch} for name, batch in rows.items()}
        wanted: dict[str, set[Any]] = defaultdict(set)
        for name, batch in rows.items():
            for column, parent in plan[name].parents:
                wanted[parent].update(r[column] for r in batch if r.get(column) is not None)
        missing: dict[str, set[Any]] = {}
        with self.engine.connect() as conn:
            for parent, wanted_ids in wanted.items():
                ids = wanted_ids - in_batch.get(parent, set())
                if ids:
                    absent = ids - existing_ids(conn, plan[parent].table, ids)
                    if absent:
                        missing[parent] = absent
        return missing

    def save_workstations(self, rows: list[Row]) -> None:
        table = Workstation.__table__
        with self.engine.begin() as conn:
            for row in rows:
                if conn.execute(sa.select(table.c.id).where(table.c.id == row["id"])).first():
                    conn.execute(sa.update(table).where(table.c.id == row["id"]).values(**row))
                else:
                    conn.execute(sa.insert(table).values(**row))

    # -- internals ------------------------------------------------------------------------------

    def _apply_safely(self, conn: sa.Connection, rows: dict[str, list[Row]]) -> int:
        """Apply rows; one this database refuses (a student number already used here by a student
        not yet sent) is set aside with its reason instead of blocking the rest. Set-aside rows are
        fetched again at every sync until they apply (see Synchronizer), so none is lost."""
        if not any(rows.values()):
            return 0
        try:
            with conn.begin_nested():
                applied = self._apply(conn, rows)
            refused: dict[tuple[str, Any], str] = {}
        except sa.exc.IntegrityError:
            applied, refused = 0, {}
            for spec in sync_plan():
                for row in in_creation_order(spec, rows.get(spec.name, ())):
                    try:
                        with conn.begin_nested():
                            applied += self._apply(conn, {spec.name: [row]})
                    except sa.exc.IntegrityError as exc:
                        refused[(spec.name, row["id"])] = str(exc.orig).strip().splitlines()[0]
                        log.warning("%s %s from the central database not stored here: %s", spec.name, row["id"],
                                    refused[(spec.name, row["id"])])
        before = self._deferred(conn)
        if refused or before:
            offered = {(name, r["id"]) for name, batch in rows.items() for r in batch}
            after = {key: reason for key, reason in before.items() if key not in offered}
            after.update(refused)
            if after != before:
                self._set(conn, DEFERRED_KEY, json.dumps([[t, str(i), why] for (t, i), why in sorted(after.items(), key=str)]))
        return applied

    def _deferred(self, conn: sa.Connection) -> dict[tuple[str, Any], str]:
        value = conn.scalar(sa.select(SyncState.value).where(SyncState.key == DEFERRED_KEY))
        return {(table, uuid.UUID(row_id)): why for table, row_id, why in json.loads(value)} if value else {}

    def _apply(self, conn: sa.Connection, rows: dict[str, list[Row]]) -> int:
        held = self._pending_keys(conn, rows)
        applied = 0
        for spec in sync_plan():
            if spec.name == "staff":
                applied += self._apply_staff(conn, spec, rows.get("staff", []))
                continue
            batch = [r for r in rows.get(spec.name, ()) if (spec.name, r["id"]) not in held]
            if not batch:
                continue
            # Several entries for one row in a batch: only its latest version counts.
            latest: dict[Any, Row] = {}
            for row in batch:
                if row["id"] not in latest or row.get("version", 1) > latest[row["id"]].get("version", 1):
                    latest[row["id"]] = row
            ordered = in_creation_order(spec, latest.values())
            applied += write_rows(conn, spec, ordered, on_conflict="ignore" if spec.rule == "append_only" else "newer")
            if spec.name == "students":
                self._reindex(conn, ordered)
        return applied

    def _apply_staff(self, conn: sa.Connection, spec: Any, rows: list[Row]) -> int:
        """Staff as the central database has it, whatever this desk holds (one authority: see
        oncopos.adapters.sync.central_staff): a role, password or deactivation made here alone is
        overwritten. Sign-in failures and locks stay this desk's own."""
        table = spec.table
        applied = 0
        for row in rows:
            authority = {name: row[name] for name in (*AUTHORITY_COLUMNS, "version", "updated_at")}
            if conn.execute(sa.update(table).where(table.c.id == row["id"]).values(**authority)).rowcount == 0:
                conn.execute(sa.insert(table).values(**row))
            applied += 1
        return applied

    def _pending_keys(self, conn: sa.Connection, rows: dict[str, list[Row]]) -> set[tuple[str, Any]]:
        outbox = OutboxEntry.__table__
        ids = list({r["id"] for batch in rows.values() for r in batch})
        held: set[tuple[str, Any]] = set()
        for part in chunks(ids):
            held.update(
                (e.table_name, e.row_id)
                for e in conn.execute(
                    sa.select(outbox.c.table_name, outbox.c.row_id).where(outbox.c.sent_at.is_(None), outbox.c.row_id.in_(part))
                )
            )
        return held

    def _reindex(self, conn: sa.Connection, students: list[Row]) -> None:
        """Search words of the students this batch really changed (a newer local row was kept)."""
        table = plan_by_name()["students"].table
        stored: dict[Any, tuple[int, str]] = {}
        for part in chunks([s["id"] for s in students]):
            query = sa.select(table.c.id, table.c.version, table.c.sort_name).where(table.c.id.in_(part))
            stored.update({id_: (version, key) for id_, version, key in conn.execute(query)})
        changed = [s for s in students if stored.get(s["id"], (None,))[0] == s["version"]]
        terms = StudentSearchTerm.__table__
        for part in chunks([s["id"] for s in changed]):
            conn.execute(sa.delete(terms).where(terms.c.student_id.in_(part)))
        words = [
            row
            for s in changed
            for row in search_rows(
                s["id"],
                stored[s["id"]][1],  # the words list the student as the row just written does
                index_terms(
                    first_name=s["first_name"], last_name=s["last_name"], preferred_name=s["preferred_name"],
                    email=s["email"], phone=s["phone"], student_number=s["student_number"],
                ),
            )
        ]
        if words:
            conn.execute(sa.insert(terms), words)

    def _set(self, conn: sa.Connection, key: str, value: str) -> None:
        table = SyncState.__table__
        if conn.execute(sa.update(table).where(table.c.key == key).values(value=value)).rowcount == 0:
            conn.execute(sa.insert(table).values(key=key, value=value))
