"""Tuition slips (T2202): what a student gives for them, each slip as issued, and each return filed.

- `student_tax_details`: the student's social insurance number, only as a Fernet token made with
  the school's key from the OS keyring (oncopos.adapters.secrets.sin_cipher), and the student's
  consent to receive the slip by email. Edited on any desk like the student record it belongs to.
- `tuition_slips`: each slip as it was issued, a fact. An amended or cancelled slip is a new row
  that names the one it replaces, so the original stays as it was certified; filing and delivery
  are new versions of the row (written by the desk that issued it).
- `tuition_returns`: each information return made from the slips, so a file can be made again
  from the same slips (the file itself, which holds SINs, is never kept).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from oncopos.adapters.db.models.base import Base, Synced


class StudentTaxDetails(Synced, Base):
    __tablename__ = "student_tax_details"

    student_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("students.id"), unique=True)
    # A Fernet token (the column name marks it as never to be copied into an audit record).
    sin_encrypted: Mapped[str | None] = mapped_column(sa.Text)
    slip_by_email: Mapped[bool] = mapped_column(default=False)
    email_consent_at: Mapped[datetime | None]  # when the student said yes (or withdrew it)
    email_consent_staff_id: Mapped[uuid.UUID | None]  # who recorded it; no FK, as in the audit trail


class TuitionReturn(Synced, Base):
    __tablename__ = "tuition_returns"
    __sync_rule__ = "fact"

    year: Mapped[int]
    kind: Mapped[str] = mapped_column(sa.String(8))  # original, amended
    made_at: Mapped[datetime]
    staff_id: Mapped[uuid.UUID | None]
    workstation_id: Mapped[str] = mapped_column(sa.String(32))
    slip_count: Mapped[int]
    fees_cents: Mapped[int] = mapped_column(sa.BigInteger)  # the summary's total (cancelled slips count 0)

    __table_args__ = (sa.CheckConstraint("kind IN ('original', 'amended')", name="kind"),)


class TuitionSlip(Synced, Base):
    __tablename__ = "tuition_slips"
    __sync_rule__ = "fact"

    student_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("students.id"))
    year: Mapped[int]
    kind: Mapped[str] = mapped_column(sa.String(1))  # O original, A amended, C cancelled (CRA's codes)
    replaces_id: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("tuition_slips.id"))
    issued_at: Mapped[datetime]
    staff_id: Mapped[uuid.UUID | None]
    workstation_id: Mapped[str] = mapped_column(sa.String(32))
    program_name: Mapped[str] = mapped_column(sa.String(200))
    fees_cents: Mapped[int] = mapped_column(sa.BigInteger)  # box A
    part_time_months: Mapped[int]  # box B
    full_time_months: Mapped[int]  # box C
    # [{start: [y, m], end: [y, m], fees_cents, part_time_months, full_time_months}], at most four
    sessions: Mapped[list[Any]] = mapped_column(default=list)
    # The student as certified: names, student number, mailing address, language (never the SIN).
    recipient: Mapped[dict[str, Any]] = mapped_column(default=dict)
    return_id: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("tuition_returns.id"))
    delivered_by: Mapped[str | None] = mapped_column(sa.String(8))  # email, print
    delivered_at: Mapped[datetime | None]

    __table_args__ = (
        sa.Index("ix_tuition_slips_year_student", "year", "student_id"),
        sa.CheckConstraint("kind IN ('O', 'A', 'C')", name="kind"),
        sa.CheckConstraint("fees_cents >= 0 AND part_time_months BETWEEN 0 AND 12 "
                           "AND full_time_months BETWEEN 0 AND 12", name="figures"),
        sa.CheckConstraint("delivered_by IS NULL OR delivered_by IN ('email', 'print')", name="delivery"),
    )
