"""One-time code rules: digits from the CSPRNG, only an HMAC kept, the lockout schedule, throttles."""

from __future__ import annotations

import random
import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest

from oncopos.domain import otp as rules
from oncopos.domain.errors import InvalidInput
from oncopos.domain.otp import (
    CodeIncorrect,
    ConfirmationLocked,
    FailureRecord,
    OtpPolicy,
    code_digest,
    describe_wait,
    digest_matches,
    generate_code,
    lock_delay,
    mask_email,
    normalize_code,
    send_retry_at,
)

T0 = datetime(2026, 11, 26, 15, 0, tzinfo=UTC)
KEY = bytes(range(32))
BINDING = {"challenge_id": uuid.UUID(int=1), "enrollment_id": uuid.UUID(int=2), "amount_cents": 125_000,
           "email": "emma@example.ca"}


@pytest.mark.parametrize("length", [6, 8, 10])
def test_codes_are_exactly_length_ascii_digits(length: int) -> None:
    for _ in range(200):
        code = generate_code(length)
        assert len(code) == length and all("0" <= c <= "9" for c in code)


def test_codes_come_from_the_secrets_csprng_and_keep_leading_zeros(monkeypatch: pytest.MonkeyPatch) -> None:
    asked = []

    def randbelow(n: int) -> int:
        asked.append(n)
        return 42

    monkeypatch.setattr(rules.secrets, "randbelow", randbelow)
    # The predictable generator must not be what produces codes.
    monkeypatch.setattr(random, "randint", lambda *a: (_ for _ in ()).throw(AssertionError("random module used")))
    monkeypatch.setattr(random, "random", lambda *a: (_ for _ in ()).throw(AssertionError("random module used")))
    assert generate_code(6) == "000042"
    assert asked == [10**6]


def test_codes_spread_over_every_digit_in_every_position() -> None:
    codes = [generate_code(6) for _ in range(5000)]
    assert len(set(codes)) > 4900  # collisions among 10^6 values: about 12 expected
    for position in range(6):
        counts = Counter(code[position] for code in codes)
        assert set(counts) == set("0123456789")
        assert min(counts.values()) > 380  # 500 expected per digit


def test_short_codes_are_refused() -> None:
    with pytest.raises(ValueError):
        generate_code(4)


def test_the_stored_digest_is_never_the_code_and_depends_on_what_it_confirms() -> None:
    code = "493817"
    digest = code_digest(KEY, code, **BINDING)
    assert code not in digest and len(digest) == 64 and int(digest, 16) >= 0
    assert digest == code_digest(KEY, code, **BINDING)
    assert digest_matches(digest, code_digest(KEY, code, **BINDING))
    others = [
        code_digest(KEY, "493818", **BINDING),
        code_digest(bytes(32), code, **BINDING),
        code_digest(KEY, code, **(BINDING | {"amount_cents": 125_001})),
        code_digest(KEY, code, **(BINDING | {"enrollment_id": uuid.UUID(int=3)})),
        code_digest(KEY, code, **(BINDING | {"email": "other@example.ca"})),
        code_digest(KEY, code, **(BINDING | {"challenge_id": uuid.UUID(int=9)})),
    ]
    assert len(set(others)) == len(others) and digest not in others
    assert not any(digest_matches(digest, other) for other in others)


