"""Staff accounts on SQLite and PostgreSQL: argon2id at rest, sign-in, lockout, first run, training."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher
from sqlalchemy.engine import Engine

from oncopos.adapters.db.models.audit import AuditEvent
from oncopos.adapters.db.models.people import Staff
from oncopos.adapters.db.session import make_session_factory
from oncopos.adapters.db.uow import SqlUnitOfWork
from oncopos.bootstrap import build_context, training_settings
from oncopos.config import load_settings
from oncopos.domain.access import PermissionDenied, Role, system_actor
from oncopos.domain.errors import UserFacingError
from oncopos.domain.staff import TRAINING_ACCOUNTS, TRAINING_PASSWORD, SignInFailed, SignInLocked
from oncopos.services.staff import StaffService
from tests.actors import fixture_actor
from tests.conftest import FixedClock

FAST = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


def service(engine: Engine, clock: FixedClock, **kwargs: object) -> StaffService:
    factory = make_session_factory(engine, workstation_id="DESK1", clock=clock)
    return StaffService(lambda: SqlUnitOfWork(factory), workstation_id="DESK1", clock=clock, **kwargs)  # type: ignore[arg-type]


def actions(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        return list(conn.scalars(sa.select(AuditEvent.action).order_by(AuditEvent.sequence)))


def test_first_run_creates_the_admin_with_an_argon2id_hash_only(engine: Engine, clock: FixedClock) -> None:
    staff = service(engine, clock)  # the real hasher parameters
    assert not staff.has_staff()
    admin = staff.create_first_admin("Ada", "correct horse battery staple", "Ada Lovelace")
    assert (admin.username, admin.role) == ("ada", Role.ADMIN)
    assert staff.has_staff()
    with engine.connect() as conn:
        stored = conn.execute(sa.select(Staff.username, Staff.password_hash)).one()
    assert stored.username == "ada"
    assert stored.password_hash.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert "correct horse" not in stored.password_hash
    with pytest.raises(UserFacingError, match="already exists"):
        staff.create_first_admin("eve", "another long password", "Eve")
    assert actions(engine) == ["staff.created", "staff.signed_in"]


def test_sign_in_lockout_and_recovery_are_stored_and_audited(engine: Engine, clock: FixedClock) -> None:
    staff = service(engine, clock, hasher=FAST)
    staff.create_staff(system_actor("DESK1"), "rita", "maple syrup at dawn", Role.REGISTRAR, "Rita Côté")
    for _ in range(4):
        with pytest.raises(SignInFailed):
            staff.sign_in("rita", "wrong wrong wrong")
    with pytest.raises(SignInLocked, match="Wait 30 seconds"):
        staff.sign_in("rita", "wrong wrong wrong")
    with engine.connect() as conn:
        row = conn.execute(sa.select(Staff.failed_logins, Staff.locked_until)).one()
    assert row.failed_logins == 5 and row.locked_until == clock.now + timedelta(seconds=30)
    with pytest.raises(SignInLocked):
        staff.sign_in("rita", "maple syrup at dawn")
    clock.now += timedelta(seconds=30)
    actor = staff.sign_in("RITA", "maple syrup at dawn")
    assert actor.username == "rita" and actor.staff_id is not None
    with engine.connect() as conn:
        assert conn.execute(sa.select(Staff.failed_logins, Staff.locked_until)).one() == (0, None)
    assert actions(engine) == (
        ["staff.created"] + ["staff.sign_in_failed"] * 5 + ["staff.locked_out", "staff.sign_in_refused", "staff.signed_in"]
    )


def test_deactivated_accounts_cannot_sign_in(engine: Engine, clock: FixedClock) -> None:
    staff = service(engine, clock, hasher=FAST)
    admin = staff.create_first_admin("ada", "correct horse battery staple", "Ada Lovelace")
    staff.create_staff(admin, "rita", "maple syrup at dawn", Role.REGISTRAR, "Rita Côté")
    staff.deactivate(admin, "rita")
    with pytest.raises(SignInFailed):
        staff.sign_in("rita", "wrong wrong wrong")
    with pytest.raises(UserFacingError, match="rita is deactivated"):
        staff.sign_in("rita", "maple syrup at dawn")
    with pytest.raises(UserFacingError, match="your own account"):
        staff.deactivate(admin, "ada")


def test_training_has_ready_made_accounts_and_live_databases_never_do(tmp_path, clock: FixedClock) -> None:  # type: ignore[no-untyped-def]
    live = load_settings(data_dir=tmp_path / "desk")
    context = build_context(live, clock=clock)
    try:
        assert not context.staff.has_staff()
        with pytest.raises(UserFacingError, match="only in training"):
            context.staff.ensure_training_accounts()
    finally:
        context.close()
    context = build_context(training_settings(live), clock=clock)
    try:
        names = {a.username: a.role for a in context.staff.list_staff(system_actor("DESK1"))}
        assert names == {a.username: a.role for a in TRAINING_ACCOUNTS}
        assert context.staff.sign_in("mgr", TRAINING_PASSWORD).role is Role.MANAGER
    finally:
        context.close()
    # The live database is still without staff after training ran beside it.
    context = build_context(live, clock=clock)
    try:
        assert not context.staff.has_staff()
    finally:
        context.close()


def test_an_administrator_resets_a_forgotten_password_and_lifts_the_lockout(engine: Engine, clock: FixedClock) -> None:
    staff = service(engine, clock, hasher=FAST)
    admin = staff.create_first_admin("ada", "correct horse battery staple", "Ada Lovelace")
    rita = staff.create_staff(admin, "rita", "maple syrup at dawn", Role.REGISTRAR, "Rita Côté")
    for _ in range(5):
        with pytest.raises((SignInFailed, SignInLocked)):
            staff.sign_in("rita", "what was it again")
    with pytest.raises(SignInLocked, match="ask an administrator to reset your password"):
        staff.sign_in("rita", "maple syrup at dawn")
    with pytest.raises(PermissionDenied):
        staff.reset_password(fixture_actor(rita.id, "rita", Role.REGISTRAR, "DESK1"), "rita", "new spring leaves")
    staff.reset_password(admin, "rita", "new spring leaves")
    assert staff.sign_in("rita", "new spring leaves").username == "rita"
    assert actions(engine)[-2:] == ["staff.password_reset", "staff.signed_in"]
