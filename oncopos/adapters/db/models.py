"""The schema, as SQLAlchemy 2 typed models. Alembic migrations under `migrations/` create it.

Rules kept here:
- Every row that travels between desks has a UUID made where it was created, a `version` and the
  workstation it came from; human numbers (student numbers, invoice numbers) are separate.
- Money is integer cents (BigInteger); time is aware UTC (UTCDateTime).
- Facts (payments, refunds, invoices, audit events) are never deleted; a change of status is a
  new version of the row, announced through the sync outbox.
- Nothing secret is stored: one-time codes only as an HMAC, passwords only as argon2 hashes, cards
  only as brand and last 4.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any, ClassVar

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from oncopos.adapters.db.types import UTCDateTime, byte_ordered_string

# Stable constraint names so that migrations are the same on SQLite and PostgreSQL.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING)
    # Every model here is mapped to a Table (SQLAlchemy types it as any FromClause): say so once,
    # so Core statements on Model.__table__ type-check.
    __table__: ClassVar[sa.Table]
    type_annotation_map = {  # noqa: RUF012  (SQLAlchemy reads it from the class, never changes it)
        datetime: UTCDateTime(),
        uuid.UUID: sa.Uuid(),
        dict[str, Any]: sa.JSON(),
        list[Any]: sa.JSON(),
    }


class Synced:
    """Columns every row shared with the central database carries."""

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    version: Mapped[int] = mapped_column(default=1)
    origin_workstation: Mapped[str] = mapped_column(sa.String(32))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class Workstation(Base):
    __tablename__ = "workstations"

    id: Mapped[str] = mapped_column(sa.String(32), primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(100))
    invoice_series: Mapped[str] = mapped_column(sa.String(10), unique=True)
    registered_at: Mapped[datetime]


class Staff(Synced, Base):
    __tablename__ = "staff"

    username: Mapped[str] = mapped_column(sa.String(64), unique=True)
    display_name: Mapped[str] = mapped_column(sa.String(120))
    role: Mapped[str] = mapped_column(sa.String(16))  # registrar, manager, admin
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    active: Mapped[bool] = mapped_column(default=True)
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None]

    __table_args__ = (sa.CheckConstraint("role IN ('registrar', 'manager', 'admin')", name="role"),)


class Student(Synced, Base):
    __tablename__ = "students"

    student_number: Mapped[str] = mapped_column(sa.String(20), unique=True)
    first_name: Mapped[str] = mapped_column(sa.String(100))
    last_name: Mapped[str] = mapped_column(sa.String(100))
    preferred_name: Mapped[str | None] = mapped_column(sa.String(100))
    email: Mapped[str] = mapped_column(sa.String(254), index=True)
    phone: Mapped[str | None] = mapped_column(sa.String(32))  # E.164, e.g. +14165550123
    address_line1: Mapped[str | None] = mapped_column(sa.String(200))
    address_line2: Mapped[str | None] = mapped_column(sa.String(200))
    city: Mapped[str | None] = mapped_column(sa.String(100))
    province: Mapped[str | None] = mapped_column(sa.String(2))
    postal_code: Mapped[str | None] = mapped_column(sa.String(7))
    date_of_birth: Mapped[date | None]
    preferred_language: Mapped[str] = mapped_column(sa.String(2), default="en")
    # "cote francois": accent-free last then first name, so "Côté" sorts before "Cotter".
    sort_name: Mapped[str] = mapped_column(byte_ordered_string(201))

    enrollments: Mapped[list[Enrollment]] = relationship(back_populates="student")

    __table_args__ = (
        sa.Index("ix_students_sort_name", "sort_name"),
        sa.CheckConstraint("preferred_language IN ('en', 'fr')", name="language"),
    )


class StudentSearchTerm(Base):
    """One normalised word per row (name parts, email parts, phone digits, student number).

    Derived from `students` on this database only (never synced). A keystroke becomes a few
    indexed prefix range scans, which stay instant at 100,000 students on SQLite and PostgreSQL.
    """

    __tablename__ = "student_search_terms"

    term: Mapped[str] = mapped_column(byte_ordered_string(64), primary_key=True)
    student_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("students.id", ondelete="CASCADE"), primary_key=True)

    # (term, student_id) finds the students of a prefix; (student_id, term) checks one student's
    # words for a prefix, which is what a second typed word or a name-ordered walk asks.
    __table_args__ = (sa.Index("ix_student_search_terms_student_term", "student_id", "term"),)


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

    sections: Mapped[list[Section]] = relationship(back_populates="course")

    __table_args__ = (
        sa.CheckConstraint("kind IN ('program', 'workshop', 'kit')", name="kind"),
        sa.CheckConstraint("supply_kind IN ('service', 'goods')", name="supply_kind"),
        sa.CheckConstraint("tax_treatment IN ('taxable', 'exempt', 'zero_rated')", name="treatment"),
        sa.CheckConstraint("price_cents >= 0", name="price"),
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

    course: Mapped[Course] = relationship(back_populates="sections")


class Enrollment(Synced, Base):
    """A student in a section, with the price and tax frozen at enrollment time."""

    __tablename__ = "enrollments"

    student_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("students.id"), index=True)
    section_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("sections.id"), index=True)
    status: Mapped[str] = mapped_column(sa.String(16), default="active")  # active, completed, withdrawn
    enrolled_at: Mapped[datetime]
    price_cents: Mapped[int] = mapped_column(sa.BigInteger)
    tax_cents: Mapped[int] = mapped_column(sa.BigInteger)
    total_cents: Mapped[int] = mapped_column(sa.BigInteger)
    supply_kind: Mapped[str] = mapped_column(sa.String(8))
    tax_treatment: Mapped[str] = mapped_column(sa.String(16))
    tax_basis: Mapped[str | None] = mapped_column(sa.Text)
    tax_province: Mapped[str] = mapped_column(sa.String(2))
    tax_components: Mapped[list[Any]] = mapped_column(default=list)  # [{name, rate, amount_cents}]

    student: Mapped[Student] = relationship(back_populates="enrollments")
    section: Mapped[Section] = relationship()
    payments: Mapped[list[Payment]] = relationship(back_populates="enrollment")

    __table_args__ = (
        sa.CheckConstraint("total_cents = price_cents + tax_cents", name="total"),
        sa.CheckConstraint("status IN ('active', 'completed', 'withdrawn')", name="status"),
    )


class Payment(Synced, Base):
    """One attempt to collect money for an enrollment, from quote to a final state.

    The idempotency key is stored before Stripe is called, so a crash at any point is recovered
    by asking Stripe about this key's objects, never by charging again.
    """

    __tablename__ = "payments"

    enrollment_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("enrollments.id"), index=True)
    workstation_id: Mapped[str] = mapped_column(sa.String(32))
    staff_id: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("staff.id"))
    amount_cents: Mapped[int] = mapped_column(sa.BigInteger)
    tax_cents: Mapped[int] = mapped_column(sa.BigInteger, default=0)  # the tax part of this amount
    currency: Mapped[str] = mapped_column(sa.String(3), default="cad")
    method: Mapped[str | None] = mapped_column(sa.String(16))  # reader, hosted
    status: Mapped[str] = mapped_column(sa.String(20), index=True)
    idempotency_key: Mapped[str] = mapped_column(sa.String(80), unique=True)
    stripe_payment_intent_id: Mapped[str | None] = mapped_column(sa.String(64), index=True)
    stripe_checkout_session_id: Mapped[str | None] = mapped_column(sa.String(80), index=True)
    stripe_charge_id: Mapped[str | None] = mapped_column(sa.String(64))
    reader_id: Mapped[str | None] = mapped_column(sa.String(64))
    payment_method_type: Mapped[str | None] = mapped_column(sa.String(20))  # card_present, interac_present, card
    card_brand: Mapped[str | None] = mapped_column(sa.String(20))
    card_last4: Mapped[str | None] = mapped_column(sa.String(4))
    failure_code: Mapped[str | None] = mapped_column(sa.String(64))
    failure_message: Mapped[str | None] = mapped_column(sa.Text)
    completed_at: Mapped[datetime | None]
    # --- migration 0007 (payment flow) ---
    # This payment's share of each tax, frozen at quote time: [{name, rate, base_cents, amount_cents}].
    tax_components: Mapped[list[Any] | None] = mapped_column(sa.JSON)
    # The one-time code that confirmed it (no FK: otp_challenges already points here).
    otp_challenge_id: Mapped[uuid.UUID | None]
    # Hosted page: kept so a restarted desk can show the same QR code until it expires.
    checkout_url: Mapped[str | None] = mapped_column(sa.String(500))
    checkout_expires_at: Mapped[datetime | None]

    enrollment: Mapped[Enrollment] = relationship(back_populates="payments")
    refunds: Mapped[list[Refund]] = relationship(back_populates="payment")

    __table_args__ = (
        sa.CheckConstraint("amount_cents > 0", name="amount"),
        sa.CheckConstraint(
            "status IN ('quoted', 'code_sent', 'confirmed', 'processing', 'succeeded', 'failed',"
            " 'cancelled', 'expired')",
            name="status",
        ),
    )


class PaymentStep(Base):
    """The payment journal: each step committed before the next call to the outside world."""

    __tablename__ = "payment_steps"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    payment_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("payments.id"), index=True)
    at: Mapped[datetime]
    step: Mapped[str] = mapped_column(sa.String(40))
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # migration 0007: order within a payment (steps can share a clock tick).
    sequence: Mapped[int | None]


class Refund(Synced, Base):
    __tablename__ = "refunds"

    payment_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("payments.id"), index=True)
    workstation_id: Mapped[str] = mapped_column(sa.String(32))
    staff_id: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("staff.id"))
    amount_cents: Mapped[int] = mapped_column(sa.BigInteger)
    tax_cents: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    reason: Mapped[str] = mapped_column(sa.String(40))
    reason_text: Mapped[str] = mapped_column(sa.Text, default="")
    status: Mapped[str] = mapped_column(sa.String(20))  # pending, succeeded, failed
    source: Mapped[str] = mapped_column(sa.String(16), default="app")  # app, dashboard
    idempotency_key: Mapped[str] = mapped_column(sa.String(80), unique=True)
    stripe_refund_id: Mapped[str | None] = mapped_column(sa.String(64), index=True)
    completed_at: Mapped[datetime | None]
    # --- migration 0008 (refunds) ---
    method: Mapped[str | None] = mapped_column(sa.String(16))  # api, reader (Interac in person); None: dashboard
    reader_id: Mapped[str | None] = mapped_column(sa.String(64))
    failure_code: Mapped[str | None] = mapped_column(sa.String(64))
    failure_message: Mapped[str | None] = mapped_column(sa.Text)

    payment: Mapped[Payment] = relationship(back_populates="refunds")

    __table_args__ = (sa.CheckConstraint("amount_cents > 0", name="amount"),)


class InvoiceCounter(Base):
    """The next number of each workstation's series, taken in the payment's own transaction."""

    __tablename__ = "invoice_counters"

    series: Mapped[str] = mapped_column(sa.String(10), primary_key=True)
    next_number: Mapped[int] = mapped_column(default=1)


class Invoice(Synced, Base):
    """An invoice or credit note. Numbers are gap-free per series and never reused; a voided
    number stays with its reason."""

    __tablename__ = "invoices"

    number: Mapped[str] = mapped_column(sa.String(24), unique=True)  # DESK1-000123
    series: Mapped[str] = mapped_column(sa.String(10))
    sequence: Mapped[int]
    kind: Mapped[str] = mapped_column(sa.String(16))  # invoice, credit_note
    payment_id: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("payments.id"), index=True)
    refund_id: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("refunds.id"))
    original_invoice_id: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("invoices.id"))
    issued_at: Mapped[datetime]
    status: Mapped[str] = mapped_column(sa.String(10), default="issued")  # issued, void
    void_reason: Mapped[str | None] = mapped_column(sa.Text)
    subtotal_cents: Mapped[int] = mapped_column(sa.BigInteger)
    tax_cents: Mapped[int] = mapped_column(sa.BigInteger)
    total_cents: Mapped[int] = mapped_column(sa.BigInteger)
    pdf_path: Mapped[str | None] = mapped_column(sa.String(500))
    pdf_sha256: Mapped[str | None] = mapped_column(sa.String(64))
    # --- invoices, migration 0003 ---
    # The document exactly as issued (oncopos.domain.invoice.InvoiceDocument.to_dict): every
    # rendering reads this, never the live student or settings rows.
    document: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)
    tax_components: Mapped[list[Any] | None] = mapped_column(sa.JSON)  # [{name, rate, amount_cents}]
    student_id: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("students.id"), index=True)
    voided_at: Mapped[datetime | None]
    voided_by: Mapped[uuid.UUID | None]  # staff id; no foreign key, like the audit trail

    __table_args__ = (
        sa.UniqueConstraint("series", "sequence", name="uq_invoices_series_sequence"),
        sa.CheckConstraint("kind IN ('invoice', 'credit_note')", name="kind"),
    )


class OtpChallenge(Base):
    """A one-time code sent to a student, bound to the enrollment, amount and email.

    Only an HMAC of the code is kept; it is compared in constant time.
    """

    __tablename__ = "otp_challenges"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    student_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("students.id"), index=True)
    enrollment_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("enrollments.id"))
    payment_id: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("payments.id"))
    email: Mapped[str] = mapped_column(sa.String(254))
    amount_cents: Mapped[int] = mapped_column(sa.BigInteger)
    code_hmac: Mapped[str] = mapped_column(sa.String(128))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    failed_attempts: Mapped[int] = mapped_column(default=0)
    status: Mapped[str] = mapped_column(sa.String(12), default="pending")  # pending, used, expired, locked
    staff_id: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("staff.id"))
    workstation_id: Mapped[str] = mapped_column(sa.String(32))
    # --- migration 0006 (one-time codes) ---
    # status also: superseded (a newer code was sent), failed (too many wrong tries), unsent.
    confirmed_at: Mapped[datetime | None]

    # The per-desk send throttle counts this desk's codes of the last hour.
    __table_args__ = (sa.Index("ix_otp_challenges_workstation_created", "workstation_id", "created_at"),)


class AuditEvent(Base):
    """Append-only, hash-chained record of who did what, where and when (never a secret)."""

    __tablename__ = "audit_events"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    workstation_id: Mapped[str] = mapped_column(sa.String(32))
    sequence: Mapped[int]  # per workstation, gap-free: a deleted event leaves a hole
    at: Mapped[datetime] = mapped_column(index=True)
    # No foreign key: the trail must accept events whose staff row has not arrived by sync yet,
    # and must outlive any staff account.
    staff_id: Mapped[uuid.UUID | None]
    action: Mapped[str] = mapped_column(sa.String(60), index=True)
    subject_type: Mapped[str | None] = mapped_column(sa.String(30))
    subject_id: Mapped[str | None] = mapped_column(sa.String(64))
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)
    prev_hash: Mapped[str] = mapped_column(sa.String(64))
    hash: Mapped[str] = mapped_column(sa.String(64))

    __table_args__ = (sa.UniqueConstraint("workstation_id", "sequence", name="uq_audit_events_ws_seq"),)


class OutboxEntry(Base):
    """A local change waiting to reach the central database, written in the change's transaction."""

    __tablename__ = "sync_outbox"

    id: Mapped[int] = mapped_column(sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True, autoincrement=True)
    table_name: Mapped[str] = mapped_column(sa.String(40))
    row_id: Mapped[uuid.UUID]
    row_version: Mapped[int]
    created_at: Mapped[datetime]
    sent_at: Mapped[datetime | None] = mapped_column(index=True)


class SyncState(Base):
    """Small key/value facts of this database: the pull cursor, the schema's seed marker."""

    __tablename__ = "sync_state"

    key: Mapped[str] = mapped_column(sa.String(60), primary_key=True)
    value: Mapped[str] = mapped_column(sa.Text)


# --- migration 0006: topic modules whose tables belong to Base.metadata ---
# --- migration 0004: student numbers, withdrawals/transfers, student credit ---
# --- migration 0005: the central change log and overpayment flags ---
# --- migration 0009: closed business days and the end-of-day report's indexes ---
# --- migration 0012: managers' approvals of one action ---
# --- migration 0014: tenders by hand and the cash drawer ---
# --- migration 0015: deposits and instalment plans ---
# A tail import: the topic modules import Base from this module, so they can only load after it.
from oncopos.adapters.db import (  # noqa: E402
    models_access,  # noqa: F401  (import for its tables)
    models_eod,  # noqa: F401  (import for its tables)
    models_messaging,  # noqa: F401  (import for its tables)
    models_plans,  # noqa: F401  (import for its tables)
    models_registration,  # noqa: F401  (import for its tables)
    models_sync,  # noqa: F401  (import for its tables)
    models_tenders,  # noqa: F401  (import for its tables)
)