def test_comparison_is_constant_time(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    real = rules.hmac.compare_digest
    monkeypatch.setattr(rules.hmac, "compare_digest", lambda a, b: calls.append(1) or real(a, b))
    assert digest_matches("ab" * 32, "ab" * 32)
    assert calls == [1]


@pytest.mark.parametrize("typed", ["493817", " 493 817 ", "493-817", "493\u00a0817"])
def test_what_people_type_is_normalised(typed: str) -> None:
    assert normalize_code(typed, 6) == "493817"


@pytest.mark.parametrize("typed", ["", "49381", "4938170", "49381a", "４９３８１７", "493.817"])  # noqa: RUF001  (full-width digits on purpose)
def test_what_cannot_be_a_code_is_refused_with_the_digit_count(typed: str) -> None:
    with pytest.raises(InvalidInput, match="Type the 6 digits"):
        normalize_code(typed, 6)


def test_masked_email_shows_first_letter_and_domain() -> None:
    assert mask_email("emma.leduc@gmail.com") == "e•••••@gmail.com"
    assert "leduc" not in mask_email("emma.leduc@gmail.com")


@pytest.mark.parametrize(
    ("delta", "text"),
    [(timedelta(seconds=1), "1 second"), (timedelta(seconds=29.2), "30 seconds"), (timedelta(seconds=60), "1 minute"),
     (timedelta(seconds=61), "2 minutes"), (timedelta(minutes=60), "1 hour"), (timedelta(minutes=61), "2 hours")],
)
def test_waits_are_rounded_up(delta: timedelta, text: str) -> None:
    assert describe_wait(delta) == text


def test_error_messages_say_what_to_do() -> None:
    assert str(CodeIncorrect(2)) == "The code is not right. 2 tries left. Ask the student to read it again."
    assert str(CodeIncorrect(1)).startswith("The code is not right. 1 try left.")
    assert "Send a new code" in str(CodeIncorrect(0))
    assert str(rules.CodeExpired()) == "This code has expired. Send a new code."
    assert "5 minutes" in str(ConfirmationLocked(T0, wait="5 minutes"))


# --- lockout schedule, with a clock moved by hand ---

POLICY = OtpPolicy()


def fail(record: FailureRecord, now: datetime, times: int) -> FailureRecord:
    for _ in range(times):
        record = record.after_failure(now, POLICY)
    return record


def test_the_lock_grows_1_5_15_60_minutes_then_stays_at_60() -> None:
    assert [lock_delay(POLICY, level) for level in range(6)] == [timedelta(minutes=m) for m in (1, 5, 15, 60, 60, 60)]
    now, record = T0, FailureRecord()
    for minutes in (1, 5, 15, 60, 60):
        record = fail(record, now, POLICY.student_failure_limit - 1)
        assert not record.is_locked(now)
        record = record.after_failure(now, POLICY)
        assert record.locked_until == now + timedelta(minutes=minutes)
        assert record.is_locked(now + timedelta(minutes=minutes) - timedelta(seconds=1))
        now += timedelta(minutes=minutes)
        assert not record.is_locked(now), "the lock ends on time"


def test_failures_left_counts_across_codes_and_a_success_clears_everything() -> None:
    record = fail(FailureRecord(), T0, 3)
    assert record.failures_left(T0, POLICY) == POLICY.student_failure_limit - 3
    assert record.after_success().failures_left(T0, POLICY) == POLICY.student_failure_limit


def test_old_failures_age_out_of_the_window() -> None:
    record = fail(FailureRecord(), T0, 4)
    later = T0 + POLICY.failure_window
    assert record.failures_left(later, POLICY) == POLICY.student_failure_limit
    assert not record.after_failure(later, POLICY).is_locked(later)


def test_a_day_without_locks_starts_the_schedule_again() -> None:
    record = fail(FailureRecord(), T0, POLICY.student_failure_limit)  # 1 minute
    record = fail(record, T0 + timedelta(minutes=2), POLICY.student_failure_limit)  # 5 minutes
    assert record.lock_level == 2
    next_day = T0 + timedelta(days=1, minutes=3)
    record = fail(record, next_day, POLICY.student_failure_limit)
    assert record.locked_until == next_day + timedelta(minutes=1)


def test_policy_from_settings_keeps_the_student_limit_above_one_code() -> None:
    assert OtpPolicy.from_settings(length=6, expiry_minutes=10, max_attempts=3).student_failure_limit == 5
    assert OtpPolicy.from_settings(length=8, expiry_minutes=5, max_attempts=6).student_failure_limit == 8


# --- send throttles ---


def test_one_code_per_student_every_30_seconds() -> None:
    hold = send_retry_at(T0, POLICY, student_sends=[T0 - timedelta(seconds=10)], workstation_sends=[])
    assert hold == (T0 + timedelta(seconds=20), "student")
    assert send_retry_at(T0, POLICY, student_sends=[T0 - timedelta(seconds=30)], workstation_sends=[]) is None


def test_five_codes_per_student_per_hour_then_wait_for_the_oldest_to_age_out() -> None:
    sends = [T0 - timedelta(minutes=m) for m in (50, 40, 30, 20, 10)]
    assert send_retry_at(T0, POLICY, student_sends=sends, workstation_sends=[]) == (T0 + timedelta(minutes=10), "student")
    assert send_retry_at(T0, POLICY, student_sends=sends[1:], workstation_sends=[]) is None


def test_thirty_codes_per_desk_per_hour() -> None:
    desk = [T0 - timedelta(minutes=59) + timedelta(minutes=i) for i in range(30)]
    assert send_retry_at(T0, POLICY, student_sends=[], workstation_sends=desk) == (T0 + timedelta(minutes=1), "workstation")
    assert send_retry_at(T0, POLICY, student_sends=[], workstation_sends=desk[1:]) is None
