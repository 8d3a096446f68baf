"""Tenders taken by hand (cash, cheque, Interac e-Transfer) and each desk's cash drawer per day.

Revision ID: 0014
Revises: 0013
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "drawer_sessions",
        sa.Column("workstation_id", sa.String(length=32), nullable=False),
        sa.Column("business_date", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("opened_by", sa.Uuid(), nullable=True),
        sa.Column("opened_by_name", sa.String(length=64), nullable=False),
        sa.Column("float_cents", sa.BigInteger(), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_by", sa.Uuid(), nullable=True),
        sa.Column("closed_by_name", sa.String(length=64), nullable=True),
        sa.Column("counts", sa.JSON(), nullable=True),
        sa.Column("counted_cents", sa.BigInteger(), nullable=True),
        sa.Column("expected_cents", sa.BigInteger(), nullable=True),
        sa.Column("difference_cents", sa.BigInteger(), nullable=True),
        sa.Column("difference_reason", sa.Text(), nullable=True),
        sa.Column("approved_by", sa.Uuid(), nullable=True),
        sa.Column("approved_by_name", sa.String(length=64), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("origin_workstation", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("status IN ('open', 'closed')", name=op.f("ck_drawer_sessions_status")),
        sa.CheckConstraint("float_cents >= 0", name=op.f("ck_drawer_sessions_float")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_drawer_sessions")),
        sa.UniqueConstraint("workstation_id", "business_date", name="uq_drawer_sessions_desk_day"),
    )
    op.create_table(
        "drawer_movements",
        sa.Column("drawer_session_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("amount_cents", sa.BigInteger(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("staff_id", sa.Uuid(), nullable=True),
        sa.Column("staff_name", sa.String(length=64), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("origin_workstation", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("kind IN ('cash_in', 'paid_out')", name=op.f("ck_drawer_movements_kind")),
        sa.CheckConstraint("amount_cents > 0", name=op.f("ck_drawer_movements_amount")),
        sa.ForeignKeyConstraint(
            ["drawer_session_id"], ["drawer_sessions.id"], name=op.f("fk_drawer_movements_drawer_session_id_drawer_sessions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_drawer_movements")),
    )
    op.create_index(op.f("ix_drawer_movements_drawer_session_id"), "drawer_movements", ["drawer_session_id"], unique=False)
    op.create_table(
        "tender_details",
        sa.Column("payment_id", sa.Uuid(), nullable=False),
        sa.Column("tender", sa.String(length=16), nullable=False),
        sa.Column("split_id", sa.Uuid(), nullable=True),
        sa.Column("drawer_session_id", sa.Uuid(), nullable=True),
        sa.Column("tendered_cents", sa.BigInteger(), nullable=True),
        sa.Column("change_cents", sa.BigInteger(), nullable=True),
        sa.Column("rounding_cents", sa.BigInteger(), nullable=False),
        sa.Column("cheque_number", sa.String(length=40), nullable=True),
        sa.Column("cheque_bank", sa.String(length=120), nullable=True),
        sa.Column("cheque_date", sa.Date(), nullable=True),
        sa.Column("etransfer_reference", sa.String(length=40), nullable=True),
        sa.Column("etransfer_sender", sa.String(length=120), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("origin_workstation", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("tender IN ('cash', 'cheque', 'etransfer')", name=op.f("ck_tender_details_tender")),
        sa.CheckConstraint("change_cents IS NULL OR change_cents >= 0", name=op.f("ck_tender_details_change")),
        sa.CheckConstraint("tendered_cents IS NULL OR tendered_cents >= 0", name=op.f("ck_tender_details_tendered")),
        sa.ForeignKeyConstraint(
            ["drawer_session_id"], ["drawer_sessions.id"], name=op.f("fk_tender_details_drawer_session_id_drawer_sessions")
        ),
        sa.ForeignKeyConstraint(["payment_id"], ["payments.id"], name=op.f("fk_tender_details_payment_id_payments")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tender_details")),
        sa.UniqueConstraint("etransfer_reference", name=op.f("uq_tender_details_etransfer_reference")),
        sa.UniqueConstraint("payment_id", name=op.f("uq_tender_details_payment_id")),
    )
    op.create_index(op.f("ix_tender_details_drawer_session_id"), "tender_details", ["drawer_session_id"], unique=False)
    op.create_index(op.f("ix_tender_details_split_id"), "tender_details", ["split_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_tender_details_split_id"), table_name="tender_details")
    op.drop_index(op.f("ix_tender_details_drawer_session_id"), table_name="tender_details")
    op.drop_table("tender_details")
    op.drop_index(op.f("ix_drawer_movements_drawer_session_id"), table_name="drawer_movements")
    op.drop_table("drawer_movements")
    op.drop_table("drawer_sessions")
