"""One-time confirmation codes: the rules (generation, HMAC, lockout, throttles) and their errors.

The code only confirms that the person paying controls the student's email address, a
low-assurance check (CANADA.md: email is not a NIST out-of-band authenticator); it never replaces
the staff member's own login. The mechanics still follow NIST SP 800-63B and OWASP: digits from a
CSPRNG, a short life, single use, a limit on consecutive failures that a new code does not reset,
growing delays, and only a keyed hash stored, compared in constant time.

Every error here is shown to the registrar as is, so each says what happened and what to do next.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from oncopos.domain.errors import InvalidInput, UserFacingError
from oncopos.domain.messages import Count, Duration, duration_text, msg

# --- errors -------------------------------------------------------------------------------------


class OtpError(UserFacingError):
    """Base of the one-time code errors."""


class CodeIncorrect(OtpError):
    def __init__(self, attempts_left: int) -> None:
        self.attempts_left = attempts_left
        if attempts_left > 0:
            super().__init__(msg("otp.tries_left", left=Count(attempts_left, "try")))
        else:
            super().__init__(msg("otp.no_tries_left"))


class CodeExpired(OtpError):
    def __init__(self) -> None:
        super().__init__(msg("otp.expired"))


class CodeAlreadyUsed(OtpError):
    def __init__(self) -> None:
        super().__init__(msg("otp.already_used"))


class CodeNotFound(OtpError):
    def __init__(self) -> None:
        super().__init__(msg("otp.not_found"))


class CodeMismatch(OtpError):
    """The enrollment, amount or email changed after the code was sent: the code was for another payment."""

    def __init__(self, what: str) -> None:
        self.what = what  # "enrollment", "amount" or "email address"
        key = {"enrollment": "otp.what.enrollment", "amount": "otp.what.amount"}.get(what, "otp.what.email")
        super().__init__(msg("otp.mismatch", what=msg(key)))


class ConfirmationLocked(OtpError):
    """Too many wrong codes for this student: confirmation is paused until `until` (aware UTC)."""

    def __init__(self, until: datetime, *, wait: str | Duration) -> None:
        self.until = until
        super().__init__(msg("otp.locked", wait=wait))


class CodeSendThrottled(OtpError):
    """Too many codes sent for a student or from this desk; `retry_at` (aware UTC) says when to try again."""

    def __init__(self, retry_at: datetime, *, wait: str | Duration, scope: str) -> None:
        self.retry_at = retry_at
        self.scope = scope  # "student" or "workstation"
        super().__init__(msg("otp.throttled_student" if scope == "student" else "otp.throttled_desk", wait=wait))


# --- results ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CodeSent:
    challenge_id: uuid.UUID
    sent_to: str          # masked address, e.g. "e•••••@gmail.com"
    expires_at: datetime  # aware UTC
    attempts_left: int    # wrong tries allowed before this code (or the student) is locked
    resend_at: datetime | None = None  # the earliest another code may be sent (the 30-second pause, the hourly caps)


@dataclass(frozen=True, slots=True)
class Confirmation:
    challenge_id: uuid.UUID
    confirmed_at: datetime  # aware UTC


# --- policy -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OtpPolicy:
    length: int = 6
    expiry: timedelta = timedelta(minutes=10)
    max_attempts: int = 3  # wrong tries per code (OTP_MAX_ATTEMPTS)
    # Wrong tries per student, across codes, before a lock. Above max_attempts so that one dead
    # code plus a resend is not yet a lock, but a second burst of guesses is.
    student_failure_limit: int = 5
    # Failures older than this no longer count: a student who mistyped last week starts clean.
    failure_window: timedelta = timedelta(hours=1)
    # Each lock lasts longer than the one before; the last delay repeats.
    lock_delays: tuple[timedelta, ...] = (
        timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=15), timedelta(minutes=60),
    )
    # A day without a lock and the next lock starts at the first delay again.
    lock_memory: timedelta = timedelta(hours=24)
    student_min_interval: timedelta = timedelta(seconds=30)
    student_sends_per_hour: int = 5
    workstation_sends_per_hour: int = 30

    @classmethod
    def from_settings(cls, *, length: int, expiry_minutes: int, max_attempts: int) -> OtpPolicy:
        return cls(
            length=length,
            expiry=timedelta(minutes=expiry_minutes),
            max_attempts=max_attempts,
            student_failure_limit=max(5, max_attempts + 2),
        )


# --- codes --------------------------------------------------------------------------------------


def generate_code(length: int) -> str:
    """`length` decimal digits from the operating system's CSPRNG, leading zeros kept."""
    if not 6 <= length <= 10:
        raise ValueError("one-time codes have 6 to 10 digits")
    return f"{secrets.randbelow(10**length):0{length}d}"


def normalize_code(text: str, length: int) -> str:
    """The digits a person typed ("123 456", "123-456"), or InvalidInput when it cannot be a code.

    A malformed entry is refused before any comparison, so it does not cost the student a try.
    """
    compact = "".join(ch for ch in text.strip() if ch not in " -\u00a0\u202f")
    # ASCII only: str.isdigit() also accepts other scripts' digits, which the code never contains.
    if len(compact) != length or not all("0" <= ch <= "9" for ch in compact):
        raise InvalidInput(msg("otp.type_digits", length=length), field="code")
    return compact


