"""Administrators manage staff in the window; on a desk with a central database the window asks for
the acting administrator's own password, which the real central database (PostgreSQL) checks."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt

from oncopos.adapters.db.uow import SqlUnitOfWork
from oncopos.domain.access import Role
from oncopos.services.staff import StaffService
from oncopos.ui.main_window import MainWindow
from tests.conftest import FixedClock
from tests.integration.sync_helpers import make_desk
from tests.integration.test_staff_authority import ADA_PASSWORD, central_role

from .fakes import FakeStudentDirectory

NINA_PW = "Northern lights over Yukon"


@pytest.fixture
def central_window(qtbot, tmp_path: Path, pg_url: str, clock: FixedClock, db_executor,  # type: ignore[no-untyped-def]
                   directory: FakeStudentDirectory, settled):
    desk = make_desk(tmp_path, "DESK1", pg_url, clock)
    staff = StaffService(lambda: SqlUnitOfWork(desk.factory), workstation_id="DESK1", clock=clock)
    staff.central = desk.sync
    ada = staff.create_first_admin("ada", ADA_PASSWORD, "Ada Lovelace")
    settings = SimpleNamespace(training=False, workstation_id="DESK1", business_name="OncoOne", locale="en-CA",
                               tz=ZoneInfo("America/Toronto"))
    window = MainWindow(directory, settings, actor=ada, db_executor=db_executor, staff=staff)
    qtbot.addWidget(window)
    window.show()
    yield window, staff
    window.close()


def open_new_account_form(qtbot, window):  # type: ignore[no-untyped-def]
    session = window.session
    assert session.staff_accounts_action.isVisible()
    session.staff_accounts_action.trigger()
    view = session.staff_accounts_view
    qtbot.waitUntil(lambda: view.model.rowCount() == 1, timeout=5000)
    qtbot.mouseClick(view.new_button, Qt.MouseButton.LeftButton)
    form = view.account_dialog
    assert form is not None and form.isVisible()
    return view, form


def test_creating_an_account_asks_for_the_admins_password_which_the_central_database_checks(
        qtbot, central_window, pg_url: str) -> None:  # type: ignore[no-untyped-def]
    window, staff = central_window
    view, form = open_new_account_form(qtbot, window)
    assert form.admin_password_edit is not None and form.admin_password_edit.isVisible()
    qtbot.keyClicks(form.username_edit, "nina")
    qtbot.keyClicks(form.display_name_edit, "Nina Simone")
    form.role_box.setCurrentIndex(form.role_box.findData(Role.REGISTRAR))
    qtbot.keyClicks(form.password_edit, NINA_PW)
    qtbot.keyClick(form.password_edit, Qt.Key.Key_Return)
    assert "Type your own password" in form.message.text() and central_role(pg_url, "nina") is None

    qtbot.keyClicks(form.admin_password_edit, "not my password at all")
    qtbot.keyClick(form.admin_password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(form.message.isVisible, timeout=10_000)
    qtbot.waitUntil(form.save_button.isEnabled, timeout=10_000)
    assert central_role(pg_url, "nina") is None and form.isVisible()
    assert "Traceback" not in form.message.text()

    qtbot.keyClicks(form.username_edit, "")  # the form kept what was typed
    form.username_edit.setText("nina2")
    qtbot.keyClicks(form.admin_password_edit, ADA_PASSWORD)
    with qtbot.waitSignal(form.saved, timeout=10_000):
        qtbot.keyClick(form.admin_password_edit, Qt.Key.Key_Return)
    assert central_role(pg_url, "nina2") == "registrar"
    assert staff.sign_in("nina2", NINA_PW).username == "nina2"
    qtbot.waitUntil(lambda: view.model.rowCount() == 3, timeout=5000)  # ada, the refused nina (inactive), nina2
    assert "created" in view.message.text()


def test_a_password_reset_in_the_window_reaches_the_central_database(qtbot, central_window, pg_url: str) -> None:  # type: ignore[no-untyped-def]
    window, staff = central_window
    staff.create_staff(window.actor, "nina", NINA_PW, Role.REGISTRAR, "Nina Simone", admin_password=ADA_PASSWORD)
    window.session.staff_accounts_action.trigger()
    view = window.session.staff_accounts_view
    qtbot.waitUntil(lambda: view.model.rowCount() == 2, timeout=5000)
    row = next(r for r in range(2) if view.model.row_at(r).username == "nina")
    view.table.selectRow(row)
    qtbot.mouseClick(view.reset_button, Qt.MouseButton.LeftButton)
    form = view.account_dialog
    qtbot.keyClicks(form.password_edit, "Brand new evening password")
    qtbot.keyClicks(form.admin_password_edit, ADA_PASSWORD)
    with qtbot.waitSignal(form.saved, timeout=10_000):
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert staff.sign_in("nina", "Brand new evening password").username == "nina"
