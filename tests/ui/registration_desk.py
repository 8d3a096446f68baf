"""A real desk for the registration UI tests: migrated SQLite, the real services, a small catalogue."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from oncopos.adapters.db.engine import make_engine
from oncopos.adapters.db.migrate import upgrade
from tests.conftest import FixedClock
from tests.integration.registration_helpers import Desk, course, make_desk, section


@pytest.fixture
def settled(qtbot, db_executor) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """Let every background call started by the test deliver before the executor shuts down.

    An operation dropped by `Executor.shutdown` while still running leaves its relay (a QObject)
    in a reference cycle that the garbage collector may later free on a worker thread of another
    test, which crashes Qt; waiting here keeps these tests from leaving such cycles behind.
    """
    yield
    qtbot.waitUntil(lambda: db_executor.pending == 0, timeout=10_000)


@pytest.fixture
def desk(tmp_path: Path, clock: FixedClock) -> Iterator[Desk]:
    engine = make_engine(f"sqlite:///{tmp_path / 'desk.sqlite3'}")
    upgrade(engine)
    desk = make_desk(engine, clock)
    workshop = course(desk, code="WS-SCALP", price="395.00")
    section(desk, workshop, "WS-SCALP-2612", start="2026-12-05", capacity="1")
    section(desk, workshop, "WS-SCALP-2701", start="2027-01-09", capacity="12")
    program = course(desk, code="OAP-100", price="6500", treatment="exempt", kind="program", deposit="1000")
    section(desk, program, "OAP-100-2701", start="2027-01-12", capacity="18")
    yield desk
    engine.dispose()