def code_digest(key: bytes, code: str, *, challenge_id: uuid.UUID, enrollment_id: uuid.UUID, amount_cents: int,
                email: str) -> str:
    """HMAC-SHA256 of the code and what it confirms.

    The binding (challenge, enrollment, amount, email) is inside the MAC, so a stored digest is
    useless for any other payment, and the same code in two challenges gives different digests.
    """
    message = "\x1f".join(
        ("oncopos-otp-v1", str(challenge_id), str(enrollment_id), str(amount_cents), email.strip().lower(), code)
    )
    return hmac.new(key, message.encode("utf-8"), hashlib.sha256).hexdigest()


def digest_matches(expected: str, actual: str) -> bool:
    return hmac.compare_digest(expected.encode("ascii"), actual.encode("ascii"))


def mask_email(email: str) -> str:
    """"emma.leduc@gmail.com" -> "e•••••@gmail.com": enough for the student to recognise it."""
    local, _, domain = email.strip().partition("@")
    if not domain:
        return "•••••"
    return f"{local[:1]}•••••@{domain}"


def describe_wait(delta: timedelta) -> str:
    """A wait a person can plan around: "30 seconds", "1 minute", "2 hours" (rounded up), in English."""
    return duration_text(delta, "en")


# --- lockout ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FailureRecord:
    """A student's recent wrong codes, kept across codes so that a resend does not reset them."""

    failures: int = 0
    window_start: datetime | None = None  # first failure still counted
    lock_level: int = 0  # how many locks in a row (within lock_memory): picks the next delay
    locked_until: datetime | None = None
    last_locked_at: datetime | None = None

    def is_locked(self, now: datetime) -> bool:
        return self.locked_until is not None and now < self.locked_until

    def current(self, now: datetime, policy: OtpPolicy) -> FailureRecord:
        """The record with what has aged out forgotten."""
        record = self
        if record.window_start is not None and now - record.window_start >= policy.failure_window:
            record = replace(record, failures=0, window_start=None)
        if record.last_locked_at is not None and now - record.last_locked_at >= policy.lock_memory:
            record = replace(record, lock_level=0, last_locked_at=None)
        return record

    def failures_left(self, now: datetime, policy: OtpPolicy) -> int:
        return max(0, policy.student_failure_limit - self.current(now, policy).failures)

    def after_failure(self, now: datetime, policy: OtpPolicy) -> FailureRecord:
        """One more wrong code; locks when the limit is reached (then the count starts again)."""
        record = self.current(now, policy)
        failures = record.failures + 1
        start = record.window_start or now
        if failures < policy.student_failure_limit:
            return replace(record, failures=failures, window_start=start)
        delay = lock_delay(policy, record.lock_level)
        return FailureRecord(
            failures=0, window_start=None, lock_level=record.lock_level + 1, locked_until=now + delay, last_locked_at=now
        )

    def after_success(self) -> FailureRecord:
        return FailureRecord()


def stronger(a: FailureRecord, b: FailureRecord) -> FailureRecord:
    """Two desks' records of one student's wrong codes, as one: the later lock, the higher level,
    the larger count (from the earlier window). Each limit then holds across desks."""

    def latest(x: datetime | None, y: datetime | None) -> datetime | None:
        return max((t for t in (x, y) if t is not None), default=None)

    starts = [t for t in (a.window_start, b.window_start) if t is not None]
    return FailureRecord(
        failures=max(a.failures, b.failures),
        window_start=min(starts) if starts else None,
        lock_level=max(a.lock_level, b.lock_level),
        locked_until=latest(a.locked_until, b.locked_until),
        last_locked_at=latest(a.last_locked_at, b.last_locked_at),
    )


def lock_delay(policy: OtpPolicy, level: int) -> timedelta:
    """The length of the student's (level + 1)-th lock in a row: 1, 5, 15, 60, 60, ... minutes."""
    return policy.lock_delays[min(level, len(policy.lock_delays) - 1)]


# --- send throttles -----------------------------------------------------------------------------


def send_retry_at(
    now: datetime, policy: OtpPolicy, *, student_sends: list[datetime], workstation_sends: list[datetime]
) -> tuple[datetime, str] | None:
    """When the next code may be sent and which limit holds it back, or None when it may go now.

    `student_sends` and `workstation_sends` are the times of codes sent in the last hour.
    """
    hour = timedelta(hours=1)
    student = sorted(t for t in student_sends if now - t < hour)
    desk = sorted(t for t in workstation_sends if now - t < hour)
    waits: list[tuple[datetime, str]] = []
    if student and now - student[-1] < policy.student_min_interval:
        waits.append((student[-1] + policy.student_min_interval, "student"))
    if len(student) >= policy.student_sends_per_hour:
        waits.append((student[-policy.student_sends_per_hour] + hour, "student"))
    if len(desk) >= policy.workstation_sends_per_hour:
        waits.append((desk[-policy.workstation_sends_per_hour] + hour, "workstation"))
    return max(waits) if waits else None
