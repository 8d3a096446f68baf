"""The composition root: Settings in, a ready application context out. No Qt, no work at import.

The window (oncopos.ui) and the command line receive an `AppContext` and never build services
themselves, so tests can build the same context over a temporary database.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from oncopos.adapters.db.engine import make_engine, redact
from oncopos.adapters.db.migrate import upgrade
from oncopos.adapters.db.seed import is_seeded, seed_demo
from oncopos.adapters.db.session import Clock, make_session_factory, utc_now
from oncopos.adapters.db.uow import SqlUnitOfWork
from oncopos.config import Settings
from oncopos.services.students import StudentDirectory

log = logging.getLogger(__name__)


def training_settings(settings: Settings) -> Settings:
    """Training never touches real data, real money or real mailboxes."""
    return settings.model_copy(
        update={
            "training": True,
            "data_dir": settings.data_dir / "training",
            "db_url": None,  # the training database lives in the training folder
            "central_url": None,
            "mail_backend": "file",
            "stripe_mode": "simulator",
        }
    )


@dataclass
class AppContext:
    settings: Settings
    engine: Engine
    session_factory: sessionmaker[Session]
    student_directory: StudentDirectory
    clock: Clock = utc_now
    # Things started on behalf of the app (the training simulator, ...), stopped by close().
    _closers: list[Any] = field(default_factory=list)

    def uow(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.session_factory)

    def close(self) -> None:
        while self._closers:
            self._closers.pop()()
        self.engine.dispose()


def build_context(settings: Settings, *, clock: Clock = utc_now, migrate: bool = True) -> AppContext:
    engine = make_engine(settings.database_url)
    if migrate:
        revision = upgrade(engine)
        log.info("database %s at revision %s", redact(settings.database_url), revision)
    factory = make_session_factory(engine, workstation_id=settings.workstation_id, clock=clock)
    context = AppContext(
        settings=settings,
        engine=engine,
        session_factory=factory,
        student_directory=StudentDirectory(lambda: SqlUnitOfWork(factory)),
        clock=clock,
    )
    if settings.training and not is_seeded(factory):
        report = seed_demo(factory, desk_province=settings.business_province)
        log.info("training data seeded: %s", report)
    return context
