"""What is sent to students: one-time code challenges and lockouts, and the mail outbox.

None of these rows is synced: each desk confirms its own codes and delivers its own mail.
"""

from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from oncopos.adapters.db.models.base import Base


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
    # status also: superseded (a newer code was sent), failed (too many wrong tries), unsent.
    confirmed_at: Mapped[datetime | None]

    # The per-desk send throttle counts this desk's codes of the last hour.
    __table_args__ = (sa.Index("ix_otp_challenges_workstation_created", "workstation_id", "created_at"),)


class OtpLockout(Base):
    """A student's recent wrong codes across all codes, and the lock they lead to.

    One row per student, so a resend (a new challenge) does not reset the count.
    """

    __tablename__ = "otp_lockouts"

    student_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("students.id"), primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    window_start: Mapped[datetime | None]
    lock_level: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None]
    last_locked_at: Mapped[datetime | None]
    updated_at: Mapped[datetime]


class MailOutboxMessage(Base):
    """An email written in the transaction of the event it reports, delivered later with retries.

    Never a one-time code: a code that cannot go out at once is an error shown to the registrar.
    """

    __tablename__ = "mail_outbox"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    kind: Mapped[str] = mapped_column(sa.String(40))  # payment_confirmation, payment_failed, ...
    to_address: Mapped[str] = mapped_column(sa.String(254))
    reply_to: Mapped[str | None] = mapped_column(sa.String(254))
    subject: Mapped[str] = mapped_column(sa.String(300))
    text_body: Mapped[str] = mapped_column(sa.Text)
    html_body: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime]
    status: Mapped[str] = mapped_column(sa.String(10), default="pending")  # pending, sent, failed
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime]
    last_error: Mapped[str | None] = mapped_column(sa.Text)
    sent_at: Mapped[datetime | None]

    attachments: Mapped[list[MailOutboxAttachment]] = relationship(
        order_by="MailOutboxAttachment.position", cascade="all, delete-orphan", passive_deletes=True
    )

    __table_args__ = (
        sa.Index("ix_mail_outbox_status_next", "status", "next_attempt_at"),
        sa.CheckConstraint("status IN ('pending', 'sent', 'failed')", name="status"),
    )


class MailOutboxAttachment(Base):
    __tablename__ = "mail_outbox_attachments"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    message_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("mail_outbox.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    filename: Mapped[str] = mapped_column(sa.String(255))
    content_type: Mapped[str] = mapped_column(sa.String(100))
    data: Mapped[bytes] = mapped_column(sa.LargeBinary)
