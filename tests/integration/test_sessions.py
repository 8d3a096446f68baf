"""Sessions end when the account does: every protected call reads the account as it is now.

Real staff service, real payment service and real one-time codes on SQLite and PostgreSQL.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher

from oncopos.adapters.db.models.people import Staff
from oncopos.adapters.db.session import utc_now
from oncopos.adapters.db.uow import SqlUnitOfWork
from oncopos.domain.access import Actor, PermissionDenied, Role, SessionEnded, system_actor
from oncopos.services.staff import StaffService

FAST = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


@pytest.fixture
def signed_in(desk):  # type: ignore[no-untyped-def]
    staff = StaffService(lambda: SqlUnitOfWork(desk.factory), workstation_id="DESK1", clock=utc_now, hasher=FAST)
    system = system_actor("DESK1")
    staff.create_staff(system, "rita", "maple syrup at dawn", Role.REGISTRAR, "Rita Registrar")
    staff.create_staff(system, "marc", "blue heron over lake", Role.MANAGER, "Marc Manager")
    staff.create_staff(system, "ada", "admin of the front desk", Role.ADMIN, "Ada Admin")
    return staff, staff.sign_in("rita", "maple syrup at dawn"), staff.sign_in("ada", "admin of the front desk")


def test_a_deactivated_registrar_can_no_longer_quote_or_send_a_code(desk, signed_in) -> None:  # type: ignore[no-untyped-def]
    staff, rita, ada = signed_in
    enrollment = desk.enrollment()
    payment = desk.service.start(rita, enrollment, 50_000)  # works while the account is active
    staff.deactivate(ada, "rita")
    with pytest.raises(SessionEnded, match="rita's account is no longer active"):
        desk.service.preview(rita, enrollment, 50_000)
    with pytest.raises(SessionEnded):
        desk.service.send_code(rita, payment.id)
    assert desk.mailer.sent == []
    assert "otp.sent" not in desk.audit_actions()


def test_a_locked_out_manager_session_is_refused_at_once(desk, signed_in) -> None:  # type: ignore[no-untyped-def]
    staff, _rita, _ada = signed_in
    marc = staff.sign_in("marc", "blue heron over lake")
    desk.service.recover_in_flight(marc)
    with desk.factory() as session, session.begin():  # someone guessing marc's password locked him out
        session.execute(sa.update(Staff).where(Staff.username == "marc")
                        .values(failed_logins=6, locked_until=utc_now() + timedelta(minutes=5)))
    with pytest.raises(SessionEnded, match="locked"):
        desk.service.recover_in_flight(marc)


def test_a_role_change_applies_at_the_next_call(desk, signed_in) -> None:  # type: ignore[no-untyped-def]
    _staff, rita, _ada = signed_in
    enrollment = desk.enrollment()
    with pytest.raises(PermissionDenied):
        desk.service.recover_in_flight(rita)
    with desk.factory() as session, session.begin():  # promoted (on this desk or arriving by sync)
        session.execute(sa.update(Staff).where(Staff.username == "rita").values(role="manager"))
    desk.service.recover_in_flight(rita)
    with desk.factory() as session, session.begin():  # and demoted again
        session.execute(sa.update(Staff).where(Staff.username == "rita").values(role="registrar"))
    with pytest.raises(PermissionDenied, match="rita \\(registrar\\)"):
        desk.service.recover_in_flight(rita)
    desk.service.preview(rita, enrollment, 50_000)  # what a registrar may do still works


def test_an_actor_without_a_session_is_refused_unless_it_is_the_app(desk, signed_in) -> None:  # type: ignore[no-untyped-def]
    _staff, rita, _ada = signed_in
    forged = Actor(rita.staff_id, "rita", Role.ADMIN, "DESK1")  # built by hand, no sign-in behind it
    with pytest.raises(SessionEnded, match="not signed in"):
        desk.service.recover_in_flight(forged)
    desk.service.recover_in_flight(system_actor("DESK1"))
