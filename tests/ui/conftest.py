"""pytest-qt set-up for the window tests."""

from __future__ import annotations

import os

# Before any Qt import: without a display Qt would abort the whole pytest process.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path

import pytest

from oncopos.adapters.db.engine import make_engine
from oncopos.adapters.db.migrate import upgrade
from oncopos.bootstrap import build_context, training_settings
from oncopos.config import load_settings
from oncopos.ui.app import configure_application
from oncopos.ui.i18n import ENGLISH, FRENCH, current_language, use_language
from oncopos.ui.operations import DatabaseExecutor
from tests.conftest import FixedClock
from tests.integration.registration_helpers import Desk, course, make_desk, section

from .fakes import FakeStudentDirectory, sample_enrollments, sample_students


@pytest.fixture(autouse=True)
def interface_in_english(qapp: object) -> Iterator[None]:
    """Every window test starts with the interface in English, as `run_gui` starts an English desk
    (the English catalogue holds the plural forms: "1 enrollment", "2 enrollments"); a test that
    switches to French leaves English behind it."""
    use_language(ENGLISH)
    yield
    use_language(ENGLISH)


@pytest.fixture
def french_desk(tmp_path: Path, qapp) -> Iterator[object]:  # type: ignore[no-untyped-def]
    """A French desk (ONCOPOS_LOCALE=fr-CA) in training, the interface in French, real fonts and styles."""
    configure_application(qapp)  # the real fonts and stylesheet: sizes are measured with them
    context = build_context(training_settings(load_settings(data_dir=tmp_path / "data", locale="fr-CA")))
    assert use_language(context.settings.locale) and current_language() == FRENCH
    yield context
    context.close()


@pytest.fixture
def english_desk(tmp_path: Path, qapp) -> Iterator[object]:  # type: ignore[no-untyped-def]
    """An English desk (ONCOPOS_LOCALE=en-CA) in training, real fonts and styles."""
    configure_application(qapp)
    context = build_context(training_settings(load_settings(data_dir=tmp_path / "data", locale="en-CA")))
    assert use_language(context.settings.locale) and current_language() == ENGLISH
    yield context
    context.close()


@pytest.fixture(params=[FRENCH, ENGLISH])
def desk_in_each_language(request: pytest.FixtureRequest) -> object:
    """The French desk, then the English one: every screen is looked at in both (French: no English
    left; both: nothing clipped, nothing off the screen)."""
    return request.getfixturevalue("french_desk" if request.param == FRENCH else "english_desk")


@pytest.fixture
def directory() -> FakeStudentDirectory:
    students = sample_students()
    return FakeStudentDirectory(students, sample_enrollments(students))


@pytest.fixture
def db_executor(qapp: object) -> Iterator[DatabaseExecutor]:
    executor = DatabaseExecutor()
    yield executor
    # No worker may outlive the test and call back into a widget pytest-qt has closed.
    executor.shutdown()


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
    """A real desk for the registration UI tests: migrated SQLite, the real services, a small catalogue.

    (tests/ui/test_refund_windows.py takes the payment desk of tests/integration/payment_fixtures.py.)
    """
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


@pytest.fixture
def training(tmp_path: Path) -> Iterator[object]:
    """The application in training mode: the real services over the in-process simulator."""
    context = build_context(training_settings(load_settings(data_dir=tmp_path / "data")))
    yield context
    context.close()
