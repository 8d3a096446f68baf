"""The whole window with a fake directory: what the registrar sees and can do from the keyboard."""

from __future__ import annotations

from datetime import UTC
from types import SimpleNamespace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

import oncopos
from oncopos.config import Settings
from oncopos.domain.access import Actor, Role
from oncopos.domain.errors import DatabaseUnavailable
from oncopos.domain.money import NBSP
from oncopos.ui.main_window import TRAINING_BANNER_TEXT, MainWindow

from .fakes import FakeStudentDirectory
from .helpers import type_text

REGISTRAR = Actor(None, "rita", Role.REGISTRAR, "DESK2")


def settings(**overrides: object) -> SimpleNamespace:
    values = {"training": False, "workstation_id": "DESK2", "business_name": "OncoOne Education", "locale": "en-CA",
              "tz": UTC}
    values.update(overrides)
    return SimpleNamespace(**values)


@pytest.fixture
def make_window(qtbot, directory: FakeStudentDirectory, db_executor):  # type: ignore[no-untyped-def]
    def make(**overrides: object) -> MainWindow:
        window = MainWindow(directory, settings(**overrides), actor=REGISTRAR, db_executor=db_executor)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.focusWidget() is not None, timeout=1000)
        return window

    return make


def open_student(qtbot, window: MainWindow, text: str) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.search_widget.search_completed, timeout=2000):
        type_text(window.search_widget.search_edit, text)
    with qtbot.waitSignal(window.enrollments_widget.enrollments_loaded, timeout=2000):
        qtbot.keyClick(window.search_widget.search_edit, Qt.Key.Key_Return)


