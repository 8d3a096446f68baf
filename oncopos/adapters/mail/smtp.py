"""Sending through an SMTP server: STARTTLS, implicit TLS (SMTPS) or none, with a login.

Every failure becomes a `MailNotSent` that says which step failed (connecting, TLS, login, an
address refused) and what to check, because "SMTP error" helps nobody at a front desk. The
password is read from the keyring for each message, never kept in a setting or logged.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from collections.abc import Callable
from datetime import datetime

from oncopos.adapters.mail.mime import to_mime
from oncopos.domain.mail import MailNotSent
from oncopos.domain.messages import msg
from oncopos.domain.otp import mask_email
from oncopos.services.ports import OutgoingEmail

log = logging.getLogger(__name__)

SET_PASSWORD = "oncopos secrets set smtp_password"


class SmtpMailer:
    def __init__(
        self,
        *,
        host: str,
        port: int,
        security: str,  # starttls, ssl or none
        user: str | None,
        password: Callable[[], str | None],
        sender_name: str,
        sender_address: str,
        clock: Callable[[], datetime],
        timeout: float = 20.0,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        if security not in ("starttls", "ssl", "none"):
            raise ValueError(f"unknown SMTP security {security!r}")
        self.host, self.port, self.security, self.user = host, port, security, user
        self._password = password
        self._sender_name, self._sender_address = sender_name, sender_address
        self._clock = clock
        self._timeout = timeout
        # The system's trusted certificates and hostname checking; tests pass their own CA.
        self._ssl_context = ssl_context or ssl.create_default_context()

    @property
    def _where(self) -> str:
        return f"{self.host}:{self.port}"

    def send(self, message: OutgoingEmail) -> None:
        mime = to_mime(message, sender_name=self._sender_name, sender_address=self._sender_address, now=self._clock())
        password = self._login_password()
        client = self._connect()
        try:
            self._secure(client)
            if self.user:
                self._login(client, self.user, password or "")
            self._transfer(client, mime, message.to)
        finally:
            try:
                client.quit()
            except (smtplib.SMTPException, OSError):
                client.close()
        log.info("email sent through %s to %s", self._where, mask_email(message.to))

    def _login_password(self) -> str | None:
        if not self.user:
            return None
        if self.security == "none":
            raise MailNotSent(
                msg("mail.unencrypted", user=self.user or "", server=self._where),
                permanent=True,
            )
        password = self._password()
        if not password:
            raise MailNotSent(
                msg("mail.no_password", user=self.user or "", command=SET_PASSWORD),
                permanent=True,
            )
        return password

    def _connect(self) -> smtplib.SMTP:
        try:
            if self.security == "ssl":
                return smtplib.SMTP_SSL(self.host, self.port, timeout=self._timeout, context=self._ssl_context)
            return smtplib.SMTP(self.host, self.port, timeout=self._timeout)
        except ssl.SSLError as exc:
            raise self._tls_failed(exc) from None
        except smtplib.SMTPConnectError as exc:
            raise MailNotSent(msg("mail.refused_connection", server=self._where,
                                  reply=f"{exc.smtp_code} {_text(exc.smtp_error)}")) from None
        except (OSError, smtplib.SMTPException) as exc:
            raise MailNotSent(msg("mail.cannot_connect", server=self._where, reason=_reason(exc))) from None

    def _secure(self, client: smtplib.SMTP) -> None:
        if self.security != "starttls":
            return
        try:
            client.ehlo()
            client.starttls(context=self._ssl_context)
            client.ehlo()
        except smtplib.SMTPNotSupportedError:
            raise MailNotSent(
                msg("mail.no_starttls", server=self._where),
                permanent=True,
            ) from None
        except ssl.SSLError as exc:
            raise self._tls_failed(exc) from None
        except (OSError, smtplib.SMTPException) as exc:
            raise MailNotSent(msg("mail.tls_failed", server=self._where, reason=_reason(exc))) from None

    def _tls_failed(self, exc: ssl.SSLError) -> MailNotSent:
        if isinstance(exc, ssl.SSLCertVerificationError):
            detail = exc.verify_message or "certificate not trusted"
            return MailNotSent(
                msg("mail.cert_untrusted", server=self._where, reason=detail),
                permanent=True,
            )
        return MailNotSent(msg("mail.tls_setup", server=self._where, reason=str(exc.reason or exc)))

    def _login(self, client: smtplib.SMTP, user: str, password: str) -> None:
        try:
            client.login(user, password)
        except smtplib.SMTPAuthenticationError as exc:
            raise MailNotSent(
                msg("mail.login_refused", server=self._where, user=user, reply=f"{exc.smtp_code} {_text(exc.smtp_error)}",
                    command=SET_PASSWORD),
                permanent=True,
            ) from None
        except smtplib.SMTPNotSupportedError:
            raise MailNotSent(
                msg("mail.no_login", server=self._where),
                permanent=True,
            ) from None
        except (OSError, smtplib.SMTPException) as exc:
            raise MailNotSent(msg("mail.login_failed", server=self._where, reason=_reason(exc))) from None

    def _transfer(self, client: smtplib.SMTP, mime: object, to: str) -> None:
        try:
            client.send_message(mime, from_addr=self._sender_address, to_addrs=[to])  # type: ignore[arg-type]
        except smtplib.SMTPRecipientsRefused as exc:
            code, reply = next(iter(exc.recipients.values()), (0, b""))
            raise MailNotSent(
                msg("mail.address_refused", to=to, reply=f"{code} {_text(reply)}"),
                permanent=True,
            ) from None
        except smtplib.SMTPSenderRefused as exc:
            raise MailNotSent(
                msg("mail.sender_refused", sender=self._sender_address, reply=f"{exc.smtp_code} {_text(exc.smtp_error)}"),
                permanent=True,
            ) from None
        except smtplib.SMTPDataError as exc:
            raise MailNotSent(
                msg("mail.message_refused", reply=f"{exc.smtp_code} {_text(exc.smtp_error)}"),
                permanent=500 <= exc.smtp_code < 600,
            ) from None
        except (OSError, smtplib.SMTPException) as exc:
            raise MailNotSent(msg("mail.broke", server=self._where, reason=_reason(exc))) from None


def _text(reply: bytes | str) -> str:
    text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)
    return " ".join(text.split())[:200]


def _reason(exc: BaseException) -> str:
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused: nothing answers on that port"
    if isinstance(exc, TimeoutError):
        return "no answer in time"
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return "the server closed the connection"
    text = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
    return " ".join(str(text).split())[:200]
