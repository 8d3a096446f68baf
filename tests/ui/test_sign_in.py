"""Signing in, the first run and the manager override, on real widgets over a real staff service."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import Qt as QtGuiQt  # Qt::mightBeRichText is QtGui's

from oncopos.domain.access import Permission, Role
from oncopos.domain.staff import TRAINING_PASSWORD
from oncopos.ui.i18n import ENGLISH, FRENCH, use_language
from oncopos.ui.session.login import FirstAdminDialog, LoginDialog
from oncopos.ui.session.override import ManagerOverrideDialog
from tests.conftest import FixedClock

from .helpers import type_text
from .staff_desk import MARC_PW, RITA_PW, Desk, make_desk


@pytest.fixture
def desk(tmp_path: Path, clock: FixedClock) -> Iterator[Desk]:
    desk = make_desk(tmp_path, clock)
    yield desk
    desk.engine.dispose()


def login_dialog(qtbot, desk: Desk, db_executor, *, training: bool = False) -> LoginDialog:  # type: ignore[no-untyped-def]
    dialog = LoginDialog(desk.staff, db_executor, workstation_id="DESK2", business_name="OncoOne Education",
                         training=training)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def submit(qtbot, dialog, user: str, password: str) -> None:  # type: ignore[no-untyped-def]
    dialog.username_edit.clear()
    qtbot.keyClicks(dialog.username_edit, user)
    qtbot.keyClicks(dialog.password_edit, password)
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)


def test_a_wrong_password_says_so_and_the_right_one_signs_in(qtbot, desk: Desk, db_executor) -> None:  # type: ignore[no-untyped-def]
    dialog = login_dialog(qtbot, desk, db_executor)
    assert dialog.training_label is None, "ready-made accounts are never shown outside training"
    submit(qtbot, dialog, "rita", "not the password")
    qtbot.waitUntil(dialog.error_label.isVisible, timeout=3000)
    assert dialog.error_label.text() == "The user name or password is not right. Check both and try again."
    assert dialog.password_edit.text() == "" and dialog.password_edit.isEnabled()
    with qtbot.waitSignal(dialog.signed_in, timeout=3000) as signed:
        submit(qtbot, dialog, "Rita", RITA_PW)
    actor = signed.args[0]
    assert (actor.username, actor.role, actor.staff_id) == ("rita", Role.REGISTRAR, desk.rita.staff_id)
    assert dialog.result() == LoginDialog.DialogCode.Accepted


def test_empty_fields_are_caught_before_any_attempt(qtbot, desk: Desk, db_executor) -> None:  # type: ignore[no-untyped-def]
    dialog = login_dialog(qtbot, desk, db_executor)
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    assert dialog.error_label.text() == "Enter your user name and your password."
    assert db_executor.pending == 0


def test_training_shows_the_ready_made_accounts(qtbot, desk: Desk, db_executor) -> None:  # type: ignore[no-untyped-def]
    dialog = login_dialog(qtbot, desk, db_executor, training=True)
    assert dialog.training_label is not None and dialog.training_label.isVisible()
    text = dialog.training_label.text()
    assert all(name in text for name in ("<b>reg</b>", "<b>mgr</b>", "<b>admin</b>", TRAINING_PASSWORD))


@pytest.mark.parametrize("language", [ENGLISH, FRENCH])
def test_the_ready_made_accounts_are_shown_as_rich_text(qtbot, desk: Desk, db_executor, language: str) -> None:  # type: ignore[no-untyped-def]
    # The label's format is left automatic (setting it would cost the first paint PySide6's `Qt`
    # namespace): the text in each language must still be what Qt takes for rich text, tags not shown.
    assert use_language(language)
    dialog = login_dialog(qtbot, desk, db_executor, training=True)
    assert dialog.training_label is not None
    assert dialog.training_label.textFormat() == Qt.TextFormat.AutoText
    assert QtGuiQt.mightBeRichText(dialog.training_label.text())
    assert ("Comptes de formation" if language == FRENCH else "Training accounts") in dialog.training_label.text()


def test_the_password_field_gives_the_input_method_every_password_hint(qtbot, desk: Desk, db_executor) -> None:  # type: ignore[no-untyped-def]
    dialog = login_dialog(qtbot, desk, db_executor)
    hints = dialog.password_edit.inputMethodHints()
    for hint in (Qt.InputMethodHint.ImhHiddenText, Qt.InputMethodHint.ImhSensitiveData,
                 Qt.InputMethodHint.ImhNoPredictiveText, Qt.InputMethodHint.ImhNoAutoUppercase):
        assert hints & hint, hint


def test_first_run_creates_the_administrator(qtbot, tmp_path: Path, clock: FixedClock, db_executor) -> None:  # type: ignore[no-untyped-def]
    desk = make_desk(tmp_path, clock, with_staff=False)
    try:
        dialog = FirstAdminDialog(desk.staff, db_executor, workstation_id="DESK2")
        qtbot.addWidget(dialog)
        dialog.show()
        type_text(dialog.name_edit, "Adèle Tremblay")
        qtbot.keyClicks(dialog.username_edit, "adele")
        qtbot.keyClicks(dialog.password_edit, "short")
        qtbot.keyClicks(dialog.confirm_edit, "short")
        qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(dialog.error_label.isVisible, timeout=3000)
        assert "has 5 characters; use at least 12" in dialog.error_label.text()
        dialog.password_edit.clear()
        dialog.confirm_edit.clear()
        qtbot.keyClicks(dialog.password_edit, "a long enough passphrase")
        qtbot.keyClicks(dialog.confirm_edit, "a long enough passphrase")
        with qtbot.waitSignal(dialog.signed_in, timeout=3000) as signed:
            qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
        assert (signed.args[0].username, signed.args[0].role) == ("adele", Role.ADMIN)
        assert desk.staff.has_staff()
    finally:
        desk.engine.dispose()


def override_dialog(qtbot, desk: Desk, db_executor) -> ManagerOverrideDialog:  # type: ignore[no-untyped-def]
    dialog = ManagerOverrideDialog(desk.staff, db_executor, actor=desk.rita, permission=Permission.REFUND,
                                   action_text="refund $120.00")
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def fill_override(qtbot, dialog: ManagerOverrideDialog, user: str, password: str, reason: str) -> None:  # type: ignore[no-untyped-def]
    for edit in (dialog.manager_edit, dialog.password_edit, dialog.reason_edit):
        edit.clear()
    qtbot.keyClicks(dialog.manager_edit, user)
    qtbot.keyClicks(dialog.password_edit, password)
    qtbot.keyClicks(dialog.reason_edit, reason)
    qtbot.mouseClick(dialog.approve_button, Qt.MouseButton.LeftButton)


def test_override_refuses_a_registrar_then_a_manager_approves(qtbot, desk: Desk, db_executor) -> None:  # type: ignore[no-untyped-def]
    dialog = override_dialog(qtbot, desk, db_executor)
    assert "rita (Registrar) may not refund $120.00 alone" in dialog.intro_label.text()
    fill_override(qtbot, dialog, "rita", RITA_PW, "my own approval")
    qtbot.waitUntil(dialog.error_label.isVisible, timeout=3000)
    assert dialog.error_label.text().startswith("rita (registrar) cannot approve this")
    fill_override(qtbot, dialog, "marc", MARC_PW, "ok")
    qtbot.waitUntil(lambda: "why the override" in dialog.error_label.text(), timeout=3000)
    with qtbot.waitSignal(dialog.approved, timeout=3000) as approved:
        fill_override(qtbot, dialog, "marc", MARC_PW, "student withdrew in week one")
    actor = approved.args[0]
    assert actor.username == "rita" and actor.approved_by.username == "marc"
    assert actor.override_reason == "student withdrew in week one" and actor.can(Permission.REFUND)


def test_the_first_screen_is_the_first_run_dialog_until_someone_exists(  # type: ignore[no-untyped-def]
        qtbot, tmp_path: Path, clock: FixedClock, db_executor) -> None:
    from types import SimpleNamespace

    from oncopos.ui.app import sign_in_dialog

    desk = make_desk(tmp_path, clock, with_staff=False)
    try:
        settings = SimpleNamespace(training=False, workstation_id="DESK2", business_name="OncoOne Education")
        first = sign_in_dialog(desk.staff, settings, db_executor)  # without the assistant's services
        qtbot.addWidget(first)
        assert isinstance(first, FirstAdminDialog)
        desk.staff.create_first_admin("ada", "correct horse battery", "Ada Tremblay")
        later = sign_in_dialog(desk.staff, settings, db_executor)
        qtbot.addWidget(later)
        assert isinstance(later, LoginDialog) and later.training_label is None
    finally:
        desk.engine.dispose()
