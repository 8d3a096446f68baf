"""Who may do what. Services check these; the window only hides what a role cannot use.

A service method declares its permission with `@requires(Permission.X)` (oncopos.services.guard),
which checks the `Actor` (the staff member at the desk, possibly with a manager's approval of one
action) against the account's current state before the body runs.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from typing import Protocol

from oncopos.domain.errors import UserFacingError


class Role(str, Enum):  # noqa: UP042  (StrEnum would change what str() and format() print)
    REGISTRAR = "registrar"
    MANAGER = "manager"
    ADMIN = "admin"


class Permission(str, Enum):  # noqa: UP042  (as Role)
    SEARCH_STUDENTS = "search_students"
    EDIT_STUDENTS = "edit_students"
    ENROLL = "enroll"
    TAKE_PAYMENT = "take_payment"
    PRINT_INVOICE = "print_invoice"
    EMAIL_INVOICE = "email_invoice"
    REFUND = "refund"
    VOID = "void"
    REPRINT = "reprint"
    MANAGE_CATALOGUE = "manage_catalogue"
    EDIT_PLANS = "edit_plans"  # change a student's instalment plan (amounts, due dates)
    END_OF_DAY = "end_of_day"
    TUITION_SLIPS = "tuition_slips"  # compute, issue, amend, cancel and file the year's T2202 slips
    CLOSE_DAY = "close_day"
    REOPEN_DAY = "reopen_day"
    RECONCILE = "reconcile"
    ACCEPT_DRAWER_DIFFERENCE = "accept_drawer_difference"  # a cash drawer counted over or short
    VIEW_AUDIT = "view_audit"
    MANAGE_STAFF = "manage_staff"
    MANAGE_SETTINGS = "manage_settings"
    MANAGE_KEYS = "manage_keys"


_REGISTRAR = frozenset(
    {
        Permission.SEARCH_STUDENTS,
        Permission.EDIT_STUDENTS,
        Permission.ENROLL,
        Permission.TAKE_PAYMENT,
        Permission.PRINT_INVOICE,
        Permission.EMAIL_INVOICE,
    }
)
_MANAGER = _REGISTRAR | {
    Permission.REFUND,
    Permission.VOID,
    Permission.REPRINT,
    Permission.MANAGE_CATALOGUE,
    Permission.EDIT_PLANS,
    Permission.END_OF_DAY,
    Permission.TUITION_SLIPS,
    Permission.CLOSE_DAY,
    Permission.RECONCILE,
    Permission.VIEW_AUDIT,
    Permission.ACCEPT_DRAWER_DIFFERENCE,
}
_ADMIN = _MANAGER | {Permission.MANAGE_STAFF, Permission.MANAGE_SETTINGS, Permission.MANAGE_KEYS, Permission.REOPEN_DAY}

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.REGISTRAR: _REGISTRAR,
    Role.MANAGER: frozenset(_MANAGER),
    Role.ADMIN: frozenset(_ADMIN),
}

_WHO_MAY = {Role.MANAGER: "a manager", Role.ADMIN: "an administrator"}


APPROVAL_MINUTES = 5  # a manager's approval is for the action at hand, not for later


def subject(name: str, value: object) -> str:
    """What one approval is for, besides the permission: "payment_id=<uuid>" (the parameter of the
    protected call that names the thing acted on)."""
    return f"{name}={value}"


@dataclass(frozen=True, slots=True)
class AccountState:
    """A staff account as it is now in the database (not as it was at sign-in)."""

    role: Role
    active: bool
    locked: bool


class AccountSession(Protocol):
    """The sign-in behind an Actor. Every protected call asks it (a single-row read) for the
    account's current state, so a deactivation, a lock-out or a role change applies at once."""

    def current(self) -> AccountState: ...

    def use_approval(self, actor: Actor) -> bool:
        """Mark `actor.approval` used, atomically in the database: True for exactly one call,
        False if it was used already, has expired, or its approver may no longer approve it."""
        ...


@dataclass(frozen=True, slots=True)
class Approval:
    """A manager's approval of one action: one permission, on one subject, used once, until
    `expires_at`. Recorded in the database when given; consumed by the protected call."""

    id: uuid.UUID
    approver: Actor
    permission: Permission
    subject: str | None
    reason: str
    expires_at: datetime

    def describe(self) -> str:
        what = self.permission.value.replace("_", " ")
        return f"{what} ({self.subject})" if self.subject else what


@dataclass(frozen=True, slots=True)
class Actor:
    """The person doing an action, at a workstation.

    `session` is the sign-in behind a person (None only for the app itself, whose staff_id is
    None); `approval` is a manager's approval of one action (see Approval).
    """

    staff_id: uuid.UUID | None
    username: str
    role: Role
    workstation_id: str
    approval: Approval | None = None
    session: AccountSession | None = field(default=None, compare=False, repr=False)

    @property
    def approved_by(self) -> Actor | None:
        return self.approval.approver if self.approval is not None else None

    @property
    def override_reason(self) -> str | None:
        return self.approval.reason if self.approval is not None else None

    def can(self, permission: Permission) -> bool:
        """What the window offers: the role signed in with, or the one approved permission.
        The services decide with the account's current state (oncopos.services.guard)."""
        if permission in ROLE_PERMISSIONS[self.role]:
            return True
        return self.approval is not None and self.approval.permission is permission


def lowest_role(permission: Permission) -> Role:
    return next(role for role in (Role.REGISTRAR, Role.MANAGER, Role.ADMIN) if permission in ROLE_PERMISSIONS[role])


class PermissionDenied(UserFacingError):
    def __init__(self, actor: Actor, permission: Permission, *, role: Role | None = None) -> None:
        who = _WHO_MAY.get(lowest_role(permission), "a registrar")
        super().__init__(
            f"{actor.username} ({(role or actor.role).value}) may not {permission.value.replace('_', ' ')}. "
            f"Ask {who} to do it, or to approve it with a manager override."
        )
        self.permission = permission


class ApprovalRefused(PermissionDenied):
    """An approval that does not cover this call: another action or subject, used, or expired."""

    def __init__(self, actor: Actor, permission: Permission, why: str) -> None:
        UserFacingError.__init__(self, f"The manager's approval cannot be used: {why}. Ask a manager to approve it again.")
        self.permission = permission


class SessionEnded(UserFacingError):
    """The account behind an open session was deactivated, locked out or removed."""


def system_actor(workstation_id: str) -> Actor:
    """The app itself (start-up recovery, sync): recorded as such in the audit trail."""
    return Actor(staff_id=None, username="system", role=Role.ADMIN, workstation_id=workstation_id)