def test_title_names_the_business_and_the_desk(make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    assert window.windowTitle() == "OncoPOS — OncoOne Education — DESK2"


def test_training_banner_is_visible_in_training(make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window(training=True)
    assert window.training_banner.isVisible()
    assert window.training_banner.text() == TRAINING_BANNER_TEXT
    assert "Training" in window.desk_label.text()


def test_no_training_banner_when_live(make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window(training=False)
    assert not window.training_banner.isVisible()
    assert "Live" in window.desk_label.text()


def test_the_real_settings_object_fits(qtbot, directory: FakeStudentDirectory, db_executor) -> None:  # type: ignore[no-untyped-def]
    real = Settings(training=True, workstation_id="FRONT-1", business_name="École OncoOne", locale="fr-CA")
    window = MainWindow(directory, real, actor=REGISTRAR, db_executor=db_executor)
    qtbot.addWidget(window)
    assert window.windowTitle() == "OncoPOS — École OncoOne — FRONT-1"
    assert not window.training_banner.isHidden()


def test_focus_starts_in_the_search_box_and_ctrl_f_returns_to_it(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    search_edit = window.search_widget.search_edit
    assert QApplication.focusWidget() is search_edit
    window.enrollments_widget.table_view.setFocus()
    assert QApplication.focusWidget() is window.enrollments_widget.table_view
    qtbot.keyClick(window.enrollments_widget.table_view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is search_edit


def test_selecting_a_student_shows_their_enrollments_with_formatted_money(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    open_student(qtbot, window, "bérubé")
    panel = window.enrollments_widget
    assert panel.name_label.text() == "Émilie Bérubé-Lévesque"
    assert panel.number_label.text() == "S2027-0001"
    assert panel.email_label.text() == "emilie.berube@example.ca"
    assert panel.phone_label.text() == "+1 514-555-0142"
    view_model = panel.table_view.model()
    rows = [[view_model.index(r, c).data() for c in range(8)] for r in range(view_model.rowCount())]
    assert rows == [
        ["ONC-210 Oncology Aesthetics Certificate", "2027-01-12 \u2013 2027-03-20, Montréal", "Active",
         "$4,850.00", "Exempt", "$4,850.00", "$1,000.00", "$3,850.00"],
        ["ONC-105 Scalp Care During Chemotherapy (workshop)", "2027-04-03, Toronto", "Completed",
         "$450.00", "$58.50", "$508.50", "$508.50", "$0.00"],
    ]
    assert panel.message_label.isHidden()
    assert window.statusBar().currentMessage() == "Émilie Bérubé-Lévesque: 2 enrollments"


def test_french_desk_formats_money_in_french(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window(locale="fr-CA")
    open_student(qtbot, window, "francois")
    model = window.enrollments_widget.model
    assert model.index(0, model.PRICE).data() == f"12{NBSP}345,50{NBSP}$"


def test_student_without_enrollments_says_so(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    open_student(qtbot, window, "sandhu")
    assert window.enrollments_widget.model.rowCount() == 0
    assert window.enrollments_widget.message_label.text() == "Amrit Sandhu has no enrollments yet."


def test_an_error_loading_enrollments_shows_the_message(
    qtbot, make_window, directory: FakeStudentDirectory  # type: ignore[no-untyped-def]
) -> None:
    window = make_window()
    with qtbot.waitSignal(window.search_widget.search_completed, timeout=2000):
        type_text(window.search_widget.search_edit, "emi")
    message = "The student database cannot be reached. Check the network and try again."
    directory.error = DatabaseUnavailable(message)
    with qtbot.waitSignal(window.enrollments_widget.loading_failed, timeout=2000):
        qtbot.keyClick(window.search_widget.search_edit, Qt.Key.Key_Return)
    assert window.enrollments_widget.error_label.isVisible()
    assert window.enrollments_widget.error_label.text() == message
    assert window.statusBar().currentMessage() == message


def test_about_names_the_version(make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    window.about_action.trigger()
    assert window.about_box is not None
    assert window.about_box.text() == f"OncoPOS {oncopos.__version__}"
    window.about_box.close()


def test_menus_and_quit(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    # A registrar sees no Manager menu (It holds only what managers may open).
    titles = [a.text() for a in window.menuBar().actions() if a.isVisible()]
    assert titles == ["&File", "&Edit", "&Help"]
    window.quit_action.trigger()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=1000)


def test_the_application_is_named_styled_and_shows_the_window(qtbot, qapp, directory: FakeStudentDirectory) -> None:  # type: ignore[no-untyped-def]
    # run_gui is show_main_window + app.exec(); exec() is left out because running (and
    # quitting) the shared test QApplication's main loop breaks the tests that follow.
    from oncopos.ui.app import show_window

    saved = (qapp.applicationName(), qapp.organizationName(), qapp.styleSheet(), qapp.font())
    try:
        window = show_window(qapp, MainWindow(directory, settings(training=True), actor=REGISTRAR))
        qtbot.addWidget(window)
        qtbot.waitExposed(window)
        assert window.windowTitle() == "OncoPOS — OncoOne Education — DESK2"
        assert window.training_banner.isVisible()
        assert (qapp.applicationName(), qapp.organizationName()) == ("OncoPOS", "OncoOne")
        assert "#trainingBanner" in qapp.styleSheet()
        assert not qapp.windowIcon().isNull()
        assert qapp.font().family() in ("DejaVu Sans", "Noto Sans", "Segoe UI", "Helvetica Neue", "Arial")
    finally:
        qapp.setApplicationName(saved[0])
        qapp.setOrganizationName(saved[1])
        qapp.setStyleSheet(saved[2])
        qapp.setFont(saved[3])


def test_the_shown_students_invoices_open_from_the_student_menu(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]

    from oncopos.ui.invoices.actions import InvoiceActions
    from oncopos.ui.invoices.history import InvoiceHistoryDialog

    from .test_invoice_history import FakeInvoices

    window = make_window()
    actions = InvoiceActions(window, FakeInvoices, UTC)
    actions.history_action.trigger()
    assert actions.dialog is None and "Select a student first" in window.statusBar().currentMessage()
    open_student(qtbot, window, "tremblay")
    student = window.enrollments_widget.student
    actions.history_action.trigger()
    assert isinstance(actions.dialog, InvoiceHistoryDialog)
    assert actions.dialog.windowTitle() == f"Invoices — {student.display_name}"
    actions.dialog.close()
