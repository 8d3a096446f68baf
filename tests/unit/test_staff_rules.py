"""Staff rules without a database: user names, passwords, lockout delays, the idle lock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from oncopos.domain.access import Role
from oncopos.domain.errors import InvalidInput
from oncopos.domain.staff import (
    IdleLockPolicy,
    LockoutPolicy,
    SignInLocked,
    role_from_text,
    validate_override_reason,
    validate_password,
    validate_username,
)


@pytest.mark.parametrize(("typed", "stored"), [("Rita", "rita"), ("  rita.cote ", "rita.cote"), ("m-l_2", "m-l_2")])
def test_user_names_are_case_insensitive(typed: str, stored: str) -> None:
    assert validate_username(typed) == stored


@pytest.mark.parametrize("bad", ["", "r", "1rita", "rita cote", "rité", "a" * 33, "rita@school"])
def test_bad_user_names_say_what_is_allowed(bad: str) -> None:
    with pytest.raises(InvalidInput, match="2 to 32 letters"):
        validate_username(bad)


def test_password_needs_twelve_characters_and_says_how_many_it_has() -> None:
    with pytest.raises(InvalidInput, match="has 11 characters; use at least 12"):
        validate_password("eleven-char", username="rita")
    validate_password("twelve chars", username="rita")  # spaces inside are fine: passphrases


@pytest.mark.parametrize(
    ("password", "why"),
    [
        ("password1234", "too easy"),
        ("PASSWORD1234", "too easy"),
        ("abababababab", "too easy"),
        ("my name is rita!", "user name"),
        (" leading space pass", "space"),
        ("x" * 257, "too long"),
    ],
)
def test_weak_passwords_are_refused(password: str, why: str) -> None:
    with pytest.raises(InvalidInput, match=why):
        validate_password(password, username="rita")


def test_lockout_waits_only_after_four_failures_then_doubles_up_to_fifteen_minutes() -> None:
    policy = LockoutPolicy()
    delays = [policy.delay_after(n) for n in range(1, 12)]
    assert delays[:4] == [timedelta(0)] * 4
    assert delays[4:] == [
        timedelta(seconds=30), timedelta(minutes=1), timedelta(minutes=2), timedelta(minutes=4),
        timedelta(minutes=8), timedelta(minutes=15), timedelta(minutes=15),
    ]
    assert policy.delay_after(10_000) == timedelta(minutes=15)


def test_locked_until_is_measured_from_the_failure() -> None:
    now = datetime(2026, 11, 26, 15, 0, tzinfo=UTC)
    policy = LockoutPolicy()
    assert policy.locked_until(4, now) is None
    assert policy.locked_until(6, now) == now + timedelta(minutes=1)


def test_the_lockout_message_names_the_wait_in_words() -> None:
    assert "Wait 30 seconds" in str(SignInLocked(timedelta(seconds=29.2)))
    assert "Wait 4 minutes" in str(SignInLocked(timedelta(minutes=4)))


def test_idle_lock_is_due_after_the_configured_minutes() -> None:
    policy = IdleLockPolicy(minutes=5)
    assert not policy.is_due(last_activity=1000.0, now=1000.0 + 299)
    assert policy.seconds_left(1000.0, 1000.0 + 299) == 1
    assert policy.is_due(last_activity=1000.0, now=1000.0 + 300)
    assert policy.seconds_left(1000.0, 2000.0) == 0


def test_override_reason_is_required_and_tidied() -> None:
    assert validate_override_reason("  wrong   amount keyed ") == "wrong amount keyed"
    with pytest.raises(InvalidInput, match="why the override"):
        validate_override_reason("ok")


def test_roles_from_text() -> None:
    assert role_from_text(" Manager ") is Role.MANAGER
    with pytest.raises(InvalidInput, match="registrar, manager, admin"):
        role_from_text("owner")
