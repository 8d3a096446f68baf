"""Actors for tests that build them directly instead of signing in.

A person's Actor needs a sign-in session (oncopos.services.guard asks it for the account's current
state at every protected call). `fixture_actor` gives one whose account is what the test says:
active, with the role given, and lets a test deactivate, lock or change it. `approved` adds a
manager's approval that this fixture session accepts once, as the database would.
Tests of the real behaviour sign in through StaffService instead (tests/integration/test_sessions.py).
"""

from __future__ import annotations

import dataclasses
import uuid
from datetime import UTC, datetime, timedelta

from oncopos.domain.access import APPROVAL_MINUTES, AccountState, Actor, Approval, Permission, Role


class FixtureSession:
    def __init__(self, role: Role) -> None:
        self.state = AccountState(role, active=True, locked=False)
        self.used: set[uuid.UUID] = set()

    def current(self) -> AccountState:
        return self.state

    def use_approval(self, actor: Actor) -> bool:
        approval = actor.approval
        if approval is None or approval.id in self.used or approval.expires_at <= datetime.now(UTC):
            return False
        self.used.add(approval.id)
        return True


def fixture_actor(staff_id: uuid.UUID | None, username: str, role: Role, workstation_id: str = "DESK1") -> Actor:
    return Actor(staff_id or uuid.uuid4(), username, role, workstation_id, session=FixtureSession(role))


def approved(actor: Actor, approver: Actor, reason: str, permission: Permission = Permission.REFUND,
             subject: str | None = None) -> Actor:
    approval = Approval(uuid.uuid4(), approver, permission, subject, reason,
                        datetime.now(UTC) + timedelta(minutes=APPROVAL_MINUTES))
    return dataclasses.replace(actor, approval=approval, session=actor.session or FixtureSession(actor.role))
