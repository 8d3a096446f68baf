"""The idle lock, the window's session actions and the managers' audit view, on real widgets."""

from __future__ import annotations

import csv
import uuid
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QLineEdit

from oncopos.domain.access import Actor
from oncopos.domain.audit import AuditQuery
from oncopos.domain.staff import IdleLockPolicy
from oncopos.ui.main_window import MainWindow
from oncopos.ui.session.lock import IdleLock
from tests.conftest import FixedClock

from .fakes import FakeStudentDirectory
from .staff_desk import MARC_PW, RITA_PW, Desk, make_desk


@pytest.fixture
def desk(tmp_path: Path, clock: FixedClock) -> Iterator[Desk]:
    desk = make_desk(tmp_path, clock)
    yield desk
    desk.engine.dispose()


def settings() -> SimpleNamespace:
    return SimpleNamespace(training=False, workstation_id="DESK2", business_name="OncoOne Education", locale="en-CA",
                           tz=ZoneInfo("America/Toronto"))


@pytest.fixture
def make_window(qtbot, directory: FakeStudentDirectory, db_executor, desk: Desk):  # type: ignore[no-untyped-def]
    def make(actor: Actor) -> MainWindow:
        window = MainWindow(directory, settings(), actor=actor, db_executor=db_executor, staff=desk.staff,
                            audit=desk.audit)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        return window

    return make


class FakeMonotonic:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_idle_lock_fires_after_the_idle_minutes_and_input_postpones_it(qtbot) -> None:  # type: ignore[no-untyped-def]
    clock = FakeMonotonic()
    edit = QLineEdit()
    qtbot.addWidget(edit)
    edit.show()
    idle = IdleLock(IdleLockPolicy(minutes=5), now=clock)
    fired: list[bool] = []
    idle.idle_timed_out.connect(lambda: fired.append(True))
    try:
        clock.now += 240
        qtbot.keyClick(edit, Qt.Key.Key_A)  # someone typed: the five minutes start again
        clock.now += 240
        idle.check()
        assert fired == []
        clock.now += 61
        idle.check()
        assert fired == [True] and idle.paused
        idle.check()
        assert fired == [True], "no second lock while the first is on screen"
    finally:
        idle.stop()


