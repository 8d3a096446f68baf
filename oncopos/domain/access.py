"""Who may do what. Services check these; the window only hides what a role cannot use.

A service receives an `Actor` (the staff member at the desk, or a manager approving one action
through an override) and calls `require(actor, Permission.X)` before doing anything.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from enum import Enum

from oncopos.domain.errors import UserFacingError


class Role(str, Enum):
    REGISTRAR = "registrar"
    MANAGER = "manager"
    ADMIN = "admin"


class Permission(str, Enum):
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
    END_OF_DAY = "end_of_day"
    CLOSE_DAY = "close_day"
    REOPEN_DAY = "reopen_day"
    RECONCILE = "reconcile"
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
    Permission.END_OF_DAY,
    Permission.CLOSE_DAY,
    Permission.RECONCILE,
    Permission.VIEW_AUDIT,
}
_ADMIN = _MANAGER | {Permission.MANAGE_STAFF, Permission.MANAGE_SETTINGS, Permission.MANAGE_KEYS, Permission.REOPEN_DAY}

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.REGISTRAR: _REGISTRAR,
    Role.MANAGER: frozenset(_MANAGER),
    Role.ADMIN: frozenset(_ADMIN),
}

_WHO_MAY = {Role.MANAGER: "a manager", Role.ADMIN: "an administrator"}


@dataclass(frozen=True, slots=True)
class Actor:
    """The person doing an action, at a workstation. `approved_by` is a manager's override."""

    staff_id: uuid.UUID | None
    username: str
    role: Role
    workstation_id: str
    approved_by: Actor | None = None
    override_reason: str | None = None

    def can(self, permission: Permission) -> bool:
        if permission in ROLE_PERMISSIONS[self.role]:
            return True
        return self.approved_by is not None and permission in ROLE_PERMISSIONS[self.approved_by.role]


class PermissionDenied(UserFacingError):
    def __init__(self, actor: Actor, permission: Permission) -> None:
        lowest = next(role for role in (Role.REGISTRAR, Role.MANAGER, Role.ADMIN) if permission in ROLE_PERMISSIONS[role])
        who = _WHO_MAY.get(lowest, "a registrar")
        super().__init__(
            f"{actor.username} ({actor.role.value}) may not {permission.value.replace('_', ' ')}. "
            f"Ask {who} to do it, or to approve it with a manager override."
        )
        self.permission = permission


def require(actor: Actor, permission: Permission) -> None:
    if not actor.can(permission):
        raise PermissionDenied(actor, permission)


def system_actor(workstation_id: str) -> Actor:
    """The app itself (start-up reconciliation, sync): recorded as such in the audit trail."""
    return Actor(staff_id=None, username="system", role=Role.ADMIN, workstation_id=workstation_id)
