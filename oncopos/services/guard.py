"""Permission checks on service calls, declared where the call is defined.

    class RefundService:
        @requires(Permission.REFUND)
        def refund(self, actor: Actor, payment_id: UUID, ...) -> ...:

The check runs before the body, so a refused call has done nothing. Every decorated call is
listed in PROTECTED, which the permission-matrix test walks: each protected call must refuse
every role that lacks its permission.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from oncopos.domain.access import Actor, Permission, require

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class ProtectedCall:
    qualname: str
    module: str
    permission: Permission
    function: Callable[..., Any]


PROTECTED: list[ProtectedCall] = []


def requires(permission: Permission) -> Callable[[F], F]:
    def decorate(function: F) -> F:
        parameters = list(inspect.signature(function).parameters)
        position = parameters.index("actor") if "actor" in parameters else -1
        if position < 0:
            raise TypeError(f"{function.__qualname__} is protected but takes no 'actor' parameter")

        @functools.wraps(function)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            actor = kwargs["actor"] if "actor" in kwargs else args[position]
            if not isinstance(actor, Actor):
                raise TypeError(f"{function.__qualname__} needs an Actor, got {type(actor).__name__}")
            require(actor, permission)
            return function(*args, **kwargs)

        wrapper.required_permission = permission  # type: ignore[attr-defined]
        PROTECTED.append(ProtectedCall(function.__qualname__, function.__module__, permission, wrapper))
        return wrapper  # type: ignore[return-value]

    return decorate
