"""Every protected service call refuses every role that lacks its permission, before doing anything.

The calls come from oncopos.services.guard.PROTECTED, filled by @requires as each services module
is imported; importing every module here makes the matrix complete.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import uuid

import pytest

import oncopos.services
from oncopos.domain.access import ROLE_PERMISSIONS, Actor, PermissionDenied, Role
from oncopos.services.guard import PROTECTED, requires

for module in pkgutil.walk_packages(oncopos.services.__path__, "oncopos.services."):
    importlib.import_module(module.name)


class Untouchable:
    """Stands for `self` and every other argument: any use of it fails the test."""

    def __getattr__(self, name: str) -> object:
        raise AssertionError(f"the call used .{name} before checking the permission")


CASES = [
    pytest.param(call, role, id=f"{call.qualname}-{role.value}")
    for call in PROTECTED
    for role in Role
    if call.permission not in ROLE_PERMISSIONS[role]
]


@pytest.mark.parametrize(("call", "role"), CASES)
def test_protected_call_refuses_role(call, role: Role) -> None:  # type: ignore[no-untyped-def]
    actor = Actor(uuid.uuid4(), f"a-{role.value}", role, "DESK1")
    params = list(inspect.signature(call.function).parameters)
    args = [actor if name == "actor" else Untouchable() for name in params]
    with pytest.raises(PermissionDenied):
        call.function(*args)


def test_a_manager_override_grants_one_call() -> None:
    calls = []

    @requires(next(iter(ROLE_PERMISSIONS[Role.MANAGER] - ROLE_PERMISSIONS[Role.REGISTRAR])))
    def manager_only(actor: Actor) -> str:
        calls.append(actor.username)
        return "done"

    try:
        registrar = Actor(uuid.uuid4(), "rita", Role.REGISTRAR, "DESK1")
        with pytest.raises(PermissionDenied, match="rita \\(registrar\\) may not .* Ask a manager"):
            manager_only(registrar)
        manager = Actor(uuid.uuid4(), "marc", Role.MANAGER, "DESK1")
        approved = Actor(registrar.staff_id, "rita", Role.REGISTRAR, "DESK1", approved_by=manager, override_reason="typo")
        assert manager_only(approved) == "done"
        assert calls == ["rita"]
    finally:
        PROTECTED.pop()


def test_every_role_keeps_the_rights_below_it() -> None:
    assert ROLE_PERMISSIONS[Role.REGISTRAR] < ROLE_PERMISSIONS[Role.MANAGER] < ROLE_PERMISSIONS[Role.ADMIN]
