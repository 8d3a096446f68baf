"""A cash refund is paid out of the refunding desk's open drawer: a drawer movement naming its refund.

Revision ID: 0020
Revises: 0019
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("drawer_movements") as batch:
        batch.alter_column("kind", existing_type=sa.String(length=10), type_=sa.String(length=12),
                           existing_nullable=False)
        batch.add_column(sa.Column("refund_id", sa.Uuid(), nullable=True))
        batch.create_foreign_key(op.f("fk_drawer_movements_refund_id_refunds"), "refunds", ["refund_id"], ["id"])
        batch.create_unique_constraint(op.f("uq_drawer_movements_refund_id"), ["refund_id"])
        batch.drop_constraint(op.f("ck_drawer_movements_kind"), type_="check")
        batch.create_check_constraint(op.f("ck_drawer_movements_kind"), "kind IN ('cash_in', 'paid_out', 'cash_refund')")
        batch.create_check_constraint(op.f("ck_drawer_movements_refund"),
                                      "(kind = 'cash_refund') = (refund_id IS NOT NULL)")


def downgrade() -> None:
    with op.batch_alter_table("drawer_movements") as batch:
        batch.drop_constraint(op.f("ck_drawer_movements_refund"), type_="check")
        batch.drop_constraint(op.f("ck_drawer_movements_kind"), type_="check")
        batch.create_check_constraint(op.f("ck_drawer_movements_kind"), "kind IN ('cash_in', 'paid_out')")
        batch.drop_constraint(op.f("uq_drawer_movements_refund_id"), type_="unique")
        batch.drop_constraint(op.f("fk_drawer_movements_refund_id_refunds"), type_="foreignkey")
        batch.drop_column("refund_id")
        batch.alter_column("kind", existing_type=sa.String(length=12), type_=sa.String(length=10),
                           existing_nullable=False)
