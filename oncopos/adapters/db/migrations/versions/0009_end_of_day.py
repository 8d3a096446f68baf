"""End of day: closed days with their frozen report, and the indexes the report reads through.

Revision ID: 0009
Revises: 0001
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "day_closures",
        sa.Column("business_date", sa.Date(), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_by", sa.Uuid(), nullable=True),
        sa.Column("closed_by_name", sa.String(length=64), nullable=False),
        sa.Column("window_start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("window_end", sa.DateTime(timezone=True), nullable=False),
        sa.Column("payment_count", sa.Integer(), nullable=False),
        sa.Column("collected_cents", sa.BigInteger(), nullable=False),
        sa.Column("refunded_cents", sa.BigInteger(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("data_sha256", sa.String(length=64), nullable=False),
        sa.Column("pdf_path", sa.String(length=500), nullable=False),
        sa.Column("pdf_sha256", sa.String(length=64), nullable=False),
        sa.Column("reopened_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reopened_by", sa.Uuid(), nullable=True),
        sa.Column("reopen_reason", sa.Text(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("origin_workstation", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("status IN ('closed', 'reopened')", name=op.f("ck_day_closures_status")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_day_closures")),
    )
    op.create_index("ix_day_closures_date_status", "day_closures", ["business_date", "status"], unique=False)
    op.create_index("ix_payments_completed_at", "payments", ["completed_at"], unique=False)
    op.create_index("ix_payments_workstation_completed", "payments", ["workstation_id", "completed_at"], unique=False)
    op.create_index("ix_refunds_completed_at", "refunds", ["completed_at"], unique=False)
    op.create_index("ix_invoices_refund_id", "invoices", ["refund_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_invoices_refund_id", table_name="invoices")
    op.drop_index("ix_refunds_completed_at", table_name="refunds")
    op.drop_index("ix_payments_workstation_completed", table_name="payments")
    op.drop_index("ix_payments_completed_at", table_name="payments")
    op.drop_index("ix_day_closures_date_status", table_name="day_closures")
    op.drop_table("day_closures")
