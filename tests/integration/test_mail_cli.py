"""`oncopos mail ...` run as an administrator would: a separate process, one clear line on error."""

from __future__ import annotations

import email
import email.policy
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import Engine

from oncopos.adapters.db.session import make_session_factory
from oncopos.adapters.db.uow import SqlUnitOfWork
from oncopos.adapters.mail import MailOutbox
from oncopos.services.ports import OutgoingEmail
from tests.conftest import FixedClock
from tests.integration.smtp_server import free_port
from tests.integration.test_cli import oncopos


def test_mail_test_writes_to_the_file_inbox(tmp_path: Path) -> None:
    result = oncopos("mail", "test", "admin@oncoone.example", env={"MAIL_BACKEND": "file", "ONCOPOS_DATA_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert "Test message sent to admin@oncoone.example through the training inbox" in result.stdout
    [eml] = (tmp_path / "training-inbox").glob("*.eml")
    message = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
    assert message["To"] == "admin@oncoone.example" and "message d’essai" in message["Subject"]


def test_mail_test_says_what_failed_in_one_line(tmp_path: Path) -> None:
    port = free_port()
    result = oncopos("mail", "test", "admin@oncoone.example", env={
        "MAIL_BACKEND": "smtp", "SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(port), "SMTP_SECURITY": "starttls",
        "ONCOPOS_DATA_DIR": str(tmp_path),
    })
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"oncopos: Cannot connect to the mail server 127.0.0.1:{port} (connection refused: nothing answers on that "
        "port). Check that this computer is online, and that SMTP_HOST and SMTP_PORT are right."
    )


def test_mail_status_and_deliver_work_the_outbox(tmp_path: Path, db_url: str, engine: Engine, clock: FixedClock) -> None:
    factory = make_session_factory(engine, workstation_id="DESK1")
    clock.now = datetime(2026, 1, 15, 15, 0, tzinfo=UTC)  # in the past: the command runs on the real clock
    outbox = MailOutbox(lambda: SqlUnitOfWork(factory), mailer=None, clock=clock)  # type: ignore[arg-type]
    with SqlUnitOfWork(factory) as uow:
        outbox.enqueue(uow, OutgoingEmail(to="zoe@example.ca", subject="Reçu", text="Merci"), kind="payment_confirmation")
        uow.commit()
    env = {"MAIL_BACKEND": "file", "ONCOPOS_DATA_DIR": str(tmp_path)}
    status = oncopos("mail", "status", "--db", db_url, env=env)
    assert status.returncode == 0, status.stderr
    assert status.stdout.startswith("1 waiting, the oldest since 2026-01-15 10:00; 0 given up.")
    deliver = oncopos("mail", "deliver", "--db", db_url, env=env)
    assert deliver.returncode == 0, deliver.stderr
    assert deliver.stdout.strip() == "1 sent, 0 to retry later, 0 given up."
    assert len(list((tmp_path / "training-inbox").glob("*.eml"))) == 1
    assert oncopos("mail", "status", "--db", db_url, env=env).stdout.startswith("0 waiting; 0 given up.")
