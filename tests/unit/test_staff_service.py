"""The staff service over an in-memory unit of work and a fixed clock: sign-in, lockout, override."""

from __future__ import annotations

import dataclasses
import uuid
from datetime import datetime, timedelta
from typing import Any

import pytest
from argon2 import PasswordHasher

from oncopos.domain.access import Actor, Permission, PermissionDenied, Role
from oncopos.domain.errors import UserFacingError
from oncopos.domain.staff import SignInFailed, SignInLocked, StaffAccount
from oncopos.services.staff import StaffService
from tests.conftest import FixedClock

FAST = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)  # the same argon2id, cheaper for tests


@dataclasses.dataclass
class Creds:
    account: StaffAccount
    password_hash: str


class FakeStaff:
    def __init__(self) -> None:
        self.rows: dict[str, Creds] = {}

    def count(self) -> int:
        return len(self.rows)

    def exists(self, username: str) -> bool:
        return username in self.rows

    def add(self, *, username: str, display_name: str, role: Role, password_hash: str) -> StaffAccount:
        account = StaffAccount(uuid.uuid4(), username, display_name, role, True, 0, None)
        self.rows[username] = Creds(account, password_hash)
        return account

    def credentials(self, username: str, *, for_update: bool = False) -> Creds | None:
        return self.rows.get(username)

    def get(self, staff_id: uuid.UUID) -> StaffAccount | None:
        return next((c.account for c in self.rows.values() if c.account.id == staff_id), None)

    def _by_id(self, staff_id: uuid.UUID) -> Creds:
        return next(c for c in self.rows.values() if c.account.id == staff_id)

    def record_failure(self, staff_id: uuid.UUID, failures: int, locked_until: datetime | None) -> None:
        c = self._by_id(staff_id)
        c.account = dataclasses.replace(c.account, failed_logins=failures, locked_until=locked_until)

    def record_success(self, staff_id: uuid.UUID) -> None:
        self.record_failure(staff_id, 0, None)

    def set_password_hash(self, staff_id: uuid.UUID, password_hash: str) -> None:
        self._by_id(staff_id).password_hash = password_hash


class FakeAudit:
    def __init__(self) -> None:
        self.events: list[tuple[str, str, dict[str, Any]]] = []
        self.pending: list[tuple[str, str, dict[str, Any]]] = []

    def record(self, actor: Actor, action: str, *, at: datetime, details: dict[str, Any] | None = None, **_: Any) -> None:
        details = dict(details or {})
        if actor.approved_by is not None:
            details["approved_by"] = actor.approved_by.username
        self.pending.append((actor.username, action, details))


class FakeApprovals:
    """Approvals as written; their one-time use is tested on real databases (test_one_action_approval)."""

    def __init__(self) -> None:
        self.rows: list[dict[str, Any]] = []

    def add(self, **row: Any) -> None:
        self.rows.append(row)


class FakeUow:
    def __init__(self, staff: FakeStaff, audit: FakeAudit) -> None:
        self.staff, self.audit = staff, audit
        self.approvals = FakeApprovals()

    def __enter__(self) -> FakeUow:
        self.audit.pending = []
        return self

    def __exit__(self, *exc: object) -> None:
        self.audit.pending = []  # what was not committed is gone

    def commit(self) -> None:
        self.audit.events.extend(self.audit.pending)
        self.audit.pending = []


@pytest.fixture
def desk(clock: FixedClock) -> tuple[StaffService, FakeStaff, FakeAudit]:
    staff, audit = FakeStaff(), FakeAudit()
    service = StaffService(lambda: FakeUow(staff, audit), workstation_id="DESK1", clock=clock, hasher=FAST)
    admin = Actor(None, "system", Role.ADMIN, "DESK1")
    service.create_staff(admin, "rita", "maple syrup at dawn", Role.REGISTRAR, "Rita Côté")
    service.create_staff(admin, "marc", "blue heron over lake", Role.MANAGER, "Marc Lévesque")
    return service, staff, audit


def test_a_wrong_password_and_an_unknown_name_get_the_same_answer(desk) -> None:  # type: ignore[no-untyped-def]
    service, _staff, audit = desk
    with pytest.raises(SignInFailed) as wrong:
        service.sign_in("rita", "not her password")
    with pytest.raises(SignInFailed) as unknown:
        service.sign_in("nobody", "not her password")
    assert str(wrong.value) == str(unknown.value) == "The user name or password is not right. Check both and try again."
    assert [a for _u, a, _d in audit.events[-2:]] == ["staff.sign_in_failed", "staff.sign_in_failed"]