def test_idle_lock_hides_the_student_until_the_same_person_unlocks(qtbot, make_window, desk: Desk) -> None:  # type: ignore[no-untyped-def]
    window = make_window(desk.rita)
    assert window.session.signed_in_label.text() == "Signed in as rita (Registrar)"
    window.session.on_idle_timed_out()
    overlay = window.session.lock_overlay
    assert overlay is not None and overlay.isVisible()
    assert overlay.geometry() == window.rect()
    assert not window.centralWidget().isEnabled() and not window.menuBar().isEnabled()
    qtbot.keyClicks(overlay.password_edit, "wrong password!")
    qtbot.keyClick(overlay.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(overlay.error_label.isVisible, timeout=3000)
    assert overlay.isVisible() and "not right" in overlay.error_label.text()
    with qtbot.waitSignal(overlay.unlocked, timeout=3000):
        qtbot.keyClicks(overlay.password_edit, RITA_PW)
        qtbot.keyClick(overlay.password_edit, Qt.Key.Key_Return)
    assert not overlay.isVisible() and window.centralWidget().isEnabled()
    assert window.actor == desk.rita and not window.session.idle_lock.paused
    qtbot.waitUntil(lambda: db_actions(desk)[-3:] == ["staff.locked", "staff.sign_in_failed", "staff.unlocked"],
                    timeout=3000)


def test_switch_user_from_the_lock_screen_signs_in_someone_else(qtbot, make_window, desk: Desk) -> None:  # type: ignore[no-untyped-def]
    window = make_window(desk.rita)
    assert not window.session.manager_menu.menuAction().isVisible()
    window.session.lock_action.trigger()
    window.session.lock_overlay.switch_button.click()
    dialog = window.session.login_dialog
    assert dialog is not None and dialog.intro_label.text().startswith("rita is signed in.")
    with qtbot.waitSignal(window.actor_changed, timeout=3000) as changed:
        qtbot.keyClicks(dialog.username_edit, "marc")
        qtbot.keyClicks(dialog.password_edit, MARC_PW)
        qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    assert changed.args[0].username == "marc" and window.actor.username == "marc"
    assert not window.session.lock_overlay.isVisible()
    assert window.session.signed_in_label.text() == "Signed in as marc (Manager)"
    assert window.session.manager_menu.menuAction().isVisible()
    with desk.uow() as uow:
        [event] = [e for e in uow.audit_log.search(_all()) if e.action == "staff.signed_in" and e.staff == "marc"][:1]
    assert event.details == {"switched_from": "rita"}


def test_opening_a_student_records_who_viewed_whom(qtbot, make_window, desk: Desk) -> None:  # type: ignore[no-untyped-def]
    window = make_window(desk.rita)
    from .test_main_window import open_student

    open_student(qtbot, window, "bérubé")
    qtbot.waitUntil(lambda: "student.viewed" in db_actions(desk), timeout=3000)
    with desk.uow() as uow:
        [viewed] = [e for e in uow.audit_log.search(_all()) if e.action == "student.viewed"]
    assert (viewed.staff, viewed.subject_type, viewed.subject_id) == ("rita", "student", str(uuid.UUID(int=1)))


def test_audit_view_filters_exports_and_verifies(qtbot, make_window, desk: Desk, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    for n in (1, 2):
        desk.audit.record_view(desk.rita, uuid.UUID(int=n))
    window = make_window(desk.marc)
    window.session.audit_action.trigger()
    view = window.session.audit_view
    assert view is not None
    qtbot.waitUntil(lambda: view.model.rowCount() > 0 and view.staff_combo.count() > 2, timeout=3000)
    view.from_edit.setDate(QDate(2026, 11, 26))
    view.to_edit.setDate(QDate(2026, 11, 26))
    view.staff_combo.setCurrentIndex(view.staff_combo.findText("rita"))
    view.action_combo.setCurrentIndex(view.action_combo.findData("student.viewed"))
    with qtbot.waitSignal(view.results_loaded, timeout=3000) as loaded:
        qtbot.mouseClick(view.search_button, Qt.MouseButton.LeftButton)
    assert loaded.args == [2]
    model = view.model
    assert [model.index(r, model.STAFF).data() for r in range(2)] == ["rita", "rita"]
    assert model.index(0, model.TIME).data() == "2026-11-26 10:00:00"  # 15:00 UTC, Toronto time
    assert view.status_label.text() == "Events shown: 2"

    view.subject_edit.setText(str(uuid.UUID(int=2)))
    with qtbot.waitSignal(view.results_loaded, timeout=3000) as loaded:
        qtbot.keyClick(view.subject_edit, Qt.Key.Key_Return)
    assert loaded.args == [1]

    out = tmp_path / "audit.csv"
    with qtbot.waitSignal(view.exported, timeout=3000):
        view.export_to(out)
    with out.open(encoding="utf-8-sig", newline="") as handle:
        assert [r["subject_id"] for r in csv.DictReader(handle)] == [str(uuid.UUID(int=2))]

    with qtbot.waitSignal(view.verified, timeout=3000) as verified:
        qtbot.mouseClick(view.verify_button, Qt.MouseButton.LeftButton)
    assert verified.args[0].intact and view.status_label.text().startswith("Audit trail intact:")
    with desk.engine.begin() as conn:
        conn.execute(sa.text("UPDATE audit_events SET action = 'x.y' WHERE sequence = 3"))
    with qtbot.waitSignal(view.verified, timeout=3000):
        qtbot.mouseClick(view.verify_button, Qt.MouseButton.LeftButton)
    assert view.status_label.text().splitlines()[1].startswith("DESK2 #3: changed:")


def test_the_audit_view_is_not_offered_to_a_registrar(qtbot, make_window, desk: Desk) -> None:  # type: ignore[no-untyped-def]
    window = make_window(desk.rita)
    assert not window.session.audit_action.isVisible()
    window.session.audit_action.trigger()
    assert window.session.audit_view is None


def _all() -> AuditQuery:
    return AuditQuery()


def db_actions(desk: Desk) -> list[str]:
    with desk.engine.connect() as conn:
        return list(conn.scalars(sa.text("SELECT action FROM audit_events ORDER BY sequence")))



def test_the_audit_trail_gives_its_times_in_the_business_zone_in_the_readers_words(qapp) -> None:  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime

    from oncopos.domain.audit import AuditEntry
    from oncopos.ui.audit_view import AuditTableModel
    from oncopos.ui.i18n import ENGLISH, FRENCH, use_language

    entry = AuditEntry(at=datetime(2026, 12, 1, 18, 30, 5, tzinfo=UTC), workstation_id="DESK1", sequence=7,
                       staff_id=None, staff="rita", action="payment.succeeded", subject_type=None, subject_id=None,
                       subject="")
    model = AuditTableModel(ZoneInfo("America/Toronto"))
    model.set_rows([entry])
    assert model.display(entry, model.TIME) == "2026-12-01 13:30:05"
    assert use_language(FRENCH)
    assert model.tooltip(entry, model.TIME) == "1er décembre 2026 à 13 h 30"
    assert use_language(ENGLISH)
    assert model.tooltip(entry, model.TIME) == "December 1, 2026 at 1:30 p.m."
