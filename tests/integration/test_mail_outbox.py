"""The mail outbox on SQLite and PostgreSQL: written with the caller's work, delivered with retries."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from oncopos.adapters.db.models.messaging import MailOutboxAttachment, MailOutboxMessage
from oncopos.adapters.db.session import make_session_factory
from oncopos.adapters.db.uow import SqlUnitOfWork
from oncopos.adapters.mail import MailOutbox
from oncopos.adapters.mail.outbox import backoff
from oncopos.domain.errors import ConfigurationError, OncoPOSError
from oncopos.domain.mail import MailNotSent
from oncopos.services.ports import Attachment, OutgoingEmail
from tests.conftest import FixedClock
from tests.waiting import wait_for

PDF = b"%PDF-1.4\n" + bytes(range(256)) * 40  # every byte value, as a real PDF has


@dataclass
class FlakyServer:
    """A mail server that fails the next `failures` sends with `error` (a fake of the port)."""

    error: OncoPOSError | None = None
    failures: int = 0
    delivered: list[OutgoingEmail] = field(default_factory=list)

    def send(self, message: OutgoingEmail) -> None:
        if self.failures:
            self.failures -= 1
            assert self.error is not None
            raise self.error
        self.delivered.append(message)


def receipt(to: str = "zoe@example.ca", n: int = 1) -> OutgoingEmail:
    return OutgoingEmail(
        to=to, subject=f"Paiement reçu nº {n}", text="Merci, Zoé.\n", html="<p>Merci, Zoé.</p>",
        attachments=(Attachment("DESK1-000123.pdf", "application/pdf", PDF),), reply_to="accounts@oncoone.example",
    )


@pytest.fixture
def parts(engine: Engine, clock: FixedClock):  # type: ignore[no-untyped-def]
    factory = make_session_factory(engine, workstation_id="DESK1", clock=clock)
    server = FlakyServer()
    outbox = MailOutbox(lambda: SqlUnitOfWork(factory), server, clock)
    return factory, server, outbox


def test_a_message_exists_only_if_the_callers_work_commits(parts, clock: FixedClock) -> None:  # type: ignore[no-untyped-def]
    factory, server, outbox = parts
    with SqlUnitOfWork(factory) as uow:
        outbox.enqueue(uow, receipt(n=1), kind="payment_confirmation")
        # no commit: the payment failed, so must its receipt
    with SqlUnitOfWork(factory) as uow:
        outbox.enqueue(uow, receipt(n=2), kind="payment_confirmation")
        uow.commit()
    report = outbox.deliver_pending()
    assert [m.subject for m in server.delivered] == ["Paiement reçu nº 2"]
    assert len(report.sent) == 1 and not report.retrying
    sent = server.delivered[0]
    assert sent.attachments[0].data == PDF and sent.html == "<p>Merci, Zoé.</p>" and sent.reply_to
    assert outbox.deliver_pending().sent == [], "a delivered message is not sent again"


def test_failures_back_off_exponentially_and_keep_the_error(parts, clock: FixedClock) -> None:  # type: ignore[no-untyped-def]
    factory, server, outbox = parts
    with SqlUnitOfWork(factory) as uow:
        message_id = outbox.enqueue(uow, receipt())
        uow.commit()
    server.error = MailNotSent("Cannot connect to the mail server smtp.example.ca:587 (connection refused).")
    server.failures = 3
    waits = []
    for attempt in range(1, 4):
        assert outbox.deliver_pending().retrying == [message_id]
        with factory() as session:
            row = session.get(MailOutboxMessage, message_id)
            assert row.attempts == attempt and row.status == "pending"
            assert row.last_error.startswith("Cannot connect")
            waits.append(row.next_attempt_at - clock.now)
        assert outbox.deliver_pending().sent == [], "not due yet"
        clock.now += waits[-1]
    assert waits == [timedelta(minutes=1), timedelta(minutes=2), timedelta(minutes=4)]
    assert outbox.deliver_pending().sent == [message_id]
    with factory() as session:
        row = session.get(MailOutboxMessage, message_id)
        assert (row.status, row.attempts, row.last_error, row.sent_at) == ("sent", 4, None, clock.now)


def test_backoff_is_capped() -> None:
    delays = [backoff(n, first=timedelta(minutes=1), cap=timedelta(hours=1)) for n in range(1, 10)]
    assert delays[:7] == [timedelta(minutes=m) for m in (1, 2, 4, 8, 16, 32, 60)] and delays[-1] == timedelta(hours=1)


def test_a_refused_address_is_given_up_at_once_and_the_rest_still_go(parts, clock: FixedClock) -> None:  # type: ignore[no-untyped-def]
    factory, server, outbox = parts
    with SqlUnitOfWork(factory) as uow:
        bad = outbox.enqueue(uow, receipt("nobody@bad.example"))
        clock.now += timedelta(seconds=1)
        good = outbox.enqueue(uow, receipt("zoe@example.ca"))
        uow.commit()
    server.error = MailNotSent("The mail server refused the address nobody@bad.example (550 no such user).", permanent=True)
    server.failures = 1
    report = outbox.deliver_pending()
    assert (report.given_up, report.sent) == ([bad], [good])
    status = outbox.status()
    assert (status.pending, status.failed) == (0, 1) and "550 no such user" in (status.last_error or "")
    assert outbox.retry_failed() == 1
    assert outbox.deliver_pending().sent == [bad]


def test_a_server_that_is_down_stops_the_batch(parts, clock: FixedClock) -> None:  # type: ignore[no-untyped-def]
    factory, server, outbox = parts
    with SqlUnitOfWork(factory) as uow:
        for n in range(3):
            outbox.enqueue(uow, receipt(n=n))
        uow.commit()
    server.error = ConfigurationError("Email is not set up on this desk: SMTP_HOST is empty.")
    server.failures = 1
    report = outbox.deliver_pending()
    assert len(report.retrying) == 1 and report.sent == [] and "SMTP_HOST" in (report.last_error or "")
    assert outbox.status().pending == 3 and outbox.status().oldest_pending_at == clock.now


def test_after_the_last_attempt_it_gives_up(engine: Engine, clock: FixedClock) -> None:
    factory = make_session_factory(engine, workstation_id="DESK1", clock=clock)
    server = FlakyServer(MailNotSent("Cannot connect."), failures=99)
    outbox = MailOutbox(lambda: SqlUnitOfWork(factory), server, clock, max_attempts=3)
    with SqlUnitOfWork(factory) as uow:
        message_id = outbox.enqueue(uow, receipt())
        uow.commit()
    for _ in range(3):
        report = outbox.deliver_pending()
        clock.now += timedelta(hours=2)
    assert report.given_up == [message_id]
    with factory() as session:
        assert session.get(MailOutboxMessage, message_id).status == "failed"


def test_delivered_mail_is_forgotten_after_thirty_days(parts, clock: FixedClock) -> None:  # type: ignore[no-untyped-def]
    factory, _server, outbox = parts
    with SqlUnitOfWork(factory) as uow:
        outbox.enqueue(uow, receipt())
        uow.commit()
    outbox.deliver_pending()
    clock.now += timedelta(days=30, seconds=1)
    outbox.deliver_pending()
    with factory() as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(MailOutboxMessage)) == 0
        assert session.scalar(sa.select(sa.func.count()).select_from(MailOutboxAttachment)) == 0


def test_background_delivery_sends_then_stops(parts, clock: FixedClock) -> None:  # type: ignore[no-untyped-def]
    factory, server, outbox = parts
    with SqlUnitOfWork(factory) as uow:
        outbox.enqueue(uow, receipt())
        uow.commit()
    stop = outbox.start_background(interval_seconds=0.05)
    try:
        wait_for(lambda: server.delivered, timeout=5, what="the outbox delivering")
    finally:
        stop()
    assert len(server.delivered) == 1
    assert not any(t.name == "mail-outbox" and t.is_alive() for t in threading.enumerate())