def test_lockout_grows_with_each_failure_and_ends_with_time(desk, clock: FixedClock) -> None:  # type: ignore[no-untyped-def]
    service, staff, audit = desk
    for _ in range(4):
        with pytest.raises(SignInFailed):
            service.sign_in("rita", "guess guess guess")
    with pytest.raises(SignInLocked) as fifth:
        service.sign_in("rita", "guess guess guess")
    assert fifth.value.wait == timedelta(seconds=30)
    # While locked even the right password is refused, and nothing is counted.
    with pytest.raises(SignInLocked):
        service.sign_in("rita", "maple syrup at dawn")
    assert staff.rows["rita"].account.failed_logins == 5
    clock.now += timedelta(seconds=31)
    with pytest.raises(SignInLocked) as sixth:
        service.sign_in("rita", "guess guess guess")
    assert sixth.value.wait == timedelta(minutes=1)
    clock.now += timedelta(minutes=1, seconds=1)
    actor = service.sign_in("Rita", "maple syrup at dawn")
    assert (actor.username, actor.role) == ("rita", Role.REGISTRAR)
    assert staff.rows["rita"].account.failed_logins == 0
    actions = [a for _u, a, _d in audit.events]
    assert actions.count("staff.locked_out") == 2 and actions[-1] == "staff.signed_in"


def test_an_unknown_name_is_locked_out_like_a_real_one(desk, clock: FixedClock) -> None:  # type: ignore[no-untyped-def]
    service, _staff, _audit = desk
    for _ in range(4):
        with pytest.raises(SignInFailed):
            service.sign_in("ghost", "guess guess guess")
    with pytest.raises(SignInLocked) as locked:
        service.sign_in("ghost", "guess guess guess")
    assert locked.value.wait == timedelta(seconds=30)


def test_a_manager_override_approves_with_a_reason_and_is_audited(desk) -> None:  # type: ignore[no-untyped-def]
    service, _staff, audit = desk
    rita = service.sign_in("rita", "maple syrup at dawn")
    approved = service.approve_override(rita, Permission.REFUND, "marc", "blue heron over lake", "student withdrew in week 1")
    assert approved.username == "rita" and approved.approved_by is not None
    assert approved.approved_by.username == "marc" and approved.override_reason == "student withdrew in week 1"
    assert approved.can(Permission.REFUND) and not rita.can(Permission.REFUND)
    who, action, details = audit.events[-1]
    assert (who, action) == ("marc", "override.approved")
    assert approved.approval is not None and approved.approval.permission is Permission.REFUND
    assert {k: details[k] for k in ("permission", "subject", "for", "reason")} == {
        "permission": "refund", "subject": None, "for": "rita", "reason": "student withdrew in week 1"}
    assert details["approval"] == str(approved.approval.id) and details["expires_at"]


def test_an_override_needs_a_role_that_may_do_it(desk) -> None:  # type: ignore[no-untyped-def]
    service, _staff, audit = desk
    service.create_staff(Actor(None, "system", Role.ADMIN, "DESK1"), "remi", "quiet snow falling", Role.REGISTRAR, "Rémi")
    rita = service.sign_in("rita", "maple syrup at dawn")
    with pytest.raises(UserFacingError, match="remi \\(registrar\\) cannot approve"):
        service.approve_override(rita, Permission.REFUND, "remi", "quiet snow falling", "please approve it")
    assert audit.events[-1][1] == "override.refused"
    with pytest.raises(SignInFailed):
        service.approve_override(rita, Permission.REFUND, "marc", "wrong password here", "please approve it")


def test_staff_management_needs_the_right(desk) -> None:  # type: ignore[no-untyped-def]
    service, _staff, _audit = desk
    marc = service.sign_in("marc", "blue heron over lake")
    with pytest.raises(PermissionDenied, match="Ask an administrator"):
        service.create_staff(marc, "newbie", "a long password!", Role.REGISTRAR, "New Person")


def test_changing_a_password_needs_the_current_one(desk) -> None:  # type: ignore[no-untyped-def]
    service, _staff, audit = desk
    rita = service.sign_in("rita", "maple syrup at dawn")
    with pytest.raises(SignInFailed):
        service.change_password(rita, "not the current one", "a brand new passphrase")
    service.change_password(rita, "maple syrup at dawn", "a brand new passphrase")
    assert audit.events[-1][1] == "staff.password_changed"
    service.sign_in("rita", "a brand new passphrase")
    with pytest.raises(SignInFailed):
        service.sign_in("rita", "maple syrup at dawn")
