"""The mail outbox: messages stored in the caller's transaction, delivered later with retries."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from oncopos.adapters.db.models.messaging import MailOutboxAttachment, MailOutboxMessage
from oncopos.services.ports import Attachment, OutboxStatus, OutgoingEmail, QueuedEmail


class MailOutboxRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, message: OutgoingEmail, *, kind: str, at: datetime) -> uuid.UUID:
        row = MailOutboxMessage(
            id=uuid.uuid4(),
            kind=kind,
            to_address=message.to,
            reply_to=message.reply_to,
            subject=message.subject,
            text_body=message.text,
            html_body=message.html,
            created_at=at,
            status="pending",
            attempts=0,
            next_attempt_at=at,
            attachments=[
                MailOutboxAttachment(position=i, filename=a.filename, content_type=a.content_type, data=a.data)
                for i, a in enumerate(message.attachments)
            ],
        )
        self.session.add(row)
        self.session.flush()
        return row.id

    def due(self, now: datetime, limit: int) -> list[QueuedEmail]:
        rows = self.session.scalars(
            sa.select(MailOutboxMessage)
            .where(MailOutboxMessage.status == "pending", MailOutboxMessage.next_attempt_at <= now)
            .order_by(MailOutboxMessage.next_attempt_at, MailOutboxMessage.created_at)
            .limit(limit)
            .options(selectinload(MailOutboxMessage.attachments))
        ).all()
        return [QueuedEmail(r.id, r.kind, r.attempts, _to_email(r)) for r in rows]

    def mark_sent(self, message_id: uuid.UUID, *, at: datetime) -> None:
        row = self.session.get(MailOutboxMessage, message_id)
        assert row is not None
        row.status = "sent"
        row.attempts += 1
        row.sent_at = at
        row.last_error = None

    def mark_failed(self, message_id: uuid.UUID, *, error: str, retry_at: datetime | None) -> int:
        """Record a failed attempt; `retry_at` None means give up. Returns the attempts so far."""
        row = self.session.get(MailOutboxMessage, message_id)
        assert row is not None
        row.attempts += 1
        row.last_error = error[:2000]
        if retry_at is None:
            row.status = "failed"
        else:
            row.next_attempt_at = retry_at
        return row.attempts

    def retry_failed(self, *, now: datetime) -> int:
        """Put messages that were given up back in line (after someone fixed the cause)."""
        result = self.session.execute(
            sa.update(MailOutboxMessage)
            .where(MailOutboxMessage.status == "failed")
            .values(status="pending", next_attempt_at=now)
        )
        return cast("sa.CursorResult[Any]", result).rowcount or 0  # an UPDATE's result is a CursorResult

    def purge_sent(self, before: datetime) -> int:
        """Forget delivered messages (they hold personal data and invoices) once old enough."""
        ids = list(
            self.session.scalars(
                sa.select(MailOutboxMessage.id).where(MailOutboxMessage.status == "sent", MailOutboxMessage.sent_at < before)
            )
        )
        if ids:
            self.session.execute(sa.delete(MailOutboxAttachment).where(MailOutboxAttachment.message_id.in_(ids)))
            self.session.execute(sa.delete(MailOutboxMessage).where(MailOutboxMessage.id.in_(ids)))
        return len(ids)

    def status(self) -> OutboxStatus:
        counts = dict(
            self.session.execute(
                sa.select(MailOutboxMessage.status, sa.func.count()).group_by(MailOutboxMessage.status)
            ).all()
        )
        oldest = self.session.scalar(
            sa.select(sa.func.min(MailOutboxMessage.created_at)).where(MailOutboxMessage.status == "pending")
        )
        last_error = self.session.scalar(
            sa.select(MailOutboxMessage.last_error)
            .where(MailOutboxMessage.status != "sent", MailOutboxMessage.last_error.is_not(None))
            .order_by(MailOutboxMessage.created_at.desc())
            .limit(1)
        )
        return OutboxStatus(counts.get("pending", 0), counts.get("failed", 0), oldest, last_error)


def _to_email(row: MailOutboxMessage) -> OutgoingEmail:
    return OutgoingEmail(
        to=row.to_address,
        subject=row.subject,
        text=row.text_body,
        html=row.html_body,
        attachments=tuple(Attachment(a.filename, a.content_type, bytes(a.data)) for a in row.attachments),
        reply_to=row.reply_to,
    )
