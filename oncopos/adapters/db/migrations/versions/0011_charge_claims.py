"""Charge claims on the central database, and an index for a desk's own head in the change log.

`charge_claims`: the enrollment a desk is charging right now (see models.sync.ChargeClaim).
`ix_central_changes_workstation_seq`: every exchange asks for the last change a desk sent.

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "charge_claims",
        sa.Column("enrollment_id", sa.Uuid(), nullable=False),
        sa.Column("payment_id", sa.Uuid(), nullable=False),
        sa.Column("workstation_id", sa.String(length=32), nullable=False),
        sa.Column("workstation_name", sa.String(length=100), nullable=False),
        sa.Column("staff_name", sa.String(length=100), nullable=False),
        sa.Column("amount_cents", sa.BigInteger(), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("enrollment_id", name=op.f("pk_charge_claims")),
    )
    with op.batch_alter_table("central_changes", schema=None) as batch_op:
        batch_op.create_index("ix_central_changes_workstation_seq", ["workstation_id", "seq"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("central_changes", schema=None) as batch_op:
        batch_op.drop_index("ix_central_changes_workstation_seq")
    op.drop_table("charge_claims")
