"""What the school sells: courses and their sections.
"""

from __future__ import annotations

import uuid
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from oncopos.adapters.db.models.base import Base, Synced


class Course(Synced, Base):
    __tablename__ = "courses"

    code: Mapped[str] = mapped_column(sa.String(20), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    kind: Mapped[str] = mapped_column(sa.String(16))  # program, workshop, kit
    price_cents: Mapped[int] = mapped_column(sa.BigInteger)
    supply_kind: Mapped[str] = mapped_column(sa.String(8))  # service or goods, for provincial tax
    tax_treatment: Mapped[str] = mapped_column(sa.String(16))  # taxable, exempt, zero_rated
    tax_basis: Mapped[str | None] = mapped_column(sa.Text)  # the legal basis of an exemption
    delivery_province: Mapped[str | None] = mapped_column(sa.String(2))  # None: the desk's province
    min_first_payment_cents: Mapped[int | None] = mapped_column(sa.BigInteger)
    active: Mapped[bool] = mapped_column(default=True)
    # How the fees count on a T2202 (oncopos.domain.tuition.TuitionClass), and why.
    tuition_class: Mapped[str] = mapped_column(sa.String(16), default="occupational")
    tuition_basis: Mapped[str | None] = mapped_column(sa.Text)

    sections: Mapped[list[Section]] = relationship(back_populates="course")

    __table_args__ = (
        sa.CheckConstraint("kind IN ('program', 'workshop', 'kit')", name="kind"),
        sa.CheckConstraint("supply_kind IN ('service', 'goods')", name="supply_kind"),
        sa.CheckConstraint("tax_treatment IN ('taxable', 'exempt', 'zero_rated')", name="treatment"),
        sa.CheckConstraint("price_cents >= 0", name="price"),
        sa.CheckConstraint("tuition_class IN ('post_secondary', 'occupational', 'not_tuition')", name="tuition_class"),
    )


class Section(Synced, Base):
    __tablename__ = "sections"

    course_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("courses.id"), index=True)
    code: Mapped[str] = mapped_column(sa.String(30), unique=True)
    start_date: Mapped[date | None]
    end_date: Mapped[date | None]
    schedule: Mapped[str] = mapped_column(sa.String(200), default="")
    location: Mapped[str] = mapped_column(sa.String(200), default="")
    capacity: Mapped[int | None]
    # Hours of instruction a week, in minutes: full-time or part-time months on a T2202. None: not set.
    minutes_per_week: Mapped[int | None]

    course: Mapped[Course] = relationship(back_populates="sections")

    __table_args__ = (
        sa.CheckConstraint("minutes_per_week IS NULL OR minutes_per_week BETWEEN 0 AND 10080", name="minutes_per_week"),
    )
