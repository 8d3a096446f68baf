"""Which tables travel between the desks and the central database, in which order, by which rule.

Generic over the schema: every model that mixes in `Synced`, plus the append-only facts that have
no version (audit events, payment steps). A table added later is synced without touching this
module; its model may say how with a class attribute `__sync_rule__`:

- ``"fact"``: payments, refunds, invoices, withdrawals, credit movements. A row is changed only by
  the desk that owns it and each status change is a new version: the central database keeps the
  highest version and a lower (or equal) version never overwrites it.
- ``"editable"`` (the default): records people edit on any desk (students, courses, sections,
  staff, enrollments, overpayment flags). One rule: *the last change to reach the central database
  wins*, by the central sequence. When it overwrites a change the sending desk had not seen, the
  overwritten values are written to the audit trail (action ``sync.change_overwritten``).
- ``"append_only"``: rows without a version (audit events, payment steps): inserted once, never
  changed; a copy that is already there is left alone.

Order: parents before children, from the foreign keys in the metadata (`sorted_tables`). Pushes
and pulls apply each batch table by table in this order; rows of one table go in creation order,
which keeps a credit note after the invoice it reverses (a self-reference).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Literal

import sqlalchemy as sa

from oncopos.adapters.db.models.base import Base, Synced

Rule = Literal["fact", "editable", "append_only"]

# Tables whose models predate `__sync_rule__` and are facts (see the module docstring).
FACT_TABLES = frozenset({"payments", "refunds", "invoices", "enrollment_changes", "student_credits"})
APPEND_ONLY_TABLES = frozenset({"audit_events", "payment_steps"})
# Never sent in an audit record of an overwritten value, whatever the table.
SECRET_COLUMN_MARKERS = ("password", "hmac", "secret", "token", "encrypted")


@dataclass(frozen=True)
class SyncedTable:
    name: str
    table: sa.Table
    rule: Rule
    # (column, parent table) for each foreign key to another synced table (self-references too).
    parents: tuple[tuple[str, str], ...]

    @property
    def order_column(self) -> sa.Column:
        """Creation order, so that a self-reference (credit note -> invoice) is inserted after its parent."""
        return self.table.c.created_at if "created_at" in self.table.c else self.table.c.at


@cache
def sync_plan() -> tuple[SyncedTable, ...]:
    """Every synced table, parents first. Cached: the schema does not change while the app runs."""
    rules: dict[str, Rule] = {}
    for mapper in Base.registry.mappers:
        model = mapper.class_
        name = getattr(model, "__tablename__", None)
        if name is None:
            continue
        declared = getattr(model, "__sync_rule__", None)
        if issubclass(model, Synced):
            rules[name] = declared or ("fact" if name in FACT_TABLES else "editable")
        elif name in APPEND_ONLY_TABLES:
            rules[name] = "append_only"
    plan = []
    for table in Base.metadata.sorted_tables:
        if table.name not in rules:
            continue
        parents = tuple(
            (fk.parent.name, fk.column.table.name) for fk in table.foreign_keys if fk.column.table.name in rules
        )
        plan.append(SyncedTable(table.name, table, rules[table.name], parents))
    return tuple(plan)


def plan_by_name() -> dict[str, SyncedTable]:
    return {spec.name: spec for spec in sync_plan()}


def is_secret_column(name: str) -> bool:
    return any(marker in name for marker in SECRET_COLUMN_MARKERS)
