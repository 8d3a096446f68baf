"""A staff member's interface language kept on their account, on SQLite and PostgreSQL: read back at
the next sign-in on any desk, None meaning the desk's language, nothing else accepted."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher
from sqlalchemy.engine import Engine

from oncopos.adapters.db.models.people import Staff
from oncopos.adapters.db.session import make_session_factory
from oncopos.adapters.db.uow import SqlUnitOfWork
from oncopos.domain.errors import InvalidInput
from oncopos.services.staff import StaffService
from tests.conftest import FixedClock

FAST = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


def service(engine: Engine, clock: FixedClock, desk: str = "DESK1") -> StaffService:
    factory = make_session_factory(engine, workstation_id=desk, clock=clock)
    return StaffService(lambda: SqlUnitOfWork(factory), workstation_id=desk, clock=clock, hasher=FAST)  # type: ignore[arg-type]


def test_the_chosen_language_follows_the_person_to_their_next_sign_in(engine: Engine, clock: FixedClock) -> None:
    staff = service(engine, clock)
    admin = staff.create_first_admin("ada", "correct horse battery staple", "Ada Lovelace")
    assert staff.language_preference(admin) is None  # the desk's language until they choose
    staff.set_language_preference(admin, "fr-CA")
    with engine.connect() as conn:
        assert conn.scalar(sa.select(Staff.language).where(Staff.username == "ada")) == "fr-CA"
    again = service(engine, clock, desk="DESK2").sign_in("ada", "correct horse battery staple")
    assert service(engine, clock, desk="DESK2").language_preference(again) == "fr-CA"
    staff.set_language_preference(admin, None)
    assert staff.language_preference(admin) is None


def test_only_the_interface_languages_are_kept(engine: Engine, clock: FixedClock) -> None:
    staff = service(engine, clock)
    admin = staff.create_first_admin("ada", "correct horse battery staple", "Ada Lovelace")
    with pytest.raises(InvalidInput, match="Unknown language 'de-DE'"):
        staff.set_language_preference(admin, "de-DE")
    assert staff.language_preference(admin) is None
