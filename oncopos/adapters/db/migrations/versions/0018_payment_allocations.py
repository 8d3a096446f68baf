"""One payment for several enrollments: each enrollment's part of the payment and of its refunds.

Revision ID: 0018
Revises: 0017
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def _synced() -> list[sa.Column]:
    return [
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("origin_workstation", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "payment_allocations",
        sa.Column("payment_id", sa.Uuid(), nullable=False),
        sa.Column("enrollment_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("amount_cents", sa.BigInteger(), nullable=False),
        sa.Column("tax_cents", sa.BigInteger(), nullable=False),
        sa.Column("tax_components", sa.JSON(), nullable=True),
        *_synced(),
        sa.CheckConstraint("amount_cents > 0", name=op.f("ck_payment_allocations_amount")),
        sa.ForeignKeyConstraint(["payment_id"], ["payments.id"], name=op.f("fk_payment_allocations_payment_id_payments")),
        sa.ForeignKeyConstraint(
            ["enrollment_id"], ["enrollments.id"], name=op.f("fk_payment_allocations_enrollment_id_enrollments")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payment_allocations")),
        sa.UniqueConstraint("payment_id", "enrollment_id", name="uq_payment_allocations_payment_enrollment"),
    )
    op.create_index(op.f("ix_payment_allocations_payment_id"), "payment_allocations", ["payment_id"], unique=False)
    op.create_index(op.f("ix_payment_allocations_enrollment_id"), "payment_allocations", ["enrollment_id"], unique=False)
    op.create_table(
        "refund_allocations",
        sa.Column("refund_id", sa.Uuid(), nullable=False),
        sa.Column("enrollment_id", sa.Uuid(), nullable=False),
        sa.Column("amount_cents", sa.BigInteger(), nullable=False),
        sa.Column("tax_cents", sa.BigInteger(), nullable=False),
        *_synced(),
        sa.CheckConstraint("amount_cents > 0", name=op.f("ck_refund_allocations_amount")),
        sa.ForeignKeyConstraint(["refund_id"], ["refunds.id"], name=op.f("fk_refund_allocations_refund_id_refunds")),
        sa.ForeignKeyConstraint(
            ["enrollment_id"], ["enrollments.id"], name=op.f("fk_refund_allocations_enrollment_id_enrollments")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_refund_allocations")),
        sa.UniqueConstraint("refund_id", "enrollment_id", name="uq_refund_allocations_refund_enrollment"),
    )
    op.create_index(op.f("ix_refund_allocations_refund_id"), "refund_allocations", ["refund_id"], unique=False)
    op.create_index(op.f("ix_refund_allocations_enrollment_id"), "refund_allocations", ["enrollment_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_refund_allocations_enrollment_id"), table_name="refund_allocations")
    op.drop_index(op.f("ix_refund_allocations_refund_id"), table_name="refund_allocations")
    op.drop_table("refund_allocations")
    op.drop_index(op.f("ix_payment_allocations_enrollment_id"), table_name="payment_allocations")
    op.drop_index(op.f("ix_payment_allocations_payment_id"), table_name="payment_allocations")
    op.drop_table("payment_allocations")
