"""Staff accounts as rules: user names, passwords, sign-in lockout and the idle lock.

Pure Python and pure time arithmetic, so every rule is tested with a fixed clock. The hashing
itself (argon2id) and the storage live in the services and adapters.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from oncopos.domain.access import Role
from oncopos.domain.csv_cells import FORMULA_START
from oncopos.domain.errors import InvalidInput, UserFacingError
from oncopos.domain.messages import msg

USERNAME_RE = re.compile(r"[a-z][a-z0-9._-]{1,31}")
# NIST SP 800-63B: at least 8, we ask 12 (a shared desk); a long upper bound only guards the
# hasher against a pasted novel, it is not a composition rule.
PASSWORD_MIN = 12
PASSWORD_MAX = 256
DISPLAY_NAME_MIN = 2
DISPLAY_NAME_MAX = 120
OVERRIDE_REASON_MIN = 5
OVERRIDE_REASON_MAX = 200

# Passwords of 12+ characters that people still choose; NIST asks to refuse known-bad ones.
_COMMON = frozenset(
    {
        "password1234", "password12345", "password123456", "123456789012", "1234567890123",
        "qwertyuiop12", "qwertyuiopas", "iloveyou1234", "letmein12345", "welcome12345",
        "administrator", "oncopos12345", "oncoone12345", "changeme1234", "aaaaaaaaaaaa",
    }
)


@dataclass(frozen=True, slots=True)
class StaffAccount:
    """A staff member as the services and the window see them: never the password hash."""

    id: uuid.UUID
    username: str
    display_name: str
    role: Role
    active: bool
    failed_logins: int
    locked_until: datetime | None

    def locked_at(self, now: datetime) -> bool:
        return self.locked_until is not None and self.locked_until > now


def normalize_username(text: str) -> str:
    """User names are compared case-insensitively: "Rita" and "rita" are one person."""
    return text.strip().lower()


def validate_username(text: str) -> str:
    name = normalize_username(text)
    if not USERNAME_RE.fullmatch(name):
        raise InvalidInput(
            msg("staff.username_invalid", text=text.strip()),
            field="username",
        )
    return name


def validate_display_name(text: str) -> str:
    """A person's name as colleagues know them, shown on screens, receipts, reports and exports.

    Refused: control and invisible formatting characters (a bidi override can make a name read
    backwards on screen), and a leading =, +, - or @ (a spreadsheet would run the name as a
    formula in the end-of-day CSV). Internal spaces are collapsed.
    """
    if any(unicodedata.category(ch) in ("Cc", "Cf") and ch not in " \t\r\n" for ch in text):
        raise InvalidInput(msg("staff.name_control"),
                           field="display_name")
    name = " ".join(text.split())
    if not name:
        raise InvalidInput(msg("staff.name_empty"), field="display_name")
    if len(name) < DISPLAY_NAME_MIN:
        raise InvalidInput(msg("staff.name_short", minimum=DISPLAY_NAME_MIN),
                           field="display_name")
    if len(name) > DISPLAY_NAME_MAX:
        raise InvalidInput(msg("staff.name_long", maximum=DISPLAY_NAME_MAX), field="display_name")
    if name.startswith(FORMULA_START):
        raise InvalidInput(msg("staff.name_formula", char=name[0]), field="display_name")
    return name


def validate_password(password: str, *, username: str) -> None:
    """Length and known-bad checks (NIST SP 800-63B); no rules about symbols or digits."""
    if len(password) < PASSWORD_MIN:
        raise InvalidInput(
            msg("staff.password_short", length=len(password), minimum=PASSWORD_MIN),
            field="password",
        )
    if len(password) > PASSWORD_MAX:
        raise InvalidInput(msg("staff.password_long", maximum=PASSWORD_MAX), field="password")
    if password.strip() != password:
        raise InvalidInput(msg("staff.password_spaces"), field="password")
    folded = password.casefold()
    if len(set(folded)) <= 2 or folded in _COMMON:
        raise InvalidInput(msg("staff.password_easy"), field="password")
    # Short names ("al") would forbid half the dictionary; from 4 letters a name is guessable.
    if len(username) >= 4 and username.casefold() in folded:
        raise InvalidInput(msg("staff.password_username"), field="password")


def validate_override_reason(text: str) -> str:
    reason = " ".join(text.split())
    if len(reason) < OVERRIDE_REASON_MIN:
        raise InvalidInput(
            msg("staff.reason_empty"), field="reason"
        )
    if len(reason) > OVERRIDE_REASON_MAX:
        raise InvalidInput(msg("staff.reason_long", maximum=OVERRIDE_REASON_MAX), field="reason")
    return reason


class SignInFailed(UserFacingError):
    """Wrong user name or password: one message, whether or not the user name exists."""

    def __init__(self) -> None:
        super().__init__("The user name or password is not right. Check both and try again.")


class SignInLocked(UserFacingError):
    """Too many failures in a row; the wait grows with each further failure."""

    def __init__(self, wait: timedelta) -> None:
        seconds = max(1, int(wait.total_seconds() + 0.999))
        when = f"{seconds} seconds" if seconds < 120 else f"{(seconds + 59) // 60} minutes"
        super().__init__(
            f"Too many wrong passwords for this user name. Wait {when} and try again, "
            "or ask an administrator to reset your password if you have forgotten it."
        )
        self.wait = wait


@dataclass(frozen=True, slots=True)
class LockoutPolicy:
    """After `free_failures` wrong passwords in a row, each further one locks the account for a
    delay that doubles, up to `max_delay`. A success resets the count.

    A person who mistypes twice never waits; a guessing program is slowed to a few tries an hour.
    """

    free_failures: int = 4
    first_delay: timedelta = timedelta(seconds=30)
    max_delay: timedelta = timedelta(minutes=15)

    def delay_after(self, failures: int) -> timedelta:
        """How long the account stays locked after its `failures`-th consecutive failure."""
        if failures <= self.free_failures:
            return timedelta(0)
        doublings = min(failures - self.free_failures - 1, 30)  # 2**30 x 30 s is past any cap
        factor: int = 2**doublings
        return min(self.first_delay * factor, self.max_delay)

    def locked_until(self, failures: int, now: datetime) -> datetime | None:
        delay = self.delay_after(failures)
        return now + delay if delay else None


@dataclass(frozen=True, slots=True)
class IdleLockPolicy:
    """When an unattended desk locks itself. Times are monotonic seconds (time.monotonic()):
    a wall-clock change (daylight saving, NTP) must neither lock nor unlock the screen."""

    minutes: int = 5

    @property
    def seconds(self) -> int:
        return self.minutes * 60

    def seconds_left(self, last_activity: float, now: float) -> float:
        return max(0.0, last_activity + self.seconds - now)

    def is_due(self, last_activity: float, now: float) -> bool:
        return now - last_activity >= self.seconds


def role_from_text(text: str) -> Role:
    try:
        return Role(text.strip().lower())
    except ValueError:
        allowed = ", ".join(r.value for r in Role)
        raise InvalidInput(msg("staff.role_unknown", text=text, allowed=allowed), field="role") from None


@dataclass(frozen=True, slots=True)
class StaffCredentials:
    """An account with its password hash, for signing in and changing a password; nothing else reads it."""

    account: StaffAccount
    password_hash: str = ""

    def __repr__(self) -> str:  # never print a hash by accident (tracebacks, debug logs)
        return f"StaffCredentials({self.account.username!r})"


@dataclass(frozen=True, slots=True)
class TrainingAccount:
    username: str
    display_name: str
    role: Role


# Training mode only (a separate database under data_dir/training): shown on the sign-in screen,
# which is why they live here and not with the staff service (the screen paints before argon2 loads).
TRAINING_PASSWORD = "training-desk"
TRAINING_ACCOUNTS = (
    TrainingAccount("reg", "Rita Registrar (training)", Role.REGISTRAR),
    TrainingAccount("mgr", "Marc Manager (training)", Role.MANAGER),
    TrainingAccount("admin", "Ada Admin (training)", Role.ADMIN),
)
