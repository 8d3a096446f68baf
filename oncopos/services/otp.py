"""Send and verify the one-time code that confirms a payment with the student.

A code is bound to one enrollment, amount and email address, lives OTP_EXPIRY_MINUTES, works
once, and allows OTP_MAX_ATTEMPTS wrong tries; wrong tries also count per student across codes
(a resend does not reset them) and lock the student's confirmation for a growing delay. Sends
are throttled per student and per desk. Every step goes to security.log and the audit trail with
the staff member and desk, never the code: the database keeps only an HMAC of it.

The database transaction is committed before the email goes out, so a slow mail server never
holds a lock on the local database; a code whose email fails is marked unsent and the registrar
sees why at once (codes never wait in the mail outbox: they would expire there).
"""

from __future__ import annotations

import logging
import secrets as token_source
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any, Protocol

from oncopos.config import Settings
from oncopos.domain.access import Actor, Permission
from oncopos.domain.errors import InvalidAmount, NotFound, OncoPOSError, error_message
from oncopos.domain.mail import MailNotSent
from oncopos.domain.messages import msg
from oncopos.domain.otp import (
    CodeAlreadyUsed,
    CodeExpired,
    CodeIncorrect,
    CodeMismatch,
    CodeNotFound,
    CodeSendThrottled,
    CodeSent,
    Confirmation,
    ConfirmationLocked,
    FailureRecord,
    OtpPolicy,
    code_digest,
    describe_wait,
    digest_matches,
    generate_code,
    mask_email,
    normalize_code,
    send_retry_at,
    stronger,
)
from oncopos.logs import SECURITY_LOG
from oncopos.services.emails import Business, one_time_code_email
from oncopos.services.guard import requires
from oncopos.services.otp_records import Challenge
from oncopos.services.ports import Mailer, UnitOfWork, UnitOfWorkFactory

security = logging.getLogger(SECURITY_LOG)

KEY_NAME = "otp_hmac_key"
KEY_BYTES = 32


class SharedOtpCounters(Protocol):
    """Counters every desk shares (oncopos.adapters.sync.central_otp); None: unreachable now."""

    def sends(self, student_id: uuid.UUID, since: datetime) -> tuple[list[datetime], list[datetime]] | None: ...

    def record_send(self, student_id: uuid.UUID, at: datetime) -> None: ...

    def failures(self, student_id: uuid.UUID) -> FailureRecord | None: ...

    def update_failures(
        self, student_id: uuid.UUID, change: Callable[[FailureRecord], FailureRecord]
    ) -> FailureRecord | None: ...


