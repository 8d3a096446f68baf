"""A protected call made inside another for the same actor checks against the role read for the
outer call: reading the sign-in session again would open a second transaction inside the caller's,
which on SQLite waits for the caller's own write lock (a payment's code step sending the code hung
until the busy time-out on a training desk)."""

from __future__ import annotations

import uuid

import pytest

from oncopos.domain.access import AccountState, Actor, Permission, PermissionDenied, Role, SessionEnded
from oncopos.services.guard import requires
from tests.actors import FixtureSession, fixture_actor


class CountingSession(FixtureSession):
    """The fixture session, counting how often the guard asks the account's state."""

    def __init__(self, role: Role) -> None:
        super().__init__(role)
        self.reads = 0

    def current(self) -> AccountState:
        self.reads += 1
        return super().current()


def actor_with(session: CountingSession, username: str = "rita") -> Actor:
    actor = fixture_actor(uuid.uuid4(), username, session.state.role)
    return Actor(actor.staff_id, actor.username, actor.role, actor.workstation_id, session=session)


class Codes:
    @requires(Permission.TAKE_PAYMENT)
    def send(self, actor: Actor) -> str:
        return "sent"

    @requires(Permission.REFUND)
    def refund(self, actor: Actor) -> str:
        return "refunded"


class Payments:
    def __init__(self, codes: Codes, other: Actor | None = None) -> None:
        self.codes, self.other = codes, other

    @requires(Permission.TAKE_PAYMENT)
    def send_code(self, actor: Actor) -> str:
        return self.codes.send(self.other or actor)

    @requires(Permission.TAKE_PAYMENT)
    def refund_inside(self, actor: Actor) -> str:
        return self.codes.refund(actor)


def test_a_call_inside_a_protected_call_of_the_same_actor_reads_the_session_once() -> None:
    session = CountingSession(Role.REGISTRAR)
    rita = actor_with(session)
    assert Payments(Codes()).send_code(rita) == "sent"
    assert session.reads == 1
    assert Codes().send(rita) == "sent"  # a call of its own reads it again
    assert session.reads == 2


def test_the_inner_call_still_needs_its_own_permission() -> None:
    session = CountingSession(Role.REGISTRAR)
    rita = actor_with(session)
    with pytest.raises(PermissionDenied):
        Payments(Codes()).refund_inside(rita)
    assert session.reads == 1


def test_another_actor_inside_is_checked_on_its_own_session() -> None:
    outer, inner = CountingSession(Role.REGISTRAR), CountingSession(Role.REGISTRAR)
    inner.state = AccountState(Role.REGISTRAR, active=False, locked=False)
    with pytest.raises(SessionEnded):
        Payments(Codes(), other=actor_with(inner, "ada")).send_code(actor_with(outer))
    assert (outer.reads, inner.reads) == (1, 1)


def test_a_deactivation_applies_at_the_next_call() -> None:
    session = CountingSession(Role.REGISTRAR)
    rita = actor_with(session)
    Payments(Codes()).send_code(rita)
    session.state = AccountState(Role.REGISTRAR, active=False, locked=False)
    with pytest.raises(SessionEnded):
        Payments(Codes()).send_code(rita)
