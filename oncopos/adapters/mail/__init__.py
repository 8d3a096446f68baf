"""Sending email: SMTP for real mail, a folder of .eml files for training, the console for development.

`build_mailer(settings, secrets)` picks the backend from MAIL_BACKEND. Nothing connects or reads
the keyring until a message is sent, so a desk whose mail is not set up still starts, and says
what is missing the first time it tries to send.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from oncopos.adapters.mail.console import ConsoleMailer
from oncopos.adapters.mail.file import FileMailer
from oncopos.adapters.mail.outbox import DeliveryReport, MailOutbox
from oncopos.adapters.mail.smtp import SmtpMailer
from oncopos.adapters.secrets import SecretStore
from oncopos.config import Settings
from oncopos.domain.mail import MailNotSent
from oncopos.services.ports import Mailer, OutgoingEmail

__all__ = [
    "ConsoleMailer", "DeliveryReport", "FileMailer", "MailOutbox", "SmtpMailer", "UnconfiguredMailer", "build_mailer",
]


class UnconfiguredMailer:
    """MAIL_BACKEND=smtp without SMTP_HOST: every send says what to set."""

    def __init__(self, reason: str) -> None:
        self.reason = reason

    def send(self, message: OutgoingEmail) -> None:
        raise MailNotSent(self.reason)


def _utc_now() -> datetime:
    return datetime.now(UTC)


def build_mailer(settings: Settings, secrets: SecretStore, *, clock: Callable[[], datetime] = _utc_now) -> Mailer:
    sender = {"sender_name": settings.business_name, "sender_address": settings.business_email}
    if settings.mail_backend == "file" or settings.training:
        return FileMailer(settings.training_inbox_dir, clock=clock, **sender)
    if settings.mail_backend == "console":
        return ConsoleMailer()
    if not settings.smtp_host:
        return UnconfiguredMailer(
            "Email is not set up on this desk: SMTP_HOST is empty. An administrator sets SMTP_HOST, SMTP_PORT, "
            "SMTP_USER and SMTP_SECURITY (and the password with: oncopos secrets set smtp_password), or "
            "MAIL_BACKEND=file to write messages to a folder instead."
        )
    return SmtpMailer(
        host=settings.smtp_host,
        port=settings.smtp_port,
        security=settings.smtp_security,
        user=settings.smtp_user,
        password=lambda: secrets.get("smtp_password"),
        clock=clock,
        sender_name=sender["sender_name"],
        sender_address=sender["sender_address"],
    )
