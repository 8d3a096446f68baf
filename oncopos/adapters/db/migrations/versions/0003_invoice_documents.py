"""Invoices keep the document as issued, its tax components, its student, and who voided it.

Revision ID: 0003
Revises: 0001
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("invoices", schema=None) as batch_op:
        batch_op.add_column(sa.Column("document", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("tax_components", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("student_id", sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column("voided_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("voided_by", sa.Uuid(), nullable=True))
        batch_op.create_index(batch_op.f("ix_invoices_student_id"), ["student_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_invoices_student_id_students"), "students", ["student_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("invoices", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_invoices_student_id_students"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_invoices_student_id"))
        batch_op.drop_column("voided_by")
        batch_op.drop_column("voided_at")
        batch_op.drop_column("student_id")
        batch_op.drop_column("tax_components")
        batch_op.drop_column("document")
