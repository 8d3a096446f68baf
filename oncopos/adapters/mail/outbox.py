"""The mail outbox: email written in the same transaction as the event it reports, sent later.

A payment that succeeded must not lose its receipt because the mail server was down, and must
not wait for it either. `enqueue(uow, message)` stores the message (attachments as bytes) in the
caller's unit of work, so it exists exactly when the payment does; `deliver_pending()` sends what
is due, retrying with exponential backoff and recording each attempt and its error.

Delivery is at least once: a crash between the server accepting a message and the row being
marked sent sends it again on the next run, which for a receipt is the right side to err on.
One-time codes never come here: a code that cannot go out now is useless by the time it would.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from oncopos.domain.errors import OncoPOSError
from oncopos.domain.mail import MailNotSent
from oncopos.domain.otp import mask_email
from oncopos.services.ports import Mailer, OutboxStatus, OutgoingEmail, UnitOfWork, UnitOfWorkFactory

log = logging.getLogger(__name__)


@dataclass
class DeliveryReport:
    sent: list[uuid.UUID] = field(default_factory=list)
    retrying: list[uuid.UUID] = field(default_factory=list)
    given_up: list[uuid.UUID] = field(default_factory=list)
    # The last error, for a status line ("Receipts are waiting: cannot connect to ...").
    last_error: str | None = None


def backoff(attempts: int, *, first: timedelta, cap: timedelta) -> timedelta:
    """The wait after the `attempts`-th failure: first, 2x, 4x, ... up to `cap`."""
    return min(first * (2 ** max(0, attempts - 1)), cap)


class MailOutbox:
    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        mailer: Mailer,
        clock: Callable[[], datetime],
        *,
        max_attempts: int = 10,
        first_delay: timedelta = timedelta(minutes=1),
        max_delay: timedelta = timedelta(hours=1),
        keep_sent: timedelta = timedelta(days=30),
        batch_size: int = 20,
        delivering: threading.Lock | None = None,
    ) -> None:
        self._uow = uow_factory
        self._mailer = mailer
        self._clock = clock
        self.max_attempts = max_attempts
        self.first_delay, self.max_delay = first_delay, max_delay
        self.keep_sent = keep_sent
        self.batch_size = batch_size
        # Shared by the outboxes of one app (a settings change builds a new one over the same rows):
        # two deliveries at once would send the same message twice.
        self._delivering = delivering or threading.Lock()

    def enqueue(self, uow: UnitOfWork, message: OutgoingEmail, *, kind: str = "email") -> uuid.UUID:
        """Store `message` in the caller's unit of work; it goes out after the caller commits."""
        return uow.mail_outbox.add(message, kind=kind, at=self._clock())

    def deliver_pending(self) -> DeliveryReport:
        """Send what is due. Safe to call from a timer: a run already in progress makes this a no-op."""
        report = DeliveryReport()
        if not self._delivering.acquire(blocking=False):
            return report
        try:
            self._deliver(report)
        finally:
            self._delivering.release()
        return report

    def _deliver(self, report: DeliveryReport) -> None:
        with self._uow() as uow:
            due = uow.mail_outbox.due(self._clock(), self.batch_size)
        for queued in due:
            try:
                self._mailer.send(queued.message)
            except MailNotSent as exc:
                retryable = not exc.permanent
                self._failed(queued.id, queued.kind, queued.attempts, str(exc), retryable, report)
                if retryable:
                    # The server is down or unreachable: the rest of the batch would fail the same way.
                    break
                continue
            except OncoPOSError as exc:  # a setting or the keyring: retry once someone fixes it
                self._failed(queued.id, queued.kind, queued.attempts, str(exc), True, report)
                break
            with self._uow() as uow:
                uow.mail_outbox.mark_sent(queued.id, at=self._clock())
                uow.commit()
            report.sent.append(queued.id)
            log.info("mail %s (%s) to %s delivered", queued.id, queued.kind, mask_email(queued.message.to))
        with self._uow() as uow:
            purged = uow.mail_outbox.purge_sent(self._clock() - self.keep_sent)
            uow.commit()
        if purged:
            log.info("mail outbox: %d delivered messages older than %s removed", purged, self.keep_sent)

    def _failed(
        self, message_id: uuid.UUID, kind: str, attempts: int, error: str, retryable: bool, report: DeliveryReport
    ) -> None:
        now = self._clock()
        attempts += 1
        give_up = not retryable or attempts >= self.max_attempts
        retry_at = None if give_up else now + backoff(attempts, first=self.first_delay, cap=self.max_delay)
        with self._uow() as uow:
            uow.mail_outbox.mark_failed(message_id, error=error, retry_at=retry_at)
            uow.commit()
        report.last_error = error
        if give_up:
            report.given_up.append(message_id)
            log.error("mail %s (%s) not delivered after %d attempt(s), giving up: %s", message_id, kind, attempts, error)
        else:
            report.retrying.append(message_id)
            log.warning("mail %s (%s) attempt %d failed, next at %s: %s", message_id, kind, attempts,
                        retry_at.isoformat() if retry_at else "-", error)

    def start_background(self, interval_seconds: float = 60.0) -> Callable[[], None]:
        """Deliver now and then every `interval_seconds` on a daemon thread; returns a stop function.

        For the desktop app (the command line runs `deliver` once). A failing run is logged and the
        next one tries again: the thread must outlive a database or network outage.
        """
        stop = threading.Event()

        def run() -> None:
            while not stop.is_set():
                try:
                    self.deliver_pending()
                except Exception:
                    log.exception("mail outbox delivery failed; trying again in %s s", interval_seconds)
                stop.wait(interval_seconds)

        thread = threading.Thread(target=run, name="mail-outbox", daemon=True)
        thread.start()

        def stop_delivery() -> None:
            stop.set()
            thread.join(timeout=10)

        return stop_delivery

    def status(self) -> OutboxStatus:
        with self._uow() as uow:
            return uow.mail_outbox.status()

    def retry_failed(self) -> int:
        """Put given-up messages back in line, once the cause (address, password) is fixed."""
        with self._uow() as uow:
            count = uow.mail_outbox.retry_failed(now=self._clock())
            uow.commit()
        return count
