"""A payment by cheque or e-Transfer is refunded by a cheque written to the student or an e-Transfer
sent: the refund keeps that cheque's number or that transfer's reference (its method names the tender).

Revision ID: 0022
Revises: 0021
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain added column: refunds is referenced by allocations, credit notes and drawer movements,
    # which a rebuilt SQLite table would have to carry over.
    op.add_column("refunds", sa.Column("tender_reference", sa.String(length=40), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("refunds") as batch:
        batch.drop_column("tender_reference")
