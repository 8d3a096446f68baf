"""The SMTP backend against a real server (aiosmtpd): STARTTLS and SMTPS, AUTH LOGIN, and each failure."""

from __future__ import annotations

import email
import email.policy
import logging
import ssl
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from oncopos.adapters.mail import SmtpMailer, build_mailer
from oncopos.adapters.secrets import MemorySecretStore
from oncopos.config import load_settings
from oncopos.domain.mail import MailNotSent
from oncopos.logs import configure_logging
from oncopos.services.ports import Attachment, OutgoingEmail
from tests.integration.smtp_server import PASSWORD, USER, SmtpServer, free_port, smtp_server

NOW = datetime(2026, 11, 26, 15, 0, tzinfo=UTC)
PDF = b"%PDF-1.4\n" + bytes(range(256))
MESSAGE = OutgoingEmail(
    to="zoe.cote@example.ca", subject="Paiement reçu : 565,00\u00a0$", text="Merci, Zoé.\n",
    html="<p>Merci, <b>Zoé</b>.</p>", attachments=(Attachment("DESK1-000123.pdf", "application/pdf", PDF),),
    reply_to="accounts@oncoone.example",
)


# aiosmtpd warns when AUTH is offered outside STARTTLS; in these two set-ups that is intended.
QUIET_AUTH_WARNING = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")


@pytest.fixture
def server(tmp_path: Path) -> Iterator[SmtpServer]:
    with smtp_server(tmp_path, mode="starttls") as running:
        yield running


def mailer(port: int, *, cert: Path | None, security: str = "starttls", password: str | None = PASSWORD,
           user: str | None = USER, host: str = "localhost") -> SmtpMailer:
    context = ssl.create_default_context(cafile=str(cert)) if cert else None
    return SmtpMailer(
        host=host, port=port, security=security, user=user, password=lambda: password,
        sender_name="OncoOne Éducation", sender_address="accounts@oncoone.example", clock=lambda: NOW,
        timeout=5, ssl_context=context,
    )


def test_starttls_and_auth_login_deliver_a_complete_message(server: SmtpServer) -> None:
    mailer(server.port, cert=server.cert).send(MESSAGE)
    [received] = server.mailbox.received
    assert received.tls and received.auth_mechanisms == ["LOGIN"]
    assert (received.mail_from, received.rcpt_tos) == ("accounts@oncoone.example", ["zoe.cote@example.ca"])
    parsed = email.message_from_bytes(received.content, policy=email.policy.default)
    assert parsed["Subject"] == "Paiement reçu : 565,00\u00a0$"
    assert parsed["From"].addresses[0].display_name == "OncoOne Éducation"
    assert parsed["Reply-To"] == "accounts@oncoone.example"
    assert parsed.get_body(("plain",)).get_content().replace("\r\n", "\n") == "Merci, Zoé.\n"
    assert "<b>Zoé</b>" in parsed.get_body(("html",)).get_content()
    [attachment] = list(parsed.iter_attachments())
    assert (attachment.get_filename(), attachment.get_content()) == ("DESK1-000123.pdf", PDF)


@QUIET_AUTH_WARNING
def test_smtps_from_the_first_byte(tmp_path: Path) -> None:
    with smtp_server(tmp_path, mode="ssl") as running:
        mailer(running.port, cert=running.cert, security="ssl").send(MESSAGE)
        assert running.mailbox.received[0].tls


def test_a_wrong_password_is_a_refused_login_that_names_the_fix(server: SmtpServer) -> None:
    with pytest.raises(MailNotSent) as caught:
        mailer(server.port, cert=server.cert, password="wrong password").send(MESSAGE)
    text = str(caught.value)
    assert text.startswith(f"The mail server localhost:{server.port} refused the login of {USER} (535")
    assert "oncopos secrets set smtp_password" in text and "wrong password" not in text
    assert caught.value.permanent and server.mailbox.received == []


