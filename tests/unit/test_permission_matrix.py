"""Every public method of every service class is guarded (@requires) or marked open with a reason
(@open_to_all), and every guarded call refuses every role that lacks its permission, before doing
anything.

The classes are discovered, not listed: every class defined in an oncopos.services module, except
ports (Protocols), value objects (dataclasses), enums and errors. A new method that is neither
guarded nor marked fails `test_every_public_service_method_is_guarded_or_says_why_not`.
"""

from __future__ import annotations

import dataclasses
import enum
import importlib
import inspect
import pkgutil
import sys
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

import oncopos.services
from oncopos.domain.access import ROLE_PERMISSIONS, Actor, ApprovalRefused, Permission, PermissionDenied, Role
from oncopos.services.guard import PROTECTED, requires
from tests.actors import approved, fixture_actor

for module in pkgutil.walk_packages(oncopos.services.__path__, "oncopos.services."):
    importlib.import_module(module.name)


def service_classes() -> Iterator[type]:
    for name, module in sorted(sys.modules.items()):
        if not name.startswith("oncopos.services.") or module is None:
            continue
        for cls_name, cls in vars(module).items():
            if not isinstance(cls, type) or cls.__module__ != name or cls_name.startswith("_"):
                continue
            if (getattr(cls, "_is_protocol", False) or dataclasses.is_dataclass(cls) or issubclass(cls, enum.Enum)
                    or issubclass(cls, BaseException) or issubclass(cls, tuple)):
                continue
            yield cls


def public_methods(cls: type) -> Iterator[tuple[str, Any]]:
    for attr, value in vars(cls).items():
        if attr.startswith("_"):
            continue
        function = value.__func__ if isinstance(value, (staticmethod, classmethod)) else value
        if inspect.isfunction(function):
            yield attr, function


def test_the_discovery_finds_the_services() -> None:
    names = {cls.__name__ for cls in service_classes()}
    assert {"StaffService", "RefundService", "PaymentService", "InvoiceService", "AuditTrail", "SettingsStore",
            "StudentDirectory", "EndOfDayService", "PaymentHistoryService"} <= names


def test_every_public_service_method_is_guarded_or_says_why_not() -> None:
    neither = [
        f"{cls.__module__}.{cls.__qualname__}.{attr}"
        for cls in service_classes()
        for attr, function in public_methods(cls)
        if not hasattr(function, "required_permission") and not getattr(function, "open_reason", None)
        and not getattr(cls, "open_reason", None)
    ]
    assert neither == [], "guard these with @requires(Permission.X) or mark them @open_to_all('why'): " + ", ".join(neither)


def test_reading_students_needs_the_permission() -> None:
    from oncopos.services.students import StudentDirectory

    assert StudentDirectory.search.required_permission is Permission.SEARCH_STUDENTS  # type: ignore[attr-defined]
    assert StudentDirectory.enrollments.required_permission is Permission.SEARCH_STUDENTS  # type: ignore[attr-defined]


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


def call_with(call: Any, actor: Actor) -> None:
    args, kwargs = [], {}
    for name, param in inspect.signature(call.function).parameters.items():
        value = actor if name == "actor" else Untouchable()
        if param.kind is param.KEYWORD_ONLY:
            if param.default is param.empty:
                kwargs[name] = value
        elif param.kind in (param.POSITIONAL_ONLY, param.POSITIONAL_OR_KEYWORD):
            args.append(value)
    call.function(*args, **kwargs)


@pytest.mark.parametrize(("call", "role"), CASES)
def test_protected_call_refuses_role(call, role: Role) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        call_with(call, fixture_actor(uuid.uuid4(), f"a-{role.value}", role))


@pytest.mark.parametrize(("call", "role"), CASES)
def test_an_approval_for_another_permission_opens_nothing(call, role: Role) -> None:  # type: ignore[no-untyped-def]
    other = next(p for p in Permission if p is not call.permission and p not in ROLE_PERMISSIONS[role])
    boss = fixture_actor(uuid.uuid4(), "boss", Role.ADMIN)
    with pytest.raises(PermissionDenied):
        call_with(call, approved(fixture_actor(uuid.uuid4(), f"a-{role.value}", role), boss, "one thing", other))


def test_a_manager_approval_grants_one_call_on_its_subject() -> None:
    calls = []
    permission = next(iter(ROLE_PERMISSIONS[Role.MANAGER] - ROLE_PERMISSIONS[Role.REGISTRAR]))

    @requires(permission, subject="thing_id")
    def manager_only(actor: Actor, thing_id: int) -> str:
        calls.append((actor.username, thing_id))
        return "done"

    try:
        registrar = fixture_actor(uuid.uuid4(), "rita", Role.REGISTRAR)
        with pytest.raises(PermissionDenied, match=r"rita \(registrar\) may not .* Ask a manager"):
            manager_only(registrar, 1)
        manager = fixture_actor(uuid.uuid4(), "marc", Role.MANAGER)
        once = approved(registrar, manager, "typo", permission, "thing_id=1")
        with pytest.raises(ApprovalRefused, match="given for"):
            manager_only(once, 2)
        assert manager_only(once, 1) == "done"
        with pytest.raises(ApprovalRefused, match="used already"):
            manager_only(once, 1)
        assert calls == [("rita", 1)]
    finally:
        PROTECTED.pop()


def test_every_role_keeps_the_rights_below_it() -> None:
    assert ROLE_PERMISSIONS[Role.REGISTRAR] < ROLE_PERMISSIONS[Role.MANAGER] < ROLE_PERMISSIONS[Role.ADMIN]
