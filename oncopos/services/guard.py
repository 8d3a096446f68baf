"""Permission checks on service calls, declared where the call is defined.

    class RefundService:
        @requires(Permission.REFUND, subject="payment_id")
        def refund(self, actor: Actor, payment_id: UUID, ...) -> ...:

        @open_to_all("the refund rules are shown to anyone who may open the dialog")
        def rules(self) -> RefundRules:

The check runs before the body, so a refused call has done nothing. It asks the actor's sign-in
session for the account's current state (active, role, lock-out): a deactivated account's open
session is refused at once, and a role change applies at the next call. A protected call made by
another one for the same actor (a payment's code step sending the code) checks its permission
against the role read for the outer call: it is part of the operation that check let through,
and reading the session again would open a second transaction inside the caller's (SQLite has one
writer, so the inner read would wait on the outer one's lock until the busy time-out). A manager's approval
(Actor.approval) lets a call through only for its one permission and subject, once, before it
expires: the session consumes it atomically in the database, so two uses race safely.

Every public method of every service class is either @requires or @open_to_all with a reason;
tests/unit/test_permission_matrix.py discovers them all and fails on one that is neither.
"""

from __future__ import annotations

import functools
import inspect
import logging
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, TypeVar

from oncopos.domain.access import (
    ROLE_PERMISSIONS,
    Actor,
    ApprovalRefused,
    Permission,
    PermissionDenied,
    Role,
    SessionEnded,
)
from oncopos.domain.access import subject as subject_text
from oncopos.domain.messages import msg
from oncopos.logs import SECURITY_LOG

F = TypeVar("F", bound=Callable[..., Any])
security = logging.getLogger(SECURITY_LOG)


@dataclass(frozen=True)
class ProtectedCall:
    qualname: str
    module: str
    permission: Permission
    function: Callable[..., Any]
    subject: str | None = None


PROTECTED: list[ProtectedCall] = []

#: The actor of the protected call running in this thread and the role its check read.
_checked: ContextVar[tuple[Actor, Role] | None] = ContextVar("checked", default=None)


def current_role(actor: Actor) -> Role:
    """The actor's role as the database has it now; SessionEnded if the account can no longer act."""
    if actor.session is None:
        if actor.staff_id is None:
            return actor.role  # the app itself (start-up recovery, sync): no account to end
        raise SessionEnded(msg("session.not_signed_in", user=actor.username))
    state = actor.session.current()
    if not state.active:
        security.warning("refused a call of %s: the account is deactivated", actor.username)
        raise SessionEnded(msg("session.deactivated", user=actor.username))
    if state.locked:
        security.warning("refused a call of %s: the account is locked out", actor.username)
        raise SessionEnded(msg("session.locked", user=actor.username))
    return state.role


def authorize(actor: Actor, permission: Permission, *, on: str | None = None) -> Role:
    """Let `actor` do `permission` (on the subject `on`), or raise; consumes a matching approval.
    Inside a protected call of the same actor, the role its check read stands (see above).
    Returns the role."""
    outer = _checked.get()
    role = outer[1] if outer is not None and outer[0] is actor else current_role(actor)
    if permission in ROLE_PERMISSIONS[role]:
        return role
    approval = actor.approval
    if approval is None:
        raise PermissionDenied(actor, permission, role=role)
    if approval.permission is not permission or approval.subject != on:
        security.warning("approval %s (%s) of %s refused for %s on %s", approval.id, approval.describe(),
                         actor.username, permission.value, on)
        raise ApprovalRefused(actor, permission, f"it was given for {approval.describe()}, not for this action")
    if actor.session is None or not actor.session.use_approval(actor):
        security.warning("approval %s of %s refused: used, expired or withdrawn", approval.id, actor.username)
        raise ApprovalRefused(actor, permission, "it was used already or has expired (an approval is for one action, "
                                                 "within a few minutes)")
    return role


def requires(permission: Permission, *, subject: str | None = None) -> Callable[[F], F]:
    """Protect a service method. `subject` names its parameter that identifies what is acted on
    (e.g. "payment_id"): a manager's approval must name that same subject."""

    def decorate(function: F) -> F:
        signature = inspect.signature(function)
        if "actor" not in signature.parameters:
            raise TypeError(f"{function.__qualname__} is protected but takes no 'actor' parameter")
        if subject is not None and subject not in signature.parameters:
            raise TypeError(f"{function.__qualname__} names subject {subject!r} but takes no such parameter")

        @functools.wraps(function)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            bound = signature.bind_partial(*args, **kwargs).arguments
            actor = bound.get("actor")
            if not isinstance(actor, Actor):
                raise TypeError(f"{function.__qualname__} needs an Actor, got {type(actor).__name__}")
            on = subject_text(subject, bound.get(subject)) if subject is not None else None
            token = _checked.set((actor, authorize(actor, permission, on=on)))
            try:
                return function(*args, **kwargs)
            finally:
                _checked.reset(token)

        wrapper.required_permission = permission  # type: ignore[attr-defined]
        PROTECTED.append(ProtectedCall(function.__qualname__, function.__module__, permission, wrapper, subject))
        return wrapper  # type: ignore[return-value]

    return decorate


def open_to_all(reason: str) -> Callable[[F], F]:
    """Mark a public service method (or every public method of a class) as needing no permission,
    and say why: the permission-matrix test accepts a method only if it is guarded or marked."""
    if len(reason.split()) < 3:
        raise ValueError("say in a few words why the call needs no permission")

    def decorate(target: F) -> F:
        target.open_reason = reason  # type: ignore[attr-defined]
        return target

    return decorate