def test_a_server_that_is_down_cannot_be_connected_to() -> None:
    port = free_port()  # nothing listens there
    with pytest.raises(MailNotSent) as caught:
        mailer(port, cert=None).send(MESSAGE)
    assert str(caught.value).startswith(f"Cannot connect to the mail server localhost:{port} (connection refused")
    assert "SMTP_HOST and SMTP_PORT" in str(caught.value)
    assert not caught.value.permanent, "the outbox tries again later"


def test_an_unknown_host_cannot_be_connected_to() -> None:
    with pytest.raises(MailNotSent, match=r"^Cannot connect to the mail server smtp.invalid:587"):
        mailer(587, cert=None, host="smtp.invalid").send(MESSAGE)


def test_an_untrusted_certificate_fails_tls(server: SmtpServer) -> None:
    with pytest.raises(MailNotSent) as caught:
        mailer(server.port, cert=None).send(MESSAGE)  # the system's CAs do not know our self-signed one
    assert str(caught.value).startswith(
        f"TLS with the mail server localhost:{server.port} failed: its certificate cannot be trusted")
    assert server.mailbox.received == []


@QUIET_AUTH_WARNING
def test_a_server_without_starttls_is_named(tmp_path: Path) -> None:
    with (smtp_server(tmp_path, mode="plain") as running,
          pytest.raises(MailNotSent, match=r"does not offer STARTTLS. .* SMTP_SECURITY=ssl")):
        mailer(running.port, cert=running.cert).send(MESSAGE)


def test_a_refused_recipient_points_at_the_students_address(server: SmtpServer) -> None:
    message = OutgoingEmail(to="ghost@refused.example", subject="Code", text="x")
    with pytest.raises(MailNotSent) as caught:
        mailer(server.port, cert=server.cert).send(message)
    assert str(caught.value).startswith("The mail server refused the address ghost@refused.example (550")
    assert "Check the student's email address" in str(caught.value) and caught.value.permanent


def test_no_saved_password_is_said_before_connecting() -> None:
    with pytest.raises(MailNotSent, match=r"No password is saved for the mail account .* oncopos secrets set smtp_password"):
        mailer(free_port(), cert=None, password=None).send(MESSAGE)


def test_a_password_is_never_sent_without_encryption() -> None:
    with pytest.raises(MailNotSent, match=r"will not send the password .* without encryption"):
        mailer(free_port(), cert=None, security="none").send(MESSAGE)


@pytest.fixture
def log_dir(tmp_path: Path) -> Iterator[Path]:
    directory = tmp_path / "logs"
    configure_logging(directory)
    yield directory
    for name in ("", "oncopos.payment", "oncopos.security"):
        logger = logging.getLogger(name)
        for handler in [h for h in logger.handlers if getattr(h, "_oncopos", False) or name]:
            logger.removeHandler(handler)
            handler.close()


def test_built_from_settings_with_the_password_from_the_keyring_and_nothing_secret_logged(
    server: SmtpServer, log_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SSL_CERT_FILE", str(server.cert))  # the system trust store, as the desk's would be
    settings = load_settings(mail_backend="smtp", smtp_host="localhost", smtp_port=server.port, smtp_user=USER,
                             smtp_security="starttls")
    secrets = MemorySecretStore({"smtp_password": PASSWORD})
    built = build_mailer(settings, secrets, clock=lambda: NOW)
    built.send(MESSAGE)
    assert len(server.mailbox.received) == 1
    secrets.set("smtp_password", "a-wrong-one-2026")
    with pytest.raises(MailNotSent, match="refused the login"):
        built.send(MESSAGE)
    logs = "".join(p.read_text(encoding="utf-8") for p in log_dir.glob("*.log"))
    assert "email sent through localhost" in logs
    assert PASSWORD not in logs and "a-wrong-one-2026" not in logs and "zoe.cote@example.ca" not in logs


def test_an_unconfigured_desk_says_what_to_set() -> None:
    built = build_mailer(load_settings(mail_backend="smtp"), MemorySecretStore())
    with pytest.raises(MailNotSent, match="Email is not set up on this desk: SMTP_HOST is empty"):
        built.send(MESSAGE)
