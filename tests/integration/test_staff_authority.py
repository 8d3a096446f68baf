"""Staff accounts have one authority, the central database: a desk's own edits never spread."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from oncopos.adapters.db.models.people import Staff
from oncopos.adapters.db.uow import SqlUnitOfWork
from oncopos.adapters.sync.central_staff import StaffChangeRefused
from oncopos.domain.access import Role
from oncopos.domain.errors import UserFacingError
from oncopos.services.staff import StaffService
from tests.conftest import FixedClock
from tests.integration.sync_helpers import Desk, make_desk

ADA_PASSWORD = "Lovelace engine notes 1843"


def staff_service(desk: Desk, clock: FixedClock) -> StaffService:
    service = StaffService(lambda: SqlUnitOfWork(desk.factory), workstation_id=desk.name, clock=clock)
    service.central = desk.sync
    return service


def central_role(pg_url: str, username: str) -> str | None:
    engine = sa.create_engine(pg_url)
    with engine.connect() as conn:
        role = conn.scalar(sa.text("SELECT role FROM staff WHERE username = :u"), {"u": username})
    engine.dispose()
    return role


@pytest.fixture
def school(tmp_path: Path, pg_url: str, clock: FixedClock) -> tuple[Desk, Desk, StaffService]:
    """DESK1 made the first administrator (ada) and, as ada, a registrar (rita); DESK2 has both."""
    a, b = make_desk(tmp_path, "DESK1", pg_url, clock), make_desk(tmp_path, "DESK2", pg_url, clock)
    staff_a = staff_service(a, clock)
    assert not staff_a.has_staff()
    ada = staff_a.create_first_admin("ada", ADA_PASSWORD, "Ada Lovelace")
    with pytest.raises(UserFacingError, match="confirm the change with your own password"):
        staff_a.create_staff(ada, "rita", "Levi hydrogen bonds 1962", Role.REGISTRAR, "Rita Levi")
    staff_a.create_staff(ada, "rita", "Levi hydrogen bonds 1962", Role.REGISTRAR, "Rita Levi",
                         admin_password=ADA_PASSWORD)
    a.sync.sync_once()
    b.sync.sync_once()
    assert b.count(Staff, Staff.username == "rita", Staff.role == "registrar") == 1
    return a, b, staff_a


def test_a_desk_promoting_someone_in_its_own_file_is_refused_everywhere(
    school: tuple[Desk, Desk, StaffService], pg_url: str
) -> None:
    a, b, _staff = school
    with b.factory() as session, session.begin():
        rita = session.scalars(sa.select(Staff).where(Staff.username == "rita")).one()
        rita.role = "admin"  # as the app would write it: a new version and an outbox entry
        rita_id = rita.id
    b.sync.sync_once()
    assert central_role(pg_url, "rita") == "registrar"
    assert b.get(Staff, rita_id).role == "registrar", "the desk takes the central copy back"
    a.sync.sync_once()
    assert a.get(Staff, rita_id).role == "registrar"


def test_a_desk_login_cannot_write_staff_at_the_central_database(school: tuple[Desk, Desk, StaffService]) -> None:
    _a, b, _staff = school
    engine = b.sync._store().engine
    for statement in ("UPDATE staff SET role = 'admin' WHERE username = 'rita'",
                      "SELECT oncopos_staff_apply('rita', 'guess', '{}'::jsonb)",
                      "SELECT verifier FROM central_admin_verifiers"):
        with pytest.raises(sa.exc.DBAPIError) as refused, engine.begin() as conn:
            conn.execute(sa.text(statement))
        assert getattr(refused.value.orig, "sqlstate", None) == "42501", statement


def test_a_staff_change_needs_the_administrators_password_checked_centrally(
    school: tuple[Desk, Desk, StaffService], pg_url: str
) -> None:
    _a, b, _staff = school
    with b.factory() as session, session.begin():
        rita = session.scalars(sa.select(Staff).where(Staff.username == "rita")).one()
        rita.role = "manager"
        rita_id = rita.id
    with pytest.raises(StaffChangeRefused, match="the password is wrong, or this account may not make the change"):
        b.sync.publish_staff(rita_id, admin_username="ada", admin_password="not ada's password")
    with pytest.raises(StaffChangeRefused):
        b.sync.publish_staff(rita_id, admin_username="rita", admin_password="Levi hydrogen bonds 1962")
    assert central_role(pg_url, "rita") == "registrar"
    b.sync.publish_staff(rita_id, admin_username="ada", admin_password=ADA_PASSWORD)
    assert central_role(pg_url, "rita") == "manager"
    engine = sa.create_engine(pg_url)
    with engine.connect() as conn:
        event = conn.execute(sa.text("SELECT acting_admin, login, details FROM central_staff_events ORDER BY id DESC")).first()
    engine.dispose()
    assert event.acting_admin == "ada" and event.login == "oncopos_desk_desk2" and event.details["role"] == "manager"


def test_a_fresh_desk_of_a_school_with_staff_offers_no_first_administrator(
    school: tuple[Desk, Desk, StaffService], tmp_path: Path, pg_url: str, clock: FixedClock
) -> None:
    fresh = make_desk(tmp_path, "DESK3", pg_url, clock)
    staff = staff_service(fresh, clock)
    assert staff.has_staff()
    with pytest.raises(UserFacingError, match="already exists"):
        staff.create_first_admin("mallory", "Quiet evening walks 2026", "Mallory")
    assert central_role(pg_url, "mallory") is None


def test_a_deactivation_on_a_desk_reaches_every_desk(school: tuple[Desk, Desk, StaffService], pg_url: str) -> None:
    a, b, staff_a = school
    ada = staff_a.sign_in("ada", ADA_PASSWORD)
    staff_a.deactivate(ada, "rita")  # takes authority away: safe to accept from a desk alone
    a.sync.sync_once()
    b.sync.sync_once()
    assert b.count(Staff, Staff.username == "rita", Staff.active.is_(False)) == 1
    engine = sa.create_engine(pg_url)
    with engine.connect() as conn:
        assert conn.scalar(sa.text("SELECT active FROM staff WHERE username = 'rita'")) is False
    engine.dispose()


def test_a_person_changes_their_own_password_everywhere(school: tuple[Desk, Desk, StaffService], tmp_path: Path,
                                                        pg_url: str, clock: FixedClock) -> None:
    _a, b, staff_a = school
    rita = staff_a.sign_in("rita", "Levi hydrogen bonds 1962")
    staff_a.change_password(rita, "Levi hydrogen bonds 1962", "Twisted ladder photo 51")
    b.sync.sync_once()
    staff_b = staff_service(b, clock)
    assert staff_b.sign_in("rita", "Twisted ladder photo 51").username == "rita"
