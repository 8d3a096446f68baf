"""A real staff service and audit trail over a temporary SQLite file, for the window tests."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from argon2 import PasswordHasher
from sqlalchemy.engine import Engine

from oncopos.adapters.db.engine import make_engine
from oncopos.adapters.db.migrate import upgrade
from oncopos.adapters.db.session import make_session_factory
from oncopos.adapters.db.uow import SqlUnitOfWork
from oncopos.domain.access import Actor, Role
from oncopos.services.audit import AuditTrail
from oncopos.services.staff import StaffService
from tests.conftest import FixedClock

FAST = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
ADA_PW, RITA_PW, MARC_PW = "correct horse battery", "maple syrup at dawn", "blue heron over lake"


@dataclass
class Desk:
    engine: Engine
    staff: StaffService
    audit: AuditTrail
    ada: Actor
    rita: Actor
    marc: Actor

    def uow(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(make_session_factory(self.engine, workstation_id="DESK2"))


def make_desk(folder: Path, clock: FixedClock, *, with_staff: bool = True) -> Desk:
    engine = make_engine(f"sqlite:///{folder / 'desk.sqlite3'}")
    upgrade(engine)
    factory = make_session_factory(engine, workstation_id="DESK2", clock=clock)
    staff = StaffService(lambda: SqlUnitOfWork(factory), workstation_id="DESK2", clock=clock, hasher=FAST)
    audit = AuditTrail(lambda: SqlUnitOfWork(factory), clock=clock, tz=ZoneInfo("America/Toronto"))
    nobody = Actor(None, "-", Role.REGISTRAR, "DESK2")
    if not with_staff:
        return Desk(engine, staff, audit, nobody, nobody, nobody)
    ada = staff.create_first_admin("ada", ADA_PW, "Ada Tremblay")
    staff.create_staff(ada, "rita", RITA_PW, Role.REGISTRAR, "Rita Côté")
    staff.create_staff(ada, "marc", MARC_PW, Role.MANAGER, "Marc Lévesque")
    return Desk(engine, staff, audit, ada, staff.sign_in("rita", RITA_PW), staff.sign_in("marc", MARC_PW))