class OtpService:
    def __init__(
        self, uow_factory: UnitOfWorkFactory, mailer: Mailer, settings: Settings, secrets: Any,
        clock: Callable[[], datetime],
    ) -> None:
        self._uow = uow_factory
        self._mailer = mailer
        self._settings = settings
        self._secrets = secrets
        self._clock = clock
        self.policy = OtpPolicy.from_settings(
            length=settings.otp_length, expiry_minutes=settings.otp_expiry_minutes, max_attempts=settings.otp_max_attempts
        )
        self._business = Business.from_settings(settings)
        self._key: bytes | None = None
        self._key_lock = threading.Lock()
        # Set by the sync wiring: the central database's counters, shared by every desk.
        self.shared: SharedOtpCounters | None = None

    # --- sending ---

    @requires(Permission.TAKE_PAYMENT)
    def send_code(
        self, actor: Actor, *, enrollment_id: uuid.UUID, amount_cents: int, payment_id: uuid.UUID | None = None,
        split_total_cents: int | None = None, same_commit: Callable[[UnitOfWork, CodeSent], None] | None = None,
        joining: UnitOfWork | None = None,
    ) -> CodeSent:
        """Email a new code for this enrollment and amount; any earlier code of the student stops working.

        `split_total_cents`: the code is for the card leg of a split payment of that whole amount
        (the code stays bound to `amount_cents`, what the card is charged; the email names both).
        `same_commit`: what the caller writes once the code went out (the payment's own step), in the
        transaction that records the send, so the send and that step are one commit. If it raises,
        the send is still recorded (the email is gone), alone, and the error goes to the caller.
        `joining`: the caller's open unit of work (it read the payment the code is for), which the
        new code is written and committed in: one transaction before the email, not two.

        Raises ConfirmationLocked, CodeSendThrottled (with when to try again), NotFound, or
        MailNotSent when the email could not be handed to the mail server.
        """
        if isinstance(amount_cents, bool) or not isinstance(amount_cents, int) or amount_cents <= 0:
            raise InvalidAmount(msg("payment.amount_for_code"))
        if split_total_cents is not None and (isinstance(split_total_cents, bool) or not isinstance(split_total_cents, int)
                                              or split_total_cents <= amount_cents):
            raise InvalidAmount(msg("payment.split_total_for_code"))
        key = self._hmac_key()
        now = self._clock()
        policy = self.policy
        with _joined(self._uow, joining) as uow:
            recipient = uow.otp.recipient(enrollment_id)
            if recipient is None:
                raise NotFound(msg("payment.enrollment_gone"))
            record = self._failures(uow, recipient.student_id).current(now, policy)
            if record.is_locked(now):
                self._refuse_locked(uow, actor, record, "send", student_id=recipient.student_id, subject=None)
            student_sends, desk_sends = self._sends(uow, recipient.student_id, now - timedelta(hours=1))
            hold = send_retry_at(now, policy, student_sends=student_sends, workstation_sends=desk_sends)
            if hold is not None:
                retry_at, scope = hold
                uow.audit.record(actor, "otp.throttled", at=now, subject_type="student", subject_id=recipient.student_id,
                                 details={"scope": scope, "retry_at": retry_at.isoformat(), "enrollment_id": str(enrollment_id)})
                uow.commit()
                security.warning("otp.throttled scope=%s student=%s staff=%s workstation=%s retry_at=%s", scope,
                                 recipient.student_id, actor.username, actor.workstation_id, retry_at.isoformat())
                raise CodeSendThrottled(retry_at, wait=describe_wait(retry_at - now), scope=scope)
            superseded = uow.otp.supersede_pending(recipient.student_id)
            challenge_id = uuid.uuid4()
            code = generate_code(policy.length)
            expires_at = now + policy.expiry
            uow.otp.create(
                challenge_id=challenge_id, student_id=recipient.student_id, enrollment_id=enrollment_id,
                payment_id=payment_id, email=recipient.email, amount_cents=amount_cents,
                code_hmac=code_digest(key, code, challenge_id=challenge_id, enrollment_id=enrollment_id,
                                      amount_cents=amount_cents, email=recipient.email),
                created_at=now, expires_at=expires_at, staff_id=actor.staff_id, workstation_id=actor.workstation_id,
            )
            uow.commit()
        if self.shared is not None:
            self.shared.record_send(recipient.student_id, now)
        sent_to = mask_email(recipient.email)
        details = {"student_id": str(recipient.student_id), "enrollment_id": str(enrollment_id),
                   "payment_id": str(payment_id) if payment_id else None, "amount_cents": amount_cents,
                   "sent_to": sent_to, "replaced": [str(i) for i in superseded],
                   **({"split_total_cents": split_total_cents} if split_total_cents is not None else {})}
        message = one_time_code_email(
            business=self._business, to=recipient.email, language=recipient.language,
            student_name=recipient.student_name, code=code, amount_cents=amount_cents,
            course_name=recipient.course_name, desk=actor.workstation_id, expires_at=expires_at,
            expiry_minutes=self._settings.otp_expiry_minutes, split_total_cents=split_total_cents,
        )
        del code  # from here on only the HMAC exists
        try:
            self._mailer.send(message)
        except OncoPOSError as exc:
            with self._uow() as uow:
                uow.otp.set_status(challenge_id, "unsent")
                uow.audit.record(actor, "otp.send_failed", at=self._clock(), subject_type="otp_challenge",
                                 subject_id=challenge_id, details=details | {"error": str(exc)[:500]})
                uow.commit()
            security.warning("otp.send_failed challenge=%s student=%s staff=%s workstation=%s error=%s", challenge_id,
                             recipient.student_id, actor.username, actor.workstation_id, exc)
            permanent = getattr(exc, "permanent", False)
            raise MailNotSent(msg("payment.code_not_sent", reason=error_message(exc)), permanent=permanent) from None
        attempts_left = min(policy.max_attempts, record.failures_left(now, policy))
        # When the next code may go, counting this one: the window shows it on its Resend button.
        next_hold = send_retry_at(now, policy, student_sends=[*student_sends, now], workstation_sends=[*desk_sends, now])
        sent = CodeSent(challenge_id=challenge_id, sent_to=sent_to, expires_at=expires_at, attempts_left=attempts_left,
                        resend_at=next_hold[0] if next_hold else None)
        with self._uow() as uow:
            uow.audit.record(actor, "otp.sent", at=self._clock(), subject_type="otp_challenge", subject_id=challenge_id,
                             details=details)
            try:
                if same_commit is not None:
                    same_commit(uow, sent)
            except Exception:
                uow.rollback()
                uow.audit.record(actor, "otp.sent", at=self._clock(), subject_type="otp_challenge",
                                 subject_id=challenge_id, details=details)
                uow.commit()
                raise
            uow.commit()
        security.info("otp.sent challenge=%s student=%s enrollment=%s amount_cents=%d to=%s staff=%s workstation=%s",
                      challenge_id, recipient.student_id, enrollment_id, amount_cents, sent_to, actor.username,
                      actor.workstation_id)
        return sent

    # --- verifying ---

    @requires(Permission.TAKE_PAYMENT)
    def verify_code(
        self, actor: Actor, *, challenge_id: uuid.UUID, code: str, enrollment_id: uuid.UUID, amount_cents: int,
        same_commit: Callable[[UnitOfWork, Confirmation], None] | None = None, joining: UnitOfWork | None = None,
    ) -> Confirmation:
        """Check the code the student read back for this enrollment and amount.

        `same_commit`: what the caller writes when the code is right (the payment confirmed), in the
        transaction that uses the code: both or neither are committed, so a code is never used up by
        a payment that was not confirmed. `joining`: the caller's open unit of work (it read the
        payment under its lock), which the check runs and commits in.

        Raises CodeIncorrect (with the tries left), CodeExpired, CodeAlreadyUsed, CodeNotFound,
        CodeMismatch, ConfirmationLocked, or InvalidInput when the text is not a code at all
        (that costs no try).
        """
        candidate = normalize_code(code, self.policy.length)
        key = self._hmac_key()
        now = self._clock()
        policy = self.policy
        with _joined(self._uow, joining) as uow:
            challenge = uow.otp.get(challenge_id, for_update=True)
            if challenge is None:
                raise CodeNotFound()
            student_id = challenge.student_id
            record = self._failures(uow, student_id, for_update=True).current(now, policy)
            if record.is_locked(now):
                self._refuse_locked(uow, actor, record, "verify", student_id=student_id, subject=challenge_id)
            self._check_usable(uow, actor, challenge, now)
            self._check_binding(uow, actor, challenge, enrollment_id, amount_cents, now)
            actual = code_digest(key, candidate, challenge_id=challenge.id, enrollment_id=challenge.enrollment_id,
                                 amount_cents=challenge.amount_cents, email=challenge.email)
            base = {"student_id": str(student_id), "enrollment_id": str(enrollment_id), "amount_cents": amount_cents}
            if digest_matches(challenge.code_hmac, actual):
                uow.otp.set_status(challenge_id, "used", confirmed_at=now)
                uow.otp.save_failures(student_id, record.after_success(), at=now)
                uow.audit.record(actor, "otp.confirmed", at=now, subject_type="otp_challenge", subject_id=challenge_id,
                                 details=base)
                confirmation = Confirmation(challenge_id=challenge_id, confirmed_at=now)
                if same_commit is not None:
                    same_commit(uow, confirmation)  # a refusal here leaves the code and every count as they were
                if self.shared is not None:
                    self.shared.update_failures(student_id, lambda _shared: FailureRecord())
                uow.commit()
                security.info("otp.confirmed challenge=%s student=%s staff=%s workstation=%s", challenge_id, student_id,
                              actor.username, actor.workstation_id)
                return confirmation

            failed_attempts = uow.otp.count_failed_attempt(challenge_id)
            after = record.after_failure(now, policy)
            if self.shared is not None:
                # counted on the central copy under its row lock: two desks failing at once both count
                shared = self.shared.update_failures(
                    student_id, lambda held: stronger(held.current(now, policy), record).after_failure(now, policy))
                after = stronger(after, shared) if shared is not None else after
            uow.otp.save_failures(student_id, after, at=now)
            if after.is_locked(now) and after.locked_until is not None:  # locked means locked until a time
                uow.otp.set_status(challenge_id, "locked")
                uow.audit.record(actor, "otp.failed", at=now, subject_type="otp_challenge", subject_id=challenge_id,
                                 details=base | {"attempts_left": 0})
                uow.audit.record(actor, "otp.locked", at=now, subject_type="student", subject_id=student_id,
                                 details={"until": after.locked_until.isoformat(), "lock_level": after.lock_level})
                uow.commit()
                security.warning("otp.locked student=%s until=%s level=%d staff=%s workstation=%s", student_id,
                                 after.locked_until.isoformat(), after.lock_level, actor.username, actor.workstation_id)
                raise ConfirmationLocked(after.locked_until, wait=describe_wait(after.locked_until - now))
            code_left = max(0, policy.max_attempts - failed_attempts)
            if code_left == 0:
                uow.otp.set_status(challenge_id, "failed")
            left = min(code_left, after.failures_left(now, policy))
            uow.audit.record(actor, "otp.failed", at=now, subject_type="otp_challenge", subject_id=challenge_id,
                             details=base | {"attempts_left": left})
            uow.commit()
            security.warning("otp.failed challenge=%s student=%s attempts_left=%d staff=%s workstation=%s", challenge_id,
                             student_id, left, actor.username, actor.workstation_id)
            raise CodeIncorrect(left)

    def _failures(self, uow: UnitOfWork, student_id: uuid.UUID, *, for_update: bool = False) -> FailureRecord:
        """The student's wrong codes and lock: this desk's, and every desk's when the central
        database answers (within its short time-out)."""
        local = uow.otp.failures(student_id, for_update=for_update)
        shared = self.shared.failures(student_id) if self.shared is not None else None
        return stronger(local, shared) if shared is not None else local

    def _sends(self, uow: UnitOfWork, student_id: uuid.UUID, since: datetime) -> tuple[list[datetime], list[datetime]]:
        """(the student's sends, this desk's sends) in the hour. The desk is this database, whatever
        WORKSTATION_ID says now, and with a central database also the desk's own login there."""
        student, desk = uow.otp.sends_by_student_and_desk(since, student_id)
        shared = self.shared.sends(student_id, since) if self.shared is not None else None
        if shared is not None:
            everywhere, mine = shared
            student = sorted(set(student) | set(everywhere))
            desk = max(desk, mine, key=len)
        return student, desk

    def _check_usable(self, uow: UnitOfWork, actor: Actor, challenge: Challenge, now: datetime) -> None:
        status = challenge.status
        if status in ("used", "superseded"):
            raise CodeAlreadyUsed()
        if status == "unsent":
            raise CodeNotFound()
        if status in ("failed", "locked"):
            raise CodeIncorrect(0)
        if status == "expired":
            raise CodeExpired()
        if now >= challenge.expires_at:
            uow.otp.set_status(challenge.id, "expired")
            uow.audit.record(actor, "otp.expired", at=now, subject_type="otp_challenge", subject_id=challenge.id,
                             details={"student_id": str(challenge.student_id), "expired_at": challenge.expires_at.isoformat()})
            uow.commit()
            security.info("otp.expired challenge=%s student=%s staff=%s workstation=%s", challenge.id,
                          challenge.student_id, actor.username, actor.workstation_id)
            raise CodeExpired()

    def _check_binding(self, uow: UnitOfWork, actor: Actor, challenge: Challenge, enrollment_id: uuid.UUID, amount_cents: int,
                       now: datetime) -> None:
        what = None
        if challenge.enrollment_id != enrollment_id:
            what = "enrollment"
        elif challenge.amount_cents != amount_cents:
            what = "amount"
        else:
            recipient = uow.otp.recipient(enrollment_id)
            if recipient is None or recipient.email.strip().lower() != challenge.email.strip().lower():
                what = "email address"
        if what is None:
            return
        uow.audit.record(actor, "otp.mismatch", at=now, subject_type="otp_challenge", subject_id=challenge.id,
                         details={"changed": what, "enrollment_id": str(enrollment_id), "amount_cents": amount_cents,
                                  "code_amount_cents": challenge.amount_cents})
        uow.commit()
        security.warning("otp.mismatch challenge=%s changed=%s staff=%s workstation=%s", challenge.id, what,
                         actor.username, actor.workstation_id)
        raise CodeMismatch(what)

    def _refuse_locked(self, uow: UnitOfWork, actor: Actor, record: FailureRecord, step: str, *, student_id: uuid.UUID,
                       subject: uuid.UUID | None) -> None:
        now = self._clock()
        until = record.locked_until
        assert until is not None
        uow.audit.record(actor, "otp.refused_locked", at=now, subject_type="student", subject_id=student_id,
                         details={"step": step, "until": until.isoformat(), "challenge_id": str(subject) if subject else None})
        uow.commit()
        security.warning("otp.refused_locked step=%s student=%s until=%s staff=%s workstation=%s", step, student_id,
                         until.isoformat(), actor.username, actor.workstation_id)
        raise ConfirmationLocked(until, wait=describe_wait(until - now))

    # --- the HMAC key ---

    def _hmac_key(self) -> bytes:
        """The desk's code key from the secret store, made on first use (training: in memory)."""
        with self._key_lock:
            if self._key is None:
                stored = self._secrets.get(KEY_NAME)
                key = _decode_key(stored) if stored else None
                if key is None:
                    key = token_source.token_bytes(KEY_BYTES)
                    self._secrets.set(KEY_NAME, key.hex())
                    security.info("otp key created in the secret store")
                self._key = key
            return self._key


@contextmanager
def _joined(factory: UnitOfWorkFactory, joining: UnitOfWork | None) -> Iterator[UnitOfWork]:
    """The caller's unit of work, left open for the caller to end; else one of our own."""
    if joining is not None:
        yield joining
        return
    with factory() as uow:
        yield uow


def _decode_key(stored: str) -> bytes | None:
    try:
        key = bytes.fromhex(stored)
    except ValueError:
        return None
    return key if len(key) >= 16 else None
