"""Deposits and instalment plans: templates per course, a plan per enrollment, its lines.

Revision ID: 0015
Revises: 0014
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
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
        "plan_templates",
        sa.Column("course_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("deposit_basis_points", sa.Integer(), nullable=False),
        sa.Column("instalment_count", sa.Integer(), nullable=False),
        sa.Column("months_between", sa.Integer(), nullable=False),
        sa.Column("remainder_on", sa.String(length=8), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        *_synced_columns(),
        sa.CheckConstraint("deposit_basis_points BETWEEN 0 AND 10000", name=op.f("ck_plan_templates_deposit")),
        sa.CheckConstraint("instalment_count BETWEEN 0 AND 24", name=op.f("ck_plan_templates_count")),
        sa.CheckConstraint("remainder_on IN ('first', 'last')", name=op.f("ck_plan_templates_remainder")),
        sa.ForeignKeyConstraint(["course_id"], ["courses.id"], name=op.f("fk_plan_templates_course_id_courses")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_templates")),
    )
    with op.batch_alter_table("plan_templates", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plan_templates_course_id"), ["course_id"], unique=False)

    op.create_table(
        "payment_plans",
        sa.Column("enrollment_id", sa.Uuid(), nullable=False),
        sa.Column("template_id", sa.Uuid(), nullable=True),
        sa.Column("amount_cents", sa.BigInteger(), nullable=False),
        sa.Column("paid_before_cents", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("contract_signed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("workstation_id", sa.String(length=32), nullable=False),
        *_synced_columns(),
        sa.CheckConstraint("amount_cents > 0 AND paid_before_cents >= 0", name=op.f("ck_payment_plans_amounts")),
        sa.CheckConstraint("status IN ('active', 'cancelled')", name=op.f("ck_payment_plans_status")),
        sa.ForeignKeyConstraint(["enrollment_id"], ["enrollments.id"],
                                name=op.f("fk_payment_plans_enrollment_id_enrollments")),
        sa.ForeignKeyConstraint(["template_id"], ["plan_templates.id"],
                                name=op.f("fk_payment_plans_template_id_plan_templates")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payment_plans")),
        sa.UniqueConstraint("enrollment_id", name=op.f("uq_payment_plans_enrollment_id")),
    )

    op.create_table(
        "plan_instalments",
        sa.Column("plan_id", sa.Uuid(), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("amount_cents", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("reminder_sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("link_payment_id", sa.Uuid(), nullable=True),
        sa.Column("paid_payment_id", sa.Uuid(), nullable=True),
        sa.Column("paid_at", sa.DateTime(timezone=True), nullable=True),
        *_synced_columns(),
        sa.CheckConstraint("amount_cents > 0", name=op.f("ck_plan_instalments_amount")),
        sa.CheckConstraint("kind IN ('deposit', 'instalment')", name=op.f("ck_plan_instalments_kind")),
        sa.CheckConstraint("status IN ('scheduled', 'removed')", name=op.f("ck_plan_instalments_status")),
        sa.ForeignKeyConstraint(["plan_id"], ["payment_plans.id"], name=op.f("fk_plan_instalments_plan_id_payment_plans")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_instalments")),
        sa.UniqueConstraint("plan_id", "sequence", name="uq_plan_instalments_plan_sequence"),
    )
    with op.batch_alter_table("plan_instalments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plan_instalments_plan_id"), ["plan_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_plan_instalments_due_on"), ["due_on"], unique=False)


def downgrade() -> None:
    op.drop_table("plan_instalments")
    op.drop_table("payment_plans")
    op.drop_table("plan_templates")
