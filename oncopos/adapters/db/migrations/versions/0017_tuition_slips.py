"""Tuition slips (T2202): weekly hours on sections, the tuition class of courses, the student's SIN
(encrypted) and email consent, the slips as issued and the returns made from them.

Existing courses take their class from their kind: a kit is not tuition, a program or a workshop
counts as an occupational-skills course until a manager says it is at post-secondary level.

Revision ID: 0017
Revises: 0016
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
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
    with op.batch_alter_table("courses") as batch:
        batch.add_column(sa.Column("tuition_class", sa.String(length=16), nullable=False,
                                   server_default="occupational"))
        batch.add_column(sa.Column("tuition_basis", sa.Text(), nullable=True))
    op.execute("UPDATE courses SET tuition_class = 'not_tuition' WHERE kind = 'kit'")
    with op.batch_alter_table("courses") as batch:
        batch.alter_column("tuition_class", server_default=None)
        batch.create_check_constraint(
            op.f("ck_courses_tuition_class"), "tuition_class IN ('post_secondary', 'occupational', 'not_tuition')")
    with op.batch_alter_table("sections") as batch:
        batch.add_column(sa.Column("minutes_per_week", sa.Integer(), nullable=True))
        batch.create_check_constraint(
            op.f("ck_sections_minutes_per_week"), "minutes_per_week IS NULL OR minutes_per_week BETWEEN 0 AND 10080")

    op.create_table(
        "student_tax_details",
        sa.Column("student_id", sa.Uuid(), nullable=False),
        sa.Column("sin_encrypted", sa.Text(), nullable=True),
        sa.Column("slip_by_email", sa.Boolean(), nullable=False),
        sa.Column("email_consent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("email_consent_staff_id", sa.Uuid(), nullable=True),
        *_synced_columns(),
        sa.ForeignKeyConstraint(["student_id"], ["students.id"],
                                name=op.f("fk_student_tax_details_student_id_students")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_student_tax_details")),
        sa.UniqueConstraint("student_id", name=op.f("uq_student_tax_details_student_id")),
    )
    op.create_table(
        "tuition_returns",
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("made_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("staff_id", sa.Uuid(), nullable=True),
        sa.Column("workstation_id", sa.String(length=32), nullable=False),
        sa.Column("slip_count", sa.Integer(), nullable=False),
        sa.Column("fees_cents", sa.BigInteger(), nullable=False),
        *_synced_columns(),
        sa.CheckConstraint("kind IN ('original', 'amended')", name=op.f("ck_tuition_returns_kind")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tuition_returns")),
    )
    op.create_table(
        "tuition_slips",
        sa.Column("student_id", sa.Uuid(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=1), nullable=False),
        sa.Column("replaces_id", sa.Uuid(), nullable=True),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("staff_id", sa.Uuid(), nullable=True),
        sa.Column("workstation_id", sa.String(length=32), nullable=False),
        sa.Column("program_name", sa.String(length=200), nullable=False),
        sa.Column("fees_cents", sa.BigInteger(), nullable=False),
        sa.Column("part_time_months", sa.Integer(), nullable=False),
        sa.Column("full_time_months", sa.Integer(), nullable=False),
        sa.Column("sessions", sa.JSON(), nullable=False),
        sa.Column("recipient", sa.JSON(), nullable=False),
        sa.Column("return_id", sa.Uuid(), nullable=True),
        sa.Column("delivered_by", sa.String(length=8), nullable=True),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        *_synced_columns(),
        sa.CheckConstraint("kind IN ('O', 'A', 'C')", name=op.f("ck_tuition_slips_kind")),
        sa.CheckConstraint("fees_cents >= 0 AND part_time_months BETWEEN 0 AND 12 "
                           "AND full_time_months BETWEEN 0 AND 12", name=op.f("ck_tuition_slips_figures")),
        sa.CheckConstraint("delivered_by IS NULL OR delivered_by IN ('email', 'print')",
                           name=op.f("ck_tuition_slips_delivery")),
        sa.ForeignKeyConstraint(["student_id"], ["students.id"], name=op.f("fk_tuition_slips_student_id_students")),
        sa.ForeignKeyConstraint(["replaces_id"], ["tuition_slips.id"],
                                name=op.f("fk_tuition_slips_replaces_id_tuition_slips")),
        sa.ForeignKeyConstraint(["return_id"], ["tuition_returns.id"],
                                name=op.f("fk_tuition_slips_return_id_tuition_returns")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tuition_slips")),
    )
    op.create_index("ix_tuition_slips_year_student", "tuition_slips", ["year", "student_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_tuition_slips_year_student", table_name="tuition_slips")
    op.drop_table("tuition_slips")
    op.drop_table("tuition_returns")
    op.drop_table("student_tax_details")
    with op.batch_alter_table("sections") as batch:
        batch.drop_constraint(op.f("ck_sections_minutes_per_week"), type_="check")
        batch.drop_column("minutes_per_week")
    with op.batch_alter_table("courses") as batch:
        batch.drop_constraint(op.f("ck_courses_tuition_class"), type_="check")
        batch.drop_column("tuition_basis")
        batch.drop_column("tuition_class")
