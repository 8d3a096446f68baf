"""Registration at the desk: student number counters, withdrawals and transfers, student credit.

Revision ID: 0004
Revises: 0001
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0001"
branch_labels = None
depends_on = None


def _synced_columns() -> list[sa.Column]:
    return [
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("origin_workstation", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "student_number_counters",
        sa.Column("series", sa.String(length=10), nullable=False),
        sa.Column("next_number", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("series", name=op.f("pk_student_number_counters")),
    )
    op.create_table(
        "enrollment_changes",
        sa.Column("enrollment_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("from_section_id", sa.Uuid(), nullable=False),
        sa.Column("to_section_id", sa.Uuid(), nullable=True),
        sa.Column("new_enrollment_id", sa.Uuid(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("paid_cents", sa.BigInteger(), nullable=False),
        sa.Column("credit_cents", sa.BigInteger(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("staff_id", sa.Uuid(), nullable=True),
        sa.Column("workstation_id", sa.String(length=32), nullable=False),
        *_synced_columns(),
        sa.CheckConstraint("kind IN ('withdrawal', 'transfer')", name=op.f("ck_enrollment_changes_kind")),
        sa.CheckConstraint("credit_cents >= 0 AND paid_cents >= 0", name=op.f("ck_enrollment_changes_amounts")),
        sa.ForeignKeyConstraint(
            ["enrollment_id"], ["enrollments.id"], name=op.f("fk_enrollment_changes_enrollment_id_enrollments")
        ),
        sa.ForeignKeyConstraint(
            ["from_section_id"], ["sections.id"], name=op.f("fk_enrollment_changes_from_section_id_sections")
        ),
        sa.ForeignKeyConstraint(["to_section_id"], ["sections.id"], name=op.f("fk_enrollment_changes_to_section_id_sections")),
        sa.ForeignKeyConstraint(
            ["new_enrollment_id"], ["enrollments.id"], name=op.f("fk_enrollment_changes_new_enrollment_id_enrollments")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_enrollment_changes")),
    )
    with op.batch_alter_table("enrollment_changes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_enrollment_changes_enrollment_id"), ["enrollment_id"], unique=False)

    op.create_table(
        "student_credits",
        sa.Column("student_id", sa.Uuid(), nullable=False),
        sa.Column("amount_cents", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("enrollment_id", sa.Uuid(), nullable=True),
        sa.Column("change_id", sa.Uuid(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        *_synced_columns(),
        sa.CheckConstraint("amount_cents <> 0", name=op.f("ck_student_credits_amount")),
        sa.CheckConstraint("kind IN ('withdrawal', 'applied', 'refunded')", name=op.f("ck_student_credits_kind")),
        sa.ForeignKeyConstraint(["student_id"], ["students.id"], name=op.f("fk_student_credits_student_id_students")),
        sa.ForeignKeyConstraint(
            ["enrollment_id"], ["enrollments.id"], name=op.f("fk_student_credits_enrollment_id_enrollments")
        ),
        sa.ForeignKeyConstraint(
            ["change_id"], ["enrollment_changes.id"], name=op.f("fk_student_credits_change_id_enrollment_changes")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_student_credits")),
    )
    with op.batch_alter_table("student_credits", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_student_credits_student_id"), ["student_id"], unique=False)


def downgrade() -> None:
    op.drop_table("student_credits")
    op.drop_table("enrollment_changes")
    op.drop_table("student_number_counters")
