"""Payment flow: the payment's tax split, the code that confirmed it, the hosted page's link, and
the order of the journal's steps.

Revision ID: 0007
Revises: 0001
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("payments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("tax_components", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("otp_challenge_id", sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column("checkout_url", sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column("checkout_expires_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("payment_steps", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sequence", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("payment_steps", schema=None) as batch_op:
        batch_op.drop_column("sequence")
    with op.batch_alter_table("payments", schema=None) as batch_op:
        batch_op.drop_column("checkout_expires_at")
        batch_op.drop_column("checkout_url")
        batch_op.drop_column("otp_challenge_id")
        batch_op.drop_column("tax_components")
