"""Central sync: the central change log and overpayment flags.

On PostgreSQL (the central database) rows that existed before this revision are entered in the
change log, in foreign-key order, so desks pull them too. On SQLite (a desk) audit events and
payment steps written before this revision get an outbox entry, so they reach the central
database: from now on the session hook writes those entries.

Revision ID: 0005
Revises: 0001
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0001"
branch_labels = None
depends_on = None

APPEND_ONLY = ("audit_events", "payment_steps")
SYNCED_COLUMNS = {"id", "version", "origin_workstation", "created_at", "updated_at"}
NOT_SYNCED = {"central_changes", "sync_outbox", "sync_state"}


def upgrade() -> None:
    op.create_table(
        "central_changes",
        sa.Column("seq", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False),
        sa.Column("table_name", sa.String(length=40), nullable=False),
        sa.Column("row_id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("workstation_id", sa.String(length=32), nullable=False),
        sa.Column("pushed_version", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_central_changes")),
    )
    with op.batch_alter_table("central_changes", schema=None) as batch_op:
        batch_op.create_index("ix_central_changes_table_row", ["table_name", "row_id"], unique=False)

    op.create_table(
        "overpayment_flags",
        sa.Column("enrollment_id", sa.Uuid(), nullable=False),
        sa.Column("total_cents", sa.BigInteger(), nullable=False),
        sa.Column("paid_cents", sa.BigInteger(), nullable=False),
        sa.Column("refunded_cents", sa.BigInteger(), nullable=False),
        sa.Column("over_cents", sa.BigInteger(), nullable=False),
        sa.Column("payment_ids", sa.JSON(), nullable=False),
        sa.Column("workstations", sa.JSON(), nullable=False),
        sa.Column("detected_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resolved_by", sa.Uuid(), nullable=True),
        sa.Column("resolution_note", sa.Text(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("origin_workstation", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("status IN ('open', 'resolved')", name=op.f("ck_overpayment_flags_status")),
        sa.ForeignKeyConstraint(
            ["enrollment_id"], ["enrollments.id"], name=op.f("fk_overpayment_flags_enrollment_id_enrollments")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_overpayment_flags")),
        sa.UniqueConstraint("enrollment_id", name=op.f("uq_overpayment_flags_enrollment_id")),
    )
    with op.batch_alter_table("overpayment_flags", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_overpayment_flags_detected_at"), ["detected_at"], unique=False)

    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        _log_existing_rows(bind)
    elif bind.dialect.name == "sqlite":
        for table, at in (("audit_events", "at"), ("payment_steps", "at")):
            op.execute(
                f"INSERT INTO sync_outbox (table_name, row_id, row_version, created_at) "
                f"SELECT '{table}', id, 1, {at} FROM {table} ORDER BY {at}"
            )


def _log_existing_rows(bind: sa.Connection) -> None:
    # Whatever tables exist at this point (other branches may have added some), parents first.
    inspector = sa.inspect(bind)
    for name, _fks in inspector.get_sorted_table_and_fkc_names():
        if name is None or name in NOT_SYNCED:
            continue
        columns = {c["name"] for c in inspector.get_columns(name)}
        if columns >= SYNCED_COLUMNS:
            select = f"SELECT '{name}', id, version, origin_workstation, version, now() FROM {name} ORDER BY created_at"
        elif name in APPEND_ONLY:
            select = f"SELECT '{name}', id, 1, 'CENTRAL', 1, now() FROM {name} ORDER BY at"
        else:
            continue
        op.execute(
            "INSERT INTO central_changes (table_name, row_id, version, workstation_id, pushed_version, recorded_at) "
            + select
        )


def downgrade() -> None:
    with op.batch_alter_table("overpayment_flags", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_overpayment_flags_detected_at"))
    op.drop_table("overpayment_flags")
    with op.batch_alter_table("central_changes", schema=None) as batch_op:
        batch_op.drop_index("ix_central_changes_table_row")
    op.drop_table("central_changes")
