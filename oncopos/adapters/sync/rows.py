"""Reading and writing rows of any synced table as plain dicts, on SQLite and PostgreSQL.

Rows travel as ``{column name: Python value}`` read through the models' column types (UUIDs,
aware UTC datetimes, JSON), so the same dict can be written to either database unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Literal

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from oncopos.adapters.sync.tables import SyncedTable

Row = dict[str, Any]
# SQLite accepts 32,766 parameters per statement; this keeps every IN (...) far below it.
CHUNK = 500


def chunks(items: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def read_rows(conn: sa.Connection, spec: SyncedTable, ids: Iterable[Any]) -> dict[Any, Row]:
    """The rows of `spec` with these ids, by id (ids that do not exist are simply absent)."""
    wanted = list(dict.fromkeys(ids))
    found: dict[Any, Row] = {}
    for part in chunks(wanted):
        for row in conn.execute(sa.select(spec.table).where(spec.table.c.id.in_(part))):
            found[row.id] = dict(row._mapping)
    return found


def existing_ids(conn: sa.Connection, table: sa.Table, ids: Iterable[Any]) -> set[Any]:
    wanted = list(dict.fromkeys(ids))
    found: set[Any] = set()
    for part in chunks(wanted):
        found.update(conn.scalars(sa.select(table.c.id).where(table.c.id.in_(part))))
    return found


def in_creation_order(spec: SyncedTable, rows: Iterable[Row]) -> list[Row]:
    if "sequence" in spec.table.c and "workstation_id" in spec.table.c:
        # A chain (the audit trail): by its numbers, which the central database requires in order;
        # events of one moment share a time.
        return sorted(rows, key=lambda row: (row["workstation_id"], row["sequence"]))
    key = spec.order_column.name
    return sorted(rows, key=lambda row: row[key])


def write_rows(
    conn: sa.Connection, spec: SyncedTable, rows: Sequence[Row], *, on_conflict: Literal["newer", "replace", "ignore"]
) -> int:
    """Insert rows, and on an existing id:

    - ``newer``: take the incoming row only if its version is higher (a desk applying pulled rows);
    - ``replace``: take the incoming row (the central database, which decided under its lock);
    - ``ignore``: keep what is there (append-only facts).

    One executemany per call: psycopg pipelines it, SQLite runs it in C. Returns how many rows
    were inserted or changed (both drivers add up an executemany's counts).
    """
    if not rows:
        return 0
    table = spec.table
    dialect = conn.dialect.name
    if dialect == "postgresql":
        stmt: Any = postgresql.insert(table)
    elif dialect == "sqlite":
        stmt = sqlite.insert(table)
    else:  # pragma: no cover - the app runs on these two only
        raise RuntimeError(f"sync does not support {dialect}")
    if on_conflict == "ignore":
        stmt = stmt.on_conflict_do_nothing(index_elements=[table.c.id])
    else:
        update = {c.name: stmt.excluded[c.name] for c in table.columns if c.name != "id"}
        where = table.c.version < stmt.excluded.version if on_conflict == "newer" else None
        stmt = stmt.on_conflict_do_update(index_elements=[table.c.id], set_=update, where=where)
    return max(conn.execute(stmt, list(rows)).rowcount, 0)


def content_differs(spec: SyncedTable, a: Row, b: Row) -> bool:
    """Whether two versions of a row say different things (stamps and version aside)."""
    return any(a.get(c.name) != b.get(c.name) for c in spec.table.columns if c.name not in ("version", "updated_at"))
