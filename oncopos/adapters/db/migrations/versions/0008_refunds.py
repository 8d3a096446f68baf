"""Refunds: how each refund is made (the Refunds API or in person on a reader) and why it failed.

Revision ID: 0008
Revises: 0001
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("refunds", schema=None) as batch_op:
        batch_op.add_column(sa.Column("method", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("reader_id", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("failure_code", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("failure_message", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("refunds", schema=None) as batch_op:
        batch_op.drop_column("failure_message")
        batch_op.drop_column("failure_code")
        batch_op.drop_column("reader_id")
        batch_op.drop_column("method")
