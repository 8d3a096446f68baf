"""Payments are indexed by status and creation time: the end of day counts the day's attempts
still in flight through one range of the index, where the status index alone read every in-flight
attempt ever recorded (at a million payments it grew with the table, not with the day). A read by
status alone uses the new index's first column, so the old one goes.

Revision ID: 0021
Revises: 0020
"""

from __future__ import annotations

from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(op.f("ix_payments_status_created_at"), "payments", ["status", "created_at"])
    op.drop_index(op.f("ix_payments_status"), table_name="payments")


def downgrade() -> None:
    op.create_index(op.f("ix_payments_status"), "payments", ["status"])
    op.drop_index(op.f("ix_payments_status_created_at"), table_name="payments")
